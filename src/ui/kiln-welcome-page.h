#pragma once

#include "kiln-wizard-page.h"

G_BEGIN_DECLS

#define KILN_TYPE_WELCOME_PAGE (kiln_welcome_page_get_type ())
G_DECLARE_FINAL_TYPE (KilnWelcomePage, kiln_welcome_page, KILN, WELCOME_PAGE, KilnWizardPage)

gboolean      kiln_welcome_page_get_checking_toolchain (KilnWelcomePage *self);
const GError *kiln_welcome_page_get_toolchain_error    (KilnWelcomePage *self);

G_END_DECLS
