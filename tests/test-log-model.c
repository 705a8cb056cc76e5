#include "config.h"

#include <string.h>

#include "kiln-log-model.h"
#include "kiln-test-util.h"

typedef struct
{
  guint emissions;
  guint last_position;
  guint last_removed;
  guint last_added;
} Changes;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  Changes *changes = user_data;

  changes->emissions++;
  changes->last_position = position;
  changes->last_removed = removed;
  changes->last_added = added;
}

static gpointer
append_lines_thread (gpointer data)
{
  KilnLogModel *model = data;

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *text = g_strdup_printf ("line %u", i);
      kiln_log_model_append (model,
                             i % 4 == 3 ? KILN_STREAM_STDERR : KILN_STREAM_STDOUT,
                             i < 500 ? "compile" : "assemble",
                             text);
    }

  return NULL;
}

static void
assert_line (KilnLogModel *model,
             guint         position,
             guint         number,
             KilnStream    stream,
             const char   *step,
             const char   *text)
{
  g_autoptr(KilnLogLine) line = g_list_model_get_item (G_LIST_MODEL (model), position);
  g_autofree char *dup = kiln_log_model_dup_text (model, position);

  g_assert_nonnull (line);
  g_assert_cmpuint (kiln_log_line_get_number (line), ==, number);
  g_assert_cmpint (kiln_log_line_get_stream (line), ==, stream);
  g_assert_cmpstr (kiln_log_line_get_step (line), ==, step);
  g_assert_cmpstr (kiln_log_line_get_text (line), ==, text);
  g_assert_cmpint (kiln_log_line_get_timestamp (line), >, 0);
  g_assert_cmpstr (dup, ==, text);
  g_assert_cmpint (kiln_log_model_get_stream (model, position), ==, stream);
  g_assert_cmpstr (kiln_log_model_get_step (model, position), ==, step);
}

