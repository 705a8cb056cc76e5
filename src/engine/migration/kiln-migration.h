#pragma once

#include <gio/gio.h>

#include "kiln-distillery-config.h"
#include "kiln-file-change.h"
#include "kiln-migration-entry.h"
#include "kiln-release-profile.h"
#include "kiln-toolchain.h"

G_BEGIN_DECLS

typedef enum
{
  KILN_MIGRATION_APPLY_NONE          = 0,
  KILN_MIGRATION_APPLY_RENAME_CONFIG = 1 << 0, /* rel/config.exs → rel/config.exs.distillery */
} KilnMigrationApplyFlags;

/* Moving a project from Distillery's rel/config.exs to `mix release`.
 * prepare() reads the config and works out everything (report, profile,
 * files under rel/, the releases: entry of mix.exs, and a diff for each)
 * without touching the project; apply() writes exactly those files, backing
 * up each one it replaces, and refuses if any changed since prepare(). */
#define KILN_TYPE_MIGRATION (kiln_migration_get_type ())
G_DECLARE_FINAL_TYPE (KilnMigration, kiln_migration, KILN, MIGRATION, GObject)

KilnMigration        *kiln_migration_new                 (const char               *project_dir);
const char           *kiln_migration_get_project_dir     (KilnMigration            *self);
gboolean              kiln_migration_prepare             (KilnMigration            *self,
                                                          KilnToolchain            *toolchain,
                                                          const char               *release,
                                                          const char               *environment,
                                                          GCancellable             *cancellable,
                                                          GError                  **error);
void                  kiln_migration_prepare_async       (KilnMigration            *self,
                                                          KilnToolchain            *toolchain,
                                                          const char               *release,
                                                          const char               *environment,
                                                          GCancellable             *cancellable,
                                                          GAsyncReadyCallback       callback,
                                                          gpointer                  user_data);
gboolean              kiln_migration_prepare_finish      (KilnMigration            *self,
                                                          GAsyncResult             *result,
                                                          GError                  **error);
KilnDistilleryConfig *kiln_migration_get_config          (KilnMigration            *self);
const char           *kiln_migration_get_release_name    (KilnMigration            *self);
const char           *kiln_migration_get_environment     (KilnMigration            *self);
const char           *kiln_migration_get_mix_env         (KilnMigration            *self);
GListModel           *kiln_migration_get_report          (KilnMigration            *self);
KilnMigrationEntry   *kiln_migration_find_entry          (KilnMigration            *self,
                                                          const char               *setting);
GListModel           *kiln_migration_get_changes         (KilnMigration            *self);
KilnReleaseProfile   *kiln_migration_get_profile         (KilnMigration            *self);
const char           *kiln_migration_get_release_options (KilnMigration            *self);
char                 *kiln_migration_dup_diff            (KilnMigration            *self);
/* The report and the changes with their diffs, as `kiln migrate --json`
 * prints them; after apply(), the changes it wrote and "applied": true. */
char                 *kiln_migration_to_json             (KilnMigration            *self);
gboolean              kiln_migration_apply               (KilnMigration            *self,
                                                          KilnMigrationApplyFlags   flags,
                                                          GError                  **error);
void                  kiln_migration_apply_async         (KilnMigration            *self,
                                                          KilnMigrationApplyFlags   flags,
                                                          GCancellable             *cancellable,
                                                          GAsyncReadyCallback       callback,
                                                          gpointer                  user_data);
gboolean              kiln_migration_apply_finish        (KilnMigration            *self,
                                                          GAsyncResult             *result,
                                                          GError                  **error);

G_END_DECLS
