#pragma once

#include "kiln-wizard-page.h"

G_BEGIN_DECLS

#define KILN_TYPE_OVERLAYS_PAGE (kiln_overlays_page_get_type ())
G_DECLARE_FINAL_TYPE (KilnOverlaysPage, kiln_overlays_page, KILN, OVERLAYS_PAGE, KilnWizardPage)

G_END_DECLS

G_BEGIN_DECLS
void        kiln_overlays_page_add_entry   (KilnOverlaysPage *self,
                                            const char       *source);
const char *kiln_overlays_page_get_preview (KilnOverlaysPage *self);
GtkTextBuffer *kiln_overlays_page_get_template_buffer (KilnOverlaysPage    *self,
                                                       KilnReleaseTemplate  kind);
G_END_DECLS
