#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sys/stat.h>

#include "kiln-build-test-util.h"
#include "kiln-engine.h"
#include "kiln-test-util.h"

/* The fixtures' mix.exs release entries in the inspection encoding. */
static const char single_app_options[] =
  "[{\"key\":\"include_executables_for\",\"value\":[{\"atom\":\"unix\"}],\"code\":\"[:unix]\",\"code_valid\":true},"
  "{\"key\":\"strip_beams\",\"value\":[{\"tuple\":[{\"atom\":\"keep\"},[\"Docs\"]]}],\"code\":\"[keep: [\\\"Docs\\\"]]\",\"code_valid\":true},"
  "{\"key\":\"cookie\",\"value\":\"single-app-cookie\",\"code\":\"\\\"single-app-cookie\\\"\",\"code_valid\":true},"
  "{\"key\":\"applications\",\"value\":[{\"tuple\":[{\"atom\":\"single_app\"},{\"atom\":\"permanent\"}]},"
  "{\"tuple\":[{\"atom\":\"runtime_tools\"},{\"atom\":\"load\"}]}],"
  "\"code\":\"[single_app: :permanent, runtime_tools: :load]\",\"code_valid\":true}]";

static const char umbrella_options[] =
  "[{\"key\":\"applications\",\"value\":[{\"tuple\":[{\"atom\":\"alpha\"},{\"atom\":\"permanent\"}]},"
  "{\"tuple\":[{\"atom\":\"beta\"},{\"atom\":\"transient\"}]}],"
  "\"code\":\"[alpha: :permanent, beta: :transient]\",\"code_valid\":true},"
  "{\"key\":\"include_executables_for\",\"value\":[{\"atom\":\"unix\"}],\"code\":\"[:unix]\",\"code_valid\":true},"
  "{\"key\":\"cookie\",\"value\":\"umbrella-cookie\",\"code\":\"\\\"umbrella-cookie\\\"\",\"code_valid\":true}]";

static const char slim_options[] =
  "[{\"key\":\"include_erts\",\"value\":false,\"code\":\"false\",\"code_valid\":true},"
  "{\"key\":\"version\",\"value\":\"0.9.0\",\"code\":\"\\\"0.9.0\\\"\",\"code_valid\":true},"
  "{\"key\":\"steps\",\"value\":[{\"atom\":\"assemble\"},{\"atom\":\"tar\"}],\"code\":\"[:assemble, :tar]\",\"code_valid\":true},"
  "{\"key\":\"quiet\",\"value\":true,\"code\":\"true\",\"code_valid\":true}]";

static KilnReleaseProfile *
profile_from_mix_release (const char *name,
                          const char *options_json)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  KilnReleaseProfile *profile;

  node = json_from_string (options_json, &error);
  g_assert_no_error (error);

  profile = kiln_release_profile_new_from_mix_release (name, json_node_get_array (node), &error);
  g_assert_no_error (error);
  kiln_release_profile_set_mix_env (profile, "prod");

  return profile;
}

static void
run_mix_release (const char *project_dir,
                 const char *name)
{
  g_autoptr(KilnProcess) process = kiln_process_newv (project_dir, "mix", "release", name, NULL);
  g_autoptr(GError) error = NULL;
  int exit_status = -1;

  kiln_process_setenv (process, "MIX_ENV", "prod");
  kiln_process_set_capture_output (process, TRUE);
  kiln_process_run_sync (process, NULL, &exit_status, &error);
  g_assert_no_error (error);
  if (exit_status != 0)
    g_printerr ("%s\n%s\n", kiln_process_get_stdout_text (process), kiln_process_get_stderr_text (process));
  g_assert_cmpint (exit_status, ==, 0);
}

static gboolean
log_has_line (KilnLogModel *log,
              const char   *step,
              const char   *needle)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (log));

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(KilnLogLine) line = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (g_strcmp0 (kiln_log_line_get_step (line), step) == 0
          && strstr (kiln_log_line_get_text (line), needle) != NULL)
        return TRUE;
    }

  return FALSE;
}

static KilnBuildStepState
step_state (KilnBuild  *build,
            const char *id)
{
  return kiln_build_step_get_state (kiln_build_get_step (build, id));
}

static KilnBuildRecord *
newest_saved_record (const char *project_dir,
                     guint       expected_count)
{
  g_autoptr(KilnBuildHistory) history = kiln_build_history_new (project_dir);
  g_autoptr(GError) error = NULL;

  kiln_build_history_reload (history, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, expected_count);
  if (expected_count == 0)
    return NULL;

  return g_list_model_get_item (G_LIST_MODEL (history), 0);
}

