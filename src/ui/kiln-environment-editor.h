#pragma once

#include <adwaita.h>

#include "kiln-engine.h"

G_BEGIN_DECLS

/* The profile's "Environment for checks and Run Release": its variables,
 * and for a Phoenix project Kiln's own variables and the Assets switch. */
#define KILN_TYPE_ENVIRONMENT_EDITOR (kiln_environment_editor_get_type ())
G_DECLARE_FINAL_TYPE (KilnEnvironmentEditor, kiln_environment_editor, KILN, ENVIRONMENT_EDITOR, AdwPreferencesGroup)

GtkWidget *kiln_environment_editor_new         (void);
void       kiln_environment_editor_set_profile (KilnEnvironmentEditor *self,
                                                KilnReleaseProfile    *profile,
                                                KilnPhoenix           *phoenix);
/* The new-variable row, for tests. */
GtkWidget *kiln_environment_editor_get_add_row (KilnEnvironmentEditor *self);

G_END_DECLS
