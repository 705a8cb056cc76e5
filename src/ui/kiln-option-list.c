#define G_LOG_DOMAIN "kiln-ui"

#include "config.h"

#include "kiln-option-list.h"

typedef struct
{
  const KilnOptionSpec *spec;
  GtkWidget            *row;
  GtkWidget            *control;
  GBinding             *value_binding;
  GBinding             *shown_binding;
} Option;

struct _KilnOptionList
{
  AdwPreferencesGroup  parent_instance;

  KilnReleaseProfile  *profile;
  KilnOptionSection    section;
  GArray              *options;
};

G_DEFINE_FINAL_TYPE (KilnOptionList, kiln_option_list, ADW_TYPE_PREFERENCES_GROUP)

enum {
  PROP_0,
  PROP_PROFILE,
  PROP_SECTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
unbind (GBinding **binding)
{
  if (*binding == NULL)
    return;

  g_binding_unbind (*binding);
  g_clear_object (binding);
}

static void
option_unbind (Option *option)
{
  unbind (&option->value_binding);
  unbind (&option->shown_binding);
}

static void
option_bind (Option             *option,
             KilnReleaseProfile *profile)
{
  GBinding *shown = kiln_option_spec_bind_shown (option->spec, profile, option->row);

  /* The extra references let unbind() work after either side is gone. */
  option->value_binding = g_object_ref (kiln_option_spec_bind (option->spec, profile, option->control));
  option->shown_binding = shown != NULL ? g_object_ref (shown) : NULL;
}

static Option *
lookup_option (KilnOptionList *self,
               const char     *property)
{
  for (guint i = 0; property != NULL && i < self->options->len; i++)
    {
      Option *option = &g_array_index (self->options, Option, i);

      if (g_str_equal (kiln_option_spec_get_property (option->spec), property))
        return option;
    }

  return NULL;
}

void
kiln_option_list_clear_problems (KilnOptionList *self)
{
  g_return_if_fail (KILN_IS_OPTION_LIST (self));

  for (guint i = 0; i < self->options->len; i++)
    {
      Option *option = &g_array_index (self->options, Option, i);

      kiln_option_row_clear_problem (option->row, kiln_option_spec_get_explanation (option->spec));
    }
}

/* Returns FALSE when no visible row shows @property, so that the caller can
 * show the message elsewhere. */
gboolean
kiln_option_list_mark_problem (KilnOptionList *self,
                               const char     *property,
                               const char     *message)
{
  Option *option;

  g_return_val_if_fail (KILN_IS_OPTION_LIST (self), FALSE);

  option = lookup_option (self, property);
  if (option == NULL || !gtk_widget_get_visible (option->row))
    return FALSE;

  kiln_option_row_show_problem (option->row, message);
  return TRUE;
}

GtkWidget *
kiln_option_list_get_row (KilnOptionList *self,
                          const char     *property)
{
  Option *option;

  g_return_val_if_fail (KILN_IS_OPTION_LIST (self), NULL);

  option = lookup_option (self, property);
  return option != NULL ? option->row : NULL;
}

GtkWidget *
kiln_option_list_get_control (KilnOptionList *self,
                              const char     *property)
{
  Option *option;

  g_return_val_if_fail (KILN_IS_OPTION_LIST (self), NULL);

  option = lookup_option (self, property);
  return option != NULL ? option->control : NULL;
}

KilnReleaseProfile *
kiln_option_list_get_profile (KilnOptionList *self)
{
  g_return_val_if_fail (KILN_IS_OPTION_LIST (self), NULL);

  return self->profile;
}

void
kiln_option_list_set_profile (KilnOptionList     *self,
                              KilnReleaseProfile *profile)
{
  g_return_if_fail (KILN_IS_OPTION_LIST (self));
  g_return_if_fail (profile == NULL || KILN_IS_RELEASE_PROFILE (profile));

  if (self->profile == profile)
    return;

  for (guint i = 0; i < self->options->len; i++)
    option_unbind (&g_array_index (self->options, Option, i));

  g_set_object (&self->profile, profile);

  for (guint i = 0; profile != NULL && i < self->options->len; i++)
    option_bind (&g_array_index (self->options, Option, i), profile);

  gtk_widget_set_sensitive (GTK_WIDGET (self), profile != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
}

/* GObject */

static void
kiln_option_list_constructed (GObject *object)
{
  KilnOptionList *self = (KilnOptionList *)object;

  G_OBJECT_CLASS (kiln_option_list_parent_class)->constructed (object);

  for (guint i = 0; kiln_option_spec_get (i) != NULL; i++)
    {
      Option option = { kiln_option_spec_get (i) };

      if (kiln_option_spec_get_section (option.spec) != self->section)
        continue;

      option.row = kiln_option_spec_new_row (option.spec, &option.control);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), option.row);
      g_array_append_val (self->options, option);
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
}

static void
kiln_option_list_dispose (GObject *object)
{
  KilnOptionList *self = (KilnOptionList *)object;

  for (guint i = 0; i < self->options->len; i++)
    option_unbind (&g_array_index (self->options, Option, i));
  g_clear_object (&self->profile);

  G_OBJECT_CLASS (kiln_option_list_parent_class)->dispose (object);
}

static void
kiln_option_list_finalize (GObject *object)
{
  KilnOptionList *self = (KilnOptionList *)object;

  g_clear_pointer (&self->options, g_array_unref);

  G_OBJECT_CLASS (kiln_option_list_parent_class)->finalize (object);
}

static void
kiln_option_list_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KilnOptionList *self = KILN_OPTION_LIST (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      g_value_set_object (value, self->profile);
      break;
    case PROP_SECTION:
      g_value_set_enum (value, self->section);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_option_list_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  KilnOptionList *self = KILN_OPTION_LIST (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      kiln_option_list_set_profile (self, g_value_get_object (value));
      break;
    case PROP_SECTION:
      self->section = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_option_list_class_init (KilnOptionListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = kiln_option_list_constructed;
  object_class->dispose = kiln_option_list_dispose;
  object_class->finalize = kiln_option_list_finalize;
  object_class->get_property = kiln_option_list_get_property;
  object_class->set_property = kiln_option_list_set_property;

  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL, KILN_TYPE_RELEASE_PROFILE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECTION] =
    g_param_spec_enum ("section", NULL, NULL, KILN_TYPE_OPTION_SECTION, KILN_OPTION_SECTION_BASIC,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiln_option_list_init (KilnOptionList *self)
{
  self->options = g_array_new (FALSE, TRUE, sizeof (Option));
}
