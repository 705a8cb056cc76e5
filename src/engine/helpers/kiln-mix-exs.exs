# Kiln mix.exs release-entry locator.
#
# Run as `elixir kiln-mix-exs.exs MIX_EXS RELEASE_NAME OPTIONS_FILE`. Finds,
# with Elixir's own parser, the byte range of mix.exs that must change so that
# `releases:` holds RELEASE_NAME with the options in OPTIONS_FILE (a keyword
# list literal), and the text that goes there. The caller splices; everything
# outside the range stays byte for byte. The spliced result is parsed here
# before answering, so a range that would break mix.exs is never returned.
# Answers with one JSON object (Kiln.Helper.result); fails with :project and a
# message when mix.exs cannot be edited safely.

defmodule KilnMixExs do
  @moduledoc false
  alias Kiln.JSON

  def main([mix_exs, name, options_file]) do
    source = File.read!(mix_exs)
    options = read_options(File.read!(options_file), name)

    case locate(source, String.to_atom(name), options) do
      {:ok, start, stop, text, mode} ->
        updated = binary_part(source, 0, start) <> text <> binary_part(source, stop, byte_size(source) - stop)
        check!(updated, String.to_atom(name))

        Kiln.Helper.result(
          JSON.object([
            {"start", Integer.to_string(start)},
            {"end", Integer.to_string(stop)},
            {"mode", JSON.string(mode)},
            {"text", JSON.string(text)}
          ])
        )

      {:error, message} ->
        refuse(message)
    end
  end

  def main(_), do: Kiln.Helper.fail(:usage, "usage: elixir kiln-mix-exs.exs MIX_EXS RELEASE_NAME OPTIONS_FILE")

  defp refuse(message), do: Kiln.Helper.fail(:project, message)

  # Accepts `[opts]`, `name: [opts]` or `[name: [opts]]`.
  defp read_options(text, name) do
    case Code.string_to_quoted(text) do
      {:ok, [{key, options}]} when is_list(options) and is_atom(key) ->
        if Atom.to_string(key) == name, do: options, else: [{key, options}]

      {:ok, options} when is_list(options) ->
        options

      {:ok, other} ->
        refuse("the release options are not a keyword list: #{Macro.to_string(other)}")

      {:error, {_, message, token}} ->
        refuse("the release options do not parse: #{inspect(message)} #{inspect(token)}")
    end
  end

  defp parse(source) do
    Code.string_to_quoted_with_comments(source,
      literal_encoder: &{:ok, {:__block__, &2, [&1]}},
      token_metadata: true,
      columns: true
    )
  end

  defp locate(source, name, options) do
    with {:ok, ast, comments} <- parse_or_error(source),
         {:ok, list_node} <- project_list(ast) do
      index = index(source, comments)
      entry = entry_text(name, options)

      case keyword_value(list_node, :releases) do
        nil ->
          releases = "releases: " <> list_text(entry, element_indent(index, list_node) <> "  ", element_indent(index, list_node))
          {:ok, start, stop, text} = append_element(index, list_node, releases)
          {:ok, start, stop, text, "add_releases"}

        {key_node, value} ->
          if list_literal?(value) do
            place_release(index, value, name, entry, key_node)
          else
            {:error, "releases: in mix.exs is computed by code (#{Macro.to_string(value) |> String.slice(0, 60)}); " <>
                       "Kiln only edits a literal list. Add the release by hand."}
          end
      end
    end
  end

  defp parse_or_error(source) do
    case parse(source) do
      {:ok, ast, comments} -> {:ok, ast, comments}
      {:error, {meta, message, token}} ->
        {:error, "mix.exs does not parse (line #{line_of(meta)}): #{message_text(message)}#{token}"}
    end
  end

  defp line_of(meta) when is_list(meta), do: Keyword.get(meta, :line, "?")
  defp line_of(line), do: line
  defp message_text({a, b}), do: "#{a}#{b}"
  defp message_text(text), do: text

  defp place_release(index, releases_node, name, entry, key_node) do
    case keyword_value(releases_node, name) do
      nil ->
        if list_elements(releases_node) == [] do
          indent = line_indent(index, node_line(key_node))
          {start, stop} = node_range(index, releases_node)
          {:ok, start, stop, list_text(entry, indent <> "  ", indent), "add_release"}
        else
          indent = element_indent(index, releases_node)
          {:ok, start, stop, text} = append_element(index, releases_node, indent_lines(entry, indent))
          {:ok, start, stop, text, "add_release"}
        end

      {own_key, _value} ->
        start = offset(index, node_line(own_key), node_column(own_key))
        {stop, _comma?} = element_end(index, next_start(index, releases_node, own_key))
        {:ok, start, stop, indent_lines(entry, column_indent(index, own_key)), "replace_release"}
    end
  end

  defp project_list(ast) do
    {_, found} =
      Macro.prewalk(ast, nil, fn
        {:def, _, [{:project, _, args}, body]} = node, nil when args in [nil, []] ->
          {node, do_body(body)}

        node, acc ->
          {node, acc}
      end)

    case found do
      nil -> {:error, "mix.exs has no `def project` returning the project keyword list."}
      body -> last_list(body)
    end
  end

  defp do_body([{{:__block__, _, [:do]}, body} | _]), do: body
  defp do_body(_), do: nil

  defp last_list({:__block__, meta, [list]} = node) when is_list(list) do
    if Keyword.has_key?(meta, :closing), do: {:ok, node}, else: last_list(List.last(list))
  end

  defp last_list({:__block__, [], exprs}) when is_list(exprs) and exprs != [], do: last_list(List.last(exprs))

  defp last_list(other) do
    {:error, "`def project` in mix.exs does not end with a literal keyword list " <>
               "(#{other |> Macro.to_string() |> String.slice(0, 60)}); Kiln cannot edit it safely. " <>
               "Add the release by hand."}
  end

  defp list_literal?({:__block__, meta, [list]}) when is_list(list), do: Keyword.has_key?(meta, :closing)
  defp list_literal?(_), do: false

  defp list_elements({:__block__, _, [list]}), do: list

  defp keyword_value(list_node, key) do
    Enum.find_value(list_elements(list_node), fn
      {{:__block__, _, [^key]} = key_node, value} -> {key_node, value}
      _ -> nil
    end)
  end

  # Position index: byte offset of every line start and the byte ranges of comments.
  defp index(source, comments) do
    lines = :binary.split(source, "\n", [:global])

    {starts, _} =
      Enum.map_reduce(lines, 0, fn line, offset -> {{offset, line}, offset + byte_size(line) + 1} end)

    starts = List.to_tuple(starts)

    comment_ranges =
      for %{line: line, column: column, text: text} <- comments do
        start = offset_in(starts, line, column)
        {start, start + byte_size(text)}
      end

    %{source: source, starts: starts, comments: comment_ranges}
  end

  defp offset(index, line, column), do: offset_in(index.starts, line, column)

  # Columns count characters, not bytes.
  defp offset_in(starts, line, column) do
    {start, text} = elem(starts, line - 1)
    prefix = text |> String.to_charlist() |> Enum.take(column - 1) |> List.to_string()
    start + byte_size(prefix)
  end

  defp node_line({:__block__, meta, _}), do: meta[:line]
  defp node_line({_, meta, _}) when is_list(meta), do: meta[:line]
  defp node_line({left, _right}), do: node_line(left)
  defp node_line(_), do: nil

  defp node_column({:__block__, meta, _}), do: meta[:column]
  defp node_column({_, meta, _}) when is_list(meta), do: meta[:column]
  defp node_column({left, _right}), do: node_column(left)
  defp node_column(_), do: nil

  defp node_range(index, {:__block__, meta, _}) do
    closing = meta[:closing]
    {offset(index, meta[:line], meta[:column]), offset(index, closing[:line], closing[:column]) + 1}
  end

  defp closing_offset(index, {:__block__, meta, _}) do
    closing = meta[:closing]
    offset(index, closing[:line], closing[:column])
  end

  defp next_start(index, list_node, own_key) do
    elements = list_elements(list_node)
    position = Enum.find_index(elements, &match?({^own_key, _}, &1))

    case Enum.at(elements, position + 1) do
      nil -> closing_offset(index, list_node)
      next -> offset(index, node_line(next), node_column(next))
    end
  end

  defp in_comment(index, position) do
    Enum.find(index.comments, fn {start, stop} -> position >= start and position < stop end)
  end

  # End of the element before `limit`: skips blanks, comments and one comma
  # backwards. Also says whether a separating comma was there.
  defp element_end(index, limit) do
    position = skip_back(index, limit)

    if position > 0 and :binary.at(index.source, position - 1) == ?, do
      {skip_back(index, position - 1), true}
    else
      {position, false}
    end
  end

  defp skip_back(index, position) do
    cond do
      position == 0 ->
        0

      range = in_comment(index, position - 1) ->
        skip_back(index, elem(range, 0))

      :binary.at(index.source, position - 1) in [?\s, ?\t, ?\n, ?\r] ->
        skip_back(index, position - 1)

      true ->
        position
    end
  end

  defp skip_blanks_back(index, position) do
    if position > 0 and :binary.at(index.source, position - 1) in [?\s, ?\t, ?\n, ?\r],
      do: skip_blanks_back(index, position - 1),
      else: position
  end

  # Adds an element after the last one, keeping a trailing comment on its
  # line and the list's trailing-comma style.
  defp append_element(index, list_node, element_text) do
    closing = closing_offset(index, list_node)

    if list_elements(list_node) == [] do
      {start, stop} = node_range(index, list_node)
      indent = line_indent(index, node_line(list_node))
      {:ok, start, stop, "[\n" <> indent <> "  " <> element_text <> "\n" <> indent <> "]"}
    else
      indent = element_indent(index, list_node)
      {last_end, comma?} = element_end(index, closing)
      tail = skip_blanks_back(index, closing)

      if comma? do
        {:ok, tail, tail, "\n" <> indent <> element_text <> ","}
      else
        between = binary_part(index.source, last_end, tail - last_end)
        {:ok, last_end, tail, "," <> between <> "\n" <> indent <> element_text}
      end
    end
  end

  defp line_indent(index, line) do
    {_, text} = elem(index.starts, line - 1)
    [indent] = Regex.run(~r/^[ \t]*/, text)
    indent
  end

  # The indentation of the list's first element if it starts its line, else
  # its column (a list opened on the same line as its first element).
  defp element_indent(index, list_node) do
    [first | _] = list_elements(list_node)
    column_indent(index, first)
  end

  # Tabs stay tabs when the node starts its line.
  defp column_indent(index, node) do
    indent = line_indent(index, node_line(node))
    column = node_column(node)
    if String.length(indent) == column - 1, do: indent, else: String.duplicate(" ", column - 1)
  end

  defp list_text(entry, inner_indent, outer_indent) do
    "[\n" <> inner_indent <> indent_lines(entry, inner_indent) <> "\n" <> outer_indent <> "]"
  end

  defp indent_lines(text, indent) do
    text
    |> String.split("\n")
    |> Enum.with_index()
    |> Enum.map_join("\n", fn
      {line, 0} -> line
      {"", _} -> ""
      {line, _} -> indent <> line
    end)
  end

  defp entry_text(name, []), do: key_text(name) <> " []"

  defp entry_text(name, options) do
    lines = Enum.map_join(options, ",\n", fn option -> indent_lines("  " <> option_text(option), "  ") end)
    key_text(name) <> " [\n" <> lines <> "\n]"
  end

  defp key_text(name) do
    text = Atom.to_string(name)
    if Regex.match?(~r/^[a-z_][a-zA-Z0-9_]*[?!]?$/, text), do: text <> ":", else: inspect(text) <> ":"
  end

  defp option_text(option) do
    text = Macro.to_string([option])
    text |> String.slice(1..-2//1) |> String.trim()
  end

  defp check!(updated, name) do
    with {:ok, ast, _} <- parse(updated),
         {:ok, list_node} <- project_list(ast),
         {_, releases} <- keyword_value(list_node, :releases) || {:error, :none},
         {_, _} <- keyword_value(releases, name) || {:error, :none} do
      :ok
    else
      error -> refuse("the edited mix.exs would not be valid (#{inspect(error)}); mix.exs was left as it is.")
    end
  end
end

KilnMixExs.main(System.argv())
