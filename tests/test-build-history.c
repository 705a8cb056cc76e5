#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "kiln-build-history.h"
#include "kiln-build-record.h"
#include "kiln-build-record-private.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include "kiln-error.h"
#include "kiln-paths.h"
#include "kiln-test-util.h"

#define PROFILE_JSON \
  "{\"name\":\"default\",\"include_erts\":true,\"strip_beams\":false," \
  "\"applications\":{\"hello\":\"permanent\",\"runtime_tools\":\"temporary\"}," \
  "\"formats\":[\"tar.gz\",\"zip\"]}"

static GDateTime *
date_at (int    hour,
         int    minute,
         double seconds,
         int    offset_minutes)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (offset_minutes * 60);

  return g_date_time_new (tz, 2026, 11, 24, hour, minute, seconds);
}

static char *
dup_builds_dir (const char *project_dir)
{
  g_autofree char *data_dir = kiln_paths_dup_project_data_dir (project_dir);

  return g_build_filename (data_dir, "builds", NULL);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

static char **
list_dir_sorted (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);

  return (char **)g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

static KilnBuildRecord *
make_full_record (const char *project_dir)
{
  g_autoptr(GDateTime) started = date_at (8, 15, 30.123456, 5 * 60 + 30);
  g_autoptr(GDateTime) finished = g_date_time_add (started, 12400 * G_TIME_SPAN_MILLISECOND);
  KilnBuildRecord *record = kiln_build_record_new (project_dir, "hello");
  g_autoptr(KilnBuildHost) host = kiln_build_host_new ("Debian GNU/Linux 12 (bookworm)", "Linux", "x86_64",
                                                       "2.36", "25");

  kiln_build_record_set_host (record, host);
  kiln_build_record_set_mix_env (record, "prod");
  kiln_build_record_set_profile_json (record, PROFILE_JSON);
  kiln_build_record_set_started_at (record, started);
  kiln_build_record_set_finished_at (record, finished);
  kiln_build_record_set_result (record, KILN_BUILD_RESULT_SUCCEEDED);
  kiln_build_record_set_error_message (record, "warning: “quoted” text\nsecond line");
  kiln_build_record_set_release_dir (record, "/tmp/out/hello");
  kiln_build_record_set_release_size (record, G_GUINT64_CONSTANT (5000000000));
  kiln_build_record_add_step (record, "deps", "succeeded", 1500);
  kiln_build_record_add_step (record, "release", "succeeded", 10900);
  kiln_build_record_add_step (record, "verify", "skipped", -1);
  kiln_build_record_add_artifact (record, "/tmp/out/hello-0.1.0.tar.gz", "tar.gz", 1234567,
                                  "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
  kiln_build_record_add_artifact (record, "/tmp/out/hello-0.1.0.zip", "zip", 2345678, NULL);

  return record;
}

static void
assert_same_profile (const char *expected,
                     const char *actual)
{
  g_autoptr(JsonNode) a = json_from_string (expected, NULL);
  g_autoptr(JsonNode) b = json_from_string (actual, NULL);

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_true (json_node_equal (a, b));
}

static void
test_record_round_trip (void)
{
  g_autofree char *project = kiln_test_make_temp_dir ("project");
  g_autoptr(KilnBuildRecord) record = make_full_record (project);
  g_autoptr(KilnBuildRecord) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) raw = NULL;
  g_autoptr(GDateTime) expected_start = date_at (8, 15, 30.123456, 5 * 60 + 30);
  g_autofree char *contents = NULL;
  g_autofree char *original_json = NULL;
  g_autofree char *loaded_json = NULL;
  g_autofree char *summary = NULL;
  JsonObject *object;
  GListModel *steps;
  GListModel *artifacts;

  g_assert_true (kiln_build_record_save (record, &error));
  g_assert_no_error (error);

  loaded = kiln_build_record_load (kiln_build_record_get_path (record), &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);

  g_assert_cmpstr (kiln_build_record_get_id (loaded), ==, kiln_build_record_get_id (record));
  g_assert_cmpstr (kiln_build_record_get_project_dir (loaded), ==, project);
  g_assert_cmpstr (kiln_build_record_get_release_name (loaded), ==, "hello");
  g_assert_cmpstr (kiln_build_record_get_mix_env (loaded), ==, "prod");
  assert_same_profile (PROFILE_JSON, kiln_build_record_get_profile_json (loaded));
  g_assert_true (g_date_time_equal (kiln_build_record_get_started_at (loaded), expected_start));
  g_assert_cmpint (g_date_time_get_utc_offset (kiln_build_record_get_started_at (loaded)), ==,
                   (5 * 60 + 30) * G_TIME_SPAN_MINUTE);
  g_assert_cmpint (g_date_time_get_microsecond (kiln_build_record_get_started_at (loaded)), ==, 123456);
  g_assert_true (g_date_time_equal (kiln_build_record_get_finished_at (loaded),
                                    kiln_build_record_get_finished_at (record)));
  g_assert_cmpint (kiln_build_record_get_duration_ms (loaded), ==, 12400);
  g_assert_cmpint (kiln_build_record_get_result (loaded), ==, KILN_BUILD_RESULT_SUCCEEDED);
  g_assert_cmpstr (kiln_build_record_get_error_message (loaded), ==, "warning: “quoted” text\nsecond line");
  g_assert_cmpstr (kiln_build_record_get_release_dir (loaded), ==, "/tmp/out/hello");
  g_assert_cmpuint (kiln_build_record_get_release_size (loaded), ==, G_GUINT64_CONSTANT (5000000000));
  g_assert_cmpstr (kiln_build_record_get_path (loaded), ==, kiln_build_record_get_path (record));
  g_assert_cmpstr (kiln_build_record_get_log_path (loaded), ==, kiln_build_record_get_log_path (record));

  {
    KilnBuildHost *host = kiln_build_record_get_host (loaded);
    g_autofree char *description = kiln_build_host_dup_description (host);
    g_autofree char *requirements = kiln_build_host_dup_requirements (host);
    g_autoptr(KilnBuildHost) with_erts = kiln_build_host_new (NULL, "Linux", "aarch64", "2.31", NULL);
    g_autofree char *with_erts_requirements = kiln_build_host_dup_requirements (with_erts);

    g_assert_cmpstr (description, ==, "Debian GNU/Linux 12 (bookworm), x86_64, glibc 2.36");
    g_assert_cmpstr (requirements, ==, "Runs on Linux x86_64 with glibc 2.36 or newer and Erlang/OTP 25 "
                                       "installed, since the release does not include ERTS.");
    g_assert_nonnull (strstr (with_erts_requirements, "Linux aarch64 with glibc 2.31 or newer"));
    g_assert_null (strstr (with_erts_requirements, "OTP"));
  }

  steps = kiln_build_record_get_steps (loaded);
  g_assert_cmpuint (g_list_model_get_n_items (steps), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(KilnBuildRecordStep) a = g_list_model_get_item (kiln_build_record_get_steps (record), i);
      g_autoptr(KilnBuildRecordStep) b = g_list_model_get_item (steps, i);

      g_assert_cmpstr (kiln_build_record_step_get_id (a), ==, kiln_build_record_step_get_id (b));
      g_assert_cmpstr (kiln_build_record_step_get_state (a), ==, kiln_build_record_step_get_state (b));
      g_assert_cmpint (kiln_build_record_step_get_duration_ms (a), ==, kiln_build_record_step_get_duration_ms (b));
    }

  artifacts = kiln_build_record_get_artifacts (loaded);
  g_assert_cmpuint (g_list_model_get_n_items (artifacts), ==, 2);
  {
    g_autoptr(KilnBuildRecordArtifact) tarball = g_list_model_get_item (artifacts, 0);
    g_autoptr(KilnBuildRecordArtifact) zip = g_list_model_get_item (artifacts, 1);

    g_assert_cmpstr (kiln_build_record_artifact_get_path (tarball), ==, "/tmp/out/hello-0.1.0.tar.gz");
    g_assert_cmpstr (kiln_build_record_artifact_get_format (tarball), ==, "tar.gz");
    g_assert_cmpuint (kiln_build_record_artifact_get_size (tarball), ==, 1234567);
    g_assert_cmpstr (kiln_build_record_artifact_get_sha256 (tarball), ==,
                     "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    g_assert_cmpstr (kiln_build_record_artifact_get_format (zip), ==, "zip");
    g_assert_cmpuint (kiln_build_record_artifact_get_size (zip), ==, 2345678);
    g_assert_null (kiln_build_record_artifact_get_sha256 (zip));
  }

  /* Nothing is lost or reinterpreted: saving what was loaded gives the same document. */
  original_json = kiln_build_record_to_json (record);
  loaded_json = kiln_build_record_to_json (loaded);
  g_assert_cmpstr (original_json, ==, loaded_json);

  /* The file itself is versioned, pretty, and embeds the profile as an object. */
  g_assert_true (g_file_get_contents (kiln_build_record_get_path (record), &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, original_json);
  g_assert_nonnull (strstr (contents, "\n  \"format\""));
  raw = json_from_string (contents, &error);
  g_assert_no_error (error);
  object = json_node_get_object (raw);
  g_assert_cmpstr (json_object_get_string_member (object, "format"), ==, "kiln-build-record");
  g_assert_cmpint (json_object_get_int_member (object, "version"), ==, 1);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "profile")));
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (object, "profile"), "include_erts"));
  g_assert_cmpstr (json_object_get_string_member (object, "started_at"), ==, "2026-11-24T08:15:30.123456+05:30");
  g_assert_cmpstr (json_object_get_string_member (object, "result"), ==, "succeeded");

  summary = kiln_build_record_dup_summary (loaded);
  g_assert_cmpstr (summary, ==, "Succeeded in 12.4 s · 2 archives");
}

