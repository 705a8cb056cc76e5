#define G_LOG_DOMAIN "kiln-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "kiln-build-page.h"
#include "kiln-ui-util.h"

struct _KilnBuildPage
{
  KilnWizardPage  parent_instance;

  KilnBuild      *build;
  guint           loading : 1;

  AdwPreferencesGroup *summary_group;
  AdwPreferencesGroup *package_group;
  GtkListBox     *summary_list;
  GtkCheckButton *tar_gz_check;
  GtkCheckButton *tar_zst_check;
  GtkCheckButton *zip_check;
  AdwActionRow   *output_row;
  GtkButton      *build_button;
  GtkButton      *cancel_button;
  GtkProgressBar *progress_bar;
  GtkLabel       *status_label;
  AdwPreferencesGroup *steps_group;
  GtkListBox     *steps_list;
};

G_DEFINE_FINAL_TYPE (KilnBuildPage, kiln_build_page, KILN_TYPE_WIZARD_PAGE)

static KilnSession *
get_session (KilnBuildPage *self)
{
  return kiln_wizard_page_get_session (KILN_WIZARD_PAGE (self));
}

static void
add_summary_row (KilnBuildPage *self,
                 const char    *title,
                 const char    *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value && *value ? value : "—");
  gtk_list_box_append (self->summary_list, row);
}

static void
load_summary (KilnBuildPage *self)
{
  KilnSession *session = get_session (self);
  KilnReleaseProfile *profile = session ? kiln_session_get_profile (session) : NULL;
  KilnProject *project = session ? kiln_session_get_project (session) : NULL;
  const char * const *formats;
  const char *output_dir;
  GtkWidget *child;
  static const char *erts[] = { N_("Bundled"), N_("Not bundled (the target provides Erlang)"), N_("From a folder") };

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->summary_list))) != NULL)
    gtk_list_box_remove (self->summary_list, child);

  if (profile == NULL)
    return;

  add_summary_row (self, _("Project"), kiln_session_get_project_dir (session));
  add_summary_row (self, _("Release"), kiln_release_profile_get_name (profile));
  add_summary_row (self, _("Version"), kiln_release_profile_get_version (profile)
                                      ? kiln_release_profile_get_version (profile)
                                      : (project ? kiln_project_get_version (project) : NULL));
  add_summary_row (self, _("MIX_ENV"), kiln_release_profile_get_mix_env (profile));
  add_summary_row (self, _("Erlang runtime"), _(erts[kiln_release_profile_get_include_erts (profile)]));

  self->loading = TRUE;
  formats = kiln_release_profile_get_package_formats (profile);
  gtk_check_button_set_active (self->tar_gz_check, formats && g_strv_contains (formats, "tar.gz"));
  gtk_check_button_set_active (self->tar_zst_check, formats && g_strv_contains (formats, "tar.zst"));
  gtk_check_button_set_active (self->zip_check, formats && g_strv_contains (formats, "zip"));
  self->loading = FALSE;

  output_dir = kiln_release_profile_get_output_dir (profile);
  adw_action_row_set_subtitle (self->output_row, output_dir ? output_dir : _("The project's _build folder"));
}

static void
on_format_toggled (KilnBuildPage *self)
{
  KilnSession *session = get_session (self);
  KilnReleaseProfile *profile = session ? kiln_session_get_profile (session) : NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) formats = NULL;

  if (self->loading || profile == NULL)
    return;

  if (gtk_check_button_get_active (self->tar_gz_check))
    g_strv_builder_add (builder, "tar.gz");
  if (gtk_check_button_get_active (self->tar_zst_check))
    g_strv_builder_add (builder, "tar.zst");
  if (gtk_check_button_get_active (self->zip_check))
    g_strv_builder_add (builder, "zip");
  formats = g_strv_builder_end (builder);
  kiln_release_profile_set_package_formats (profile, (const char * const *) formats);
}

static const char *
step_state_icon (KilnBuildStepState state)
{
  switch (state)
    {
    case KILN_BUILD_STEP_RUNNING:   return "content-loading-symbolic";
    case KILN_BUILD_STEP_SUCCEEDED: return "emblem-ok-symbolic";
    case KILN_BUILD_STEP_FAILED:    return "dialog-error-symbolic";
    case KILN_BUILD_STEP_CANCELLED: return "process-stop-symbolic";
    case KILN_BUILD_STEP_SKIPPED:   return "action-unavailable-symbolic";
    case KILN_BUILD_STEP_PENDING:
    default:                        return "content-loading-symbolic";
    }
}

