# Kiln helpers: the JSON encoder of the helpers that answer (Kiln.Helper.result),
# since OTP 25 has no JSON module. The engine puts this file in front of each
# of them, after kiln-helper.exs (kiln-helper.c).

defmodule Kiln.JSON do
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

  # TERM encoding: see kiln-project-release.h.
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
