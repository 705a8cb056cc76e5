#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kiln-error.h"
#include "kiln-paths.h"
#include "kiln-project.h"
#include "kiln-test-util.h"

#define SKIP_WITHOUT_TOOLCHAIN()                 \
  G_STMT_START {                                 \
    if (!kiln_test_toolchain_available ())       \
      {                                          \
        g_test_skip ("Elixir is not installed"); \
        return;                                  \
      }                                          \
  } G_STMT_END

static KilnProject *
inspect_ok (const char *path)
{
  g_autoptr(GError) error = NULL;
  KilnProject *project = kiln_project_inspect (path, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (project);

  return project;
}

static void
set_mtime (const char *path,
           time_t      seconds)
{
  struct timespec times[2] = { { seconds, 0 }, { seconds, 0 } };

  g_assert_cmpint (utimensat (AT_FDCWD, path, times, 0), ==, 0);
}

static void
replace_in_file (const char *path,
                 const char *old_text,
                 const char *new_text)
{
  g_autofree char *contents = NULL;
  g_autoptr(GString) edited = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, old_text));
  edited = g_string_new (contents);
  g_string_replace (edited, old_text, new_text, 1);
  g_file_set_contents (path, edited->str, edited->len, &error);
  g_assert_no_error (error);
}

/* Checks one release option: its key, its encoded value (as compact JSON),
 * its inspect text and whether that text is valid Elixir. */
static void
assert_option (JsonArray  *options,
               guint       index,
               const char *key,
               const char *value_json,
               const char *code,
               gboolean    code_valid)
{
  JsonObject *option;
  g_autofree char *actual_value = NULL;

  g_assert_cmpuint (index, <, json_array_get_length (options));
  option = json_array_get_object_element (options, index);
  actual_value = json_to_string (json_object_get_member (option, "value"), FALSE);

  g_assert_cmpstr (json_object_get_string_member (option, "key"), ==, key);
  if (value_json != NULL)
    g_assert_cmpstr (actual_value, ==, value_json);
  if (code != NULL)
    g_assert_cmpstr (json_object_get_string_member (option, "code"), ==, code);
  g_assert_cmpint (json_object_get_boolean_member (option, "code_valid"), ==, code_valid);
}

static JsonArray *
release_options (KilnProject *project,
                 const char  *name)
{
  KilnProjectRelease *release = kiln_project_lookup_release (project, name);

  g_assert_nonnull (release);
  g_assert_cmpstr (kiln_project_release_get_name (release), ==, name);

  return kiln_project_release_get_options (release);
}

