# Kiln Distillery reader.
#
# Run as `MIX_ENV=prod elixir kiln-distillery.exs PROJECT_DIR CONFIG RELEASE ENV`
# (RELEASE may be "" for Distillery's default). rel/config.exs is Elixir code,
# so it is evaluated, inside the project (Mix.Project.in_project), with
# stand-ins for Distillery's macros that record every `set` and `plugin`.
# Each value is evaluated on its own so one that cannot be computed here is
# reported with its source instead of losing the rest. Answers with one JSON
# document (Kiln.Helper.result); fails with :project when the project or the
# config cannot be read.

# What a variable of rel/config.exs holds when the expression assigned to it
# cannot be computed here (say `:code.priv_dir(:conform)` with the dep not
# compiled): the settings that use it are reported, the rest still recorded.
defmodule KilnDistillery.Unevaluated do
  @moduledoc false
  defexception [:message]

  # A KeyError quotes the map it looked in: for System.get_env() that is the
  # whole environment of the machine, secrets included.
  def describe(%KeyError{key: key}), do: "key #{inspect(key)} not found"
  def describe(error), do: error |> Exception.message() |> String.slice(0, 500)

  def defer_assignments(ast) do
    Macro.prewalk(ast, fn
      {:=, meta, [{var, _, ctx} = lhs, rhs]} when is_atom(var) and is_atom(ctx) ->
        {:=, meta, [lhs, quote(do: KilnDistillery.Unevaluated.compute(fn -> unquote(rhs) end))]}

      node ->
        node
    end)
  end

  def compute(fun) do
    fun.()
  rescue
    error -> %__MODULE__{message: describe(error)}
  catch
    kind, reason -> %__MODULE__{message: Exception.format_banner(kind, reason)}
  end
end

defmodule KilnDistillery.Recorder do
  @moduledoc false

  def reset do
    Process.put(:kiln_scope, nil)
    Process.put(:kiln_scopes, [])
    Process.put(:kiln_stray, [])
  end

  def scopes, do: Enum.reverse(Process.get(:kiln_scopes))
  def stray, do: Enum.reverse(Process.get(:kiln_stray))

  def enter(kind, name, line) do
    Process.put(:kiln_scope, %{kind: kind, name: name, line: line, settings: [], plugins: []})
  end

  def leave do
    scope = Process.get(:kiln_scope)
    scope = %{scope | settings: Enum.reverse(scope.settings), plugins: Enum.reverse(scope.plugins)}
    Process.put(:kiln_scopes, [scope | Process.get(:kiln_scopes)])
    Process.put(:kiln_scope, nil)
  end

  def set(key, fun, source, line, current_version_app, env_vars \\ []) do
    entry =
      try do
        value = fun.()
        if match?(%KilnDistillery.Unevaluated{}, value), do: raise(value.message)
        %{key: key, ok: true, value: value, source: source, line: line, current_version: current_version_app}
      rescue
        error ->
          %{key: key, ok: false, error: KilnDistillery.Unevaluated.describe(error), source: source, line: line,
            current_version: current_version_app}
      catch
        kind, reason ->
          %{key: key, ok: false, error: Exception.format_banner(kind, reason), source: source,
            line: line, current_version: current_version_app}
      end

    add(:settings, Map.put(entry, :env_vars, env_vars))
  end

  def plugin(module, source, line) do
    callbacks =
      if is_atom(module) and Code.ensure_loaded?(module) do
        for {name, arity} <- [before_assembly: 2, after_assembly: 2, before_package: 2, after_package: 2,
                              after_cleanup: 2],
            function_exported?(module, name, arity), do: Atom.to_string(name)
      else
        []
      end

    add(:plugins, %{module: module, source: source, line: line, callbacks: callbacks})
  end

  defp add(field, entry) do
    case Process.get(:kiln_scope) do
      nil -> Process.put(:kiln_stray, [Map.put(entry, :field, field) | Process.get(:kiln_stray)])
      scope -> Process.put(:kiln_scope, Map.update!(scope, field, &[entry | &1]))
    end
  end
end

