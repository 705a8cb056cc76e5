#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kiln-build-test-util.h"
#include "kiln-cli-test-util.h"
#include "kiln-engine.h"
#include "kiln-file-change.h"
#include "kiln-runtime-failure-private.h"
#include "kiln-test-util.h"

/* The phoenix_like fixture (plain Elixir shaped like phx.new output):
 * recognised as Phoenix, Assets run, checked with Kiln's generated
 * SECRET_KEY_BASE, which never reaches the log, the record or --json. */

static KilnProject *
inspect_fixture (const char *project_dir)
{
  g_autoptr(GError) error = NULL;
  KilnProject *project = kiln_project_inspect (project_dir, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (project);
  return project;
}

static KilnBuild *
new_build (KilnProject *project,
           const char  *project_dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnReleaseProfile) profile = kiln_release_choice_choose (project, NULL, NULL, NULL, &error);
  const char * const no_formats[] = { NULL };
  KilnBuild *build;

  g_assert_no_error (error);
  kiln_release_profile_set_package_formats (profile, no_formats);
  build = kiln_build_new (project_dir, profile);
  kiln_build_set_phoenix (build, kiln_project_get_phoenix (project));
  kiln_build_set_verify (build, TRUE);
  return build;
}

static char *
dup_log_text (KilnBuild *build)
{
  GListModel *log = G_LIST_MODEL (kiln_build_get_log (build));
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (log); i++)
    {
      g_autoptr(KilnLogLine) line = g_list_model_get_item (log, i);

      g_string_append_printf (text, "%s\n", kiln_log_line_get_text (line));
    }

  return g_string_free (text, FALSE);
}

static void
test_inspect (void)
{
  g_autofree char *project_dir = NULL;
  g_autoptr(KilnProject) project = NULL;
  KilnPhoenix *phoenix;
  const char * const *env;

  if (kiln_test_skip_without_toolchain ())
    return;

  project_dir = kiln_test_copy_fixture ("phoenix_like");
  project = inspect_fixture (project_dir);
  phoenix = kiln_project_get_phoenix (project);
  g_assert_nonnull (phoenix);
  g_assert_cmpstr (kiln_phoenix_get_endpoint (phoenix), ==, "PhoenixLikeWeb.Endpoint");
  g_assert_cmpstr (kiln_phoenix_get_assets_task (phoenix), ==, "assets.deploy");
  g_assert_false (kiln_phoenix_get_has_server_script (phoenix));
  env = kiln_phoenix_get_runtime_env (phoenix);
  g_assert_true (g_strv_contains (env, "SECRET_KEY_BASE"));
  g_assert_true (g_strv_contains (env, "PORT"));
  g_assert_true (g_strv_contains (env, "PHX_HOST"));
  g_assert_true (g_strv_contains (env, "PHX_SERVER"));

  kiln_test_remove_tree (project_dir);
}

static void
test_not_phoenix (void)
{
  g_autofree char *project_dir = NULL;
  g_autoptr(KilnProject) project = NULL;

  if (kiln_test_skip_without_toolchain ())
    return;

  project_dir = kiln_test_copy_fixture ("single_app");
  project = inspect_fixture (project_dir);
  g_assert_null (kiln_project_get_phoenix (project));
  kiln_test_remove_tree (project_dir);
}