static void
test_record_identity (void)
{
  g_autofree char *project = kiln_test_make_temp_dir ("project");
  g_autofree char *builds_dir = dup_builds_dir (project);
  g_autoptr(KilnBuildRecord) first = kiln_build_record_new (project, NULL);
  g_autoptr(KilnBuildRecord) second = kiln_build_record_new (project, "hello");
  g_autofree char *expected_path = NULL;
  g_autofree char *expected_log = NULL;
  g_autofree char *log_dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  g_assert_true (g_regex_match_simple ("^[0-9]{8}-[0-9]{6}-[0-9]{6}$", kiln_build_record_get_id (first), 0, 0));
  g_assert_cmpstr (kiln_build_record_get_id (first), <, kiln_build_record_get_id (second));
  g_assert_nonnull (kiln_build_record_get_started_at (first));
  g_assert_null (kiln_build_record_get_finished_at (first));
  g_assert_cmpint (kiln_build_record_get_duration_ms (first), ==, -1);
  g_assert_cmpint (kiln_build_record_get_result (first), ==, KILN_BUILD_RESULT_RUNNING);
  summary = kiln_build_record_dup_summary (first);
  g_assert_true (g_str_has_prefix (summary, "Running since "));

  expected_path = g_strdup_printf ("%s/%s.json", builds_dir, kiln_build_record_get_id (first));
  expected_log = g_strdup_printf ("%s/%s.log", builds_dir, kiln_build_record_get_id (first));
  g_assert_cmpstr (kiln_build_record_get_path (first), ==, expected_path);
  g_assert_cmpstr (kiln_build_record_get_log_path (first), ==, expected_log);

  /* The log path is known before the log (or the record) exists. */
  g_assert_false (g_file_test (expected_log, G_FILE_TEST_EXISTS));
  g_assert_true (kiln_build_record_save (first, &error));
  g_assert_no_error (error);
  log_dir = g_path_get_dirname (kiln_build_record_get_log_path (first));
  g_assert_cmpstr (log_dir, ==, builds_dir);

  g_assert_cmpstr (kiln_build_result_to_string (KILN_BUILD_RESULT_CANCELLED), ==, "cancelled");
  {
    KilnBuildResult result = KILN_BUILD_RESULT_RUNNING;

    g_assert_true (kiln_build_result_from_string ("failed", &result));
    g_assert_cmpint (result, ==, KILN_BUILD_RESULT_FAILED);
    g_assert_false (kiln_build_result_from_string ("exploded", &result));
  }
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_record_notify (void)
{
  g_autofree char *project = kiln_test_make_temp_dir ("project");
  g_autoptr(KilnBuildRecord) record = kiln_build_record_new (project, "hello");
  guint result_notifies = 0;
  guint duration_notifies = 0;
  g_autoptr(GDateTime) finished = g_date_time_add_seconds (kiln_build_record_get_started_at (record), 3);

  g_signal_connect (record, "notify::result", G_CALLBACK (count_notify), &result_notifies);
  g_signal_connect (record, "notify::duration-ms", G_CALLBACK (count_notify), &duration_notifies);

  kiln_build_record_set_result (record, KILN_BUILD_RESULT_FAILED);
  kiln_build_record_set_result (record, KILN_BUILD_RESULT_FAILED);
  g_assert_cmpuint (result_notifies, ==, 1);

  kiln_build_record_set_finished_at (record, finished);
  kiln_build_record_set_finished_at (record, finished);
  g_assert_cmpuint (duration_notifies, ==, 1);
  g_assert_cmpint (kiln_build_record_get_duration_ms (record), ==, 3000);
}

static void
test_record_save_twice (void)
{
  g_autofree char *project = kiln_test_make_temp_dir ("project");
  g_autofree char *builds_dir = dup_builds_dir (project);
  g_autoptr(KilnBuildRecord) record = kiln_build_record_new (project, "hello");
  g_autoptr(KilnBuildRecord) loaded = NULL;
  g_autoptr(GDateTime) finished = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected_name = g_strconcat (kiln_build_record_get_id (record), ".json", NULL);
  g_auto(GStrv) names = NULL;

  g_assert_true (kiln_build_record_save (record, &error));
  g_assert_no_error (error);
  loaded = kiln_build_record_load (kiln_build_record_get_path (record), &error);
  g_assert_no_error (error);
  /* No build holds a lock for it: loaded, it is one whose Kiln died. */
  g_assert_cmpint (kiln_build_record_get_result (loaded), ==, KILN_BUILD_RESULT_INTERRUPTED);
  g_assert_null (kiln_build_record_get_finished_at (loaded));
  g_clear_object (&loaded);

  finished = g_date_time_add_seconds (kiln_build_record_get_started_at (record), 2);
  kiln_build_record_set_finished_at (record, finished);
  kiln_build_record_set_result (record, KILN_BUILD_RESULT_CANCELLED);
  kiln_build_record_add_step (record, "compile", "cancelled", 2000);
  g_assert_true (kiln_build_record_save (record, &error));
  g_assert_no_error (error);

  loaded = kiln_build_record_load (kiln_build_record_get_path (record), &error);
  g_assert_no_error (error);
  g_assert_cmpint (kiln_build_record_get_result (loaded), ==, KILN_BUILD_RESULT_CANCELLED);
  g_assert_cmpuint (g_list_model_get_n_items (kiln_build_record_get_steps (loaded)), ==, 1);

  /* One file, replaced in place, and no temporary files left behind. */
  names = list_dir_sorted (builds_dir);
  g_assert_cmpuint (g_strv_length (names), ==, 1);
  g_assert_cmpstr (names[0], ==, expected_name);
}

static char *
write_builds_file (const char *builds_dir,
                   const char *name,
                   const char *contents)
{
  g_autofree char *path = g_build_filename (builds_dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (builds_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));

  return g_steal_pointer (&path);
}

/* A valid record with one member replaced, to check each field is validated. */
static char *
mutated_record_json (KilnBuildRecord *record,
                     const char      *member,
                     JsonNode        *value)
{
  g_autofree char *json = kiln_build_record_to_json (record);
  g_autoptr(JsonNode) root = json_from_string (json, NULL);

  if (value != NULL)
    json_object_set_member (json_node_get_object (root), member, value);
  else
    json_object_remove_member (json_node_get_object (root), member);

  return json_to_string (root, TRUE);
}

static JsonNode *
string_node (const char *value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, value);
  return node;
}

