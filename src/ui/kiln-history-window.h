#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KILN_TYPE_HISTORY_WINDOW (kiln_history_window_get_type ())
G_DECLARE_FINAL_TYPE (KilnHistoryWindow, kiln_history_window, KILN, HISTORY_WINDOW, AdwWindow)

KilnHistoryWindow *kiln_history_window_new       (const char        *project_dir);
GListModel        *kiln_history_window_get_records (KilnHistoryWindow *self);
gboolean           kiln_history_window_open_log  (KilnHistoryWindow *self,
                                                  guint              position,
                                                  GError           **error);

gboolean           kiln_history_window_remove    (KilnHistoryWindow *self,
                                                  const char        *id,
                                                  gboolean           older,
                                                  GError           **error);

G_END_DECLS
