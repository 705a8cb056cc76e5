#define G_LOG_DOMAIN "kiln-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "kiln-engine.h"
#include "kiln-history-window.h"
#include "kiln-log-view.h"
#include "kiln-ui-util.h"

struct _KilnHistoryWindow
{
  AdwWindow         parent_instance;

  KilnBuildHistory *history;
  KilnLogModel     *log;

  GtkButton        *back_button;
  GtkStack         *stack;
  GtkListBox       *records_list;
  KilnLogView      *log_view;
};

G_DEFINE_FINAL_TYPE (KilnHistoryWindow, kiln_history_window, ADW_TYPE_WINDOW)

/* Remove this build, or every build older than it (with their logs). */
static void
add_remove_menu (GtkWidget       *row,
                 KilnBuildRecord *record)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenuItem) one = g_menu_item_new (_("_Remove This Build"), NULL);
  g_autoptr(GMenuItem) older = g_menu_item_new (_("Remove _Older Builds"), NULL);
  GtkWidget *button = gtk_menu_button_new ();
  const char *id = kiln_build_record_get_id (record);

  g_menu_item_set_action_and_target (one, "history.remove", "s", id);
  g_menu_item_set_action_and_target (older, "history.remove-older", "s", id);
  g_menu_append_item (menu, one);
  g_menu_append_item (menu, older);

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "user-trash-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Remove Builds"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove Builds"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
}

static GtkWidget *
create_record_row (gpointer item,
                   gpointer user_data)
{
  KilnBuildRecord *record = item;
  GtkWidget *row = adw_action_row_new ();
  GDateTime *started = kiln_build_record_get_started_at (record);
  GDateTime *finished = kiln_build_record_get_finished_at (record);
  g_autofree char *when = started ? g_date_time_format (started, "%x %X") : g_strdup ("?");
  g_autofree char *title = g_strdup_printf ("%s — %s", kiln_build_record_get_release_name (record), when);
  g_autofree char *subtitle = NULL;
  const char *result = kiln_build_result_to_label (kiln_build_record_get_result (record));
  guint n_archives = g_list_model_get_n_items (kiln_build_record_get_artifacts (record));

  if (started != NULL && finished != NULL)
    /* Translators: “Succeeded in 12 s, MIX_ENV=prod” */
    subtitle = g_strdup_printf (_("%s in %.0f s, MIX_ENV=%s"), result,
                                g_date_time_difference (finished, started) / (double) G_USEC_PER_SEC,
                                kiln_build_record_get_mix_env (record));
  else
    subtitle = g_strdup (result);

  if (n_archives > 0)
    {
      g_autofree char *archives = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u archive", "%u archives",
                                                                n_archives), n_archives);
      g_autofree char *with_archives = g_strdup_printf ("%s · %s", subtitle, archives);

      g_free (subtitle);
      subtitle = g_steal_pointer (&with_archives);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (kiln_build_record_get_result (record) == KILN_BUILD_RESULT_FAILED)
    gtk_widget_add_css_class (row, "error");
  else if (kiln_build_record_get_result (record) == KILN_BUILD_RESULT_INTERRUPTED)
    gtk_widget_add_css_class (row, "warning");
  add_remove_menu (row, record);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, _("Show this build's log"));

  return row;
}

gboolean
kiln_history_window_open_log (KilnHistoryWindow  *self,
                              guint               position,
                              GError            **error)
{
  g_autoptr(KilnBuildRecord) record = g_list_model_get_item (G_LIST_MODEL (self->history), position);
  g_autofree char *contents = NULL;
  const char *path;

  path = record ? kiln_build_record_get_log_path (record) : NULL;
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("This build kept no log."));
      return FALSE;
    }

  if (!g_file_get_contents (path, &contents, NULL, error))
    return FALSE;

  /* The model splits the saved text into lines as it did the build's output. */
  kiln_log_model_clear (self->log);
  if (contents[0] != '\0')
    kiln_log_model_append (self->log, KILN_STREAM_STDOUT, NULL, contents);
  kiln_log_model_flush (self->log);

  gtk_stack_set_visible_child_name (self->stack, "log");
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), TRUE);

  return TRUE;
}

static void
on_row_activated (GtkListBox        *list,
                  GtkListBoxRow     *row,
                  KilnHistoryWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!kiln_history_window_open_log (self, gtk_list_box_row_get_index (row), &error))
    kiln_ui_toast (GTK_WIDGET (self->records_list), error->message);
}

static void
show_list_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KilnHistoryWindow *self = KILN_HISTORY_WINDOW (widget);

  gtk_stack_set_visible_child_name (self->stack, "list");
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), FALSE);
}

