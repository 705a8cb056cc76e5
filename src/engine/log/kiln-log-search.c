#define G_LOG_DOMAIN "kiln-log"

#include "config.h"

#include <string.h>

#include "kiln-log-model-private.h"
#include "kiln-log-search.h"

/* Lines looked at between two takings of the model's mutex, so that
 * appending threads are never held up for long. */
#define FIND_BATCH 4096

/* Immutable once made, so one search can be handed to a worker thread
 * while the main thread keeps its own reference. */
struct _KilnLogSearch
{
  gatomicrefcount   ref_count;
  KilnLogFindFlags  flags;
  char             *needle;
  gsize             needle_length;
};

G_DEFINE_BOXED_TYPE (KilnLogSearch, kiln_log_search, kiln_log_search_ref, kiln_log_search_unref)

/* Case folding is ASCII only, like the rest of a build log's tooling. An
 * empty needle matches every line the flags let through (with
 * KILN_LOG_FIND_STDERR_ONLY: jumping between errors). */
KilnLogSearch *
kiln_log_search_new (const char       *needle,
                     KilnLogFindFlags  flags)
{
  KilnLogSearch *self;

  g_return_val_if_fail (needle != NULL, NULL);

  self = g_new0 (KilnLogSearch, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->flags = flags;
  self->needle = (flags & KILN_LOG_FIND_IGNORE_CASE) ? g_ascii_strdown (needle, -1) : g_strdup (needle);
  self->needle_length = strlen (needle);

  return self;
}

KilnLogSearch *
kiln_log_search_ref (KilnLogSearch *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
kiln_log_search_unref (KilnLogSearch *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->needle);
  g_free (self);
}

/* With @ignore_case, @needle must be in lower case. Returns where the
 * first match starts, or NULL. */
static const char *
text_find (const char *text,
           gsize       length,
           const char *needle,
           gsize       needle_length,
           gboolean    ignore_case)
{
  const char *last;
  const char *p;
  char lower;
  char upper;

  if (needle_length == 0)
    return text;
  if (needle_length > length)
    return NULL;
  if (!ignore_case)
    return memmem (text, length, needle, needle_length);

  lower = needle[0];
  upper = g_ascii_toupper (lower);
  last = text + length - needle_length;

  /* memchr for each case of the first byte beats a byte loop several
   * times over on long logs. */
  for (p = text; p <= last; )
    {
      const char *a = memchr (p, lower, last - p + 1);
      const char *b = upper != lower ? memchr (p, upper, (a ? a : last + 1) - p) : NULL;
      const char *candidate = b ? b : a;

      if (candidate == NULL)
        return NULL;
      if (g_ascii_strncasecmp (candidate + 1, needle + 1, needle_length - 1) == 0)
        return candidate;
      p = candidate + 1;
    }

  return NULL;
}

static gboolean
text_contains (const char *text,
               gsize       length,
               const char *needle,
               gsize       needle_length,
               gboolean    ignore_case)
{
  return text_find (text, length, needle, needle_length, ignore_case) != NULL;
}

static gboolean
text_is_error (const char *plain_text,
               gsize       length)
{
  return text_contains (plain_text, length, "error", 5, TRUE) ||
         text_contains (plain_text, length, "** (", 4, FALSE);
}

static gboolean
text_is_warning (const char *plain_text,
                 gsize       length)
{
  return text_contains (plain_text, length, "warning", 7, TRUE);
}

static gboolean
text_matches (KilnLogSearch *search,
              KilnStream     stream,
              const char    *plain_text,
              gsize          length)
{
  if ((search->flags & KILN_LOG_FIND_STDERR_ONLY) && stream != KILN_STREAM_STDERR)
    return FALSE;
  if ((search->flags & KILN_LOG_FIND_ERRORS_ONLY) && !text_is_error (plain_text, length))
    return FALSE;
  if ((search->flags & KILN_LOG_FIND_WARNINGS_ONLY) && !text_is_warning (plain_text, length))
    return FALSE;

  return text_contains (plain_text, length, search->needle, search->needle_length,
                                 search->flags & KILN_LOG_FIND_IGNORE_CASE);
}

/* Whether the line would be found: what the log view's filters use. */
gboolean
kiln_log_search_matches_line (KilnLogSearch *self,
                              KilnLogLine   *line)
{
  const char *plain_text;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (KILN_IS_LOG_LINE (line), FALSE);

  plain_text = kiln_log_line_get_plain_text (line);
  return text_matches (self, kiln_log_line_get_stream (line), plain_text, strlen (plain_text));
}

static gboolean
line_matches_locked (KilnLogModel  *self,
                     KilnLogSearch *search,
                     guint          position)
{
  KilnStream stream = kiln_log_store_get_stream (&self->store, position);
  g_autofree char *plain = NULL;
  const char *text;
  gsize length;

  if ((search->flags & KILN_LOG_FIND_STDERR_ONLY) && stream != KILN_STREAM_STDERR)
    return FALSE;

  text = kiln_log_store_get_text (&self->store, position, &length);
  if (!kiln_log_store_get_plain (&self->store, position))
    {
      plain = kiln_ansi_strip (text, length);
      text = plain;
      length = strlen (plain);
    }

  return text_matches (search, stream, text, length);
}

/* How many lines back a diagnostic's location and code lines may reach. */
#define MAX_CONTINUATION 40

/* Whether the line carries on the one above: Elixir prints a warning's
 * location ("  lib/foo.ex:12: Foo.bar/0", "    └─ lib/foo.ex:12") and an
 * error's stacktrace indented under it. */
static gboolean
is_continuation_locked (KilnLogModel *self,
                        guint         position)
{
  gsize length;
  const char *text = kiln_log_store_get_text (&self->store, position, &length);
  gsize i = 0;

  while (i < length && (text[i] == ' ' || text[i] == '\t'))
    i++;

  /* Indented and not blank; a line starting with an escape code is
   * looked at by its first printed byte only roughly, which is fine here. */
  return i > 0 && i < length;
}

/* A line matches a filter on its own, or as part of the diagnostic it
 * continues. */
static gboolean
diagnostic_matches_locked (KilnLogModel  *self,
                           KilnLogSearch *search,
                           guint          position)
{
  if (line_matches_locked (self, search, position))
    return TRUE;

  if (!(search->flags & (KILN_LOG_FIND_ERRORS_ONLY | KILN_LOG_FIND_WARNINGS_ONLY)) ||
      search->needle_length > 0 || !is_continuation_locked (self, position))
    return FALSE;

  /* Elixir 1.15 indents the warning line itself too. */
  for (guint back = 1; back <= MAX_CONTINUATION && back <= position; back++)
    {
      if (line_matches_locked (self, search, position - back))
        return TRUE;
      if (!is_continuation_locked (self, position - back))
        return FALSE;
    }

  return FALSE;
}

/* kiln_log_search_matches_line() for the line at @position of @self,
 * with the lines of the diagnostic above it: what the view's filters use.
 * Safe from any thread. */
gboolean
kiln_log_model_line_matches (KilnLogModel  *self,
                             KilnLogSearch *search,
                             guint          position)
{
  gboolean matches = FALSE;

  g_return_val_if_fail (KILN_IS_LOG_MODEL (self), FALSE);
  g_return_val_if_fail (search != NULL, FALSE);

  g_mutex_lock (&self->mutex);
  if (position < self->store.n_lines)
    matches = diagnostic_matches_locked (self, search, position);
  g_mutex_unlock (&self->mutex);

  return matches;
}

/* Looks at @n_lines visible lines at most, each once, from @from (included)
 * towards the end or the start, wrapping around: pass the number of lines
 * for a whole search, fewer to search in slices. The text searched is the
 * lines' plain text, what the view shows. Safe from any thread; a search
 * running while the model is cleared finds nothing. */
gboolean
kiln_log_model_find (KilnLogModel  *self,
                     KilnLogSearch *search,
                     guint          from,
                     gboolean       forward,
                     guint          n_lines,
                     guint         *position)
{
  guint n_visible;
  guint looked = 0;
  guint i;

  g_return_val_if_fail (KILN_IS_LOG_MODEL (self), FALSE);
  g_return_val_if_fail (search != NULL, FALSE);

  g_mutex_lock (&self->mutex);
  n_visible = self->n_visible;
  g_mutex_unlock (&self->mutex);

  if (n_visible == 0)
    return FALSE;

  n_lines = MIN (n_lines, n_visible);
  i = from < n_visible ? from : forward ? 0 : n_visible - 1;

  while (looked < n_lines)
    {
      guint batch_end = MIN (n_lines, looked + FIND_BATCH);

      g_mutex_lock (&self->mutex);
      if (self->n_visible < n_visible)
        {
          g_mutex_unlock (&self->mutex);
          return FALSE;
        }

      for (; looked < batch_end; looked++)
        {
          if (diagnostic_matches_locked (self, search, i))
            {
              g_mutex_unlock (&self->mutex);
              if (position != NULL)
                *position = i;
              return TRUE;
            }

          if (forward)
            i = i + 1 < n_visible ? i + 1 : 0;
          else
            i = i > 0 ? i - 1 : n_visible - 1;
        }
      g_mutex_unlock (&self->mutex);
    }

  return FALSE;
}

/* How many of the visible lines in [@start, @end) match: with a find, what
 * "match N of M" needs. Safe from any thread. */
guint
kiln_log_model_count_matches (KilnLogModel  *self,
                              KilnLogSearch *search,
                              guint          start,
                              guint          end)
{
  guint count = 0;

  g_return_val_if_fail (KILN_IS_LOG_MODEL (self), 0);
  g_return_val_if_fail (search != NULL, 0);

  for (guint i = start; i < end; )
    {
      guint batch_end;

      g_mutex_lock (&self->mutex);
      batch_end = MIN (MIN (end, self->n_visible), i + FIND_BATCH);
      if (i >= batch_end)
        {
          g_mutex_unlock (&self->mutex);
          break;
        }
      for (; i < batch_end; i++)
        count += diagnostic_matches_locked (self, search, i);
      g_mutex_unlock (&self->mutex);
    }

  return count;
}

/* Lines looked at per main-loop iteration by kiln_log_model_find_async(). */
#define FIND_SLICE 50000

typedef struct
{
  KilnLogSearch *search;
  guint          n_lines;
  guint          next;
  guint          left;
  gboolean       forward;
} FindData;

static void
find_data_free (FindData *data)
{
  kiln_log_search_unref (data->search);
  g_free (data);
}

/* Slices stop at the log's ends, where the search wraps around. */
static gboolean
find_slice_cb (gpointer user_data)
{
  GTask *task = user_data;
  KilnLogModel *self = g_task_get_source_object (task);
  FindData *data = g_task_get_task_data (task);
  guint to_end = data->forward ? data->n_lines - data->next : data->next + 1;
  guint slice = MIN (MIN (data->left, FIND_SLICE), to_end);
  guint found;

  if (g_task_return_error_if_cancelled (task))
    return G_SOURCE_REMOVE;

  if (kiln_log_model_find (self, data->search, data->next, data->forward, slice, &found))
    {
      g_task_return_int (task, found);
      return G_SOURCE_REMOVE;
    }

  data->left -= slice;
  if (data->left == 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No line matches");
      return G_SOURCE_REMOVE;
    }

  if (slice == to_end)
    data->next = data->forward ? 0 : data->n_lines - 1;
  else
    data->next = data->forward ? data->next + slice : data->next - slice;

  return G_SOURCE_CONTINUE;
}

/* kiln_log_model_find() over a log of any size without blocking the
 * caller's main context: today in slices from an idle source, and the API
 * stays the same when it moves to a worker thread. Call on the thread of
 * the model's main context. */
void
kiln_log_model_find_async (KilnLogModel        *self,
                           KilnLogSearch       *search,
                           guint                from,
                           gboolean             forward,
                           guint                n_lines,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSource) source = NULL;
  FindData *data;

  g_return_if_fail (KILN_IS_LOG_MODEL (self));
  g_return_if_fail (search != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiln_log_model_find_async);

  if (self->n_visible == 0 || n_lines == 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No line matches");
      return;
    }

  data = g_new0 (FindData, 1);
  data->search = kiln_log_search_ref (search);
  data->n_lines = self->n_visible;
  data->next = from < data->n_lines ? from : forward ? 0 : data->n_lines - 1;
  data->left = MIN (n_lines, data->n_lines);
  data->forward = forward;
  g_task_set_task_data (task, data, (GDestroyNotify) find_data_free);

  source = g_idle_source_new ();
  g_source_set_static_name (source, "[kiln-log-model-find]");
  g_task_attach_source (task, source, find_slice_cb);
}