/* A port nothing listens on now. */
static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
test_build_with_generated_secret (void)
{
  g_autofree char *project_dir = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *log_text = NULL;
  g_autofree char *log_file = NULL;
  g_autofree char *record_json = NULL;
  g_autofree char *hint = NULL;
  g_autoptr(KilnProject) project = NULL;
  g_autoptr(KilnBuild) build = NULL;
  g_autoptr(KilnBuildRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  KilnEnvironmentVariable *secret = NULL;
  GPtrArray *environment;

  if (kiln_test_skip_without_toolchain ())
    return;

  g_unsetenv ("SECRET_KEY_BASE");
  project_dir = kiln_test_copy_fixture ("phoenix_like");
  project = inspect_fixture (project_dir);
  build = new_build (project, project_dir);
  record = kiln_test_run_build (build, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kiln_build_get_state (build), ==, KILN_BUILD_STATE_SUCCEEDED);
  g_assert_cmpint (kiln_build_step_get_state (kiln_build_get_step (build, "assets")), ==, KILN_BUILD_STEP_SUCCEEDED);
  g_assert_cmpint (kiln_build_step_get_state (kiln_build_get_step (build, "verify")), ==, KILN_BUILD_STEP_SUCCEEDED);

  manifest = g_build_filename (project_dir, "priv", "static", "cache_manifest.json", NULL);
  g_assert_true (g_file_test (manifest, G_FILE_TEST_IS_REGULAR));

  environment = kiln_build_get_check_environment (build);
  for (guint i = 0; i < environment->len; i++)
    if (g_str_equal (kiln_environment_variable_get_name (g_ptr_array_index (environment, i)), "SECRET_KEY_BASE"))
      secret = g_ptr_array_index (environment, i);
  g_assert_nonnull (secret);
  g_assert_true (kiln_environment_variable_get_secret (secret));
  g_assert_cmpuint (strlen (kiln_environment_variable_get_value (secret)), >=, 64);

  log_text = dup_log_text (build);
  g_assert_nonnull (strstr (log_text, "SECRET_KEY_BASE=••••••••"));
  g_assert_nonnull (strstr (log_text, "mix assets.deploy"));
  g_assert_nonnull (strstr (log_text, "MIX_ENV=prod mix release phoenix_like --overwrite"));
  g_assert_null (strstr (log_text, kiln_environment_variable_get_value (secret)));
  log_file = kiln_test_read_file (kiln_build_record_get_log_path (record));
  g_assert_null (strstr (log_file, kiln_environment_variable_get_value (secret)));
  record_json = kiln_build_record_to_json (record);
  g_assert_null (strstr (record_json, kiln_environment_variable_get_value (secret)));

  hint = kiln_build_dup_serve_hint (build);
  g_assert_nonnull (strstr (hint, "PHX_SERVER=true bin/phoenix_like start"));

  /* Run Release with the same environment: it has a URL once the endpoint
   * listens, and none after it stopped. */
  {
    g_autoptr(KilnReleaseRunner) runner = kiln_release_runner_new (kiln_build_get_release_dir (build), "phoenix_like",
                                                                   kiln_test_get_toolchain ());
    g_autofree char *port = g_strdup_printf ("%u", free_port ());
    g_autofree char *expected = g_strdup_printf ("http://localhost:%s/", port);

    for (guint i = 0; i < environment->len; i++)
      kiln_release_runner_setenv (runner, kiln_environment_variable_get_name (g_ptr_array_index (environment, i)),
                                  kiln_environment_variable_get_value (g_ptr_array_index (environment, i)));
    kiln_release_runner_setenv (runner, "PORT", port);
    g_assert_true (kiln_release_runner_start (runner, &error));
    g_assert_no_error (error);
    for (guint i = 0; i < 600 && kiln_release_runner_get_url (runner) == NULL
                      && kiln_release_runner_get_running (runner); i++)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpstr (kiln_release_runner_get_url (runner), ==, expected);

    kiln_release_runner_stop (runner);
    while (kiln_release_runner_get_running (runner))
      g_main_context_iteration (NULL, TRUE);
    g_assert_null (kiln_release_runner_get_url (runner));
  }

  kiln_test_remove_tree (project_dir);
}

static void
test_runtime_config_failure (void)
{
  g_autofree char *project_dir = NULL;
  g_autofree char *log_text = NULL;
  g_autoptr(KilnProject) project = NULL;
  g_autoptr(KilnBuild) build = NULL;
  g_autoptr(KilnBuildRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  if (kiln_test_skip_without_toolchain ())
    return;

  g_unsetenv ("SECRET_KEY_BASE");
  project_dir = kiln_test_copy_fixture ("phoenix_like");
  project = inspect_fixture (project_dir);
  build = new_build (project, project_dir);
  kiln_release_profile_set_phoenix_environment (kiln_build_get_profile (build), FALSE);
  record = kiln_test_run_build (build, NULL, &error);
  g_assert_error (error, KILN_ERROR, KILN_ERROR_VERIFY_FAILED);
  g_assert_cmpstr (error->message, ==,
                   "The release started, but config/runtime.exs stopped it: environment variable "
                   "SECRET_KEY_BASE is missing. Set it under Environment for checks "
                   "(or with kiln build --check-env NAME=VALUE).");

  /* The raw text stays in the log, its byte lists decoded. */
  log_text = dup_log_text (build);
  g_assert_nonnull (strstr (log_text, "environment variable SECRET_KEY_BASE is missing"));
  g_assert_null (strstr (log_text, "101,110,118,105"));

  kiln_test_remove_tree (project_dir);
}

static gboolean
tree_contains (const char *dir,
               const char *needle)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (tree_contains (path, needle))
            return TRUE;
        }
      else if (g_file_get_contents (path, &contents, NULL, NULL) && strstr (contents, needle) != NULL)
        return TRUE;
    }

  return FALSE;
}

