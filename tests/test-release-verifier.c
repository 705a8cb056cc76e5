#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kiln-error.h"
#include "kiln-paths.h"
#include "kiln-process.h"
#include "kiln-release-runner.h"
#include "kiln-release-verifier.h"
#include "kiln-test-util.h"

static char *built_release;

/* One real release for the whole program: Elixir builds are slow. */
static const char *
get_release (void)
{
  g_autofree char *project = NULL;
  g_autoptr(KilnProcess) process = NULL;
  g_autoptr(GError) error = NULL;
  int exit_status = -1;

  if (built_release != NULL)
    return built_release;

  project = kiln_test_copy_fixture ("single_app");
  process = kiln_process_newv (project, "mix", "release", "single_app", "--overwrite", NULL);
  kiln_process_setenv (process, "MIX_ENV", "prod");
  kiln_process_set_capture_output (process, TRUE);
  kiln_process_run_sync (process, NULL, &exit_status, &error);
  g_assert_no_error (error);
  if (exit_status != 0)
    g_error ("mix release failed (%d):\n%s\n%s", exit_status,
             kiln_process_get_stdout_text (process), kiln_process_get_stderr_text (process));

  built_release = g_build_filename (project, "_build", "prod", "rel", "single_app", NULL);
  g_assert_true (g_file_test (built_release, G_FILE_TEST_IS_DIR));

  return built_release;
}

static char *
copy_release (const char *purpose)
{
  g_autofree char *parent = kiln_test_make_temp_dir (purpose);
  char *copy = g_build_filename (parent, "single_app", NULL);
  g_autoptr(GError) error = NULL;

  kiln_paths_copy_tree (get_release (), copy, &error);
  g_assert_no_error (error);

  return copy;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
list_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  return names;
}