/* Returns the matching line's position, or FALSE with G_IO_ERROR_NOT_FOUND
 * (or G_IO_ERROR_CANCELLED). */
gboolean
kiln_log_model_find_finish (KilnLogModel  *self,
                            GAsyncResult  *result,
                            guint         *position,
                            GError       **error)
{
  gssize found;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  found = g_task_propagate_int (G_TASK (result), error);
  if (found < 0)
    return FALSE;

  if (position != NULL)
    *position = found;
  return TRUE;
}

/* Where @self's needle next occurs in a line's plain text at or after byte
 * @from: what the view highlights. An empty needle never matches here. */
gboolean
kiln_log_search_find_in_text (KilnLogSearch *self,
                              const char    *plain_text,
                              gsize          length,
                              gsize          from,
                              gsize         *match_start,
                              gsize         *match_end)
{
  const char *found;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (plain_text != NULL || length == 0, FALSE);

  if (self->needle_length == 0 || from >= length)
    return FALSE;

  found = text_find (plain_text + from, length - from, self->needle, self->needle_length,
                     self->flags & KILN_LOG_FIND_IGNORE_CASE);
  if (found == NULL)
    return FALSE;

  *match_start = found - plain_text;
  *match_end = *match_start + self->needle_length;
  return TRUE;
}