static void
test_append_from_thread (void)
{
  g_autoptr(KilnLogModel) model = kiln_log_model_new ();
  Changes changes = { 0 };
  GThread *thread;
  gint64 before;
  gint64 after;

  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &changes);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == KILN_TYPE_LOG_LINE);

  before = g_get_real_time ();
  thread = g_thread_new ("append", append_lines_thread, model);
  g_thread_join (thread);
  after = g_get_real_time ();

  /* Buffered only: nothing visible before a flush. */
  g_assert_cmpuint (changes.emissions, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 0));

  kiln_log_model_flush (model);
  g_assert_cmpuint (changes.emissions, ==, 1);
  g_assert_cmpuint (changes.last_position, ==, 0);
  g_assert_cmpuint (changes.last_removed, ==, 0);
  g_assert_cmpuint (changes.last_added, ==, 1000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1000);
  g_assert_cmpuint (kiln_log_model_get_n_lines (model), ==, 1000);
  g_assert_cmpuint (kiln_log_model_get_n_stderr_lines (model), ==, 250);

  assert_line (model, 0, 1, KILN_STREAM_STDOUT, "compile", "line 0");
  assert_line (model, 3, 4, KILN_STREAM_STDERR, "compile", "line 3");
  assert_line (model, 999, 1000, KILN_STREAM_STDERR, "assemble", "line 999");
  for (guint i = 0; i < 1000; i += 333)
    {
      g_autoptr(KilnLogLine) line = g_list_model_get_item (G_LIST_MODEL (model), i);

      /* Stored to the millisecond. */
      g_assert_cmpint (kiln_log_line_get_timestamp (line), >=, before - 1000);
      g_assert_cmpint (kiln_log_line_get_timestamp (line), <=, after);
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 1000));
  g_assert_null (kiln_log_model_dup_text (model, 1000));

  kiln_log_model_flush (model);
  g_assert_cmpuint (changes.emissions, ==, 1);

  kiln_log_model_append (model, KILN_STREAM_STDOUT, NULL, "first\nsecond\r\n");
  kiln_log_model_append (model, KILN_STREAM_STDOUT, NULL, "");
  kiln_log_model_flush (model);
  g_assert_cmpuint (changes.emissions, ==, 2);
  g_assert_cmpuint (changes.last_position, ==, 1000);
  g_assert_cmpuint (changes.last_added, ==, 3);
  assert_line (model, 1000, 1001, KILN_STREAM_STDOUT, NULL, "first");
  assert_line (model, 1001, 1002, KILN_STREAM_STDOUT, NULL, "second");
  assert_line (model, 1002, 1003, KILN_STREAM_STDOUT, NULL, "");

  {
    /* Longer than any text chunk. */
    g_autofree char *long_line = g_strnfill (3 * 1024 * 1024, 'x');

    kiln_log_model_append (model, KILN_STREAM_STDOUT, NULL, long_line);
    kiln_log_model_append (model, KILN_STREAM_STDOUT, NULL, "after the long line");
    kiln_log_model_flush (model);
    g_assert_cmpuint (changes.emissions, ==, 3);
    assert_line (model, 1002, 1003, KILN_STREAM_STDOUT, NULL, "");
    assert_line (model, 1003, 1004, KILN_STREAM_STDOUT, NULL, long_line);
    assert_line (model, 1004, 1005, KILN_STREAM_STDOUT, NULL, "after the long line");
  }

  kiln_log_model_clear (model);
  g_assert_cmpuint (changes.emissions, ==, 4);
  g_assert_cmpuint (changes.last_position, ==, 0);
  g_assert_cmpuint (changes.last_removed, ==, 1005);
  g_assert_cmpuint (changes.last_added, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_cmpuint (kiln_log_model_get_n_stderr_lines (model), ==, 0);

  kiln_log_model_append (model, KILN_STREAM_STDERR, "assemble", "after clear");
  kiln_log_model_flush (model);
  assert_line (model, 0, 1, KILN_STREAM_STDERR, "assemble", "after clear");
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_for_emissions (Changes *changes,
                    guint    emissions)
{
  gboolean timed_out = FALSE;
  guint timeout_id = g_timeout_add_seconds (10, timeout_cb, &timed_out);

  while (changes->emissions < emissions && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (timed_out);
  g_source_remove (timeout_id);
}

static void
count_notify_cb (guint *count)
{
  (*count)++;
}

static void
test_automatic_flush (void)
{
  g_autoptr(KilnLogModel) model = kiln_log_model_new ();
  Changes changes = { 0 };
  guint notifications = 0;
  GThread *thread;

  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &changes);
  g_signal_connect_swapped (model, "notify::n-items", G_CALLBACK (count_notify_cb), &notifications);

  thread = g_thread_new ("append", append_lines_thread, model);
  g_thread_join (thread);

  wait_for_emissions (&changes, 1);
  g_assert_cmpuint (changes.emissions, ==, 1);
  g_assert_cmpuint (changes.last_added, ==, 1000);

  /* Appending line by line on the main thread still gives one signal. */
  for (guint i = 0; i < 50; i++)
    kiln_log_model_append (model, KILN_STREAM_STDOUT, "release", "more");

  wait_for_emissions (&changes, 2);
  g_assert_cmpuint (changes.emissions, ==, 2);
  g_assert_cmpuint (changes.last_position, ==, 1000);
  g_assert_cmpuint (changes.last_added, ==, 50);

  /* Nothing pending: no further signal, even after a while. */
  {
    gboolean timed_out = FALSE;
    g_timeout_add (300, timeout_cb, &timed_out);
    while (!timed_out)
      g_main_context_iteration (NULL, TRUE);
  }
  g_assert_cmpuint (changes.emissions, ==, 2);
  g_assert_cmpuint (notifications, ==, 2);
}

static void
test_save_round_trip (void)
{
  g_autoptr(KilnLogModel) model = kiln_log_model_new ();
  g_autofree char *dir = kiln_test_make_temp_dir ("save");
  g_autofree char *path = g_build_filename (dir, "build.log", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, "old contents\n", -1, &error);
  g_assert_no_error (error);

  kiln_log_model_append (model, KILN_STREAM_STDOUT, "compile", "Compiling 3 files (.ex)");
  kiln_log_model_append (model, KILN_STREAM_STDERR, "compile", "\033[33mwarning:\033[0m unused variable");
  kiln_log_model_append (model, KILN_STREAM_STDOUT, "assemble", "* assembling hello-0.1.0\n* skipping");
  kiln_log_model_append (model, KILN_STREAM_STDOUT, "assemble", "");
  kiln_log_model_append (model, KILN_STREAM_STDOUT, "assemble", "not flushed yet");

  g_assert_true (kiln_log_model_save (model, path, &error));
  g_assert_no_error (error);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==,
                   "Compiling 3 files (.ex)\n"
                   "warning: unused variable\n"
                   "* assembling hello-0.1.0\n"
                   "* skipping\n"
                   "\n"
                   "not flushed yet\n");

  g_assert_false (kiln_log_model_save (model, "/nonexistent-kiln-dir/build.log", &error));
  g_assert_nonnull (error);

  kiln_test_remove_tree (dir);
}

