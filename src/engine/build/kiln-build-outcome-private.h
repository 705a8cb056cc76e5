#pragma once

#include <gio/gio.h>

#include "kiln-build-plan.h"
#include "kiln-build-record.h"
#include "kiln-log-model.h"

G_BEGIN_DECLS

/* What a build leaves behind: its record (with its log) in the history. */
void     kiln_build_outcome_record       (KilnBuildRecord      *record,
                                          GListModel           *steps,
                                          GListModel           *artifacts,
                                          const GError         *error);
void     kiln_build_outcome_begin_async  (KilnBuildRecord      *record,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean kiln_build_outcome_begin_finish (GAsyncResult         *result,
                                          GError              **error);
void     kiln_build_outcome_save_async   (KilnBuildRecord      *record,
                                          KilnLogModel         *log,
                                          KilnBuildPlan        *plan,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
void     kiln_build_outcome_save_finish  (GAsyncResult         *result);

G_END_DECLS
