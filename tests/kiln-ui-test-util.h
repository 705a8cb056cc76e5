#pragma once

#include <adwaita.h>

#include "kiln-window.h"

G_BEGIN_DECLS

void        kiln_ui_test_init                 (int          *argc,
                                               char       ***argv);
void        kiln_ui_test_screenshot           (GtkWidget    *widget,
                                               const char   *name);
gboolean    kiln_ui_wait_for                  (gboolean    (*condition) (gpointer data),
                                               gpointer      data,
                                               guint         timeout_seconds);

KilnWindow *kiln_ui_test_new_window           (void);
KilnWindow *kiln_ui_test_new_window_with_path (const char   *path);
void        kiln_ui_test_open_project         (KilnWindow   *window,
                                               const char   *project_dir);
void        kiln_ui_test_next                 (KilnWindow   *window,
                                               const char   *expected_page);
void        kiln_ui_test_collect_visible      (GtkWidget    *root,
                                               GType         type,
                                               GPtrArray    *found);
GtkWidget  *kiln_ui_test_find_group           (GtkWidget    *root,
                                               const char   *title);

AdwMessageDialog *kiln_ui_test_wait_for_dialog (const char   *name,
                                                guint         timeout_seconds);

/* Conditions for kiln_ui_wait_for. */
gboolean    kiln_ui_test_inspection_done      (gpointer      window);
gboolean    kiln_ui_test_build_done           (gpointer      window);
gboolean    kiln_ui_test_toolchain_checked    (gpointer      welcome_page);

G_END_DECLS
