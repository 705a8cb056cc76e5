#define G_LOG_DOMAIN "kiln-log"

#include "config.h"

#include <string.h>

#include "kiln-log-model-private.h"
#include "kiln-log-private.h"

#define FLUSH_INTERVAL_MS 75
#define SAVE_BATCH 4096

enum {
  PROP_0,
  PROP_N_ITEMS,
  PROP_N_STDERR_LINES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KilnLogModel, kiln_log_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
kiln_log_model_get_item_type (GListModel *model)
{
  return KILN_TYPE_LOG_LINE;
}

static guint
kiln_log_model_get_n_items (GListModel *model)
{
  return KILN_LOG_MODEL (model)->n_visible;
}

static gpointer
kiln_log_model_get_item (GListModel *model,
                         guint       position)
{
  KilnLogModel *self = KILN_LOG_MODEL (model);
  KilnLogLine *line;
  const char *text;
  gsize length;

  if (position >= self->n_visible)
    return NULL;

  g_mutex_lock (&self->mutex);
  text = kiln_log_store_get_text (&self->store, position, &length);
  line = kiln_log_line_new_len (position + 1,
                                kiln_log_store_get_stream (&self->store, position),
                                kiln_log_store_get_step (&self->store, position),
                                kiln_log_store_get_timestamp (&self->store, position),
                                text, length);
  g_mutex_unlock (&self->mutex);

  return line;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = kiln_log_model_get_item_type;
  iface->get_n_items = kiln_log_model_get_n_items;
  iface->get_item = kiln_log_model_get_item;
}

static void
cancel_flush_locked (KilnLogModel *self)
{
  if (self->flush_source != NULL)
    {
      g_source_destroy (self->flush_source);
      g_clear_pointer (&self->flush_source, g_source_unref);
    }
}

static void
kiln_log_model_dispose (GObject *object)
{
  KilnLogModel *self = KILN_LOG_MODEL (object);

  g_mutex_lock (&self->mutex);
  cancel_flush_locked (self);
  g_mutex_unlock (&self->mutex);
  g_clear_object (&self->problems);

  G_OBJECT_CLASS (kiln_log_model_parent_class)->dispose (object);
}

static void
kiln_log_model_finalize (GObject *object)
{
  KilnLogModel *self = KILN_LOG_MODEL (object);

  kiln_log_store_destroy (&self->store);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (kiln_log_model_parent_class)->finalize (object);
}

static void
kiln_log_model_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KilnLogModel *self = KILN_LOG_MODEL (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_visible);
      break;
    case PROP_N_STDERR_LINES:
      g_value_set_uint (value, self->n_stderr_visible);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_log_model_class_init (KilnLogModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kiln_log_model_dispose;
  object_class->finalize = kiln_log_model_finalize;
  object_class->get_property = kiln_log_model_get_property;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_STDERR_LINES] =
    g_param_spec_uint ("n-stderr-lines", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiln_log_model_init (KilnLogModel *self)
{
  g_mutex_init (&self->mutex);
  kiln_log_store_init (&self->store);
  self->context = g_main_context_ref_thread_default ();
}

/* Flushes happen on the main context that was thread-default when the
 * model was created: that is where items-changed must be emitted. */
KilnLogModel *
kiln_log_model_new (void)
{
  return g_object_new (KILN_TYPE_LOG_MODEL, NULL);
}

static gboolean
flush_source_cb (gpointer user_data)
{
  KilnLogModel *self = user_data;

  kiln_log_model_flush (self);

  return G_SOURCE_REMOVE;
}

/* Callable from any thread. The lines only become items at the next flush,
 * in one items-changed for all of them: a list view pays per signal, not
 * per line. */
void
kiln_log_model_append (KilnLogModel *self,
                       KilnStream    stream,
                       const char   *step,
                       const char   *text)
{
  gint64 now = g_get_real_time ();
  const char *line;
  const char *end;
  guint16 step_index;

  g_return_if_fail (KILN_IS_LOG_MODEL (self));

  if (text == NULL)
    text = "";
  end = text + strlen (text);

  g_mutex_lock (&self->mutex);

  step_index = kiln_log_store_intern_step (&self->store, step);
  line = text;

  do
    {
      const char *newline = memchr (line, '\n', end - line);
      const char *line_end = newline ? newline : end;
      gsize length = line_end - line;
      const char *carriage_return;

      if (length > 0 && line[length - 1] == '\r')
        length--;

      /* "a\n" is one line, not two. */
      if (newline == NULL && line == end && line != text)
        break;

      /* Progress (git's "Counting objects: 50%\r…100%") redraws the line
       * after a carriage return: keep what a terminal would show last. */
      if ((carriage_return = memrchr (line, '\r', length)) != NULL)
        {
          length -= carriage_return + 1 - line;
          line = carriage_return + 1;
        }

      kiln_log_store_add (&self->store, stream, step_index, now, line, length);
      line = newline ? newline + 1 : end;
      if (newline == NULL)
        break;
    }
  while (TRUE);

  if (self->flush_source == NULL && self->store.n_lines > self->n_visible)
    {
      self->flush_source = g_timeout_source_new (FLUSH_INTERVAL_MS);
      g_source_set_static_name (self->flush_source, "[kiln-log-model-flush]");
      g_source_set_callback (self->flush_source, flush_source_cb, self, NULL);
      g_source_attach (self->flush_source, self->context);
    }

  g_mutex_unlock (&self->mutex);
}

static void
append_plain_text_locked (KilnLogModel *self,
                          guint         position,
                          GString      *out)
{
  gsize length;
  const char *text = kiln_log_store_get_text (&self->store, position, &length);

  if (kiln_log_store_get_plain (&self->store, position))
    g_string_append_len (out, text, length);
  else
    {
      g_autofree char *plain = kiln_ansi_strip (text, length);
      g_string_append (out, plain);
    }
}

static void
feed_problems (KilnLogModel *self,
               guint         start,
               guint         end)
{
  g_autoptr(GString) plain = g_string_new (NULL);

  for (guint i = start; i < end; i++)
    {
      g_string_truncate (plain, 0);
      g_mutex_lock (&self->mutex);
      append_plain_text_locked (self, i, plain);
      g_mutex_unlock (&self->mutex);

      kiln_problem_list_feed (self->problems, plain->str, i);
    }
}

/* Makes every stored line visible, or none after a clear, in one
 * items-changed. */
static void
sync_visible (KilnLogModel *self,
              gboolean      clear)
{
  guint old_visible = self->n_visible;
  guint old_stderr = self->n_stderr_visible;
  guint kept = clear ? 0 : old_visible;

  g_mutex_lock (&self->mutex);
  cancel_flush_locked (self);
  if (clear)
    kiln_log_store_clear (&self->store);
  self->n_visible = self->store.n_lines;
  self->n_stderr_visible = self->store.n_stderr_lines;
  g_mutex_unlock (&self->mutex);

  /* Problems first: a handler of items-changed may flush or clear again. */
  if (self->problems != NULL && clear)
    kiln_problem_list_clear (self->problems);
  else if (self->problems != NULL)
    feed_problems (self, old_visible, self->n_visible);

  if (old_visible == kept && self->n_visible == kept)
    return;

  g_list_model_items_changed (G_LIST_MODEL (self), kept, old_visible - kept, self->n_visible - kept);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  if (self->n_stderr_visible != old_stderr)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_STDERR_LINES]);
}

