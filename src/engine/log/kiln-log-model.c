#define G_LOG_DOMAIN "kiln-log"

#include "config.h"

#include <string.h>

#include "kiln-log-model.h"

#define FLUSH_INTERVAL_MS 75
#define FIRST_CHUNK_SIZE (64 * 1024)
#define MAX_CHUNK_SIZE (1024 * 1024)
#define LINES_PER_BLOCK 4096
#define NO_STEP G_MAXUINT16
#define FIND_BATCH 4096

/* One line costs 16 bytes here plus its text in a chunk; KilnLogLine
 * objects only exist while something (a visible row) holds them. Lines are
 * stored back to back, so a line ends where the next one in its chunk
 * starts (or at the chunk's end), and times are milliseconds since the
 * first line. */
typedef struct
{
  guint32 chunk;
  guint32 offset;
  guint32 time_ms;
  guint16 step;
  guint8  stream;
} LineRecord;

G_STATIC_ASSERT (sizeof (LineRecord) == 16);

typedef struct
{
  char  *data;
  gsize  used;
  gsize  size;
} TextChunk;

struct _KilnLogModel
{
  GObject       parent_instance;

  /* Everything below the mutex may be touched by appending threads. */
  GMutex        mutex;
  GPtrArray    *chunks;
  GPtrArray    *blocks;
  GPtrArray    *steps;
  GHashTable   *step_indexes;
  guint         n_stored;
  guint         n_stderr_stored;
  gint64        base_time_us;
  GSource      *flush_source;
  GMainContext *context;

  /* Owned by the thread of context. */
  guint         n_visible;
  guint         n_stderr_visible;
};

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

static void
text_chunk_free (TextChunk *chunk)
{
  g_free (chunk->data);
  g_free (chunk);
}

static inline LineRecord *
get_record (KilnLogModel *self,
            guint         position)
{
  LineRecord *block = g_ptr_array_index (self->blocks, position / LINES_PER_BLOCK);
  return &block[position % LINES_PER_BLOCK];
}

static const char *
get_line_locked (KilnLogModel      *self,
                 guint              position,
                 const LineRecord **record_out,
                 gsize             *length)
{
  const LineRecord *record = get_record (self, position);
  const TextChunk *chunk = g_ptr_array_index (self->chunks, record->chunk);
  gsize end = chunk->used;

  if (position + 1 < self->n_stored)
    {
      const LineRecord *next = get_record (self, position + 1);

      if (next->chunk == record->chunk)
        end = next->offset;
    }

  if (record_out != NULL)
    *record_out = record;
  *length = end - record->offset;

  return chunk->data + record->offset;
}

static const char *
get_step_name (KilnLogModel     *self,
               const LineRecord *record)
{
  if (record->step == NO_STEP)
    return NULL;
  return g_ptr_array_index (self->steps, record->step);
}

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
  g_autofree char *text = NULL;
  const LineRecord *record;
  const char *line;
  KilnStream stream;
  const char *step;
  gint64 timestamp_us;
  gsize length;

  if (position >= self->n_visible)
    return NULL;

  g_mutex_lock (&self->mutex);
  line = get_line_locked (self, position, &record, &length);
  text = g_strndup (line, length);
  step = get_step_name (self, record);
  stream = record->stream;
  timestamp_us = self->base_time_us + record->time_ms * (gint64) 1000;
  g_mutex_unlock (&self->mutex);

  return kiln_log_line_new (position + 1, stream, step, timestamp_us, text);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = kiln_log_model_get_item_type;
  iface->get_n_items = kiln_log_model_get_n_items;
  iface->get_item = kiln_log_model_get_item;
}

static void
release_storage_locked (KilnLogModel *self)
{
  g_ptr_array_set_size (self->chunks, 0);
  g_ptr_array_set_size (self->blocks, 0);
  self->n_stored = 0;
  self->n_stderr_stored = 0;
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

  G_OBJECT_CLASS (kiln_log_model_parent_class)->dispose (object);
}

