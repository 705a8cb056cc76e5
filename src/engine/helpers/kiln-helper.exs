# Kiln helpers: the protocol every helper speaks. The engine puts this file in
# front of each helper it runs (kiln-helper.c). A stdout line holding one of
# the markers is for Kiln; every other line is the helper's or Mix's own
# output. The markers and the exit status are Kiln's to choose: it passes them
# in the environment, so no helper spells them. To run a helper by hand, set
# KILN_HELPER_STEP, KILN_HELPER_RESULT, KILN_HELPER_FAIL and
# KILN_HELPER_FAILED_STATUS as kiln-helper.c does. Kept small on purpose:
# every helper run, every build too, compiles this module.

defmodule Kiln.Helper do
  @moduledoc false

  # A step of the work begins: one of the build's step ids.
  def step(id), do: emit("KILN_HELPER_STEP", Atom.to_string(id))

  # The answer: one JSON document (see Kiln.JSON), which never spans lines.
  def result(json), do: emit("KILN_HELPER_RESULT", json)

  # Why the helper stops, then stop. KIND is one of kiln-helper.c's error
  # kinds; the message may span lines.
  def fail(kind, message) do
    text =
      message
      |> to_string()
      |> String.replace("\\", "\\\\")
      |> String.replace("\n", "\\n")
      |> String.replace("\r", "\\r")

    emit("KILN_HELPER_FAIL", [Atom.to_string(kind), " ", text])
    System.halt(String.to_integer(System.fetch_env!("KILN_HELPER_FAILED_STATUS")))
  end

  # Runs FUN inside the Mix project in DIR: whatever stops Mix from loading it
  # is the project's to fix.
  def in_project(key, dir, fun) do
    Mix.start()
    shell = Mix.shell()
    # Mix names a project it fails to load by KEY, which is Kiln's word, not
    # the user's: that one line is left out, the reason itself is not.
    :persistent_term.put(Kiln.Helper.ProjectShell, {shell, "Error while loading project #{inspect(key)} "})
    Mix.shell(Kiln.Helper.ProjectShell)

    try do
      Mix.Project.in_project(key, dir, fun)
    catch
      kind, reason -> fail(:project, Exception.format_banner(kind, reason, __STACKTRACE__))
    after
      Mix.shell(shell)
    end
  end

  defp emit(variable, payload), do: IO.puts([System.fetch_env!(variable), payload])
end

defmodule Kiln.Helper.ProjectShell do
  @moduledoc false

  def error(message) do
    {shell, hidden} = :persistent_term.get(__MODULE__)
    if not String.starts_with?(IO.chardata_to_string(message), hidden), do: shell.error(message)
  end

  def info(message), do: shell().info(message)
  def prompt(message), do: shell().prompt(message)
  def yes?(message), do: shell().yes?(message)
  def yes?(message, options), do: shell().yes?(message, options)
  def cmd(command, options \\ []), do: shell().cmd(command, options)
  def print_app, do: shell().print_app()

  defp shell, do: elem(:persistent_term.get(__MODULE__), 0)
end
