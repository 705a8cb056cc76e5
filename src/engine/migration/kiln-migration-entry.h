#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  KILN_MIGRATION_STATUS_MAPPED,          /* same behaviour under mix release */
  KILN_MIGRATION_STATUS_CHANGED,         /* carried over in a different form */
  KILN_MIGRATION_STATUS_NEEDS_ATTENTION, /* the user must finish or check it */
  KILN_MIGRATION_STATUS_NO_EQUIVALENT,   /* mix release has nothing like it */
} KilnMigrationStatus;

const char *kiln_migration_status_to_string (KilnMigrationStatus status);

/* One row of a migration report: a Distillery setting and what Kiln did. */
#define KILN_TYPE_MIGRATION_ENTRY (kiln_migration_entry_get_type ())
G_DECLARE_FINAL_TYPE (KilnMigrationEntry, kiln_migration_entry, KILN, MIGRATION_ENTRY, GObject)

KilnMigrationEntry  *kiln_migration_entry_new         (const char         *setting,
                                                       KilnMigrationStatus status,
                                                       const char         *message);
const char          *kiln_migration_entry_get_setting (KilnMigrationEntry *self);
KilnMigrationStatus  kiln_migration_entry_get_status  (KilnMigrationEntry *self);
const char          *kiln_migration_entry_get_message (KilnMigrationEntry *self);
const char          *kiln_migration_entry_get_source  (KilnMigrationEntry *self);
void                 kiln_migration_entry_set_source  (KilnMigrationEntry *self,
                                                       const char         *source);
guint                kiln_migration_entry_get_line    (KilnMigrationEntry *self);
void                 kiln_migration_entry_set_line    (KilnMigrationEntry *self,
                                                       guint               line);

G_END_DECLS
