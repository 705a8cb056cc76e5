#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#ifdef __GLIBC__
# include <gnu/libc-version.h>
#endif

#include "kiln-build-history.h"
#include "kiln-cli.h"
#include "kiln-error.h"
#include "kiln-paths.h"
#include "kiln-process.h"
#include "kiln-cli-test-util.h"
#include "kiln-test-util.h"


static void
test_cli_version_and_help (void)
{
  KilnCliResult result = run_kiln ("--version");
  g_autofree char *expected = g_strdup_printf ("kiln %s\n", PACKAGE_VERSION);

  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.out, ==, expected);
  kiln_cli_result_clear (&result);

  result = run_kiln ("--help");
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "kiln inspect DIR"));
  g_assert_nonnull (strstr (result.out, "kiln build DIR"));
  kiln_cli_result_clear (&result);

  result = run_kiln ("build", "--help");
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "--format"));
  g_assert_nonnull (strstr (result.out, "kiln build [OPTION…] DIR — "));
  kiln_cli_result_clear (&result);

  result = run_kiln ("migrate", "--help");
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "kiln migrate [OPTION…] DIR — "));
  kiln_cli_result_clear (&result);
}

static void
test_cli_usage_errors (void)
{
  KilnCliResult result = run_kiln ("build");

  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.err, "project folder"));
  kiln_cli_result_clear (&result);

  result = run_kiln ("build", ".", "--format", "rar");
  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.err, "rar"));
  kiln_cli_result_clear (&result);

  result = run_kiln ("inspect");
  g_assert_cmpint (result.status, ==, 2);
  kiln_cli_result_clear (&result);

  result = run_kiln ("frobnicate");
  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.err, "frobnicate"));
  kiln_cli_result_clear (&result);

  /* A folder opens the window, which needs a display: say so instead of
   * letting GTK abort. */
  result = run_kiln ("/");
  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.err, "display"));
  kiln_cli_result_clear (&result);

  result = run_kiln ("build", ".", "--release", "a", "--profile", "b");
  g_assert_cmpint (result.status, ==, 2);
  kiln_cli_result_clear (&result);
}

static void
test_cli_project_errors (void)
{
  g_autofree char *not_a_project = kiln_test_copy_fixture ("not_a_project");
  g_autofree char *broken = kiln_test_copy_fixture ("broken_mix");
  KilnCliResult result = run_kiln ("inspect", not_a_project);

  g_assert_cmpint (result.status, ==, 4);
  g_assert_nonnull (strstr (result.err, "mix.exs"));
  kiln_cli_result_clear (&result);

  result = run_kiln ("build", broken);
  g_assert_cmpint (result.status, ==, 4);
  g_assert_nonnull (strstr (result.err, "mix.exs"));
  kiln_cli_result_clear (&result);

  /* Mix's reason, without the name Kiln loads the project under. */
  {
    g_autofree char *raising = kiln_test_copy_fixture ("single_app");
    g_autofree char *mix_exs = g_build_filename (raising, "mix.exs", NULL);
    g_autofree char *contents = kiln_test_read_file (mix_exs);
    g_autofree char *broken_contents = g_strconcat ("raise \"mix-exs-raised\"\n", contents, NULL);

    g_assert_true (g_file_set_contents (mix_exs, broken_contents, -1, NULL));
    result = run_kiln ("inspect", raising);
    g_assert_cmpint (result.status, ==, 4);
    g_assert_nonnull (strstr (result.err, "mix-exs-raised"));
    g_assert_null (strstr (result.err, "kiln_inspected_project"));
    kiln_cli_result_clear (&result);
  }
}

static void
test_cli_toolchain_missing (void)
{
  g_autofree char *project = kiln_test_copy_fixture ("single_app");
  KilnCliResult result = kiln_test_run_kiln ("/nonexistent", (const char * const[]) { "build", project, NULL });

  g_assert_cmpint (result.status, ==, 3);
  g_assert_nonnull (strstr (result.err, "apt"));
  kiln_cli_result_clear (&result);
}

