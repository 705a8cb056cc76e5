#define G_LOG_DOMAIN "kiln-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "kiln-mix-exs-save.h"
#include "kiln-release-options.h"
#include "kiln-release-page.h"
#include "kiln-ui-util.h"

#define RELEASE_DOCS "https://hexdocs.pm/mix/Mix.Tasks.Release.html"

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
  GHashTable          *rows;
  GHashTable          *widgets;
  GPtrArray           *bindings;
  GtkStringList       *choice_names;
  guint                loading : 1;
  guint                choosing : 1;

  AdwComboRow         *choice_row;
  GtkListBox          *options_list;
  KilnReleaseOptions  *advanced_options;
  GtkListBox          *applications_list;
  AdwPreferencesGroup *applications_group;
  GtkLabel            *problems_label;
  GtkLabel            *preview_label;
};

G_DEFINE_FINAL_TYPE (KilnReleasePage, kiln_release_page, KILN_TYPE_WIZARD_PAGE)

static const char *erts_choices[] = { N_("Bundle This Runtime"), N_("Use the Target's Erlang"), N_("From a Folder"), NULL };
static const char *mode_choices[] = { "permanent", "transient", "temporary", "load", "none", NULL };

static void
choice_clear (Choice *choice)
{
  g_free (choice->name);
}

static char *
normalise_field (const char *field)
{
  char *normal = g_strdup (field);

  g_strdelimit (normal, "_", '-');
  return normal;
}

static void
refresh (KilnReleasePage *self)
{
  KilnSession *session = kiln_wizard_page_get_session (KILN_WIZARD_PAGE (self));
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GString) unplaced = g_string_new (NULL);
  g_autofree char *snippet = NULL;
  GHashTableIter iter;
  gpointer row;

  if (self->profile == NULL)
    {
      kiln_wizard_page_set_complete (KILN_WIZARD_PAGE (self), FALSE);
      return;
    }

  snippet = kiln_release_profile_render_mix_exs_snippet (self->profile);
  gtk_label_set_label (self->preview_label, snippet);

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    {
      gtk_widget_remove_css_class (row, "error");
      gtk_widget_set_tooltip_text (row, NULL);
      adw_action_row_set_subtitle (row, g_object_get_data (row, "explanation"));
    }
  kiln_release_options_clear_problems (self->advanced_options);

  problems = kiln_release_profile_collect_problems (self->profile,
                                                    session != NULL && kiln_session_get_is_umbrella (session));
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      KilnProfileProblem *problem = g_ptr_array_index (problems, i);
      g_autofree char *field = normalise_field (problem->field ? problem->field : "");

      row = g_hash_table_lookup (self->rows, field);
      if (row != NULL)
        {
          gtk_widget_add_css_class (row, "error");
          gtk_widget_set_tooltip_text (row, problem->message);
          adw_action_row_set_subtitle (row, problem->message);
        }
      else if (!kiln_release_options_mark_problem (self->advanced_options, field, problem->message))
        g_string_append_printf (unplaced, "%s%s", unplaced->len ? "\n" : "", problem->message);
    }

  gtk_label_set_label (self->problems_label, unplaced->str);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), unplaced->len > 0);
  kiln_wizard_page_set_complete (KILN_WIZARD_PAGE (self), problems == NULL || problems->len == 0);
}

static void
on_entry_changed (GtkEditable     *editable,
                  KilnReleasePage *self)
{
  const char *field = g_object_get_data (G_OBJECT (editable), "field");
  const char *text = gtk_editable_get_text (editable);
  const char *value = text[0] != '\0' ? text : NULL;

  if (self->loading || self->profile == NULL)
    return;

  if (g_str_equal (field, "name"))
    kiln_release_profile_set_name (self->profile, text);
  else if (g_str_equal (field, "version"))
    kiln_release_profile_set_version (self->profile, value);
  else if (g_str_equal (field, "mix-env"))
    kiln_release_profile_set_mix_env (self->profile, text);
  else if (g_str_equal (field, "cookie"))
    kiln_release_profile_set_cookie (self->profile, value);
  else if (g_str_equal (field, "path"))
    kiln_release_profile_set_path (self->profile, value);
  else if (g_str_equal (field, "include-erts-path"))
    kiln_release_profile_set_include_erts_path (self->profile, value);

  refresh (self);
}

