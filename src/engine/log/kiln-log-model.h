#pragma once

#include <gio/gio.h>

#include "kiln-log-line.h"

G_BEGIN_DECLS

#define KILN_TYPE_LOG_MODEL (kiln_log_model_get_type ())
G_DECLARE_FINAL_TYPE (KilnLogModel, kiln_log_model, KILN, LOG_MODEL, GObject)

KilnLogModel *kiln_log_model_new         (void);
void          kiln_log_model_append      (KilnLogModel  *self,
                                          KilnStream     stream,
                                          const char    *step,
                                          const char    *text);
void          kiln_log_model_flush       (KilnLogModel  *self);
void          kiln_log_model_clear       (KilnLogModel  *self);
gboolean      kiln_log_model_save        (KilnLogModel  *self,
                                          const char    *path,
                                          GError       **error);

guint         kiln_log_model_get_n_stderr_lines (KilnLogModel     *self);
char         *kiln_log_model_dup_text           (KilnLogModel     *self,
                                                 guint             position);
KilnStream    kiln_log_model_get_stream         (KilnLogModel     *self,
                                                 guint             position);
const char   *kiln_log_model_get_step           (KilnLogModel     *self,
                                                 guint             position);
GListModel   *kiln_log_model_get_problems       (KilnLogModel     *self);
gsize         kiln_log_model_get_memory_size    (KilnLogModel     *self);

G_END_DECLS
