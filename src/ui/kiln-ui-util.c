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

/* The window WIDGET is in, to parent a dialog on; NULL before it is rooted. */
GtkWindow *
kiln_ui_get_window (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* A toast's title is markup; messages carry paths and project output. */
AdwToast *
kiln_ui_toast_new (const char *message)
{
  g_autofree char *markup = g_markup_escape_text (message, -1);

  return adw_toast_new (markup);
}

void
kiln_ui_toast (GtkWidget  *widget,
               const char *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), kiln_ui_toast_new (message));
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
kiln_ui_copy_button (const char *text,
                     const char *what)
{
  g_autofree char *label = g_strdup_printf (_("Copy %s"), what);

  return new_icon_button ("edit-copy-symbolic", label, text, kiln_ui_copy_text);
}

/* “_Save Profile” → “Save Profile”; “__” stands for one underscore. */
static char *
strip_mnemonic (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '_' && p[1] != '\0')
        p++;
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

static void
name_once (GtkWidget  *widget,
           const char *text,
           gboolean    mnemonic)
{
  g_autofree char *name = NULL;

  if (text == NULL || text[0] == '\0')
    return;

  name = mnemonic ? strip_mnemonic (text) : g_strdup (text);
  /* 4.8 appends the content's text to the label property: a widget whose
   * content already shows @name needs no label property at all. */
  /* A link is not named by its content in 4.8: it keeps the label property. */
  if ((GTK_IS_BUTTON (widget) && !GTK_IS_LINK_BUTTON (widget)) || GTK_IS_MENU_BUTTON (widget) ||
      ADW_IS_COMBO_ROW (widget) || ADW_IS_ENTRY_ROW (widget))
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);
  else
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

/* libadwaita 1.2 labels a row's activatable widget by the row's title
 * (labelled-by), and 4.8 reads a label property before that relation: the
 * widget is named by the title alone. A drop-down's arrow is a toggle button
 * of its own, read as “GtkToggleButton” when nothing names it. */
static void
name_activatable (GtkWidget  *widget,
                  const char *title)
{
  gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);

  if (!GTK_IS_DROP_DOWN (widget))
    return;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_object_set_data (G_OBJECT (widget), "kiln-arrow-named", GINT_TO_POINTER (TRUE));
}

/* A drop-down outside a row: its arrow reads the drop-down's own label
 * property, and an expander's title button reads its (changing) label. */
static void
name_parts (GtkWidget *widget)
{
  if (GTK_IS_DROP_DOWN (widget) && g_object_get_data (G_OBJECT (widget), "kiln-arrow-named") == NULL)
    {
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
        if (GTK_IS_TOGGLE_BUTTON (child))
          gtk_accessible_update_relation (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_RELATION_LABELLED_BY, widget, NULL, -1);
      g_object_set_data (G_OBJECT (widget), "kiln-arrow-named", GINT_TO_POINTER (TRUE));
    }
  else if (GTK_IS_EXPANDER (widget) && gtk_expander_get_label_widget (GTK_EXPANDER (widget)) != NULL)
    gtk_accessible_update_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                    gtk_expander_get_label_widget (GTK_EXPANDER (widget)), NULL, -1);
}

/* GTK 4.8 reads a mnemonic button as “_Next Next” (its label property, then
 * its child label) and a combo row's title twice: name such controls after
 * what they show, once. Read-only rows are no Tab stops. Called on every page
 * as it is shown, so rows built later are covered too. */
void
kiln_ui_fix_accessible_names (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_BUTTON (root) && gtk_button_get_label (GTK_BUTTON (root)) != NULL)
    name_once (root, gtk_button_get_label (GTK_BUTTON (root)), gtk_button_get_use_underline (GTK_BUTTON (root)));
  else if (GTK_IS_MENU_BUTTON (root) && gtk_menu_button_get_label (GTK_MENU_BUTTON (root)) != NULL)
    name_once (root, gtk_menu_button_get_label (GTK_MENU_BUTTON (root)),
               gtk_menu_button_get_use_underline (GTK_MENU_BUTTON (root)));
  else if (ADW_IS_PREFERENCES_ROW (root))
    {
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root));
      g_autofree char *plain = NULL;

      /* A markup title (“R&amp;D”) is read as its text. */
      if (adw_preferences_row_get_use_markup (ADW_PREFERENCES_ROW (root)) && title != NULL)
        pango_parse_markup (title, -1, 0, NULL, &plain, NULL, NULL);
      name_once (root, plain ? plain : title, adw_preferences_row_get_use_underline (ADW_PREFERENCES_ROW (root)));

      if (ADW_IS_ACTION_ROW (root) && title != NULL && title[0] != '\0' &&
          adw_action_row_get_activatable_widget (ADW_ACTION_ROW (root)) != NULL)
        {
          g_autofree char *shown = adw_preferences_row_get_use_underline (ADW_PREFERENCES_ROW (root))
                                   ? strip_mnemonic (plain ? plain : title) : g_strdup (plain ? plain : title);

          name_activatable (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (root)), shown);
        }

      if (ADW_IS_ACTION_ROW (root) && !ADW_IS_COMBO_ROW (root) &&
          adw_action_row_get_activatable_widget (ADW_ACTION_ROW (root)) == NULL &&
          !gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (root)))
        gtk_widget_set_focusable (root, FALSE);
    }

  name_parts (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    kiln_ui_fix_accessible_names (child);
}
