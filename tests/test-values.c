#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kiln-elixir-term.h"
#include "kiln-engine.h"
#include "kiln-files-private.h"
#include "kiln-json-private.h"
#include "kiln-test-util.h"

/* The engine's shared primitives for values and files: kiln-elixir-term,
 * kiln-json-private and kiln-files-private. */

/* Strings that have broken quoters: Elixir syntax, escapes, every class of
 * invisible character, and bytes that are not UTF-8. */
static const char * const tricky[] = {
  "plain", "", "sp ace", "a\"b", "'single'", "\"\"\"", "back\\slash", "\\", "\\x41", "\\u{41}",
  "#{System.halt(3)}", "#", "a#b", "#{", "\\#{x}", "~s(sigil)", "<<>>", ":colon", "a.b",
  "line\nbreak\r\n", "tab\tand\vfeed\f", "\x01\x1b[31mred\x7f", "\x07" "bell\x08",
  "é ü 日本 😀", "\xc2\x85 next line", "\xe2\x80\xa8 line separator", "\xef\xbb\xbf bom",
  "\xe2\x80\xae bidi \xe2\x81\xa6 isolate \xe2\x80\x8f", "zwj \xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9",
  "\xcd\xb8 unassigned", "\xee\x80\x80 private",
  "\xff\xfe invalid", "\xff" "A", "\xc3", "\xc3 truncated", "\xed\xa0\x80 surrogate", "\xc0\xaf overlong",
  "my_app", "my-app", "ok?", "bang!", "_", "_x", "nil", "true", "do", "end", "when", "fn",
  "Foo", "Elixir.Foo", "Elixir.Foo.Bar_9", "Elixir.Elixir", "Elixir.Elixir.Foo", "Elixir.foo",
  "Elixir.", "Elixir.Foo..Bar", "Elixir.Foo bar",
};

