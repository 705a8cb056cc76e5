#define G_LOG_DOMAIN "kiln-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "kiln-environment-editor.h"

struct _KilnEnvironmentEditor
{
  AdwPreferencesGroup  parent_instance;

  KilnReleaseProfile  *profile;
  KilnPhoenix         *phoenix;
  GtkWidget           *phoenix_row;
  GtkWidget           *assets_row;
  GtkWidget           *add_row;
  GtkWidget           *secret_check;
  GPtrArray           *variable_rows;
  GBinding            *phoenix_binding;
  GBinding            *assets_binding;
};

G_DEFINE_FINAL_TYPE (KilnEnvironmentEditor, kiln_environment_editor, ADW_TYPE_PREFERENCES_GROUP)

static void
update_description (KilnEnvironmentEditor *self)
{
  g_autoptr(GString) text = g_string_new (_("Verify and Run Release start the release with these variables. "
                                            "Values marked secret are never logged or recorded."));
  const char * const *reads = self->phoenix ? kiln_phoenix_get_runtime_env (self->phoenix) : NULL;

  if (reads != NULL && reads[0] != NULL)
    {
      g_autofree char *names = g_strjoinv (", ", (char **) reads);

      g_string_append_c (text, ' ');
      g_string_append_printf (text, _("config/runtime.exs reads %s."), names);
    }

  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self), text->str);
}

static void
remove_clicked (GtkButton             *button,
                KilnEnvironmentEditor *self)
{
  KilnEnvironmentVariable *variable = g_object_get_data (G_OBJECT (button), "variable");
  GListStore *store = kiln_release_profile_get_environment_store (self->profile);
  guint position;

  if (g_list_store_find (store, variable, &position))
    g_list_store_remove (store, position);
}

static GtkWidget *
create_variable_row (KilnEnvironmentEditor   *self,
                     KilnEnvironmentVariable *variable)
{
  GtkWidget *row = kiln_environment_variable_get_secret (variable) ? adw_password_entry_row_new ()
                                                                   : adw_entry_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kiln_environment_variable_get_name (variable));
  g_object_bind_property (variable, "value", row, "text", G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove Variable"));
  gtk_widget_add_css_class (remove, "flat");
  g_object_set_data_full (G_OBJECT (remove), "variable", g_object_ref (variable), g_object_unref);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked), self);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), remove);

  return row;
}

static void
reload_rows (KilnEnvironmentEditor *self)
{
  GListModel *environment = self->profile ? kiln_release_profile_get_environment (self->profile) : NULL;

  for (guint i = 0; i < self->variable_rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), g_ptr_array_index (self->variable_rows, i));
  g_ptr_array_set_size (self->variable_rows, 0);

  /* The new-variable row stays last. */
  adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), self->add_row);
  for (guint i = 0; environment != NULL && i < g_list_model_get_n_items (environment); i++)
    {
      g_autoptr(KilnEnvironmentVariable) variable = g_list_model_get_item (environment, i);
      GtkWidget *row = create_variable_row (self, variable);

      g_ptr_array_add (self->variable_rows, row);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), self->add_row);
}

static void
add_applied (AdwEntryRow           *row,
             KilnEnvironmentEditor *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  g_autoptr(KilnEnvironmentVariable) variable = NULL;

  /* Only names a shell could set; the row keeps the text to fix. */
  if (self->profile == NULL || !kiln_environment_variable_name_is_valid (name))
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");

  variable = kiln_environment_variable_new (name, "",
                                            gtk_check_button_get_active (GTK_CHECK_BUTTON (self->secret_check)));
  g_list_store_append (kiln_release_profile_get_environment_store (self->profile), variable);
  gtk_editable_set_text (GTK_EDITABLE (row), "");
}

static GtkWidget *
new_switch_row (KilnEnvironmentEditor *self,
                const char            *title,
                const char            *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  g_object_set_data (G_OBJECT (row), "switch", toggle);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);

  return row;
}

