#include "config.h"

#include <string.h>

#include "kiln-build-plan.h"
#include "kiln-editor-command.h"
#include "kiln-log-model.h"
#include "kiln-log-search.h"
#include "kiln-problem.h"
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
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1000);
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

  /* git's progress redraws one line; only its last state is kept. */
  kiln_log_model_append (model, KILN_STREAM_STDERR, "deps",
                         "remote: Counting objects:  50% (1/2)\rremote: Counting objects: 100% (2/2), done.\r\n"
                         "Receiving:  10%\rReceiving: 100%, done.\n");
  kiln_log_model_flush (model);
  assert_line (model, 1, 2, KILN_STREAM_STDERR, "deps", "remote: Counting objects: 100% (2/2), done.");
  assert_line (model, 2, 3, KILN_STREAM_STDERR, "deps", "Receiving: 100%, done.");
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

static gboolean
find (KilnLogModel     *model,
      const char       *needle,
      KilnLogFindFlags  flags,
      guint             from,
      gboolean          forward,
      guint            *position)
{
  g_autoptr(KilnLogSearch) search = kiln_log_search_new (needle, flags);

  return kiln_log_model_find (model, search, from, forward, G_MAXUINT, position);
}

static guint
count (KilnLogModel     *model,
       const char       *needle,
       KilnLogFindFlags  flags,
       guint             start,
       guint             end)
{
  g_autoptr(KilnLogSearch) search = kiln_log_search_new (needle, flags);

  return kiln_log_model_count_matches (model, search, start, end);
}

static void
test_find (void)
{
  g_autoptr(KilnLogModel) model = kiln_log_model_new ();
  g_autoptr(KilnLogSearch) search = NULL;
  guint position = G_MAXUINT;

  kiln_log_model_append (model, KILN_STREAM_STDOUT, NULL, "alpha");
  kiln_log_model_append (model, KILN_STREAM_STDOUT, NULL, "Beta");
  kiln_log_model_append (model, KILN_STREAM_STDOUT, NULL, "gamma error in stdout");
  kiln_log_model_append (model, KILN_STREAM_STDERR, NULL, "error: boom");
  kiln_log_model_append (model, KILN_STREAM_STDOUT, NULL, "\033[1;31mred\033[0m text \033]8;;https://hidden.example\033\\link\033]8;;\033\\");
  kiln_log_model_append (model, KILN_STREAM_STDERR, NULL, "last error");

  /* Only visible lines are searched. */
  g_assert_false (find (model, "alpha", KILN_LOG_FIND_DEFAULT, 0, TRUE, &position));
  kiln_log_model_flush (model);

  g_assert_true (find (model, "error", KILN_LOG_FIND_DEFAULT, 0, TRUE, &position));
  g_assert_cmpuint (position, ==, 2);
  g_assert_true (find (model, "error", KILN_LOG_FIND_DEFAULT, 3, TRUE, &position));
  g_assert_cmpuint (position, ==, 3);
  g_assert_true (find (model, "error", KILN_LOG_FIND_STDERR_ONLY, 0, TRUE, &position));
  g_assert_cmpuint (position, ==, 3);
  g_assert_true (find (model, "error", KILN_LOG_FIND_DEFAULT, G_MAXUINT, FALSE, &position));
  g_assert_cmpuint (position, ==, 5);
  g_assert_true (find (model, "error", KILN_LOG_FIND_DEFAULT, 4, FALSE, &position));
  g_assert_cmpuint (position, ==, 3);
  g_assert_true (find (model, "", KILN_LOG_FIND_STDERR_ONLY, 4, TRUE, &position));
  g_assert_cmpuint (position, ==, 5);

  /* Around the end and back, each line once. */
  g_assert_true (find (model, "alpha", KILN_LOG_FIND_DEFAULT, 1, TRUE, &position));
  g_assert_cmpuint (position, ==, 0);
  g_assert_true (find (model, "Beta", KILN_LOG_FIND_DEFAULT, 0, FALSE, &position));
  g_assert_cmpuint (position, ==, 1);
  search = kiln_log_search_new ("alpha", KILN_LOG_FIND_DEFAULT);
  g_assert_false (kiln_log_model_find (model, search, 1, TRUE, 5, &position));
  g_assert_true (kiln_log_model_find (model, search, 1, TRUE, 6, &position));
  g_assert_cmpuint (position, ==, 0);

  g_assert_false (find (model, "BETA", KILN_LOG_FIND_DEFAULT, 0, TRUE, &position));
  g_assert_true (find (model, "BETA", KILN_LOG_FIND_IGNORE_CASE, 0, TRUE, &position));
  g_assert_cmpuint (position, ==, 1);
  g_assert_true (find (model, "ERROR:", KILN_LOG_FIND_IGNORE_CASE, 0, TRUE, &position));
  g_assert_cmpuint (position, ==, 3);

  /* What is searched is what the view shows: no escape codes, no link targets. */
  g_assert_true (find (model, "red text link", KILN_LOG_FIND_DEFAULT, 0, TRUE, &position));
  g_assert_cmpuint (position, ==, 4);
  g_assert_false (find (model, "31m", KILN_LOG_FIND_DEFAULT, 0, TRUE, &position));
  g_assert_false (find (model, "hidden.example", KILN_LOG_FIND_DEFAULT, 0, TRUE, &position));

  /* The view's filters, as search flags. */
  g_assert_true (find (model, "", KILN_LOG_FIND_ERRORS_ONLY, 0, TRUE, &position));
  g_assert_cmpuint (position, ==, 2);
  g_assert_true (find (model, "t", KILN_LOG_FIND_ERRORS_ONLY, 3, TRUE, &position));
  g_assert_cmpuint (position, ==, 5);

  position = 42;
  g_assert_false (find (model, "delta", KILN_LOG_FIND_DEFAULT, 0, TRUE, &position));
  g_assert_false (find (model, "", KILN_LOG_FIND_WARNINGS_ONLY, 0, TRUE, &position));
  g_assert_cmpuint (position, ==, 42);

  /* Counts for "match N of M". */
  g_assert_cmpuint (count (model, "error", KILN_LOG_FIND_DEFAULT, 0, G_MAXUINT), ==, 3);
  g_assert_cmpuint (count (model, "error", KILN_LOG_FIND_DEFAULT, 0, 4), ==, 2);
  g_assert_cmpuint (count (model, "error", KILN_LOG_FIND_STDERR_ONLY, 0, G_MAXUINT), ==, 2);
  g_assert_cmpuint (count (model, "E", KILN_LOG_FIND_IGNORE_CASE, 4, 6), ==, 2);
  g_assert_cmpuint (count (model, "", KILN_LOG_FIND_DEFAULT, 2, 2), ==, 0);

  kiln_log_model_clear (model);
  g_assert_false (find (model, "", KILN_LOG_FIND_DEFAULT, 0, TRUE, &position));
  g_assert_cmpuint (count (model, "", KILN_LOG_FIND_DEFAULT, 0, G_MAXUINT), ==, 0);
}