static GtkWidget *
add_option_row (KilnReleasePage *self,
                const char      *field,
                const char      *title,
                const char      *explanation,
                const char      *anchor,
                GtkWidget       *control)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *uri = g_strdup_printf ("%s#%s", RELEASE_DOCS, anchor);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), explanation);
  g_object_set_data_full (G_OBJECT (row), "explanation", g_strdup (explanation), g_free);

  if (control != NULL)
    {
      gtk_widget_set_valign (control, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (control), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, explanation, -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), control);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), control);
      g_hash_table_insert (self->widgets, g_strdup (field), control);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), kiln_ui_learn_more_button (uri, title));

  g_hash_table_insert (self->rows, g_strdup (field), row);
  gtk_list_box_append (self->options_list, row);

  return row;
}

static GtkWidget *
new_entry (KilnReleasePage *self,
           const char      *field,
           const char      *placeholder,
           gboolean         secret)
{
  GtkWidget *entry = secret ? gtk_password_entry_new () : gtk_entry_new ();

  g_object_set_data_full (G_OBJECT (entry), "field", g_strdup (field), g_free);
  if (secret)
    {
      gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
      g_object_set (entry, "placeholder-text", placeholder, NULL);
    }
  else
    gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 12);
  gtk_widget_set_hexpand (entry, FALSE);
  g_signal_connect (entry, "changed", G_CALLBACK (on_entry_changed), self);

  return entry;
}

static void
on_erts_selected (GtkDropDown     *dropdown,
                  GParamSpec      *pspec,
                  KilnReleasePage *self)
{
  KilnIncludeErts value = gtk_drop_down_get_selected (dropdown);
  GtkWidget *path_row = g_hash_table_lookup (self->rows, "include-erts-path");

  gtk_widget_set_visible (path_row, value == KILN_INCLUDE_ERTS_PATH);

  if (self->loading || self->profile == NULL)
    return;

  kiln_release_profile_set_include_erts (self->profile, value);
  refresh (self);
}

static void
on_tar_active (GtkSwitch       *sw,
               GParamSpec      *pspec,
               KilnReleasePage *self)
{
  if (self->loading || self->profile == NULL)
    return;

  kiln_release_profile_set_steps_include_tar (self->profile, gtk_switch_get_active (sw));
  refresh (self);
}

/* Boolean options map one to one onto profile properties. */
static const struct {
  const char *property;
  const char *title;
  const char *explanation;
  const char *anchor;
} switch_options[] = {
  { "strip-beams", N_("Strip BEAM Files"), N_("Remove debug information from compiled code to make the release smaller"), "module-options" },
  { "validate-compile-env", N_("Validate Compile-Time Config"), N_("Check at boot that compile-time configuration has not changed"), "module-options" },
  { "quiet", N_("Quiet"), N_("Do not print the release's summary at the end of mix release"), "module-options" },
  { "reboot-system-after-config", N_("Reboot After Config"), N_("Restart the VM after runtime configuration, for options that need it"), "module-options" },
};

static void
release_binding (GBinding *binding)
{
  g_binding_unbind (binding);
  g_object_unref (binding);
}

static void
bind_switches (KilnReleasePage *self)
{
  g_clear_pointer (&self->bindings, g_ptr_array_unref);
  self->bindings = g_ptr_array_new_with_free_func ((GDestroyNotify) release_binding);

  if (self->profile == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (switch_options); i++)
    {
      GtkWidget *sw = g_hash_table_lookup (self->widgets, switch_options[i].property);

      g_ptr_array_add (self->bindings,
                       g_object_ref (g_object_bind_property (self->profile, switch_options[i].property, sw, "active",
                                                             G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE)));
    }
}