static guint
count_verifier_tmp_dirs (void)
{
  g_autoptr(GPtrArray) names = list_dir (g_get_tmp_dir ());
  guint count = 0;

  for (guint i = 0; i < names->len; i++)
    {
      if (g_str_has_prefix (g_ptr_array_index (names, i), "kiln-release-tmp-"))
        count++;
    }

  return count;
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
check_boot (const char  *release,
            char       **version,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  kiln_release_verifier_check_boot_async (release, "single_app", NULL, NULL, result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return kiln_release_verifier_check_boot_finish (result, version, error);
}

static void
test_boots (void)
{
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  g_autofree char *tmp = NULL;
  const char *release;
  guint tmp_dirs;

  if (kiln_test_skip_without_toolchain ())
    return;

  release = get_release ();
  before = list_dir (release);
  tmp_dirs = count_verifier_tmp_dirs ();

  g_assert_true (check_boot (release, &version, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (version, ==, "single_app 1.2.3");

  /* Booting left nothing behind, neither in the release nor in /tmp. */
  tmp = g_build_filename (release, "tmp", NULL);
  g_assert_false (g_file_test (tmp, G_FILE_TEST_EXISTS));
  after = list_dir (release);
  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < after->len; i++)
    g_assert_cmpstr (g_ptr_array_index (after, i), ==, g_ptr_array_index (before, i));
  g_assert_cmpuint (count_verifier_tmp_dirs (), ==, tmp_dirs);
}

static void
test_broken_bin_script (void)
{
  g_autofree char *release = NULL;
  g_autofree char *script = NULL;
  g_autofree char *version = NULL;
  g_autoptr(GError) error = NULL;

  if (kiln_test_skip_without_toolchain ())
    return;

  release = copy_release ("broken-bin");
  script = g_build_filename (release, "bin", "single_app", NULL);
  g_assert_cmpint (truncate (script, 0), ==, 0);

  g_assert_false (check_boot (release, &version, &error));
  g_assert_error (error, KILN_ERROR, KILN_ERROR_VERIFY_FAILED);
  g_assert_nonnull (strstr (error->message, "bin/single_app eval"));
  g_assert_nonnull (strstr (error->message, "did not evaluate"));
  g_assert_null (version);
  g_test_message ("%s", error->message);

  kiln_test_remove_tree (release);
}

static void
test_broken_boot (void)
{
  g_autofree char *release = NULL;
  g_autofree char *sys_config = NULL;
  g_autofree char *crash_dump = NULL;
  g_autoptr(GError) error = NULL;

  if (kiln_test_skip_without_toolchain ())
    return;

  /* The bin script runs, the VM cannot boot. */
  release = copy_release ("broken-boot");
  sys_config = g_build_filename (release, "releases", "1.2.3", "sys.config", NULL);
  g_file_set_contents (sys_config, "this is [not an erlang term", -1, &error);
  g_assert_no_error (error);

  g_assert_false (check_boot (release, NULL, &error));
  g_assert_error (error, KILN_ERROR, KILN_ERROR_VERIFY_FAILED);
  g_assert_nonnull (strstr (error->message, "eval"));
  g_assert_nonnull (strstr (error->message, "sys.config"));
  g_test_message ("%s", error->message);

  crash_dump = g_build_filename (release, "erl_crash.dump", NULL);
  g_assert_false (g_file_test (crash_dump, G_FILE_TEST_EXISTS));

  kiln_test_remove_tree (release);
}

static void
test_not_a_release (void)
{
  g_autofree char *dir = kiln_test_make_temp_dir ("empty-release");
  g_autoptr(GError) error = NULL;

  g_assert_false (check_boot (dir, NULL, &error));
  g_assert_error (error, KILN_ERROR, KILN_ERROR_VERIFY_FAILED);
  g_assert_nonnull (strstr (error->message, "bin/single_app"));
}

static void
test_cancel (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  if (kiln_test_skip_without_toolchain ())
    return;

  start = g_get_monotonic_time ();
  kiln_release_verifier_check_boot_async (get_release (), "single_app", NULL, cancellable,
                                          result_cb, &result);
  g_cancellable_cancel (cancellable);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (kiln_release_verifier_check_boot_finish (result, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Generous bound: cancel must not wait for the 60 s boot timeout. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_USEC_PER_SEC);
}

static gboolean
wait_until (gboolean (*condition) (gpointer data),
            gpointer   data,
            guint      seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!condition (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);

  return condition (data);
}

static gboolean
runner_stopped (gpointer data)
{
  return !kiln_release_runner_get_running (data);
}

static char *
last_output_line (KilnReleaseRunner *runner)
{
  GListModel *output = G_LIST_MODEL (kiln_release_runner_get_output (runner));
  g_autoptr(KilnLogLine) last = NULL;

  kiln_log_model_flush (kiln_release_runner_get_output (runner));
  g_assert_cmpuint (g_list_model_get_n_items (output), >, 0);
  last = g_list_model_get_item (output, g_list_model_get_n_items (output) - 1);

  return g_strdup (kiln_log_line_get_text (last));
}

/* What the caller's environment says about releases does not reach it;
 * what the runner is told to set does. */
static void
test_runner_environment (void)
{
  g_autoptr(KilnReleaseRunner) runner = NULL;
  g_autoptr(KilnProcess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  const char *expression =
    "IO.puts(System.get_env(\"RELEASE_NODE\")); IO.puts(System.get_env(\"RELEASE_TMP\")); "
    "IO.puts(System.get_env(\"RELEASE_COOKIE\")); IO.puts(System.get_env(\"RELEASE_NAME\")); "
    "IO.puts(System.get_env(\"SECRET_KEY_BASE\"))";
  int status = -1;

  if (kiln_test_skip_without_toolchain ())
    return;

  runner = kiln_release_runner_new (get_release (), "single_app", kiln_test_get_toolchain ());
  kiln_release_runner_setenv (runner, "SECRET_KEY_BASE", "from-the-user");
  g_setenv ("RELEASE_NAME", "not_this_one", TRUE);
  g_setenv ("RELEASE_COOKIE", "not-this-cookie", TRUE);
  process = kiln_release_runner_new_process (runner, (const char * const[]) { "eval", expression, NULL }, &error);
  g_assert_no_error (error);
  kiln_process_set_capture_output (process, TRUE);
  kiln_process_run_sync (process, NULL, &status, &error);
  g_unsetenv ("RELEASE_NAME");
  g_unsetenv ("RELEASE_COOKIE");
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);

  lines = g_strsplit (kiln_process_get_stdout_text (process), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 5);
  g_assert_cmpstr (lines[0], ==, kiln_release_runner_get_node_name (runner));
  g_assert_cmpstr (lines[0], !=, "single_app");
  g_assert_false (g_str_has_prefix (lines[1], get_release ()));
  g_assert_true (g_file_test (lines[1], G_FILE_TEST_IS_DIR));
  g_assert_cmpstr (lines[2], !=, "single-app-cookie");
  g_assert_cmpstr (lines[2], !=, "not-this-cookie");
  g_assert_cmpstr (lines[3], ==, "single_app");
  g_assert_cmpstr (lines[4], ==, "from-the-user");
}

static gboolean
answers_pid (gpointer data)
{
  KilnReleaseRunner *runner = data;
  g_autoptr(KilnProcess) process = kiln_release_runner_new_process (runner, (const char * const[]) { "pid", NULL }, NULL);
  int status = -1;

  g_assert_nonnull (process);
  return kiln_process_run_sync (process, NULL, &status, NULL) && status == 0;
}

/* start, then `pid` and `stop` reach that node (same node name and cookie). */
static void
test_runner_start_stop (void)
{
  g_autoptr(KilnReleaseRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *last = NULL;
  gint64 stop_started;

  if (kiln_test_skip_without_toolchain ())
    return;

  runner = kiln_release_runner_new (get_release (), "single_app", kiln_test_get_toolchain ());
  g_assert_true (kiln_release_runner_start (runner, &error));
  g_assert_no_error (error);
  g_assert_true (kiln_release_runner_get_running (runner));

  g_assert_true (wait_until (answers_pid, runner, 60));
  g_assert_true (kiln_release_runner_get_running (runner));
  {
    g_autoptr(KilnLogLine) reach = g_list_model_get_item (G_LIST_MODEL (kiln_release_runner_get_output (runner)), 1);

    /* The output says how to reach the private node from a terminal. */
    g_assert_nonnull (strstr (kiln_log_line_get_text (reach), kiln_release_runner_get_node_name (runner)));
    g_assert_nonnull (strstr (kiln_log_line_get_text (reach), kiln_release_runner_get_cookie (runner)));
  }

  stop_started = g_get_monotonic_time ();
  kiln_release_runner_stop (runner);
  g_assert_true (wait_until (runner_stopped, runner, 30));
  g_test_message ("stopped after %.1f s", (g_get_monotonic_time () - stop_started) / (double) G_USEC_PER_SEC);
  last = last_output_line (runner);
  g_assert_cmpstr (last, ==, "— stopped");

  /* The node is gone, and it wrote nothing into the release. */
  g_assert_false (answers_pid (runner));
  tmp = g_build_filename (get_release (), "tmp", NULL);
  g_assert_false (g_file_test (tmp, G_FILE_TEST_EXISTS));
}

static void
test_runner_kill (void)
{
  g_autoptr(KilnReleaseRunner) runner = NULL;
  g_autofree char *last = NULL;

  if (kiln_test_skip_without_toolchain ())
    return;

  runner = kiln_release_runner_new (get_release (), "single_app", kiln_test_get_toolchain ());
  g_assert_true (kiln_release_runner_start (runner, NULL));
  kiln_release_runner_kill (runner);
  g_assert_true (wait_until (runner_stopped, runner, 30));
  last = last_output_line (runner);
  g_assert_cmpstr (last, ==, "— stopped");
}

static void
test_runner_not_a_release (void)
{
  g_autofree char *dir = kiln_test_make_temp_dir ("empty-release");
  g_autoptr(KilnReleaseRunner) runner = kiln_release_runner_new (dir, "single_app", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *last = NULL;

  g_assert_false (kiln_release_runner_start (runner, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_false (kiln_release_runner_get_running (runner));
  last = last_output_line (runner);
  g_assert_true (g_str_has_prefix (last, "— could not run: "));
  g_assert_nonnull (strstr (last, "bin/single_app"));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  kiln_test_init (&argc, &argv);

  g_test_add_func ("/release-verifier/boots", test_boots);
  g_test_add_func ("/release-verifier/broken-bin-script", test_broken_bin_script);
  g_test_add_func ("/release-verifier/broken-boot", test_broken_boot);
  g_test_add_func ("/release-verifier/not-a-release", test_not_a_release);
  g_test_add_func ("/release-verifier/cancel", test_cancel);
  g_test_add_func ("/release-runner/environment", test_runner_environment);
  g_test_add_func ("/release-runner/start-stop", test_runner_start_stop);
  g_test_add_func ("/release-runner/kill", test_runner_kill);
  g_test_add_func ("/release-runner/not-a-release", test_runner_not_a_release);

  ret = g_test_run ();
  g_clear_pointer (&built_release, g_free);

  return ret;
}
