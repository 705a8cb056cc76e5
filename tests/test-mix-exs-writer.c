#include "config.h"

#include <string.h>

#include "kiln-engine.h"
#include "kiln-test-util.h"

static char *
run_process (KilnProcess *process)
{
  g_autoptr(GError) error = NULL;
  int status = -1;

  kiln_process_set_capture_output (process, TRUE);
  kiln_process_run_sync (process, NULL, &status, &error);
  g_assert_no_error (error);
  if (status != 0)
    g_error ("command failed (%d): %s\n%s", status, kiln_process_get_stdout_text (process),
             kiln_process_get_stderr_text (process));

  /* KilnProcess hands output over line by line. */
  return g_strchomp (g_strdup (kiln_process_get_stdout_text (process)));
}

/* What Mix itself sees as the project's releases, as inspect text. */
static char *
mix_releases (const char *dir)
{
  const char *code =
    "Mix.start(); [dir] = System.argv(); "
    "Mix.Project.in_project(:kiln_check, dir, fn _ -> "
    "IO.write(inspect(Mix.Project.config()[:releases], limit: :infinity)) end)";
  const char *arguments[] = { "-e", code, dir, NULL };
  g_autoptr(KilnProcess) process = kiln_toolchain_new_elixir_process (kiln_test_get_toolchain (), dir, arguments);

  return run_process (process);
}

static char *
make_project (const char *mix_exs)
{
  g_autofree char *dir = kiln_test_make_temp_dir ("mix-exs");
  g_autofree char *path = g_build_filename (dir, "mix.exs", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, mix_exs, -1, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&dir);
}