static void
test_single_app (void)
{
  g_autofree char *path = NULL;
  g_autofree char *build_dir = NULL;
  g_autofree char *distillery = NULL;
  g_autofree char *version_property = NULL;
  g_autoptr(KilnProject) project = NULL;
  g_autoptr(KilnProjectRelease) first = NULL;
  g_auto(GStrv) app_names_property = NULL;
  const char * const expected_apps[] = { "single_app", NULL };
  const char * const expected_templates[] = { "vm.args.eex", "env.sh.eex", NULL };
  const char * const expected_overlays[] = { "etc/notes.txt", NULL };
  JsonArray *options;
  JsonNode *version_option;
  GListModel *releases;

  SKIP_WITHOUT_TOOLCHAIN ();

  path = kiln_test_copy_fixture ("single_app");
  project = inspect_ok (path);

  g_assert_cmpstr (kiln_project_get_path (project), ==, path);
  g_assert_false (kiln_project_get_is_umbrella (project));
  g_assert_cmpstr (kiln_project_get_app_name (project), ==, "single_app");
  g_assert_cmpstr (kiln_project_get_version (project), ==, "1.2.3");
  g_assert_true (g_strv_equal (kiln_project_get_app_names (project), expected_apps));
  g_assert_cmpstr (kiln_project_get_app_version (project, "single_app"), ==, "1.2.3");
  g_assert_cmpstr (kiln_project_get_default_release (project), ==, "single_app");
  g_assert_cmpstr (kiln_project_get_elixir_requirement (project), ==, "~> 1.14");
  g_assert_false (kiln_project_get_uses_hex (project));
  g_assert_false (kiln_project_get_from_cache (project));

  releases = kiln_project_get_releases (project);
  g_assert_cmpuint (g_list_model_get_n_items (releases), ==, 2);
  first = g_list_model_get_item (releases, 0);
  g_assert_cmpstr (kiln_project_release_get_name (first), ==, "single_app");
  g_assert_null (kiln_project_lookup_release (project, "no_such_release"));

  options = release_options (project, "single_app");
  g_assert_cmpuint (json_array_get_length (options), ==, 4);
  assert_option (options, 0, "include_executables_for", "[{\"atom\":\"unix\"}]", "[:unix]", TRUE);
  assert_option (options, 1, "strip_beams", "[{\"tuple\":[{\"atom\":\"keep\"},[\"Docs\"]]}]",
                 "[keep: [\"Docs\"]]", TRUE);
  assert_option (options, 2, "cookie", "\"single-app-cookie\"", "\"single-app-cookie\"", TRUE);
  assert_option (options, 3, "applications",
                 "[{\"tuple\":[{\"atom\":\"single_app\"},{\"atom\":\"permanent\"}]},"
                 "{\"tuple\":[{\"atom\":\"runtime_tools\"},{\"atom\":\"load\"}]}]",
                 "[single_app: :permanent, runtime_tools: :load]", TRUE);

  options = release_options (project, "slim");
  g_assert_cmpuint (json_array_get_length (options), ==, 4);
  assert_option (options, 0, "include_erts", "false", "false", TRUE);
  assert_option (options, 1, "version", "\"0.9.0\"", "\"0.9.0\"", TRUE);
  assert_option (options, 2, "steps", "[{\"atom\":\"assemble\"},{\"atom\":\"tar\"}]", "[:assemble, :tar]", TRUE);
  assert_option (options, 3, "quiet", "true", "true", TRUE);

  version_option = kiln_project_release_lookup_option (kiln_project_lookup_release (project, "slim"), "version");
  g_assert_nonnull (version_option);
  g_assert_cmpstr (json_node_get_string (version_option), ==, "0.9.0");
  g_assert_null (kiln_project_release_lookup_option (kiln_project_lookup_release (project, "slim"), "cookie"));

  g_assert_true (kiln_project_get_has_runtime_config (project));
  g_assert_true (g_strv_equal (kiln_project_get_templates (project), expected_templates));
  g_assert_true (g_strv_equal (kiln_project_get_overlay_files (project), expected_overlays));
  distillery = g_build_filename (path, "rel", "config.exs", NULL);
  g_assert_cmpstr (kiln_project_get_distillery_config (project), ==, distillery);

  g_object_get (project, "version", &version_property, "app-names", &app_names_property, NULL);
  g_assert_cmpstr (version_property, ==, "1.2.3");
  g_assert_true (g_strv_equal ((const char * const *) app_names_property, expected_apps));

  /* Inspecting must not build or write anything inside the project. */
  build_dir = g_build_filename (path, "_build", NULL);
  g_assert_false (g_file_test (build_dir, G_FILE_TEST_EXISTS));

  kiln_test_remove_tree (path);
}

static void
test_to_json (void)
{
  g_autofree char *path = NULL;
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;
  g_autoptr(KilnProject) project = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *releases;
  JsonObject *slim;

  SKIP_WITHOUT_TOOLCHAIN ();

  path = kiln_test_copy_fixture ("single_app");
  project = inspect_ok (path);
  json = kiln_project_to_json (project);
  again = kiln_project_to_json (project);
  g_assert_cmpstr (json, ==, again);
  g_assert_nonnull (strchr (json, '\n'));

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "path"), ==, path);
  g_assert_cmpstr (json_object_get_string_member (root, "app"), ==, "single_app");
  g_assert_cmpstr (json_object_get_string_member (root, "version"), ==, "1.2.3");
  g_assert_false (json_object_get_boolean_member (root, "umbrella"));
  g_assert_true (json_object_get_boolean_member (root, "has_runtime_config"));
  g_assert_false (json_object_get_boolean_member (root, "uses_hex"));
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (root, "overlay_files"), 0),
                   ==, "etc/notes.txt");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "templates")), ==, 2);
  g_assert_nonnull (json_object_get_string_member (root, "distillery_config"));
  releases = json_object_get_array_member (root, "releases");
  g_assert_cmpuint (json_array_get_length (releases), ==, 2);
  slim = json_array_get_object_element (releases, 1);
  g_assert_cmpstr (json_object_get_string_member (slim, "name"), ==, "slim");
  assert_option (json_object_get_array_member (slim, "options"), 1, "version", "\"0.9.0\"", "\"0.9.0\"", TRUE);

  kiln_test_remove_tree (path);
}

