#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "kiln-distillery-config.h"
#include "kiln-migration-entry.h"

G_BEGIN_DECLS

/* Private to KilnMigration: turns the settings of one Distillery release and
 * environment into report entries, release options and files under rel/. */

typedef struct
{
  char     *key;
  char     *code;  /* Elixir source for mix.exs */
  JsonNode *term;  /* the same value, TERM-encoded (kiln-project.h) */
} KilnMigratedOption;

typedef struct
{
  KilnDistilleryConfig *config;
  const char           *project_dir;
  const char           *release;
  GListStore           *report;        /* KilnMigrationEntry */
  GPtrArray            *options;       /* KilnMigratedOption */
  GPtrArray            *changes;       /* KilnFileChange, paths relative to the project */
  GString              *env_sh;        /* lines for rel/env.sh.eex */
  GString              *vm_args;       /* lines for rel/vm.args.eex, NULL if none */
  GPtrArray            *provider_files; /* config files read by providers, relative to the release */
  JsonObject           *provider_setting;
  char                 *note;          /* appended to the messages of the setting being mapped */
} KilnMigrationMapping;

void  kiln_migration_mapping_init  (KilnMigrationMapping *mapping,
                                    KilnDistilleryConfig *config);
void  kiln_migration_mapping_clear (KilnMigrationMapping *mapping);
void  kiln_migration_mapping_run   (KilnMigrationMapping *mapping);
char *kiln_migration_mapping_dup_options_code (KilnMigrationMapping *mapping);
JsonArray *kiln_migration_mapping_dup_options_json (KilnMigrationMapping *mapping);

G_END_DECLS