static void
test_cli_inspect_json (void)
{
  g_autofree char *project = kiln_test_copy_fixture ("single_app");
  KilnCliResult result = run_kiln ("inspect", project, "--json");
  g_autoptr(JsonObject) object = NULL;

  g_assert_cmpint (result.status, ==, 0);
  object = kiln_test_parse_json_object (result.out);
  g_assert_cmpstr (json_object_get_string_member (object, "app"), ==, "single_app");
  g_assert_cmpstr (json_object_get_string_member (object, "version"), ==, "1.2.3");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "releases")), ==, 2);
  /* mix.exs sets a cookie: --json says so, and not what it is. */
  g_assert_null (strstr (result.out, "single-app-cookie"));
  g_assert_nonnull (strstr (result.out, "\"(set)\""));
  kiln_cli_result_clear (&result);

  result = run_kiln ("inspect", project);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "single_app"));
  g_assert_nonnull (strstr (result.out, "slim"));
  kiln_cli_result_clear (&result);
}

static void
test_cli_build_json (void)
{
  g_autofree char *project = kiln_test_copy_fixture ("single_app");
  g_autofree char *output = kiln_test_make_temp_dir ("archives");
  g_autofree char *mix_exs_path = g_build_filename (project, "mix.exs", NULL);
  g_autofree char *mix_exs_before = NULL;
  g_autofree char *mix_exs_after = NULL;
  g_autofree char *archive = g_build_filename (output, "single_app-1.2.3.tar.zst", NULL);
  g_autofree char *bin = g_build_filename (project, "_build", "prod", "rel", "single_app", "bin", "single_app", NULL);
  g_autoptr(JsonObject) record = NULL;
  KilnCliResult result;

  g_assert_true (g_file_get_contents (mix_exs_path, &mix_exs_before, NULL, NULL));

  result = run_kiln ("build", project, "--release", "single_app", "--format", "tar.zst",
                     "--output", output, "--json");
  g_assert_cmpint (result.status, ==, 0);
  record = kiln_test_parse_json_object (result.out);
  g_assert_cmpstr (json_object_get_string_member (record, "result"), ==, "succeeded");
  g_assert_cmpstr (json_object_get_string_member (record, "release_name"), ==, "single_app");
  g_assert_true (g_file_test (archive, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (bin, G_FILE_TEST_IS_EXECUTABLE));

  /* Built with ERTS: what the target needs is this machine's system and C
   * library, not an installed OTP. */
  {
    JsonObject *host = json_object_get_object_member (record, "host");

    g_assert_nonnull (host);
    g_assert_cmpstr (json_object_get_string_member (host, "system"), ==, "Linux");
    g_assert_null (json_object_get_string_member (host, "target_otp"));
#ifdef __GLIBC__
    g_assert_cmpstr (json_object_get_string_member (host, "glibc"), ==, gnu_get_libc_version ());
#endif
  }

  g_assert_true (g_file_get_contents (mix_exs_path, &mix_exs_after, NULL, NULL));
  g_assert_cmpstr (mix_exs_before, ==, mix_exs_after);

  /* mix.exs sets the cookie: not one copy of it outside the release. */
  g_assert_null (strstr (result.out, "single-app-cookie"));
  g_assert_null (strstr (result.err, "single-app-cookie"));
  {
    g_autoptr(KilnBuildHistory) history = kiln_build_history_new (project);
    g_autoptr(KilnBuildRecord) saved = g_list_model_get_item (G_LIST_MODEL (history), 0);
    g_autofree char *record_text = kiln_test_read_file (kiln_build_record_get_path (saved));
    g_autofree char *log_text = kiln_test_read_file (kiln_build_record_get_log_path (saved));

    g_assert_null (strstr (record_text, "single-app-cookie"));
    g_assert_nonnull (strstr (log_text, "The build succeeded."));
    g_assert_null (strstr (log_text, "single-app-cookie"));
  }
  kiln_cli_result_clear (&result);

  result = run_kiln ("build", project, "--release", "no_such_release");
  g_assert_cmpint (result.status, ==, 4);
  g_assert_nonnull (strstr (result.err, "no_such_release"));
  kiln_cli_result_clear (&result);
}

static void
test_cli_build_failure (void)
{
  g_autofree char *project = kiln_test_copy_fixture ("single_app");
  g_autofree char *broken = g_build_filename (project, "lib", "broken.ex", NULL);
  KilnCliResult result;

  g_assert_true (g_file_set_contents (broken, "defmodule Broken do\n  def oops, do: undefined_thing()\nend\n", -1, NULL));

  result = run_kiln ("build", project, "--format", "none");
  g_assert_cmpint (result.status, ==, 5);
  g_assert_nonnull (strstr (result.err, "broken.ex"));
  kiln_cli_result_clear (&result);
}

static void
test_cli_build_sample (void)
{
  g_autofree char *data_dir = kiln_paths_dup_data_dir ();
  g_autofree char *sample_bin = g_build_filename (data_dir, "sample", "hello_release", "_build", "prod",
                                                  "rel", "hello_release", "bin", "hello_release", NULL);
  KilnCliResult result = run_kiln ("build", "--sample", "--format", "none", "--no-verify");

  g_assert_cmpint (result.status, ==, 0);
  g_assert_true (g_file_test (sample_bin, G_FILE_TEST_IS_EXECUTABLE));
  g_assert_nonnull (strstr (result.err, "\nRuns on Linux "));
  kiln_cli_result_clear (&result);
}

/* Project output is untrusted: it must not clear the screen or retitle the
 * window, whether it comes as a log line under --verbose or inside Mix's
 * error message. */
static void
test_cli_output_strips_escapes (void)
{
  g_autofree char *project = kiln_test_copy_fixture ("single_app");
  g_autofree char *noisy = g_build_filename (project, "lib", "noisy.ex", NULL);
  KilnCliResult result;

  g_assert_true (g_file_set_contents (noisy,
                                      "IO.puts(\"\\e[2J\\e]0;pwned\\a\\ec\\e[31mnoisy-compile\\e[0m\")\n"
                                      "defmodule Noisy do\nend\n", -1, NULL));
  result = run_kiln ("build", project, "--format", "none", "--no-verify", "--verbose");
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.err, "noisy-compile"));
  g_assert_null (strchr (result.err, '\033'));
  g_assert_null (strchr (result.err, '\a'));
  g_assert_null (strstr (result.err, "pwned"));
  kiln_cli_result_clear (&result);

  g_assert_true (g_file_set_contents (noisy, "raise \"\\e]0;pwned\\a\\e[2Jboom-at-compile\"\n", -1, NULL));
  result = run_kiln ("build", project, "--format", "none", "--no-verify");
  g_assert_cmpint (result.status, ==, 5);
  g_assert_nonnull (strstr (result.err, "boom-at-compile"));
  g_assert_null (strchr (result.err, '\033'));
  g_assert_null (strstr (result.err, "pwned"));
  kiln_cli_result_clear (&result);
}

