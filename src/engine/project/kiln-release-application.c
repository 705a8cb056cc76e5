#define G_LOG_DOMAIN "kiln-project"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kiln-release-application.h"

struct _KilnReleaseApplication
{
  GObject parent_instance;

  char *name;
  KilnApplicationMode mode;
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_MODE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (KilnReleaseApplication, kiln_release_application, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

/* The one list of application modes: the nick is the Elixir atom and the
 * JSON spelling, the description what the mode does at run time. */
static const GEnumValue mode_values[] = {
  { KILN_APPLICATION_MODE_PERMANENT, "KILN_APPLICATION_MODE_PERMANENT", "permanent" },
  { KILN_APPLICATION_MODE_TRANSIENT, "KILN_APPLICATION_MODE_TRANSIENT", "transient" },
  { KILN_APPLICATION_MODE_TEMPORARY, "KILN_APPLICATION_MODE_TEMPORARY", "temporary" },
  { KILN_APPLICATION_MODE_LOAD, "KILN_APPLICATION_MODE_LOAD", "load" },
  { KILN_APPLICATION_MODE_NONE, "KILN_APPLICATION_MODE_NONE", "none" },
  { 0, NULL, NULL }
};

static const char * const mode_descriptions[] = {
  [KILN_APPLICATION_MODE_PERMANENT] = N_("When it stops, the whole node stops"),
  [KILN_APPLICATION_MODE_TRANSIENT] = N_("The node stops only if it crashes"),
  [KILN_APPLICATION_MODE_TEMPORARY] = N_("The node keeps running when it stops"),
  [KILN_APPLICATION_MODE_LOAD] = N_("Its code is loaded, but it is not started"),
  [KILN_APPLICATION_MODE_NONE] = N_("Left out of the boot: neither loaded nor started"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (mode_descriptions) == G_N_ELEMENTS (mode_values) - 1);

GType
kiln_application_mode_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    g_once_init_leave (&type_id, g_enum_register_static ("KilnApplicationMode", mode_values));

  return type_id;
}

const char *
kiln_application_mode_to_string (KilnApplicationMode mode)
{
  g_return_val_if_fail (mode <= KILN_APPLICATION_MODE_NONE, NULL);

  return mode_values[mode].value_nick;
}

gboolean
kiln_application_mode_from_string (const char          *name,
                                   KilnApplicationMode *mode)
{
  g_autoptr(GEnumClass) modes = NULL;
  GEnumValue *value;

  g_return_val_if_fail (mode != NULL, FALSE);

  if (name == NULL)
    return FALSE;

  modes = g_type_class_ref (KILN_TYPE_APPLICATION_MODE);
  if ((value = g_enum_get_value_by_nick (modes, name)) == NULL)
    return FALSE;

  *mode = value->value;
  return TRUE;
}

const char *
kiln_application_mode_get_description (KilnApplicationMode mode)
{
  g_return_val_if_fail (mode <= KILN_APPLICATION_MODE_NONE, NULL);

  return _(mode_descriptions[mode]);
}

/* "permanent, transient, temporary, load or none" for messages, each name
 * after @prefix (":" spells them as atoms). */
char *
kiln_application_mode_dup_choices (const char *prefix)
{
  g_autoptr(GString) head = g_string_new (NULL);
  g_autofree char *last = NULL;

  for (guint i = 0; i < KILN_APPLICATION_MODE_NONE; i++)
    g_string_append_printf (head, "%s%s%s", i > 0 ? ", " : "", prefix, mode_values[i].value_nick);
  last = g_strconcat (prefix, mode_values[KILN_APPLICATION_MODE_NONE].value_nick, NULL);

  /* TRANSLATORS: the end of a list of choices, as in "load or none". */
  return g_strdup_printf (_("%s or %s"), head->str, last);
}

static void
kiln_release_application_finalize (GObject *object)
{
  KilnReleaseApplication *self = (KilnReleaseApplication *)object;

  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (kiln_release_application_parent_class)->finalize (object);
}

static void
kiln_release_application_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  KilnReleaseApplication *self = KILN_RELEASE_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_release_application_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  KilnReleaseApplication *self = KILN_RELEASE_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_NAME:
      kiln_release_application_set_name (self, g_value_get_string (value));
      break;

    case PROP_MODE:
      kiln_release_application_set_mode (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_release_application_class_init (KilnReleaseApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kiln_release_application_finalize;
  object_class->get_property = kiln_release_application_get_property;
  object_class->set_property = kiln_release_application_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL,
                       KILN_TYPE_APPLICATION_MODE,
                       KILN_APPLICATION_MODE_PERMANENT,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiln_release_application_init (KilnReleaseApplication *self)
{
  self->mode = KILN_APPLICATION_MODE_PERMANENT;
}

KilnReleaseApplication *
kiln_release_application_new (const char          *name,
                              KilnApplicationMode  mode)
{
  return g_object_new (KILN_TYPE_RELEASE_APPLICATION,
                       "name", name,
                       "mode", mode,
                       NULL);
}

const char *
kiln_release_application_get_name (KilnReleaseApplication *self)
{
  g_return_val_if_fail (KILN_IS_RELEASE_APPLICATION (self), NULL);

  return self->name;
}

void
kiln_release_application_set_name (KilnReleaseApplication *self,
                                   const char             *name)
{
  g_return_if_fail (KILN_IS_RELEASE_APPLICATION (self));

  if (g_strcmp0 (self->name, name) == 0)
    return;

  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

KilnApplicationMode
kiln_release_application_get_mode (KilnReleaseApplication *self)
{
  g_return_val_if_fail (KILN_IS_RELEASE_APPLICATION (self), KILN_APPLICATION_MODE_PERMANENT);

  return self->mode;
}

void
kiln_release_application_set_mode (KilnReleaseApplication *self,
                                   KilnApplicationMode     mode)
{
  g_return_if_fail (KILN_IS_RELEASE_APPLICATION (self));

  if (self->mode == mode)
    return;

  self->mode = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}