static void
update_step_row (AdwActionRow  *row,
                 GParamSpec    *pspec,
                 KilnBuildStep *step)
{
  KilnBuildStepState state = kiln_build_step_get_state (step);
  GtkImage *icon = g_object_get_data (G_OBJECT (row), "icon");
  GtkLabel *duration = g_object_get_data (G_OBJECT (row), "duration");
  GtkSpinner *spinner = g_object_get_data (G_OBJECT (row), "spinner");
  gint64 ms = kiln_build_step_get_duration_ms (step);
  g_autofree char *text = NULL;

  adw_action_row_set_subtitle (row, kiln_build_step_state_to_label (state));
  gtk_image_set_from_icon_name (icon, step_state_icon (state));
  gtk_widget_set_visible (GTK_WIDGET (icon), state != KILN_BUILD_STEP_RUNNING);
  gtk_widget_set_visible (GTK_WIDGET (spinner), state == KILN_BUILD_STEP_RUNNING);
  gtk_spinner_set_spinning (spinner, state == KILN_BUILD_STEP_RUNNING);
  gtk_widget_set_opacity (GTK_WIDGET (icon), state == KILN_BUILD_STEP_PENDING ? 0.3 : 1.0);

  if (state == KILN_BUILD_STEP_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");

  if (ms > 0 || state == KILN_BUILD_STEP_SUCCEEDED)
    /* Translators: a duration in seconds */
    text = g_strdup_printf (_("%.1f s"), ms / 1000.0);
  gtk_label_set_label (duration, text ? text : "");
}

static GtkWidget *
create_step_row (gpointer item,
                 gpointer user_data)
{
  KilnBuildStep *step = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *duration = gtk_label_new (NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kiln_build_step_get_title (step));
  gtk_widget_add_css_class (duration, "numeric");
  gtk_widget_add_css_class (duration, "dim-label");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), spinner);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), duration);
  g_object_set_data (G_OBJECT (row), "icon", icon);
  g_object_set_data (G_OBJECT (row), "spinner", spinner);
  g_object_set_data (G_OBJECT (row), "duration", duration);

  g_signal_connect_object (step, "notify", G_CALLBACK (update_step_row), row, G_CONNECT_SWAPPED);
  update_step_row (ADW_ACTION_ROW (row), NULL, step);

  return row;
}

static void
update_progress (KilnBuildPage *self)
{
  KilnBuildStep *step;
  g_autofree char *text = NULL;

  if (self->build == NULL)
    return;

  step = kiln_build_get_current_step (self->build);
  gtk_progress_bar_set_fraction (self->progress_bar, kiln_build_get_progress (self->build));
  if (kiln_session_get_building (get_session (self)) && step != NULL)
    text = g_strdup_printf ("%s…", kiln_build_step_get_title (step));
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
update_state (KilnBuildPage *self)
{
  KilnSession *session = get_session (self);
  KilnBuild *build = session ? kiln_session_get_build (session) : NULL;
  gboolean building = session != NULL && kiln_session_get_building (session);
  KilnBuildResult result;
  const char *status = NULL;

  if (session == NULL)
    return;

  if (build != self->build)
    {
      if (self->build != NULL)
        g_signal_handlers_disconnect_by_data (self->build, self);
      g_set_object (&self->build, build);
      gtk_list_box_bind_model (self->steps_list, build ? kiln_build_get_steps (build) : NULL,
                               create_step_row, NULL, NULL);
      if (build != NULL)
        {
          g_signal_connect_swapped (build, "notify::progress", G_CALLBACK (update_progress), self);
          g_signal_connect_swapped (build, "notify::current-step", G_CALLBACK (update_progress), self);
        }
    }

  result = kiln_session_get_build_result (session);
  if (build != NULL && !building)
    switch (result)
      {
      case KILN_BUILD_RESULT_SUCCEEDED:
        status = _("The release is built. Press Next to see its log, or go straight to the result.");
        break;
      case KILN_BUILD_RESULT_CANCELLED:
        status = _("The build was cancelled. Nothing is left running; you can change options and build again.");
        break;
      case KILN_BUILD_RESULT_FAILED:
        status = kiln_session_get_build_error (session);
        break;
      case KILN_BUILD_RESULT_RUNNING:
      default:
        break;
      }

  /* While building, the steps and progress are what matter: keep them on top. */
  gtk_widget_set_visible (GTK_WIDGET (self->summary_group), !building);
  gtk_widget_set_visible (GTK_WIDGET (self->package_group), !building);
  gtk_widget_set_visible (GTK_WIDGET (self->build_button), !building);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), building);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), build != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->steps_group), build != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->tar_gz_check), !building);
  gtk_widget_set_sensitive (GTK_WIDGET (self->tar_zst_check), !building);
  gtk_widget_set_sensitive (GTK_WIDGET (self->zip_check), !building);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "build.start",
                                 !building && kiln_session_get_profile (session) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "build.cancel", building);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "build.choose-output", !building);
  gtk_button_set_label (self->build_button, build != NULL && !building ? _("_Build Again") : _("_Build Release"));

  gtk_label_set_label (self->status_label, status ? status : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), status != NULL);
  if (result == KILN_BUILD_RESULT_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");

  update_progress (self);
  kiln_wizard_page_set_complete (KILN_WIZARD_PAGE (self), build != NULL);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KilnBuildPage *self = KILN_BUILD_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (!kiln_session_start_build (get_session (self), &error))
    kiln_ui_toast (widget, error->message);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  kiln_session_cancel_build (get_session (KILN_BUILD_PAGE (widget)));
}

