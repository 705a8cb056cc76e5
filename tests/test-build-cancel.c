#include "config.h"

#include <glib/gstdio.h>

#include "kiln-build-test-util.h"
#include "kiln-engine.h"
#include "kiln-test-util.h"

/* Long enough that the build is surely still in the step when cancelled,
 * short enough that a cancel that does not work only costs a few seconds. */
#define SLEEP_MS "5000"

static KilnReleaseProfile *
new_profile (void)
{
  const char *no_formats[] = { NULL };
  KilnReleaseProfile *profile = kiln_release_profile_new ("single_app");

  kiln_release_profile_set_mix_env (profile, "prod");
  kiln_release_profile_set_cookie (profile, "cancel-test-cookie");
  kiln_release_profile_set_package_formats (profile, no_formats);

  return profile;
}

static void
build_first_release (const char *project)
{
  g_autoptr(KilnReleaseProfile) profile = new_profile ();
  g_autoptr(KilnBuild) build = kiln_build_new (project, profile);
  g_autoptr(KilnBuildRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  kiln_build_set_verify (build, FALSE);
  record = kiln_test_run_build (build, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);
}

static void
cancel_during (const char         *project,
               KilnReleaseProfile *profile,
               const char         *step_id)
{
  g_autoptr(KilnBuild) build = kiln_build_new (project, profile);
  g_autoptr(KilnBuildRecord) record = NULL;
  g_autoptr(KilnBuildHistory) history = NULL;
  g_autoptr(KilnBuildRecord) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *release = g_build_filename (project, "_build", "prod", "rel", "single_app", NULL);
  g_autofree char *staging = g_build_filename (project, "_build", "prod", "rel", ".single_app.kiln-staging", NULL);
  g_autofree char *before = kiln_test_dup_tree_manifest (release);
  g_autofree char *after = NULL;
  KilnBuildStep *step;

  kiln_build_set_verify (build, FALSE);

  record = kiln_test_run_build_cancelled_at (build, step_id, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (record);
  g_assert_cmpint (kiln_build_get_state (build), ==, KILN_BUILD_STATE_CANCELLED);

  step = kiln_build_get_step (build, step_id);
  g_assert_cmpint (kiln_build_step_get_state (step), ==, KILN_BUILD_STEP_CANCELLED);
  g_assert_cmpint (kiln_build_step_get_state (kiln_build_get_step (build, "package")), ==,
                   KILN_BUILD_STEP_PENDING);

  g_assert_true (kiln_test_no_process_mentions (project));
  g_assert_false (g_file_test (staging, G_FILE_TEST_EXISTS));

  after = kiln_test_dup_tree_manifest (release);
  kiln_test_assert_manifests_equal (after, before, NULL);

  g_assert_cmpint (kiln_build_record_get_result (kiln_build_get_record (build)), ==,
                   KILN_BUILD_RESULT_CANCELLED);
  g_clear_error (&error);
  history = kiln_build_history_new (project);
  kiln_build_history_reload (history, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), >=, 2);
  saved = g_list_model_get_item (G_LIST_MODEL (history), 0);
  g_assert_cmpstr (kiln_build_record_get_id (saved), ==, kiln_build_record_get_id (kiln_build_get_record (build)));
  g_assert_cmpint (kiln_build_record_get_result (saved), ==, KILN_BUILD_RESULT_CANCELLED);
}

static void
write_file (const char *path,
            const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
test_cancel (void)
{
  g_autofree char *project = NULL;
  g_autofree char *slow_module = NULL;
  g_autoptr(KilnReleaseProfile) profile = NULL;
  g_autoptr(KilnReleaseProfile) slow_template = NULL;

  if (!kiln_test_toolchain_available ())
    {
      g_test_skip ("Elixir is not installed");
      return;
    }

  project = kiln_test_copy_fixture ("single_app");
  build_first_release (project);

  /* (a) Compiling a module whose body sleeps. */
  slow_module = g_build_filename (project, "lib", "slow.ex", NULL);
  write_file (slow_module, "defmodule Slow do\n  Process.sleep(" SLEEP_MS ")\n  def ok, do: :ok\nend\n");
  profile = new_profile ();
  cancel_during (project, profile, "compile");
  g_assert_cmpint (g_unlink (slow_module), ==, 0);

  /* (b) Assembling, while Mix renders a template that sleeps. */
  slow_template = new_profile ();
  kiln_release_profile_set_template (slow_template, KILN_RELEASE_TEMPLATE_ENV_SH,
                                     "#!/bin/sh\n<% Process.sleep(" SLEEP_MS ") %>\n");
  cancel_during (project, slow_template, "assemble");

  kiln_test_remove_tree (project);
}

int
main (int   argc,
      char *argv[])
{
  kiln_test_init (&argc, &argv);

  g_test_add_func ("/build/cancel", test_cancel);

  return g_test_run ();
}
