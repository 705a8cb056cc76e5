#pragma once

#include "kiln-log-model.h"

G_BEGIN_DECLS

typedef enum
{
  KILN_LOG_FIND_DEFAULT       = 0,
  KILN_LOG_FIND_IGNORE_CASE   = 1 << 0,
  KILN_LOG_FIND_STDERR_ONLY   = 1 << 1,
  KILN_LOG_FIND_ERRORS_ONLY   = 1 << 2,
  KILN_LOG_FIND_WARNINGS_ONLY = 1 << 3,
} KilnLogFindFlags;

#define KILN_TYPE_LOG_SEARCH (kiln_log_search_get_type ())

typedef struct _KilnLogSearch KilnLogSearch;

GType             kiln_log_search_get_type     (void) G_GNUC_CONST;
KilnLogSearch    *kiln_log_search_new          (const char       *needle,
                                                KilnLogFindFlags  flags);
KilnLogSearch    *kiln_log_search_ref          (KilnLogSearch    *self);
void              kiln_log_search_unref        (KilnLogSearch    *self);
gboolean          kiln_log_search_matches_line (KilnLogSearch    *self,
                                                KilnLogLine      *line);

gboolean          kiln_log_model_line_matches  (KilnLogModel     *self,
                                                KilnLogSearch    *search,
                                                guint             position);
gboolean          kiln_log_model_find          (KilnLogModel     *self,
                                                KilnLogSearch    *search,
                                                guint             from,
                                                gboolean          forward,
                                                guint             n_lines,
                                                guint            *position);
void              kiln_log_model_find_async    (KilnLogModel     *self,
                                                KilnLogSearch    *search,
                                                guint             from,
                                                gboolean          forward,
                                                guint             n_lines,
                                                GCancellable     *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer          user_data);
gboolean          kiln_log_model_find_finish   (KilnLogModel     *self,
                                                GAsyncResult     *result,
                                                guint            *position,
                                                GError          **error);
guint             kiln_log_model_count_matches (KilnLogModel     *self,
                                                KilnLogSearch    *search,
                                                guint             start,
                                                guint             end);
GArray           *kiln_log_model_find_all      (KilnLogModel     *self,
                                                KilnLogSearch    *search,
                                                guint             start,
                                                guint             end,
                                                GCancellable     *cancellable);
void              kiln_log_model_find_all_async  (KilnLogModel   *self,
                                                  KilnLogSearch  *search,
                                                  guint           start,
                                                  guint           end,
                                                  GCancellable   *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer        user_data);
GArray           *kiln_log_model_find_all_finish (KilnLogModel   *self,
                                                  GAsyncResult   *result,
                                                  GError        **error);
gboolean          kiln_log_search_find_in_text   (KilnLogSearch  *self,
                                                  const char     *plain_text,
                                                  gsize           length,
                                                  gsize           from,
                                                  gsize          *match_start,
                                                  gsize          *match_end);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KilnLogSearch, kiln_log_search_unref)

G_END_DECLS