/* The engine and `mix release` by hand give the same tree, byte for byte. */
static void
assert_same_release_as_mix (const char *fixture,
                            const char *release_name,
                            const char *options_json,
                            gboolean    is_umbrella,
                            gboolean    package,
                            const char *tarball)
{
  g_autofree char *engine_project = kiln_test_copy_fixture (fixture);
  g_autofree char *mix_project = kiln_test_copy_fixture (fixture);
  g_autofree char *mix_exs = g_build_filename (engine_project, "mix.exs", NULL);
  g_autofree char *mix_exs_before = kiln_test_read_file (mix_exs);
  g_autofree char *mix_exs_after = NULL;
  g_autoptr(KilnReleaseProfile) profile = profile_from_mix_release (release_name, options_json);
  g_autoptr(KilnBuild) build = NULL;
  g_autoptr(KilnBuildRecord) record = NULL;
  g_autoptr(KilnBuildRecord) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *engine_release = g_build_filename (engine_project, "_build", "prod", "rel", release_name, NULL);
  g_autofree char *options_file = NULL;
  GStatBuf st;
  g_autofree char *mix_release = g_build_filename (mix_project, "_build", "prod", "rel", release_name, NULL);
  g_autofree char *staging_name = g_strdup_printf (".%s.kiln-staging", release_name);
  g_autofree char *staging = g_build_filename (engine_project, "_build", "prod", "rel", staging_name, NULL);
  g_autofree char *engine_manifest = NULL;
  g_autofree char *mix_manifest = NULL;
  gboolean cookie_in_options = strstr (options_json, "\"cookie\"") != NULL;
  GListModel *steps;

  {
    const char *formats[] = { package ? "tar.gz" : NULL, NULL };
    kiln_release_profile_set_package_formats (profile, formats);
  }

  build = kiln_build_new (engine_project, profile);
  kiln_build_set_is_umbrella (build, is_umbrella);
  record = kiln_test_run_build (build, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);
  g_assert_true (record == kiln_build_get_record (build));
  g_assert_cmpint (kiln_build_get_state (build), ==, KILN_BUILD_STATE_SUCCEEDED);
  g_assert_cmpfloat (kiln_build_get_progress (build), ==, 1.0);
  g_assert_cmpstr (kiln_build_get_release_dir (build), ==, engine_release);
  g_assert_false (g_file_test (staging, G_FILE_TEST_EXISTS));
  /* The options Kiln hands mix carry the cookie: the user's alone. */
  options_file = g_build_filename (engine_project, "_build", "prod", "kiln", release_name, "release-options.exs", NULL);
  g_assert_cmpint (g_stat (options_file, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  run_mix_release (mix_project, release_name);

  engine_manifest = kiln_test_dup_tree_manifest (engine_release);
  mix_manifest = kiln_test_dup_tree_manifest (mix_release);
  /* Without a cookie in the options, each build makes up its own. */
  kiln_test_assert_manifests_equal (engine_manifest, mix_manifest, cookie_in_options ? NULL : "releases/COOKIE");

  mix_exs_after = kiln_test_read_file (mix_exs);
  g_assert_cmpstr (mix_exs_after, ==, mix_exs_before);

  /* Mix's own :tar step leaves its archive where it would by hand. */
  if (tarball != NULL)
    {
      g_autofree char *engine_tarball = g_build_filename (engine_project, tarball, NULL);
      g_autofree char *mix_tarball = g_build_filename (mix_project, tarball, NULL);

      g_assert_true (g_file_test (mix_tarball, G_FILE_TEST_IS_REGULAR));
      g_assert_true (g_file_test (engine_tarball, G_FILE_TEST_IS_REGULAR));
    }

  steps = kiln_build_get_steps (build);
  g_assert_cmpuint (g_list_model_get_n_items (steps), ==, 7);
  g_assert_cmpint (step_state (build, "check-toolchain"), ==, KILN_BUILD_STEP_SUCCEEDED);
  g_assert_cmpint (step_state (build, "dependencies"), ==, KILN_BUILD_STEP_SUCCEEDED);
  g_assert_cmpint (step_state (build, "compile"), ==, KILN_BUILD_STEP_SUCCEEDED);
  /* Not a Phoenix project: nothing for the Assets step. */
  g_assert_cmpint (step_state (build, "assets"), ==, KILN_BUILD_STEP_SKIPPED);
  g_assert_cmpint (step_state (build, "assemble"), ==, KILN_BUILD_STEP_SUCCEEDED);
  g_assert_cmpint (step_state (build, "package"), ==,
                   (package ? KILN_BUILD_STEP_SUCCEEDED : KILN_BUILD_STEP_SKIPPED));
  g_assert_cmpint (step_state (build, "verify"), ==, KILN_BUILD_STEP_SUCCEEDED);

  /* Mix's own output lands in the log under the step that printed it. */
  g_assert_true (log_has_line (kiln_build_get_log (build), "compile", "Compiling"));

  saved = newest_saved_record (engine_project, 1);
  g_assert_cmpint (kiln_build_record_get_result (saved), ==, KILN_BUILD_RESULT_SUCCEEDED);
  g_assert_cmpstr (kiln_build_record_get_mix_env (saved), ==, "prod");
  g_assert_cmpstr (kiln_build_record_get_release_dir (saved), ==, engine_release);
  g_assert_cmpuint (kiln_build_record_get_release_size (saved), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (kiln_build_record_get_steps (saved)), ==, 7);
  for (guint i = 0; i < 7; i++)
    {
      g_autoptr(KilnBuildRecordStep) step = g_list_model_get_item (kiln_build_record_get_steps (saved), i);
      g_autoptr(KilnBuildStep) live = g_list_model_get_item (steps, i);

      g_assert_cmpstr (kiln_build_record_step_get_id (step), ==, kiln_build_step_get_id (live));
      g_assert_cmpstr (kiln_build_record_step_get_state (step), ==,
                       kiln_build_step_state_to_string (kiln_build_step_get_state (live)));
    }
  g_assert_true (g_file_test (kiln_build_record_get_log_path (saved), G_FILE_TEST_IS_REGULAR));

  if (package)
    {
      GListModel *artifacts = kiln_build_get_artifacts (build);
      g_autoptr(KilnArtifact) artifact = NULL;
      g_autofree char *expected = NULL;
      g_autoptr(KilnBuildRecordArtifact) saved_artifact = NULL;

      g_assert_cmpuint (g_list_model_get_n_items (artifacts), ==, 1);
      artifact = g_list_model_get_item (artifacts, 0);
      expected = g_build_filename (engine_project, "_build", "prod", "kiln", "single_app-1.2.3.tar.gz", NULL);
      g_assert_cmpstr (kiln_artifact_get_path (artifact), ==, expected);
      g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));
      g_assert_true (g_file_test (kiln_artifact_get_sha256_path (artifact), G_FILE_TEST_IS_REGULAR));

      g_assert_cmpuint (g_list_model_get_n_items (kiln_build_record_get_artifacts (saved)), ==, 1);
      saved_artifact = g_list_model_get_item (kiln_build_record_get_artifacts (saved), 0);
      g_assert_cmpstr (kiln_build_record_artifact_get_path (saved_artifact), ==, expected);
      g_assert_cmpstr (kiln_build_record_artifact_get_sha256 (saved_artifact), ==,
                       kiln_artifact_get_sha256 (artifact));
    }

  kiln_test_remove_tree (engine_project);
  kiln_test_remove_tree (mix_project);
}

