#pragma once

#include "kiln-wizard-page.h"

G_BEGIN_DECLS

#define KILN_TYPE_LOGS_PAGE (kiln_logs_page_get_type ())
G_DECLARE_FINAL_TYPE (KilnLogsPage, kiln_logs_page, KILN, LOGS_PAGE, KilnWizardPage)

G_END_DECLS

#include "kiln-log-view.h"

G_BEGIN_DECLS
KilnLogView *kiln_logs_page_get_log_view (KilnLogsPage *self);
GListModel  *kiln_logs_page_get_problems (KilnLogsPage *self);
G_END_DECLS
