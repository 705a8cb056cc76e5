#define G_LOG_DOMAIN "kiln-process"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kiln-line-splitter.h"

/* Splits a subprocess's output into lines, never holding more than
 * max_bytes of one: a line without an end (a minified asset, a binary
 * dump) is cut there, marked, and its rest skipped up to the next newline. */
struct _KilnLineSplitter
{
  GString      *pending;
  gsize         max_bytes;
  gboolean      skipping;
  KilnLineFunc  func;
  gpointer      user_data;
};

KilnLineSplitter *
kiln_line_splitter_new (gsize        max_bytes,
                        KilnLineFunc func,
                        gpointer     user_data)
{
  KilnLineSplitter *self = g_new0 (KilnLineSplitter, 1);

  g_return_val_if_fail (max_bytes > 0, NULL);

  self->pending = g_string_new (NULL);
  self->max_bytes = max_bytes;
  self->func = func;
  self->user_data = user_data;
  return self;
}

static void
emit_pending (KilnLineSplitter *self)
{
  gsize length = self->pending->len;
  char *line = g_string_free (g_steal_pointer (&self->pending), FALSE);

  self->pending = g_string_new (NULL);
  self->func (line, length, self->user_data);
}

static void
emit_cut (KilnLineSplitter *self)
{
  g_autofree char *marker = g_strdup_printf (_(" … [Kiln cut this line: it is longer than %u KiB]"),
                                             (guint) (self->max_bytes / 1024));

  g_string_append (self->pending, marker);
  emit_pending (self);
  self->skipping = TRUE;
}

void
kiln_line_splitter_push (KilnLineSplitter *self,
                         const char       *data,
                         gsize             length)
{
  while (length > 0)
    {
      const char *newline = memchr (data, '\n', length);
      gsize segment = newline != NULL ? (gsize) (newline - data) : length;
      gsize consumed = newline != NULL ? segment + 1 : segment;

      if (!self->skipping)
        {
          gsize room = self->max_bytes - self->pending->len;

          g_string_append_len (self->pending, data, MIN (segment, room));
          if (segment > room)
            emit_cut (self);
          else if (newline != NULL)
            emit_pending (self);
        }

      if (newline != NULL)
        self->skipping = FALSE;

      data += consumed;
      length -= consumed;
    }
}

/* The end of the output: its last line may have no newline. */
void
kiln_line_splitter_finish (KilnLineSplitter *self)
{
  if (self->pending->len > 0)
    emit_pending (self);
  self->skipping = FALSE;
}

void
kiln_line_splitter_free (KilnLineSplitter *self)
{
  if (self == NULL)
    return;

  g_string_free (self->pending, TRUE);
  g_free (self);
}