static void
test_single_app (void)
{
  if (!kiln_test_toolchain_available ())
    {
      g_test_skip ("Elixir is not installed");
      return;
    }

  assert_same_release_as_mix ("single_app", "single_app", single_app_options, FALSE, TRUE, NULL);
}

static void
test_umbrella (void)
{
  if (!kiln_test_toolchain_available ())
    {
      g_test_skip ("Elixir is not installed");
      return;
    }

  assert_same_release_as_mix ("umbrella", "umbrella_rel", umbrella_options, TRUE, FALSE, NULL);
}

static void
test_single_app_slim (void)
{
  if (!kiln_test_toolchain_available ())
    {
      g_test_skip ("Elixir is not installed");
      return;
    }

  assert_same_release_as_mix ("single_app", "slim", slim_options, FALSE, FALSE,
                              "_build/prod/slim-0.9.0.tar.gz");
}

static void
write_file (const char *path,
            const char *contents,
            int         mode)
{
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
}

static void
add_overlay (KilnReleaseProfile *profile,
             const char         *source,
             const char         *destination)
{
  g_autoptr(KilnOverlayEntry) entry = kiln_overlay_entry_new (source, destination);

  g_list_store_append (G_LIST_STORE (kiln_release_profile_get_overlay_entries (profile)), entry);
}