static void
test_umbrella (void)
{
  g_autofree char *path = NULL;
  g_autoptr(KilnProject) project = NULL;
  const char * const expected_apps[] = { "alpha", "beta", NULL };
  JsonArray *options;

  SKIP_WITHOUT_TOOLCHAIN ();

  path = kiln_test_copy_fixture ("umbrella");
  project = inspect_ok (path);

  g_assert_true (kiln_project_get_is_umbrella (project));
  g_assert_null (kiln_project_get_app_name (project));
  g_assert_cmpstr (kiln_project_get_version (project), ==, "0.5.0");
  g_assert_true (g_strv_equal (kiln_project_get_app_names (project), expected_apps));
  g_assert_cmpstr (kiln_project_get_app_version (project, "alpha"), ==, "0.5.0");
  g_assert_cmpstr (kiln_project_get_app_version (project, "beta"), ==, "0.6.0");
  g_assert_null (kiln_project_get_default_release (project));
  g_assert_false (kiln_project_get_uses_hex (project));
  g_assert_false (kiln_project_get_has_runtime_config (project));
  g_assert_cmpuint (g_strv_length ((GStrv) kiln_project_get_templates (project)), ==, 0);
  g_assert_cmpuint (g_strv_length ((GStrv) kiln_project_get_overlay_files (project)), ==, 0);
  g_assert_null (kiln_project_get_distillery_config (project));

  g_assert_cmpuint (g_list_model_get_n_items (kiln_project_get_releases (project)), ==, 1);
  options = release_options (project, "umbrella_rel");
  g_assert_cmpuint (json_array_get_length (options), ==, 3);
  assert_option (options, 0, "applications",
                 "[{\"tuple\":[{\"atom\":\"alpha\"},{\"atom\":\"permanent\"}]},"
                 "{\"tuple\":[{\"atom\":\"beta\"},{\"atom\":\"transient\"}]}]",
                 "[alpha: :permanent, beta: :transient]", TRUE);
  assert_option (options, 1, "include_executables_for", "[{\"atom\":\"unix\"}]", "[:unix]", TRUE);
  assert_option (options, 2, "cookie", "\"umbrella-cookie\"", "\"umbrella-cookie\"", TRUE);

  kiln_test_remove_tree (path);
}

static void
test_not_a_project (void)
{
  g_autofree char *path = kiln_test_copy_fixture ("not_a_project");
  g_autofree char *missing = g_build_filename (path, "no-such-folder", NULL);
  g_autoptr(KilnProject) project = NULL;
  g_autoptr(GError) error = NULL;

  project = kiln_project_inspect (path, NULL, NULL, &error);
  g_assert_error (error, KILN_ERROR, KILN_ERROR_NOT_A_PROJECT);
  g_assert_null (project);
  g_assert_nonnull (strstr (error->message, "is not a Mix project"));
  g_assert_nonnull (strstr (error->message, "mix.exs"));
  g_clear_error (&error);

  project = kiln_project_inspect (missing, NULL, NULL, &error);
  g_assert_error (error, KILN_ERROR, KILN_ERROR_NOT_A_PROJECT);
  g_assert_null (project);
  g_assert_nonnull (strstr (error->message, missing));

  kiln_test_remove_tree (path);
}