static void
test_cli_migrate (void)
{
  g_autofree char *project = kiln_test_copy_fixture ("distillery_single");
  g_autofree char *plain = kiln_test_copy_fixture ("single_app");
  g_autofree char *distillery_config = g_build_filename (plain, "rel", "config.exs", NULL);
  g_autofree char *mix_exs_path = g_build_filename (project, "mix.exs", NULL);
  g_autofree char *mix_exs_before = NULL;
  g_autofree char *mix_exs_after = NULL;
  KilnCliResult result;

  g_assert_true (g_file_get_contents (mix_exs_path, &mix_exs_before, NULL, NULL));

  /* Without --apply it only reports and shows the diff. */
  result = run_kiln ("migrate", project);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "--- a/mix.exs"));
  g_assert_true (g_file_get_contents (mix_exs_path, &mix_exs_after, NULL, NULL));
  g_assert_cmpstr (mix_exs_before, ==, mix_exs_after);
  kiln_cli_result_clear (&result);

  g_assert_cmpint (g_unlink (distillery_config), ==, 0);
  result = run_kiln ("migrate", plain);
  g_assert_cmpint (result.status, ==, 4);
  g_assert_nonnull (strstr (result.err, "rel/config.exs"));
  kiln_cli_result_clear (&result);
}

