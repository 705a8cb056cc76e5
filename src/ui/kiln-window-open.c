#define G_LOG_DOMAIN "kiln-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "kiln-window-private.h"

/* Opening a project: by folder chooser, drop, the sample or a recent one. */

#define MAX_RECENT_PROJECTS 8

static void
remember_recent_project (KilnWindow *self,
                         const char *project_dir)
{
  g_auto(GStrv) recent = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) updated = NULL;
  guint n = 1;

  if (self->settings == NULL)
    return;

  recent = g_settings_get_strv (self->settings, "recent-projects");
  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, project_dir);
  for (guint i = 0; recent[i] != NULL && n < MAX_RECENT_PROJECTS; i++)
    {
      if (g_strcmp0 (recent[i], project_dir) == 0)
        continue;
      g_strv_builder_add (builder, recent[i]);
      n++;
    }
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-projects", (const char * const *) updated);
}

void
kiln_window_open_project (KilnWindow *self,
                          const char *project_dir)
{
  g_autofree char *canonical = NULL;

  g_return_if_fail (KILN_IS_WINDOW (self));

  if (kiln_session_get_building (self->session))
    {
      kiln_window_add_toast (self, _("Wait for the build to finish, or cancel it, before opening another project."));
      return;
    }

  _kiln_window_ensure_pages (self);
  canonical = g_canonicalize_filename (project_dir, NULL);
  if (self->settings != NULL)
    {
      g_auto(GStrv) formats = g_settings_get_strv (self->settings, "default-formats");
      g_autofree char *output_dir = g_settings_get_string (self->settings, "default-output-dir");

      kiln_session_set_defaults (self->session, (const char * const *) formats, output_dir);
    }

  kiln_session_open_project (self->session, canonical);
  kiln_window_show_page (self, "project");
}

static void
on_inspected (KilnWindow *self)
{
  const char *project_dir = kiln_session_get_project_dir (self->session);

  KilnProfileStore *store = kiln_session_get_profile_store (self->session);
  const char * const *problems = store != NULL ? kiln_profile_store_get_problems (store) : NULL;

  /* Only folders that really are projects are worth offering again. */
  if (kiln_session_get_project (self->session) != NULL && project_dir != NULL)
    remember_recent_project (self, project_dir);

  /* Damaged saved profiles were moved aside by the engine; say so once. */
  for (guint i = 0; problems != NULL && problems[i] != NULL; i++)
    kiln_window_add_toast (self, problems[i]);
}

static void
open_project_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  kiln_window_open_project (KILN_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
on_chooser_response (GtkNativeDialog *native,
                     int              response,
                     KilnWindow      *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (folder != NULL && g_file_peek_path (folder) != NULL)
        kiln_window_open_project (self, g_file_peek_path (folder));
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
open_project_dialog_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  KilnWindow *self = KILN_WINDOW (widget);
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Open a Mix Project"),
                                        GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                        _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
try_sample_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KilnWindow *self = KILN_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *sample_dir = kiln_paths_ensure_sample_project (&error);

  if (sample_dir == NULL)
    {
      kiln_window_add_toast (self, error->message);
      return;
    }

  kiln_window_open_project (self, sample_dir);
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         KilnWindow    *self)
{
  GFile *file = g_value_get_object (value);

  if (file == NULL || g_file_peek_path (file) == NULL ||
      g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL) != G_FILE_TYPE_DIRECTORY)
    {
      kiln_window_add_toast (self, _("Drop a project folder (the one with mix.exs) to open it."));
      return FALSE;
    }

  kiln_window_open_project (self, g_file_peek_path (file));
  return TRUE;
}

void
_kiln_window_class_add_open_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open-project", "s", open_project_action);
  gtk_widget_class_install_action (widget_class, "win.open-project-dialog", NULL, open_project_dialog_action);
  gtk_widget_class_install_action (widget_class, "win.try-sample", NULL, try_sample_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open-project-dialog", NULL);
}

void
_kiln_window_init_open (KilnWindow *self)
{
  GtkDropTarget *drop;

  g_signal_connect_swapped (self->session, "notify::inspecting", G_CALLBACK (on_inspected), self);

  drop = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}