static void
kiln_environment_editor_dispose (GObject *object)
{
  KilnEnvironmentEditor *self = KILN_ENVIRONMENT_EDITOR (object);

  g_clear_pointer (&self->phoenix_binding, g_binding_unbind);
  g_clear_pointer (&self->assets_binding, g_binding_unbind);
  if (self->profile != NULL)
    g_signal_handlers_disconnect_by_data (kiln_release_profile_get_environment (self->profile), self);
  g_clear_object (&self->profile);
  g_clear_object (&self->phoenix);

  G_OBJECT_CLASS (kiln_environment_editor_parent_class)->dispose (object);
}

static void
kiln_environment_editor_finalize (GObject *object)
{
  KilnEnvironmentEditor *self = KILN_ENVIRONMENT_EDITOR (object);

  g_clear_pointer (&self->variable_rows, g_ptr_array_unref);
  g_clear_object (&self->add_row);

  G_OBJECT_CLASS (kiln_environment_editor_parent_class)->finalize (object);
}

static void
kiln_environment_editor_class_init (KilnEnvironmentEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kiln_environment_editor_dispose;
  object_class->finalize = kiln_environment_editor_finalize;
}

static void
kiln_environment_editor_init (KilnEnvironmentEditor *self)
{
  self->variable_rows = g_ptr_array_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Environment for Checks and Run Release"));

  self->assets_row = new_switch_row (self, _("Build Static Assets"),
                                     _("Runs mix assets.deploy, or mix phx.digest, before Assemble; "
                                       "it writes priv/static in the project"));
  self->phoenix_row = new_switch_row (self, _("Fill In Phoenix Variables"),
                                      _("SECRET_KEY_BASE (a throwaway secret, new at each build), PHX_SERVER=true, "
                                        "PORT=4000 and PHX_HOST=localhost; your variables below win"));

  /* Held: reload_rows takes it out and back in to keep it last. */
  self->add_row = g_object_ref_sink (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->add_row), _("Add Variable (name)"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (self->add_row), TRUE);
  self->secret_check = gtk_check_button_new_with_label (_("Secret"));
  gtk_widget_set_valign (self->secret_check, GTK_ALIGN_CENTER);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (self->add_row), self->secret_check);
  g_signal_connect (self->add_row, "apply", G_CALLBACK (add_applied), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), self->add_row);

  kiln_environment_editor_set_profile (self, NULL, NULL);
}

GtkWidget *
kiln_environment_editor_new (void)
{
  return g_object_new (KILN_TYPE_ENVIRONMENT_EDITOR, NULL);
}

void
kiln_environment_editor_set_profile (KilnEnvironmentEditor *self,
                                     KilnReleaseProfile    *profile,
                                     KilnPhoenix           *phoenix)
{
  g_return_if_fail (KILN_IS_ENVIRONMENT_EDITOR (self));

  g_clear_pointer (&self->phoenix_binding, g_binding_unbind);
  g_clear_pointer (&self->assets_binding, g_binding_unbind);
  if (self->profile != NULL)
    g_signal_handlers_disconnect_by_data (kiln_release_profile_get_environment (self->profile), self);

  g_set_object (&self->profile, profile);
  g_set_object (&self->phoenix, phoenix);

  if (profile != NULL)
    {
      self->phoenix_binding = g_object_bind_property (profile, "phoenix-environment",
                                                      g_object_get_data (G_OBJECT (self->phoenix_row), "switch"),
                                                      "active", G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
      self->assets_binding = g_object_bind_property (profile, "run-assets",
                                                     g_object_get_data (G_OBJECT (self->assets_row), "switch"),
                                                     "active", G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
      g_signal_connect_swapped (kiln_release_profile_get_environment (profile), "items-changed",
                                G_CALLBACK (reload_rows), self);
    }

  gtk_widget_set_visible (self->phoenix_row, phoenix != NULL);
  gtk_widget_set_visible (self->assets_row, phoenix != NULL && kiln_phoenix_get_assets_task (phoenix) != NULL);
  gtk_widget_set_sensitive (self->add_row, profile != NULL);
  update_description (self);
  reload_rows (self);
}

GtkWidget *
kiln_environment_editor_get_add_row (KilnEnvironmentEditor *self)
{
  g_return_val_if_fail (KILN_IS_ENVIRONMENT_EDITOR (self), NULL);

  return self->add_row;
}
