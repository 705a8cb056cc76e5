#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "kiln-diff-view.h"
#include "kiln-engine.h"
#include "kiln-migrate-page.h"
#include "kiln-mix-exs-save.h"
#include "kiln-release-page.h"
#include "kiln-test-util.h"
#include "kiln-ui-test-util.h"
#include "kiln-ui-util.h"
#include "kiln-window.h"

#define TIMEOUT_S 300

static gboolean
migrate_page_idle (gpointer data)
{
  return !kiln_migrate_page_get_busy (data);
}

static gboolean
migrate_page_shown (gpointer data)
{
  return g_strcmp0 (kiln_window_get_visible_page_name (data), "migrate") == 0;
}

static void
open_project (KilnWindow *window,
              const char *project_dir)
{
  kiln_ui_test_open_project (window, project_dir);
  g_assert_null (kiln_session_get_inspect_error (kiln_window_get_session (window)));
}

static char *
read_file (const char *dir,
           const char *relative)
{
  g_autofree char *path = g_build_filename (dir, relative, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

static gboolean
file_exists (const char *dir,
             const char *relative)
{
  g_autofree char *path = g_build_filename (dir, relative, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static GtkWidget *
find_descendant (GtkWidget *root,
                 gboolean (*matches) (GtkWidget *widget, gconstpointer data),
                 gconstpointer data)
{
  if (matches (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, matches, data);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
is_row_titled (GtkWidget     *widget,
               gconstpointer  title)
{
  return ADW_IS_ACTION_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
is_label_text (GtkWidget     *widget,
               gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

static gboolean
is_combo_titled (GtkWidget     *widget,
                 gconstpointer  title)
{
  return ADW_IS_COMBO_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static void
choose (AdwComboRow *row,
        const char  *value)
{
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), value) == 0)
        {
          adw_combo_row_set_selected (row, i);
          return;
        }
    }
  g_assert_not_reached ();
}

static gboolean
is_expander_titled (GtkWidget     *widget,
                    gconstpointer  title)
{
  return ADW_IS_EXPANDER_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

/* Scrolls the page so `widget` is at the top, or to the very end. */
static void
scroll_to (GtkWidget *widget,
           gboolean   to_end)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  GtkWidget *viewport = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  graphene_point_t point;

  gtk_test_widget_wait_for_draw (widget);
  if (to_end)
    {
      /* The upper bound is right only once the latest changes are laid out. */
      for (guint i = 0; i < 5; i++)
        {
          gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
          gtk_test_widget_wait_for_draw (scrolled);
        }
    }
  else
    {
      /* Relative to the scrolled content, which does not move with the scroll position. */
      g_assert_true (gtk_widget_compute_point (widget, gtk_viewport_get_child (GTK_VIEWPORT (viewport)),
                                               &GRAPHENE_POINT_INIT (0, 0), &point));
      gtk_adjustment_set_value (adjustment, point.y - 48);
    }
}

static gboolean
is_button_targeting (GtkWidget     *widget,
                     gconstpointer  target)
{
  GVariant *value;

  if (!GTK_IS_BUTTON (widget) || g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "win.show-page") != 0)
    return FALSE;

  value = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget));
  return value != NULL && g_strcmp0 (g_variant_get_string (value, NULL), target) == 0;
}

static KilnMigratePage *
open_migrate_page (KilnWindow *window)
{
  KilnWizardPage *project_page = kiln_window_get_page (window, "project");
  KilnMigratePage *page = KILN_MIGRATE_PAGE (kiln_window_get_page (window, "migrate"));
  GtkWidget *button;

  /* The project page offers the migration where it reports the Distillery config. */
  g_assert_nonnull (kiln_project_get_distillery_config (kiln_session_get_project (kiln_window_get_session (window))));
  button = find_descendant (GTK_WIDGET (project_page), is_button_targeting, "migrate");
  g_assert_nonnull (button);
  kiln_ui_test_screenshot (GTK_WIDGET (window), "02-project-distillery");
  /* Activating a button presses it for a moment before it clicks. */
  g_assert_true (gtk_widget_activate (button));
  g_assert_true (kiln_ui_wait_for (migrate_page_shown, window, 10));
  g_assert_cmpstr (kiln_window_get_visible_page_name (window), ==, "migrate");

  g_assert_true (kiln_ui_wait_for (migrate_page_idle, page, TIMEOUT_S));
  g_assert_cmpstr (kiln_migrate_page_get_state (page), ==, "report");
  g_assert_nonnull (kiln_migrate_page_get_migration (page));

  return page;
}

static void
test_migrate_page_applies (void)
{
  g_autofree char *project_dir = NULL;
  g_autofree char *original = NULL;
  g_autofree char *shown_diff = NULL;
  g_autofree char *migrated = NULL;
  g_autofree char *backup = NULL;
  KilnWindow *window;
  KilnSession *session;
  KilnMigratePage *page;
  KilnMigration *migration;
  KilnMigrationEntry *entry;
  GtkWidget *environment_row;
  GtkWidget *mix_exs_row;
  GListModel *releases;
  gboolean found_release = FALSE;

  if (!kiln_test_toolchain_available ())
    {
      g_test_skip ("Elixir is not installed");
      return;
    }

  project_dir = kiln_test_copy_fixture ("distillery_single");
  original = read_file (project_dir, "mix.exs");

  window = kiln_ui_test_new_window ();
  session = kiln_window_get_session (window);
  open_project (window, project_dir);
  page = open_migrate_page (window);
  migration = kiln_migrate_page_get_migration (page);

  /* Defaults: the config's default release and the prod environment. */
  g_assert_cmpstr (kiln_migration_get_release_name (migration), ==, "dsingle");
  g_assert_cmpstr (kiln_migration_get_environment (migration), ==, "prod");

  /* Another environment is worked out again, in place. */
  environment_row = find_descendant (GTK_WIDGET (page), is_combo_titled, "Environment");
  g_assert_nonnull (environment_row);
  choose (ADW_COMBO_ROW (environment_row), "dev");
  g_assert_true (kiln_migrate_page_get_busy (page));
  g_assert_true (kiln_ui_wait_for (migrate_page_idle, page, TIMEOUT_S));
  g_assert_cmpstr (kiln_migrate_page_get_state (page), ==, "report");
  migration = kiln_migrate_page_get_migration (page);
  g_assert_cmpstr (kiln_migration_get_environment (migration), ==, "dev");
  g_assert_nonnull (find_descendant (GTK_WIDGET (page), is_row_titled, "environment :prod"));
  choose (ADW_COMBO_ROW (environment_row), "prod");
  g_assert_true (kiln_ui_wait_for (migrate_page_idle, page, TIMEOUT_S));
  migration = kiln_migrate_page_get_migration (page);
  g_assert_cmpstr (kiln_migration_get_environment (migration), ==, "prod");

  /* The report, as data and as rows on the page. */
  entry = kiln_migration_find_entry (migration, "cookie");
  g_assert_nonnull (entry);
  g_assert_cmpint (kiln_migration_entry_get_status (entry), ==, KILN_MIGRATION_STATUS_CHANGED);
  entry = kiln_migration_find_entry (migration, "include_src");
  g_assert_nonnull (entry);
  g_assert_cmpint (kiln_migration_entry_get_status (entry), ==, KILN_MIGRATION_STATUS_NO_EQUIVALENT);
  g_assert_nonnull (find_descendant (GTK_WIDGET (page), is_row_titled, "cookie"));
  g_assert_nonnull (find_descendant (GTK_WIDGET (page), is_row_titled, "include_src"));
  g_assert_nonnull (find_descendant (GTK_WIDGET (page), is_row_titled, "version"));

  shown_diff = kiln_migrate_page_dup_shown_diff (page);
  g_assert_nonnull (strstr (shown_diff, "+++ b/mix.exs"));
  g_assert_nonnull (strstr (shown_diff, "+      releases: ["));
  g_assert_nonnull (strstr (shown_diff, "+++ b/rel/vm.args.eex"));

  /* Showing changes nothing; the migrate page is not a step Next leads from. */
  migrated = read_file (project_dir, "mix.exs");
  g_assert_cmpstr (migrated, ==, original);
  g_clear_pointer (&migrated, g_free);
  g_assert_false (file_exists (project_dir, "mix.exs.kiln-backup"));
  g_assert_false (file_exists (project_dir, "rel/vm.args.eex"));
  gtk_widget_activate_action (GTK_WIDGET (window), "wizard.next", NULL);
  g_assert_cmpstr (kiln_window_get_visible_page_name (window), ==, "migrate");

  kiln_ui_test_screenshot (GTK_WIDGET (window), "11-migrate");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  kiln_ui_test_screenshot (GTK_WIDGET (window), "11-migrate-dark");
  mix_exs_row = find_descendant (GTK_WIDGET (page), is_expander_titled, "mix.exs");
  g_assert_nonnull (mix_exs_row);
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (mix_exs_row)));
  scroll_to (mix_exs_row, FALSE);
  kiln_ui_test_screenshot (GTK_WIDGET (window), "11-migrate-diff-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  kiln_ui_test_screenshot (GTK_WIDGET (window), "11-migrate-diff");
  scroll_to (mix_exs_row, TRUE);
  kiln_ui_test_screenshot (GTK_WIDGET (window), "11-migrate-apply");
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 700);
  kiln_ui_test_screenshot (GTK_WIDGET (window), "11-migrate-narrow");
  scroll_to (mix_exs_row, FALSE);
  kiln_ui_test_screenshot (GTK_WIDGET (window), "11-migrate-narrow-diff");
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 1000);

  gtk_switch_set_active (GTK_SWITCH (kiln_migrate_page_get_rename_switch (page)), TRUE);
  gtk_widget_activate_action (GTK_WIDGET (page), "migrate.apply", NULL);
  g_assert_true (kiln_ui_wait_for (migrate_page_idle, page, TIMEOUT_S));
  g_assert_null (kiln_migrate_page_get_apply_error (page));
  g_assert_true (kiln_migrate_page_get_applied (page));

  migrated = read_file (project_dir, "mix.exs");
  g_assert_nonnull (strstr (migrated, "releases: ["));
  g_assert_nonnull (strstr (migrated, "dsingle: ["));
  g_assert_nonnull (strstr (migrated, "cookie: \"dsingle-prod-cookie\""));
  backup = read_file (project_dir, "mix.exs.kiln-backup");
  g_assert_cmpstr (backup, ==, original);
  g_assert_true (file_exists (project_dir, "rel/vm.args.eex"));
  g_assert_true (file_exists (project_dir, "rel/config.exs.distillery"));
  g_assert_false (file_exists (project_dir, "rel/config.exs"));
  g_assert_nonnull (find_descendant (GTK_WIDGET (page), is_row_titled, "rel/config.exs"));
  kiln_ui_test_screenshot (GTK_WIDGET (window), "12-migrate-applied");

  /* Building the migrated release reads the project again, chooses the
   * release and goes on to the Build page. */
  gtk_widget_activate_action (GTK_WIDGET (page), "migrate.reinspect", NULL);
  g_assert_cmpstr (kiln_window_get_visible_page_name (window), ==, "project");
  g_assert_true (kiln_ui_wait_for (kiln_ui_test_inspection_done, window, TIMEOUT_S));
  g_assert_cmpstr (kiln_window_get_visible_page_name (window), ==, "build");
  g_assert_cmpstr (kiln_release_profile_get_name (kiln_session_get_profile (session)), ==, "dsingle");
  g_assert_null (kiln_session_get_inspect_error (session));
  releases = kiln_project_get_releases (kiln_session_get_project (session));
  for (guint i = 0; i < g_list_model_get_n_items (releases); i++)
    {
      g_autoptr(KilnProjectRelease) release = g_list_model_get_item (releases, i);
      found_release |= g_strcmp0 (kiln_project_release_get_name (release), "dsingle") == 0;
    }
  g_assert_true (found_release);
  g_assert_null (kiln_migrate_page_get_migration (page));

  gtk_window_destroy (GTK_WINDOW (window));
  kiln_test_remove_tree (project_dir);
}

