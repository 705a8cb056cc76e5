#define G_LOG_DOMAIN "kiln-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "kiln-logs-page.h"
#include "kiln-ui-util.h"

struct _KilnLogsPage
{
  KilnWizardPage     parent_instance;

  KilnLogModel      *log;
  GListModel        *problems;

  GtkRevealer       *problems_revealer;
  GtkLabel          *problems_title;
  GtkListBox        *problems_list;
  KilnLogView       *log_view;
};

G_DEFINE_FINAL_TYPE (KilnLogsPage, kiln_logs_page, KILN_TYPE_WIZARD_PAGE)

static void
update_problems_title (KilnLogsPage *self)
{
  guint n = self->problems ? g_list_model_get_n_items (self->problems) : 0;
  g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Problem", "%u Problems", n), n);

  gtk_label_set_label (self->problems_title, title);
  gtk_revealer_set_reveal_child (self->problems_revealer, n > 0);
}

/* The editor the user chose in the settings, at the line; started without
 * waiting for it, and any failure said once. */
static void
open_in_editor (KilnLogsPage *self,
                const char   *path,
                guint         line)
{
  g_autoptr(GSettings) settings = kiln_ui_dup_settings ();
  g_autofree char *template = settings ? g_settings_get_string (settings, "editor-command") : NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) editor = NULL;
  g_auto(GStrv) argv = NULL;

  if (template == NULL || template[0] == '\0')
    {
      g_free (template);
      template = kiln_editor_command_default ();
    }

  argv = kiln_editor_command_build (template, path, line, &error);
  if (argv != NULL)
    editor = g_subprocess_newv ((const char * const *) argv, G_SUBPROCESS_FLAGS_NONE, &error);
  if (editor == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not start the editor (%s): set the editor command in Preferences."),
                                                  argv ? argv[0] : template);
      kiln_ui_toast (GTK_WIDGET (self), message);
    }
}

static void
on_problem_activated (GtkListBox    *list,
                      GtkListBoxRow *row,
                      KilnLogsPage  *self)
{
  KilnProblem *problem = g_object_get_data (G_OBJECT (row), "problem");
  KilnSession *session = kiln_wizard_page_get_session (KILN_WIZARD_PAGE (self));
  const char *project_dir = session ? kiln_session_get_project_dir (session) : NULL;
  g_autofree char *path = NULL;

  if (g_path_is_absolute (kiln_problem_get_file (problem)) || project_dir == NULL)
    path = g_strdup (kiln_problem_get_file (problem));
  else
    path = g_build_filename (project_dir, kiln_problem_get_file (problem), NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *message = g_strdup_printf (_("%s does not exist any more"), path);
      kiln_ui_toast (GTK_WIDGET (self), message);
      return;
    }

  open_in_editor (self, path, kiln_problem_get_line (problem));
}

static void
on_copy_location (GtkButton *button,
                  gpointer   user_data)
{
  KilnProblem *problem = g_object_get_data (G_OBJECT (button), "problem");
  g_autofree char *location = g_strdup_printf ("%s:%u", kiln_problem_get_file (problem),
                                               kiln_problem_get_line (problem));

  kiln_ui_copy_text (GTK_WIDGET (button), location);
}