static gboolean
find_position (KilnHistoryWindow *self,
               const char        *id,
               guint             *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->history));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KilnBuildRecord) record = g_list_model_get_item (G_LIST_MODEL (self->history), i);

      if (g_strcmp0 (kiln_build_record_get_id (record), id) == 0)
        {
          *position = i;
          return TRUE;
        }
    }

  return FALSE;
}

static void
show_list_or_empty (KilnHistoryWindow *self)
{
  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->history)) > 0 ? "list" : "empty");
}

gboolean
kiln_history_window_remove (KilnHistoryWindow  *self,
                            const char         *id,
                            gboolean            older,
                            GError            **error)
{
  guint position;
  gboolean ok;

  g_return_val_if_fail (KILN_IS_HISTORY_WINDOW (self), FALSE);

  if (!find_position (self, id, &position))
    return TRUE;

  /* The history is newest first: older builds are the ones after this one. */
  if (older)
    ok = kiln_build_history_prune (self->history, position + 1, error);
  else
    {
      g_autoptr(KilnBuildRecord) record = g_list_model_get_item (G_LIST_MODEL (self->history), position);
      ok = kiln_build_history_remove (self->history, record, error);
    }

  show_list_or_empty (self);
  return ok;
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KilnHistoryWindow *self = KILN_HISTORY_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  gboolean older = g_str_equal (action_name, "history.remove-older");

  if (!kiln_history_window_remove (self, g_variant_get_string (parameter, NULL), older, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not remove the build: %s"), error->message);
      kiln_ui_toast (GTK_WIDGET (self->records_list), message);
    }
}

static gboolean
quit_shortcut (GtkWidget *widget,
               GVariant  *args,
               gpointer   user_data)
{
  /* Ctrl+Q quits Kiln here as in the main window; without an app, close. */
  if (!gtk_widget_activate_action (widget, "app.quit", NULL))
    gtk_window_close (GTK_WINDOW (widget));
  return TRUE;
}

static gboolean
close_shortcut (GtkWidget *widget,
                GVariant  *args,
                gpointer   user_data)
{
  gtk_window_close (GTK_WINDOW (widget));
  return TRUE;
}

static void
kiln_history_window_dispose (GObject *object)
{
  KilnHistoryWindow *self = (KilnHistoryWindow *)object;

  g_clear_object (&self->history);
  g_clear_object (&self->log);

  G_OBJECT_CLASS (kiln_history_window_parent_class)->dispose (object);
}

static void
kiln_history_window_class_init (KilnHistoryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiln_history_window_dispose;

  g_type_ensure (KILN_TYPE_LOG_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kilnapp/Kiln/kiln-history-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KilnHistoryWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, KilnHistoryWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, KilnHistoryWindow, records_list);
  gtk_widget_class_bind_template_child (widget_class, KilnHistoryWindow, log_view);

  gtk_widget_class_install_action (widget_class, "history.show-list", NULL, show_list_action);
  gtk_widget_class_install_action (widget_class, "history.remove", "s", remove_action);
  gtk_widget_class_install_action (widget_class, "history.remove-older", "s", remove_action);
}

static void
kiln_history_window_init (KilnHistoryWindow *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  kiln_ui_fix_accessible_names (GTK_WIDGET (self));

  self->log = kiln_log_model_new ();
  kiln_log_view_set_model (self->log_view, G_LIST_MODEL (self->log));
  g_signal_connect (self->records_list, "row-activated", G_CALLBACK (on_row_activated), self);

  /* Capture phase: the log's search entry would otherwise keep Escape. */
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_callback_action_new (close_shortcut, NULL, NULL)));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_q, GDK_CONTROL_MASK),
                                                          gtk_callback_action_new (quit_shortcut, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}

KilnHistoryWindow *
kiln_history_window_new (const char *project_dir)
{
  KilnHistoryWindow *self = g_object_new (KILN_TYPE_HISTORY_WINDOW, NULL);
  g_autoptr(GError) error = NULL;

  self->history = kiln_build_history_new (project_dir);
  if (!kiln_build_history_reload (self->history, &error))
    kiln_ui_toast (GTK_WIDGET (self->records_list), error->message);

  gtk_list_box_bind_model (self->records_list, G_LIST_MODEL (self->history), create_record_row, NULL, NULL);
  show_list_or_empty (self);

  return self;
}

GListModel *
kiln_history_window_get_records (KilnHistoryWindow *self)
{
  g_return_val_if_fail (KILN_IS_HISTORY_WINDOW (self), NULL);
  return G_LIST_MODEL (self->history);
}
