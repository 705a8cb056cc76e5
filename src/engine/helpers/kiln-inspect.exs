# Kiln inspection helper.
#
# Run as `MIX_ENV=prod elixir kiln-inspect.exs PROJECT_DIR`. Loads the project
# through Mix itself and prints one JSON document between two marker lines, so
# whatever mix.exs prints on its own cannot be mistaken for it. OTP 25 has no
# JSON module, hence the small encoder below. Exit status 2 means the project
# could not be loaded; the reason is on stderr.

defmodule KilnInspect.JSON do
  @moduledoc false

  def string(text) when is_binary(text), do: [?", escape(text, []), ?"]

  def string_or_null(text) when is_binary(text), do: string(text)
  def string_or_null(atom) when is_atom(atom) and atom not in [nil, true, false],
    do: string(Atom.to_string(atom))
  def string_or_null(_), do: "null"

  def bool(true), do: "true"
  def bool(_), do: "false"

  def array(items), do: [?[, Enum.intersperse(items, ?,), ?]]

  def object(pairs) do
    members = for {key, value} <- pairs, do: [string(key), ?:, value]
    [?{, Enum.intersperse(members, ?,), ?}]
  end

  # TERM encoding shared with the profile helper: see kiln-project.h.
  def term(nil), do: "null"
  def term(true), do: "true"
  def term(false), do: "false"
  def term(value) when is_integer(value), do: Integer.to_string(value)
  def term(value) when is_float(value), do: Float.to_string(value)

  def term(value) when is_binary(value) do
    if String.valid?(value), do: string(value), else: code(value)
  end

  def term(value) when is_atom(value), do: object([{"atom", string(Atom.to_string(value))}])

  def term(value) when is_list(value) do
    if proper_list?(value), do: array(Enum.map(value, &term/1)), else: code(value)
  end

  def term(value) when is_tuple(value),
    do: object([{"tuple", array(Enum.map(Tuple.to_list(value), &term/1))}])

  def term(value) when is_map(value) do
    pairs = for {key, item} <- Map.to_list(value), do: array([term(key), term(item)])
    object([{"map", array(pairs)}])
  end

  def term(value), do: code(value)

  def inspect_code(value), do: inspect(value, limit: :infinity, printable_limit: :infinity)

  # The inspect text of a fun, pid, reference or port does not read back.
  def code_valid?(value) when is_function(value) or is_pid(value) or is_reference(value) or is_port(value),
    do: false

  def code_valid?([head | tail]), do: code_valid?(head) and code_valid?(tail)
  def code_valid?(value) when is_tuple(value), do: value |> Tuple.to_list() |> code_valid?()

  def code_valid?(value) when is_map(value),
    do: Enum.all?(value, fn {key, item} -> code_valid?(key) and code_valid?(item) end)

  def code_valid?(_), do: true

  defp code(value), do: object([{"code", string(inspect_code(value))}])

  defp proper_list?([]), do: true
  defp proper_list?([_ | tail]), do: proper_list?(tail)
  defp proper_list?(_), do: false

  defp escape(<<>>, acc), do: Enum.reverse(acc)
  defp escape(<<?", rest::binary>>, acc), do: escape(rest, ["\\\"" | acc])
  defp escape(<<?\\, rest::binary>>, acc), do: escape(rest, ["\\\\" | acc])
  defp escape(<<?\n, rest::binary>>, acc), do: escape(rest, ["\\n" | acc])
  defp escape(<<?\r, rest::binary>>, acc), do: escape(rest, ["\\r" | acc])
  defp escape(<<?\t, rest::binary>>, acc), do: escape(rest, ["\\t" | acc])
  defp escape(<<?\b, rest::binary>>, acc), do: escape(rest, ["\\b" | acc])
  defp escape(<<?\f, rest::binary>>, acc), do: escape(rest, ["\\f" | acc])

  defp escape(<<char, rest::binary>>, acc) when char < 0x20 do
    hex = char |> Integer.to_string(16) |> String.pad_leading(4, "0")
    escape(rest, ["\\u" <> hex | acc])
  end

  defp escape(<<char::utf8, rest::binary>>, acc), do: escape(rest, [<<char::utf8>> | acc])
  defp escape(<<_invalid, rest::binary>>, acc), do: escape(rest, ["\uFFFD" | acc])
end

defmodule KilnInspect do
  @moduledoc false
  alias KilnInspect.JSON

  @begin_marker "==== KILN-INSPECT-JSON-BEGIN ===="
  @end_marker "==== KILN-INSPECT-JSON-END ===="

  def main([dir]) do
    dir = Path.expand(dir)

    unless File.regular?(Path.join(dir, "mix.exs")) do
      IO.puts(:stderr, "#{dir} has no mix.exs")
      System.halt(2)
    end

    Mix.start()

    json =
      try do
        Mix.Project.in_project(:kiln_inspected_project, dir, fn _module -> project_json(dir) end)
      catch
        kind, reason ->
          IO.puts(:stderr, Exception.format_banner(kind, reason, __STACKTRACE__))
          System.halt(2)
      end

    IO.puts(["\n", @begin_marker, "\n", json, "\n", @end_marker])
  end

  def main(_) do
    IO.puts(:stderr, "usage: elixir kiln-inspect.exs PROJECT_DIR")
    System.halt(64)
  end

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
        {"elixir_requirement", version(config[:elixir])}
      ])
    )
  end

  defp version(value) when is_binary(value) do
    if String.valid?(value), do: JSON.string(value), else: "null"
  end

  defp version(_), do: "null"

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

  defp deps(deps) when is_list(deps), do: Enum.flat_map(deps, &dep/1)
  defp deps(_), do: []

  defp dep({name, opts}) when is_atom(name) and is_list(opts), do: [{Atom.to_string(name), scm(opts)}]
  defp dep({name, _requirement}) when is_atom(name), do: [{Atom.to_string(name), "hex"}]
  defp dep({name, _requirement, opts}) when is_atom(name) and is_list(opts), do: [{Atom.to_string(name), scm(opts)}]
  defp dep(_), do: []

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

KilnInspect.main(System.argv())