static char *
read_mix_exs (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "mix.exs", NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

/* Everything outside the replaced range must be byte for byte the same. */
static void
assert_only_range_changed (KilnMixExsWriter *writer,
                           const char       *before,
                           const char       *after)
{
  gsize start = kiln_mix_exs_writer_get_range_start (writer);
  gsize end = kiln_mix_exs_writer_get_range_end (writer);
  gsize length = kiln_mix_exs_writer_get_replacement_length (writer);

  g_assert_cmpuint (strlen (after), ==, strlen (before) - (end - start) + length);
  g_assert_cmpint (memcmp (before, after, start), ==, 0);
  g_assert_cmpstr (after + start + length, ==, before + end);
}

static KilnMixExsWriter *
save (const char     *dir,
      const char     *name,
      const char     *options,
      KilnMixExsEdit  expected_edit)
{
  g_autoptr(KilnMixExsWriter) writer = kiln_mix_exs_writer_new (dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = read_mix_exs (dir);
  g_autofree char *after = NULL;
  g_autofree char *backup = NULL;

  kiln_mix_exs_writer_prepare (writer, kiln_test_get_toolchain (), name, options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kiln_mix_exs_writer_get_edit (writer), ==, expected_edit);

  kiln_mix_exs_writer_apply (writer, &error);
  g_assert_no_error (error);

  after = read_mix_exs (dir);
  assert_only_range_changed (writer, before, after);
  g_file_get_contents (kiln_file_change_get_backup_path (kiln_mix_exs_writer_get_change (writer)),
                       &backup, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (backup, ==, before);

  return g_steal_pointer (&writer);
}

static const char no_releases[] =
  "# Top comment “quoted”\n"
  "defmodule Odd.MixProject do\n"
  "  use Mix.Project\n"
  "\n"
  "  @version \"1.0.0\"\n"
  "\n"
  "  def project do\n"
  "    [ app: :odd,   version: @version,\n"
  "      description: \"héllo → wörld\",   deps: deps(),\n"
  "      # the last entry has a comment after it\n"
  "      elixir: \"~> 1.14\" # trailing comment\n"
  "    ]\n"
  "  end\n"
  "\n"
  "  defp deps do\n"
  "    [] # no deps\n"
  "  end\n"
  "end\n";

static void
test_insert_releases_key (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(KilnMixExsWriter) writer = NULL;
  g_autofree char *after = NULL;
  g_autofree char *releases = NULL;

  if (kiln_test_skip_without_toolchain ())
    return;

  dir = make_project (no_releases);
  writer = save (dir, "odd", "[version: \"2.0.0\", include_erts: false, cookie: \"c\"]",
                 KILN_MIX_EXS_EDIT_ADD_RELEASES);

  after = read_mix_exs (dir);
  g_assert_nonnull (strstr (after, "      elixir: \"~> 1.14\", # trailing comment\n"
                                   "      releases: [\n"
                                   "        odd: [\n"
                                   "          version: \"2.0.0\",\n"
                                   "          include_erts: false,\n"
                                   "          cookie: \"c\"\n"
                                   "        ]\n"
                                   "      ]\n"
                                   "    ]\n"));
  releases = mix_releases (dir);
  g_assert_cmpstr (releases, ==, "[odd: [version: \"2.0.0\", include_erts: false, cookie: \"c\"]]");

  kiln_test_remove_tree (dir);
}

static const char with_releases[] =
  "defmodule Rel.MixProject do\n"
  "  use Mix.Project\n"
  "\n"
  "  def project do\n"
  "    [\n"
  "      app: :rel,\n"
  "      version: \"0.1.0\",\n"
  "      releases: [\n"
  "        # first, untouched\n"
  "        alpha: [include_erts: false],\n"
  "        beta: [\n"
  "          version: \"9.9.9\",   # old version\n"
  "          steps: [:assemble]\n"
  "        ],\n"
  "        gamma:   [quiet: true] # odd spacing\n"
  "      ],\n"
  "      deps: []\n"
  "    ]\n"
  "  end\n"
  "end\n";

static void
test_replace_and_insert_among_releases (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(KilnMixExsWriter) replace = NULL;
  g_autoptr(KilnMixExsWriter) insert = NULL;
  g_autofree char *after = NULL;
  g_autofree char *releases = NULL;

  if (kiln_test_skip_without_toolchain ())
    return;

  dir = make_project (with_releases);

  replace = save (dir, "beta", "[version: \"1.0.0\", applications: [rel: :permanent, runtime_tools: :load]]",
                  KILN_MIX_EXS_EDIT_REPLACE_RELEASE);
  after = read_mix_exs (dir);
  g_assert_nonnull (strstr (after, "        # first, untouched\n        alpha: [include_erts: false],\n"
                                   "        beta: [\n          version: \"1.0.0\",\n"
                                   "          applications: [rel: :permanent, runtime_tools: :load]\n        ],\n"
                                   "        gamma:   [quiet: true] # odd spacing\n"));
  g_assert_null (strstr (after, "9.9.9"));
  g_clear_pointer (&after, g_free);

  insert = save (dir, "delta", "[]", KILN_MIX_EXS_EDIT_ADD_RELEASE);
  after = read_mix_exs (dir);
  g_assert_nonnull (strstr (after, "        gamma:   [quiet: true], # odd spacing\n        delta: []\n      ],\n"));
  /* The first save's backup still holds the original. */
  {
    g_autofree char *first_backup_path = g_build_filename (dir, "mix.exs.kiln-backup", NULL);
    g_autofree char *first_backup = NULL;

    g_file_get_contents (first_backup_path, &first_backup, NULL, NULL);
    g_assert_cmpstr (first_backup, ==, with_releases);
    g_assert_true (g_str_has_suffix (kiln_file_change_get_backup_path (kiln_mix_exs_writer_get_change (insert)),
                                     "/mix.exs.kiln-backup-2"));
  }

  releases = mix_releases (dir);
  g_assert_cmpstr (releases, ==,
                   "[alpha: [include_erts: false], "
                   "beta: [version: \"1.0.0\", applications: [rel: :permanent, runtime_tools: :load]], "
                   "gamma: [quiet: true], delta: []]");

  kiln_test_remove_tree (dir);
}

static void
test_empty_releases_and_single_line (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *single = NULL;
  g_autoptr(KilnMixExsWriter) first = NULL;
  g_autoptr(KilnMixExsWriter) second = NULL;
  g_autofree char *releases = NULL;
  g_autofree char *single_releases = NULL;

  if (kiln_test_skip_without_toolchain ())
    return;

  dir = make_project ("defmodule E.MixProject do\n  use Mix.Project\n\n"
                      "  def project do\n    [app: :e, version: \"0.1.0\", releases: []]\n  end\nend\n");
  first = save (dir, "e", "[quiet: true]", KILN_MIX_EXS_EDIT_ADD_RELEASE);
  releases = mix_releases (dir);
  g_assert_cmpstr (releases, ==, "[e: [quiet: true]]");

  single = make_project ("defmodule S.MixProject do\n  use Mix.Project\n  def project, do: [app: :s, version: \"0.1.0\"]\nend\n");
  second = save (single, "my-rel", "[quiet: true]", KILN_MIX_EXS_EDIT_ADD_RELEASES);
  single_releases = mix_releases (single);
  g_assert_cmpstr (single_releases, ==, "[\"my-rel\": [quiet: true]]");

  kiln_test_remove_tree (dir);
  kiln_test_remove_tree (single);
}

static void
test_refuses_code_it_cannot_edit (void)
{
  const char *sources[] = {
    "defmodule C.MixProject do\n  use Mix.Project\n  def project, do: [app: :c, releases: releases()]\n"
    "  defp releases, do: []\nend\n",
    "defmodule C.MixProject do\n  use Mix.Project\n  def project, do: Keyword.merge([app: :c], [])\nend\n",
    "defmodule C.MixProject do\n  use Mix.Project\n  def project do\n    [app: :c\n  end\nend\n",
  };

  if (kiln_test_skip_without_toolchain ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      g_autofree char *dir = make_project (sources[i]);
      g_autoptr(KilnMixExsWriter) writer = kiln_mix_exs_writer_new (dir);
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;

      g_assert_false (kiln_mix_exs_writer_prepare (writer, kiln_test_get_toolchain (), "c", "[]", NULL, &error));
      g_assert_error (error, KILN_ERROR, KILN_ERROR_PROJECT_INVALID);
      g_assert_null (kiln_mix_exs_writer_get_change (writer));
      after = read_mix_exs (dir);
      g_assert_cmpstr (after, ==, sources[i]);
      kiln_test_remove_tree (dir);
    }
}

static void
test_refuses_when_changed (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(KilnMixExsWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *after = NULL;
  const char *edited = "# someone else was here\n";

  if (kiln_test_skip_without_toolchain ())
    return;

  dir = make_project (with_releases);
  writer = kiln_mix_exs_writer_new (dir);
  kiln_mix_exs_writer_prepare (writer, kiln_test_get_toolchain (), "alpha", "[quiet: true]", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (kiln_mix_exs_writer_get_diff (writer),
                            "-        alpha: [include_erts: false],\n+        alpha: [\n+          quiet: true\n"));

  path = g_build_filename (dir, "mix.exs", NULL);
  g_file_set_contents (path, edited, -1, &error);
  g_assert_no_error (error);

  g_assert_false (kiln_mix_exs_writer_apply (writer, &error));
  g_assert_error (error, KILN_ERROR, KILN_ERROR_PROJECT_INVALID);
  after = read_mix_exs (dir);
  g_assert_cmpstr (after, ==, edited);
  backup = g_build_filename (dir, "mix.exs.kiln-backup", NULL);
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));

  kiln_test_remove_tree (dir);
}

static void
prepared_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  kiln_mix_exs_writer_prepare_profile_finish (KILN_MIX_EXS_WRITER (object), result, &error);
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_save_profile (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(KilnReleaseProfile) profile = NULL;
  g_autoptr(KilnMixExsWriter) writer = NULL;
  g_autoptr(KilnMixExsWriter) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *releases = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *options = NULL;
  gboolean done = FALSE;

  if (kiln_test_skip_without_toolchain ())
    return;

  dir = make_project (with_releases);
  profile = kiln_release_profile_new ("gamma");
  kiln_release_profile_set_version (profile, "3.1.4");
  kiln_release_profile_set_include_erts (profile, KILN_INCLUDE_ERTS_NO);
  kiln_release_profile_set_cookie (profile, "pie");

  writer = kiln_mix_exs_writer_new (dir);
  kiln_mix_exs_writer_prepare_profile_async (writer, kiln_test_get_toolchain (), profile, NULL, prepared_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpint (kiln_mix_exs_writer_get_edit (writer), ==, KILN_MIX_EXS_EDIT_REPLACE_RELEASE);
  kiln_mix_exs_writer_apply (writer, &error);
  g_assert_no_error (error);

  /* Mix reads back exactly what the profile renders. */
  options = kiln_release_profile_render_release_options (profile);
  releases = mix_releases (dir);
  {
    const char *code = "[options] = System.argv(); IO.write(inspect(elem(Code.eval_string(options), 0), limit: :infinity))";
    const char *arguments[] = { "-e", code, options, NULL };
    g_autoptr(KilnProcess) process = kiln_toolchain_new_elixir_process (kiln_test_get_toolchain (), dir, arguments);
    g_autofree char *gamma = run_process (process);
    expected = g_strdup_printf ("gamma: %s]", gamma);
  }
  g_assert_true (g_str_has_suffix (releases, expected));

  /* Saving the same profile again changes nothing. */
  again = kiln_mix_exs_writer_new (dir);
  kiln_mix_exs_writer_prepare_profile (again, kiln_test_get_toolchain (), profile, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kiln_file_change_get_is_unchanged (kiln_mix_exs_writer_get_change (again)));
  g_assert_cmpstr (kiln_mix_exs_writer_get_diff (again), ==, "");

  kiln_test_remove_tree (dir);
}

/* The engine's unified diff must be one `patch` accepts and that turns the
 * old text into the new one. */
static void
test_diff_applies_with_patch (void)
{
  const char *pairs[][2] = {
    { "a\nb\nc\n", "a\nB\nc\n" },
    { "a\nb\nc\n", "a\nc\n" },
    { "", "new\nfile\n" },
    { "one\ntwo\n", "" },
    { "no newline", "no newline\nnow two" },
    { "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n18\n19\n20\n",
      "1\n2x\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n18\n19x\n20\n21\n" },
    { "x\ny\nz\n", "y\nz\nx\n" },
  };
  g_autofree char *dir = NULL;

  dir = kiln_test_make_temp_dir ("diff");

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_autofree char *old_path = g_build_filename (dir, "file", NULL);
      g_autofree char *patch_path = g_build_filename (dir, "change.patch", NULL);
      g_autofree char *diff = kiln_unified_diff ("a/file", "b/file", pairs[i][0], pairs[i][1]);
      g_autofree char *result = NULL;
      g_autoptr(KilnProcess) process = NULL;
      g_autoptr(GError) error = NULL;
      int status = -1;

      g_file_set_contents (old_path, pairs[i][0], -1, &error);
      g_assert_no_error (error);
      g_file_set_contents (patch_path, diff, -1, &error);
      g_assert_no_error (error);

      process = kiln_process_newv (dir, "patch", "-s", "-p1", "-i", patch_path, NULL);
      kiln_process_set_capture_output (process, TRUE);
      kiln_process_run_sync (process, NULL, &status, &error);
      g_assert_no_error (error);
      if (status != 0)
        g_error ("patch rejected diff %u:\n%s\n%s", i, diff, kiln_process_get_stdout_text (process));

      g_file_get_contents (old_path, &result, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (result, ==, pairs[i][1]);
    }

  {
    g_autofree char *none = kiln_unified_diff ("a", "b", "same\n", "same\n");
    g_assert_cmpstr (none, ==, "");
  }

  kiln_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  kiln_test_init (&argc, &argv);

  g_test_add_func ("/mix-exs-writer/diff-applies-with-patch", test_diff_applies_with_patch);
  g_test_add_func ("/mix-exs-writer/insert-releases-key", test_insert_releases_key);
  g_test_add_func ("/mix-exs-writer/replace-and-insert-among-releases", test_replace_and_insert_among_releases);
  g_test_add_func ("/mix-exs-writer/empty-releases-and-single-line", test_empty_releases_and_single_line);
  g_test_add_func ("/mix-exs-writer/refuses-code-it-cannot-edit", test_refuses_code_it_cannot_edit);
  g_test_add_func ("/mix-exs-writer/refuses-when-changed", test_refuses_when_changed);
  g_test_add_func ("/mix-exs-writer/save-profile", test_save_profile);

  status = g_test_run ();
  return status;
}
