#pragma once

#include <gio/gio.h>

#include "kiln-ansi.h"
#include "kiln-process.h"

G_BEGIN_DECLS

#define KILN_TYPE_LOG_LINE (kiln_log_line_get_type ())
G_DECLARE_FINAL_TYPE (KilnLogLine, kiln_log_line, KILN, LOG_LINE, GObject)

KilnLogLine *kiln_log_line_new            (guint        number,
                                           KilnStream   stream,
                                           const char  *step,
                                           gint64       timestamp_us,
                                           const char  *text);
guint        kiln_log_line_get_number     (KilnLogLine *self);
KilnStream   kiln_log_line_get_stream     (KilnLogLine *self);
const char  *kiln_log_line_get_step       (KilnLogLine *self);
gint64       kiln_log_line_get_timestamp  (KilnLogLine *self);
const char  *kiln_log_line_get_text       (KilnLogLine *self);
const char  *kiln_log_line_get_plain_text (KilnLogLine *self);
const KilnAnsiSpan *kiln_log_line_get_spans (KilnLogLine *self,
                                             guint       *n_spans);

G_END_DECLS