static void
test_migrate_page_refuses_changed_mix_exs (void)
{
  g_autofree char *project_dir = NULL;
  g_autofree char *mix_exs = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *after = NULL;
  g_autofree char *shown_diff = NULL;
  KilnWindow *window;
  KilnMigratePage *page;

  if (!kiln_test_toolchain_available ())
    {
      g_test_skip ("Elixir is not installed");
      return;
    }

  project_dir = kiln_test_copy_fixture ("distillery_single");
  mix_exs = g_build_filename (project_dir, "mix.exs", NULL);

  window = kiln_ui_test_new_window ();
  open_project (window, project_dir);
  page = open_migrate_page (window);

  /* The user edits mix.exs while Kiln shows the migration. */
  edited = read_file (project_dir, "mix.exs");
  edited = g_realloc (edited, strlen (edited) + 64);
  strcat (edited, "# edited after Kiln read it\n");
  g_assert_true (g_file_set_contents (mix_exs, edited, -1, NULL));

  gtk_widget_activate_action (GTK_WIDGET (page), "migrate.apply", NULL);
  g_assert_true (kiln_ui_wait_for (migrate_page_idle, page, TIMEOUT_S));
  g_assert_false (kiln_migrate_page_get_applied (page));
  g_assert_nonnull (kiln_migrate_page_get_apply_error (page));
  g_assert_nonnull (strstr (kiln_migrate_page_get_apply_error (page), "mix.exs"));
  after = read_file (project_dir, "mix.exs");
  g_assert_cmpstr (after, ==, edited);
  g_assert_false (file_exists (project_dir, "mix.exs.kiln-backup"));
  g_assert_false (file_exists (project_dir, "rel/vm.args.eex"));
  scroll_to (kiln_migrate_page_get_rename_switch (page), TRUE);
  kiln_ui_test_screenshot (GTK_WIDGET (window), "12-migrate-refused");

  /* Review Again reads the edited file, and then applying works. */
  gtk_widget_activate_action (GTK_WIDGET (page), "migrate.prepare", NULL);
  g_assert_true (kiln_ui_wait_for (migrate_page_idle, page, TIMEOUT_S));
  g_assert_cmpstr (kiln_migrate_page_get_state (page), ==, "report");
  g_assert_null (kiln_migrate_page_get_apply_error (page));
  shown_diff = kiln_migrate_page_dup_shown_diff (page);
  g_assert_nonnull (strstr (shown_diff, "+++ b/mix.exs"));

  gtk_widget_activate_action (GTK_WIDGET (page), "migrate.apply", NULL);
  g_assert_true (kiln_ui_wait_for (migrate_page_idle, page, TIMEOUT_S));
  g_assert_true (kiln_migrate_page_get_applied (page));
  g_clear_pointer (&after, g_free);
  after = read_file (project_dir, "mix.exs");
  g_assert_nonnull (strstr (after, "# edited after Kiln read it\n"));
  g_assert_nonnull (strstr (after, "releases: ["));
  /* Without the switch, rel/config.exs stays where it is. */
  g_assert_true (file_exists (project_dir, "rel/config.exs"));

  /* Back leads to the project page the migration started from. */
  gtk_widget_activate_action (GTK_WIDGET (window), "wizard.back", NULL);
  g_assert_cmpstr (kiln_window_get_visible_page_name (window), ==, "project");

  gtk_window_destroy (GTK_WINDOW (window));
  kiln_test_remove_tree (project_dir);
}