static void
test_cli_exit_statuses (void)
{
  static const struct {
    KilnError    code;
    KilnExitCode status;
  } expected[] = {
    { KILN_ERROR_TOOLCHAIN_MISSING, 3 }, { KILN_ERROR_TOOLCHAIN_TOO_OLD, 3 },
    { KILN_ERROR_NOT_A_PROJECT, 4 }, { KILN_ERROR_PROJECT_INVALID, 4 },
    { KILN_ERROR_PROFILE_INVALID, 4 }, { KILN_ERROR_PROFILE_CORRUPT, 4 },
    { KILN_ERROR_PROFILE_UNSUPPORTED_VERSION, 4 }, { KILN_ERROR_OVERLAY_ESCAPE, 4 },
    { KILN_ERROR_DEPENDENCIES, 5 }, { KILN_ERROR_BUILD_FAILED, 5 }, { KILN_ERROR_PACKAGE_FAILED, 5 },
    { KILN_ERROR_VERIFY_FAILED, 5 }, { KILN_ERROR_HELPER_FAILED, 5 },
  };
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
  g_autoptr(GError) io_error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "denied");

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(GError) error = g_error_new_literal (KILN_ERROR, expected[i].code, "message");

      g_assert_cmpint (kiln_cli_exit_status_for_error (error), ==, expected[i].status);
    }
  g_assert_cmpint (kiln_cli_exit_status_for_error (cancelled), ==, 130);
  g_assert_cmpint (kiln_cli_exit_status_for_error (io_error), ==, 5);
}

/* inspect, build and migrate answer the same failure with the same status. */
static void
test_cli_same_status_each_command (void)
{
  g_autofree char *project = kiln_test_copy_fixture ("distillery_single");
  g_autofree char *not_a_project = kiln_test_copy_fixture ("not_a_project");
  static const char * const commands[] = { "inspect", "build", "migrate" };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      KilnCliResult result = kiln_test_run_kiln ("/nonexistent", (const char * const[]) { commands[i], project, NULL });

      g_assert_cmpint (result.status, ==, 3);
      kiln_cli_result_clear (&result);

      result = run_kiln (commands[i], not_a_project);
      g_assert_cmpint (result.status, ==, 4);
      g_assert_nonnull (strstr (result.err, "mix.exs"));
      kiln_cli_result_clear (&result);
    }
}

/* Several releases and no default_release: the CLI refuses and names them. */
static void
test_cli_ambiguous_release (void)
{
  g_autofree char *project = kiln_test_copy_fixture ("two_releases");
  KilnCliResult result = run_kiln ("build", project, "--format", "none");

  g_assert_cmpint (result.status, ==, 4);
  g_assert_nonnull (strstr (result.err, "web, worker"));
  g_assert_nonnull (strstr (result.err, "--release"));
  kiln_cli_result_clear (&result);

  result = run_kiln ("build", project, "--profile", "staging");
  g_assert_cmpint (result.status, ==, 4);
  g_assert_nonnull (strstr (result.err, "staging"));
  kiln_cli_result_clear (&result);
}

typedef struct
{
  KilnProcess *process;
  gboolean     interrupted;
} InterruptData;

static void
interrupt_when_compiling (KilnProcess *process,
                          KilnStream   stream,
                          const char  *line,
                          gpointer     user_data)
{
  InterruptData *data = user_data;

  if (!data->interrupted && stream == KILN_STREAM_STDERR && strstr (line, "Compil") != NULL)
    {
      data->interrupted = TRUE;
      kill (kiln_process_get_pid (process), SIGINT);
    }
}

static void
test_cli_interrupt (void)
{
  g_autofree char *project = kiln_test_copy_fixture ("single_app");
  g_autofree char *slow = g_build_filename (project, "lib", "slow.ex", NULL);
  g_autoptr(KilnProcess) process = NULL;
  g_autoptr(GError) error = NULL;
  InterruptData data = { NULL, FALSE };
  int status = -1;

  g_assert_true (g_file_set_contents (slow, "defmodule Slow do\n  Process.sleep(60_000)\nend\n", -1, NULL));

  process = kiln_test_new_kiln_process ((const char * const[]) { "build", project, "--format", "none", NULL });
  data.process = process;
  kiln_process_set_line_func (process, interrupt_when_compiling, &data, NULL);
  kiln_process_run_sync (process, NULL, &status, &error);
  g_assert_no_error (error);

  g_assert_true (data.interrupted);
  g_assert_cmpint (status, ==, 130);

  g_assert_true (kiln_test_no_process_mentions (project));
}

