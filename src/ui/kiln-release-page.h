#pragma once

#include "kiln-wizard-page.h"

G_BEGIN_DECLS

#define KILN_TYPE_RELEASE_PAGE (kiln_release_page_get_type ())
G_DECLARE_FINAL_TYPE (KilnReleasePage, kiln_release_page, KILN, RELEASE_PAGE, KilnWizardPage)

G_END_DECLS

G_BEGIN_DECLS
const char *kiln_release_page_get_preview        (KilnReleasePage *self);
GtkWidget  *kiln_release_page_get_option_widget  (KilnReleasePage *self,
                                                  const char      *field);
GtkWidget  *kiln_release_page_get_option_row     (KilnReleasePage *self,
                                                  const char      *field);
GtkWidget  *kiln_release_page_get_application_row (KilnReleasePage *self,
                                                   const char      *app_name);
G_END_DECLS
