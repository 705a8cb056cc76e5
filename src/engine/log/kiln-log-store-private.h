#pragma once

#include "kiln-process.h"

G_BEGIN_DECLS

#define KILN_LOG_STORE_NO_STEP G_MAXUINT16

/* The lines' text and metadata, packed. Not thread-safe: KilnLogModel
 * holds its mutex around every call. */
typedef struct
{
  GPtrArray  *chunks;
  GPtrArray  *blocks;
  GPtrArray  *steps;
  GHashTable *step_indexes;
  guint       n_lines;
  guint       n_stderr_lines;
  gint64      base_time_us;
} KilnLogStore;

void         kiln_log_store_init            (KilnLogStore *store);
void         kiln_log_store_destroy         (KilnLogStore *store);
void         kiln_log_store_clear           (KilnLogStore *store);
guint16      kiln_log_store_intern_step     (KilnLogStore *store,
                                             const char   *step);
void         kiln_log_store_add             (KilnLogStore *store,
                                             KilnStream    stream,
                                             guint16       step,
                                             gint64        timestamp_us,
                                             const char   *text,
                                             gsize         length);
const char  *kiln_log_store_get_text        (KilnLogStore *store,
                                             guint         position,
                                             gsize        *length);
KilnStream   kiln_log_store_get_stream      (KilnLogStore *store,
                                             guint         position);
gboolean     kiln_log_store_get_plain       (KilnLogStore *store,
                                             guint         position);
const char  *kiln_log_store_get_step        (KilnLogStore *store,
                                             guint         position);
gint64       kiln_log_store_get_timestamp   (KilnLogStore *store,
                                             guint         position);
gsize        kiln_log_store_get_memory_size (KilnLogStore *store);

G_END_DECLS
