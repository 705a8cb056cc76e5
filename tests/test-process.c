#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "kiln-line-splitter.h"
#include "kiln-process.h"
#include "kiln-test-util.h"

typedef struct
{
  GPtrArray *stdout_lines;
  GPtrArray *stderr_lines;
  GCancellable *cancel_on_first_line;
} Lines;

static void
collect_line (KilnProcess *process,
              KilnStream   stream,
              const char  *line,
              gpointer     user_data)
{
  Lines *lines = user_data;

  g_ptr_array_add (stream == KILN_STREAM_STDOUT ? lines->stdout_lines : lines->stderr_lines,
                   g_strdup (line));

  if (lines->cancel_on_first_line != NULL)
    g_cancellable_cancel (lines->cancel_on_first_line);
}

static void
lines_init (Lines *lines)
{
  lines->stdout_lines = g_ptr_array_new_with_free_func (g_free);
  lines->stderr_lines = g_ptr_array_new_with_free_func (g_free);
  lines->cancel_on_first_line = NULL;
}

static void
lines_clear (Lines *lines)
{
  g_clear_pointer (&lines->stdout_lines, g_ptr_array_unref);
  g_clear_pointer (&lines->stderr_lines, g_ptr_array_unref);
}

/* A zombie still answers kill(pid, 0), so look at its state instead. */
static gboolean
process_is_alive (GPid pid)
{
  g_autofree char *stat_path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *contents = NULL;
  const char *state;

  if (!g_file_get_contents (stat_path, &contents, NULL, NULL))
    return FALSE;

  state = strrchr (contents, ')');
  return state != NULL && state[1] == ' ' && state[2] != 'Z' && state[2] != 'X';
}

