#define G_LOG_DOMAIN "kiln-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "kiln-help.h"
#include "kiln-log-view.h"
#include "kiln-result-page.h"
#include "kiln-ui-util.h"

struct _KilnResultPage
{
  KilnWizardPage  parent_instance;

  KilnBuild      *build;
  GCancellable   *tree_cancellable;
  KilnReleaseRunner *runner;

  GtkListBox     *artifacts_list;
  GtkListBox     *tree_list;
  GtkListBox     *commands_list;
  GtkLabel       *serve_hint_label;
  AdwPreferencesGroup *host_group;
  AdwActionRow   *host_row;
  KilnLogView    *run_log_view;
  GtkLabel       *run_status_label;
  GtkWidget      *open_button;
};

G_DEFINE_FINAL_TYPE (KilnResultPage, kiln_result_page, KILN_TYPE_WIZARD_PAGE)

static const struct {
  const char *command;
  const char *explanation;
} commands[] = {
  { "start", N_("Starts the system in the foreground") },
  { "daemon", N_("Starts the system in the background") },
  { "remote", N_("Opens an IEx shell connected to the running system") },
  { "eval \"IO.puts(:hello)\"", N_("Runs an expression in a fresh instance, without starting the apps") },
  { "rpc \"IO.puts(:hello)\"", N_("Runs an expression inside the running system") },
  { "stop", N_("Stops the running system") },
  { "pid", N_("Prints the operating system PID of the running system") },
  { "version", N_("Prints the release name and version") },
};

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static const char *
get_release_dir (KilnResultPage *self)
{
  return self->build ? kiln_build_get_release_dir (self->build) : NULL;
}

static const char *
get_release_name (KilnResultPage *self)
{
  KilnBuildRecord *record = self->build ? kiln_build_get_record (self->build) : NULL;

  return record ? kiln_build_record_get_release_name (record) : NULL;
}

static GtkWidget *
create_tree_row (gpointer item,
                 gpointer user_data)
{
  KilnReleaseTreeEntry *entry = item;
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *size = g_format_size (kiln_release_tree_entry_get_size (entry));
  GtkWidget *size_label = gtk_label_new (size);
  g_autofree char *title = g_strdup_printf ("%s%s", kiln_release_tree_entry_get_path (entry),
                                            kiln_release_tree_entry_get_is_directory (entry) ? "/" : "");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), kiln_release_tree_entry_get_explanation (entry));
  gtk_widget_add_css_class (size_label, "numeric");
  gtk_widget_add_css_class (size_label, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), size_label);

  return row;
}

static void
tree_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(KilnResultPage) self = user_data;
  g_autoptr(KilnReleaseTree) tree = kiln_release_tree_new_finish (result, NULL);

  /* Cancelled by a newer build, or the release is gone: nothing to show. */
  if (tree != NULL)
    gtk_list_box_bind_model (self->tree_list, G_LIST_MODEL (tree), create_tree_row, NULL, NULL);
}

static GtkWidget *
create_artifact_row (gpointer item,
                     gpointer user_data)
{
  KilnArtifact *artifact = item;
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *name = g_path_get_basename (kiln_artifact_get_path (artifact));
  g_autofree char *size = g_format_size (kiln_artifact_get_size (artifact));
  g_autofree char *subtitle = g_strdup_printf ("%s · sha256 %s", size, kiln_artifact_get_sha256 (artifact));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), kiln_ui_copy_button (kiln_artifact_get_path (artifact), _("Path")));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), kiln_ui_copy_button (kiln_artifact_get_sha256 (artifact), _("Checksum")));

  return row;
}

static void
load_commands (KilnResultPage *self)
{
  const char *name = get_release_name (self);

  clear_list (self->commands_list);
  if (name == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *command = g_strdup_printf ("bin/%s %s", name, commands[i].command);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), command);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(commands[i].explanation));
      gtk_widget_add_css_class (row, "monospace-title");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), kiln_ui_copy_button (command, _("Command")));
      gtk_list_box_append (self->commands_list, row);
    }
}

