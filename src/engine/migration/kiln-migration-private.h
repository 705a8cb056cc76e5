#pragma once

#include "kiln-migration.h"

G_BEGIN_DECLS

/* kiln-migration-json.c: the "files" member of kiln_migration_to_json(),
 * taken by apply() just before it writes, since written changes read as
 * unchanged afterwards. */
JsonNode *kiln_migration_describe_changes     (GListModel    *changes);
JsonNode *kiln_migration_get_written_changes  (KilnMigration *self);
gboolean  kiln_migration_get_applied          (KilnMigration *self);

G_END_DECLS