static void
test_migrate_page_chooses_release (void)
{
  g_autofree char *project_dir = NULL;
  g_autofree char *shown_diff = NULL;
  g_autofree char *original = NULL;
  g_autofree char *after = NULL;
  KilnWindow *window;
  KilnMigratePage *page;
  GtkWidget *release_row;

  if (!kiln_test_toolchain_available ())
    {
      g_test_skip ("Elixir is not installed");
      return;
    }

  project_dir = kiln_test_copy_fixture ("distillery_multi");
  original = read_file (project_dir, "mix.exs");

  window = kiln_ui_test_new_window ();
  open_project (window, project_dir);
  page = open_migrate_page (window);
  g_assert_cmpstr (kiln_migration_get_release_name (kiln_migrate_page_get_migration (page)), ==, "worker");

  release_row = find_descendant (GTK_WIDGET (page), is_combo_titled, "Distillery Release");
  g_assert_nonnull (release_row);
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (release_row))), ==, 2);
  choose (ADW_COMBO_ROW (release_row), "api");
  g_assert_true (kiln_ui_wait_for (migrate_page_idle, page, TIMEOUT_S));
  g_assert_cmpstr (kiln_migrate_page_get_state (page), ==, "report");
  g_assert_cmpstr (kiln_migration_get_release_name (kiln_migrate_page_get_migration (page)), ==, "api");
  shown_diff = kiln_migrate_page_dup_shown_diff (page);
  /* api's own entry is replaced; worker's is kept as it is. */
  g_assert_nonnull (strstr (shown_diff, "\n-                api: [quiet: true]]]\n"));
  g_assert_nonnull (strstr (shown_diff, "\n+                api: [\n"));
  g_assert_null (strstr (shown_diff, "\n-     releases: [worker"));

  after = read_file (project_dir, "mix.exs");
  g_assert_cmpstr (after, ==, original);

  gtk_window_destroy (GTK_WINDOW (window));
  kiln_test_remove_tree (project_dir);
}