static void
update_actions (KilnResultPage *self)
{
  gboolean running = kiln_result_page_get_running (self);
  gboolean have_release = get_release_dir (self) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "result.run", have_release && !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "result.stop", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "result.open-folder", have_release);
  gtk_widget_set_visible (self->open_button, running && kiln_release_runner_get_url (self->runner) != NULL);

  {
    g_autofree char *status = running ? kiln_release_runner_dup_status (self->runner) : NULL;

    gtk_label_set_text (self->run_status_label, status != NULL ? status : "");
    gtk_widget_set_visible (GTK_WIDGET (self->run_status_label), status != NULL);
  }
}

/* Phoenix: how to make the release serve, from the engine. */
static void
load_serve_hint (KilnResultPage *self)
{
  g_autofree char *hint = self->build ? kiln_build_dup_serve_hint (self->build) : NULL;

  gtk_label_set_text (self->serve_hint_label, hint ? hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->serve_hint_label), hint != NULL);
}

/* The build machine decides where the release runs: its C library, or the
 * OTP the target must have when ERTS stays out. */
static void
load_host (KilnResultPage *self)
{
  KilnBuildRecord *record = self->build ? kiln_build_get_record (self->build) : NULL;
  KilnBuildHost *host = record ? kiln_build_record_get_host (record) : NULL;
  g_autofree char *description = host ? kiln_build_host_dup_description (host) : NULL;
  g_autofree char *title = description ? g_strdup_printf (_("Built on %s"), description) : NULL;
  g_autofree char *requirements = host ? kiln_build_host_dup_requirements (host) : NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->host_group), host != NULL);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->host_row), title ? title : "");
  adw_action_row_set_subtitle (self->host_row, requirements ? requirements : "");
}

static void
load_build (KilnResultPage *self)
{
  KilnSession *session = kiln_wizard_page_get_session (KILN_WIZARD_PAGE (self));
  KilnBuild *build = session ? kiln_session_get_build (session) : NULL;

  if (session != NULL && kiln_session_get_building (session))
    build = NULL;

  g_set_object (&self->build, build);

  gtk_list_box_bind_model (self->artifacts_list, build ? kiln_build_get_artifacts (build) : NULL,
                           create_artifact_row, NULL, NULL);
  gtk_list_box_bind_model (self->tree_list, NULL, NULL, NULL, NULL);
  load_commands (self);
  load_serve_hint (self);
  load_host (self);
  update_actions (self);

  g_cancellable_cancel (self->tree_cancellable);
  g_clear_object (&self->tree_cancellable);
  if (get_release_dir (self) == NULL)
    return;

  self->tree_cancellable = g_cancellable_new ();
  kiln_release_tree_new_async (get_release_dir (self), self->tree_cancellable, tree_cb, g_object_ref (self));
}

static void
open_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KilnResultPage *self = KILN_RESULT_PAGE (widget);
  GListModel *artifacts = self->build ? kiln_build_get_artifacts (self->build) : NULL;
  g_autofree char *folder = NULL;

  if (artifacts != NULL && g_list_model_get_n_items (artifacts) > 0)
    {
      g_autoptr(KilnArtifact) artifact = g_list_model_get_item (artifacts, 0);
      folder = g_path_get_dirname (kiln_artifact_get_path (artifact));
    }
  else if (get_release_dir (self) != NULL)
    folder = g_strdup (get_release_dir (self));

  if (folder != NULL)
    kiln_ui_open_folder (widget, folder);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  KilnResultPage *self = KILN_RESULT_PAGE (widget);
  KilnSession *session = kiln_wizard_page_get_session (KILN_WIZARD_PAGE (self));
  g_autoptr(KilnReleaseRunner) runner = NULL;

  if (kiln_result_page_get_running (self) || get_release_dir (self) == NULL)
    return;

  runner = kiln_release_runner_new (get_release_dir (self), get_release_name (self),
                                    session != NULL ? kiln_session_get_toolchain (session) : NULL);
  if (self->runner != NULL)
    g_signal_handlers_disconnect_by_data (self->runner, self);
  g_set_object (&self->runner, runner);
  /* The environment Verify booted it with (Phoenix's, the profile's). */
  for (guint i = 0; self->build != NULL && kiln_build_get_check_environment (self->build) != NULL
                    && i < kiln_build_get_check_environment (self->build)->len; i++)
    {
      KilnEnvironmentVariable *variable = g_ptr_array_index (kiln_build_get_check_environment (self->build), i);

      kiln_release_runner_setenv (runner, kiln_environment_variable_get_name (variable),
                                  kiln_environment_variable_get_value (variable));
    }
  g_signal_connect_object (runner, "notify::running", G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (runner, "notify::url", G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  kiln_log_view_set_model (self->run_log_view, G_LIST_MODEL (kiln_release_runner_get_output (runner)));

  /* A release that cannot start says why in its output. */
  kiln_release_runner_start (runner, NULL);
  update_actions (self);
}

static void
open_browser_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KilnResultPage *self = KILN_RESULT_PAGE (widget);
  const char *url = self->runner ? kiln_release_runner_get_url (self->runner) : NULL;

  if (url != NULL)
    gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (widget)), url, GDK_CURRENT_TIME);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KilnResultPage *self = KILN_RESULT_PAGE (widget);

  if (self->runner != NULL)
    kiln_release_runner_stop (self->runner);
}

