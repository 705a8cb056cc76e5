# Kiln inspection helper.
#
# Run as `MIX_ENV=prod elixir kiln-inspect.exs PROJECT_DIR`. Loads the project
# through Mix itself and answers with one JSON document (Kiln.Helper.result),
# so whatever mix.exs prints on its own cannot be mistaken for it. The engine
# puts kiln-helper.exs (the protocol) and kiln-json.exs (the encoder: OTP 25
# has no JSON module) in front of this file.

defmodule KilnInspect do
  @moduledoc false
  alias Kiln.JSON

  def main([dir]) do
    dir = Path.expand(dir)

    unless File.regular?(Path.join(dir, "mix.exs")) do
      Kiln.Helper.fail(:project, "#{dir} has no mix.exs")
    end

    Kiln.Helper.in_project(:kiln_inspected_project, dir, fn _module -> project_json(dir) end)
    |> Kiln.Helper.result()
  end

  def main(_), do: Kiln.Helper.fail(:usage, "usage: elixir kiln-inspect.exs PROJECT_DIR")

  defp project_json(dir) do
    config = Mix.Project.config()
    umbrella? = Mix.Project.umbrella?(config)
    children = if umbrella?, do: children(dir, config), else: []
    deps = unique_deps(deps(config[:deps]) ++ Enum.flat_map(children, & &1.deps))

    IO.iodata_to_binary(
      JSON.object([
        {"kiln_inspect_version", "1"},
        {"umbrella", JSON.bool(umbrella?)},
        {"app", JSON.string_or_null(config[:app])},
        {"version", version(config[:version])},
        {"apps", JSON.array(Enum.map(children, &child_json/1))},
        {"default_release", JSON.string_or_null(config[:default_release])},
        {"releases", JSON.array(releases(config[:releases]))},
        {"deps", JSON.array(for {name, scm} <- deps, do: JSON.object([{"name", JSON.string(name)}, {"scm", JSON.string(scm)}]))},
        {"elixir_requirement", version(config[:elixir])},
        {"phoenix", KilnInspectPhoenix.json(dir, config, Enum.map(deps, &elem(&1, 0)))},
        {"elixir_version", JSON.string(System.version())},
        {"elixir_requirement_met", JSON.bool(elixir_requirement_met?(config[:elixir]))}
      ])
    )
  end

  defp version(value) when is_binary(value) do
    if String.valid?(value), do: JSON.string(value), else: "null"
  end

  defp version(_), do: "null"

  # Asked of the Elixir that builds: a requirement Version cannot read is
  # Mix's to report, not a mismatch.
  defp elixir_requirement_met?(requirement) when is_binary(requirement) do
    case Version.parse_requirement(requirement) do
      {:ok, parsed} -> Version.match?(System.version(), parsed)
      :error -> true
    end
  end

  defp elixir_requirement_met?(_), do: true

  defp children(dir, config) do
    for {app, path} <- Enum.sort(Mix.Project.apps_paths(config)) do
      child_config =
        Mix.Project.in_project(app, Path.expand(path, dir), fn _module -> Mix.Project.config() end)

      %{name: Atom.to_string(app), version: child_config[:version], path: path, deps: deps(child_config[:deps])}
    end
  end

  defp child_json(child) do
    JSON.object([
      {"name", JSON.string(child.name)},
      {"version", version(child.version)},
      {"path", JSON.string(child.path)}
    ])
  end

  # Only the deps this MIX_ENV needs: only: [:dev, :test] ones are not.
  defp deps(deps) when is_list(deps), do: deps |> Enum.filter(&for_env?/1) |> Enum.flat_map(&dep/1)
  defp deps(_), do: []

  defp dep({name, opts}) when is_atom(name) and is_list(opts), do: [{Atom.to_string(name), scm(opts)}]
  defp dep({name, _requirement}) when is_atom(name), do: [{Atom.to_string(name), "hex"}]
  defp dep({name, _requirement, opts}) when is_atom(name) and is_list(opts), do: [{Atom.to_string(name), scm(opts)}]
  defp dep(_), do: []

  defp for_env?(dep) when is_tuple(dep) do
    opts = dep |> Tuple.to_list() |> Enum.find([], &is_list/1)
    only = if Keyword.keyword?(opts), do: opts[:only], else: nil
    only == nil or Mix.env() in List.wrap(only)
  end

  defp for_env?(_), do: true

  defp scm(opts) do
    opts = if Keyword.keyword?(opts), do: opts, else: []

    cond do
      opts[:in_umbrella] -> "in_umbrella"
      opts[:path] -> "path"
      opts[:git] || opts[:github] -> "git"
      opts[:scm] -> "other"
      true -> "hex"
    end
  end

  defp unique_deps(deps), do: Enum.uniq_by(deps, fn {name, _scm} -> name end)

  defp releases(releases) when is_list(releases) do
    for {name, options} <- releases, is_atom(name) do
      options = if is_function(options, 0), do: options.(), else: options
      options = if is_list(options), do: options, else: []

      JSON.object([
        {"name", JSON.string(Atom.to_string(name))},
        {"options", JSON.array(for {key, value} <- options, is_atom(key), do: option(key, value))}
      ])
    end
  end

  defp releases(_), do: []

  defp option(key, value) do
    JSON.object([
      {"key", JSON.string(Atom.to_string(key))},
      {"value", JSON.term(value)},
      {"code", JSON.string(JSON.inspect_code(value))},
      {"code_valid", JSON.bool(JSON.code_valid?(value))}
    ])
  end
