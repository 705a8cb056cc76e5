# Kiln release helper: builds one release of a Mix project with the options
# Kiln gives it, without touching mix.exs. One BEAM does every step, so a
# build costs what `mix release` costs. No defmodule here on purpose:
# compiling a module would cost more than evaluating these few functions
# (Kiln.Helper, in front, is the one module a build compiles).
#
#   MIX_ENV=prod elixir kiln-release.exs --project DIR --release NAME --options FILE [--no-fetch]
#
# Speaks Kiln's protocol (kiln-helper.exs, which the engine puts in front):
# a Kiln.Helper.step per build step it drives, and Kiln.Helper.fail with
# :hex_missing, :rebar_missing, :dependencies_not_fetched (--no-fetch) and
# the applications concerned, or :dependencies with Mix's status of each, when
# Mix cannot have the dependencies; :mix when Mix refuses. Missing or stale
# dependencies are fetched with mix deps.get --only MIX_ENV.

{opts, _, _} =
  OptionParser.parse(System.argv(),
    strict: [project: :string, release: :string, options: :string, fetch: :boolean, assets: :string]
  )

project = opts[:project] && Path.expand(opts[:project])
name = opts[:release]
options_file = opts[:options]

if is_nil(project) or is_nil(name) or is_nil(options_file) do
  Kiln.Helper.fail(:usage, "usage: kiln-release.exs --project DIR --release NAME --options FILE")
end

{release_options, _binding} = Code.eval_file(options_file)

unless Keyword.keyword?(release_options) do
  Kiln.Helper.fail(:usage, "the options file does not hold a keyword list")
end

app_list = fn apps -> apps |> Enum.uniq() |> Enum.map_join(", ", &to_string/1) end

# Without Hex, Mix offers to install it (or, for a locked dependency, tries to
# download it) as soon as it loads a dependency only Hex can take, anywhere in
# the tree (also in the mix.exs of a git or path dependency). This stand-in,
# appended after Mix's own SCMs, takes those instead: the deps it holds are
# the ones that need Hex. Defined only when Hex is missing, so a build with
# Hex compiles no module of its own.
hex_stand_in = fn ->
  unless Code.ensure_loaded?(Hex) do
    module = Kiln.HexStandIn

    Module.create(
      module,
      quote do
        @behaviour Mix.SCM
        def fetchable?, do: false
        def format(_opts), do: "Hex package"
        def format_lock(_opts), do: nil

        def accepts_options(_app, opts) do
          unless Enum.any?([:git, :github, :path, :in_umbrella], &Keyword.has_key?(opts, &1)), do: opts
        end

        def checked_out?(_opts), do: false
        def lock_status(_opts), do: :ok
        def equal?(_opts1, _opts2), do: true
        def managers(_opts), do: []
        def checkout(opts), do: opts[:lock]
        def update(opts), do: opts[:lock]
      end,
      Macro.Env.location(__ENV__)
    )

    Mix.SCM.append(module)
    module
  end
end

# Mix's own view of the dependencies MIX_ENV needs (only: deps of other
# environments are not there), each checked against mix.lock as
# deps.loadpaths does.
load_deps = fn ->
  Mix.Dep.clear_cached()
  Mix.Dep.load_and_cache() |> Enum.map(&Mix.Dep.check_lock/1)
end

# What mix deps.get fixes: not there, or not what mix.lock or mix.exs ask for.
fetch_needed? = fn
  %Mix.Dep{status: {:unavailable, _}, scm: scm} -> scm.fetchable?()
  %Mix.Dep{status: {:lockmismatch, _}} -> true
  %Mix.Dep{status: status} -> status in [:lockoutdated, :nolock]
end

check_hex = fn deps, stand_in ->
  case for dep <- deps, stand_in != nil and dep.scm == stand_in, do: dep.app do
    [] -> :ok
    apps -> Kiln.Helper.fail(:hex_missing, app_list.(apps))
  end
end