static void
kiln_log_model_finalize (GObject *object)
{
  KilnLogModel *self = KILN_LOG_MODEL (object);

  g_clear_pointer (&self->chunks, g_ptr_array_unref);
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  g_clear_pointer (&self->steps, g_ptr_array_unref);
  g_clear_pointer (&self->step_indexes, g_hash_table_unref);
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
  self->chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) text_chunk_free);
  self->blocks = g_ptr_array_new_with_free_func (g_free);
  self->steps = g_ptr_array_new_with_free_func (g_free);
  self->step_indexes = g_hash_table_new (g_str_hash, g_str_equal);
  self->context = g_main_context_ref_thread_default ();
}

/* Flushes happen on the main context that was thread-default when the
 * model was created: that is where items-changed must be emitted. */
KilnLogModel *
kiln_log_model_new (void)
{
  return g_object_new (KILN_TYPE_LOG_MODEL, NULL);
}

static guint16
intern_step_locked (KilnLogModel *self,
                    const char   *step)
{
  gpointer index;

  if (step == NULL)
    return NO_STEP;

  if (g_hash_table_lookup_extended (self->step_indexes, step, NULL, &index))
    return GPOINTER_TO_UINT (index);

  if (self->steps->len >= NO_STEP)
    return NO_STEP;

  g_ptr_array_add (self->steps, g_strdup (step));
  g_hash_table_insert (self->step_indexes,
                       g_ptr_array_index (self->steps, self->steps->len - 1),
                       GUINT_TO_POINTER (self->steps->len - 1));

  return self->steps->len - 1;
}

static TextChunk *
reserve_text_locked (KilnLogModel *self,
                     gsize         length)
{
  TextChunk *chunk = NULL;

  if (self->chunks->len > 0)
    chunk = g_ptr_array_index (self->chunks, self->chunks->len - 1);

  if (chunk == NULL || chunk->size - chunk->used < length)
    {
      gsize size = MIN ((gsize) MAX_CHUNK_SIZE, (gsize) FIRST_CHUNK_SIZE << MIN (self->chunks->len, 8));

      chunk = g_new0 (TextChunk, 1);
      chunk->size = MAX (size, length);
      chunk->data = g_malloc (chunk->size);
      g_ptr_array_add (self->chunks, chunk);
    }

  return chunk;
}

static void
store_line_locked (KilnLogModel *self,
                   KilnStream    stream,
                   guint16       step,
                   gint64        timestamp_us,
                   const char   *text,
                   gsize         length)
{
  TextChunk *chunk;
  LineRecord *record;

  if (self->n_stored == G_MAXUINT)
    return;

  if (self->n_stored == 0)
    self->base_time_us = timestamp_us;

  /* Offsets are 32-bit; nobody reads a 4 GiB line in a log view. */
  length = MIN (length, (gsize) G_MAXUINT32 / 2);
  chunk = reserve_text_locked (self, length);

  if (self->n_stored / LINES_PER_BLOCK >= self->blocks->len)
    g_ptr_array_add (self->blocks, g_new (LineRecord, LINES_PER_BLOCK));

  record = get_record (self, self->n_stored);
  record->chunk = self->chunks->len - 1;
  record->offset = chunk->used;
  record->time_ms = CLAMP ((timestamp_us - self->base_time_us) / 1000, 0, (gint64) G_MAXUINT32);
  record->step = step;
  record->stream = stream;

  memcpy (chunk->data + chunk->used, text, length);
  chunk->used += length;

  self->n_stored++;
  if (stream == KILN_STREAM_STDERR)
    self->n_stderr_stored++;
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

  step_index = intern_step_locked (self, step);
  line = text;

  do
    {
      const char *newline = memchr (line, '\n', end - line);
      const char *line_end = newline ? newline : end;
      gsize length = line_end - line;

      if (length > 0 && line[length - 1] == '\r')
        length--;

      /* "a\n" is one line, not two. */
      if (newline == NULL && line == end && line != text)
        break;

      store_line_locked (self, stream, step_index, now, line, length);
      line = newline ? newline + 1 : end;
      if (newline == NULL)
        break;
    }
  while (TRUE);

  if (self->flush_source == NULL && self->n_stored > self->n_visible)
    {
      self->flush_source = g_timeout_source_new (FLUSH_INTERVAL_MS);
      g_source_set_static_name (self->flush_source, "[kiln-log-model-flush]");
      g_source_set_callback (self->flush_source, flush_source_cb, self, NULL);
      g_source_attach (self->flush_source, self->context);
    }

  g_mutex_unlock (&self->mutex);
}