static void
test_broken_mix (void)
{
  g_autofree char *path = NULL;
  g_autoptr(KilnProject) project = NULL;
  g_autoptr(GError) error = NULL;

  SKIP_WITHOUT_TOOLCHAIN ();

  path = kiln_test_copy_fixture ("broken_mix");
  project = kiln_project_inspect (path, NULL, NULL, &error);
  g_assert_error (error, KILN_ERROR, KILN_ERROR_PROJECT_INVALID);
  g_assert_null (project);
  /* Mix's own words: the exception and where in mix.exs it happened. */
  g_assert_nonnull (strstr (error->message, "SyntaxError"));
  g_assert_nonnull (strstr (error->message, "mix.exs:6"));

  kiln_test_remove_tree (path);
}

static void
test_toolchain_error_propagates (void)
{
  g_autofree char *path = kiln_test_copy_fixture ("single_app");
  g_autofree char *empty_dir = kiln_test_make_temp_dir ("empty-path");
  g_autofree char *original_path = g_strdup (g_getenv ("PATH"));
  g_autoptr(KilnProject) project = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("PATH", empty_dir, TRUE);
  project = kiln_project_inspect (path, NULL, NULL, &error);
  g_setenv ("PATH", original_path, TRUE);

  g_assert_error (error, KILN_ERROR, KILN_ERROR_TOOLCHAIN_MISSING);
  g_assert_null (project);

  kiln_test_remove_tree (path);
}