# Mix asks for rebar3 only when it builds such a dependency; Debian's rebar3
# on PATH does when nothing else is configured.
rebar3 = fn ->
  cmd = Mix.Rebar.rebar_cmd(:rebar3)
  if cmd && (File.regular?(cmd) or System.find_executable(cmd)), do: cmd
end

check_rebar3 = fn deps ->
  if rebar3.() == nil do
    if path = System.find_executable("rebar3"), do: System.put_env("MIX_REBAR3", path)
  end

  case for dep <- deps, Mix.Dep.rebar?(dep) and not Mix.Dep.ok?(dep), do: dep.app do
    [] -> :ok
    apps -> if rebar3.() == nil, do: Kiln.Helper.fail(:rebar_missing, app_list.(apps))
  end
end

# Statuses no fetch or compile can change: Mix's own words for each.
check_usable = fn deps ->
  case for dep <- deps, not (Mix.Dep.ok?(dep) or Mix.Dep.compilable?(dep)), do: dep do
    [] -> :ok
    bad -> Kiln.Helper.fail(:dependencies, Enum.map_join(bad, "\n", &"#{&1.app}: #{Mix.Dep.format_status(&1)}"))
  end
end

# The elixir: requirement, checked before anything is fetched or compiled.
check_elixir = fn ->
  with requirement when is_binary(requirement) <- Mix.Project.config()[:elixir],
       {:ok, parsed} <- Version.parse_requirement(requirement),
       false <- Version.match?(System.version(), parsed) do
    Kiln.Helper.fail(:elixir_version, requirement)
  end
end

dependencies = fn fetch? ->
  stand_in = hex_stand_in.()
  deps = load_deps.()
  check_hex.(deps, stand_in)

  deps =
    case for dep <- deps, fetch_needed?.(dep), do: dep.app do
      [] ->
        deps

      apps when not fetch? ->
        Kiln.Helper.fail(:dependencies_not_fetched, app_list.(apps))

      apps ->
        env = Atom.to_string(Mix.env())
        Mix.shell().info("Kiln: dependencies for MIX_ENV=#{env} are missing or out of date (#{app_list.(apps)}); running mix deps.get --only #{env}")
        Mix.Task.run("deps.get", ["--only", env])
        deps = load_deps.()
        check_hex.(deps, stand_in)
        deps
    end

  check_usable.(deps)
  check_rebar3.(deps)
  Mix.Dep.clear_cached()
  Mix.Task.run("deps.loadpaths", [])
end

Mix.start()
Mix.shell(Mix.Shell.IO)
Mix.Local.append_archives()
Mix.Local.append_paths()

# in_project only uses the atom as a cache key, so any stable name works, also
# for umbrella projects, which have no :app. Its post_config is merged with
# Keyword.merge, hence the whole releases: list.
app_key = String.to_atom("kiln_project_" <> Path.basename(project))

Mix.Project.in_project(app_key, project, [releases: [{String.to_atom(name), release_options}]], fn _ ->
  try do
    Mix.Task.run("loadconfig")
    check_elixir.()
    Kiln.Helper.step(:dependencies)
    dependencies.(Keyword.get(opts, :fetch, true))
    Kiln.Helper.step(:compile)
    Mix.Task.run("compile", [])

    # Phoenix's static assets (mix assets.deploy or mix phx.digest), as the
    # Phoenix release guide runs them between compile and release.
    if assets = opts[:assets] do
      Kiln.Helper.step(:assets)
      Mix.Task.run(assets, [])
    end

    Kiln.Helper.step(:assemble)
    Mix.Task.run("release", [name, "--overwrite"])
  rescue
    error in Mix.Error ->
      Mix.shell().error("** (Mix) " <> Exception.message(error))
      Kiln.Helper.fail(:mix, Exception.message(error))

    # Said through the protocol too, as a task raising (an assets tool that
    # cannot download itself) prints only to stderr: a pipe of its own, which
    # Kiln may read before the step marker the error follows.
    error ->
      Mix.shell().error(Exception.format(:error, error, __STACKTRACE__))
      Kiln.Helper.fail(:mix, Exception.format_banner(:error, error, __STACKTRACE__))
  end
end)