static void
test_migrate_page_reports_unreadable_config (void)
{
  g_autofree char *project_dir = NULL;
  g_autofree char *config = NULL;
  g_autofree char *good_config = NULL;
  KilnWindow *window;
  KilnMigratePage *page;

  if (!kiln_test_toolchain_available ())
    {
      g_test_skip ("Elixir is not installed");
      return;
    }

  project_dir = kiln_test_copy_fixture ("distillery_single");
  config = g_build_filename (project_dir, "rel", "config.exs", NULL);
  good_config = read_file (project_dir, "rel/config.exs");
  g_assert_true (g_file_set_contents (config, "use Mix.Releases.Config\nraise \"broken <on> & purpose\"\n", -1, NULL));

  window = kiln_ui_test_new_window ();
  open_project (window, project_dir);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "migrate");
  page = KILN_MIGRATE_PAGE (kiln_window_get_page (window, "migrate"));
  g_assert_true (kiln_ui_wait_for (migrate_page_idle, page, TIMEOUT_S));
  g_assert_cmpstr (kiln_migrate_page_get_state (page), ==, "error");
  g_assert_null (kiln_migrate_page_get_migration (page));
  /* The message quotes the config as it is (markup characters included). */
  g_assert_nonnull (find_descendant (GTK_WIDGET (page), is_label_text, "broken <on> & purpose"));
  kiln_ui_test_screenshot (GTK_WIDGET (window), "11-migrate-error");

  /* Once the config is fixed, Try Again shows the report. */
  g_assert_true (g_file_set_contents (config, good_config, -1, NULL));
  gtk_widget_activate_action (GTK_WIDGET (page), "migrate.prepare", NULL);
  g_assert_true (kiln_ui_wait_for (migrate_page_idle, page, TIMEOUT_S));
  g_assert_cmpstr (kiln_migrate_page_get_state (page), ==, "report");
  g_assert_nonnull (kiln_migrate_page_get_migration (page));

  gtk_window_destroy (GTK_WINDOW (window));
  kiln_test_remove_tree (project_dir);
}

