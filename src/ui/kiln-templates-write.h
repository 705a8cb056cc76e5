#pragma once

#include <adwaita.h>

#include "kiln-session.h"

G_BEGIN_DECLS

/* "Write to rel/…": template edits live in Kiln's profile until the user
 * writes them into the project. Shows the diff of every template that would
 * change in a dialog named KILN_TEMPLATES_WRITE_DIALOG_NAME (responses
 * "cancel" and "write") and writes, with backups, only when confirmed. */
#define KILN_TEMPLATES_WRITE_DIALOG_NAME "kiln-write-templates"

void kiln_templates_write_start (GtkWidget          *source,
                                 KilnSession        *session,
                                 KilnReleaseProfile *profile);

G_END_DECLS