static void
test_quote_cases (void)
{
  struct { const char *input; const char *string; const char *atom; const char *key; } cases[] = {
    { "my_app", "\"my_app\"", ":my_app", "my_app:" },
    { "my-app", "\"my-app\"", ":\"my-app\"", "\"my-app\":" },
    { "ok?", "\"ok?\"", ":ok?", "ok?:" },
    { "Elixir.Foo.Bar", "\"Elixir.Foo.Bar\"", "Foo.Bar", "\"Elixir.Foo.Bar\":" },
    { "Elixir.Elixir", "\"Elixir.Elixir\"", ":\"Elixir.Elixir\"", "\"Elixir.Elixir\":" },
    { "a\"b\\c#{d}#e\n", "\"a\\\"b\\\\c\\#{d}#e\\n\"", ":\"a\\\"b\\\\c\\#{d}#e\\n\"", "\"a\\\"b\\\\c\\#{d}#e\\n\":" },
    { "\x1b\x7f\xe2\x80\xae", "\"\\u{1B}\\u{7F}\\u{202E}\"", ":\"\\u{1B}\\u{7F}\\u{202E}\"", "\"\\u{1B}\\u{7F}\\u{202E}\":" },
    { "é\xff", "\"é\\xFF\"", ":\"é\\xFF\"", "\"é\\xFF\":" },
    { "", "\"\"", ":\"\"", "\"\":" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *string = kiln_elixir_quote_string (cases[i].input);
      g_autofree char *atom = kiln_elixir_quote_atom (cases[i].input);
      g_autofree char *key = kiln_elixir_keyword_key (cases[i].input);

      g_assert_cmpstr (string, ==, cases[i].string);
      g_assert_cmpstr (atom, ==, cases[i].atom);
      g_assert_cmpstr (key, ==, cases[i].key);
    }
}

static char *
run_elixir_script (const char *script,
                   const char *argument)
{
  g_autoptr(KilnProcess) process = kiln_process_newv (NULL, "elixir", script, argument, NULL);
  g_autoptr(GError) error = NULL;
  int exit_status = -1;

  kiln_process_set_capture_output (process, TRUE);
  kiln_process_run_sync (process, NULL, &exit_status, &error);
  g_assert_no_error (error);
  if (exit_status != 0)
    g_error ("elixir failed (%d): %s", exit_status, kiln_process_get_stderr_text (process));

  return g_strdup (kiln_process_get_stdout_text (process));
}

/* Reads NAME.src (what Kiln wrote) and NAME.bin (what it must mean) and
 * prints "NAME true" when Elixir's own parser agrees. Strings must parse to
 * a plain binary: anything interpolated would be a tuple. */
static const char round_trip_script[] =
  "dir = hd(System.argv())\n"
  "for name <- Enum.sort(File.ls!(dir)), String.ends_with?(name, \".src\") do\n"
  "  base = Path.rootname(name)\n"
  "  [kind | _] = String.split(base, \"-\")\n"
  "  src = File.read!(Path.join(dir, name))\n"
  "  bin = File.read!(Path.join(dir, base <> \".bin\"))\n"
  "  result =\n"
  "    try do\n"
  "      case kind do\n"
  "        \"string\" -> (q = Code.string_to_quoted!(src)) == bin and is_binary(q)\n"
  "        \"atom\" -> (v = elem(Code.eval_string(src), 0)) |> is_atom() and Atom.to_string(v) == bin\n"
  "        \"key\" -> [{k, 1}] = Code.string_to_quoted!(\"[\" <> src <> \" 1]\"); Atom.to_string(k) == bin\n"
  "        \"term\" -> elem(Code.eval_string(src), 0) === elem(Code.eval_string(bin), 0)\n"
  "      end\n"
  "    rescue\n"
  "      e -> Exception.message(e)\n"
  "    end\n"
  "  IO.puts(\"#{base} #{inspect(result)}\")\n"
  "end\n";

static void
write_case (GPtrArray  *expected,
            const char *dir,
            const char *kind,
            guint       index,
            const char *source,
            const char *meaning)
{
  g_autofree char *base = g_strdup_printf ("%s-%03u", kind, index);
  g_autofree char *src_path = g_strdup_printf ("%s/%s.src", dir, base);
  g_autofree char *bin_path = g_strdup_printf ("%s/%s.bin", dir, base);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_utf8_validate (source, -1, NULL));
  g_file_set_contents (src_path, source, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (bin_path, meaning, -1, &error);
  g_assert_no_error (error);

  g_ptr_array_add (expected, g_strdup_printf ("%s true\n", base));
}

static JsonNode *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = kiln_json_parse (json, -1, &error);

  g_assert_no_error (error);
  return node;
}

/* TERM → Elixir source, and the value Elixir must read from it. */
static const struct { const char *term; const char *code; const char *value; } terms[] = {
  { "null", "nil", "nil" },
  { "[true, false, 42, -7, 1.5, 1e+20]", "[true, false, 42, -7, 1.5, 1.0e+20]", "[true, false, 42, -7, 1.5, 1.0e20]" },
  { "[{\"tuple\": [{\"atom\": \"a\"}, 1]}, {\"tuple\": [{\"atom\": \"b c\"}, \"#{x}\"]}]",
    "[a: 1, \"b c\": \"\\#{x}\"]", "[{:a, 1}, {:\"b c\", \"\\#{x}\"}]" },
  { "[{\"tuple\": [{\"atom\": \"Elixir.Config.Reader\"}, {\"tuple\": [{\"atom\": \"system\"}, \"RELEASE_ROOT\", \"/c.exs\"]}]}]",
    "[{Config.Reader, {:system, \"RELEASE_ROOT\", \"/c.exs\"}}]",
    "[{:\"Elixir.Config.Reader\", {:system, \"RELEASE_ROOT\", \"/c.exs\"}}]" },
  { "{\"map\": [[{\"atom\": \"k\"}, [1, 2]], [\"s\", {\"tuple\": []}]]}", "%{:k => [1, 2], \"s\" => {}}",
    "%{\"s\" => {}, k: [1, 2]}" },
  { "[{\"tuple\": [{\"atom\": \"a\"}, 1]}, 2]", "[{:a, 1}, 2]", "[a: 1] ++ [2]" },
  { "{\"code\": \"1..3\"}", "1..3", "Range.new(1, 3)" },
  { "[]", "[]", "[]" },
};