/* kiln build --json with a saved profile holding a secret: the secret file
 * is 0600 and the secret shows nowhere else. */
static void
test_cli_secret (void)
{
  static const char secret_value[] = "kiln-test-secret-4f1c9a";
  g_autofree char *project_dir = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *records_dir = NULL;
  g_autofree char *profile_file = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(KilnProject) project = NULL;
  g_autoptr(KilnReleaseProfile) profile = NULL;
  g_autoptr(KilnProfileStore) store = NULL;
  g_autoptr(KilnEnvironmentVariable) variable = kiln_environment_variable_new ("API_TOKEN", secret_value, TRUE);
  g_autoptr(GError) error = NULL;
  const char *argv[] = { g_getenv ("KILN_BINARY"), "build", NULL, "--profile", "web", "--json", NULL };
  g_autoptr(KilnProcess) process = NULL;
  GStatBuf st;
  int status = -1;

  if (kiln_test_skip_without_toolchain ())
    return;

  g_unsetenv ("SECRET_KEY_BASE");
  project_dir = kiln_test_copy_fixture ("phoenix_like");
  project = inspect_fixture (project_dir);
  profile = kiln_release_choice_choose (project, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  kiln_release_profile_set_name (profile, "web");
  g_list_store_append (kiln_release_profile_get_environment_store (profile), variable);
  store = kiln_profile_store_new (project_dir);
  g_assert_true (kiln_profile_store_save (store, profile, &error));
  g_assert_no_error (error);

  profile_file = g_build_filename (kiln_profile_store_get_directory (store), "web.json", NULL);
  g_assert_cmpint (g_stat (profile_file, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  argv[2] = project_dir;
  process = kiln_process_new (argv, NULL);
  /* GLib isolates each test case's folders in-process; hand them to kiln. */
  kiln_process_setenv (process, "HOME", g_get_home_dir ());
  kiln_process_setenv (process, "XDG_DATA_HOME", g_get_user_data_dir ());
  kiln_process_setenv (process, "XDG_CACHE_HOME", g_get_user_cache_dir ());
  kiln_process_setenv (process, "XDG_CONFIG_HOME", g_get_user_config_dir ());
  kiln_process_set_capture_output (process, TRUE);
  kiln_process_run_sync (process, NULL, &status, &error);
  g_assert_no_error (error);
  out = g_strdup (kiln_process_get_stdout_text (process));
  err = g_strdup (kiln_process_get_stderr_text (process));
  if (status != 0)
    g_printerr ("%s\n%s\n", out, err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "\"assets\""));
  g_assert_null (strstr (out, secret_value));
  g_assert_null (strstr (err, secret_value));

  /* The records and logs live beside the profiles; only the profile holds it. */
  data_dir = kiln_paths_dup_project_data_dir (project_dir);
  records_dir = g_build_filename (data_dir, "builds", NULL);
  g_assert_true (g_file_test (records_dir, G_FILE_TEST_IS_DIR));
  g_assert_false (tree_contains (records_dir, secret_value));

  kiln_test_remove_tree (project_dir);
}

/* From the command line: an Assets failure names the step and how to build
 * without it, and --check-env gives Verify what config/runtime.exs needs,
 * as a secret. */
static void
test_cli_assets_and_check_env (void)
{
  static const char database_secret[] = "ecto://kiln:db-secret-77a1@localhost/shop";
  g_autofree char *project_dir = NULL;
  g_autofree char *task = NULL;
  g_autofree char *runtime = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *runtime_text = NULL;
  g_autofree char *with_database = NULL;
  g_autofree char *check_env = g_strconcat ("DATABASE_URL=", database_secret, NULL);
  g_autofree char *records_dir = NULL;
  const char *tailwind;
  KilnCliResult result;

  if (kiln_test_skip_without_toolchain ())
    return;

  g_unsetenv ("SECRET_KEY_BASE");
  g_unsetenv ("DATABASE_URL");
  project_dir = kiln_test_copy_fixture ("phoenix_like");
  task = g_build_filename (project_dir, "lib", "mix", "tasks", "phoenix_like.digest.ex", NULL);
  g_assert_true (g_file_set_contents (task,
                                      "defmodule Mix.Tasks.PhoenixLike.Digest do\n  use Mix.Task\n"
                                      "  def run(_), do: raise(\"could not download tailwind\")\nend\n", -1, NULL));

  result = run_kiln ("build", project_dir, "--format", "none", "--no-verify");
  g_assert_cmpint (result.status, ==, 5);
  g_assert_nonnull (strstr (result.err, "“MIX_ENV=prod mix assets.deploy” failed"));
  g_assert_nonnull (strstr (result.err, "--no-assets"));
  /* Quoted once, whichever of stdout and stderr Kiln read first. */
  tailwind = strstr (result.err, "could not download tailwind");
  g_assert_nonnull (tailwind);
  g_assert_null (strstr (tailwind + 1, "could not download tailwind"));
  g_assert_null (strstr (result.err, "could not load the project"));
  kiln_cli_result_clear (&result);

  /* runtime.exs needs a database too, as with Ecto. */
  runtime = g_build_filename (project_dir, "config", "runtime.exs", NULL);
  g_assert_true (g_file_get_contents (runtime, &runtime_text, NULL, NULL));
  with_database = g_strconcat (runtime_text,
                               "\nif config_env() == :prod do\n"
                               "  System.get_env(\"DATABASE_URL\") || raise \"environment variable DATABASE_URL is missing.\"\n"
                               "end\n", NULL);
  g_assert_true (g_file_set_contents (runtime, with_database, -1, NULL));

  result = run_kiln ("build", project_dir, "--format", "none", "--no-assets");
  g_assert_cmpint (result.status, ==, 5);
  g_assert_nonnull (strstr (result.err, "DATABASE_URL is missing"));
  g_assert_nonnull (strstr (result.err, "--check-env"));
  kiln_cli_result_clear (&result);

  result = run_kiln ("build", project_dir, "--format", "none", "--no-assets", "--verbose",
                     "--check-env", check_env);
  if (result.status != 0)
    g_printerr ("%s\n", result.err);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.err, "Assets"));
  g_assert_nonnull (strstr (result.err, "Skipped"));
  g_assert_null (strstr (result.err, database_secret));
  g_assert_null (strstr (result.out, database_secret));
  kiln_cli_result_clear (&result);

  result = run_kiln ("build", project_dir, "--check-env", "NOT-A-NAME=1");
  g_assert_cmpint (result.status, ==, 2);
  kiln_cli_result_clear (&result);
  result = run_kiln ("build", project_dir, "--check-env", "KILN_TEST_NEVER_SET");
  g_assert_cmpint (result.status, ==, 2);
  kiln_cli_result_clear (&result);

  data_dir = kiln_paths_dup_project_data_dir (project_dir);
  records_dir = g_build_filename (data_dir, "builds", NULL);
  g_assert_true (g_file_test (records_dir, G_FILE_TEST_IS_DIR));
  g_assert_false (tree_contains (data_dir, database_secret));

  kiln_test_remove_tree (project_dir);
}

