#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "kiln-build-test-util.h"
#include "kiln-engine.h"
#include "kiln-error.h"
#include "kiln-test-util.h"

/* A build commits last: until its swap, the last release, archives and
 * checksums stay byte for byte as they were; two builds of one release
 * never run at once. */

static const char *formats[] = { "tar.gz", "zip", NULL };

static KilnReleaseProfile *
new_profile (void)
{
  KilnReleaseProfile *profile = kiln_release_profile_new ("single_app");

  kiln_release_profile_set_mix_env (profile, "prod");
  kiln_release_profile_set_cookie (profile, "commit-test-cookie");
  kiln_release_profile_set_package_formats (profile, formats);

  return profile;
}

static KilnBuildRecord *
build_once (const char  *project,
            GError     **error)
{
  g_autoptr(KilnReleaseProfile) profile = new_profile ();
  g_autoptr(KilnBuild) build = kiln_build_new (project, profile);

  return kiln_test_run_build (build, NULL, error);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The release folder and every file Kiln wrote beside its archives. */
static char *
dup_outputs_manifest (const char *project)
{
  g_autofree char *release = g_build_filename (project, "_build", "prod", "rel", "single_app", NULL);
  g_autofree char *kiln_dir = g_build_filename (project, "_build", "prod", "kiln", NULL);
  g_autofree char *tree = kiln_test_dup_tree_manifest (release);
  g_autoptr(GString) manifest = g_string_new (tree);
  g_autoptr(GDir) dir = g_dir_open (kiln_dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "single_app-") || g_str_has_prefix (name, ".single_app-"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (kiln_dir, (char *) names->pdata[i], NULL);
      g_autofree char *file = kiln_test_dup_tree_manifest (path);

      g_string_append_printf (manifest, "== %s\n%s", (char *) names->pdata[i], file);
    }

  return g_string_free (g_steal_pointer (&manifest), FALSE);
}

static void
assert_release_boots (const char *project)
{
  g_autofree char *script = g_build_filename (project, "_build", "prod", "rel", "single_app", "bin", "single_app", NULL);
  g_autofree char *tmp = g_dir_make_tmp ("kiln-commit-XXXXXX", NULL);
  g_autofree char *tmp_env = g_strconcat ("RELEASE_TMP=", tmp, NULL);
  g_autofree char *out = NULL;
  const char *argv[] = { script, "eval", "IO.puts(:booted)", NULL };
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  int status = -1;

  envp = g_environ_setenv (envp, "RELEASE_TMP", tmp, TRUE);
  envp = g_environ_setenv (envp, "RELEASE_DISTRIBUTION", "none", TRUE);
  g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "booted"));
  kiln_test_remove_tree (tmp);
}

static void
build_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_two_at_once (void)
{
  g_autofree char *project = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnBuildRecord) first = NULL;

  if (!kiln_test_toolchain_available ())
    {
      g_test_skip ("Elixir is not installed");
      return;
    }

  project = kiln_test_copy_fixture ("single_app");
  first = build_once (project, &error);
  g_assert_no_error (error);

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(KilnReleaseProfile) profile = new_profile ();
      g_autoptr(KilnBuild) a = kiln_build_new (project, profile);
      g_autoptr(KilnBuild) b = kiln_build_new (project, profile);
      GAsyncResult *result_a = NULL, *result_b = NULL;
      g_autoptr(KilnBuildRecord) record_a = NULL;
      g_autoptr(KilnBuildRecord) record_b = NULL;
      g_autoptr(GError) error_a = NULL;
      g_autoptr(GError) error_b = NULL;
      g_autofree char *expected = g_strdup_printf ("(pid %d)", (int) getpid ());
      GError *refused;

      kiln_build_run_async (a, NULL, build_done_cb, &result_a);
      kiln_build_run_async (b, NULL, build_done_cb, &result_b);
      while (result_a == NULL || result_b == NULL)
        g_main_context_iteration (NULL, TRUE);

      record_a = kiln_build_run_finish (a, result_a, &error_a);
      record_b = kiln_build_run_finish (b, result_b, &error_b);
      g_object_unref (result_a);
      g_object_unref (result_b);

      /* Exactly one ran; the other was refused at once, naming the first. */
      g_assert_true ((record_a != NULL) != (record_b != NULL));
      refused = error_a != NULL ? error_a : error_b;
      g_assert_error (refused, KILN_ERROR, KILN_ERROR_BUILD_RUNNING);
      g_assert_nonnull (strstr (refused->message, "single_app"));
      g_assert_nonnull (strstr (refused->message, expected));

      assert_release_boots (project);
    }

  kiln_test_remove_tree (project);
}

