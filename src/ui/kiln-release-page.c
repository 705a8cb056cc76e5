#define G_LOG_DOMAIN "kiln-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "kiln-environment-editor.h"
#include "kiln-mix-exs-save.h"
#include "kiln-option-list.h"
#include "kiln-release-options.h"
#include "kiln-release-page.h"
#include "kiln-ui-util.h"

typedef enum
{
  CHOICE_MIX_RELEASE,
  CHOICE_PROFILE,
  CHOICE_NEW,
} ChoiceKind;

typedef struct
{
  ChoiceKind  kind;
  char       *name;
} Choice;

struct _KilnReleasePage
{
  KilnWizardPage       parent_instance;

  KilnReleaseProfile  *profile;
  GArray              *choices;
  GtkStringList       *choice_names;
  /* The saved profile last chosen here: a profile does not say whether it
   * came from the store or from mix.exs, and both may use one name. */
  char                *picked_profile;
  guint                loading : 1;
  guint                choosing : 1;

  AdwComboRow         *choice_row;
  KilnOptionList      *options_list;
  KilnReleaseOptions  *advanced_options;
  KilnEnvironmentEditor *environment_editor;
  GtkListBox          *applications_list;
  AdwPreferencesGroup *applications_group;
  GtkLabel            *problems_label;
  GtkLabel            *preview_label;
};

G_DEFINE_FINAL_TYPE (KilnReleasePage, kiln_release_page, KILN_TYPE_WIZARD_PAGE)

static void
choice_clear (Choice *choice)
{
  g_free (choice->name);
}

static void
refresh (KilnReleasePage *self)
{
  KilnSession *session = kiln_wizard_page_get_session (KILN_WIZARD_PAGE (self));
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GString) unplaced = g_string_new (NULL);
  g_autofree char *snippet = NULL;

  if (self->profile == NULL)
    {
      kiln_wizard_page_set_complete (KILN_WIZARD_PAGE (self), FALSE);
      return;
    }

  snippet = kiln_release_profile_render_mix_exs_snippet (self->profile);
  gtk_label_set_label (self->preview_label, snippet);

  kiln_option_list_clear_problems (self->options_list);
  kiln_release_options_clear_problems (self->advanced_options);

  problems = kiln_release_profile_collect_problems (self->profile,
                                                    session != NULL && kiln_session_get_is_umbrella (session));
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      KilnProfileProblem *problem = g_ptr_array_index (problems, i);

      if (!kiln_option_list_mark_problem (self->options_list, problem->field, problem->message) &&
          !kiln_release_options_mark_problem (self->advanced_options, problem->field, problem->message))
        g_string_append_printf (unplaced, "%s%s", unplaced->len ? "\n" : "", problem->message);
    }

  gtk_label_set_label (self->problems_label, unplaced->str);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), unplaced->len > 0);
  kiln_wizard_page_set_complete (KILN_WIZARD_PAGE (self), problems == NULL || problems->len == 0);
}

/* One choice per application mode, after @first_choice when given. */
static GtkWidget *
new_mode_dropdown (const char *app_name,
                   const char *first_choice)
{
  g_autoptr(GEnumClass) modes = g_type_class_ref (KILN_TYPE_APPLICATION_MODE);
  g_autoptr(GPtrArray) choices = g_ptr_array_new_null_terminated (modes->n_values + 1, NULL, TRUE);
  GtkWidget *dropdown;

  if (first_choice != NULL)
    g_ptr_array_add (choices, (gpointer) first_choice);
  for (guint i = 0; i < modes->n_values; i++)
    g_ptr_array_add (choices, (gpointer) modes->values[i].value_nick);

  dropdown = gtk_drop_down_new_from_strings ((const char * const *) choices->pdata);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, app_name, -1);

  return dropdown;
}

static gboolean
mode_to_description (GBinding     *binding,
                     const GValue *from,
                     GValue       *to,
                     gpointer      user_data)
{
  g_value_set_string (to, kiln_application_mode_get_description (g_value_get_enum (from)));
  return TRUE;
}

