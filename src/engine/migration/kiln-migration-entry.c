#define G_LOG_DOMAIN "kiln-migration"

#include "config.h"

#include "kiln-migration-entry.h"

struct _KilnMigrationEntry
{
  GObject              parent_instance;

  char                *setting;
  char                *message;
  char                *source;
  KilnMigrationStatus  status;
  guint                line;
};

G_DEFINE_FINAL_TYPE (KilnMigrationEntry, kiln_migration_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SETTING,
  PROP_STATUS,
  PROP_STATUS_NAME,
  PROP_MESSAGE,
  PROP_SOURCE,
  PROP_LINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
kiln_migration_status_to_string (KilnMigrationStatus status)
{
  switch (status)
    {
    case KILN_MIGRATION_STATUS_MAPPED:
      return "mapped";
    case KILN_MIGRATION_STATUS_CHANGED:
      return "changed";
    case KILN_MIGRATION_STATUS_NEEDS_ATTENTION:
      return "needs-attention";
    case KILN_MIGRATION_STATUS_NO_EQUIVALENT:
      return "no-equivalent";
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
kiln_migration_entry_finalize (GObject *object)
{
  KilnMigrationEntry *self = (KilnMigrationEntry *) object;

  g_clear_pointer (&self->setting, g_free);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->source, g_free);

  G_OBJECT_CLASS (kiln_migration_entry_parent_class)->finalize (object);
}

static void
kiln_migration_entry_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  KilnMigrationEntry *self = KILN_MIGRATION_ENTRY (object);

  switch (prop_id)
    {
    case PROP_SETTING:
      g_value_set_string (value, self->setting);
      break;
    case PROP_STATUS:
      g_value_set_uint (value, self->status);
      break;
    case PROP_STATUS_NAME:
      g_value_set_string (value, kiln_migration_status_to_string (self->status));
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_SOURCE:
      g_value_set_string (value, self->source);
      break;
    case PROP_LINE:
      g_value_set_uint (value, self->line);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_migration_entry_class_init (KilnMigrationEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kiln_migration_entry_finalize;
  object_class->get_property = kiln_migration_entry_get_property;

  properties[PROP_SETTING] =
    g_param_spec_string ("setting", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_uint ("status", NULL, NULL, 0, KILN_MIGRATION_STATUS_NO_EQUIVALENT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS_NAME] =
    g_param_spec_string ("status-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SOURCE] =
    g_param_spec_string ("source", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LINE] =
    g_param_spec_uint ("line", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiln_migration_entry_init (KilnMigrationEntry *self)
{
}

KilnMigrationEntry *
kiln_migration_entry_new (const char          *setting,
                          KilnMigrationStatus  status,
                          const char          *message)
{
  KilnMigrationEntry *self;

  g_return_val_if_fail (setting != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  self = g_object_new (KILN_TYPE_MIGRATION_ENTRY, NULL);
  self->setting = g_strdup (setting);
  self->status = status;
  self->message = g_strdup (message);

  return self;
}

const char *
kiln_migration_entry_get_setting (KilnMigrationEntry *self)
{
  g_return_val_if_fail (KILN_IS_MIGRATION_ENTRY (self), NULL);
  return self->setting;
}

KilnMigrationStatus
kiln_migration_entry_get_status (KilnMigrationEntry *self)
{
  g_return_val_if_fail (KILN_IS_MIGRATION_ENTRY (self), 0);
  return self->status;
}

const char *
kiln_migration_entry_get_message (KilnMigrationEntry *self)
{
  g_return_val_if_fail (KILN_IS_MIGRATION_ENTRY (self), NULL);
  return self->message;
}

const char *
kiln_migration_entry_get_source (KilnMigrationEntry *self)
{
  g_return_val_if_fail (KILN_IS_MIGRATION_ENTRY (self), NULL);
  return self->source;
}

void
kiln_migration_entry_set_source (KilnMigrationEntry *self,
                                 const char         *source)
{
  g_return_if_fail (KILN_IS_MIGRATION_ENTRY (self));

  if (g_strcmp0 (self->source, source) == 0)
    return;

  g_free (self->source);
  self->source = g_strdup (source);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

guint
kiln_migration_entry_get_line (KilnMigrationEntry *self)
{
  g_return_val_if_fail (KILN_IS_MIGRATION_ENTRY (self), 0);
  return self->line;
}

void
kiln_migration_entry_set_line (KilnMigrationEntry *self,
                               guint               line)
{
  g_return_if_fail (KILN_IS_MIGRATION_ENTRY (self));

  if (self->line == line)
    return;

  self->line = line;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINE]);
}