static void
build_option_rows (KilnReleasePage *self)
{
  GtkWidget *dropdown;
  GtkWidget *sw;

  add_option_row (self, "name", _("Name"),
                  _("The release's name; its start script will be bin/NAME"), "module-options",
                  new_entry (self, "name", "my_app", FALSE));
  add_option_row (self, "version", _("Version"),
                  _("Leave empty to use the project's version from mix.exs"), "module-options",
                  new_entry (self, "version", _("project version"), FALSE));
  add_option_row (self, "mix-env", _("MIX_ENV"),
                  _("The Mix environment to build in; releases are usually built in prod"), "module-running-the-release",
                  new_entry (self, "mix-env", "prod", FALSE));

  dropdown = gtk_drop_down_new_from_strings ((const char * const[]) {
                                               _(erts_choices[0]), _(erts_choices[1]), _(erts_choices[2]), NULL });
  g_signal_connect (dropdown, "notify::selected", G_CALLBACK (on_erts_selected), self);
  add_option_row (self, "include-erts", _("Include ERTS"),
                  _("Bundle the Erlang runtime so the target needs no Erlang installed (same OS and CPU)"),
                  "module-options", dropdown);
  add_option_row (self, "include-erts-path", _("ERTS Folder"),
                  _("An erts-VSN folder to bundle instead of this machine's runtime"), "module-options",
                  new_entry (self, "include-erts-path", "/path/to/erts-13.0", FALSE));

  add_option_row (self, "cookie", _("Cookie"),
                  _("Secret shared by nodes that connect to each other; empty means a random one on the first build"),
                  "module-options", new_entry (self, "cookie", _("random"), TRUE));
  add_option_row (self, "path", _("Release Folder"),
                  _("Where the release is assembled; empty means _build/ENV/rel/NAME"), "module-options",
                  new_entry (self, "path", _("_build/…/rel/NAME"), FALSE));

  for (guint i = 0; i < G_N_ELEMENTS (switch_options); i++)
    add_option_row (self, switch_options[i].property, _(switch_options[i].title), _(switch_options[i].explanation),
                    switch_options[i].anchor, gtk_switch_new ());

  sw = gtk_switch_new ();
  g_signal_connect (sw, "notify::active", G_CALLBACK (on_tar_active), self);
  add_option_row (self, "steps", _("Mix Tarball"),
                  _("Also run mix's own :tar step, which writes NAME-VSN.tar.gz"), "module-steps", sw);
}

static void
on_mode_selected (GtkDropDown            *dropdown,
                  GParamSpec             *pspec,
                  KilnReleaseApplication *application)
{
  KilnReleasePage *self = g_object_get_data (G_OBJECT (dropdown), "page");

  if (self->loading)
    return;

  kiln_release_application_set_mode (application, gtk_drop_down_get_selected (dropdown));
  refresh (self);
}

static const char *include_choices[] = { N_("not included"), "permanent", "transient", "temporary", "load", "none", NULL };

static void
on_include_selected (GtkDropDown     *dropdown,
                     GParamSpec      *pspec,
                     KilnReleasePage *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  g_autoptr(KilnReleaseApplication) application = NULL;

  if (self->loading || self->profile == NULL || selected == 0)
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
      GtkWidget *row;
      GtkWidget *dropdown;

      for (guint j = 0; j < g_list_model_get_n_items (applications) && !listed; j++)
        {
          g_autoptr(KilnReleaseApplication) application = g_list_model_get_item (applications, j);
          listed = g_strcmp0 (kiln_release_application_get_name (application), app_names[i]) == 0;
        }
      if (listed)
        continue;

      row = adw_action_row_new ();
      dropdown = gtk_drop_down_new_from_strings ((const char * const[]) {
                                                   _(include_choices[0]), include_choices[1], include_choices[2],
                                                   include_choices[3], include_choices[4], include_choices[5], NULL });
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), app_names[i]);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Umbrella application, not in this release"));
      gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, app_names[i], -1);
      g_object_set_data_full (G_OBJECT (dropdown), "app", g_strdup (app_names[i]), g_free);
      g_signal_connect (dropdown, "notify::selected", G_CALLBACK (on_include_selected), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), dropdown);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), dropdown);
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
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *dropdown = gtk_drop_down_new_from_strings (mode_choices);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kiln_release_application_get_name (application));
      gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), kiln_release_application_get_mode (application));
      gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      kiln_release_application_get_name (application), -1);
      g_object_set_data (G_OBJECT (dropdown), "page", self);
      g_signal_connect_object (dropdown, "notify::selected", G_CALLBACK (on_mode_selected), application, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), dropdown);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), dropdown);
      gtk_list_box_append (self->applications_list, row);
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
  self->loading = TRUE;
  load_applications (self);
  self->loading = FALSE;
  refresh (self);
}

static void
set_entry_text (KilnReleasePage *self,
                const char      *field,
                const char      *text)
{
  GtkEditable *editable = g_hash_table_lookup (self->widgets, field);

  gtk_editable_set_text (editable, text ? text : "");
}