static void
kiln_result_page_shown (KilnWizardPage *page)
{
  load_build (KILN_RESULT_PAGE (page));
}

static void
on_session_changed (KilnResultPage *self)
{
  KilnSession *session = kiln_wizard_page_get_session (KILN_WIZARD_PAGE (self));

  if (session != NULL)
    g_signal_connect_object (session, "notify::building", G_CALLBACK (load_build), self, G_CONNECT_SWAPPED);
  load_build (self);
}

static void
kiln_result_page_dispose (GObject *object)
{
  KilnResultPage *self = (KilnResultPage *)object;

  g_cancellable_cancel (self->tree_cancellable);
  g_clear_object (&self->tree_cancellable);
  /* A release started here does not outlive the window. */
  if (self->runner != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->runner, self);
      kiln_release_runner_kill (self->runner);
    }
  g_clear_object (&self->runner);
  g_clear_object (&self->build);

  G_OBJECT_CLASS (kiln_result_page_parent_class)->dispose (object);
}

static void
kiln_result_page_class_init (KilnResultPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KilnWizardPageClass *page_class = KILN_WIZARD_PAGE_CLASS (klass);

  object_class->dispose = kiln_result_page_dispose;
  page_class->shown = kiln_result_page_shown;

  g_type_ensure (KILN_TYPE_LOG_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kilnapp/Kiln/kiln-result-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KilnResultPage, artifacts_list);
  gtk_widget_class_bind_template_child (widget_class, KilnResultPage, tree_list);
  gtk_widget_class_bind_template_child (widget_class, KilnResultPage, commands_list);
  gtk_widget_class_bind_template_child (widget_class, KilnResultPage, serve_hint_label);
  gtk_widget_class_bind_template_child (widget_class, KilnResultPage, host_group);
  gtk_widget_class_bind_template_child (widget_class, KilnResultPage, host_row);
  gtk_widget_class_bind_template_child (widget_class, KilnResultPage, open_button);
  gtk_widget_class_bind_template_child (widget_class, KilnResultPage, run_log_view);
  gtk_widget_class_bind_template_child (widget_class, KilnResultPage, run_status_label);

  gtk_widget_class_install_action (widget_class, "result.open-folder", NULL, open_folder_action);
  gtk_widget_class_install_action (widget_class, "result.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "result.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "result.open-browser", NULL, open_browser_action);
}

static void
kiln_result_page_init (KilnResultPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  adw_action_row_add_suffix (self->host_row,
                             kiln_help_button_new ("include-erts", _("Where It Runs"), NULL,
                                                   "https://hexdocs.pm/mix/Mix.Tasks.Release.html#module-requirements"));

  g_signal_connect (self, "notify::session", G_CALLBACK (on_session_changed), NULL);
  kiln_wizard_page_set_complete (KILN_WIZARD_PAGE (self), FALSE);
}

GtkListBox *
kiln_result_page_get_artifacts_list (KilnResultPage *self)
{
  return self->artifacts_list;
}

AdwActionRow *
kiln_result_page_get_host_row (KilnResultPage *self)
{
  return self->host_row;
}

GtkListBox *
kiln_result_page_get_tree_list (KilnResultPage *self)
{
  return self->tree_list;
}

gboolean
kiln_result_page_get_running (KilnResultPage *self)
{
  return self->runner != NULL && kiln_release_runner_get_running (self->runner);
}

GListModel *
kiln_result_page_get_run_output (KilnResultPage *self)
{
  return self->runner != NULL ? G_LIST_MODEL (kiln_release_runner_get_output (self->runner)) : NULL;
}
