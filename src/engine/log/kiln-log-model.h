#pragma once

#include <gio/gio.h>

#include "kiln-log-line.h"

G_BEGIN_DECLS

typedef enum
{
  KILN_LOG_FIND_DEFAULT     = 0,
  KILN_LOG_FIND_IGNORE_CASE = 1 << 0,
  KILN_LOG_FIND_STDERR_ONLY = 1 << 1,
} KilnLogFindFlags;

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

guint         kiln_log_model_get_n_lines        (KilnLogModel     *self);
guint         kiln_log_model_get_n_stderr_lines (KilnLogModel     *self);
char         *kiln_log_model_dup_text           (KilnLogModel     *self,
                                                 guint             position);
char         *kiln_log_model_dup_plain_text     (KilnLogModel     *self,
                                                 guint             position);
KilnStream    kiln_log_model_get_stream         (KilnLogModel     *self,
                                                 guint             position);
const char   *kiln_log_model_get_step           (KilnLogModel     *self,
                                                 guint             position);
gboolean      kiln_log_model_find               (KilnLogModel     *self,
                                                 const char       *needle,
                                                 guint             from,
                                                 gboolean          forward,
                                                 KilnLogFindFlags  flags,
                                                 guint            *position);
gsize         kiln_log_model_get_memory_size    (KilnLogModel     *self);

G_END_DECLS