typedef struct
{
  KilnLogModel  *model;
  KilnLogSearch *search;
} FindJob;

static gpointer
find_thread (gpointer data)
{
  FindJob *job = data;
  guint position = G_MAXUINT;

  if (!kiln_log_model_find (job->model, job->search, 0, TRUE, G_MAXUINT, &position))
    return GUINT_TO_POINTER (G_MAXUINT);
  return GUINT_TO_POINTER (position);
}

/* The search holds nothing of the main thread's, so it can run on a
 * worker while lines keep coming. */
static void
test_find_from_thread (void)
{
  g_autoptr(KilnLogModel) model = kiln_log_model_new ();
  g_autoptr(KilnLogSearch) search = kiln_log_search_new ("NEEDLE", KILN_LOG_FIND_IGNORE_CASE);
  FindJob job = { model, search };
  GThread *thread;

  for (guint i = 0; i < 50000; i++)
    {
      g_autofree char *line = g_strdup_printf ("line %u%s", i, i == 43210 ? " needle" : "");
      kiln_log_model_append (model, KILN_STREAM_STDOUT, NULL, line);
    }
  kiln_log_model_flush (model);

  thread = g_thread_new ("find", find_thread, &job);
  for (guint i = 0; i < 1000; i++)
    kiln_log_model_append (model, KILN_STREAM_STDOUT, NULL, "more needle");
  g_assert_cmpuint (GPOINTER_TO_UINT (g_thread_join (thread)), ==, 43210);
}

typedef struct
{
  gboolean  done;
  gboolean  found;
  guint     position;
  GError   *error;
} FindResult;

static void
find_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  FindResult *find_result = user_data;

  find_result->found = kiln_log_model_find_finish (KILN_LOG_MODEL (object), result,
                                                   &find_result->position, &find_result->error);
  find_result->done = TRUE;
}