# Names of the environment variables a `set` value reads, directly or through
# a variable assigned earlier in rel/config.exs.
defmodule KilnDistillery.EnvVars do
  @moduledoc false

  def scan_file(path) do
    with {:ok, text} <- File.read(path),
         {:ok, ast} <- Code.string_to_quoted(text) do
      {_, vars} =
        Macro.prewalk(ast, %{}, fn
          {:=, _, [{var, _, ctx}, rhs]} = node, acc when is_atom(var) and is_atom(ctx) ->
            {node, Map.put(acc, var, direct(rhs, acc))}

          node, acc ->
            {node, acc}
        end)

      Process.put(:kiln_env_var_bindings, vars)
    end

    :ok
  end

  def of(expr), do: direct(expr, Process.get(:kiln_env_var_bindings, %{}))

  defp direct(expr, vars) do
    {_, names} =
      Macro.prewalk(expr, [], fn
        {{:., _, [{:__aliases__, _, [:System]}, fun]}, _, [name | _]} = node, acc
        when fun in [:get_env, :fetch_env, :fetch_env!] and is_binary(name) ->
          {node, [name | acc]}

        {var, _, ctx} = node, acc when is_atom(var) and is_atom(ctx) ->
          {node, Enum.reverse(Map.get(vars, var, [])) ++ acc}

        node, acc ->
          {node, acc}
      end)

    names |> Enum.reverse() |> Enum.uniq()
  end
end

defmodule KilnDistillery.Stub do
  @moduledoc false

  defmacro __using__(opts) do
    quote do
      Process.put(:kiln_use_options, unquote(opts))
      import KilnDistillery.Stub, only: [environment: 2, release: 2, set: 1, plugin: 1, plugin: 2,
                                         current_version: 1]
    end
  end

  defmacro environment(name, do: block), do: scope(:environment, name, block, __CALLER__)
  defmacro release(name, do: block), do: scope(:release, name, block, __CALLER__)

  defp scope(kind, name, block, caller) do
    quote do
      KilnDistillery.Recorder.enter(unquote(kind), unquote(name), unquote(caller.line))
      unquote(block)
      KilnDistillery.Recorder.leave()
    end
  end

  defmacro set(settings) when is_list(settings) do
    for {key, expr} <- settings do
      app =
        case expr do
          {:current_version, _, [app]} when is_atom(app) -> Atom.to_string(app)
          _ -> nil
        end

      env_vars = KilnDistillery.EnvVars.of(expr)

      quote do
        KilnDistillery.Recorder.set(unquote(key), fn -> unquote(expr) end,
          unquote(Macro.to_string(expr)), unquote(__CALLER__.line), unquote(app), unquote(env_vars))
      end
    end
    |> then(&{:__block__, [], &1})
  end

  # `set opts` with a keyword list built elsewhere in the file.
  defmacro set(settings) do
    quote do
      for {key, value} <- unquote(settings) do
        KilnDistillery.Recorder.set(key, fn -> value end, inspect(value), unquote(__CALLER__.line), nil)
      end
    end
  end

  defmacro plugin(module, _opts \\ []) do
    quote do
      KilnDistillery.Recorder.plugin(unquote(module), unquote(Macro.to_string(module)),
        unquote(__CALLER__.line))
    end
  end

  def current_version(app) do
    case Process.get(:kiln_app_versions, %{})[app] do
      nil ->
        Application.load(app)

        case Application.spec(app, :vsn) do
          nil -> raise "the version of #{inspect(app)} is unknown: it is not an application of this project"
          vsn -> List.to_string(vsn)
        end

      version ->
        version
    end
  end
end

defmodule Distillery.Releases.Config do
  @moduledoc false
  defmacro __using__(opts), do: quote(do: use(KilnDistillery.Stub, unquote(opts)))
end

defmodule Mix.Releases.Config do
  @moduledoc false
  defmacro __using__(opts), do: quote(do: use(KilnDistillery.Stub, unquote(opts)))
end