static void
test_quote_term (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (terms); i++)
    {
      g_autoptr(JsonNode) node = parse (terms[i].term);
      g_autofree char *code = kiln_elixir_quote_term (node);

      g_assert_cmpstr (code, ==, terms[i].code);
    }
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The real Elixir parser reads back every literal Kiln writes as exactly the
 * value it was given. */
static void
test_round_trip_in_elixir (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *script = NULL;
  g_autofree char *output = NULL;
  g_autofree char *sorted = NULL;
  g_autoptr(GPtrArray) expected = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  g_autoptr(GError) error = NULL;

  if (kiln_test_skip_without_toolchain ())
    return;

  dir = kiln_test_make_temp_dir ("quoting");
  for (guint i = 0; i < G_N_ELEMENTS (tricky); i++)
    {
      g_autofree char *string = kiln_elixir_quote_string (tricky[i]);

      write_case (expected, dir, "string", i, string, tricky[i]);

      /* Atoms hold UTF-8 only, up to 255 characters. */
      if (g_utf8_validate (tricky[i], -1, NULL))
        {
          g_autofree char *atom = kiln_elixir_quote_atom (tricky[i]);
          g_autofree char *key = kiln_elixir_keyword_key (tricky[i]);

          write_case (expected, dir, "atom", i, atom, tricky[i]);
          write_case (expected, dir, "key", i, key, tricky[i]);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (terms); i++)
    {
      g_autoptr(JsonNode) node = parse (terms[i].term);
      g_autofree char *code = kiln_elixir_quote_term (node);

      write_case (expected, dir, "term", i, code, terms[i].value);
    }

  script = g_build_filename (dir, "round-trip.exs.script", NULL);
  g_file_set_contents (script, round_trip_script, -1, &error);
  g_assert_no_error (error);

  output = run_elixir_script (script, dir);
  g_ptr_array_sort (expected, compare_lines);
  sorted = g_strjoinv ("", (char **) expected->pdata);
  g_assert_cmpstr (output, ==, sorted);

  kiln_test_remove_tree (dir);
}

static void
test_read_terms (void)
{
  g_autoptr(JsonNode) node =
    parse ("[\"s\", {\"atom\": \"a\"}, {\"atom\": 1}, {\"atom\": \"a\", \"x\": 1}, true, null, 3,"
           " {\"tuple\": [1, 2]}, {\"tuple\": 5}, [\"x\", \"y\"], [{\"atom\": \"p\"}, {\"atom\": \"q\"}], [\"x\", 1]]");
  JsonArray *list = kiln_term_get_list (node);
  g_auto(GStrv) strings = NULL;
  g_auto(GStrv) atoms = NULL;
  gboolean flag = FALSE;

  g_assert_nonnull (list);
  g_assert_cmpstr (kiln_term_get_string (json_array_get_element (list, 0)), ==, "s");
  g_assert_null (kiln_term_get_atom (json_array_get_element (list, 0)));
  g_assert_cmpstr (kiln_term_get_atom (json_array_get_element (list, 1)), ==, "a");
  g_assert_null (kiln_term_get_string (json_array_get_element (list, 1)));
  g_assert_null (kiln_term_get_atom (json_array_get_element (list, 2)));
  g_assert_null (kiln_term_get_atom (json_array_get_element (list, 3)));
  g_assert_true (kiln_term_get_boolean (json_array_get_element (list, 4), &flag) && flag);
  g_assert_false (kiln_term_get_boolean (json_array_get_element (list, 5), &flag));
  g_assert_true (kiln_term_is_nil (json_array_get_element (list, 5)));
  g_assert_false (kiln_term_is_nil (json_array_get_element (list, 6)));
  g_assert_nonnull (kiln_term_get_tuple (json_array_get_element (list, 7), 0));
  g_assert_nonnull (kiln_term_get_tuple (json_array_get_element (list, 7), 2));
  g_assert_null (kiln_term_get_tuple (json_array_get_element (list, 7), 3));
  g_assert_null (kiln_term_get_tuple (json_array_get_element (list, 8), 0));
  g_assert_null (kiln_term_get_list (json_array_get_element (list, 7)));
  g_assert_null (kiln_term_get_string (NULL));
  g_assert_null (kiln_term_get_tuple (NULL, 0));

  strings = kiln_term_dup_strings (json_array_get_element (list, 9));
  g_assert_cmpstrv (strings, ((const char * const[]) { "x", "y", NULL }));
  atoms = kiln_term_dup_atoms (json_array_get_element (list, 10));
  g_assert_cmpstrv (atoms, ((const char * const[]) { "p", "q", NULL }));
  g_assert_null (kiln_term_dup_strings (json_array_get_element (list, 11)));
  g_assert_null (kiln_term_dup_atoms (json_array_get_element (list, 9)));
}

/* What Kiln builds in C is what it reads back. */
static void
test_build_terms (void)
{
  g_autoptr(JsonNode) tuple = kiln_term_new_tuple (kiln_term_new_atom ("from_app"), kiln_term_new_string ("x"),
                                                   kiln_term_new_boolean (FALSE), NULL);
  g_autofree char *text = kiln_json_node_dup_text (tuple, FALSE);
  JsonArray *elements = kiln_term_get_tuple (tuple, 3);
  gboolean flag = TRUE;

  g_assert_cmpstr (text, ==, "{\"tuple\":[{\"atom\":\"from_app\"},\"x\",false]}");
  g_assert_cmpstr (kiln_term_get_atom (json_array_get_element (elements, 0)), ==, "from_app");
  g_assert_cmpstr (kiln_term_get_string (json_array_get_element (elements, 1)), ==, "x");
  g_assert_true (kiln_term_get_boolean (json_array_get_element (elements, 2), &flag) && !flag);
}

static void
test_json_depth (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) fine = g_string_new ("\"[[[[[{{{{\"");
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  node = kiln_json_parse (deep->str, deep->len, &error);
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE);
  g_assert_null (node);
  g_clear_error (&error);

  /* Brackets inside strings do not count; the limit itself is allowed. */
  g_string_prepend (fine, "[");
  for (guint i = 1; i < KILN_JSON_MAX_DEPTH; i++)
    g_string_prepend_c (fine, '[');
  for (guint i = 0; i < KILN_JSON_MAX_DEPTH; i++)
    g_string_append_c (fine, ']');
  node = kiln_json_parse (fine->str, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_clear_pointer (&node, json_node_unref);

  node = kiln_json_parse ("  ", -1, &error);
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE);
  g_assert_null (node);
}

