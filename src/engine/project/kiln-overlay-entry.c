#define G_LOG_DOMAIN "kiln-project"

#include "config.h"

#include "kiln-overlay-entry.h"

struct _KilnOverlayEntry
{
  GObject parent_instance;

  char *source;
  char *destination;
};

enum {
  PROP_0,
  PROP_SOURCE,
  PROP_DESTINATION,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (KilnOverlayEntry, kiln_overlay_entry, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
kiln_overlay_entry_finalize (GObject *object)
{
  KilnOverlayEntry *self = (KilnOverlayEntry *)object;

  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->destination, g_free);

  G_OBJECT_CLASS (kiln_overlay_entry_parent_class)->finalize (object);
}

static void
kiln_overlay_entry_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  KilnOverlayEntry *self = KILN_OVERLAY_ENTRY (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_string (value, self->source);
      break;

    case PROP_DESTINATION:
      g_value_set_string (value, self->destination);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_overlay_entry_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  KilnOverlayEntry *self = KILN_OVERLAY_ENTRY (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      kiln_overlay_entry_set_source (self, g_value_get_string (value));
      break;

    case PROP_DESTINATION:
      kiln_overlay_entry_set_destination (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_overlay_entry_class_init (KilnOverlayEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kiln_overlay_entry_finalize;
  object_class->get_property = kiln_overlay_entry_get_property;
  object_class->set_property = kiln_overlay_entry_set_property;

  /* A file or folder, absolute or relative to the project. */
  properties[PROP_SOURCE] =
    g_param_spec_string ("source", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Relative to the release root. */
  properties[PROP_DESTINATION] =
    g_param_spec_string ("destination", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiln_overlay_entry_init (KilnOverlayEntry *self)
{
}

KilnOverlayEntry *
kiln_overlay_entry_new (const char *source,
                        const char *destination)
{
  return g_object_new (KILN_TYPE_OVERLAY_ENTRY,
                       "source", source,
                       "destination", destination,
                       NULL);
}

/* An entry for a file or folder the user picked, placed where such things
 * usually go: scripts next to the start script, the rest at the top. */
KilnOverlayEntry *
kiln_overlay_entry_new_for_source (const char *source)
{
  g_autofree char *basename = NULL;
  g_autofree char *destination = NULL;

  g_return_val_if_fail (source != NULL, NULL);

  basename = g_path_get_basename (source);
  if (g_file_test (source, G_FILE_TEST_IS_EXECUTABLE) && !g_file_test (source, G_FILE_TEST_IS_DIR))
    destination = g_build_filename ("bin", basename, NULL);
  else
    destination = g_steal_pointer (&basename);

  return kiln_overlay_entry_new (source, destination);
}

const char *
kiln_overlay_entry_get_source (KilnOverlayEntry *self)
{
  g_return_val_if_fail (KILN_IS_OVERLAY_ENTRY (self), NULL);

  return self->source;
}

void
kiln_overlay_entry_set_source (KilnOverlayEntry *self,
                               const char       *source)
{
  g_return_if_fail (KILN_IS_OVERLAY_ENTRY (self));

  if (g_strcmp0 (self->source, source) == 0)
    return;

  g_free (self->source);
  self->source = g_strdup (source);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

const char *
kiln_overlay_entry_get_destination (KilnOverlayEntry *self)
{
  g_return_val_if_fail (KILN_IS_OVERLAY_ENTRY (self), NULL);

  return self->destination;
}

void
kiln_overlay_entry_set_destination (KilnOverlayEntry *self,
                                    const char       *destination)
{
  g_return_if_fail (KILN_IS_OVERLAY_ENTRY (self));

  if (g_strcmp0 (self->destination, destination) == 0)
    return;

  g_free (self->destination);
  self->destination = g_strdup (destination);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESTINATION]);
}