static JsonNode *
int_node (gint64 value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_int (node, value);
  return node;
}

static void
assert_load_fails (const char *builds_dir,
                   const char *contents,
                   int         code)
{
  g_autofree char *path = write_builds_file (builds_dir, "candidate.json", contents);
  g_autoptr(KilnBuildRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  record = kiln_build_record_load (path, &error);
  g_assert_null (record);
  g_assert_error (error, KILN_ERROR, code);
  g_assert_nonnull (strstr (error->message, "build record"));
  g_assert_nonnull (strstr (error->message, path));
}

static void
test_record_load_rejects (void)
{
  g_autofree char *project = kiln_test_make_temp_dir ("project");
  g_autofree char *builds_dir = dup_builds_dir (project);
  g_autoptr(KilnBuildRecord) record = make_full_record (project);
  g_autoptr(KilnBuildRecord) missing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *missing_path = g_build_filename (builds_dir, "absent.json", NULL);
  struct {
    const char *member;
    JsonNode *value;
  } broken[] = {
    { "format", string_node ("kiln-release-profile") },
    { "format", NULL },
    { "version", string_node ("1") },
    { "version", int_node (0) },
    { "id", NULL },
    { "id", string_node ("../escape") },
    { "id", int_node (7) },
    { "started_at", string_node ("yesterday") },
    { "started_at", NULL },
    { "result", string_node ("exploded") },
    { "release_size", int_node (-5) },
    { "steps", string_node ("all of them") },
    { "artifacts", json_from_string ("[{\"format\":\"zip\"}]", NULL) },
    { "artifacts", json_from_string ("[3]", NULL) },
    { "profile", int_node (3) },
    { "host", string_node ("Debian") },
    { "host", json_from_string ("{\"glibc\": 2.36}", NULL) },
  };
  const char *malformed[] = {
    "",
    "{\"format\": \"kiln-build-record\", \"version\": 1",
    "[1, 2, 3]",
    "\"just a string\"",
    "\x89PNG\r\n\x1a\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    assert_load_fails (builds_dir, malformed[i], KILN_ERROR_PROFILE_CORRUPT);

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autofree char *json = mutated_record_json (record, broken[i].member, broken[i].value);

      g_test_message ("broken member %s", broken[i].member);
      assert_load_fails (builds_dir, json, KILN_ERROR_PROFILE_CORRUPT);
    }

  {
    g_autofree char *json = mutated_record_json (record, "version", int_node (2));
    assert_load_fails (builds_dir, json, KILN_ERROR_PROFILE_UNSUPPORTED_VERSION);
  }

  missing = kiln_build_record_load (missing_path, &error);
  g_assert_null (missing);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

typedef struct
{
  guint count;
  guint position;
  guint removed;
  guint added;
} ItemsChanged;

static void
on_items_changed (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  ItemsChanged *changes)
{
  changes->count++;
  changes->position = position;
  changes->removed = removed;
  changes->added = added;
}

static void
assert_changes (ItemsChanged *changes,
                guint         count,
                guint         position,
                guint         removed,
                guint         added)
{
  g_assert_cmpuint (changes->count, ==, count);
  if (count > 0)
    {
      g_assert_cmpuint (changes->position, ==, position);
      g_assert_cmpuint (changes->removed, ==, removed);
      g_assert_cmpuint (changes->added, ==, added);
    }
  memset (changes, 0, sizeof *changes);
}

static KilnBuildRecord *
save_record_started_at (const char *project,
                        int         hour,
                        int         minute)
{
  g_autoptr(GDateTime) started = date_at (hour, minute, 0, 60);
  g_autoptr(GError) error = NULL;
  KilnBuildRecord *record = kiln_build_record_new (project, "hello");

  kiln_build_record_set_started_at (record, started);
  g_assert_true (kiln_build_record_save (record, &error));
  g_assert_no_error (error);

  return record;
}

static KilnBuildRecord *
history_item (KilnBuildHistory *history,
              guint             position)
{
  g_autoptr(KilnBuildRecord) record = g_list_model_get_item (G_LIST_MODEL (history), position);

  g_assert_nonnull (record);
  return record;
}

static void
test_history_newest_first (void)
{
  g_autofree char *project = kiln_test_make_temp_dir ("project");
  g_autoptr(KilnBuildRecord) middle = save_record_started_at (project, 9, 0);
  g_autoptr(KilnBuildRecord) oldest = save_record_started_at (project, 8, 0);
  g_autoptr(KilnBuildRecord) newest = save_record_started_at (project, 10, 0);
  g_autoptr(KilnBuildHistory) history = kiln_build_history_new (project);
  g_autoptr(GError) error = NULL;
  ItemsChanged changes = { 0 };

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (history)) == KILN_TYPE_BUILD_RECORD);
  g_signal_connect (history, "items-changed", G_CALLBACK (on_items_changed), &changes);

  /* The first look loads lazily. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 3);
  assert_changes (&changes, 0, 0, 0, 0);
  g_assert_null (kiln_build_history_get_problems (history));

  g_assert_cmpstr (kiln_build_record_get_id (history_item (history, 0)), ==, kiln_build_record_get_id (newest));
  g_assert_cmpstr (kiln_build_record_get_id (history_item (history, 1)), ==, kiln_build_record_get_id (middle));
  g_assert_cmpstr (kiln_build_record_get_id (history_item (history, 2)), ==, kiln_build_record_get_id (oldest));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (history), 3));
  g_assert_true (kiln_build_history_lookup (history, kiln_build_record_get_id (middle)) == history_item (history, 1));
  g_assert_null (kiln_build_history_lookup (history, "19990101-000000-000000"));

  g_assert_true (kiln_build_history_reload (history, &error));
  g_assert_no_error (error);
  assert_changes (&changes, 1, 0, 3, 3);
  g_assert_cmpstr (kiln_build_record_get_id (history_item (history, 0)), ==, kiln_build_record_get_id (newest));

  /* A project without builds is simply empty. */
  {
    g_autofree char *other = kiln_test_make_temp_dir ("other");
    g_autoptr(KilnBuildHistory) empty = kiln_build_history_new (other);

    g_assert_true (kiln_build_history_reload (empty, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (empty)), ==, 0);
  }
}