static void
add_application_row (KilnReleasePage        *self,
                     KilnReleaseApplication *application)
{
  const char *name = kiln_release_application_get_name (application);
  GtkWidget *dropdown = new_mode_dropdown (name, NULL);
  GtkWidget *row = kiln_option_row_new (name, dropdown);

  kiln_option_bind_choice (application, "mode", GTK_DROP_DOWN (dropdown));
  g_object_bind_property_full (application, "mode", row, "subtitle", G_BINDING_SYNC_CREATE,
                               mode_to_description, NULL, NULL, NULL);
  gtk_list_box_append (self->applications_list, row);
}

static void
on_include_selected (GtkDropDown     *dropdown,
                     GParamSpec      *pspec,
                     KilnReleasePage *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  g_autoptr(KilnReleaseApplication) application = NULL;

  if (self->profile == NULL || selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return;

  /* The store's items-changed reloads the list with a regular mode row. */
  application = kiln_release_application_new (g_object_get_data (G_OBJECT (dropdown), "app"), selected - 1);
  g_list_store_append (kiln_release_profile_get_application_store (self->profile), application);
}

/* Umbrella releases must name their apps, so every umbrella app gets a row. */
static void
add_missing_umbrella_apps (KilnReleasePage *self)
{
  KilnSession *session = kiln_wizard_page_get_session (KILN_WIZARD_PAGE (self));
  KilnProject *project = session ? kiln_session_get_project (session) : NULL;
  GListModel *applications = kiln_release_profile_get_applications (self->profile);
  const char * const *app_names;

  if (project == NULL || !kiln_project_get_is_umbrella (project))
    return;

  app_names = kiln_project_get_app_names (project);
  for (guint i = 0; app_names != NULL && app_names[i] != NULL; i++)
    {
      gboolean listed = FALSE;
      GtkWidget *dropdown;
      GtkWidget *row;

      for (guint j = 0; j < g_list_model_get_n_items (applications) && !listed; j++)
        {
          g_autoptr(KilnReleaseApplication) application = g_list_model_get_item (applications, j);
          listed = g_strcmp0 (kiln_release_application_get_name (application), app_names[i]) == 0;
        }
      if (listed)
        continue;

      dropdown = new_mode_dropdown (app_names[i], _("not included"));
      row = kiln_option_row_new (app_names[i], dropdown);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Umbrella application, not in this release"));
      g_object_set_data_full (G_OBJECT (dropdown), "app", g_strdup (app_names[i]), g_free);
      g_signal_connect (dropdown, "notify::selected", G_CALLBACK (on_include_selected), self);
      gtk_list_box_append (self->applications_list, row);
    }
}

static void
load_applications (KilnReleasePage *self)
{
  GListModel *applications = kiln_release_profile_get_applications (self->profile);
  guint n = g_list_model_get_n_items (applications);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->applications_list))) != NULL)
    gtk_list_box_remove (self->applications_list, child);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KilnReleaseApplication) application = g_list_model_get_item (applications, i);

      add_application_row (self, application);
    }

  add_missing_umbrella_apps (self);

  if (n == 0 && gtk_widget_get_first_child (GTK_WIDGET (self->applications_list)) == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Default"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("The project's application and its dependencies, all permanent"));
      gtk_list_box_append (self->applications_list, row);
    }
}

static void
on_applications_changed (KilnReleasePage *self)
{
  load_applications (self);
  refresh (self);
}

static void
disconnect_profile (KilnReleasePage *self)
{
  if (self->profile == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->profile, self);
  g_signal_handlers_disconnect_by_data (kiln_release_profile_get_applications (self->profile), self);
}

/* With no release chosen (mix.exs leaves it open), the row says why. */
static void
show_choice_error (KilnReleasePage *self)
{
  KilnSession *session = kiln_wizard_page_get_session (KILN_WIZARD_PAGE (self));
  const GError *choice_error = session != NULL ? kiln_session_get_choice_error (session) : NULL;

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->choice_row),
                               choice_error != NULL ? choice_error->message
                                                    : _("A release from mix.exs, a saved profile, or a new one"));
  if (choice_error != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->choice_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->choice_row), "error");
}