static void
test_process_streams_and_status (void)
{
  g_autoptr(KilnProcess) process = NULL;
  g_autoptr(GError) error = NULL;
  Lines lines;
  int status = -1;

  lines_init (&lines);
  process = kiln_process_newv (NULL, "sh", "-c",
                               "echo one; echo two >&2; printf 'three\\r\\n'; printf 'no-newline'; exit 3",
                               NULL);
  kiln_process_set_line_func (process, collect_line, &lines, NULL);
  kiln_process_set_capture_output (process, TRUE);

  g_assert_true (kiln_process_run_sync (process, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 3);

  g_assert_cmpuint (lines.stdout_lines->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (lines.stdout_lines, 0), ==, "one");
  g_assert_cmpstr (g_ptr_array_index (lines.stdout_lines, 1), ==, "three");
  g_assert_cmpstr (g_ptr_array_index (lines.stdout_lines, 2), ==, "no-newline");
  g_assert_cmpuint (lines.stderr_lines->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (lines.stderr_lines, 0), ==, "two");
  g_assert_cmpstr (kiln_process_get_stdout_text (process), ==, "one\nthree\nno-newline\n");
  g_assert_cmpstr (kiln_process_get_stderr_text (process), ==, "two\n");

  lines_clear (&lines);
}

static void
test_process_environment_and_cwd (void)
{
  g_autoptr(KilnProcess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = kiln_test_make_temp_dir ("cwd");
  g_autofree char *expected = NULL;
  int status = -1;

  g_setenv ("KILN_TEST_UNSET_ME", "present", TRUE);
  process = kiln_process_newv (dir, "sh", "-c",
                               "pwd; echo \"${KILN_TEST_VALUE}\"; echo \"${KILN_TEST_UNSET_ME:-gone}\"",
                               NULL);
  kiln_process_setenv (process, "KILN_TEST_VALUE", "forty two");
  kiln_process_unsetenv (process, "KILN_TEST_UNSET_ME");
  kiln_process_set_capture_output (process, TRUE);

  g_assert_true (kiln_process_run_sync (process, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);

  expected = g_strdup_printf ("%s\nforty two\ngone\n", dir);
  g_assert_cmpstr (kiln_process_get_stdout_text (process), ==, expected);
}

static void
test_process_missing_program (void)
{
  g_autoptr(KilnProcess) process = kiln_process_newv (NULL, "kiln-no-such-program", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (kiln_process_run_sync (process, NULL, NULL, &error));
  g_assert_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_NOENT);
}

static void
test_process_cancel_kills_group (void)
{
  g_autoptr(KilnProcess) process = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Lines lines;
  GPid grandchild;
  gint64 started = g_get_monotonic_time ();

  lines_init (&lines);
  lines.cancel_on_first_line = cancellable;

  /* The grandchild stands in for the BEAM that elixir/mix start. */
  process = kiln_process_newv (NULL, "sh", "-c", "sleep 300 & echo $!; wait", NULL);
  kiln_process_set_line_func (process, collect_line, &lines, NULL);

  g_assert_false (kiln_process_run_sync (process, cancellable, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 30 * G_USEC_PER_SEC);

  g_assert_cmpuint (lines.stdout_lines->len, ==, 1);
  grandchild = atoi (g_ptr_array_index (lines.stdout_lines, 0));
  g_assert_cmpint (grandchild, >, 0);

  for (guint i = 0; i < 100 && process_is_alive (grandchild); i++)
    g_usleep (G_USEC_PER_SEC / 20);
  g_assert_false (process_is_alive (grandchild));

  lines_clear (&lines);
}

static void
test_process_precancelled (void)
{
  g_autoptr(KilnProcess) process = kiln_process_newv (NULL, "sh", "-c", "exit 0", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (kiln_process_run_sync (process, cancellable, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (kiln_process_get_pid (process), ==, 0);
}

static void
test_process_leftover_children_do_not_hang (void)
{
  g_autoptr(KilnProcess) process = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();
  int status = -1;

  /* The background sleep inherits stdout; without killing the group the
   * pipe would stay open for five minutes. */
  process = kiln_process_newv (NULL, "sh", "-c", "sleep 300 & echo started", NULL);
  kiln_process_set_capture_output (process, TRUE);

  g_assert_true (kiln_process_run_sync (process, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (kiln_process_get_stdout_text (process), ==, "started\n");
  g_assert_cmpint (g_get_monotonic_time () - started, <, 30 * G_USEC_PER_SEC);
}

static void
test_process_time_limit (void)
{
  g_autoptr(KilnProcess) slow = kiln_process_newv (NULL, "sh", "-c", "echo begun; sleep 300 & sleep 300", NULL);
  g_autoptr(KilnProcess) quick = kiln_process_newv (NULL, "sh", "-c", "sleep 0.2; echo done", NULL);
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();
  int status = -1;

  kiln_process_set_time_limit (slow, 1);
  kiln_process_set_capture_output (slow, TRUE);
  g_assert_false (kiln_process_run_sync (slow, NULL, &status, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 30 * G_USEC_PER_SEC);
  g_assert_cmpstr (kiln_process_get_stdout_text (slow), ==, "begun\n");
  g_clear_error (&error);

  kiln_process_set_time_limit (quick, 5);
  g_assert_true (kiln_process_run_sync (quick, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
}

static void
test_process_command_line (void)
{
  g_autoptr(KilnProcess) process = kiln_process_newv (NULL, "elixir", "-e", "IO.puts :ok", NULL);
  g_autofree char *command_line = kiln_process_dup_command_line (process);

  g_assert_cmpstr (command_line, ==, "elixir -e 'IO.puts :ok'");
}

static const char stand_in_flatpak_spawn[] =
  "#!/bin/sh\n"
  "printf '%s\\n' \"$@\" > \"$KILN_TEST_SPAWN_LOG\"\n"
  "while [ $# -gt 0 ]; do\n"
  "  case \"$1\" in\n"
  "    --host|--watch-bus) ;;\n"
  "    --directory=*) cd \"${1#--directory=}\" || exit 125 ;;\n"
  "    --env=*) export \"${1#--env=}\" ;;\n"
  "    --unset-env=*) unset \"${1#--unset-env=}\" ;;\n"
  "    *) break ;;\n"
  "  esac\n"
  "  shift\n"
  "done\n"
  "exec \"$@\"\n";

/* Without Flatpak here, a stand-in flatpak-spawn on PATH records how it was
 * called and runs the command the way the real one does on the host. */
static char *
install_stand_in_flatpak_spawn (char **log_path)
{
  g_autofree char *bin = kiln_test_make_temp_dir ("flatpak-bin");
  g_autofree char *script = g_build_filename (bin, "flatpak-spawn", NULL);
  g_autofree char *path = g_strdup_printf ("%s:%s", bin, g_getenv ("PATH"));
  char *old_path = g_strdup (g_getenv ("PATH"));

  g_assert_true (g_file_set_contents (script, stand_in_flatpak_spawn, -1, NULL));
  g_assert_cmpint (g_chmod (script, 0755), ==, 0);

  *log_path = g_build_filename (bin, "arguments.log", NULL);
  g_setenv ("KILN_TEST_SPAWN_LOG", *log_path, TRUE);
  g_setenv ("KILN_FLATPAK_SPAWN", "1", TRUE);
  g_setenv ("PATH", path, TRUE);

  return old_path;
}

static void
remove_stand_in_flatpak_spawn (char *old_path)
{
  g_setenv ("PATH", old_path, TRUE);
  g_unsetenv ("KILN_FLATPAK_SPAWN");
  g_unsetenv ("KILN_TEST_SPAWN_LOG");
  g_free (old_path);
}

static void
test_process_flatpak_spawn_wrapper (void)
{
  g_autofree char *log_path = NULL;
  g_autofree char *old_path = NULL;
  g_autofree char *dir = kiln_test_make_temp_dir ("host-cwd");
  g_autofree char *expected = NULL;
  g_autofree char *arguments = NULL;
  g_autofree char *directory_arg = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(KilnProcess) process = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  old_path = install_stand_in_flatpak_spawn (&log_path);
  g_assert_true (kiln_process_runs_on_host ());

  g_setenv ("KILN_TEST_UNSET_ME", "present", TRUE);
  process = kiln_process_newv (dir, "sh", "-c",
                               "pwd; echo \"${KILN_TEST_VALUE}\"; echo \"${KILN_TEST_UNSET_ME:-gone}\"",
                               NULL);
  kiln_process_setenv (process, "KILN_TEST_VALUE", "forty two");
  kiln_process_unsetenv (process, "KILN_TEST_UNSET_ME");
  kiln_process_set_capture_output (process, TRUE);

  g_assert_true (kiln_process_run_sync (process, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  expected = g_strdup_printf ("%s\nforty two\ngone\n", dir);
  g_assert_cmpstr (kiln_process_get_stdout_text (process), ==, expected);

  g_assert_true (g_file_get_contents (log_path, &arguments, NULL, NULL));
  lines = g_strsplit (arguments, "\n", -1);
  directory_arg = g_strdup_printf ("--directory=%s", dir);
  g_assert_cmpstr (lines[0], ==, "--host");
  g_assert_cmpstr (lines[1], ==, "--watch-bus");
  g_assert_cmpstr (lines[2], ==, directory_arg);
  g_assert_true (g_strv_contains ((const char * const *) lines, "--env=KILN_TEST_VALUE=forty two"));
  g_assert_true (g_strv_contains ((const char * const *) lines, "--unset-env=KILN_TEST_UNSET_ME"));
  g_assert_cmpstr (lines[5], ==, "sh");
  g_assert_cmpstr (lines[6], ==, "-c");

  remove_stand_in_flatpak_spawn (g_steal_pointer (&old_path));
  g_assert_false (kiln_process_runs_on_host ());
}

static void
test_process_flatpak_spawn_cancel (void)
{
  g_autofree char *log_path = NULL;
  g_autofree char *old_path = NULL;
  g_autoptr(KilnProcess) process = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Lines lines;
  GPid grandchild;

  old_path = install_stand_in_flatpak_spawn (&log_path);
  lines_init (&lines);
  lines.cancel_on_first_line = cancellable;

  process = kiln_process_newv (NULL, "sh", "-c", "sleep 300 & echo $!; wait", NULL);
  kiln_process_set_line_func (process, collect_line, &lines, NULL);

  g_assert_false (kiln_process_run_sync (process, cancellable, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  grandchild = atoi (g_ptr_array_index (lines.stdout_lines, 0));
  for (guint i = 0; i < 200 && process_is_alive (grandchild); i++)
    g_usleep (G_USEC_PER_SEC / 20);
  g_assert_false (process_is_alive (grandchild));

  lines_clear (&lines);
  remove_stand_in_flatpak_spawn (g_steal_pointer (&old_path));
}

/* A line with no end in sight (a minified bundle, a binary dump) costs at
 * most KILN_LINE_MAX_BYTES and says it was cut; the next line is whole. */
static void
test_process_long_line_cut (void)
{
  g_autoptr(KilnProcess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *cut;
  Lines lines;
  int status = -1;

  lines_init (&lines);
  process = kiln_process_newv (NULL, "sh", "-c",
                               "head -c 1000000 /dev/zero | tr '\\0' x; echo; echo after; printf 'y%.0s' $(seq 10)",
                               NULL);
  kiln_process_set_line_func (process, collect_line, &lines, NULL);
  g_assert_true (kiln_process_run_sync (process, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);

  g_assert_cmpuint (lines.stdout_lines->len, ==, 3);
  cut = g_ptr_array_index (lines.stdout_lines, 0);
  g_assert_cmpuint (strspn (cut, "x"), ==, KILN_LINE_MAX_BYTES);
  g_assert_nonnull (strstr (cut + KILN_LINE_MAX_BYTES, "64 KiB"));
  g_assert_cmpuint (strlen (cut), <, KILN_LINE_MAX_BYTES + 200);
  g_assert_cmpstr (g_ptr_array_index (lines.stdout_lines, 1), ==, "after");
  g_assert_cmpstr (g_ptr_array_index (lines.stdout_lines, 2), ==, "yyyyyyyyyy");

  lines_clear (&lines);
}

static void
collect_split_line (char     *line,
                    gsize     length,
                    gpointer  user_data)
{
  g_assert_cmpuint (strlen (line), ==, length);
  g_ptr_array_add (user_data, line);
}

/* Lines come out the same however the output is chunked. */
static void
test_line_splitter_chunks (void)
{
  const char *output = "abc\n\nabcdefgh\nxy\nabcdefghijk\nend";
  const char * const expected[] = { "abc", "", "abcdefgh", "xy", "abcdefgh", "end", NULL };

  for (gsize chunk = 1; chunk <= strlen (output); chunk++)
    {
      g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(KilnLineSplitter) splitter = kiln_line_splitter_new (8, collect_split_line, lines);

      for (gsize at = 0; at < strlen (output); at += chunk)
        kiln_line_splitter_push (splitter, output + at, MIN (chunk, strlen (output) - at));
      kiln_line_splitter_finish (splitter);

      g_assert_cmpuint (lines->len, ==, g_strv_length ((char **) expected));
      for (guint i = 0; expected[i] != NULL; i++)
        g_assert_true (g_str_has_prefix (g_ptr_array_index (lines, i), expected[i]));
      /* Exactly 8 bytes fit; 11 are cut, and say so. */
      g_assert_cmpstr (g_ptr_array_index (lines, 2), ==, "abcdefgh");
      g_assert_cmpuint (strlen (g_ptr_array_index (lines, 4)), >, 8);
    }
}

int
main (int    argc,
      char **argv)
{
  kiln_test_init (&argc, &argv);

  g_test_add_func ("/process/streams-and-status", test_process_streams_and_status);
  g_test_add_func ("/process/long-line-cut", test_process_long_line_cut);
  g_test_add_func ("/process/line-splitter-chunks", test_line_splitter_chunks);
  g_test_add_func ("/process/environment-and-cwd", test_process_environment_and_cwd);
  g_test_add_func ("/process/missing-program", test_process_missing_program);
  g_test_add_func ("/process/cancel-kills-group", test_process_cancel_kills_group);
  g_test_add_func ("/process/precancelled", test_process_precancelled);
  g_test_add_func ("/process/leftover-children-do-not-hang", test_process_leftover_children_do_not_hang);
  g_test_add_func ("/process/time-limit", test_process_time_limit);
  g_test_add_func ("/process/command-line", test_process_command_line);
  g_test_add_func ("/process/flatpak-spawn-wrapper", test_process_flatpak_spawn_wrapper);
  g_test_add_func ("/process/flatpak-spawn-cancel", test_process_flatpak_spawn_cancel);

  return g_test_run ();
}
