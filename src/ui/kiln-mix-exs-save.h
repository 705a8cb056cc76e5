#pragma once

#include <adwaita.h>

#include "kiln-session.h"

G_BEGIN_DECLS

/* "Save to mix.exs…": works out the change for the profile's release, shows
 * its diff in a dialog and writes (after a backup) only when confirmed.
 * Messages go to toasts on `source`. The dialog is named
 * KILN_MIX_EXS_SAVE_DIALOG_NAME, its responses are "cancel" and "save". */
#define KILN_MIX_EXS_SAVE_DIALOG_NAME "kiln-save-to-mix-exs"

void kiln_mix_exs_save_start (GtkWidget          *source,
                              KilnSession        *session,
                              KilnReleaseProfile *profile);

G_END_DECLS
