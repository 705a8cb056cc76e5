#define G_LOG_DOMAIN "kiln-project"

#include "config.h"

#include "kiln-project-release.h"

struct _KilnProjectRelease
{
  GObject    parent_instance;

  char      *name;
  JsonArray *options;
};

G_DEFINE_FINAL_TYPE (KilnProjectRelease, kiln_project_release, G_TYPE_OBJECT)

enum {
  RELEASE_PROP_0,
  RELEASE_PROP_NAME,
  RELEASE_PROP_OPTIONS,
  RELEASE_N_PROPS
};

static GParamSpec *release_properties[RELEASE_N_PROPS];

static void
kiln_project_release_finalize (GObject *object)
{
  KilnProjectRelease *self = KILN_PROJECT_RELEASE (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->options, json_array_unref);

  G_OBJECT_CLASS (kiln_project_release_parent_class)->finalize (object);
}

static void
kiln_project_release_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  KilnProjectRelease *self = KILN_PROJECT_RELEASE (object);

  switch (prop_id)
    {
    case RELEASE_PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case RELEASE_PROP_OPTIONS:
      g_value_set_boxed (value, self->options);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_project_release_class_init (KilnProjectReleaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kiln_project_release_finalize;
  object_class->get_property = kiln_project_release_get_property;

  release_properties[RELEASE_PROP_NAME] =
    g_param_spec_string ("name", NULL, "The release name in mix.exs", NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  release_properties[RELEASE_PROP_OPTIONS] =
    g_param_spec_boxed ("options", NULL, "The release options, in mix.exs order", JSON_TYPE_ARRAY,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, RELEASE_N_PROPS, release_properties);
}

static void
kiln_project_release_init (KilnProjectRelease *self)
{
}

KilnProjectRelease *
kiln_project_release_new (const char *name,
                          JsonArray  *options)
{
  KilnProjectRelease *self = g_object_new (KILN_TYPE_PROJECT_RELEASE, NULL);

  self->name = g_strdup (name);
  self->options = json_array_ref (options);

  return self;
}

const char *
kiln_project_release_get_name (KilnProjectRelease *self)
{
  g_return_val_if_fail (KILN_IS_PROJECT_RELEASE (self), NULL);

  return self->name;
}

JsonArray *
kiln_project_release_get_options (KilnProjectRelease *self)
{
  g_return_val_if_fail (KILN_IS_PROJECT_RELEASE (self), NULL);

  return self->options;
}

/* Returns the encoded value of the last option named @key (Keyword.get
 * semantics), or NULL when the release does not set it. */
JsonNode *
kiln_project_release_lookup_option (KilnProjectRelease *self,
                                    const char         *key)
{
  g_return_val_if_fail (KILN_IS_PROJECT_RELEASE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  for (guint i = json_array_get_length (self->options); i > 0; i--)
    {
      JsonObject *option = json_array_get_object_element (self->options, i - 1);

      if (g_strcmp0 (json_object_get_string_member (option, "key"), key) == 0)
        return json_object_get_member (option, "value");
    }

  return NULL;
}