static void
inspect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static KilnProject *
inspect_async_and_wait (const char    *path,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  kiln_project_inspect_async (path, NULL, cancellable, inspect_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return kiln_project_inspect_finish (result, error);
}

static void
test_cache (void)
{
  g_autofree char *path = NULL;
  g_autofree char *mix_exs = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *cache_file = NULL;
  GStatBuf st;
  g_autofree char *first_json = NULL;
  g_autofree char *cached_json = NULL;
  g_autoptr(KilnProject) first = NULL;
  g_autoptr(KilnProject) cached = NULL;
  g_autoptr(KilnProject) touched = NULL;
  g_autoptr(KilnProject) edited = NULL;
  g_autoptr(KilnProject) after_corruption = NULL;
  g_autoptr(GError) error = NULL;

  SKIP_WITHOUT_TOOLCHAIN ();

  path = kiln_test_copy_fixture ("single_app");
  mix_exs = g_build_filename (path, "mix.exs", NULL);
  data_dir = kiln_paths_dup_project_data_dir (path);
  cache_file = g_build_filename (data_dir, "inspection.json", NULL);
  set_mtime (mix_exs, 1000000000);

  first = inspect_async_and_wait (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (kiln_project_get_from_cache (first));
  g_assert_true (g_file_test (cache_file, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (g_stat (cache_file, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  cached = inspect_async_and_wait (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kiln_project_get_from_cache (cached));
  first_json = kiln_project_to_json (first);
  cached_json = kiln_project_to_json (cached);
  g_assert_cmpstr (cached_json, ==, first_json);

  set_mtime (mix_exs, 1100000000);
  touched = kiln_project_inspect (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (kiln_project_get_from_cache (touched));

  /* An edit is seen: Mix really runs again. */
  replace_in_file (mix_exs, "version: \"1.2.3\"", "version: \"1.2.4\"");
  edited = kiln_project_inspect (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (kiln_project_get_from_cache (edited));
  g_assert_cmpstr (kiln_project_get_version (edited), ==, "1.2.4");

  g_file_set_contents (cache_file, "{\"kiln_inspection_cache\": 1, \"inspection\": [", -1, &error);
  g_assert_no_error (error);
  after_corruption = kiln_project_inspect (path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (kiln_project_get_from_cache (after_corruption));
  g_assert_cmpstr (kiln_project_get_version (after_corruption), ==, "1.2.4");

  kiln_test_remove_tree (path);
}

static void
test_umbrella_cache (void)
{
  g_autofree char *path = NULL;
  g_autofree char *beta_mix_exs = NULL;
  g_autoptr(KilnProject) first = NULL;
  g_autoptr(KilnProject) cached = NULL;
  g_autoptr(KilnProject) edited = NULL;

  SKIP_WITHOUT_TOOLCHAIN ();

  path = kiln_test_copy_fixture ("umbrella");
  beta_mix_exs = g_build_filename (path, "apps", "beta", "mix.exs", NULL);

  first = inspect_ok (path);
  g_assert_false (kiln_project_get_from_cache (first));
  cached = inspect_ok (path);
  g_assert_true (kiln_project_get_from_cache (cached));

  replace_in_file (beta_mix_exs, "version: \"0.6.0\"", "version: \"0.7.0\"");
  edited = inspect_ok (path);
  g_assert_false (kiln_project_get_from_cache (edited));
  g_assert_cmpstr (kiln_project_get_app_version (edited, "beta"), ==, "0.7.0");

  kiln_test_remove_tree (path);
}

static void
test_tricky_terms (void)
{
  g_autofree char *path = NULL;
  g_autoptr(KilnProject) project = NULL;
  JsonArray *options;
  JsonArray *deps;
  JsonObject *owner;
  JsonNode *cookie;

  SKIP_WITHOUT_TOOLCHAIN ();

  path = kiln_test_copy_fixture ("tricky_terms");
  project = inspect_ok (path);

  g_assert_cmpstr (kiln_project_get_version (project), ==, "0.1.0-ünï");
  g_assert_true (kiln_project_get_uses_hex (project));
  deps = kiln_project_get_deps (project);
  g_assert_cmpuint (json_array_get_length (deps), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (deps, 0), "scm"), ==, "path");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (deps, 1), "scm"), ==, "git");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (deps, 2), "scm"), ==, "hex");

  cookie = kiln_project_release_lookup_option (kiln_project_lookup_release (project, "tricky"), "cookie");
  g_assert_cmpstr (json_node_get_string (cookie), ==,
                   "quote \" backslash \\ newline \n tab \t bell \a é 日本 🔥");

  options = release_options (project, "tricky");
  g_assert_cmpuint (json_array_get_length (options), ==, 11);
  assert_option (options, 0, "cookie", NULL, NULL, TRUE);
  assert_option (options, 1, "overlays", "[\"extra\",[99,104,97,114,108,105,115,116]]",
                 "[\"extra\", 'charlist']", TRUE);
  assert_option (options, 2, "config_providers",
                 "[{\"tuple\":[{\"atom\":\"Elixir.Config.Reader\"},"
                 "{\"tuple\":[{\"atom\":\"system\"},\"RELEASE_ROOT\",\"/etc/config.exs\"]}]}]",
                 "[{Config.Reader, {:system, \"RELEASE_ROOT\", \"/etc/config.exs\"}}]", TRUE);
  assert_option (options, 3, "steps", "[{\"atom\":\"assemble\"},{\"code\":\"&Function.identity/1\"}]",
                 "[:assemble, &Function.identity/1]", FALSE);
  assert_option (options, 4, "ratios", "{\"map\":[[1,2.5],[\"key\",null]]}",
                 "%{1 => 2.5, \"key\" => nil}", TRUE);
  assert_option (options, 5, "raw", "{\"code\":\"<<255, 0>>\"}", "<<255, 0>>", TRUE);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (options, 6), "code"),
                   ==, "<<97, 0, 98>>");
  assert_option (options, 7, "improper", "{\"code\":\"[1 | 2]\"}", "[1 | 2]", TRUE);
  owner = json_array_get_object_element (options, 8);
  g_assert_cmpstr (json_object_get_string_member (owner, "key"), ==, "owner");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (owner, "code"), "#PID<"));
  g_assert_false (json_object_get_boolean_member (owner, "code_valid"));
  assert_option (options, 9, "quoted key", "{\"atom\":\"with space\"}", ":\"with space\"", TRUE);
  assert_option (options, 10, "version_from_app", "{\"tuple\":[{\"atom\":\"from_app\"},{\"atom\":\"tricky_terms\"}]}",
                 "{:from_app, :tricky_terms}", TRUE);

  /* A release given as a 0-arity fn is called. */
  options = release_options (project, "lazy");
  g_assert_cmpuint (json_array_get_length (options), ==, 2);
  assert_option (options, 0, "version", "\"2.0.0\"", "\"2.0.0\"", TRUE);
  assert_option (options, 1, "quiet", "true", "true", TRUE);

  kiln_test_remove_tree (path);
}

