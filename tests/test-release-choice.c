#include "config.h"

#include <string.h>

#include "kiln-engine.h"
#include "kiln-test-util.h"

static KilnProject *
inspect (const char *project_dir)
{
  g_autoptr(GError) error = NULL;
  KilnProject *project = kiln_project_inspect (project_dir, kiln_test_get_toolchain (), NULL, &error);

  g_assert_no_error (error);
  return project;
}

static void
test_default_and_named (void)
{
  g_autofree char *project_dir = NULL;
  g_autoptr(KilnProject) project = NULL;
  g_autoptr(KilnReleaseProfile) chosen = NULL;
  g_autoptr(KilnReleaseProfile) slim = NULL;
  g_autoptr(KilnReleaseProfile) missing = NULL;
  g_autoptr(GError) error = NULL;

  if (kiln_test_skip_without_toolchain ())
    return;

  project_dir = kiln_test_copy_fixture ("single_app");
  project = inspect (project_dir);
  g_assert_null (kiln_release_choice_dup_candidates (project));

  chosen = kiln_release_choice_choose (project, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kiln_release_profile_get_name (chosen), ==, "single_app");
  g_assert_cmpstr (kiln_release_profile_get_cookie (chosen), ==, "single-app-cookie");

  slim = kiln_release_choice_choose (project, NULL, "slim", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kiln_release_profile_get_version (slim), ==, "0.9.0");

  missing = kiln_release_choice_choose (project, NULL, "nope", NULL, &error);
  g_assert_null (missing);
  g_assert_error (error, KILN_ERROR, KILN_ERROR_PROFILE_INVALID);
  g_assert_nonnull (strstr (error->message, "“nope”"));
  g_assert_nonnull (strstr (error->message, "single_app, slim"));
}

static void
test_ambiguous (void)
{
  g_autofree char *project_dir = NULL;
  g_autoptr(KilnProject) project = NULL;
  g_autoptr(KilnReleaseProfile) chosen = NULL;
  g_autoptr(KilnReleaseProfile) named = NULL;
  g_auto(GStrv) candidates = NULL;
  g_autoptr(GError) error = NULL;

  if (kiln_test_skip_without_toolchain ())
    return;

  project_dir = kiln_test_copy_fixture ("two_releases");
  project = inspect (project_dir);

  candidates = kiln_release_choice_dup_candidates (project);
  g_assert_nonnull (candidates);
  g_assert_cmpuint (g_strv_length (candidates), ==, 2);
  g_assert_cmpstr (candidates[0], ==, "web");
  g_assert_cmpstr (candidates[1], ==, "worker");

  /* Not the first one silently: an error that names the choices. */
  chosen = kiln_release_choice_choose (project, NULL, NULL, NULL, &error);
  g_assert_null (chosen);
  g_assert_error (error, KILN_ERROR, KILN_ERROR_PROFILE_INVALID);
  g_assert_nonnull (strstr (error->message, "web, worker"));
  g_clear_error (&error);

  named = kiln_release_choice_choose (project, NULL, "worker", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kiln_release_profile_get_name (named), ==, "worker");
}

static void
test_saved_profile (void)
{
  g_autofree char *project_dir = NULL;
  g_autoptr(KilnProject) project = NULL;
  g_autoptr(KilnProfileStore) store = NULL;
  g_autoptr(KilnReleaseProfile) saved = NULL;
  g_autoptr(KilnReleaseProfile) chosen = NULL;
  g_autoptr(KilnReleaseProfile) missing = NULL;
  g_autoptr(GError) error = NULL;

  if (kiln_test_skip_without_toolchain ())
    return;

  project_dir = kiln_test_copy_fixture ("two_releases");
  project = inspect (project_dir);
  store = kiln_profile_store_new (project_dir);

  missing = kiln_release_choice_choose (project, store, NULL, "staging", &error);
  g_assert_null (missing);
  g_assert_error (error, KILN_ERROR, KILN_ERROR_PROFILE_INVALID);
  g_assert_nonnull (strstr (error->message, "“staging”"));
  g_clear_error (&error);

  saved = kiln_release_profile_new ("staging");
  kiln_release_profile_set_version (saved, "7.0.0");
  g_assert_true (kiln_profile_store_save (store, saved, &error));
  g_assert_no_error (error);

  chosen = kiln_release_choice_choose (project, store, NULL, "staging", &error);
  g_assert_no_error (error);
  g_assert_true (chosen != saved);
  g_assert_cmpstr (kiln_release_profile_get_version (chosen), ==, "7.0.0");

  g_clear_object (&missing);
  missing = kiln_release_choice_choose (project, store, NULL, "nope", &error);
  g_assert_null (missing);
  g_assert_nonnull (strstr (error->message, "staging"));
}

static void
test_no_release_in_mix_exs (void)
{
  g_autofree char *project_dir = NULL;
  g_autoptr(KilnProject) project = NULL;
  g_autoptr(KilnReleaseProfile) chosen = NULL;
  g_autoptr(KilnReleaseProfile) named = NULL;
  g_autoptr(KilnReleaseProfile) other = NULL;
  g_autoptr(GError) error = NULL;

  if (kiln_test_skip_without_toolchain ())
    return;

  project_dir = kiln_test_copy_fixture ("distillery_single");
  project = inspect (project_dir);

  chosen = kiln_release_choice_choose (project, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kiln_release_profile_get_name (chosen), ==, "dsingle");

  /* mix release APP builds that same default release. */
  named = kiln_release_choice_choose (project, NULL, "dsingle", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kiln_release_profile_get_name (named), ==, "dsingle");

  other = kiln_release_choice_choose (project, NULL, "other", NULL, &error);
  g_assert_null (other);
  g_assert_error (error, KILN_ERROR, KILN_ERROR_PROFILE_INVALID);
  g_assert_nonnull (strstr (error->message, "“dsingle”"));
}

int
main (int    argc,
      char **argv)
{
  kiln_test_init (&argc, &argv);

  g_test_add_func ("/release-choice/default-and-named", test_default_and_named);
  g_test_add_func ("/release-choice/ambiguous", test_ambiguous);
  g_test_add_func ("/release-choice/saved-profile", test_saved_profile);
  g_test_add_func ("/release-choice/no-release-in-mix-exs", test_no_release_in_mix_exs);

  return g_test_run ();
}