static void
on_output_chosen (GtkNativeDialog *native,
                  int              response,
                  KilnBuildPage   *self)
{
  KilnSession *session = get_session (self);

  if (response == GTK_RESPONSE_ACCEPT && session != NULL && kiln_session_get_profile (session) != NULL)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (folder != NULL && g_file_peek_path (folder) != NULL)
        {
          kiln_release_profile_set_output_dir (kiln_session_get_profile (session), g_file_peek_path (folder));
          load_summary (self);
        }
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

  native = gtk_file_chooser_native_new (_("Choose the Output Folder"),
                                        kiln_ui_get_window (widget),
                                        GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                        _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (on_output_chosen), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
kiln_build_page_shown (KilnWizardPage *page)
{
  load_summary (KILN_BUILD_PAGE (page));
  update_state (KILN_BUILD_PAGE (page));
}

static void
on_session_changed (KilnBuildPage *self)
{
  KilnSession *session = get_session (self);

  if (session == NULL)
    return;

  g_signal_connect_object (session, "notify::building", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::build", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::profile", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  update_state (self);
}

static void
kiln_build_page_dispose (GObject *object)
{
  KilnBuildPage *self = (KilnBuildPage *)object;

  if (self->build != NULL)
    g_signal_handlers_disconnect_by_data (self->build, self);
  g_clear_object (&self->build);

  G_OBJECT_CLASS (kiln_build_page_parent_class)->dispose (object);
}

static void
kiln_build_page_class_init (KilnBuildPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KilnWizardPageClass *page_class = KILN_WIZARD_PAGE_CLASS (klass);

  object_class->dispose = kiln_build_page_dispose;
  page_class->shown = kiln_build_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kilnapp/Kiln/kiln-build-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KilnBuildPage, summary_group);
  gtk_widget_class_bind_template_child (widget_class, KilnBuildPage, package_group);
  gtk_widget_class_bind_template_child (widget_class, KilnBuildPage, summary_list);
  gtk_widget_class_bind_template_child (widget_class, KilnBuildPage, tar_gz_check);
  gtk_widget_class_bind_template_child (widget_class, KilnBuildPage, tar_zst_check);
  gtk_widget_class_bind_template_child (widget_class, KilnBuildPage, zip_check);
  gtk_widget_class_bind_template_child (widget_class, KilnBuildPage, output_row);
  gtk_widget_class_bind_template_child (widget_class, KilnBuildPage, build_button);
  gtk_widget_class_bind_template_child (widget_class, KilnBuildPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, KilnBuildPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, KilnBuildPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, KilnBuildPage, steps_group);
  gtk_widget_class_bind_template_child (widget_class, KilnBuildPage, steps_list);

  gtk_widget_class_install_action (widget_class, "build.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "build.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "build.choose-output", NULL, choose_output_action);
}

static void
kiln_build_page_init (KilnBuildPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->tar_gz_check, "toggled", G_CALLBACK (on_format_toggled), self);
  g_signal_connect_swapped (self->tar_zst_check, "toggled", G_CALLBACK (on_format_toggled), self);
  g_signal_connect_swapped (self->zip_check, "toggled", G_CALLBACK (on_format_toggled), self);
  g_signal_connect (self, "notify::session", G_CALLBACK (on_session_changed), NULL);
}