/* Call on the thread of the model's main context. */
void
kiln_log_model_flush (KilnLogModel *self)
{
  guint old_visible;
  guint old_stderr;

  g_return_if_fail (KILN_IS_LOG_MODEL (self));

  old_visible = self->n_visible;
  old_stderr = self->n_stderr_visible;

  g_mutex_lock (&self->mutex);
  cancel_flush_locked (self);
  self->n_visible = self->n_stored;
  self->n_stderr_visible = self->n_stderr_stored;
  g_mutex_unlock (&self->mutex);

  if (self->n_visible == old_visible)
    return;

  g_list_model_items_changed (G_LIST_MODEL (self), old_visible, 0, self->n_visible - old_visible);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  if (self->n_stderr_visible != old_stderr)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_STDERR_LINES]);
}

void
kiln_log_model_clear (KilnLogModel *self)
{
  guint old_visible;
  guint old_stderr;

  g_return_if_fail (KILN_IS_LOG_MODEL (self));

  old_visible = self->n_visible;
  old_stderr = self->n_stderr_visible;

  g_mutex_lock (&self->mutex);
  cancel_flush_locked (self);
  release_storage_locked (self);
  self->n_visible = 0;
  self->n_stderr_visible = 0;
  g_mutex_unlock (&self->mutex);

  if (old_visible == 0)
    return;

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_visible, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  if (old_stderr != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_STDERR_LINES]);
}

static void
append_plain_text_locked (KilnLogModel *self,
                          guint         position,
                          GString      *out)
{
  gsize length;
  const char *text = get_line_locked (self, position, NULL, &length);

  if (memchr (text, '\033', length) != NULL)
    {
      g_autofree char *plain = kiln_log_strip_ansi (text, length);
      g_string_append (out, plain);
    }
  else
    g_string_append_len (out, text, length);
}

/* Saves every line appended so far, visible or not, without colours. */
gboolean
kiln_log_model_save (KilnLogModel  *self,
                     const char    *path,
                     GError       **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GString) batch = g_string_new (NULL);
  guint n_lines;

  g_return_val_if_fail (KILN_IS_LOG_MODEL (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  file = g_file_new_for_path (path);
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error);
  if (stream == NULL)
    return FALSE;

  g_mutex_lock (&self->mutex);
  n_lines = self->n_stored;
  g_mutex_unlock (&self->mutex);

  for (guint start = 0; start < n_lines; start += FIND_BATCH)
    {
      guint stop = MIN (n_lines, start + FIND_BATCH);

      g_string_truncate (batch, 0);

      g_mutex_lock (&self->mutex);
      /* A clear from another thread may have shrunk the log meanwhile. */
      stop = MIN (stop, self->n_stored);
      for (guint i = start; i < stop; i++)
        {
          append_plain_text_locked (self, i, batch);
          g_string_append_c (batch, '\n');
        }
      g_mutex_unlock (&self->mutex);

      if (!g_output_stream_write_all (G_OUTPUT_STREAM (stream), batch->str, batch->len,
                                      NULL, NULL, error))
        {
          g_autoptr(GCancellable) abandon = g_cancellable_new ();

          /* Closing with a cancelled cancellable keeps the previous file. */
          g_cancellable_cancel (abandon);
          g_output_stream_close (G_OUTPUT_STREAM (stream), abandon, NULL);
          return FALSE;
        }
    }

  return g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error);
}

guint
kiln_log_model_get_n_lines (KilnLogModel *self)
{
  g_return_val_if_fail (KILN_IS_LOG_MODEL (self), 0);
  return self->n_visible;
}

guint
kiln_log_model_get_n_stderr_lines (KilnLogModel *self)
{
  g_return_val_if_fail (KILN_IS_LOG_MODEL (self), 0);
  return self->n_stderr_visible;
}

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
  line = get_line_locked (self, position, NULL, &length);
  text = g_strndup (line, length);
  g_mutex_unlock (&self->mutex);

  return text;
}

char *
kiln_log_model_dup_plain_text (KilnLogModel *self,
                               guint         position)
{
  GString *text;

  g_return_val_if_fail (KILN_IS_LOG_MODEL (self), NULL);

  if (position >= self->n_visible)
    return NULL;

  text = g_string_new (NULL);
  g_mutex_lock (&self->mutex);
  append_plain_text_locked (self, position, text);
  g_mutex_unlock (&self->mutex);

  return g_string_free (text, FALSE);
}

