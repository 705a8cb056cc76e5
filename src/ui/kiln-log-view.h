#pragma once

#include <gtk/gtk.h>

#include "kiln-engine.h"

G_BEGIN_DECLS

typedef enum
{
  KILN_LOG_FILTER_ALL,
  KILN_LOG_FILTER_ERRORS,
  KILN_LOG_FILTER_WARNINGS,
} KilnLogFilter;

#define KILN_TYPE_LOG_VIEW (kiln_log_view_get_type ())
G_DECLARE_FINAL_TYPE (KilnLogView, kiln_log_view, KILN, LOG_VIEW, GtkWidget)

GtkWidget  *kiln_log_view_new              (void);
GListModel *kiln_log_view_get_model        (KilnLogView   *self);
void        kiln_log_view_set_model        (KilnLogView   *self,
                                            GListModel    *model);
GListModel *kiln_log_view_get_visible_lines (KilnLogView  *self);
gboolean    kiln_log_view_get_filtering    (KilnLogView   *self);
gboolean    kiln_log_view_get_searching    (KilnLogView   *self);
gboolean    kiln_log_view_get_following    (KilnLogView   *self);
void        kiln_log_view_set_following    (KilnLogView   *self,
                                            gboolean       following);
void        kiln_log_view_set_filter       (KilnLogView   *self,
                                            KilnLogFilter  filter);
void        kiln_log_view_set_search_text  (KilnLogView   *self,
                                            const char    *text);
guint       kiln_log_view_get_selected     (KilnLogView   *self);
GtkAdjustment *kiln_log_view_get_vadjustment (KilnLogView *self);
gboolean    kiln_log_view_get_showing_empty_state (KilnLogView *self);
guint       kiln_log_view_get_n_matches    (KilnLogView   *self);
guint       kiln_log_view_get_match_index  (KilnLogView   *self);
const char *kiln_log_view_get_match_label  (KilnLogView   *self);

G_END_DECLS
