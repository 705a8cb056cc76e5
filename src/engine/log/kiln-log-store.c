#define G_LOG_DOMAIN "kiln-log"

#include "config.h"

#include <string.h>

#include "kiln-ansi.h"
#include "kiln-log-store-private.h"

#define FIRST_CHUNK_SIZE (64 * 1024)
#define MAX_CHUNK_SIZE (1024 * 1024)
#define LINES_PER_BLOCK 4096

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
  /* Whether the text is its own plain text (kiln_ansi_is_plain()), known
   * once at append so searches skip the check. */
  guint8  plain;
} LineRecord;

G_STATIC_ASSERT (sizeof (LineRecord) == 16);

typedef struct
{
  char  *data;
  gsize  used;
  gsize  size;
} TextChunk;

static void
text_chunk_free (TextChunk *chunk)
{
  g_free (chunk->data);
  g_free (chunk);
}

void
kiln_log_store_init (KilnLogStore *store)
{
  memset (store, 0, sizeof *store);
  store->chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) text_chunk_free);
  store->blocks = g_ptr_array_new_with_free_func (g_free);
  store->steps = g_ptr_array_new_with_free_func (g_free);
  store->step_indexes = g_hash_table_new (g_str_hash, g_str_equal);
}

void
kiln_log_store_destroy (KilnLogStore *store)
{
  g_clear_pointer (&store->chunks, g_ptr_array_unref);
  g_clear_pointer (&store->blocks, g_ptr_array_unref);
  g_clear_pointer (&store->steps, g_ptr_array_unref);
  g_clear_pointer (&store->step_indexes, g_hash_table_unref);
}

/* Step names stay: kiln_log_model_get_step() hands them out for as long as
 * the model lives. */
void
kiln_log_store_clear (KilnLogStore *store)
{
  g_ptr_array_set_size (store->chunks, 0);
  g_ptr_array_set_size (store->blocks, 0);
  store->n_lines = 0;
  store->n_stderr_lines = 0;
}

static inline LineRecord *
get_record (KilnLogStore *store,
            guint         position)
{
  LineRecord *block = g_ptr_array_index (store->blocks, position / LINES_PER_BLOCK);
  return &block[position % LINES_PER_BLOCK];
}

guint16
kiln_log_store_intern_step (KilnLogStore *store,
                            const char   *step)
{
  gpointer index;

  if (step == NULL)
    return KILN_LOG_STORE_NO_STEP;

  if (g_hash_table_lookup_extended (store->step_indexes, step, NULL, &index))
    return GPOINTER_TO_UINT (index);

  if (store->steps->len >= KILN_LOG_STORE_NO_STEP)
    return KILN_LOG_STORE_NO_STEP;

  g_ptr_array_add (store->steps, g_strdup (step));
  g_hash_table_insert (store->step_indexes,
                       g_ptr_array_index (store->steps, store->steps->len - 1),
                       GUINT_TO_POINTER (store->steps->len - 1));

  return store->steps->len - 1;
}

static TextChunk *
reserve_text (KilnLogStore *store,
              gsize         length)
{
  TextChunk *chunk = NULL;

  if (store->chunks->len > 0)
    chunk = g_ptr_array_index (store->chunks, store->chunks->len - 1);

  if (chunk == NULL || chunk->size - chunk->used < length)
    {
      gsize size = MIN ((gsize) MAX_CHUNK_SIZE, (gsize) FIRST_CHUNK_SIZE << MIN (store->chunks->len, 8));

      chunk = g_new0 (TextChunk, 1);
      chunk->size = MAX (size, length);
      chunk->data = g_malloc (chunk->size);
      g_ptr_array_add (store->chunks, chunk);
    }

  return chunk;
}

void
kiln_log_store_add (KilnLogStore *store,
                    KilnStream    stream,
                    guint16       step,
                    gint64        timestamp_us,
                    const char   *text,
                    gsize         length)
{
  TextChunk *chunk;
  LineRecord *record;

  if (store->n_lines == G_MAXUINT)
    return;

  if (store->n_lines == 0)
    store->base_time_us = timestamp_us;

  /* Offsets are 32-bit; nobody reads a 4 GiB line in a log view. */
  length = MIN (length, (gsize) G_MAXUINT32 / 2);
  chunk = reserve_text (store, length);

  if (store->n_lines / LINES_PER_BLOCK >= store->blocks->len)
    g_ptr_array_add (store->blocks, g_new (LineRecord, LINES_PER_BLOCK));

  record = get_record (store, store->n_lines);
  record->chunk = store->chunks->len - 1;
  record->offset = chunk->used;
  record->time_ms = CLAMP ((timestamp_us - store->base_time_us) / 1000, 0, (gint64) G_MAXUINT32);
  record->step = step;
  record->stream = stream;
  record->plain = kiln_ansi_is_plain (text, length);

  memcpy (chunk->data + chunk->used, text, length);
  chunk->used += length;

  store->n_lines++;
  if (stream == KILN_STREAM_STDERR)
    store->n_stderr_lines++;
}

/* The raw text, escape codes included; not nul-terminated. */
const char *
kiln_log_store_get_text (KilnLogStore *store,
                         guint         position,
                         gsize        *length)
{
  const LineRecord *record = get_record (store, position);
  const TextChunk *chunk = g_ptr_array_index (store->chunks, record->chunk);
  gsize end = chunk->used;

  if (position + 1 < store->n_lines)
    {
      const LineRecord *next = get_record (store, position + 1);

      if (next->chunk == record->chunk)
        end = next->offset;
    }

  *length = end - record->offset;

  return chunk->data + record->offset;
}

KilnStream
kiln_log_store_get_stream (KilnLogStore *store,
                           guint         position)
{
  return get_record (store, position)->stream;
}

gboolean
kiln_log_store_get_plain (KilnLogStore *store,
                          guint         position)
{
  return get_record (store, position)->plain;
}

const char *
kiln_log_store_get_step (KilnLogStore *store,
                         guint         position)
{
  guint16 step = get_record (store, position)->step;

  if (step == KILN_LOG_STORE_NO_STEP)
    return NULL;
  return g_ptr_array_index (store->steps, step);
}

gint64
kiln_log_store_get_timestamp (KilnLogStore *store,
                              guint         position)
{
  return store->base_time_us + get_record (store, position)->time_ms * (gint64) 1000;
}

gsize
kiln_log_store_get_memory_size (KilnLogStore *store)
{
  gsize size = sizeof *store;

  for (guint i = 0; i < store->chunks->len; i++)
    size += sizeof (TextChunk) + ((TextChunk *) g_ptr_array_index (store->chunks, i))->size;
  size += store->blocks->len * (gsize) LINES_PER_BLOCK * sizeof (LineRecord);
  size += (store->chunks->len + store->blocks->len) * sizeof (gpointer);
  for (guint i = 0; i < store->steps->len; i++)
    size += strlen (g_ptr_array_index (store->steps, i)) + 1;

  return size;
}