/* Only RFC 8259 escapes: json-glib would take some Kiln cannot write back. */
static void
test_json_escapes (void)
{
  static const char * const refused[] = {
    "\"\\x41\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"",
    "\"\\u12\"", "\"\\a\"", "\"tab\there\"", "\"\\",
  };
  static const char * const accepted[] = {
    "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\u00e9\"", "\"\\ud83d\\ude00\"", "\"é\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = kiln_json_parse (refused[i], -1, &error);

      g_test_message ("refused: %s", refused[i]);
      g_assert_null (node);
      g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE);
    }

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = kiln_json_parse (accepted[i], -1, &error);

      g_test_message ("accepted: %s", accepted[i]);
      g_assert_no_error (error);
      g_assert_nonnull (node);
    }
}

/* Wrong types read as missing, without the warnings json-glib gives. */
static void
test_json_readers (void)
{
  g_autoptr(JsonNode) node = parse ("{\"s\": \"v\", \"n\": 7, \"b\": true, \"a\": [{\"x\": 1}, 2], \"o\": {}, \"z\": null}");
  JsonObject *object = json_node_get_object (node);
  JsonArray *array = kiln_json_object_get_array (object, "a");

  g_assert_cmpstr (kiln_json_object_get_string (object, "s", NULL), ==, "v");
  g_assert_cmpstr (kiln_json_object_get_string (object, "n", "fallback"), ==, "fallback");
  g_assert_cmpstr (kiln_json_object_get_string (object, "a", NULL), ==, NULL);
  g_assert_cmpint (kiln_json_object_get_int (object, "n", -1), ==, 7);
  g_assert_cmpint (kiln_json_object_get_int (object, "s", -1), ==, -1);
  g_assert_true (kiln_json_object_get_boolean (object, "b", FALSE));
  g_assert_true (kiln_json_object_get_boolean (object, "z", TRUE));
  g_assert_null (kiln_json_object_get_array (object, "o"));
  g_assert_nonnull (kiln_json_object_get_object (object, "o"));
  g_assert_null (kiln_json_object_get_object (object, "missing"));
  g_assert_nonnull (kiln_json_array_get_object (array, 0));
  g_assert_null (kiln_json_array_get_object (array, 1));
  g_assert_null (kiln_json_array_get_object (array, 2));
  g_assert_null (kiln_json_object_get_string (NULL, "s", NULL));
}