static GtkWidget *
create_problem_row (gpointer item,
                    gpointer user_data)
{
  KilnProblem *problem = item;
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *location = g_strdup_printf ("%s:%u", kiln_problem_get_file (problem),
                                               kiln_problem_get_line (problem));
  gboolean is_error = kiln_problem_get_kind (problem) == KILN_PROBLEM_ERROR;
  GtkWidget *icon = gtk_image_new_from_icon_name (is_error ? "dialog-error-symbolic" : "dialog-warning-symbolic");
  g_autofree char *escaped = g_markup_escape_text (kiln_problem_get_message (problem), -1);
  GtkWidget *copy;

  gtk_widget_add_css_class (icon, is_error ? "error" : "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  is_error ? _("Error") : _("Warning"), -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), location);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (copy, "flat");
  gtk_widget_set_tooltip_text (copy, _("Copy Location"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Copy Location"), -1);
  g_object_set_data_full (G_OBJECT (copy), "problem", g_object_ref (problem), g_object_unref);
  g_signal_connect (copy, "clicked", G_CALLBACK (on_copy_location), NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), copy);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("document-open-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, _("Open the file"));
  g_object_set_data_full (G_OBJECT (row), "problem", g_object_ref (problem), g_object_unref);

  return row;
}

static void
on_log_changed (KilnLogsPage *self)
{
  KilnSession *session = kiln_wizard_page_get_session (KILN_WIZARD_PAGE (self));
  KilnLogModel *log = session ? kiln_session_get_log (session) : NULL;

  if (log == self->log)
    return;

  if (self->problems != NULL)
    g_signal_handlers_disconnect_by_data (self->problems, self);
  g_set_object (&self->log, log);
  g_clear_object (&self->problems);
  if (log != NULL)
    self->problems = g_object_ref (kiln_log_model_get_problems (log));

  kiln_log_view_set_model (self->log_view, G_LIST_MODEL (log));
  gtk_list_box_bind_model (self->problems_list, self->problems, create_problem_row, NULL, NULL);
  if (self->problems != NULL)
    g_signal_connect_swapped (self->problems, "items-changed", G_CALLBACK (update_problems_title), self);
  update_problems_title (self);
}

static void
on_build_state_changed (KilnLogsPage *self)
{
  KilnSession *session = kiln_wizard_page_get_session (KILN_WIZARD_PAGE (self));

  on_log_changed (self);
  kiln_wizard_page_set_complete (KILN_WIZARD_PAGE (self),
                                 session != NULL &&
                                 !kiln_session_get_building (session) &&
                                 kiln_session_get_build (session) != NULL &&
                                 kiln_session_get_build_result (session) == KILN_BUILD_RESULT_SUCCEEDED);
}

static void
on_session_changed (KilnLogsPage *self)
{
  KilnSession *session = kiln_wizard_page_get_session (KILN_WIZARD_PAGE (self));

  if (session == NULL)
    return;

  g_signal_connect_object (session, "notify::log", G_CALLBACK (on_log_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::building", G_CALLBACK (on_build_state_changed), self, G_CONNECT_SWAPPED);
  on_build_state_changed (self);
}

static void
kiln_logs_page_dispose (GObject *object)
{
  KilnLogsPage *self = (KilnLogsPage *)object;

  if (self->problems != NULL)
    g_signal_handlers_disconnect_by_data (self->problems, self);
  g_clear_object (&self->problems);
  g_clear_object (&self->log);

  G_OBJECT_CLASS (kiln_logs_page_parent_class)->dispose (object);
}

static void
kiln_logs_page_class_init (KilnLogsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiln_logs_page_dispose;

  g_type_ensure (KILN_TYPE_LOG_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kilnapp/Kiln/kiln-logs-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KilnLogsPage, problems_revealer);
  gtk_widget_class_bind_template_child (widget_class, KilnLogsPage, problems_title);
  gtk_widget_class_bind_template_child (widget_class, KilnLogsPage, problems_list);
  gtk_widget_class_bind_template_child (widget_class, KilnLogsPage, log_view);
}

static void
kiln_logs_page_init (KilnLogsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (self->problems_list, "row-activated", G_CALLBACK (on_problem_activated), self);
  g_signal_connect (self, "notify::session", G_CALLBACK (on_session_changed), NULL);
}

KilnLogView *
kiln_logs_page_get_log_view (KilnLogsPage *self)
{
  g_return_val_if_fail (KILN_IS_LOGS_PAGE (self), NULL);
  return self->log_view;
}

/* The problems of the log shown, as the engine found them. */
GListModel *
kiln_logs_page_get_problems (KilnLogsPage *self)
{
  g_return_val_if_fail (KILN_IS_LOGS_PAGE (self), NULL);
  return self->problems;
}