# Plugins and rel/config.exs match on Distillery's structs; these stand-ins
# carry the fields Distillery 2.x and 1.x give them.
profile_fields = [output_dir: nil, vm_args: nil, cookie: nil, config: nil, sys_config: nil,
                  executable: [enabled: false, transient: false], erl_opts: "", run_erl_env: "",
                  dev_mode: false, include_erts: true, include_src: false, include_system_libs: true,
                  included_configs: [], config_providers: [], appup_transforms: [], strip_debug_info: false,
                  plugins: [], overlay_vars: [], overlays: [], overrides: [], commands: [],
                  pre_configure_hooks: nil, post_configure_hooks: nil, pre_start_hooks: nil,
                  post_start_hooks: nil, pre_stop_hooks: nil, post_stop_hooks: nil,
                  pre_upgrade_hooks: nil, post_upgrade_hooks: nil]
release_fields = [name: nil, version: "0.1.0", applications: [:elixir, :iex, :sasl], output_dir: nil,
                  is_upgrade: false, upgrade_from: :latest, resolved_overlays: [], profile: nil,
                  env: nil, name_version: nil]

for {module, fields} <- [{Distillery.Releases.Profile, profile_fields}, {Mix.Releases.Profile, profile_fields},
                         {Distillery.Releases.Environment, [name: :default, profile: nil]},
                         {Mix.Releases.Environment, [name: :default, profile: nil]},
                         {Distillery.Releases.Release, release_fields}, {Distillery.Release, release_fields},
                         {Mix.Releases.Release, release_fields}] do
  defmodule module do
    @moduledoc false
    defstruct fields
  end
end

# Plugin callbacks never run here (what they did at build time is reported).
for plugin_module <- [Distillery.Releases.Plugin, Mix.Releases.Plugin] do
  defmodule plugin_module do
    @moduledoc false
    @callback before_assembly(term(), term()) :: term()
    @callback after_assembly(term(), term()) :: term()
    @callback before_package(term(), term()) :: term()
    @callback after_package(term(), term()) :: term()
    @callback after_cleanup(term(), term()) :: term()
    @optional_callbacks before_assembly: 2, after_assembly: 2, before_package: 2, after_package: 2,
                        after_cleanup: 2

    defmacro __using__(_opts) do
      quote do
        @behaviour unquote(__MODULE__)
        import unquote(__MODULE__), only: [info: 1, debug: 1, warn: 1, notice: 1, success: 1, error: 1],
          warn: false
        alias Distillery.Releases.Release, warn: false
        alias Distillery.Releases.Profile, warn: false
      end
    end

    def info(_message), do: :ok
    def debug(_message), do: :ok
    def warn(_message), do: :ok
    def notice(_message), do: :ok
    def success(_message), do: :ok
    def error(_message), do: :ok
  end
end