static void
find_and_wait (KilnLogModel  *model,
               KilnLogSearch *search,
               guint          from,
               gboolean       forward,
               GCancellable  *cancellable,
               FindResult    *result)
{
  g_clear_error (&result->error);
  result->done = FALSE;
  result->position = G_MAXUINT;
  kiln_log_model_find_async (model, search, from, forward, G_MAXUINT, cancellable, find_done_cb, result);
  /* Never synchronous, even for a short log. */
  g_assert_false (result->done);
  while (!result->done)
    g_main_context_iteration (NULL, TRUE);
}

/* A big log is searched in slices: the main loop keeps turning. */
static void
test_find_async (void)
{
  g_autoptr(KilnLogModel) model = kiln_log_model_new ();
  g_autoptr(KilnLogSearch) last = kiln_log_search_new ("entry 119999", KILN_LOG_FIND_DEFAULT);
  g_autoptr(KilnLogSearch) fifth = kiln_log_search_new ("entry 000005", KILN_LOG_FIND_DEFAULT);
  g_autoptr(KilnLogSearch) missing = kiln_log_search_new ("no such entry", KILN_LOG_FIND_DEFAULT);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  FindResult result = { 0 };

  for (guint i = 0; i < 120000; i++)
    {
      g_autofree char *line = g_strdup_printf ("entry %06u", i);
      kiln_log_model_append (model, KILN_STREAM_STDOUT, NULL, line);
    }
  kiln_log_model_flush (model);

  /* Backward from the second line: around the start, from the end. */
  find_and_wait (model, last, 1, FALSE, NULL, &result);
  g_assert_no_error (result.error);
  g_assert_true (result.found);
  g_assert_cmpuint (result.position, ==, 119999);

  find_and_wait (model, fifth, 60000, TRUE, NULL, &result);
  g_assert_true (result.found);
  g_assert_cmpuint (result.position, ==, 5);

  find_and_wait (model, missing, 0, TRUE, NULL, &result);
  g_assert_false (result.found);
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  kiln_log_model_find_async (model, missing, 0, TRUE, G_MAXUINT, cancellable, find_done_cb, &result);
  g_cancellable_cancel (cancellable);
  g_clear_error (&result.error);
  result.done = FALSE;
  while (!result.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (result.found);
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&result.error);
}

static void
assert_plain (const char *input,
              const char *expected)
{
  g_autoptr(KilnLogLine) line = kiln_log_line_new (1, KILN_STREAM_STDOUT, "step", 1, input);
  g_autofree char *plain = kiln_ansi_strip (input, -1);

  g_assert_true (g_utf8_validate (plain, -1, NULL));
  g_assert_cmpstr (plain, ==, expected);
  g_assert_cmpstr (kiln_log_line_get_plain_text (line), ==, expected);
  g_assert_cmpint (kiln_ansi_is_plain (input, strlen (input)), ==, strcmp (input, expected) == 0);
  /* The line itself keeps its colours. */
  g_assert_cmpstr (kiln_log_line_get_text (line), ==, input);
}