static void
assert_file_bytes (const char *path,
                   const char *expected)
{
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, expected);
}

static void
test_history_corrupt (void)
{
  g_autofree char *project = kiln_test_make_temp_dir ("project");
  g_autofree char *builds_dir = dup_builds_dir (project);
  g_autoptr(KilnBuildRecord) first = save_record_started_at (project, 8, 0);
  g_autoptr(KilnBuildRecord) second = save_record_started_at (project, 9, 0);
  g_autoptr(KilnBuildHistory) history = kiln_build_history_new (project);
  g_autoptr(GError) error = NULL;
  g_autofree char *future_json = mutated_record_json (first, "version", int_node (9));
  g_autofree char *bad_path = write_builds_file (builds_dir, "bad.json", "{ truncated");
  g_autofree char *future_path = write_builds_file (builds_dir, "future.json", future_json);
  g_autofree char *moved_path = g_strconcat (bad_path, ".corrupt", NULL);
  g_autofree char *moved_again_path = g_strconcat (bad_path, ".corrupt-2", NULL);
  ItemsChanged changes = { 0 };
  const char * const *problems;

  g_free (write_builds_file (builds_dir, "notes.txt", "not a record"));
  g_free (write_builds_file (builds_dir, "x.log", "a log"));
  g_signal_connect (history, "items-changed", G_CALLBACK (on_items_changed), &changes);

  g_assert_true (kiln_build_history_reload (history, &error));
  g_assert_no_error (error);
  assert_changes (&changes, 1, 0, 0, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 2);
  g_assert_cmpstr (kiln_build_record_get_id (history_item (history, 0)), ==, kiln_build_record_get_id (second));

  problems = kiln_build_history_get_problems (history);
  g_assert_nonnull (problems);
  for (guint i = 0; problems[i] != NULL; i++)
    g_test_message ("problem: %s", problems[i]);
  g_assert_cmpuint (g_strv_length ((char **)problems), ==, 2);
  g_assert_nonnull (strstr (problems[0], bad_path));
  g_assert_nonnull (strstr (problems[0], "moved aside"));
  g_assert_nonnull (strstr (problems[1], future_path));
  g_assert_nonnull (strstr (problems[1], "newer version"));

  /* The damaged file is kept, byte for byte; the newer one is untouched. */
  g_assert_false (g_file_test (bad_path, G_FILE_TEST_EXISTS));
  assert_file_bytes (moved_path, "{ truncated");
  assert_file_bytes (future_path, future_json);

  /* A second damaged file of the same name never overwrites the first. */
  g_free (write_builds_file (builds_dir, "bad.json", "[]"));
  g_assert_true (kiln_build_history_reload (history, &error));
  g_assert_no_error (error);
  assert_changes (&changes, 1, 0, 2, 2);
  assert_file_bytes (moved_path, "{ truncated");
  assert_file_bytes (moved_again_path, "[]");

  /* Once moved aside, it is no longer reported. */
  g_assert_true (kiln_build_history_reload (history, &error));
  g_assert_no_error (error);
  problems = kiln_build_history_get_problems (history);
  g_assert_cmpuint (g_strv_length ((char **)problems), ==, 1);
  g_assert_nonnull (strstr (problems[0], future_path));
}