/* The positions of the visible lines in [@start, @end) that match, in
 * order: one pass gives "N of M" and next/previous without searching
 * again. Safe from any thread; stops early (returning what it found) if
 * cancelled or if the model is cleared meanwhile. */
GArray *
kiln_log_model_find_all (KilnLogModel  *self,
                         KilnLogSearch *search,
                         guint          start,
                         guint          end,
                         GCancellable  *cancellable)
{
  GArray *found = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n_visible;

  g_return_val_if_fail (KILN_IS_LOG_MODEL (self), found);
  g_return_val_if_fail (search != NULL, found);

  g_mutex_lock (&self->mutex);
  n_visible = self->n_visible;
  g_mutex_unlock (&self->mutex);
  end = MIN (end, n_visible);

  for (guint i = start; i < end; )
    {
      guint batch_end = MIN (end, i + FIND_BATCH);

      if (g_cancellable_is_cancelled (cancellable))
        break;

      g_mutex_lock (&self->mutex);
      if (self->n_visible < n_visible)
        {
          g_mutex_unlock (&self->mutex);
          g_array_set_size (found, 0);
          break;
        }
      for (; i < batch_end; i++)
        if (diagnostic_matches_locked (self, search, i))
          g_array_append_val (found, i);
      g_mutex_unlock (&self->mutex);
    }

  return found;
}

