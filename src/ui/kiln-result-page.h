#pragma once

#include "kiln-wizard-page.h"

G_BEGIN_DECLS

#define KILN_TYPE_RESULT_PAGE (kiln_result_page_get_type ())
G_DECLARE_FINAL_TYPE (KilnResultPage, kiln_result_page, KILN, RESULT_PAGE, KilnWizardPage)

G_END_DECLS

G_BEGIN_DECLS
GtkListBox *kiln_result_page_get_artifacts_list (KilnResultPage *self);
GtkListBox *kiln_result_page_get_tree_list      (KilnResultPage *self);
AdwActionRow *kiln_result_page_get_host_row    (KilnResultPage *self);
gboolean    kiln_result_page_get_running        (KilnResultPage *self);
GListModel *kiln_result_page_get_run_output     (KilnResultPage *self);
G_END_DECLS