typedef struct
{
  const char *name;
  GtkWidget  *found;
} DialogSearch;

static gboolean
save_dialog_shown (gpointer data)
{
  DialogSearch *search = data;
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  search->found = NULL;
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data) &&
        g_strcmp0 (gtk_widget_get_name (l->data), search->name) == 0)
      search->found = l->data;

  return search->found != NULL;
}

static gboolean
save_dialog_gone (gpointer data)
{
  return !save_dialog_shown (data);
}

static gboolean
backup_written (gpointer data)
{
  return file_exists (data, "mix.exs.kiln-backup");
}

typedef struct
{
  const char *project_dir;
  const char *original;
} SaveWait;

/* The backup is written first, so the save is over once mix.exs differs. */
static gboolean
mix_exs_saved (gpointer data)
{
  SaveWait *wait = data;
  g_autofree char *path = g_build_filename (wait->project_dir, "mix.exs", NULL);
  g_autofree char *contents = NULL;

  return g_file_get_contents (path, &contents, NULL, NULL) && g_strcmp0 (contents, wait->original) != 0;
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

/* As the user does: the response button, which answers and closes the dialog. */
static void
click_response (GtkWidget  *dialog,
                const char *label)
{
  GtkWidget *button = find_descendant (dialog, is_button_labelled, label);

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

static const char *
dialog_diff (GtkWidget *dialog)
{
  GtkWidget *scrolled = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog));
  GtkWidget *view = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));

  g_assert_true (KILN_IS_DIFF_VIEW (view));
  return kiln_diff_view_get_diff (KILN_DIFF_VIEW (view));
}