/* Call on the thread of the model's main context. */
void
kiln_log_model_flush (KilnLogModel *self)
{
  g_return_if_fail (KILN_IS_LOG_MODEL (self));
  sync_visible (self, FALSE);
}

void
kiln_log_model_clear (KilnLogModel *self)
{
  g_return_if_fail (KILN_IS_LOG_MODEL (self));
  sync_visible (self, TRUE);
}

/* Writes the lines from *position on and moves *position past them; the
 * journal calls it again and again while the build appends. */
gboolean
kiln_log_model_write_plain_from (KilnLogModel   *self,
                                 GOutputStream  *stream,
                                 guint          *position,
                                 GError        **error)
{
  g_autoptr(GString) batch = g_string_new (NULL);
  guint n_lines;

  g_mutex_lock (&self->mutex);
  n_lines = self->store.n_lines;
  g_mutex_unlock (&self->mutex);

  for (guint start = *position; start < n_lines; start += SAVE_BATCH)
    {
      guint stop = MIN (n_lines, start + SAVE_BATCH);

      g_string_truncate (batch, 0);

      g_mutex_lock (&self->mutex);
      /* A clear from another thread may have shrunk the log meanwhile. */
      stop = MIN (stop, self->store.n_lines);
      for (guint i = start; i < stop; i++)
        {
          append_plain_text_locked (self, i, batch);
          g_string_append_c (batch, '\n');
        }
      g_mutex_unlock (&self->mutex);

      if (!g_output_stream_write_all (stream, batch->str, batch->len, NULL, NULL, error))
        return FALSE;
      *position = stop;
    }

  return TRUE;
}