static void
load_profile (KilnReleasePage *self)
{
  KilnIncludeErts include_erts;

  if (self->profile == NULL)
    return;

  self->loading = TRUE;
  set_entry_text (self, "name", kiln_release_profile_get_name (self->profile));
  set_entry_text (self, "version", kiln_release_profile_get_version (self->profile));
  set_entry_text (self, "mix-env", kiln_release_profile_get_mix_env (self->profile));
  set_entry_text (self, "cookie", kiln_release_profile_get_cookie (self->profile));
  set_entry_text (self, "path", kiln_release_profile_get_path (self->profile));
  set_entry_text (self, "include-erts-path", kiln_release_profile_get_include_erts_path (self->profile));
  include_erts = kiln_release_profile_get_include_erts (self->profile);
  gtk_drop_down_set_selected (g_hash_table_lookup (self->widgets, "include-erts"), include_erts);
  gtk_widget_set_visible (g_hash_table_lookup (self->rows, "include-erts-path"),
                          include_erts == KILN_INCLUDE_ERTS_PATH);
  gtk_switch_set_active (g_hash_table_lookup (self->widgets, "steps"),
                         kiln_release_profile_get_steps_include_tar (self->profile));
  load_applications (self);
  bind_switches (self);
  self->loading = FALSE;

  refresh (self);
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

/* With no release chosen, nothing looks selected. */
static void
select_current_choice (KilnReleasePage *self)
{
  const char *current = self->profile != NULL ? kiln_release_profile_get_name (self->profile) : NULL;
  guint selected = current != NULL ? 0 : GTK_INVALID_LIST_POSITION;

  for (guint i = 0; current != NULL && i < self->choices->len; i++)
    {
      Choice *choice = &g_array_index (self->choices, Choice, i);

      if (choice->kind == CHOICE_MIX_RELEASE && g_strcmp0 (choice->name, current) == 0)
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

  if (self->profile != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->profile, self);
      g_signal_handlers_disconnect_by_data (kiln_release_profile_get_applications (self->profile), self);
    }
  g_set_object (&self->profile, profile);
  kiln_release_options_set_profile (self->advanced_options, profile);
  /* Edits made elsewhere (overlays, templates, formats) show in the preview too. */
  if (profile != NULL)
    {
      g_signal_connect_swapped (profile, "changed", G_CALLBACK (refresh), self);
      g_signal_connect_swapped (kiln_release_profile_get_applications (profile), "items-changed",
                                G_CALLBACK (on_applications_changed), self);
    }
  load_profile (self);
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

  if (choice->kind != CHOICE_PROFILE)
    kiln_session_apply_defaults (session, profile);
  self->choosing = TRUE;
  kiln_session_set_profile (session, profile);
  self->choosing = FALSE;
}

static void
on_project_changed (KilnReleasePage *self)
{
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

  if (self->profile != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->profile, self);
      g_signal_handlers_disconnect_by_data (kiln_release_profile_get_applications (self->profile), self);
    }
  g_clear_pointer (&self->bindings, g_ptr_array_unref);
  g_clear_object (&self->profile);
  g_clear_object (&self->choice_names);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->widgets, g_hash_table_unref);
  g_clear_pointer (&self->choices, g_array_unref);

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

  g_type_ensure (KILN_TYPE_RELEASE_OPTIONS);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kilnapp/Kiln/kiln-release-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KilnReleasePage, choice_row);
  gtk_widget_class_bind_template_child (widget_class, KilnReleasePage, options_list);
  gtk_widget_class_bind_template_child (widget_class, KilnReleasePage, advanced_options);
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

  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->widgets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->choices = g_array_new (FALSE, TRUE, sizeof (Choice));
  g_array_set_clear_func (self->choices, (GDestroyNotify) choice_clear);

  build_option_rows (self);

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
  g_return_val_if_fail (KILN_IS_RELEASE_PAGE (self), NULL);
  if (g_hash_table_contains (self->widgets, field))
    return g_hash_table_lookup (self->widgets, field);
  return kiln_release_options_get_widget (self->advanced_options, field);
}

GtkWidget *
kiln_release_page_get_option_row (KilnReleasePage *self,
                                  const char      *field)
{
  g_return_val_if_fail (KILN_IS_RELEASE_PAGE (self), NULL);
  if (g_hash_table_contains (self->rows, field))
    return g_hash_table_lookup (self->rows, field);
  return kiln_release_options_get_row (self->advanced_options, field);
}