/* With no release chosen, nothing looks selected; a profile that is neither
 * a mix.exs release nor the saved profile picked here is a new release (the
 * default one of a project without releases:). */
static void
select_current_choice (KilnReleasePage *self)
{
  const char *current = self->profile != NULL ? kiln_release_profile_get_name (self->profile) : NULL;
  gboolean picked = current != NULL && g_strcmp0 (self->picked_profile, current) == 0;
  guint selected = current != NULL ? self->choices->len - 1 : GTK_INVALID_LIST_POSITION;

  for (guint i = 0; current != NULL && i < self->choices->len; i++)
    {
      Choice *choice = &g_array_index (self->choices, Choice, i);

      if (choice->kind == (picked ? CHOICE_PROFILE : CHOICE_MIX_RELEASE) && g_strcmp0 (choice->name, current) == 0)
        {
          selected = i;
          break;
        }
    }

  self->loading = TRUE;
  adw_combo_row_set_selected (self->choice_row, selected);
  self->loading = FALSE;
  show_choice_error (self);
}

static void
on_profile_changed (KilnReleasePage *self)
{
  KilnSession *session = kiln_wizard_page_get_session (KILN_WIZARD_PAGE (self));
  KilnReleaseProfile *profile = session != NULL ? kiln_session_get_profile (session) : NULL;

  disconnect_profile (self);
  g_set_object (&self->profile, profile);
  kiln_option_list_set_profile (self->options_list, profile);
  kiln_release_options_set_profile (self->advanced_options, profile);
  kiln_environment_editor_set_profile (self->environment_editor, profile,
                                       session != NULL && kiln_session_get_project (session) != NULL
                                       ? kiln_project_get_phoenix (kiln_session_get_project (session)) : NULL);

  if (profile != NULL)
    {
      /* Edits made elsewhere (overlays, templates, formats) show in the preview too. */
      g_signal_connect_swapped (profile, "changed", G_CALLBACK (refresh), self);
      g_signal_connect_swapped (kiln_release_profile_get_applications (profile), "items-changed",
                                G_CALLBACK (on_applications_changed), self);
      load_applications (self);
    }

  refresh (self);
  if (self->choosing)
    show_choice_error (self);
  else
    select_current_choice (self);
}

static void
reload_choices (KilnReleasePage *self)
{
  KilnSession *session = kiln_wizard_page_get_session (KILN_WIZARD_PAGE (self));
  KilnProject *project = session ? kiln_session_get_project (session) : NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  Choice choice;

  g_array_set_size (self->choices, 0);

  if (project != NULL)
    {
      GListModel *releases = kiln_project_get_releases (project);

      for (guint i = 0; i < g_list_model_get_n_items (releases); i++)
        {
          g_autoptr(KilnProjectRelease) release = g_list_model_get_item (releases, i);

          choice.kind = CHOICE_MIX_RELEASE;
          choice.name = g_strdup (kiln_project_release_get_name (release));
          g_array_append_val (self->choices, choice);
          g_ptr_array_add (labels, g_strdup_printf (_("%s (mix.exs)"), choice.name));
        }
    }

  if (session != NULL && kiln_session_get_profile_store (session) != NULL)
    {
      GListModel *profiles = G_LIST_MODEL (kiln_session_get_profile_store (session));

      for (guint i = 0; i < g_list_model_get_n_items (profiles); i++)
        {
          g_autoptr(KilnReleaseProfile) profile = g_list_model_get_item (profiles, i);

          choice.kind = CHOICE_PROFILE;
          choice.name = g_strdup (kiln_release_profile_get_name (profile));
          g_array_append_val (self->choices, choice);
          g_ptr_array_add (labels, g_strdup_printf (_("%s (saved profile)"), choice.name));
        }
    }

  choice.kind = CHOICE_NEW;
  choice.name = NULL;
  g_array_append_val (self->choices, choice);
  g_ptr_array_add (labels, g_strdup (_("New release")));
  g_ptr_array_add (labels, NULL);

  self->loading = TRUE;
  g_clear_object (&self->choice_names);
  self->choice_names = gtk_string_list_new ((const char * const *) labels->pdata);
  adw_combo_row_set_model (self->choice_row, G_LIST_MODEL (self->choice_names));
  self->loading = FALSE;
  select_current_choice (self);
}

