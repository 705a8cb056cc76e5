#define G_LOG_DOMAIN "kiln-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "kiln-ui-util.h"
#include "kiln-ui-resources.h"

void
kiln_ui_ensure_resources (void)
{
  GdkDisplay *display = gdk_display_get_default ();

  /* Referencing the resource keeps its registering constructor in the link. */
  (void) kiln_ui_get_resource ();

  /* GtkApplication does this for the app; tests and uninstalled runs need it too. */
  if (display != NULL && g_object_get_data (G_OBJECT (display), "kiln-icons") == NULL)
    {
      gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (display), "/io/github/kilnapp/Kiln/icons");
      g_object_set_data (G_OBJECT (display), "kiln-icons", GINT_TO_POINTER (TRUE));
    }
}

GSettings *
kiln_ui_dup_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);

  /* Uninstalled runs may lack the schema; the app then simply forgets settings. */
  if (schema == NULL)
    return NULL;

  return g_settings_new_full (schema, NULL, NULL);
}

void
kiln_ui_copy_text (GtkWidget  *widget,
                   const char *text)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  kiln_ui_toast (widget, _("Copied"));
}

void
kiln_ui_toast (GtkWidget  *widget,
               const char *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

void
kiln_ui_open_uri (GtkWidget  *widget,
                  const char *uri)
{
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri (uri, NULL, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not open %s: %s"), uri, error->message);
      kiln_ui_toast (widget, message);
    }
}

void
kiln_ui_open_folder (GtkWidget  *widget,
                     const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);

  kiln_ui_open_uri (widget, uri);
}

static void
on_icon_button_clicked (GtkButton *button,
                        gpointer   clicked)
{
  void (*action) (GtkWidget *, const char *) = clicked;

  action (GTK_WIDGET (button), g_object_get_data (G_OBJECT (button), "text"));
}

/* A flat icon button that passes @text to @clicked. */
static GtkWidget *
new_icon_button (const char *icon_name,
                 const char *label,
                 const char *text,
                 void      (*clicked) (GtkWidget  *button,
                                       const char *text))
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (button), "text", g_strdup (text), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_icon_button_clicked), clicked);

  return button;
}

GtkWidget *
kiln_ui_learn_more_button (const char *uri,
                           const char *topic)
{
  g_autofree char *label = g_strdup_printf (_("Learn more about %s"), topic);

  return new_icon_button ("help-about-symbolic", label, uri, kiln_ui_open_uri);
}

GtkWidget *
kiln_ui_copy_button (const char *text,
                     const char *what)
{
  g_autofree char *label = g_strdup_printf (_("Copy %s"), what);

  return new_icon_button ("edit-copy-symbolic", label, text, kiln_ui_copy_text);
}
