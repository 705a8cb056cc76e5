#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "kiln-distillery-config.h"
#include "kiln-file-change.h"
#include "kiln-migration-entry.h"
#include "kiln-toolchain.h"

G_BEGIN_DECLS

/* Private to KilnMigration: turns the settings of one Distillery release and
 * environment into report entries, release options and files under rel/. */

typedef struct
{
  char     *key;
  JsonNode *term;  /* kiln-elixir-term.h; mix.exs gets kiln_elixir_quote_term() of it */
} KilnMigratedOption;

typedef struct
{
  KilnDistilleryConfig *config;
  const char           *project_dir;
  const char           *release;       /* the Distillery name, to look settings up */
  char                 *name;          /* the mix release name (release, made valid) */
  gboolean              cookie_in_profile; /* the cookie setting gave mix.exs a cookie: */
  GPtrArray            *cookie_env_vars;   /* variables the cookie setting read, if any */
  GListStore           *report;        /* KilnMigrationEntry */
  GPtrArray            *options;       /* KilnMigratedOption */
  GPtrArray            *changes;       /* KilnFileChange, paths relative to the project */
  GString              *env_sh;        /* lines for rel/env.sh.eex */
  GString              *vm_args;       /* lines for rel/vm.args.eex, NULL if none */
  GPtrArray            *provider_files; /* config files read by providers, relative to the release */
  JsonObject           *provider_setting;
  char                 *note;          /* appended to the messages of the setting being mapped */
} KilnMigrationMapping;

/* The driver and report (kiln-distillery-mapping.c) calls one of these per
 * setting: settings that become release options (kiln-distillery-options.c)
 * or files under rel/ (kiln-distillery-files.c). */
typedef void (*KilnMappingFunc) (KilnMigrationMapping *m,
                                 const char           *key,
                                 JsonObject           *setting);

KilnMigrationEntry *kiln_mapping_report          (KilnMigrationMapping  *m,
                                                  const char            *setting_name,
                                                  KilnMigrationStatus    status,
                                                  JsonObject            *setting,
                                                  const char            *format,
                                                  ...) G_GNUC_PRINTF (5, 6);
/* Takes @term. */
void                kiln_mapping_add_option      (KilnMigrationMapping  *m,
                                                  const char            *key,
                                                  JsonNode              *term);
void                kiln_mapping_add_file        (KilnMigrationMapping  *m,
                                                  const char            *relative_path,
                                                  const char            *contents,
                                                  gsize                  length,
                                                  gboolean               executable);
KilnFileChange     *kiln_mapping_find_change     (KilnMigrationMapping  *m,
                                                  const char            *relative_path);
gboolean            kiln_mapping_copy_into_changes (KilnMigrationMapping *m,
                                                  const char            *source_abs,
                                                  const char            *dest_rel,
                                                  guint                 *n_files,
                                                  GError               **error);
gboolean            kiln_mapping_is_safe_relative_path (const char      *path);
char               *kiln_mapping_overlay_path    (const char            *destination);
void kiln_mapping_map_version           (KilnMigrationMapping *m, const char *key, JsonObject *setting);
void kiln_mapping_map_applications      (KilnMigrationMapping *m, const char *key, JsonObject *setting);
void kiln_mapping_map_include_erts      (KilnMigrationMapping *m, const char *key, JsonObject *setting);
void kiln_mapping_map_strip_debug_info  (KilnMigrationMapping *m, const char *key, JsonObject *setting);
void kiln_mapping_map_cookie            (KilnMigrationMapping *m, const char *key, JsonObject *setting);
void kiln_mapping_map_output_dir        (KilnMigrationMapping *m, const char *key, JsonObject *setting);
void kiln_mapping_map_config_providers  (KilnMigrationMapping *m, const char *key, JsonObject *setting);
void kiln_mapping_map_erl_opts          (KilnMigrationMapping *m, const char *key, JsonObject *setting);
void kiln_mapping_map_vm_args           (KilnMigrationMapping *m, const char *key, JsonObject *setting);
void kiln_mapping_map_overlays          (KilnMigrationMapping *m, const char *key, JsonObject *setting);
void kiln_mapping_map_hooks             (KilnMigrationMapping *m, const char *key, JsonObject *setting);
void kiln_mapping_map_commands          (KilnMigrationMapping *m, const char *key, JsonObject *setting);
void kiln_mapping_map_plugins          (KilnMigrationMapping *m, JsonArray *plugins, JsonArray *errors);
void kiln_mapping_check_scripts        (KilnMigrationMapping *m);
gboolean kiln_mapping_check_templates   (KilnMigrationMapping *m, KilnToolchain *toolchain, GPtrArray *changes,
                                         GCancellable *cancellable, GError **error);
char *kiln_mapping_dup_valid_name       (const char *name);
char *kiln_mapping_dup_os_var_name      (const char *value);
char *kiln_mapping_dup_project_path     (KilnMigrationMapping *m, const char *path);
void  kiln_mapping_cookie_from_variable (KilnMigrationMapping *m, const char *variable);
void kiln_mapping_convert_provider_file (KilnMigrationMapping *m, const char *relative, JsonObject *setting);

void  kiln_migration_mapping_init  (KilnMigrationMapping *mapping,
                                    KilnDistilleryConfig *config);
void  kiln_migration_mapping_clear (KilnMigrationMapping *mapping);
void  kiln_migration_mapping_run   (KilnMigrationMapping *mapping);
gboolean kiln_migration_mapping_collect_changes (KilnMigrationMapping  *mapping,
                                                 GPtrArray             *changes,
                                                 GError               **error);
char *kiln_migration_mapping_dup_options_code (KilnMigrationMapping *mapping);
JsonArray *kiln_migration_mapping_dup_options_json (KilnMigrationMapping *mapping);

G_END_DECLS