static void
assert_mode (const char *path,
             guint       mode)
{
  GStatBuf buf;

  g_assert_cmpint (g_lstat (path, &buf), ==, 0);
  g_assert_cmpuint (buf.st_mode & 07777, ==, mode);
}

static KilnBuildRecord *
build_or_fail (const char         *project,
               KilnReleaseProfile *profile)
{
  const char *no_formats[] = { NULL };
  g_autoptr(KilnBuild) build = NULL;
  g_autoptr(GError) error = NULL;
  KilnBuildRecord *record;

  kiln_release_profile_set_package_formats (profile, no_formats);
  build = kiln_build_new (project, profile);
  kiln_build_set_verify (build, FALSE);
  record = kiln_test_run_build (build, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kiln_build_step_get_state (kiln_build_get_step (build, "package")), ==,
                   KILN_BUILD_STEP_SKIPPED);
  g_assert_cmpint (kiln_build_step_get_state (kiln_build_get_step (build, "verify")), ==,
                   KILN_BUILD_STEP_SKIPPED);

  return record;
}

/* A profile that differs from mix.exs shapes the release, and mix.exs and the
 * project's rel/ stay as they were. */
static void
test_profile_differs_from_mix_exs (void)
{
  g_autofree char *project = NULL;
  g_autofree char *mix_exs = NULL;
  g_autofree char *mix_exs_before = NULL;
  g_autofree char *mix_exs_after = NULL;
  g_autofree char *env_template = NULL;
  g_autofree char *env_template_before = NULL;
  g_autofree char *env_template_after = NULL;
  g_autofree char *release = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *cookie = NULL;
  g_autofree char *cookie_again = NULL;
  g_autoptr(KilnReleaseProfile) profile = NULL;
  g_autoptr(KilnBuildRecord) record = NULL;
  g_autoptr(KilnBuildRecord) second = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!kiln_test_toolchain_available ())
    {
      g_test_skip ("Elixir is not installed");
      return;
    }

  project = kiln_test_copy_fixture ("single_app");
  mix_exs = g_build_filename (project, "mix.exs", NULL);
  mix_exs_before = kiln_test_read_file (mix_exs);
  env_template = g_build_filename (project, "rel", "env.sh.eex", NULL);
  env_template_before = kiln_test_read_file (env_template);

  path = g_build_filename (project, "extra", "run-extra.sh", NULL);
  write_file (path, "#!/bin/sh\necho extra\n", 0750);
  g_clear_pointer (&path, g_free);
  path = g_build_filename (project, "extra", "conf", "app.conf", NULL);
  write_file (path, "answer = 42\n", 0640);
  g_clear_pointer (&path, g_free);
  path = g_build_filename (project, "extra", "conf", "nested", "deep.conf", NULL);
  write_file (path, "deep\n", 0644);
  g_clear_pointer (&path, g_free);

  profile = kiln_release_profile_new ("single_app");
  kiln_release_profile_set_mix_env (profile, "prod");
  kiln_release_profile_set_version (profile, "2.0.0");
  kiln_release_profile_set_include_erts (profile, KILN_INCLUDE_ERTS_NO);
  kiln_release_profile_set_template (profile, KILN_RELEASE_TEMPLATE_ENV_SH,
                                     "#!/bin/sh\nexport KILN_PROFILE_VSN=<%= @release.version %>\n");
  add_overlay (profile, "extra/run-extra.sh", "bin/run-extra.sh");
  add_overlay (profile, "extra/conf", "etc/conf");

  record = build_or_fail (project, profile);
  release = g_build_filename (project, "_build", "prod", "rel", "single_app", NULL);

  path = g_build_filename (release, "releases", "start_erl.data", NULL);
  contents = kiln_test_read_file (path);
  g_assert_true (g_str_has_suffix (g_strstrip (contents), " 2.0.0"));
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&contents, g_free);

  dir = g_dir_open (release, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_false (g_str_has_prefix (name, "erts-"));

  path = g_build_filename (release, "bin", "run-extra.sh", NULL);
  contents = kiln_test_read_file (path);
  g_assert_cmpstr (contents, ==, "#!/bin/sh\necho extra\n");
  assert_mode (path, 0750);
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&contents, g_free);

  path = g_build_filename (release, "etc", "conf", "app.conf", NULL);
  contents = kiln_test_read_file (path);
  g_assert_cmpstr (contents, ==, "answer = 42\n");
  assert_mode (path, 0640);
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&contents, g_free);

  path = g_build_filename (release, "etc", "conf", "nested", "deep.conf", NULL);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_clear_pointer (&path, g_free);

  /* The project's own overlays and templates still apply. */
  path = g_build_filename (release, "etc", "notes.txt", NULL);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_clear_pointer (&path, g_free);
  path = g_build_filename (release, "releases", "2.0.0", "vm.args", NULL);
  contents = kiln_test_read_file (path);
  g_assert_nonnull (strstr (contents, "+K true"));
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&contents, g_free);

  path = g_build_filename (release, "releases", "2.0.0", "env.sh", NULL);
  contents = kiln_test_read_file (path);
  g_assert_cmpstr (contents, ==, "#!/bin/sh\nexport KILN_PROFILE_VSN=2.0.0\n");
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&contents, g_free);

  mix_exs_after = kiln_test_read_file (mix_exs);
  g_assert_cmpstr (mix_exs_after, ==, mix_exs_before);
  env_template_after = kiln_test_read_file (env_template);
  g_assert_cmpstr (env_template_after, ==, env_template_before);

  /* Without a cookie in the profile, the release keeps the one it has. */
  path = g_build_filename (release, "releases", "COOKIE", NULL);
  cookie = kiln_test_read_file (path);
  g_assert_cmpuint (strlen (cookie), >, 0);
  second = build_or_fail (project, profile);
  cookie_again = kiln_test_read_file (path);
  g_assert_cmpstr (cookie_again, ==, cookie);

  kiln_test_remove_tree (project);
}

