#define G_LOG_DOMAIN "kiln-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "kiln-preferences-window.h"
#include "kiln-ui-util.h"

struct _KilnPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  guint                 loading : 1;

  AdwActionRow         *output_row;
  GtkSwitch            *tar_gz_switch;
  GtkSwitch            *tar_zst_switch;
  GtkSwitch            *zip_switch;
  AdwEntryRow          *editor_row;
  GtkSpinButton        *time_limit_spin;
};

G_DEFINE_FINAL_TYPE (KilnPreferencesWindow, kiln_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
load_settings (KilnPreferencesWindow *self)
{
  g_autofree char *output_dir = NULL;
  g_auto(GStrv) formats = NULL;

  if (self->settings == NULL)
    return;

  output_dir = g_settings_get_string (self->settings, "default-output-dir");
  formats = g_settings_get_strv (self->settings, "default-formats");

  self->loading = TRUE;
  adw_action_row_set_subtitle (self->output_row, output_dir[0] ? output_dir : _("The project's _build folder"));
  gtk_switch_set_active (self->tar_gz_switch, g_strv_contains ((const char * const *) formats, "tar.gz"));
  gtk_switch_set_active (self->tar_zst_switch, g_strv_contains ((const char * const *) formats, "tar.zst"));
  gtk_switch_set_active (self->zip_switch, g_strv_contains ((const char * const *) formats, "zip"));
  self->loading = FALSE;
}

static void
on_format_switched (KilnPreferencesWindow *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) formats = NULL;

  if (self->loading || self->settings == NULL)
    return;

  if (gtk_switch_get_active (self->tar_gz_switch))
    g_strv_builder_add (builder, "tar.gz");
  if (gtk_switch_get_active (self->tar_zst_switch))
    g_strv_builder_add (builder, "tar.zst");
  if (gtk_switch_get_active (self->zip_switch))
    g_strv_builder_add (builder, "zip");
  formats = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "default-formats", (const char * const *) formats);
}

static void
on_output_chosen (GtkNativeDialog       *native,
                  int                    response,
                  KilnPreferencesWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->settings != NULL)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (folder != NULL && g_file_peek_path (folder) != NULL)
        g_settings_set_string (self->settings, "default-output-dir", g_file_peek_path (folder));
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
choose_output_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Choose the Default Output Folder"), GTK_WINDOW (widget),
                                        GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (on_output_chosen), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
reset_output_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KilnPreferencesWindow *self = KILN_PREFERENCES_WINDOW (widget);

  if (self->settings != NULL)
    g_settings_reset (self->settings, "default-output-dir");
}

static void
kiln_preferences_window_dispose (GObject *object)
{
  KilnPreferencesWindow *self = (KilnPreferencesWindow *)object;

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kiln_preferences_window_parent_class)->dispose (object);
}

static void
kiln_preferences_window_class_init (KilnPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiln_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kilnapp/Kiln/kiln-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KilnPreferencesWindow, output_row);
  gtk_widget_class_bind_template_child (widget_class, KilnPreferencesWindow, tar_gz_switch);
  gtk_widget_class_bind_template_child (widget_class, KilnPreferencesWindow, tar_zst_switch);
  gtk_widget_class_bind_template_child (widget_class, KilnPreferencesWindow, zip_switch);
  gtk_widget_class_bind_template_child (widget_class, KilnPreferencesWindow, editor_row);
  gtk_widget_class_bind_template_child (widget_class, KilnPreferencesWindow, time_limit_spin);

  gtk_widget_class_install_action (widget_class, "prefs.choose-output", NULL, choose_output_action);
  gtk_widget_class_install_action (widget_class, "prefs.reset-output", NULL, reset_output_action);
}

static void
kiln_preferences_window_init (KilnPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = kiln_ui_dup_settings ();
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed", G_CALLBACK (load_settings), self, G_CONNECT_SWAPPED);
  load_settings (self);
  if (self->settings != NULL)
    {
      g_settings_bind (self->settings, "editor-command", self->editor_row, "text", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "inspection-time-limit", gtk_spin_button_get_adjustment (self->time_limit_spin),
                       "value", G_SETTINGS_BIND_DEFAULT);
    }

  g_signal_connect_swapped (self->tar_gz_switch, "notify::active", G_CALLBACK (on_format_switched), self);
  g_signal_connect_swapped (self->tar_zst_switch, "notify::active", G_CALLBACK (on_format_switched), self);
  g_signal_connect_swapped (self->zip_switch, "notify::active", G_CALLBACK (on_format_switched), self);
}

KilnPreferencesWindow *
kiln_preferences_window_new (void)
{
  return g_object_new (KILN_TYPE_PREFERENCES_WINDOW, NULL);
}