end

defmodule KilnInspectPhoenix do
  @moduledoc false
  # Phoenix, as Kiln sees it: a :phoenix dependency, or an endpoint
  # configured in config/config.exs (`config :app, AppWeb.Endpoint, …`), so a
  # project is recognised before its deps are fetched. Files are read with
  # Elixir's parser, never evaluated.
  alias Kiln.JSON

  def json(dir, config, dep_names) do
    endpoint = endpoint(dir)
    phoenix? = "phoenix" in dep_names or endpoint != nil

    JSON.object([
      {"detected", JSON.bool(phoenix?)},
      {"endpoint", JSON.string_or_null(endpoint)},
      {"assets", JSON.string_or_null(assets(dir, config, phoenix?))},
      {"server_script", JSON.bool(File.regular?(Path.join(dir, "rel/overlays/bin/server")))},
      {"ecto", JSON.bool("ecto_sql" in dep_names)},
      {"runtime_env", JSON.array(Enum.map(runtime_env(dir), &JSON.string/1))}
    ])
  end

  defp quoted(path) do
    with {:ok, source} <- File.read(path),
         true <- String.valid?(source),
         {:ok, ast} <- Code.string_to_quoted(source) do
      ast
    else
      _ -> nil
    end
  end

  defp endpoint(dir) do
    dir
    |> Path.join("config/config.exs")
    |> quoted()
    |> collect(fn
      {:config, _, [app, {:__aliases__, _, parts} | _]} when is_atom(app) and is_list(parts) ->
        if List.last(parts) == :Endpoint, do: Enum.map_join(parts, ".", &Atom.to_string/1)

      _ ->
        nil
    end)
    |> List.first()
  end

  defp assets(dir, config, phoenix?) do
    aliases = if Keyword.keyword?(config[:aliases] || []), do: config[:aliases] || [], else: []

    cond do
      not phoenix? -> nil
      Keyword.has_key?(aliases, :"assets.deploy") -> "assets.deploy"
      File.dir?(Path.join(dir, "priv/static")) -> "phx.digest"
      true -> nil
    end
  end

  @env_functions [:get_env, :fetch_env, :fetch_env!]

  defp runtime_env(dir) do
    dir
    |> Path.join("config/runtime.exs")
    |> quoted()
    |> collect(fn
      {{:., _, [{:__aliases__, _, [:System]}, fun]}, _, [name | _]}
      when fun in @env_functions and is_binary(name) ->
        # Only names a shell could set: nothing else reaches a terminal.
        if name =~ ~r/\A[A-Za-z_][A-Za-z0-9_]*\z/, do: name

      _ ->
        nil
    end)
    |> Enum.uniq()
  end

  defp collect(nil, _fun), do: []

  defp collect(ast, fun) do
    {_, found} =
      Macro.prewalk(ast, [], fn node, acc ->
        case fun.(node) do
          nil -> {node, acc}
          value -> {node, [value | acc]}
        end
      end)

    Enum.reverse(found)
  end
end

KilnInspect.main(System.argv())
