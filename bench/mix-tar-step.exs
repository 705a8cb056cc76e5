# Times Mix's own :tar release step, unchanged: the release is built with
# steps [:assemble, start_clock, :tar, stop_clock], so only :tar is measured.
# Usage: MIX_ENV=prod elixir mix-tar-step.exs PROJECT_DIR APP
# Prints "SECONDS SIZE TARBALL".
[project_dir, app] = System.argv()
app = String.to_atom(app)

Mix.start()
Mix.shell(Mix.Shell.Quiet)

start_clock = fn release ->
  Process.put(:kiln_bench_start, System.monotonic_time())
  release
end

stop_clock = fn release ->
  Process.put(:kiln_bench_stop, System.monotonic_time())
  release
end

releases = Mix.Project.in_project(app, project_dir, fn _ -> Mix.Project.config()[:releases] end)
options = Keyword.get(releases || [], app, [])
steps = [steps: [:assemble, start_clock, :tar, stop_clock], quiet: true]
releases = Keyword.put(releases || [], app, Keyword.merge(options, steps))

Code.compiler_options(ignore_module_conflict: true)

Mix.Project.in_project(app, project_dir, [releases: releases], fn _ ->
  Mix.Task.run("release", [Atom.to_string(app), "--overwrite"])
end)

seconds =
  System.convert_time_unit(
    Process.get(:kiln_bench_stop) - Process.get(:kiln_bench_start),
    :native,
    :microsecond
  ) / 1_000_000

# Same place as Mix.Tasks.Release's make_tar for the default release path.
tarball =
  Mix.Project.in_project(app, project_dir, [releases: releases], fn _ ->
    release = Mix.Release.from_config!(app, Mix.Project.config(), [])
    Path.join(Mix.Project.build_path(), "#{app}-#{release.version}.tar.gz")
  end)

IO.puts("#{:erlang.float_to_binary(seconds, decimals: 4)} #{File.stat!(tarball).size} #{tarball}")
