#pragma once

#include <adwaita.h>

#include "kiln-session.h"
#include "kiln-wizard-page.h"

G_BEGIN_DECLS

#define KILN_TYPE_WINDOW (kiln_window_get_type ())
G_DECLARE_FINAL_TYPE (KilnWindow, kiln_window, KILN, WINDOW, AdwApplicationWindow)

KilnWindow     *kiln_window_new                   (GtkApplication *application);
KilnSession    *kiln_window_get_session           (KilnWindow     *self);
void            kiln_window_open_project          (KilnWindow     *self,
                                                   const char     *project_dir);
KilnWizardPage *kiln_window_get_page              (KilnWindow     *self,
                                                   const char     *name);
const char     *kiln_window_get_visible_page_name (KilnWindow     *self);
void            kiln_window_show_page             (KilnWindow     *self,
                                                   const char     *name);
void            kiln_window_add_toast             (KilnWindow     *self,
                                                   const char     *message);

G_END_DECLS
