#define G_LOG_DOMAIN "kiln-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kiln-option-list.h"
#include "kiln-release-options.h"

struct _KilnReleaseOptions
{
  GtkWidget            parent_instance;

  KilnReleaseProfile  *profile;
  GHashTable          *extra_rows;

  KilnOptionList      *advanced_list;
  AdwPreferencesGroup *extras_group;
  GtkListBox          *extras_list;
};

G_DEFINE_FINAL_TYPE (KilnReleaseOptions, kiln_release_options, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PROFILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Options Kiln does not model are shown read-only, their code as subtitle. */
static void
load_extras (KilnReleaseOptions *self)
{
  const char * const *keys = kiln_release_profile_get_extra_option_keys (self->profile);
  GtkWidget *child;

  g_hash_table_remove_all (self->extra_rows);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->extras_list))) != NULL)
    gtk_list_box_remove (self->extras_list, child);

  for (guint i = 0; keys[i] != NULL; i++)
    {
      const char *code = kiln_release_profile_get_extra_option (self->profile, keys[i]);
      g_autofree char *title = g_strdup_printf ("%s:", keys[i]);
      g_autofree char *explanation = g_strstrip (g_strdup (code ? code : ""));
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), explanation);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
      gtk_widget_add_css_class (row, "monospace");
      g_object_set_data_full (G_OBJECT (row), "explanation", g_steal_pointer (&explanation), g_free);
      g_hash_table_insert (self->extra_rows, g_strdup (keys[i]), row);
      gtk_list_box_append (self->extras_list, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->extras_group), keys[0] != NULL);
}

void
kiln_release_options_clear_problems (KilnReleaseOptions *self)
{
  GHashTableIter iter;
  gpointer row;

  g_return_if_fail (KILN_IS_RELEASE_OPTIONS (self));

  kiln_option_list_clear_problems (self->advanced_list);

  g_hash_table_iter_init (&iter, self->extra_rows);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    kiln_option_row_clear_problem (row, g_object_get_data (row, "explanation"));
}

/* The engine names the offending kept option in quotes. */
static GtkWidget *
lookup_extra_row (KilnReleaseOptions *self,
                  const char         *message)
{
  GHashTableIter iter;
  gpointer key, row;

  g_hash_table_iter_init (&iter, self->extra_rows);
  while (g_hash_table_iter_next (&iter, &key, &row))
    {
      g_autofree char *quoted = g_strdup_printf ("“%s”", (const char *) key);

      if (strstr (message, quoted) != NULL)
        return row;
    }

  return NULL;
}

/* Returns FALSE when no visible row shows @field, so the caller can show
 * the message elsewhere. */
gboolean
kiln_release_options_mark_problem (KilnReleaseOptions *self,
                                   const char         *field,
                                   const char         *message)
{
  GtkWidget *row;

  g_return_val_if_fail (KILN_IS_RELEASE_OPTIONS (self), FALSE);

  if (g_strcmp0 (field, "extra-options") != 0)
    return kiln_option_list_mark_problem (self->advanced_list, field, message);

  row = lookup_extra_row (self, message);
  if (row == NULL)
    return FALSE;

  kiln_option_row_show_problem (row, message);
  return TRUE;
}

static void
on_extra_options_changed (KilnReleaseOptions *self)
{
  load_extras (self);
}

KilnReleaseProfile *
kiln_release_options_get_profile (KilnReleaseOptions *self)
{
  g_return_val_if_fail (KILN_IS_RELEASE_OPTIONS (self), NULL);
  return self->profile;
}

void
kiln_release_options_set_profile (KilnReleaseOptions *self,
                                  KilnReleaseProfile *profile)
{
  g_return_if_fail (KILN_IS_RELEASE_OPTIONS (self));
  g_return_if_fail (profile == NULL || KILN_IS_RELEASE_PROFILE (profile));

  if (self->profile == profile)
    return;

  if (self->profile != NULL)
    g_signal_handlers_disconnect_by_data (self->profile, self);
  g_set_object (&self->profile, profile);
  kiln_option_list_set_profile (self->advanced_list, profile);

  if (profile != NULL)
    {
      g_signal_connect_swapped (profile, "notify::extra-options", G_CALLBACK (on_extra_options_changed), self);
      load_extras (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
}

GtkWidget *
kiln_release_options_get_widget (KilnReleaseOptions *self,
                                 const char         *field)
{
  g_return_val_if_fail (KILN_IS_RELEASE_OPTIONS (self), NULL);
  return kiln_option_list_get_control (self->advanced_list, field);
}

GtkWidget *
kiln_release_options_get_row (KilnReleaseOptions *self,
                              const char         *field)
{
  g_return_val_if_fail (KILN_IS_RELEASE_OPTIONS (self), NULL);

  /* "extra:KEY" is the read-only row of a kept mix.exs option. */
  if (g_str_has_prefix (field, "extra:"))
    return g_hash_table_lookup (self->extra_rows, field + strlen ("extra:"));
  return kiln_option_list_get_row (self->advanced_list, field);
}

GtkWidget *
kiln_release_options_new (void)
{
  return g_object_new (KILN_TYPE_RELEASE_OPTIONS, NULL);
}

static void
kiln_release_options_dispose (GObject *object)
{
  KilnReleaseOptions *self = (KilnReleaseOptions *)object;
  GtkWidget *child;

  if (self->profile != NULL)
    g_signal_handlers_disconnect_by_data (self->profile, self);
  g_clear_object (&self->profile);
  g_clear_pointer (&self->extra_rows, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), KILN_TYPE_RELEASE_OPTIONS);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (kiln_release_options_parent_class)->dispose (object);
}

static void
kiln_release_options_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  KilnReleaseOptions *self = KILN_RELEASE_OPTIONS (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      g_value_set_object (value, self->profile);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_release_options_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  KilnReleaseOptions *self = KILN_RELEASE_OPTIONS (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      kiln_release_options_set_profile (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_release_options_class_init (KilnReleaseOptionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiln_release_options_dispose;
  object_class->get_property = kiln_release_options_get_property;
  object_class->set_property = kiln_release_options_set_property;

  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL, KILN_TYPE_RELEASE_PROFILE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KILN_TYPE_OPTION_LIST);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kilnapp/Kiln/kiln-release-options.ui");
  gtk_widget_class_bind_template_child (widget_class, KilnReleaseOptions, advanced_list);
  gtk_widget_class_bind_template_child (widget_class, KilnReleaseOptions, extras_group);
  gtk_widget_class_bind_template_child (widget_class, KilnReleaseOptions, extras_list);
}

static void
kiln_release_options_init (KilnReleaseOptions *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->extra_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}
