#pragma once

#include <gio/gio.h>

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
char        *kiln_log_line_dup_plain_text (KilnLogLine *self);

char        *kiln_log_strip_ansi          (const char  *text,
                                           gssize       length);

G_END_DECLS
