#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void       kiln_ui_ensure_resources      (void);
GSettings *kiln_ui_dup_settings          (void);
void       kiln_ui_copy_text             (GtkWidget   *widget,
                                          const char  *text);
GtkWindow *kiln_ui_get_window            (GtkWidget   *widget);
AdwToast  *kiln_ui_toast_new             (const char  *message);
void       kiln_ui_toast                 (GtkWidget   *widget,
                                          const char  *message);
void       kiln_ui_open_uri              (GtkWidget   *widget,
                                          const char  *uri);
void       kiln_ui_open_folder           (GtkWidget   *widget,
                                          const char  *path);
GtkWidget *kiln_ui_copy_button           (const char  *text,
                                          const char  *what);

void       kiln_ui_fix_accessible_names  (GtkWidget   *root);

G_END_DECLS