static void
assert_overlay_refused (const char *project,
                        const char *source,
                        const char *destination)
{
  g_autoptr(KilnReleaseProfile) profile = kiln_release_profile_new ("single_app");
  g_autoptr(KilnBuild) build = NULL;
  g_autoptr(KilnBuildRecord) record = NULL;
  g_autoptr(KilnBuildRecord) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *build_dir = g_build_filename (project, "_build", NULL);
  guint n_steps;

  kiln_release_profile_set_mix_env (profile, "prod");
  add_overlay (profile, source, destination);

  build = kiln_build_new (project, profile);
  record = kiln_test_run_build (build, NULL, &error);
  g_assert_error (error, KILN_ERROR, KILN_ERROR_OVERLAY_ESCAPE);
  g_assert_null (record);
  g_assert_cmpint (kiln_build_get_state (build), ==, KILN_BUILD_STATE_FAILED);

  n_steps = g_list_model_get_n_items (kiln_build_get_steps (build));
  for (guint i = 0; i < n_steps; i++)
    {
      g_autoptr(KilnBuildStep) step = g_list_model_get_item (kiln_build_get_steps (build), i);
      g_assert_cmpint (kiln_build_step_get_state (step), ==, KILN_BUILD_STEP_PENDING);
    }

  /* Nothing was created in the project, and no build was recorded. */
  g_assert_false (g_file_test (build_dir, G_FILE_TEST_EXISTS));
  saved = newest_saved_record (project, 0);
  g_assert_null (saved);
}