/* A zombie still answers kill(pid, 0), so look at the state in /proc. */
static gboolean
read_process_stat (GPid   pid,
                   char  *state,
                   GPid  *group)
{
  g_autofree char *stat_path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *contents = NULL;
  const char *after_name;
  int pgrp = 0;
  char state_char = 0;

  if (!g_file_get_contents (stat_path, &contents, NULL, NULL))
    return FALSE;

  after_name = strrchr (contents, ')');
  if (after_name == NULL || sscanf (after_name + 1, " %c %*d %d", &state_char, &pgrp) != 2)
    return FALSE;

  *state = state_char;
  *group = pgrp;
  return TRUE;
}

static guint
count_live_processes_in_group (GPid group)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;
  guint count = 0;

  g_assert_nonnull (proc);
  while ((name = g_dir_read_name (proc)) != NULL)
    {
      char state;
      GPid pgrp;

      if (!g_ascii_isdigit (name[0]))
        continue;
      if (read_process_stat (atoi (name), &state, &pgrp) && pgrp == group && state != 'Z' && state != 'X')
        count++;
    }

  return count;
}

static void
test_cancel (void)
{
  g_autofree char *path = NULL;
  g_autofree char *pid_dir = NULL;
  g_autofree char *pid_file = NULL;
  g_autofree char *pid_text = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(KilnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline;
  GPid beam_pid;
  GPid group = 0;
  char state;

  SKIP_WITHOUT_TOOLCHAIN ();

  path = kiln_test_copy_fixture ("slow_mix");
  pid_dir = kiln_test_make_temp_dir ("pid");
  pid_file = g_build_filename (pid_dir, "beam.pid", NULL);
  g_setenv ("KILN_TEST_PID_FILE", pid_file, TRUE);

  kiln_project_inspect_async (path, NULL, cancellable, inspect_cb, &result);

  deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  while (!g_file_test (pid_file, G_FILE_TEST_IS_REGULAR))
    {
      g_assert_null (result);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
    }

  g_file_get_contents (pid_file, &pid_text, NULL, &error);
  g_assert_no_error (error);
  beam_pid = atoi (pid_text);
  g_assert_cmpint (beam_pid, >, 0);
  g_assert_true (read_process_stat (beam_pid, &state, &group));
  g_assert_cmpint (group, >, 1);
  g_assert_cmpint (group, !=, getpgrp ());

  g_cancellable_cancel (cancellable);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  /* Only now that the worker thread is done is changing the environment safe. */
  g_unsetenv ("KILN_TEST_PID_FILE");
  project = kiln_project_inspect_finish (result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (project);

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (count_live_processes_in_group (group) > 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50 * 1000);
    }

  kiln_test_remove_tree (path);
}

int
main (int argc, char **argv)
{
  kiln_test_init (&argc, &argv);
  g_unsetenv ("ASDF_DATA_DIR");
  g_unsetenv ("MISE_DATA_DIR");

  g_test_add_func ("/project/single-app", test_single_app);
  g_test_add_func ("/project/to-json", test_to_json);
  g_test_add_func ("/project/umbrella", test_umbrella);
  g_test_add_func ("/project/not-a-project", test_not_a_project);
  g_test_add_func ("/project/broken-mix", test_broken_mix);
  g_test_add_func ("/project/toolchain-error", test_toolchain_error_propagates);
  g_test_add_func ("/project/cache", test_cache);
  g_test_add_func ("/project/umbrella-cache", test_umbrella_cache);
  g_test_add_func ("/project/tricky-terms", test_tricky_terms);
  g_test_add_func ("/project/cancel", test_cancel);

  return g_test_run ();
}
