#pragma once

#include <adwaita.h>

#include "kiln-engine.h"

G_BEGIN_DECLS

#define KILN_TYPE_RELEASE_OPTIONS (kiln_release_options_get_type ())
G_DECLARE_FINAL_TYPE (KilnReleaseOptions, kiln_release_options, KILN, RELEASE_OPTIONS, GtkWidget)

GtkWidget          *kiln_release_options_new            (void);
KilnReleaseProfile *kiln_release_options_get_profile    (KilnReleaseOptions *self);
void                kiln_release_options_set_profile    (KilnReleaseOptions *self,
                                                         KilnReleaseProfile *profile);
void                kiln_release_options_clear_problems (KilnReleaseOptions *self);
gboolean            kiln_release_options_mark_problem   (KilnReleaseOptions *self,
                                                         const char         *field,
                                                         const char         *message);
GtkWidget          *kiln_release_options_get_widget     (KilnReleaseOptions *self,
                                                         const char         *field);
GtkWidget          *kiln_release_options_get_row        (KilnReleaseOptions *self,
                                                         const char         *field);

G_END_DECLS