defmodule KilnDistillery do
  @moduledoc false
  alias Kiln.JSON
  alias KilnDistillery.Recorder

  def main([dir, config, release, env]) do
    dir = Path.expand(dir)
    config = Path.expand(config, dir)

    Kiln.Helper.in_project(:kiln_distillery_project, dir, fn _module -> read(dir, config, release, env) end)
    |> Kiln.Helper.result()
  end

  # `--render DIR NAME VERSION FILE…`: renders each generated rel/*.eex with
  # Mix's EEx and the one assign mix release gives its templates.
  def main(["--render", dir, name, version | files]) do
    Kiln.Helper.in_project(:kiln_distillery_project, Path.expand(dir), fn _module ->
      release = mix_release(name, version, Path.expand(dir))

      JSON.array(
        for file <- files do
          case render_template(file, release) do
            :ok -> JSON.object([{"file", JSON.string(file)}, {"error", "null"}])
            {:error, message} -> JSON.object([{"file", JSON.string(file)}, {"error", JSON.string(message)}])
          end
        end
      )
      |> IO.iodata_to_binary()
    end)
    |> Kiln.Helper.result()
  end

  def main(_), do: Kiln.Helper.fail(:usage, "usage: elixir kiln-distillery.exs PROJECT_DIR CONFIG RELEASE ENV")

  defp read(dir, config_path, release, env) do
    project = Mix.Project.config()
    versions = app_versions(project)
    Process.put(:kiln_app_versions, versions)
    add_compiled_code_paths(project, dir)
    Recorder.reset()
    KilnDistillery.EnvVars.scan_file(config_path)
    plugin_errors = load_plugins(dir)

    evaluation =
      try do
        ast = config_path |> File.read!() |> Code.string_to_quoted!(file: config_path)
        File.cd!(dir, fn -> Code.eval_quoted(KilnDistillery.Unevaluated.defer_assignments(ast), [], file: config_path) end)
        nil
      rescue
        error -> Exception.message(error)
      catch
        kind, reason -> Exception.format_banner(kind, reason)
      end

    use_options = Process.get(:kiln_use_options, [])
    scopes = Recorder.scopes()

    IO.iodata_to_binary(
      JSON.object([
        {"kiln_distillery_version", "1"},
        {"error", if(evaluation, do: JSON.string(evaluation), else: "null")},
        {"distillery", JSON.bool(Process.get(:kiln_use_options) != nil)},
        {"default_release", JSON.string_or_null(safe_option(use_options, :default_release))},
        {"default_environment", JSON.string_or_null(safe_option(use_options, :default_environment))},
        {"project_app", JSON.string_or_null(project[:app])},
        {"project_version", JSON.string_or_null(project[:version])},
        {"umbrella", JSON.bool(Mix.Project.umbrella?(project))},
        {"distillery_dep", JSON.bool(distillery_dep?(project[:deps]))},
        {"environments", JSON.array(for s <- scopes, s.kind == :environment, do: scope_json(s))},
        {"releases", JSON.array(for s <- scopes, s.kind == :release, do: scope_json(s))},
        {"stray", JSON.array(Enum.map(Recorder.stray(), &stray_json/1))},
        {"plugin_errors", JSON.array(for {file, message} <- plugin_errors,
                                       do: JSON.object([{"file", JSON.string(file)}, {"error", JSON.string(message)}]))},
        {"rendered", render_selected(scopes, use_options, release, env, dir)}
      ])
    )
  end

  # Distillery compiles rel/plugins/*.exs before it reads rel/config.exs.
  defp load_plugins(dir) do
    for file <- Path.wildcard(Path.join([dir, "rel", "plugins", "*.exs"])),
        message = load_plugin(file),
        do: {Path.relative_to(file, dir), message}
  end

  defp load_plugin(file) do
    Code.compiler_options(ignore_module_conflict: true)
    Code.require_file(file)
    nil
  rescue
    error -> Exception.message(error)
  catch
    kind, reason -> Exception.format_banner(kind, reason)
  end

  defp mix_release(name, version, dir) do
    name = String.to_atom(name)
    path = Path.join([dir, "_build", to_string(Mix.env()), "rel", to_string(name)])

    %Mix.Release{
      name: name,
      version: version,
      path: path,
      version_path: Path.join([path, "releases", version]),
      applications: %{},
      boot_scripts: %{start: [], start_clean: []},
      erts_source: nil,
      erts_version: :erlang.system_info(:version),
      config_providers: [],
      options: [],
      overlays: [],
      steps: [:assemble]
    }
  end

  defp render_template(file, release) do
    EEx.eval_file(file, [assigns: [release: release]], trim: false)
    :ok
  rescue
    error -> {:error, Exception.message(error) |> String.replace(file, Path.basename(file))}
  catch
    kind, reason -> {:error, Exception.format_banner(kind, reason)}
  end

  defp distillery_dep?(deps) when is_list(deps),
    do: Enum.any?(deps, &(is_tuple(&1) and elem(&1, 0) == :distillery))

  defp distillery_dep?(_), do: false

  defp safe_option(options, key) when is_list(options), do: Keyword.get(options, key)
  defp safe_option(_, _), do: nil

  defp app_versions(project) do
    own = if project[:app], do: %{project[:app] => project[:version]}, else: %{}

    if Mix.Project.umbrella?(project) do
      for {app, path} <- Mix.Project.apps_paths(project), into: own do
        version =
          try do
            Mix.Project.in_project(app, path, fn _ -> Mix.Project.config()[:version] end)
          rescue
            _ -> nil
          end

        {app, version}
      end
      |> Enum.reject(fn {_, v} -> is_nil(v) end)
      |> Map.new()
    else
      own
    end
  end

  # Configs that call the project's own modules work once it is compiled;
  # compiling here would write into the project, so only existing builds count.
  defp add_compiled_code_paths(project, dir) do
    build = Path.expand(project[:build_path] || "_build", dir)

    for env <- Enum.uniq([to_string(Mix.env()), "prod", "dev"]),
        ebin <- Path.wildcard(Path.join([build, env, "lib", "*", "ebin"])) do
      Code.append_path(ebin)
    end
  end

  defp scope_json(scope) do
    JSON.object([
      {"name", name_json(scope.name)},
      {"line", Integer.to_string(scope.line)},
      {"settings", JSON.array(Enum.map(scope.settings, &setting_json/1))},
      {"plugins", JSON.array(Enum.map(scope.plugins, &plugin_json/1))}
    ])
  end

  defp name_json(name) when is_atom(name) or is_binary(name), do: JSON.string(to_string(name))
  defp name_json(name), do: JSON.string(inspect(name))

  defp setting_json(%{ok: true} = s) do
    JSON.object([
      {"key", JSON.string(Atom.to_string(s.key))},
      {"ok", "true"},
      {"value", JSON.term(s.value)},
      {"code", JSON.string(JSON.inspect_code(s.value))},
      {"source", JSON.string(s.source)},
      {"line", Integer.to_string(s.line)},
      {"current_version", JSON.string_or_null(s.current_version)},
      {"env_vars", JSON.array(Enum.map(s.env_vars, &JSON.string/1))}
    ])
  end

  defp setting_json(s) do
    JSON.object([
      {"key", JSON.string(Atom.to_string(s.key))},
      {"ok", "false"},
      {"error", JSON.string(s.error)},
      {"source", JSON.string(s.source)},
      {"line", Integer.to_string(s.line)},
      {"current_version", JSON.string_or_null(s.current_version)},
      {"env_vars", JSON.array(Enum.map(s.env_vars, &JSON.string/1))}
    ])
  end

  defp plugin_json(p) do
    JSON.object([
      {"module", JSON.string(p.source)},
      {"line", Integer.to_string(p.line)},
      {"callbacks", JSON.array(Enum.map(p.callbacks, &JSON.string/1))}
    ])
  end

  defp stray_json(%{field: :plugins} = p), do: plugin_json(p)
  defp stray_json(s), do: setting_json(s)

  # Overlay paths, templates and vm.args are EEx with Distillery's overlay
  # variables; they can only be rendered for one release and environment.
  defp render_selected(scopes, use_options, release, env, dir) do
    releases = for s <- scopes, s.kind == :release, do: s
    release_name = pick_release(releases, release, safe_option(use_options, :default_release))
    env_name = if env == "", do: pick_environment(scopes, safe_option(use_options, :default_environment)), else: env
    release_scope = Enum.find(releases, &(to_string(&1.name) == release_name))
    env_scope = Enum.find(scopes, &(&1.kind == :environment and to_string(&1.name) == env_name))

    if release_scope == nil do
      JSON.object([{"release", "null"}, {"environment", JSON.string(env_name)}])
    else
      settings = merged(release_scope, env_scope)
      version = Map.get(settings, :version, "0.0.0")
      output_dir = Map.get(settings, :output_dir, Path.join(["_build", to_string(Mix.env()), "rel", release_name]))
      overlay_vars = Map.get(settings, :overlay_vars, [])

      profile = struct(Distillery.Releases.Profile, Map.to_list(settings) |> Keyword.put(:output_dir, output_dir))
      release = %Distillery.Releases.Release{name: String.to_atom(release_name), version: version,
                                             output_dir: output_dir, profile: profile,
                                             applications: Map.get(settings, :applications, [])}

      bindings =
        [release: release, release_name: release_name, release_version: version,
         erts_vsn: to_string(:erlang.system_info(:version)), output_dir: output_dir,
         is_upgrade: false, upgrade_from: :latest, dev_mode: Map.get(settings, :dev_mode, false),
         include_erts: Map.get(settings, :include_erts, true), include_src: Map.get(settings, :include_src, false),
         include_system_libs: Map.get(settings, :include_system_libs, true),
         erl_opts: Map.get(settings, :erl_opts, ""), run_erl_env: Map.get(settings, :run_erl_env, "")] ++
          if(Keyword.keyword?(overlay_vars), do: overlay_vars, else: [])

      overlays = Map.get(settings, :overlays, [])
      overlays = if is_list(overlays), do: overlays, else: []

      JSON.object([
        {"release", JSON.string(release_name)},
        {"environment", JSON.string(env_name)},
        {"overlays", JSON.array(Enum.map(overlays, &overlay_json(&1, bindings, dir)))},
        {"vm_args", vm_args_json(Map.get(settings, :vm_args), dir)}
      ])
    end
  end

  # Distillery builds default_environment, even one the file does not define
  # (only the release's own settings then apply, and the report says so).
  # Left :default, it is the environment of that name, else prod, else the
  # first one.
  defp pick_environment(scopes, default) when default not in [nil, :default], do: to_string(default)

  defp pick_environment(scopes, _default) do
    defined = for s <- scopes, s.kind == :environment, do: to_string(s.name)
    Enum.find(["default", "prod" | Enum.take(defined, 1)], "prod", &(&1 in defined))
  end

  # A default_release that names no release falls back to the first one, as
  # :default does; the report says so.
  defp pick_release(releases, "", default) when default not in [nil, :default] do
    if Enum.any?(releases, &(to_string(&1.name) == to_string(default))),
      do: to_string(default),
      else: pick_release(releases, "", nil)
  end

  defp pick_release(releases, "", _default) do
    case releases do
      [first | _] -> to_string(first.name)
      [] -> ""
    end
  end

  defp pick_release(_releases, name, _default), do: name

  defp merged(release_scope, env_scope) do
    scopes = [release_scope | List.wrap(env_scope)]

    for scope <- scopes, %{ok: true} = s <- scope.settings, into: %{} do
      {s.key, s.value}
    end
  end

  defp overlay_json(overlay, bindings, dir) do
    case overlay do
      {:template, src, dest} ->
        rendered =
          with {:ok, src_path} <- render(src, bindings),
               {:ok, dest_path} <- render(dest, bindings),
               {:ok, text} <- render_file(Path.expand(src_path, dir), bindings) do
            [{"source", JSON.string(src_path)}, {"destination", JSON.string(dest_path)},
             {"text", JSON.string(text)}]
          else
            {:error, message} -> [{"error", JSON.string(message)}]
          end

        JSON.object([{"kind", JSON.string("template")}, {"code", JSON.string(inspect(overlay))} | rendered])

      {kind, a, b} when kind in [:copy, :link] ->
        JSON.object([{"kind", JSON.string(Atom.to_string(kind))}, {"code", JSON.string(inspect(overlay))} |
                     paths_json([a, b], ["source", "destination"], bindings)])

      {:mkdir, a} ->
        JSON.object([{"kind", JSON.string("mkdir")}, {"code", JSON.string(inspect(overlay))} |
                     paths_json([a], ["destination"], bindings)])

      other ->
        JSON.object([{"kind", JSON.string("unknown")}, {"code", JSON.string(inspect(other))}])
    end
  end

  defp paths_json(paths, names, bindings) do
    rendered = Enum.map(paths, &render(&1, bindings))

    case Enum.find(rendered, &match?({:error, _}, &1)) do
      {:error, message} -> [{"error", JSON.string(message)}]
      nil -> Enum.zip(names, Enum.map(rendered, fn {:ok, p} -> JSON.string(p) end))
    end
  end

  defp render(text, bindings) when is_binary(text) do
    {:ok, EEx.eval_string(text, bindings)}
  rescue
    error -> {:error, "#{inspect(text)}: #{Exception.message(error)}"}
  end

  defp render(text, _), do: {:error, "#{inspect(text)} is not a path string"}

  defp render_file(path, bindings) do
    {:ok, EEx.eval_file(path, bindings)}
  rescue
    error -> {:error, Exception.message(error)}
  end

  defp vm_args_json(path, dir) when is_binary(path) do
    case File.read(Path.expand(path, dir)) do
      {:ok, text} -> JSON.object([{"path", JSON.string(path)}, {"text", JSON.string(text)}])
      {:error, reason} -> JSON.object([{"path", JSON.string(path)}, {"error", JSON.string(:file.format_error(reason) |> to_string())}])
    end
  end

  defp vm_args_json(_, _), do: "null"
end

KilnDistillery.main(System.argv())
