# Kiln release helper: builds one release of a Mix project with the options
# Kiln gives it, without touching mix.exs. One BEAM does every step, so a
# build costs what `mix release` costs. No defmodule here on purpose:
# compiling a module would cost more than evaluating these few functions
# (Kiln.Helper, in front, is the one module a build compiles).
#
#   MIX_ENV=prod elixir kiln-release.exs --project DIR --release NAME --options FILE
#
# Speaks Kiln's protocol (kiln-helper.exs, which the engine puts in front):
# a Kiln.Helper.step per build step it drives, and Kiln.Helper.fail with
# :dependencies or :hex_missing and the applications concerned when Mix
# cannot have the dependencies, :mix when Mix refuses.

{opts, _, _} =
  OptionParser.parse(System.argv(),
    strict: [project: :string, release: :string, options: :string, assets: :string]
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

app_list = fn apps -> apps |> Enum.uniq() |> Enum.map_join(" ", &to_string/1) end

hex_dep? = fn
  dep when is_tuple(dep) ->
    dep_opts = dep |> Tuple.to_list() |> Enum.find([], &is_list/1)
    not Enum.any?([:path, :in_umbrella, :git, :github], &Keyword.has_key?(dep_opts, &1))

  _ ->
    false
end

# Without Hex, Mix would offer to install it (or, for a locked dependency,
# try to download it) as soon as it loads a Hex dependency: stop before.
check_hex_available = fn ->
  unless Code.ensure_loaded?(Hex) do
    children =
      if Mix.Project.umbrella?() do
        for {app, path} <- Mix.Project.apps_paths(),
            dep <- Mix.Project.in_project(app, path, fn _ -> Mix.Project.config()[:deps] || [] end),
            do: dep
      else
        []
      end

    case for dep <- (Mix.Project.config()[:deps] || []) ++ children, hex_dep?.(dep), do: elem(dep, 0) do
      [] -> :ok
      apps -> Kiln.Helper.fail(:hex_missing, app_list.(apps))
    end
  end
end

dependencies = fn ->
  try do
    Mix.Task.run("deps.loadpaths", [])
  rescue
    error in Mix.Error ->
      message = Exception.message(error)

      if message =~ "deps.get" or message =~ "not available" do
        missing =
          try do
            Mix.Dep.cached() |> Enum.reject(&Mix.Dep.ok?/1) |> Enum.map(& &1.app)
          rescue
            _ -> []
          end

        Kiln.Helper.fail(:dependencies, app_list.(missing))
      else
        reraise error, __STACKTRACE__
      end
  end
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
    check_hex_available.()
    Kiln.Helper.step(:dependencies)
    dependencies.()
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
  end
end)