static gboolean
write_plain_lines (KilnLogModel   *self,
                   GOutputStream  *stream,
                   GError        **error)
{
  guint position = 0;

  return kiln_log_model_write_plain_from (self, stream, &position, error);
}

/* Saves every line appended so far, visible or not, as plain text. */
gboolean
kiln_log_model_save (KilnLogModel  *self,
                     const char    *path,
                     GError       **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;

  g_return_val_if_fail (KILN_IS_LOG_MODEL (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  file = g_file_new_for_path (path);
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error);
  if (stream == NULL)
    return FALSE;

  if (!write_plain_lines (self, G_OUTPUT_STREAM (stream), error))
    {
      g_autoptr(GCancellable) abandon = g_cancellable_new ();

      /* Closing with a cancelled cancellable keeps the previous file. */
      g_cancellable_cancel (abandon);
      g_output_stream_close (G_OUTPUT_STREAM (stream), abandon, NULL);
      return FALSE;
    }

  return g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error);
}

guint
kiln_log_model_get_n_stderr_lines (KilnLogModel *self)
{
  g_return_val_if_fail (KILN_IS_LOG_MODEL (self), 0);
  return self->n_stderr_visible;
}

/* The text as appended, escape codes included. */
char *
kiln_log_model_dup_text (KilnLogModel *self,
                         guint         position)
{
  const char *line;
  gsize length;
  char *text;

  g_return_val_if_fail (KILN_IS_LOG_MODEL (self), NULL);

  if (position >= self->n_visible)
    return NULL;

  g_mutex_lock (&self->mutex);
  line = kiln_log_store_get_text (&self->store, position, &length);
  text = g_strndup (line, length);
  g_mutex_unlock (&self->mutex);

  return text;
}

KilnStream
kiln_log_model_get_stream (KilnLogModel *self,
                           guint         position)
{
  KilnStream stream;

  g_return_val_if_fail (KILN_IS_LOG_MODEL (self), KILN_STREAM_STDOUT);
  g_return_val_if_fail (position < self->n_visible, KILN_STREAM_STDOUT);

  g_mutex_lock (&self->mutex);
  stream = kiln_log_store_get_stream (&self->store, position);
  g_mutex_unlock (&self->mutex);

  return stream;
}

/* Step names live as long as the model, across clears. */
const char *
kiln_log_model_get_step (KilnLogModel *self,
                         guint         position)
{
  const char *step;

  g_return_val_if_fail (KILN_IS_LOG_MODEL (self), NULL);
  g_return_val_if_fail (position < self->n_visible, NULL);

  g_mutex_lock (&self->mutex);
  step = kiln_log_store_get_step (&self->store, position);
  g_mutex_unlock (&self->mutex);

  return step;
}

/* The compiler diagnostics in the visible lines, a GListModel of
 * KilnProblem kept up to date at each flush and emptied by a clear. Lines
 * are only parsed for problems once somebody asks for them. Call on the
 * thread of the model's main context. */
GListModel *
kiln_log_model_get_problems (KilnLogModel *self)
{
  g_return_val_if_fail (KILN_IS_LOG_MODEL (self), NULL);

  if (self->problems == NULL)
    {
      self->problems = kiln_problem_list_new ();
      feed_problems (self, 0, self->n_visible);
    }

  return G_LIST_MODEL (self->problems);
}

/* What the model itself holds (text chunks, line records, step names), for
 * tests and diagnostics. */
gsize
kiln_log_model_get_memory_size (KilnLogModel *self)
{
  gsize size;

  g_return_val_if_fail (KILN_IS_LOG_MODEL (self), 0);

  g_mutex_lock (&self->mutex);
  size = sizeof *self - sizeof self->store + kiln_log_store_get_memory_size (&self->store);
  g_mutex_unlock (&self->mutex);

  return size;
}
