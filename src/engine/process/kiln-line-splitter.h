#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest line a subprocess can hand Kiln; the rest of it is dropped. */
#define KILN_LINE_MAX_BYTES (64 * 1024)

/* Receives each line, without its newline, and owns it. */
typedef void (*KilnLineFunc) (char     *line,
                              gsize     length,
                              gpointer  user_data);

typedef struct _KilnLineSplitter KilnLineSplitter;

KilnLineSplitter *kiln_line_splitter_new    (gsize             max_bytes,
                                             KilnLineFunc      func,
                                             gpointer          user_data);
void              kiln_line_splitter_push   (KilnLineSplitter *self,
                                             const char       *data,
                                             gsize             length);
void              kiln_line_splitter_finish (KilnLineSplitter *self);
void              kiln_line_splitter_free   (KilnLineSplitter *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KilnLineSplitter, kiln_line_splitter_free)

G_END_DECLS