static void
touch_log (KilnBuildRecord *record)
{
  g_assert_true (g_file_set_contents (kiln_build_record_get_log_path (record), "log\n", -1, NULL));
}

static void
test_history_add_remove_prune (void)
{
  g_autofree char *project = kiln_test_make_temp_dir ("project");
  g_autofree char *builds_dir = dup_builds_dir (project);
  g_autoptr(KilnBuildHistory) history = kiln_build_history_new (project);
  g_autoptr(KilnBuildRecord) early = NULL;
  g_autoptr(KilnBuildRecord) late = NULL;
  g_autoptr(KilnBuildRecord) earliest = NULL;
  g_autoptr(KilnBuildRecord) early_finished = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  g_autofree char *early_name = NULL;
  ItemsChanged changes = { 0 };

  g_signal_connect (history, "items-changed", G_CALLBACK (on_items_changed), &changes);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 0);

  early = save_record_started_at (project, 9, 0);
  touch_log (early);
  kiln_build_history_add (history, early);
  assert_changes (&changes, 1, 0, 0, 1);

  late = save_record_started_at (project, 10, 0);
  touch_log (late);
  kiln_build_history_add (history, late);
  assert_changes (&changes, 1, 0, 0, 1);
  g_assert_true (history_item (history, 0) == late);

  /* Adding the same object again changes nothing. */
  kiln_build_history_add (history, late);
  assert_changes (&changes, 0, 0, 0, 0);

  /* A newer copy of a listed build (saved again when it finished) replaces it in place. */
  kiln_build_record_set_result (early, KILN_BUILD_RESULT_SUCCEEDED);
  g_assert_true (kiln_build_record_save (early, &error));
  g_assert_no_error (error);
  early_finished = kiln_build_record_load (kiln_build_record_get_path (early), &error);
  g_assert_no_error (error);
  kiln_build_history_add (history, early_finished);
  assert_changes (&changes, 1, 1, 1, 1);
  g_assert_true (history_item (history, 1) == early_finished);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 2);

  earliest = save_record_started_at (project, 8, 0);
  touch_log (earliest);
  kiln_build_history_add (history, earliest);
  assert_changes (&changes, 1, 2, 0, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 3);

  /* Remove deletes the record and its log. */
  g_assert_true (kiln_build_history_remove (history, late, &error));
  g_assert_no_error (error);
  assert_changes (&changes, 1, 0, 1, 0);
  g_assert_false (g_file_test (kiln_build_record_get_path (late), G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (kiln_build_record_get_log_path (late), G_FILE_TEST_EXISTS));
  g_assert_true (history_item (history, 0) == early_finished);

  /* What is on disk now matches what was added without re-reading. */
  g_assert_true (kiln_build_history_reload (history, &error));
  g_assert_no_error (error);
  assert_changes (&changes, 1, 0, 2, 2);
  g_assert_cmpstr (kiln_build_record_get_id (history_item (history, 0)), ==, kiln_build_record_get_id (early));
  g_assert_cmpint (kiln_build_record_get_result (history_item (history, 0)), ==, KILN_BUILD_RESULT_SUCCEEDED);
  g_assert_cmpstr (kiln_build_record_get_id (history_item (history, 1)), ==, kiln_build_record_get_id (earliest));

  /* Prune keeps the newest and deletes the rest, record and log. */
  g_assert_true (kiln_build_history_prune (history, 5, &error));
  g_assert_no_error (error);
  assert_changes (&changes, 0, 0, 0, 0);

  g_assert_true (kiln_build_history_prune (history, 1, &error));
  g_assert_no_error (error);
  assert_changes (&changes, 1, 1, 1, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 1);
  g_assert_cmpstr (kiln_build_record_get_id (history_item (history, 0)), ==, kiln_build_record_get_id (early));

  names = list_dir_sorted (builds_dir);
  early_name = g_strconcat (kiln_build_record_get_id (early), ".json", NULL);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, early_name);
  g_assert_true (g_str_has_suffix (names[1], ".log"));
  g_assert_true (g_str_has_prefix (names[1], kiln_build_record_get_id (early)));

  g_assert_true (kiln_build_history_prune (history, 0, &error));
  g_assert_no_error (error);
  assert_changes (&changes, 1, 0, 1, 0);
  g_clear_pointer (&names, g_strfreev);
  names = list_dir_sorted (builds_dir);
  g_assert_cmpuint (g_strv_length (names), ==, 0);
}

