#pragma once

#include "kiln-wizard-page.h"

G_BEGIN_DECLS

/* "Migrate from Distillery": shows what moving rel/config.exs to mix release
 * would change (report and diffs) and writes it only on Apply Migration. */
#define KILN_TYPE_MIGRATE_PAGE (kiln_migrate_page_get_type ())
G_DECLARE_FINAL_TYPE (KilnMigratePage, kiln_migrate_page, KILN, MIGRATE_PAGE, KilnWizardPage)

KilnMigration *kiln_migrate_page_get_migration     (KilnMigratePage *self);
gboolean       kiln_migrate_page_get_busy          (KilnMigratePage *self);
gboolean       kiln_migrate_page_get_applied       (KilnMigratePage *self);
const char    *kiln_migrate_page_get_state         (KilnMigratePage *self);
const char    *kiln_migrate_page_get_apply_error   (KilnMigratePage *self);
char          *kiln_migrate_page_dup_shown_diff    (KilnMigratePage *self);
GtkWidget     *kiln_migrate_page_get_rename_switch (KilnMigratePage *self);

G_END_DECLS
