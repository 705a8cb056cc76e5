#define G_LOG_DOMAIN "kiln-project"

#include "config.h"

#include "kiln-environment-variable.h"

struct _KilnEnvironmentVariable
{
  GObject   parent_instance;

  char     *name;
  char     *value;
  gboolean  secret;
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_VALUE,
  PROP_SECRET,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (KilnEnvironmentVariable, kiln_environment_variable, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
kiln_environment_variable_finalize (GObject *object)
{
  KilnEnvironmentVariable *self = KILN_ENVIRONMENT_VARIABLE (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->value, g_free);

  G_OBJECT_CLASS (kiln_environment_variable_parent_class)->finalize (object);
}

static void
kiln_environment_variable_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  KilnEnvironmentVariable *self = KILN_ENVIRONMENT_VARIABLE (object);

  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_VALUE: g_value_set_string (value, self->value); break;
    case PROP_SECRET: g_value_set_boolean (value, self->secret); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_environment_variable_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  KilnEnvironmentVariable *self = KILN_ENVIRONMENT_VARIABLE (object);

  switch (prop_id)
    {
    case PROP_NAME: kiln_environment_variable_set_name (self, g_value_get_string (value)); break;
    case PROP_VALUE: kiln_environment_variable_set_value (self, g_value_get_string (value)); break;
    case PROP_SECRET: kiln_environment_variable_set_secret (self, g_value_get_boolean (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_environment_variable_class_init (KilnEnvironmentVariableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kiln_environment_variable_finalize;
  object_class->get_property = kiln_environment_variable_get_property;
  object_class->set_property = kiln_environment_variable_set_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, "", flags);
  properties[PROP_VALUE] = g_param_spec_string ("value", NULL, NULL, "", flags);
  properties[PROP_SECRET] = g_param_spec_boolean ("secret", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiln_environment_variable_init (KilnEnvironmentVariable *self)
{
  self->name = g_strdup ("");
  self->value = g_strdup ("");
}

KilnEnvironmentVariable *
kiln_environment_variable_new (const char *name,
                               const char *value,
                               gboolean    secret)
{
  return g_object_new (KILN_TYPE_ENVIRONMENT_VARIABLE,
                       "name", name ? name : "",
                       "value", value ? value : "",
                       "secret", secret,
                       NULL);
}

const char *
kiln_environment_variable_get_name (KilnEnvironmentVariable *self)
{
  g_return_val_if_fail (KILN_IS_ENVIRONMENT_VARIABLE (self), NULL);

  return self->name;
}

static void
set_string (KilnEnvironmentVariable  *self,
            char                    **field,
            const char               *text,
            guint                     prop_id)
{
  if (g_strcmp0 (*field, text ? text : "") == 0)
    return;

  g_free (*field);
  *field = g_strdup (text ? text : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

void
kiln_environment_variable_set_name (KilnEnvironmentVariable *self,
                                    const char              *name)
{
  g_return_if_fail (KILN_IS_ENVIRONMENT_VARIABLE (self));

  set_string (self, &self->name, name, PROP_NAME);
}

const char *
kiln_environment_variable_get_value (KilnEnvironmentVariable *self)
{
  g_return_val_if_fail (KILN_IS_ENVIRONMENT_VARIABLE (self), NULL);

  return self->value;
}

void
kiln_environment_variable_set_value (KilnEnvironmentVariable *self,
                                     const char              *value)
{
  g_return_if_fail (KILN_IS_ENVIRONMENT_VARIABLE (self));

  set_string (self, &self->value, value, PROP_VALUE);
}

gboolean
kiln_environment_variable_get_secret (KilnEnvironmentVariable *self)
{
  g_return_val_if_fail (KILN_IS_ENVIRONMENT_VARIABLE (self), FALSE);

  return self->secret;
}

void
kiln_environment_variable_set_secret (KilnEnvironmentVariable *self,
                                      gboolean                 secret)
{
  g_return_if_fail (KILN_IS_ENVIRONMENT_VARIABLE (self));

  if (self->secret == !!secret)
    return;

  self->secret = !!secret;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECRET]);
}

const char *
kiln_environment_variable_get_display_value (KilnEnvironmentVariable *self)
{
  g_return_val_if_fail (KILN_IS_ENVIRONMENT_VARIABLE (self), NULL);

  return self->secret ? "••••••••" : self->value;
}

gboolean
kiln_environment_variable_name_is_valid (const char *name)
{
  if (name == NULL || !(g_ascii_isalpha (*name) || *name == '_'))
    return FALSE;

  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;

  return TRUE;
}
