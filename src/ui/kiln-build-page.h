#pragma once

#include "kiln-wizard-page.h"

G_BEGIN_DECLS

#define KILN_TYPE_BUILD_PAGE (kiln_build_page_get_type ())
G_DECLARE_FINAL_TYPE (KilnBuildPage, kiln_build_page, KILN, BUILD_PAGE, KilnWizardPage)

G_END_DECLS