static void
kill_when_compiling (KilnProcess *process,
                     KilnStream   stream,
                     const char  *line,
                     gpointer     user_data)
{
  InterruptData *data = user_data;

  if (!data->interrupted && stream == KILN_STREAM_STDERR && g_str_has_prefix (line, "Compiling "))
    {
      data->interrupted = TRUE;
      /* Past the log journal's interval, so the line is on disk. */
      g_usleep (G_USEC_PER_SEC / 2 + G_USEC_PER_SEC / 4);
      kill (kiln_process_get_pid (process), SIGKILL);
    }
}

static gpointer
kill_after_two_seconds (gpointer data)
{
  g_usleep (2 * G_USEC_PER_SEC);
  kill (kiln_process_get_pid (data), SIGKILL);
  return NULL;
}

/* Kiln killed outright cannot tidy up: the BEAM must still die with it, and
 * the next look at the history must say the build was interrupted and keep
 * the log it had printed. */
static void
test_cli_killed (void)
{
  g_autofree char *project = kiln_test_copy_fixture ("single_app");
  g_autofree char *slow = g_build_filename (project, "lib", "slow.ex", NULL);
  g_autoptr(KilnProcess) process = NULL;
  g_autoptr(KilnBuildHistory) history = NULL;
  g_autoptr(KilnBuildRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  InterruptData data = { NULL, FALSE };
  int status = -1;

  g_assert_true (g_file_set_contents (slow, "defmodule Slow do\n  Process.sleep(60_000)\nend\n", -1, NULL));

  process = kiln_test_new_kiln_process ((const char * const[]) { "build", project, "--format", "none", "--verbose", NULL });
  data.process = process;
  kiln_process_set_line_func (process, kill_when_compiling, &data, NULL);
  kiln_process_run_sync (process, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (data.interrupted);

  g_assert_true (kiln_test_no_process_mentions (project));

  history = kiln_build_history_new (project);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 1);
  record = g_list_model_get_item (G_LIST_MODEL (history), 0);
  g_assert_cmpint (kiln_build_record_get_result (record), ==, KILN_BUILD_RESULT_INTERRUPTED);
  g_assert_true (g_file_get_contents (kiln_build_record_get_log_path (record), &log, NULL, NULL));
  g_assert_nonnull (strstr (log, "Compiling "));

  /* Killed while mix.exs hangs, in the middle of inspection. */
  {
    g_autofree char *hung = kiln_test_copy_fixture ("slow_mix");
    g_autoptr(KilnProcess) inspect = kiln_test_new_kiln_process ((const char * const[]) { "inspect", hung, NULL });
    g_autoptr(GError) inspect_error = NULL;
    GThread *killer = g_thread_new ("killer", kill_after_two_seconds, inspect);

    kiln_process_run_sync (inspect, NULL, &status, &inspect_error);
    g_assert_no_error (inspect_error);
    g_assert_cmpint (status, ==, 128 + SIGKILL);
    g_thread_join (killer);
    g_assert_true (kiln_test_no_process_mentions (hung));
  }
}

/* A mix.exs that never finishes evaluating: inspection gives up after the
 * time limit, says why, and leaves no BEAM behind. */
static void
test_cli_inspection_timeout (void)
{
  g_autofree char *project = kiln_test_copy_fixture ("slow_mix");
  gint64 started = g_get_monotonic_time ();
  KilnCliResult result = run_kiln ("inspect", project, "--timeout", "3");

  g_assert_cmpint (result.status, ==, 4);
  g_assert_nonnull (strstr (result.err, "did not finish evaluating within 3 s"));
  g_assert_cmpint (g_get_monotonic_time () - started, <, 60 * G_USEC_PER_SEC);
  kiln_cli_result_clear (&result);
  g_assert_true (kiln_test_no_process_mentions (project));

  result = run_kiln ("build", project, "--timeout", "2", "--format", "none");
  g_assert_cmpint (result.status, ==, 4);
  g_assert_nonnull (strstr (result.err, "within 2 s"));
  kiln_cli_result_clear (&result);

  result = run_kiln ("inspect", project, "--timeout", "-5");
  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.err, "--timeout"));
  kiln_cli_result_clear (&result);
}

