#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void kiln_ui_test_init        (int         *argc,
                               char      ***argv);
void     kiln_ui_test_screenshot (GtkWidget   *widget,
                                  const char  *name);
gboolean kiln_ui_wait_for        (gboolean   (*condition) (gpointer data),
                                  gpointer     data,
                                  guint        timeout_seconds);

G_END_DECLS
