#define G_LOG_DOMAIN "kiln-migration"

#include "config.h"

#include "kiln-json-private.h"
#include "kiln-migration-private.h"

static void
add_entry_members (JsonBuilder *builder,
                   gpointer     item)
{
  KilnMigrationEntry *entry = item;

  kiln_json_builder_add_string (builder, "setting", kiln_migration_entry_get_setting (entry));
  kiln_json_builder_add_string (builder, "status", kiln_migration_status_to_string (kiln_migration_entry_get_status (entry)));
  kiln_json_builder_add_string (builder, "message", kiln_migration_entry_get_message (entry));
  kiln_json_builder_add_string (builder, "source", kiln_migration_entry_get_source (entry));
  kiln_json_builder_add_int (builder, "line", kiln_migration_entry_get_line (entry));
}

static void
add_change_members (JsonBuilder *builder,
                    gpointer     item)
{
  KilnFileChange *change = item;

  kiln_json_builder_add_string (builder, "path", kiln_file_change_get_path (change));
  kiln_json_builder_add_boolean (builder, "new", kiln_file_change_get_is_new (change));
  kiln_json_builder_add_boolean (builder, "directory", kiln_file_change_get_is_directory (change));
  kiln_json_builder_add_boolean (builder, "unchanged", kiln_file_change_get_is_unchanged (change));
  kiln_json_builder_add_string (builder, "diff", kiln_file_change_get_diff (change));
}

JsonNode *
kiln_migration_describe_changes (GListModel *changes)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  kiln_json_builder_add_objects (builder, NULL, changes, add_change_members);
  return json_builder_get_root (builder);
}

char *
kiln_migration_to_json (KilnMigration *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonNode *written;

  g_return_val_if_fail (KILN_IS_MIGRATION (self), NULL);

  written = kiln_migration_get_written_changes (self);

  json_builder_begin_object (builder);
  kiln_json_builder_add_string (builder, "release", kiln_migration_get_release_name (self));
  kiln_json_builder_add_string (builder, "environment", kiln_migration_get_environment (self));
  kiln_json_builder_add_string (builder, "release_options", kiln_migration_get_release_options (self));
  kiln_json_builder_add_boolean (builder, "applied", kiln_migration_get_applied (self));
  kiln_json_builder_add_objects (builder, "report", kiln_migration_get_report (self), add_entry_members);
  kiln_json_builder_add_node (builder, "files",
                              written != NULL ? json_node_copy (written)
                                              : kiln_migration_describe_changes (kiln_migration_get_changes (self)));
  json_builder_end_object (builder);

  return kiln_json_builder_dup_text (builder);
}
