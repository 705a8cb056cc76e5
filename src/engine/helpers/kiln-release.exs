# Kiln release helper: builds one release of a Mix project with the options
# Kiln gives it, without touching mix.exs. One BEAM does every step, so a
# build costs what `mix release` costs. No defmodule here on purpose:
# compiling a module would cost more than evaluating these few functions.
#
#   MIX_ENV=prod elixir kiln-release.exs --project DIR --release NAME --options FILE
#
# Lines starting with "\x1ekiln:" are for Kiln, not for people:
#   \x1ekiln:step ID          a step begins (dependencies, compile, assemble)
#   \x1ekiln:error KIND TEXT  why the build stopped (see the exit statuses);
#                             for status 3, KIND is dependencies or hex-missing
#                             and TEXT the applications concerned
#
# Exit status: 0 built, 1 mix failed, 2 bad invocation, 3 dependencies missing.

exit_mix_failed = 1
exit_usage = 2
exit_dependencies = 3

fail = fn kind, text, status ->
  text = text |> to_string() |> String.replace("\n", " ")
  IO.puts("\x1ekiln:error #{kind} #{text}")
  System.halt(status)
end

step = fn id -> IO.puts("\x1ekiln:step #{id}") end

{opts, _, _} =
  OptionParser.parse(System.argv(), strict: [project: :string, release: :string, options: :string])

project = opts[:project] && Path.expand(opts[:project])
name = opts[:release]
options_file = opts[:options]

if is_nil(project) or is_nil(name) or is_nil(options_file) do
  fail.(:usage, "usage: kiln-release.exs --project DIR --release NAME --options FILE", exit_usage)
end

{release_options, _binding} = Code.eval_file(options_file)

unless Keyword.keyword?(release_options) do
  fail.(:usage, "the options file does not hold a keyword list", exit_usage)
end

# KIND is "dependencies" (not fetched) or "hex-missing" (Hex itself is not
# installed, so Mix cannot even load them).
fail_dependencies = fn kind, apps ->
  fail.(kind, apps |> Enum.uniq() |> Enum.map_join(" ", &to_string/1), exit_dependencies)
end

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
      apps -> fail_dependencies.("hex-missing", apps)
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

        fail_dependencies.("dependencies", missing)
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
    step.("dependencies")
    dependencies.()
    step.("compile")
    Mix.Task.run("compile", [])
    step.("assemble")
    Mix.Task.run("release", [name, "--overwrite"])
  rescue
    error in Mix.Error ->
      Mix.shell().error("** (Mix) " <> Exception.message(error))
      fail.(:mix, Exception.message(error), exit_mix_failed)
  end
end)