static void
on_choice_selected (KilnReleasePage *self)
{
  KilnSession *session = kiln_wizard_page_get_session (KILN_WIZARD_PAGE (self));
  guint selected = adw_combo_row_get_selected (self->choice_row);
  g_autoptr(KilnReleaseProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  KilnProfileStore *store;
  KilnProject *project;
  Choice *choice;

  if (self->loading || session == NULL || selected >= self->choices->len)
    return;

  project = kiln_session_get_project (session);
  store = kiln_session_get_profile_store (session);
  choice = &g_array_index (self->choices, Choice, selected);

  if (choice->kind == CHOICE_MIX_RELEASE)
    profile = kiln_release_choice_choose (project, store, choice->name, NULL, &error);
  else if (choice->kind == CHOICE_PROFILE)
    profile = kiln_release_choice_choose (project, store, NULL, choice->name, &error);
  else
    profile = kiln_release_choice_new_profile (project);

  if (profile == NULL)
    {
      kiln_ui_toast (GTK_WIDGET (self), error->message);
      return;
    }

  g_free (self->picked_profile);
  self->picked_profile = choice->kind == CHOICE_PROFILE ? g_strdup (choice->name) : NULL;
  if (choice->kind != CHOICE_PROFILE)
    kiln_session_apply_defaults (session, profile);
  self->choosing = TRUE;
  kiln_session_set_profile (session, profile);
  self->choosing = FALSE;
}

static void
on_project_changed (KilnReleasePage *self)
{
  g_clear_pointer (&self->picked_profile, g_free);
  reload_choices (self);
}

static void
on_session_changed (KilnReleasePage *self)
{
  KilnSession *session = kiln_wizard_page_get_session (KILN_WIZARD_PAGE (self));

  if (session == NULL)
    return;

  g_signal_connect_object (session, "notify::profile", G_CALLBACK (on_profile_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::project", G_CALLBACK (on_project_changed), self, G_CONNECT_SWAPPED);
  on_profile_changed (self);
  reload_choices (self);
}

static void
save_profile_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KilnReleasePage *self = KILN_RELEASE_PAGE (widget);
  KilnSession *session = kiln_wizard_page_get_session (KILN_WIZARD_PAGE (self));
  KilnProfileStore *store = session ? kiln_session_get_profile_store (session) : NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (store == NULL || self->profile == NULL)
    return;

  if (!kiln_profile_store_save (store, self->profile, &error))
    {
      kiln_ui_toast (widget, error->message);
      return;
    }

  message = g_strdup_printf (_("Saved profile “%s”"), kiln_release_profile_get_name (self->profile));
  kiln_ui_toast (widget, message);
  reload_choices (self);
}

static void
save_to_mix_exs_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  KilnReleasePage *self = KILN_RELEASE_PAGE (widget);
  KilnSession *session = kiln_wizard_page_get_session (KILN_WIZARD_PAGE (self));

  if (session != NULL)
    kiln_mix_exs_save_start (widget, session, self->profile);
}

static void
copy_snippet_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KilnReleasePage *self = KILN_RELEASE_PAGE (widget);

  kiln_ui_copy_text (widget, gtk_label_get_label (self->preview_label));
}