static void
test_profile_environment (void)
{
  g_autoptr(KilnReleaseProfile) profile = kiln_release_profile_new ("web");
  g_autoptr(KilnReleaseProfile) copy = NULL;
  g_autoptr(KilnEnvironmentVariable) variable = kiln_environment_variable_new ("API_TOKEN", "s3cr3t-value", TRUE);
  g_autoptr(KilnEnvironmentVariable) plain = kiln_environment_variable_new ("PORT", "4001", FALSE);
  g_autoptr(KilnEnvironmentVariable) read_back = NULL;
  g_autofree char *json = NULL;
  g_autofree char *public_json = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (kiln_release_profile_get_run_assets (profile));
  g_assert_true (kiln_release_profile_get_phoenix_environment (profile));
  kiln_release_profile_set_run_assets (profile, FALSE);
  g_list_store_append (kiln_release_profile_get_environment_store (profile), variable);
  g_list_store_append (kiln_release_profile_get_environment_store (profile), plain);
  kiln_release_profile_set_cookie (profile, "cookie-s3cr3t");

  json = kiln_release_profile_to_json (profile);
  public_json = kiln_release_profile_to_public_json (profile);
  g_assert_nonnull (strstr (json, "s3cr3t-value"));
  g_assert_null (strstr (public_json, "s3cr3t-value"));
  g_assert_nonnull (strstr (public_json, "4001"));
  g_assert_nonnull (strstr (json, "cookie-s3cr3t"));
  g_assert_null (strstr (public_json, "cookie-s3cr3t"));
  g_assert_nonnull (strstr (public_json, "\"cookie\" : \"(set)\""));

  copy = kiln_release_profile_new_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_false (kiln_release_profile_get_run_assets (copy));
  g_assert_cmpuint (g_list_model_get_n_items (kiln_release_profile_get_environment (copy)), ==, 2);
  read_back = g_list_model_get_item (kiln_release_profile_get_environment (copy), 0);
  g_assert_cmpstr (kiln_environment_variable_get_name (read_back), ==, "API_TOKEN");
  g_assert_cmpstr (kiln_environment_variable_get_value (read_back), ==, "s3cr3t-value");
  g_assert_true (kiln_environment_variable_get_secret (read_back));
}