static void
on_reloaded (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GError **error = user_data;

  g_assert_true (kiln_build_history_reload_finish (KILN_BUILD_HISTORY (object), result, error));
}

static void
test_history_reload_async (void)
{
  g_autofree char *project = kiln_test_make_temp_dir ("project");
  g_autoptr(KilnBuildRecord) older = save_record_started_at (project, 8, 0);
  g_autoptr(KilnBuildRecord) newer = save_record_started_at (project, 9, 0);
  g_autoptr(KilnBuildHistory) history = kiln_build_history_new (project);
  g_autoptr(GError) error = NULL;
  ItemsChanged changes = { 0 };

  g_signal_connect (history, "items-changed", G_CALLBACK (on_items_changed), &changes);
  kiln_build_history_reload_async (history, NULL, on_reloaded, &error);
  while (changes.count == 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_no_error (error);
  assert_changes (&changes, 1, 0, 0, 2);
  g_assert_cmpstr (kiln_build_record_get_id (history_item (history, 0)), ==, kiln_build_record_get_id (newer));
}

/* ~80,000 nested brackets would overflow json-glib's stack. */
static void
test_history_deeply_nested (void)
{
  g_autofree char *project = kiln_test_make_temp_dir ("project");
  g_autofree char *builds_dir = dup_builds_dir (project);
  g_autoptr(KilnBuildRecord) good = save_record_started_at (project, 8, 0);
  g_autoptr(KilnBuildHistory) history = kiln_build_history_new (project);
  g_autoptr(GString) deep = g_string_new ("{\"format\": \"kiln-build-record\", \"steps\": ");
  g_autoptr(GError) error = NULL;
  g_autofree char *deep_path = NULL;
  g_autofree char *moved_path = NULL;
  const char * const *problems;

  for (guint i = 0; i < 80000; i++)
    g_string_append_c (deep, '[');
  deep_path = write_builds_file (builds_dir, "deep.json", deep->str);
  moved_path = g_strconcat (deep_path, ".corrupt", NULL);

  g_assert_true (kiln_build_history_reload (history, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 1);

  problems = kiln_build_history_get_problems (history);
  g_assert_cmpuint (g_strv_length ((char **)problems), ==, 1);
  g_assert_nonnull (strstr (problems[0], "nests more than 512 levels"));
  g_assert_false (g_file_test (deep_path, G_FILE_TEST_EXISTS));
  assert_file_bytes (moved_path, deep->str);
}

static KilnBuildResult
save_running_and_reload (const char *project,
                         const char *lock_path)
{
  g_autoptr(KilnBuildRecord) record = kiln_build_record_new (project, "hello");
  g_autoptr(KilnBuildRecord) loaded = NULL;
  g_autoptr(GError) error = NULL;

  kiln_build_record_set_lock_path (record, lock_path);
  g_assert_true (kiln_build_record_save (record, &error));
  g_assert_no_error (error);

  loaded = kiln_build_record_load (kiln_build_record_get_path (record), &error);
  g_assert_no_error (error);
  if (kiln_build_record_get_result (loaded) == KILN_BUILD_RESULT_INTERRUPTED)
    {
      g_autoptr(KilnBuildRecord) again = NULL;

      g_assert_nonnull (kiln_build_record_get_error_message (loaded));
      g_assert_null (kiln_build_record_get_lock_path (loaded));

      /* Written back: the next reader agrees without asking the lock. */
      again = kiln_build_record_load (kiln_build_record_get_path (record), &error);
      g_assert_no_error (error);
      g_assert_cmpint (kiln_build_record_get_result (again), ==, KILN_BUILD_RESULT_INTERRUPTED);
      g_assert_cmpstr (kiln_build_record_get_error_message (again), ==,
                       kiln_build_record_get_error_message (loaded));
    }

  return kiln_build_record_get_result (loaded);
}

/* A record says "running" while its build holds the build lock; once no one
 * holds it, the Kiln that wrote it is gone. */
static void
test_record_interrupted (void)
{
  g_autofree char *project = kiln_test_make_temp_dir ("project");
  g_autofree char *lock_path = g_build_filename (project, "build.lock", NULL);
  g_autofree char *missing = g_build_filename (project, "no-such.lock", NULL);
  int fd;

  g_assert_true (g_file_set_contents (lock_path, "", 0, NULL));
  fd = open (lock_path, O_RDWR | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);

  g_assert_cmpint (flock (fd, LOCK_EX), ==, 0);
  g_assert_cmpint (save_running_and_reload (project, lock_path), ==, KILN_BUILD_RESULT_RUNNING);

  g_assert_cmpint (flock (fd, LOCK_UN), ==, 0);
  g_assert_cmpint (save_running_and_reload (project, lock_path), ==, KILN_BUILD_RESULT_INTERRUPTED);
  g_assert_cmpint (save_running_and_reload (project, missing), ==, KILN_BUILD_RESULT_INTERRUPTED);
  g_assert_cmpint (save_running_and_reload (project, NULL), ==, KILN_BUILD_RESULT_INTERRUPTED);
  close (fd);
}

int
main (int    argc,
      char **argv)
{
  kiln_test_init (&argc, &argv);

  g_test_add_func ("/build-record/round-trip", test_record_round_trip);
  g_test_add_func ("/build-record/identity", test_record_identity);
  g_test_add_func ("/build-record/notify", test_record_notify);
  g_test_add_func ("/build-record/save-twice", test_record_save_twice);
  g_test_add_func ("/build-record/load-rejects", test_record_load_rejects);
  g_test_add_func ("/build-record/interrupted", test_record_interrupted);
  g_test_add_func ("/build-history/newest-first", test_history_newest_first);
  g_test_add_func ("/build-history/corrupt", test_history_corrupt);
  g_test_add_func ("/build-history/deeply-nested", test_history_deeply_nested);
  g_test_add_func ("/build-history/add-remove-prune", test_history_add_remove_prune);
  g_test_add_func ("/build-history/reload-async", test_history_reload_async);

  return g_test_run ();
}
