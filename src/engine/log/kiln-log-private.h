#pragma once

#include "kiln-log-line.h"

G_BEGIN_DECLS

KilnLogLine *kiln_log_line_new_len     (guint        number,
                                        KilnStream   stream,
                                        const char  *step,
                                        gint64       timestamp_us,
                                        const char  *text,
                                        gsize        length);

G_END_DECLS