static void
test_overlay_escape (void)
{
  g_autofree char *project = kiln_test_copy_fixture ("single_app");
  g_autofree char *outside = kiln_test_make_temp_dir ("outside");
  g_autofree char *secret = g_build_filename (outside, "secret", NULL);
  g_autofree char *link = g_build_filename (project, "secret-link", NULL);
  g_autofree char *folder_link = g_build_filename (project, "shared", "config", "escape", NULL);
  g_autofree char *inner_file = g_build_filename (project, "shared", "config", "ok.conf", NULL);
  g_autofree char *inner_link = g_build_filename (project, "shared", "config", "inner", NULL);

  write_file (secret, "secret\n", 0600);
  g_assert_cmpint (symlink (secret, link), ==, 0);
  write_file (inner_file, "ok\n", 0644);
  g_assert_cmpint (symlink ("ok.conf", inner_link), ==, 0);

  assert_overlay_refused (project, "rel/overlays/etc/notes.txt", "../x");
  assert_overlay_refused (project, "rel/overlays/etc/notes.txt", "etc/../../x");
  assert_overlay_refused (project, "rel/overlays/etc/notes.txt", "/etc/x");
  assert_overlay_refused (project, "rel/overlays/etc/notes.txt", "");
  assert_overlay_refused (project, "secret-link", "etc/secret");

  /* A link inside a folder may point within it, not out of it. */
  g_assert_cmpint (symlink ("../../secret-link", folder_link), ==, 0);
  assert_overlay_refused (project, "shared/config", "etc/config");
  g_assert_cmpint (g_unlink (folder_link), ==, 0);
  g_assert_cmpint (symlink (secret, folder_link), ==, 0);
  assert_overlay_refused (project, "shared", "etc/shared");
  g_assert_cmpint (g_unlink (folder_link), ==, 0);

  /* Lexically inside, really outside: "../d/.." goes through the link d. */
  {
    g_autofree char *deep = g_build_filename (outside, "deep", NULL);
    g_autofree char *outside_conf = g_build_filename (outside, "config", "ok.conf", NULL);
    g_autofree char *d = g_build_filename (project, "shared", "d", NULL);

    g_assert_cmpint (g_mkdir_with_parents (deep, 0755), ==, 0);
    write_file (outside_conf, "secret\n", 0600);
    g_assert_cmpint (symlink (deep, d), ==, 0);
    g_assert_cmpint (symlink ("../d/../config/ok.conf", folder_link), ==, 0);
    assert_overlay_refused (project, "shared/config", "etc/config");
    g_assert_cmpint (g_unlink (folder_link), ==, 0);
  }

  assert_overlay_refused (project, "rel/overlays/etc/notes.txt", "..\\..\\x");

  /* The project's own rel/overlays goes into the release as it is. */
  {
    g_autofree char *leak = g_build_filename (project, "rel", "overlays", "etc", "leak", NULL);

    g_assert_cmpint (symlink (secret, leak), ==, 0);
    assert_overlay_refused (project, "rel/overlays/etc/notes.txt", "etc/notes.txt");
  }

  kiln_test_remove_tree (project);
  kiln_test_remove_tree (outside);
}

/* A build replaces its release folder: never one that holds something else. */
static void
test_foreign_release_dir (void)
{
  g_autofree char *project = kiln_test_copy_fixture ("single_app");
  g_autofree char *build_dir = g_build_filename (project, "_build", NULL);
  g_autofree char *lib_before = NULL;
  g_autofree char *lib_after = NULL;
  g_autofree char *lib = g_build_filename (project, "lib", NULL);
  const char *paths[] = { "lib", ".", NULL };

  lib_before = kiln_test_dup_tree_manifest (lib);

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(KilnReleaseProfile) profile = kiln_release_profile_new ("single_app");
      g_autoptr(KilnBuild) build = NULL;
      g_autoptr(KilnBuildRecord) record = NULL;
      g_autoptr(GError) error = NULL;

      kiln_release_profile_set_mix_env (profile, "prod");
      kiln_release_profile_set_path (profile, paths[i]);
      build = kiln_build_new (project, profile);
      record = kiln_test_run_build (build, NULL, &error);
      g_assert_error (error, KILN_ERROR, KILN_ERROR_PROFILE_INVALID);
      g_assert_null (record);
      g_assert_false (g_file_test (build_dir, G_FILE_TEST_EXISTS));
    }

  lib_after = kiln_test_dup_tree_manifest (lib);
  g_assert_cmpstr (lib_after, ==, lib_before);

  kiln_test_remove_tree (project);
}