typedef struct
{
  KilnLogSearch *search;
  guint          start;
  guint          end;
} FindAllData;

static void
find_all_data_free (FindAllData *data)
{
  kiln_log_search_unref (data->search);
  g_free (data);
}

static void
find_all_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  FindAllData *data = task_data;
  GArray *found = kiln_log_model_find_all (source_object, data->search, data->start, data->end, cancellable);

  if (g_task_return_error_if_cancelled (task))
    g_array_unref (found);
  else
    g_task_return_pointer (task, found, (GDestroyNotify) g_array_unref);
}

/* kiln_log_model_find_all() on a worker thread. */
void
kiln_log_model_find_all_async (KilnLogModel        *self,
                               KilnLogSearch       *search,
                               guint                start,
                               guint                end,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FindAllData *data;

  g_return_if_fail (KILN_IS_LOG_MODEL (self));
  g_return_if_fail (search != NULL);

  data = g_new0 (FindAllData, 1);
  data->search = kiln_log_search_ref (search);
  data->start = start;
  data->end = end;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiln_log_model_find_all_async);
  g_task_set_task_data (task, data, (GDestroyNotify) find_all_data_free);
  g_task_run_in_thread (task, find_all_thread);
}

/* An array of guint line positions, or NULL with G_IO_ERROR_CANCELLED. */
GArray *
kiln_log_model_find_all_finish (KilnLogModel  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