static char *
build_and_get_sha256 (const char  *project,
                      const char **from,
                      gint64      *source_date)
{
  KilnCliResult result = run_kiln ("build", project, "--format", "tar.gz", "--no-verify", "--json");
  g_autoptr(JsonObject) record = NULL;
  JsonObject *artifact;
  char *sha256;

  g_assert_cmpint (result.status, ==, 0);
  record = kiln_test_parse_json_object (result.out);
  artifact = json_array_get_object_element (json_object_get_array_member (record, "artifacts"), 0);
  sha256 = g_strdup (json_object_get_string_member (artifact, "sha256"));
  *from = g_intern_string (json_object_get_string_member_with_default (record, "source_date_from", ""));
  *source_date = json_object_get_int_member_with_default (record, "source_date", -1);
  kiln_cli_result_clear (&result);

  return sha256;
}

/* Without SOURCE_DATE_EPOCH, the same sources still give the same archive:
 * mtimes are clamped to the last commit, or to the newest source file. */
static void
test_cli_reproducible_by_default (void)
{
  g_autofree char *project = kiln_test_copy_fixture ("single_app");
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *committed = NULL;
  const char *from = NULL;
  gint64 source_date = -1;

  g_unsetenv ("SOURCE_DATE_EPOCH");

  first = build_and_get_sha256 (project, &from, &source_date);
  g_assert_cmpstr (from, ==, "sources");
  g_assert_cmpint (source_date, >, 0);
  g_usleep (G_USEC_PER_SEC + G_USEC_PER_SEC / 10);
  second = build_and_get_sha256 (project, &from, &source_date);
  g_assert_cmpstr (first, ==, second);

  {
    g_autofree char *git = g_find_program_in_path ("git");

    if (git == NULL)
      return;
  }

  kiln_test_run_git (project, "init", "-q", NULL);
  kiln_test_run_git (project, "add", "mix.exs", "lib", NULL);
  g_setenv ("GIT_COMMITTER_DATE", "@1700000000 +0000", TRUE);
  kiln_test_run_git (project, "commit", "-q", "-m", "sources", NULL);
  g_unsetenv ("GIT_COMMITTER_DATE");
  committed = build_and_get_sha256 (project, &from, &source_date);
  g_assert_cmpstr (from, ==, "git");
  g_assert_cmpint (source_date, ==, 1700000000);
}

int
main (int    argc,
      char **argv)
{
  kiln_test_init (&argc, &argv);

  g_test_add_func ("/cli/version-and-help", test_cli_version_and_help);
  g_test_add_func ("/cli/usage-errors", test_cli_usage_errors);
  g_test_add_func ("/cli/project-errors", test_cli_project_errors);
  g_test_add_func ("/cli/toolchain-missing", test_cli_toolchain_missing);
  g_test_add_func ("/cli/inspect-json", test_cli_inspect_json);
  g_test_add_func ("/cli/build-json", test_cli_build_json);
  g_test_add_func ("/cli/build-failure", test_cli_build_failure);
  g_test_add_func ("/cli/build-sample", test_cli_build_sample);
  g_test_add_func ("/cli/output-strips-escapes", test_cli_output_strips_escapes);
  g_test_add_func ("/cli/migrate", test_cli_migrate);
  g_test_add_func ("/cli/interrupt", test_cli_interrupt);
  g_test_add_func ("/cli/killed", test_cli_killed);
  g_test_add_func ("/cli/inspection-timeout", test_cli_inspection_timeout);
  g_test_add_func ("/cli/reproducible-by-default", test_cli_reproducible_by_default);
  g_test_add_func ("/cli/exit-statuses", test_cli_exit_statuses);
  g_test_add_func ("/cli/same-status-each-command", test_cli_same_status_each_command);
  g_test_add_func ("/cli/ambiguous-release", test_cli_ambiguous_release);

  return g_test_run ();
}