static void
test_find (void)
{
  g_autoptr(KilnLogModel) model = kiln_log_model_new ();
  guint position = G_MAXUINT;

  kiln_log_model_append (model, KILN_STREAM_STDOUT, NULL, "alpha");
  kiln_log_model_append (model, KILN_STREAM_STDOUT, NULL, "Beta");
  kiln_log_model_append (model, KILN_STREAM_STDOUT, NULL, "gamma error in stdout");
  kiln_log_model_append (model, KILN_STREAM_STDERR, NULL, "error: boom");
  kiln_log_model_append (model, KILN_STREAM_STDOUT, NULL, "\033[1;31mred\033[0m text");
  kiln_log_model_append (model, KILN_STREAM_STDERR, NULL, "last error");

  /* Pending lines are not searchable until they are items. */
  g_assert_false (kiln_log_model_find (model, "alpha", 0, TRUE, KILN_LOG_FIND_DEFAULT, &position));
  kiln_log_model_flush (model);

  g_assert_true (kiln_log_model_find (model, "error", 0, TRUE, KILN_LOG_FIND_DEFAULT, &position));
  g_assert_cmpuint (position, ==, 2);
  g_assert_true (kiln_log_model_find (model, "error", 3, TRUE, KILN_LOG_FIND_DEFAULT, &position));
  g_assert_cmpuint (position, ==, 3);
  g_assert_true (kiln_log_model_find (model, "error", 0, TRUE, KILN_LOG_FIND_STDERR_ONLY, &position));
  g_assert_cmpuint (position, ==, 3);
  g_assert_true (kiln_log_model_find (model, "error", G_MAXUINT, FALSE, KILN_LOG_FIND_DEFAULT, &position));
  g_assert_cmpuint (position, ==, 5);
  g_assert_true (kiln_log_model_find (model, "error", 4, FALSE, KILN_LOG_FIND_DEFAULT, &position));
  g_assert_cmpuint (position, ==, 3);
  g_assert_true (kiln_log_model_find (model, "", 4, TRUE, KILN_LOG_FIND_STDERR_ONLY, &position));
  g_assert_cmpuint (position, ==, 5);

  g_assert_false (kiln_log_model_find (model, "BETA", 0, TRUE, KILN_LOG_FIND_DEFAULT, &position));
  g_assert_true (kiln_log_model_find (model, "BETA", 0, TRUE, KILN_LOG_FIND_IGNORE_CASE, &position));
  g_assert_cmpuint (position, ==, 1);

  /* Colours do not get in the way, and their codes do not match. */
  g_assert_true (kiln_log_model_find (model, "red text", 0, TRUE, KILN_LOG_FIND_DEFAULT, &position));
  g_assert_cmpuint (position, ==, 4);
  g_assert_false (kiln_log_model_find (model, "31m", 0, TRUE, KILN_LOG_FIND_DEFAULT, &position));

  position = 42;
  g_assert_false (kiln_log_model_find (model, "delta", 0, TRUE, KILN_LOG_FIND_DEFAULT, &position));
  g_assert_cmpuint (position, ==, 42);
  g_assert_false (kiln_log_model_find (model, "alpha", 1, TRUE, KILN_LOG_FIND_DEFAULT, &position));
  g_assert_false (kiln_log_model_find (model, "alpha", 6, TRUE, KILN_LOG_FIND_DEFAULT, &position));
}