static void
assert_no_staged_files (const char *project)
{
  g_autofree char *manifest = dup_outputs_manifest (project);
  g_autofree char *staging = g_build_filename (project, "_build", "prod", "rel", ".single_app.kiln-staging", NULL);

  g_assert_null (strstr (manifest, "kiln-new"));
  g_assert_null (strstr (manifest, "kiln-previous"));
  g_assert_false (g_file_test (staging, G_FILE_TEST_EXISTS));
}

static void
test_boot_check_fails (void)
{
  g_autofree char *project = NULL;
  g_autofree char *runtime = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(KilnBuildRecord) first = NULL;
  g_autoptr(KilnBuildRecord) second = NULL;
  g_autoptr(GError) error = NULL;

  if (!kiln_test_toolchain_available ())
    {
      g_test_skip ("Elixir is not installed");
      return;
    }

  project = kiln_test_copy_fixture ("single_app");
  first = build_once (project, &error);
  g_assert_no_error (error);
  before = dup_outputs_manifest (project);
  g_assert_nonnull (strstr (before, ".tar.gz.sha256"));
  g_assert_nonnull (strstr (before, ".zip.sha256"));

  /* Builds and packages fine, but the release then fails at start. */
  runtime = g_build_filename (project, "config", "runtime.exs", NULL);
  g_file_set_contents (runtime, "import Config\nraise \"single_app refuses to start\"\n", -1, &error);
  g_assert_no_error (error);

  second = build_once (project, &error);
  g_assert_null (second);
  g_assert_nonnull (error);
  g_assert_false (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));

  after = dup_outputs_manifest (project);
  kiln_test_assert_manifests_equal (after, before, NULL);
  assert_no_staged_files (project);

  kiln_test_remove_tree (project);
}

/* Cancelled as each step begins, the verify step (after packaging) too. */
static void
test_cancel_at_every_step (void)
{
  const char *steps[] = { "check-toolchain", "dependencies", "compile", "assemble", "package", "verify", NULL };
  g_autofree char *project = NULL;
  g_autofree char *before = NULL;
  g_autofree char *source = NULL;
  g_autoptr(KilnBuildRecord) first = NULL;
  g_autoptr(GError) error = NULL;

  if (!kiln_test_toolchain_available ())
    {
      g_test_skip ("Elixir is not installed");
      return;
    }

  project = kiln_test_copy_fixture ("single_app");
  first = build_once (project, &error);
  g_assert_no_error (error);
  before = dup_outputs_manifest (project);

  /* A change, so that a build that went through would differ. */
  source = g_build_filename (project, "lib", "changed.ex", NULL);
  g_file_set_contents (source, "defmodule Changed do\n  def ok, do: :ok\nend\n", -1, &error);
  g_assert_no_error (error);

  for (guint i = 0; steps[i] != NULL; i++)
    {
      g_autoptr(KilnReleaseProfile) profile = new_profile ();
      g_autoptr(KilnBuild) build = kiln_build_new (project, profile);
      g_autoptr(KilnBuildRecord) record = NULL;
      g_autofree char *after = NULL;

      g_test_message ("Cancelling as %s begins", steps[i]);
      record = kiln_test_run_build_cancelled_at (build, steps[i], &error);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_null (record);
      g_clear_error (&error);

      after = dup_outputs_manifest (project);
      kiln_test_assert_manifests_equal (after, before, NULL);
      assert_no_staged_files (project);
    }

  assert_release_boots (project);
  kiln_test_remove_tree (project);
}

int
main (int   argc,
      char *argv[])
{
  kiln_test_init (&argc, &argv);

  g_test_add_func ("/build-commit/two-at-once", test_two_at_once);
  g_test_add_func ("/build-commit/boot-check-fails", test_boot_check_fails);
  g_test_add_func ("/build-commit/cancel-at-every-step", test_cancel_at_every_step);

  return g_test_run ();
}