static void
test_json_writers (void)
{
  static const char * const names[] = { "a", "b", NULL };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  kiln_json_builder_add_string (builder, "s", "x");
  kiln_json_builder_add_string (builder, "null", NULL);
  kiln_json_builder_add_boolean (builder, "b", TRUE);
  kiln_json_builder_add_int (builder, "i", -3);
  kiln_json_builder_add_size (builder, "size", G_MAXUINT64);
  kiln_json_builder_add_strv (builder, "v", names);
  kiln_json_builder_add_node (builder, "t", kiln_term_new_atom ("ok"));
  json_builder_end_object (builder);
  text = kiln_json_builder_dup_text (builder);

  g_assert_cmpstr (text, ==,
                   "{\n"
                   "  \"s\" : \"x\",\n"
                   "  \"null\" : null,\n"
                   "  \"b\" : true,\n"
                   "  \"i\" : -3,\n"
                   "  \"size\" : 9223372036854775807,\n"
                   "  \"v\" : [\n"
                   "    \"a\",\n"
                   "    \"b\"\n"
                   "  ],\n"
                   "  \"t\" : {\n"
                   "    \"atom\" : \"ok\"\n"
                   "  }\n"
                   "}");
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
write_text (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

/* A second name never replaces an earlier one. */
static void
test_files_set_aside (void)
{
  g_autofree char *dir = kiln_test_make_temp_dir ("aside");
  g_autofree char *path = g_build_filename (dir, "record.json", NULL);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf buf;

  write_text (path, "one");
  first = kiln_files_set_aside (path, ".corrupt", FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (first, "/record.json.corrupt"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  write_text (path, "two");
  second = kiln_files_set_aside (path, ".corrupt", FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (second, "/record.json.corrupt-2"));
  text = read_text (first);
  g_assert_cmpstr (text, ==, "one");
  g_clear_pointer (&text, g_free);
  text = read_text (second);
  g_assert_cmpstr (text, ==, "two");
  g_clear_pointer (&text, g_free);

  /* Keeping the original: both names, same bytes and mode. */
  write_text (path, "three");
  g_chmod (path, 0640);
  copy = kiln_files_set_aside (path, ".corrupt", TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (copy, "/record.json.corrupt-3"));
  text = read_text (path);
  g_assert_cmpstr (text, ==, "three");
  g_clear_pointer (&text, g_free);
  text = read_text (copy);
  g_assert_cmpstr (text, ==, "three");
  g_assert_cmpint (g_stat (copy, &buf), ==, 0);
  g_assert_cmpint (buf.st_mode & 0777, ==, 0640);

  g_clear_pointer (&path, g_free);
  path = g_build_filename (dir, "missing", NULL);
  g_assert_null (kiln_files_set_aside (path, ".corrupt", FALSE, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  kiln_test_remove_tree (dir);
}

/* The backup of a symbolic link holds what it pointed to, as a file. */
static void
test_files_backup_of_link (void)
{
  g_autofree char *dir = kiln_test_make_temp_dir ("link");
  g_autofree char *target = g_build_filename (dir, "shared.exs", NULL);
  g_autofree char *path = g_build_filename (dir, "mix.exs", NULL);
  g_autofree char *backup = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  write_text (target, "old");
  g_assert_cmpint (symlink ("shared.exs", path), ==, 0);

  g_assert_true (kiln_files_replace (path, "new", -1, 0644, ".kiln-backup", &backup, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (backup, G_FILE_TEST_IS_SYMLINK));
  text = read_text (backup);
  g_assert_cmpstr (text, ==, "old");
  g_clear_pointer (&text, g_free);
  text = read_text (path);
  g_assert_cmpstr (text, ==, "new");

  kiln_test_remove_tree (dir);
}

static void
test_files_replace (void)
{
  g_autofree char *dir = kiln_test_make_temp_dir ("replace");
  g_autofree char *path = g_build_filename (dir, "mix.exs", NULL);
  g_autofree char *backup = NULL;
  g_autofree char *second_backup = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf buf;

  /* Nothing to keep yet. */
  g_assert_true (kiln_files_replace (path, "A", -1, 0600, ".kiln-backup", &backup, &error));
  g_assert_no_error (error);
  g_assert_null (backup);
  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  g_assert_cmpint (buf.st_mode & 0777, ==, 0600);

  g_chmod (path, 0751);
  g_assert_true (kiln_files_replace (path, "B", 1, 0644, ".kiln-backup", &backup, &error));
  g_assert_true (g_str_has_suffix (backup, "/mix.exs.kiln-backup"));
  g_assert_true (kiln_files_replace (path, "C", -1, 0644, ".kiln-backup", &second_backup, &error));
  g_assert_true (g_str_has_suffix (second_backup, "/mix.exs.kiln-backup-2"));

  text = read_text (path);
  g_assert_cmpstr (text, ==, "C");
  g_clear_pointer (&text, g_free);
  text = read_text (backup);
  g_assert_cmpstr (text, ==, "A");
  g_clear_pointer (&text, g_free);
  text = read_text (second_backup);
  g_assert_cmpstr (text, ==, "B");
  g_assert_cmpint (g_stat (backup, &buf), ==, 0);
  g_assert_cmpint (buf.st_mode & 0777, ==, 0751);

  /* No backup asked for: the file is simply replaced. */
  g_clear_pointer (&backup, g_free);
  g_assert_true (kiln_files_replace (path, "", 0, 0644, NULL, &backup, &error));
  g_assert_null (backup);
  g_clear_pointer (&text, g_free);
  text = read_text (path);
  g_assert_cmpstr (text, ==, "");

  kiln_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  kiln_test_init (&argc, &argv);

  g_test_add_func ("/values/quote-cases", test_quote_cases);
  g_test_add_func ("/values/quote-term", test_quote_term);
  g_test_add_func ("/values/round-trip-in-elixir", test_round_trip_in_elixir);
  g_test_add_func ("/values/read-terms", test_read_terms);
  g_test_add_func ("/values/build-terms", test_build_terms);
  g_test_add_func ("/values/json-depth", test_json_depth);
  g_test_add_func ("/values/json-escapes", test_json_escapes);
  g_test_add_func ("/values/json-readers", test_json_readers);
  g_test_add_func ("/values/json-writers", test_json_writers);
  g_test_add_func ("/files/set-aside", test_files_set_aside);
  g_test_add_func ("/files/replace", test_files_replace);
  g_test_add_func ("/files/backup-of-link", test_files_backup_of_link);

  return g_test_run ();
}