static void
test_plain_text (void)
{
  static const struct {
    const char *input;
    const char *plain;
  } cases[] = {
    { "no colours", "no colours" },
    { "tabs\tstay", "tabs\tstay" },
    { "caf\303\251 \342\234\223", "caf\303\251 \342\234\223" },
    { "\033[31mred\033[0m", "red" },
    { "\033[1;38;5;208mbold orange\033[m!", "bold orange!" },
    { "cursor\033[2K\033[1Gline", "cursorline" },
    { "dangling\033", "dangling" },
    { "dangling csi\033[12", "dangling csi" },
    { "", "" },
    /* The view used to show these differently from what the engine saved
     * and searched. */
    { "\033]8;;https://example.org\033\\link\033]8;;\033\\", "link" },
    { "\033]0;title\atext", "text" },
    { "a\033(Bb", "ab" },
    { "\033[>4;2mkeys", "keys" },
    { "\033[38:5:208mcolon", "colon" },
    /* An ESC before a non-ASCII character takes nothing of it. */
    { "\033\303\251t\303\251", "\303\251t\303\251" },
    { "\033(\303\251", "\303\251" },
    { "\033[12\303\251", "\303\251" },
    /* Invalid UTF-8 and control characters never get through. */
    { "bad \377 byte", "bad \357\277\275 byte" },
    { "cut \303", "cut \357\277\275" },
    { "\303\033[0m\251", "\357\277\275\357\277\275" },
    { "bell\a and back\bspace\r", "bell and backspace" },
    { "c1 \302\233""31m csi", "c1 31m csi" },
    { "del\177", "del" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_plain (cases[i].input, cases[i].plain);

  {
    g_autofree char *part = kiln_ansi_strip ("\033[32mgreen\033[0m tail", 10);
    g_assert_cmpstr (part, ==, "green");
  }
}

static void
assert_span (const KilnAnsiSpan *span,
             guint               start,
             guint               end,
             KilnAnsiColorKind   fg_kind,
             guint32             fg,
             KilnAnsiStyleFlags  flags)
{
  g_assert_cmpuint (span->start, ==, start);
  g_assert_cmpuint (span->end, ==, end);
  g_assert_cmpint (span->foreground.kind, ==, fg_kind);
  g_assert_cmpuint (span->foreground.value, ==, fg);
  g_assert_cmpint (span->flags, ==, flags);
}

static void
test_ansi_spans (void)
{
  g_autoptr(GArray) spans = NULL;
  g_autofree char *plain = NULL;
  const KilnAnsiSpan *span;

  plain = kiln_ansi_parse ("\033[33mwarning:\033[0m plain \033[1;31mbad\033[0m\033[K", -1, &spans);
  g_assert_cmpstr (plain, ==, "warning: plain bad");
  g_assert_cmpuint (spans->len, ==, 2);
  assert_span (&g_array_index (spans, KilnAnsiSpan, 0), 0, 8, KILN_ANSI_COLOR_INDEX, 3, 0);
  assert_span (&g_array_index (spans, KilnAnsiSpan, 1), 15, 18, KILN_ANSI_COLOR_INDEX, 1, KILN_ANSI_STYLE_BOLD);
  g_clear_pointer (&plain, g_free);
  g_clear_pointer (&spans, g_array_unref);

  plain = kiln_ansi_parse ("\033[38;5;208;4mA\033[22;24;48;2;1;2;3;3mB\033[39;2;92mC\033[mD\033[1m", -1, &spans);
  g_assert_cmpstr (plain, ==, "ABCD");
  g_assert_cmpuint (spans->len, ==, 3);
  assert_span (&g_array_index (spans, KilnAnsiSpan, 0), 0, 1, KILN_ANSI_COLOR_INDEX, 208, KILN_ANSI_STYLE_UNDERLINE);
  span = &g_array_index (spans, KilnAnsiSpan, 1);
  assert_span (span, 1, 2, KILN_ANSI_COLOR_INDEX, 208, KILN_ANSI_STYLE_ITALIC);
  g_assert_cmpint (span->background.kind, ==, KILN_ANSI_COLOR_RGB);
  g_assert_cmpuint (span->background.value, ==, 0x010203);
  assert_span (&g_array_index (spans, KilnAnsiSpan, 2), 2, 3, KILN_ANSI_COLOR_INDEX, 10,
               KILN_ANSI_STYLE_ITALIC | KILN_ANSI_STYLE_DIM);
  g_clear_pointer (&plain, g_free);
  g_clear_pointer (&spans, g_array_unref);

  /* Offsets count the plain text's bytes, replacement characters included;
   * a hyperlink's target is not text. */
  plain = kiln_ansi_parse ("\377\033]8;;https://example.org\033\\\033[31mlink\033[0m\033]8;;\033\\ \303\251", -1, &spans);
  g_assert_cmpstr (plain, ==, "\357\277\275link \303\251");
  g_assert_cmpuint (spans->len, ==, 1);
  assert_span (&g_array_index (spans, KilnAnsiSpan, 0), 3, 7, KILN_ANSI_COLOR_INDEX, 1, 0);
  g_clear_pointer (&plain, g_free);
  g_clear_pointer (&spans, g_array_unref);

  /* Nothing styled, no spans; a line hands out the same ones. */
  plain = kiln_ansi_parse ("\033[1m\033[0mplain\033[K", -1, &spans);
  g_assert_cmpstr (plain, ==, "plain");
  g_assert_null (spans);
  {
    g_autoptr(KilnLogLine) line = kiln_log_line_new (1, KILN_STREAM_STDOUT, NULL, 0, "\033[3mslanted\033[0m");
    guint n_spans;

    span = kiln_log_line_get_spans (line, &n_spans);
    g_assert_cmpuint (n_spans, ==, 1);
    assert_span (span, 0, 7, KILN_ANSI_COLOR_DEFAULT, 0, KILN_ANSI_STYLE_ITALIC);
    g_clear_object (&line);
    line = kiln_log_line_new (2, KILN_STREAM_STDOUT, NULL, 0, "plain");
    g_assert_null (kiln_log_line_get_spans (line, &n_spans));
    g_assert_cmpuint (n_spans, ==, 0);
  }
}

/* Whatever a build prints, the plain text is valid UTF-8 and the spans lie
 * inside it, in order. */
static void
test_ansi_random_bytes (void)
{
  static const char alphabet[] = "\033\033[[];m0123456789:?()\a\\\303\251\377\302\233ab \t";

  for (guint round = 0; round < 20000; round++)
    {
      char input[40];
      guint length = g_test_rand_int_range (0, sizeof input);
      g_autoptr(GArray) spans = NULL;
      g_autofree char *plain = NULL;
      guint previous_end = 0;

      for (guint i = 0; i < length; i++)
        input[i] = alphabet[g_test_rand_int_range (0, sizeof alphabet - 1)];

      plain = kiln_ansi_parse (input, length, &spans);
      g_assert_true (g_utf8_validate (plain, -1, NULL));
      g_assert_true (kiln_ansi_is_plain (plain, strlen (plain)));
      for (guint i = 0; spans != NULL && i < spans->len; i++)
        {
          const KilnAnsiSpan *span = &g_array_index (spans, KilnAnsiSpan, i);

          g_assert_cmpuint (span->start, >=, previous_end);
          g_assert_cmpuint (span->start, <, span->end);
          g_assert_cmpuint (span->end, <=, strlen (plain));
          g_assert_true (g_utf8_validate (plain + span->start, span->end - span->start, NULL));
          previous_end = span->end;
        }
    }
}

static void
assert_problem (GListModel      *problems,
                guint            position,
                KilnProblemKind  kind,
                const char      *file,
                guint            line,
                const char      *message,
                guint            log_position)
{
  g_autoptr(KilnProblem) problem = g_list_model_get_item (problems, position);

  g_assert_nonnull (problem);
  g_assert_cmpint (kiln_problem_get_kind (problem), ==, kind);
  g_assert_cmpstr (kiln_problem_get_file (problem), ==, file);
  g_assert_cmpuint (kiln_problem_get_line (problem), ==, line);
  g_assert_cmpstr (kiln_problem_get_message (problem), ==, message);
  g_assert_cmpuint (kiln_problem_get_log_position (problem), ==, log_position);
}

static void
test_problems (void)
{
  g_autoptr(KilnLogModel) model = kiln_log_model_new ();
  GListModel *problems;
  Changes changes = { 0 };

  kiln_log_model_append (model, KILN_STREAM_STDOUT, "compile", "Compiling 3 files (.ex)");
  kiln_log_model_append (model, KILN_STREAM_STDERR, "compile", "\033[33mwarning: \033[0mvariable \"x\" is unused");
  kiln_log_model_append (model, KILN_STREAM_STDERR, "compile", "  lib/hello.ex:12: Hello.hi/0");
  kiln_log_model_flush (model);

  /* Asked for late, the lines already there are parsed at once. */
  problems = kiln_log_model_get_problems (model);
  g_assert_true (g_list_model_get_item_type (problems) == KILN_TYPE_PROBLEM);
  g_assert_cmpuint (g_list_model_get_n_items (problems), ==, 1);
  assert_problem (problems, 0, KILN_PROBLEM_WARNING, "lib/hello.ex", 12, "variable \"x\" is unused", 2);
  g_signal_connect (problems, "items-changed", G_CALLBACK (items_changed_cb), &changes);

  kiln_log_model_append (model, KILN_STREAM_STDERR, "compile",
                         "\033[31m** (CompileError) lib/broken.ex:3: undefined function nope/0\033[0m");
  /* Blank lines end a pending message; invalid UTF-8 does not stop the parser. */
  kiln_log_model_append (model, KILN_STREAM_STDERR, "compile", "error: dropped\n\n  lib/x.ex:1:");
  kiln_log_model_append (model, KILN_STREAM_STDERR, "compile", "warning: caf\351 \377\n  lib/caf\303\251.ex:7");
  g_assert_cmpuint (g_list_model_get_n_items (problems), ==, 1);
  kiln_log_model_flush (model);
  g_assert_cmpuint (g_list_model_get_n_items (problems), ==, 3);
  assert_problem (problems, 1, KILN_PROBLEM_ERROR, "lib/broken.ex", 3,
                  "CompileError: undefined function nope/0", 3);
  assert_problem (problems, 2, KILN_PROBLEM_WARNING, "lib/caf\303\251.ex", 7,
                  "caf\357\277\275 \357\277\275", 8);

  /* The failure summary repeats the last lines: each problem comes once. */
  kiln_log_model_append (model, KILN_STREAM_STDERR, NULL, "** (CompileError) lib/broken.ex:3: undefined function nope/0");
  kiln_log_model_flush (model);
  g_assert_cmpuint (g_list_model_get_n_items (problems), ==, 3);

  changes.emissions = 0;
  kiln_log_model_clear (model);
  g_assert_cmpuint (g_list_model_get_n_items (problems), ==, 0);
  g_assert_cmpuint (changes.emissions, ==, 1);
  g_assert_cmpuint (changes.last_removed, ==, 3);

  /* After a clear the same problem is new again. */
  kiln_log_model_append (model, KILN_STREAM_STDERR, NULL, "** (CompileError) lib/broken.ex:3: undefined function nope/0");
  kiln_log_model_flush (model);
  g_assert_cmpuint (g_list_model_get_n_items (problems), ==, 1);
  g_assert_true (kiln_log_model_get_problems (model) == problems);
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

/* Every match in one pass, for "N of M", and the match's place in a line. */
static void
test_log_find_all (void)
{
  g_autoptr(KilnLogModel) model = kiln_log_model_new ();
  g_autoptr(KilnLogSearch) search = kiln_log_search_new ("needle", KILN_LOG_FIND_IGNORE_CASE);
  g_autoptr(GArray) found = NULL;
  gsize start, end;

  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *line = g_strdup_printf (i % 1000 == 7 ? "a \033[1mNee\033[0mdle %u" : "hay %u", i);
      kiln_log_model_append (model, KILN_STREAM_STDOUT, NULL, line);
    }
  kiln_log_model_flush (model);

  found = kiln_log_model_find_all (model, search, 0, G_MAXUINT, NULL);
  g_assert_cmpuint (found->len, ==, 10);
  g_assert_cmpuint (g_array_index (found, guint, 0), ==, 7);
  g_assert_cmpuint (g_array_index (found, guint, 9), ==, 9007);
  g_clear_pointer (&found, g_array_unref);
  found = kiln_log_model_find_all (model, search, 1000, 3000, NULL);
  g_assert_cmpuint (found->len, ==, 2);

  g_assert_true (kiln_log_search_find_in_text (search, "x NEEDLE needle", 15, 0, &start, &end));
  g_assert_cmpuint (start, ==, 2);
  g_assert_cmpuint (end, ==, 8);
  g_assert_true (kiln_log_search_find_in_text (search, "x NEEDLE needle", 15, end, &start, &end));
  g_assert_cmpuint (start, ==, 9);
  g_assert_false (kiln_log_search_find_in_text (search, "x NEEDLE needle", 15, end, &start, &end));
}

/* Every diagnostic of the log is a problem: compile warning, compile error,
 * undefined function, deprecation, in Elixir 1.14 and 1.15 layouts. */
static void
test_log_problems_every_diagnostic (void)
{
  g_autoptr(KilnLogModel) model = kiln_log_model_new ();
  GListModel *problems = kiln_log_model_get_problems (model);
  const char *lines[] = {
    "Compiling 3 files (.ex)",
    "\033[33mwarning:\033[0m variable \"x\" is unused (if the variable is not meant to be used, prefix it with an underscore)",
    "  lib/a.ex:3: A.run/0",
    "",
    "    warning: B.old/0 is deprecated. Use B.new/0 instead",
    "    │",
    " 14 │     B.old()",
    "    │       ~",
    "    │",
    "    └─ lib/c.ex:14:7: C.go/0",
    "",
    "    error: undefined function missing/0 (expected D to define such a function or for it to be imported, but none are available)",
    "    │",
    "  5 │     missing()",
    "    │     ^^^^^^^",
    "    │",
    "    └─ lib/d.ex:5:5: D.call/0",
    "",
    "** (CompileError) lib/e.ex:9: cannot compile module E (errors have been logged)",
  };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    kiln_log_model_append (model, KILN_STREAM_STDERR, "compile", lines[i]);
  kiln_log_model_flush (model);

  g_assert_cmpuint (g_list_model_get_n_items (problems), ==, 4);
  {
    g_autoptr(KilnProblem) deprecation = g_list_model_get_item (problems, 1);
    g_autoptr(KilnProblem) undefined = g_list_model_get_item (problems, 2);

    g_assert_cmpstr (kiln_problem_get_file (deprecation), ==, "lib/c.ex");
    g_assert_cmpuint (kiln_problem_get_line (deprecation), ==, 14);
    g_assert_cmpint (kiln_problem_get_kind (undefined), ==, KILN_PROBLEM_ERROR);
    g_assert_cmpstr (kiln_problem_get_file (undefined), ==, "lib/d.ex");
  }
}

/* "Open" runs the editor at the problem's line. */
static void
test_editor_command (void)
{
  g_auto(GStrv) text_editor = kiln_editor_command_build (KILN_EDITOR_GNOME_TEXT_EDITOR, "lib/my app.ex", 12, NULL);
  g_auto(GStrv) vscode = kiln_editor_command_build (KILN_EDITOR_VSCODE, "/p/lib/a.ex", 7, NULL);
  g_auto(GStrv) no_file = kiln_editor_command_build ("'my editor' -l {line}", "a.ex;rm -rf x", 3, NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) broken = kiln_editor_command_build ("code \"--goto", "a.ex", 1, &error);
  const char *expected_text_editor[] = { "gnome-text-editor", "+12", "lib/my app.ex", NULL };
  const char *expected_vscode[] = { "code", "--goto", "/p/lib/a.ex:7", NULL };
  const char *expected_no_file[] = { "my editor", "-l", "3", "a.ex;rm -rf x", NULL };

  g_assert_cmpstrv (text_editor, expected_text_editor);
  g_assert_cmpstrv (vscode, expected_vscode);
  g_assert_cmpstrv (no_file, expected_no_file);
  g_assert_null (broken);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);

  g_setenv ("VISUAL", "vim", TRUE);
  {
    g_autofree char *visual = kiln_editor_command_default ();
    g_auto(GStrv) argv = kiln_editor_command_build (visual, "a.ex", 4, NULL);
    const char *expected[] = { "vim", "+4", "a.ex", NULL };

    g_assert_cmpstrv (argv, expected);
  }
  g_unsetenv ("VISUAL");
}

/* Mix names the staging directory; the log names the release it becomes. */
static void
test_staging_path_rewrite (void)
{
  g_autoptr(KilnReleaseProfile) profile = kiln_release_profile_new ("hello_release");
  g_autoptr(KilnBuildPlan) plan = kiln_build_plan_new ("/p", profile);
  g_autofree char *relative = kiln_build_plan_rewrite_staging_path (plan, "* creating _build/prod/rel/.hello_release.kiln-staging/bin/hello_release");
  g_autofree char *absolute = kiln_build_plan_rewrite_staging_path (plan, "    /p/_build/prod/rel/.hello_release.kiln-staging/bin/hello_release start");

  g_assert_cmpstr (relative, ==, "* creating _build/prod/rel/hello_release/bin/hello_release");
  g_assert_cmpstr (absolute, ==, "    /p/_build/prod/rel/hello_release/bin/hello_release start");
  g_assert_null (kiln_build_plan_rewrite_staging_path (plan, "Compiling 2 files (.ex)"));
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
  g_test_add_func ("/log-model/find-from-thread", test_find_from_thread);
  g_test_add_func ("/log-model/find-async", test_find_async);
  g_test_add_func ("/log-model/plain-text", test_plain_text);
  g_test_add_func ("/log-model/ansi-spans", test_ansi_spans);
  g_test_add_func ("/log-model/ansi-random-bytes", test_ansi_random_bytes);
  g_test_add_func ("/log-model/problems", test_problems);
  g_test_add_func ("/log-model/many-lines", test_many_lines);

  g_test_add_func ("/log/find-all", test_log_find_all);
  g_test_add_func ("/log/staging-path-rewrite", test_staging_path_rewrite);
  g_test_add_func ("/log/editor-command", test_editor_command);
  g_test_add_func ("/log/problems/every-diagnostic", test_log_problems_every_diagnostic);

  return g_test_run ();
}