static void
test_plain_text (void)
{
  static const struct {
    const char *input;
    const char *plain;
  } cases[] = {
    { "no colours", "no colours" },
    { "\033[31mred\033[0m", "red" },
    { "\033[1;38;5;208mbold orange\033[m!", "bold orange!" },
    { "\033]8;;https://example.org\033\\link\033]8;;\033\\", "link" },
    { "\033]0;title\atext", "text" },
    { "a\033(Bb", "ab" },
    { "cursor\033[2K\033[1Gline", "cursorline" },
    { "dangling\033", "dangling" },
    { "dangling csi\033[12", "dangling csi" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *plain = kiln_log_strip_ansi (cases[i].input, -1);
      g_autoptr(KilnLogLine) line = kiln_log_line_new (i + 1, KILN_STREAM_STDOUT, "step", 1, cases[i].input);
      g_autofree char *line_plain = kiln_log_line_dup_plain_text (line);

      g_assert_cmpstr (plain, ==, cases[i].plain);
      g_assert_cmpstr (line_plain, ==, cases[i].plain);
      /* The line itself keeps its colours for the view. */
      g_assert_cmpstr (kiln_log_line_get_text (line), ==, cases[i].input);
    }

  {
    g_autofree char *part = kiln_log_strip_ansi ("\033[32mgreen\033[0m tail", 10);
    g_assert_cmpstr (part, ==, "green");
  }
}

static void
test_many_lines (void)
{
  g_autoptr(KilnLogModel) model = kiln_log_model_new ();
  Changes changes = { 0 };
  gsize text_bytes = 0;
  guint n_lines = 200000;
  g_autofree char *text = NULL;
  double seconds;

  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &changes);

  g_test_timer_start ();
  for (guint i = 0; i < n_lines; i++)
    {
      char line[128];
      int length = g_snprintf (line, sizeof line,
                               "==> compiling lib/some_app/module_%06u.ex (elapsed %u ms)", i, i % 977);

      text_bytes += length + 1;
      kiln_log_model_append (model,
                             i % 10 == 0 ? KILN_STREAM_STDERR : KILN_STREAM_STDOUT,
                             i < n_lines / 2 ? "compile" : "assemble",
                             line);
    }
  kiln_log_model_flush (model);
  seconds = g_test_timer_elapsed ();
  g_test_message ("%u lines appended and flushed in %.3f s, model holds %" G_GSIZE_FORMAT
                  " bytes for %" G_GSIZE_FORMAT " bytes of text",
                  n_lines, seconds, kiln_log_model_get_memory_size (model), text_bytes);

  /* A generous "did not hang" bound, not a benchmark. */
  g_assert_cmpfloat (seconds, <, 30.0);
  g_assert_cmpuint (changes.emissions, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n_lines);
  g_assert_cmpuint (kiln_log_model_get_n_stderr_lines (model), ==, n_lines / 10);
  g_assert_cmpuint (kiln_log_model_get_memory_size (model), <, 2 * text_bytes);

  /* Every line, including those on either side of a chunk boundary. */
  for (guint i = 0; i < n_lines; i++)
    {
      g_autofree char *expected = g_strdup_printf ("==> compiling lib/some_app/module_%06u.ex (elapsed %u ms)",
                                                   i, i % 977);
      g_autofree char *actual = kiln_log_model_dup_text (model, i);

      if (g_strcmp0 (expected, actual) != 0)
        g_assert_cmpstr (actual, ==, expected);
    }

  text = kiln_log_model_dup_text (model, 123456);
  g_assert_cmpstr (text, ==, "==> compiling lib/some_app/module_123456.ex (elapsed 354 ms)");
  assert_line (model, n_lines - 1, n_lines, KILN_STREAM_STDOUT, "assemble",
               "==> compiling lib/some_app/module_199999.ex (elapsed 691 ms)");
}

int
main (int   argc,
      char *argv[])
{
  kiln_test_init (&argc, &argv);

  g_test_add_func ("/log-model/append-from-thread", test_append_from_thread);
  g_test_add_func ("/log-model/automatic-flush", test_automatic_flush);
  g_test_add_func ("/log-model/save-round-trip", test_save_round_trip);
  g_test_add_func ("/log-model/find", test_find);
  g_test_add_func ("/log-model/plain-text", test_plain_text);
  g_test_add_func ("/log-model/many-lines", test_many_lines);

  return g_test_run ();
}