static char *
bytes_of (const char *text,
          const char *open,
          const char *close)
{
  GString *out = g_string_new (open);

  for (const char *p = text; *p != '\0'; p++)
    g_string_append_printf (out, "%s%d", p == text ? "" : ",", (unsigned char) *p);
  g_string_append (out, close);

  return g_string_free (out, FALSE);
}

/* Erlang's terms as bin/NAME eval prints them, without Elixir's own text. */
static void
test_decode_byte_lists (void)
{
  g_autofree char *list = bytes_of ("environment variable SECRET_KEY_BASE is missing.\nYou can generate one", "[", "]");
  g_autofree char *binary = bytes_of ("héllo", "<<", ">>");
  g_autofree char *term = g_strdup_printf ("{error,{'Elixir.Config.Reader',#{message=>%s}},[1,2,3]}", list);
  g_autofree char *decoded = kiln_runtime_failure_decode_byte_lists (term);
  g_autofree char *decoded_binary = kiln_runtime_failure_decode_byte_lists (binary);
  g_autofree char *sentence = kiln_runtime_failure_describe (term);
  g_autofree char *unrelated = kiln_runtime_failure_describe ("{error,{badarg,[104,105,33]}}");

  g_assert_nonnull (strstr (decoded, "message=>\"environment variable SECRET_KEY_BASE is missing.\\nYou can"));
  /* Short lists of small numbers are data, not text. */
  g_assert_nonnull (strstr (decoded, "[1,2,3]"));
  g_assert_cmpstr (decoded_binary, ==, "\"héllo\"");
  g_assert_cmpstr (sentence, ==, "The release started, but config/runtime.exs stopped it: environment variable "
                                 "SECRET_KEY_BASE is missing. Set it under Environment for checks "
                   "(or with kiln build --check-env NAME=VALUE).");
  g_assert_null (unrelated);
}

static char *
change_text (GPtrArray  *changes,
             const char *path)
{
  for (guint i = 0; i < changes->len; i++)
    if (g_str_equal (kiln_file_change_get_path (changes->pdata[i]), path))
      {
        GBytes *bytes = kiln_file_change_get_new_contents (changes->pdata[i]);

        return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      }

  return NULL;
}

/* What mix phx.gen.release adds, offered when missing: bin/server in the
 * release (executable, serving through PHX_SERVER); with Ecto, bin/migrate
 * and the Release module it calls. Files the project has stay its own. */
