#pragma once

#include "kiln-wizard-page.h"

G_BEGIN_DECLS

#define KILN_TYPE_PROJECT_PAGE (kiln_project_page_get_type ())
G_DECLARE_FINAL_TYPE (KilnProjectPage, kiln_project_page, KILN, PROJECT_PAGE, KilnWizardPage)

G_END_DECLS