KilnStream
kiln_log_model_get_stream (KilnLogModel *self,
                           guint         position)
{
  KilnStream stream;

  g_return_val_if_fail (KILN_IS_LOG_MODEL (self), KILN_STREAM_STDOUT);
  g_return_val_if_fail (position < self->n_visible, KILN_STREAM_STDOUT);

  g_mutex_lock (&self->mutex);
  stream = get_record (self, position)->stream;
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
  step = get_step_name (self, get_record (self, position));
  g_mutex_unlock (&self->mutex);

  return step;
}

static gboolean
contains_ignoring_ascii_case (const char *haystack,
                              gsize       haystack_length,
                              const char *needle,
                              gsize       needle_length)
{
  if (needle_length > haystack_length)
    return FALSE;

  for (gsize i = 0; i + needle_length <= haystack_length; i++)
    {
      if (g_ascii_strncasecmp (haystack + i, needle, needle_length) == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
line_matches_locked (KilnLogModel     *self,
                     guint             position,
                     const char       *needle,
                     gsize             needle_length,
                     KilnLogFindFlags  flags)
{
  const LineRecord *record;
  g_autofree char *plain = NULL;
  gsize length;
  const char *text = get_line_locked (self, position, &record, &length);

  if ((flags & KILN_LOG_FIND_STDERR_ONLY) && record->stream != KILN_STREAM_STDERR)
    return FALSE;

  if (memchr (text, '\033', length) != NULL)
    {
      plain = kiln_log_strip_ansi (text, length);
      text = plain;
      length = strlen (plain);
    }

  if (flags & KILN_LOG_FIND_IGNORE_CASE)
    return contains_ignoring_ascii_case (text, length, needle, needle_length);

  return memmem (text, length, needle, needle_length) != NULL;
}

/* Searches the visible lines from @from (included) towards the end or the
 * start, in the text without colours; no wrap-around. Case folding is ASCII
 * only. An empty needle matches any line (useful with STDERR_ONLY to jump
 * between errors). */
gboolean
kiln_log_model_find (KilnLogModel     *self,
                     const char       *needle,
                     guint             from,
                     gboolean          forward,
                     KilnLogFindFlags  flags,
                     guint            *position)
{
  gsize needle_length;
  guint n_lines;
  gint64 i;

  g_return_val_if_fail (KILN_IS_LOG_MODEL (self), FALSE);
  g_return_val_if_fail (needle != NULL, FALSE);

  n_lines = self->n_visible;
  if (n_lines == 0)
    return FALSE;
  if (from >= n_lines)
    {
      if (forward)
        return FALSE;
      from = n_lines - 1;
    }

  needle_length = strlen (needle);
  i = from;

  while (i >= 0 && i < n_lines)
    {
      g_mutex_lock (&self->mutex);
      for (guint batch = 0; batch < FIND_BATCH && i >= 0 && i < n_lines; batch++)
        {
          if (line_matches_locked (self, i, needle, needle_length, flags))
            {
              g_mutex_unlock (&self->mutex);
              if (position != NULL)
                *position = i;
              return TRUE;
            }
          i += forward ? 1 : -1;
        }
      g_mutex_unlock (&self->mutex);
    }

  return FALSE;
}

/* What the model itself holds (text chunks, line records, step names), for
 * tests and diagnostics. */
gsize
kiln_log_model_get_memory_size (KilnLogModel *self)
{
  gsize size = sizeof *self;

  g_return_val_if_fail (KILN_IS_LOG_MODEL (self), 0);

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->chunks->len; i++)
    size += sizeof (TextChunk) + ((TextChunk *) g_ptr_array_index (self->chunks, i))->size;
  size += self->blocks->len * (gsize) LINES_PER_BLOCK * sizeof (LineRecord);
  size += (self->chunks->len + self->blocks->len) * sizeof (gpointer);
  for (guint i = 0; i < self->steps->len; i++)
    size += strlen (g_ptr_array_index (self->steps, i)) + 1;
  g_mutex_unlock (&self->mutex);

  return size;
}
