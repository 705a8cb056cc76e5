#pragma once

#include "kiln-wizard-page.h"

G_BEGIN_DECLS

#define KILN_TYPE_OVERLAYS_PAGE (kiln_overlays_page_get_type ())
G_DECLARE_FINAL_TYPE (KilnOverlaysPage, kiln_overlays_page, KILN, OVERLAYS_PAGE, KilnWizardPage)

/* The dialogs that show what "Write to rel/…" and "Add Scripts…" would
 * write into the project (kiln-file-changes-dialog.h). */
#define KILN_TEMPLATES_WRITE_DIALOG_NAME "kiln-write-templates"
#define KILN_PHOENIX_SCRIPTS_DIALOG_NAME "kiln-add-phoenix-scripts"

G_END_DECLS

G_BEGIN_DECLS
void        kiln_overlays_page_add_entry   (KilnOverlaysPage *self,
                                            const char       *source);
const char *kiln_overlays_page_get_preview (KilnOverlaysPage *self);
GtkTextBuffer *kiln_overlays_page_get_template_buffer (KilnOverlaysPage    *self,
                                                       KilnReleaseTemplate  kind);
G_END_DECLS