static void
test_release_page_saves_to_mix_exs (void)
{
  g_autofree char *project_dir = NULL;
  g_autofree char *original = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *backup = NULL;
  DialogSearch search = { KILN_MIX_EXS_SAVE_DIALOG_NAME, NULL };
  SaveWait wait = { NULL, NULL };
  const char *application_part;
  KilnWindow *window;
  KilnWizardPage *release_page;
  GtkWidget *save_button;
  GtkWidget *version;

  if (!kiln_test_toolchain_available ())
    {
      g_test_skip ("Elixir is not installed");
      return;
    }

  project_dir = kiln_test_copy_sample ();
  original = read_file (project_dir, "mix.exs");
  wait.project_dir = project_dir;
  wait.original = original;

  window = kiln_ui_test_new_window ();
  open_project (window, project_dir);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "release");
  release_page = kiln_window_get_page (window, "release");
  version = kiln_release_page_get_option_widget (KILN_RELEASE_PAGE (release_page), "version");
  gtk_editable_set_text (GTK_EDITABLE (version), "0.9.9");

  /* Cancel writes nothing. The first time through the page's button. */
  save_button = find_descendant (GTK_WIDGET (release_page), is_button_labelled, "Save to _mix.exs…");
  g_assert_nonnull (save_button);
  scroll_to (save_button, FALSE);
  kiln_ui_test_screenshot (GTK_WIDGET (window), "13-release-save-button");
  g_assert_true (gtk_widget_activate (save_button));
  g_assert_true (kiln_ui_wait_for (save_dialog_shown, &search, TIMEOUT_S));
  g_assert_nonnull (strstr (dialog_diff (search.found), "+          version: \"0.9.9\""));
  kiln_ui_test_screenshot (search.found, "13-save-to-mix-exs");
  click_response (search.found, "_Cancel");
  g_assert_true (kiln_ui_wait_for (save_dialog_gone, &search, TIMEOUT_S));
  saved = read_file (project_dir, "mix.exs");
  g_assert_cmpstr (saved, ==, original);
  g_clear_pointer (&saved, g_free);
  g_assert_false (backup_written (project_dir));

  /* Save writes the release's entry, keeping the rest and a backup. */
  gtk_widget_activate_action (GTK_WIDGET (release_page), "release.save-to-mix-exs", NULL);
  g_assert_true (kiln_ui_wait_for (save_dialog_shown, &search, TIMEOUT_S));
  click_response (search.found, "_Save");
  g_assert_true (kiln_ui_wait_for (mix_exs_saved, &wait, TIMEOUT_S));
  g_assert_true (backup_written (project_dir));
  kiln_ui_test_screenshot (GTK_WIDGET (window), "13-save-to-mix-exs-done");

  backup = read_file (project_dir, "mix.exs.kiln-backup");
  g_assert_cmpstr (backup, ==, original);
  saved = read_file (project_dir, "mix.exs");
  g_assert_cmpstr (saved, !=, original);
  g_assert_nonnull (strstr (saved, "version: \"0.9.9\""));
  /* Outside the releases: entry the file is byte for byte the same. */
  g_assert_true (g_str_has_prefix (saved, "defmodule HelloRelease.MixProject do\n  use Mix.Project\n\n"
                                          "  def project do\n    [\n      app: :hello_release,\n"
                                          "      version: \"0.1.0\",\n"));
  application_part = strstr (original, "\n  def application do");
  g_assert_nonnull (application_part);
  g_assert_true (g_str_has_suffix (saved, application_part));

  gtk_window_destroy (GTK_WINDOW (window));
  kiln_test_remove_tree (project_dir);
}

int
main (int    argc,
      char **argv)
{
  kiln_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/migrate/applies", test_migrate_page_applies);
  g_test_add_func ("/ui/migrate/refuses-changed-mix-exs", test_migrate_page_refuses_changed_mix_exs);
  g_test_add_func ("/ui/migrate/chooses-release", test_migrate_page_chooses_release);
  g_test_add_func ("/ui/migrate/unreadable-config", test_migrate_page_reports_unreadable_config);
  g_test_add_func ("/ui/release/save-to-mix-exs", test_release_page_saves_to_mix_exs);

  return g_test_run ();
}