static void
test_compile_error (void)
{
  g_autofree char *project = NULL;
  g_autofree char *release = NULL;
  g_autofree char *staging = NULL;
  g_autofree char *broken = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(KilnReleaseProfile) profile = NULL;
  g_autoptr(KilnBuildRecord) first = NULL;
  g_autoptr(KilnBuildRecord) record = NULL;
  g_autoptr(KilnBuildRecord) saved = NULL;
  g_autoptr(KilnBuild) build = NULL;
  g_autoptr(GError) error = NULL;

  if (!kiln_test_toolchain_available ())
    {
      g_test_skip ("Elixir is not installed");
      return;
    }

  project = kiln_test_copy_fixture ("single_app");
  profile = profile_from_mix_release ("single_app", single_app_options);
  first = build_or_fail (project, profile);
  release = g_build_filename (project, "_build", "prod", "rel", "single_app", NULL);
  staging = g_build_filename (project, "_build", "prod", "rel", ".single_app.kiln-staging", NULL);
  before = kiln_test_dup_tree_manifest (release);

  broken = g_build_filename (project, "lib", "broken.ex", NULL);
  write_file (broken, "defmodule Broken do\n  def oops, do: undefined_thing()\nend\n", 0644);

  build = kiln_build_new (project, profile);
  record = kiln_test_run_build (build, NULL, &error);
  g_assert_error (error, KILN_ERROR, KILN_ERROR_BUILD_FAILED);
  g_assert_null (record);
  g_assert_nonnull (strstr (error->message, "lib/broken.ex:2"));
  g_assert_cmpint (kiln_build_get_state (build), ==, KILN_BUILD_STATE_FAILED);
  g_assert_cmpint (step_state (build, "dependencies"), ==, KILN_BUILD_STEP_SUCCEEDED);
  g_assert_cmpint (step_state (build, "compile"), ==, KILN_BUILD_STEP_FAILED);
  g_assert_nonnull (strstr (kiln_build_step_get_message (kiln_build_get_step (build, "compile")),
                            "lib/broken.ex:2"));
  g_assert_cmpint (step_state (build, "assemble"), ==, KILN_BUILD_STEP_PENDING);

  after = kiln_test_dup_tree_manifest (release);
  kiln_test_assert_manifests_equal (after, before, NULL);
  g_assert_false (g_file_test (staging, G_FILE_TEST_EXISTS));

  saved = newest_saved_record (project, 2);
  g_assert_cmpint (kiln_build_record_get_result (saved), ==, KILN_BUILD_RESULT_FAILED);
  g_assert_nonnull (strstr (kiln_build_record_get_error_message (saved), "lib/broken.ex:2"));

  kiln_test_remove_tree (project);
}

/* Kiln cannot fetch from Hex offline: the build says so before compiling. */
static void
test_missing_hex_dependency (void)
{
  g_autofree char *project = NULL;
  g_autofree char *mix_exs = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *with_dep = NULL;
  g_autoptr(KilnReleaseProfile) profile = NULL;
  g_autoptr(KilnBuild) build = NULL;
  g_autoptr(KilnBuildRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  GString *edited;

  if (!kiln_test_toolchain_available ())
    {
      g_test_skip ("Elixir is not installed");
      return;
    }

  project = kiln_test_copy_fixture ("single_app");
  mix_exs = g_build_filename (project, "mix.exs", NULL);
  contents = kiln_test_read_file (mix_exs);
  edited = g_string_new (contents);
  g_assert_cmpuint (g_string_replace (edited, "deps: []", "deps: [{:jason, \"~> 1.4\"}]", 1), ==, 1);
  with_dep = g_string_free (edited, FALSE);
  write_file (mix_exs, with_dep, 0644);

  profile = profile_from_mix_release ("single_app", single_app_options);
  build = kiln_build_new (project, profile);
  record = kiln_test_run_build (build, NULL, &error);
  g_assert_error (error, KILN_ERROR, KILN_ERROR_DEPENDENCIES);
  g_assert_null (record);
  /* Kiln fetches dependencies itself once Hex is there. */
  g_assert_nonnull (strstr (error->message, "mix local.hex"));
  g_assert_nonnull (strstr (error->message, "jason"));
  g_assert_cmpint (step_state (build, "dependencies"), ==, KILN_BUILD_STEP_FAILED);
  g_assert_cmpint (step_state (build, "compile"), ==, KILN_BUILD_STEP_PENDING);

  g_free (contents);
  contents = kiln_test_read_file (mix_exs);
  g_assert_cmpstr (contents, ==, with_dep);

  kiln_test_remove_tree (project);
}

int
main (int   argc,
      char *argv[])
{
  kiln_test_init (&argc, &argv);

  g_test_add_func ("/build/single-app", test_single_app);
  g_test_add_func ("/build/umbrella", test_umbrella);
  g_test_add_func ("/build/single-app-slim", test_single_app_slim);
  g_test_add_func ("/build/profile-differs-from-mix-exs", test_profile_differs_from_mix_exs);
  g_test_add_func ("/build/overlay-escape", test_overlay_escape);
  g_test_add_func ("/build/foreign-release-dir", test_foreign_release_dir);
  g_test_add_func ("/build/compile-error", test_compile_error);
  g_test_add_func ("/build/missing-hex-dependency", test_missing_hex_dependency);

  return g_test_run ();
}