static void
test_release_scripts (void)
{
  g_autofree char *project_dir = NULL;
  g_autofree char *server = NULL;
  g_autofree char *server_bat = NULL;
  g_autofree char *shipped = NULL;
  g_autofree char *serve_hint = NULL;
  g_autofree char *migrate = NULL;
  g_autofree char *release_ex = NULL;
  g_autoptr(KilnProject) project = NULL;
  g_autoptr(KilnBuild) build = NULL;
  g_autoptr(KilnBuildRecord) record = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) ecto_changes = NULL;
  g_autoptr(KilnPhoenix) with_ecto = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  if (kiln_test_skip_without_toolchain ())
    return;

  project_dir = kiln_test_copy_fixture ("phoenix_like");
  project = inspect_fixture (project_dir);
  changes = kiln_phoenix_dup_script_changes (kiln_project_get_phoenix (project), project_dir,
                                             "phoenix_like", "phoenix_like", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 2);
  server = change_text (changes, "rel/overlays/bin/server");
  g_assert_nonnull (strstr (server, "PHX_SERVER=true exec ./phoenix_like start"));
  server_bat = change_text (changes, "rel/overlays/bin/server.bat");
  g_assert_nonnull (server_bat);
  g_assert_true (kiln_file_changes_apply_all (changes, &error));
  g_assert_no_error (error);

  g_clear_object (&project);
  project = inspect_fixture (project_dir);
  g_assert_true (kiln_phoenix_get_has_server_script (kiln_project_get_phoenix (project)));
  again = kiln_phoenix_dup_script_changes (kiln_project_get_phoenix (project), project_dir,
                                           "phoenix_like", "phoenix_like", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, 0);

  g_unsetenv ("SECRET_KEY_BASE");
  build = new_build (project, project_dir);
  record = kiln_test_run_build (build, NULL, &error);
  g_assert_no_error (error);
  shipped = g_build_filename (kiln_build_get_release_dir (build), "bin", "server", NULL);
  g_assert_cmpint (g_stat (shipped, &st), ==, 0);
  g_assert_true (st.st_mode & S_IXUSR);
  serve_hint = kiln_build_dup_serve_hint (build);
  g_assert_nonnull (strstr (serve_hint, "bin/server"));

  json_parser_load_from_data (parser, "{\"detected\": true, \"endpoint\": \"ShopWeb.Endpoint\", \"ecto\": true}",
                              -1, &error);
  g_assert_no_error (error);
  with_ecto = kiln_phoenix_new_from_inspection (json_node_get_object (json_parser_get_root (parser)));
  ecto_changes = kiln_phoenix_dup_script_changes (with_ecto, project_dir, "shop", "shop_web", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ecto_changes->len, ==, 3);
  migrate = change_text (ecto_changes, "rel/overlays/bin/migrate");
  g_assert_nonnull (strstr (migrate, "exec ./shop_web eval Shop.Release.migrate"));
  release_ex = change_text (ecto_changes, "lib/shop/release.ex");
  g_assert_nonnull (strstr (release_ex, "defmodule Shop.Release do"));
  g_assert_nonnull (strstr (release_ex, "@app :shop"));

  kiln_test_remove_tree (project_dir);
}

int
main (int   argc,
      char *argv[])
{
  kiln_test_init (&argc, &argv);

  g_test_add_func ("/phoenix/profile-environment", test_profile_environment);
  g_test_add_func ("/phoenix/decode-byte-lists", test_decode_byte_lists);
  g_test_add_func ("/phoenix/inspect", test_inspect);
  g_test_add_func ("/phoenix/not-phoenix", test_not_phoenix);
  g_test_add_func ("/phoenix/build-with-generated-secret", test_build_with_generated_secret);
  g_test_add_func ("/phoenix/runtime-config-failure", test_runtime_config_failure);
  g_test_add_func ("/phoenix/cli-secret", test_cli_secret);
  g_test_add_func ("/phoenix/cli-assets-and-check-env", test_cli_assets_and_check_env);
  g_test_add_func ("/phoenix/release-scripts", test_release_scripts);

  return g_test_run ();
}