static void
kiln_release_page_apply_async (KilnWizardPage      *page,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  KilnReleasePage *self = KILN_RELEASE_PAGE (page);
  KilnSession *session = kiln_wizard_page_get_session (page);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;

  g_task_set_source_tag (task, kiln_release_page_apply_async);

  if (self->profile == NULL)
    g_task_return_new_error (task, KILN_ERROR, KILN_ERROR_PROFILE_INVALID, _("Choose a release first."));
  else if (!kiln_release_profile_validate (self->profile, kiln_session_get_is_umbrella (session), &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
kiln_release_page_dispose (GObject *object)
{
  KilnReleasePage *self = (KilnReleasePage *)object;

  disconnect_profile (self);
  g_clear_object (&self->profile);
  g_clear_object (&self->choice_names);
  g_clear_pointer (&self->choices, g_array_unref);
  g_clear_pointer (&self->picked_profile, g_free);

  G_OBJECT_CLASS (kiln_release_page_parent_class)->dispose (object);
}

static void
kiln_release_page_class_init (KilnReleasePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KilnWizardPageClass *page_class = KILN_WIZARD_PAGE_CLASS (klass);

  object_class->dispose = kiln_release_page_dispose;
  page_class->apply_async = kiln_release_page_apply_async;

  g_type_ensure (KILN_TYPE_OPTION_LIST);
  g_type_ensure (KILN_TYPE_RELEASE_OPTIONS);
  g_type_ensure (KILN_TYPE_ENVIRONMENT_EDITOR);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kilnapp/Kiln/kiln-release-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KilnReleasePage, choice_row);
  gtk_widget_class_bind_template_child (widget_class, KilnReleasePage, options_list);
  gtk_widget_class_bind_template_child (widget_class, KilnReleasePage, advanced_options);
  gtk_widget_class_bind_template_child (widget_class, KilnReleasePage, environment_editor);
  gtk_widget_class_bind_template_child (widget_class, KilnReleasePage, applications_list);
  gtk_widget_class_bind_template_child (widget_class, KilnReleasePage, applications_group);
  gtk_widget_class_bind_template_child (widget_class, KilnReleasePage, problems_label);
  gtk_widget_class_bind_template_child (widget_class, KilnReleasePage, preview_label);

  gtk_widget_class_install_action (widget_class, "release.save-profile", NULL, save_profile_action);
  gtk_widget_class_install_action (widget_class, "release.copy-snippet", NULL, copy_snippet_action);
  gtk_widget_class_install_action (widget_class, "release.save-to-mix-exs", NULL, save_to_mix_exs_action);
}

static void
kiln_release_page_init (KilnReleasePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->choices = g_array_new (FALSE, TRUE, sizeof (Choice));
  g_array_set_clear_func (self->choices, (GDestroyNotify) choice_clear);

  g_signal_connect_swapped (self->choice_row, "notify::selected", G_CALLBACK (on_choice_selected), self);
  g_signal_connect (self, "notify::session", G_CALLBACK (on_session_changed), NULL);
}

const char *
kiln_release_page_get_preview (KilnReleasePage *self)
{
  g_return_val_if_fail (KILN_IS_RELEASE_PAGE (self), NULL);
  return gtk_label_get_label (self->preview_label);
}

GtkWidget *
kiln_release_page_get_option_widget (KilnReleasePage *self,
                                     const char      *field)
{
  GtkWidget *control;

  g_return_val_if_fail (KILN_IS_RELEASE_PAGE (self), NULL);

  if ((control = kiln_option_list_get_control (self->options_list, field)) != NULL)
    return control;
  return kiln_release_options_get_widget (self->advanced_options, field);
}

GtkWidget *
kiln_release_page_get_option_row (KilnReleasePage *self,
                                  const char      *field)
{
  GtkWidget *row;

  g_return_val_if_fail (KILN_IS_RELEASE_PAGE (self), NULL);

  if ((row = kiln_option_list_get_row (self->options_list, field)) != NULL)
    return row;
  return kiln_release_options_get_row (self->advanced_options, field);
}

/* The row of one application, with its mode dropdown as activatable widget. */
GtkWidget *
kiln_release_page_get_application_row (KilnReleasePage *self,
                                       const char      *app_name)
{
  g_return_val_if_fail (KILN_IS_RELEASE_PAGE (self), NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->applications_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (ADW_IS_ACTION_ROW (row) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), app_name) == 0)
        return row;
    }

  return NULL;
}
