#define G_LOG_DOMAIN "kiln-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "kiln-project-page.h"
#include "kiln-ui-util.h"

struct _KilnProjectPage
{
  KilnWizardPage  parent_instance;

  GtkStack       *stack;
  GtkSpinner     *spinner;
  AdwStatusPage  *error_status;
  GtkLabel       *fix_label;
  GtkListBox     *app_list;
  GtkListBox     *toolchain_list;
  GtkListBox     *found_list;
};

G_DEFINE_FINAL_TYPE (KilnProjectPage, kiln_project_page, KILN_TYPE_WIZARD_PAGE)

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
add_row (GtkListBox *list,
         const char *title,
         const char *value)
{
  GtkWidget *row = adw_action_row_new ();

  /* Paths and Mix's messages are plain text; “R&D/app” must not break markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value ? value : "—");
  gtk_list_box_append (list, row);

  return row;
}

static void
add_strv_row (GtkListBox         *list,
              const char         *title,
              const char * const *values,
              const char         *if_empty)
{
  g_autofree char *joined = NULL;

  if (values != NULL && values[0] != NULL)
    joined = g_strjoinv (", ", (char **) values);

  add_row (list, title, joined ? joined : if_empty);
}

static const char *
fix_for_error (const GError *error)
{
  if (error->domain == KILN_ERROR)
    switch ((KilnError) error->code)
      {
      case KILN_ERROR_TOOLCHAIN_MISSING:
        return _("Install Elixir and Erlang/OTP: on Debian or Ubuntu run “sudo apt install elixir erlang-dev”; "
               "elsewhere see https://elixir-lang.org/install.html. Then press Try Again.");
      case KILN_ERROR_TOOLCHAIN_TOO_OLD:
        return _("Kiln needs Elixir 1.14 or newer. Install a newer Elixir (for example with asdf or your "
               "distribution's packages), then press Try Again.");
      case KILN_ERROR_NOT_A_PROJECT:
        return _("For an umbrella project, open its top folder, not one of the apps inside it.");
      case KILN_ERROR_PROJECT_INVALID:
      case KILN_ERROR_DEPENDENCIES:
        return _("Fix the project so that “mix compile” succeeds in a terminal, then press Try Again.");
      default:
        break;
      }

  return _("Check the folder and press Try Again.");
}

static const char *
title_for_error (const GError *error)
{
  if (g_error_matches (error, KILN_ERROR, KILN_ERROR_TOOLCHAIN_MISSING))
    return _("Elixir Is Not Installed");
  if (g_error_matches (error, KILN_ERROR, KILN_ERROR_TOOLCHAIN_TOO_OLD))
    return _("Elixir Is Too Old");
  if (g_error_matches (error, KILN_ERROR, KILN_ERROR_NOT_A_PROJECT))
    return _("Not a Mix Project");
  return _("The Project Could Not Be Read");
}

static void
show_project (KilnProjectPage *self,
              KilnSession     *session)
{
  KilnProject *project = kiln_session_get_project (session);
  KilnToolchain *toolchain = kiln_session_get_toolchain (session);
  GListModel *releases = kiln_project_get_releases (project);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) release_names = NULL;
  g_autofree char *problem = NULL;

  clear_list (self->app_list);
  clear_list (self->toolchain_list);
  clear_list (self->found_list);

  add_row (self->app_list, _("Folder"), kiln_project_get_path (project));
  if (kiln_project_get_is_umbrella (project))
    {
      add_row (self->app_list, _("Kind"), _("Umbrella project"));
      add_strv_row (self->app_list, _("Umbrella applications"), kiln_project_get_app_names (project), "none");
    }
  else
    {
      add_row (self->app_list, _("Name"), kiln_project_get_app_name (project));
      add_row (self->app_list, _("Version"), kiln_project_get_version (project));
    }

  add_row (self->toolchain_list, _("Elixir"), kiln_toolchain_get_elixir_version (toolchain));
  add_row (self->toolchain_list, _("Erlang/OTP"), kiln_toolchain_get_otp_release (toolchain));
  add_row (self->toolchain_list, _("ERTS"), kiln_toolchain_get_erts_version (toolchain));
  add_row (self->toolchain_list, _("Found"), kiln_toolchain_get_source (toolchain));
  if (kiln_project_get_elixir_requirement (project) != NULL)
    add_row (self->toolchain_list, _("Elixir wanted by mix.exs"), kiln_project_get_elixir_requirement (project));

  /* The engine's sentence, fix included; the subtitle wraps. */
  if ((problem = kiln_project_dup_toolchain_problem (project)) != NULL)
    {
      GtkWidget *row = add_row (self->toolchain_list, _("This Elixir does not match the project"), problem);
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_add_css_class (row, "error");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
    }

  for (guint i = 0; i < g_list_model_get_n_items (releases); i++)
    {
      g_autoptr(KilnProjectRelease) release = g_list_model_get_item (releases, i);
      g_strv_builder_add (names, kiln_project_release_get_name (release));
    }
  release_names = g_strv_builder_end (names);
  add_strv_row (self->found_list, _("Releases in mix.exs"), (const char * const *) release_names,
                _("None yet: Kiln will help you define one"));
  add_row (self->found_list, _("Runtime configuration"),
           kiln_project_get_has_runtime_config (project)
             ? _("config/runtime.exs: read when the release boots, so secrets can come from the environment")
             : _("No config/runtime.exs: all configuration is fixed at build time"));
  add_strv_row (self->found_list, _("Release templates"), kiln_project_get_templates (project),
                _("None: mix release's defaults are used (create them on the Overlays page)"));
  add_strv_row (self->found_list, _("Overlays"), kiln_project_get_overlay_files (project),
                _("None: files in rel/overlays/ would be copied into the release"));

  if (kiln_project_get_unfetched_deps (project)[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", (char **) kiln_project_get_unfetched_deps (project));
      g_autofree char *text = g_strdup_printf (_("Not fetched yet: %s. The build fetches them first "
                                                 "(mix deps.get --only MIX_ENV), unless Fetch Dependencies is off."),
                                               joined);

      add_row (self->found_list, _("Dependencies"), text);
    }

  if (kiln_project_get_distillery_config (project) != NULL && kiln_project_get_distillery_migrated (project))
    add_row (self->found_list, _("Distillery configuration"),
             _("Migrated to mix.exs. mix release ignores rel/config.exs: rename or delete it once you no longer need it."));
  else if (kiln_project_get_distillery_config (project) != NULL)
    {
      GtkWidget *row = add_row (self->found_list, _("Distillery configuration"),
                                _("This project also has a Distillery config. Kiln builds with mix release, "
                                "which ignores it. Migrate shows the mix release equivalent and applies it when you agree."));
      GtkWidget *migrate = gtk_button_new_with_mnemonic (_("_Migrate…"));

      gtk_widget_set_valign (migrate, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (migrate, _("Migrate from Distillery"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (migrate), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Migrate from Distillery"), -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (migrate), "win.show-page");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (migrate), "s", "migrate");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), migrate);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), migrate);
    }
}

static void
update (KilnProjectPage *self)
{
  KilnSession *session = kiln_wizard_page_get_session (KILN_WIZARD_PAGE (self));
  g_autofree char *problem = NULL;
  const GError *error;

  if (session == NULL)
    return;

  error = kiln_session_get_inspect_error (session);

  if (kiln_session_get_inspecting (session))
    {
      gtk_stack_set_visible_child_name (self->stack, "inspecting");
      gtk_spinner_set_spinning (self->spinner, TRUE);
    }
  else if (error != NULL)
    {
      /* The description is markup; Mix's errors quote code with < and &. */
      g_autofree char *description = g_markup_escape_text (error->message, -1);

      adw_status_page_set_title (self->error_status, title_for_error (error));
      adw_status_page_set_description (self->error_status, description);
      gtk_label_set_label (self->fix_label, fix_for_error (error));
      gtk_stack_set_visible_child_name (self->stack, "error");
      gtk_spinner_set_spinning (self->spinner, FALSE);
    }
  else if (kiln_session_get_project (session) != NULL)
    {
      show_project (self, session);
      gtk_stack_set_visible_child_name (self->stack, "project");
      gtk_spinner_set_spinning (self->spinner, FALSE);
    }

  /* A build of a project asking for another Elixir would only be refused. */
  if (kiln_session_get_project (session) != NULL)
    problem = kiln_project_dup_toolchain_problem (kiln_session_get_project (session));
  kiln_wizard_page_set_complete (KILN_WIZARD_PAGE (self), kiln_session_get_project (session) != NULL && problem == NULL);
}

static void
on_session_changed (KilnProjectPage *self)
{
  KilnSession *session = kiln_wizard_page_get_session (KILN_WIZARD_PAGE (self));

  if (session != NULL)
    g_signal_connect_object (session, "notify::inspecting", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KilnSession *session = kiln_wizard_page_get_session (KILN_WIZARD_PAGE (widget));

  if (session != NULL && kiln_session_get_project_dir (session) != NULL && !kiln_session_get_building (session))
    {
      g_autofree char *project_dir = g_strdup (kiln_session_get_project_dir (session));
      kiln_session_open_project (session, project_dir);
    }
}

static void
kiln_project_page_dispose (GObject *object)
{

  G_OBJECT_CLASS (kiln_project_page_parent_class)->dispose (object);
}

static void
kiln_project_page_class_init (KilnProjectPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiln_project_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kilnapp/Kiln/kiln-project-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KilnProjectPage, stack);
  gtk_widget_class_bind_template_child (widget_class, KilnProjectPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, KilnProjectPage, error_status);
  gtk_widget_class_bind_template_child (widget_class, KilnProjectPage, fix_label);
  gtk_widget_class_bind_template_child (widget_class, KilnProjectPage, app_list);
  gtk_widget_class_bind_template_child (widget_class, KilnProjectPage, toolchain_list);
  gtk_widget_class_bind_template_child (widget_class, KilnProjectPage, found_list);

  gtk_widget_class_install_action (widget_class, "project.reload", NULL, reload_action);
}

static void
kiln_project_page_init (KilnProjectPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (self, "notify::session", G_CALLBACK (on_session_changed), NULL);
}
