#include "config.h"

#include <adwaita.h>

#include "kiln-engine.h"
#include "kiln-release-page.h"
#include "kiln-test-util.h"
#include "kiln-ui-test-util.h"
#include "kiln-window.h"

static AdwComboRow *
find_choice_row (GtkWidget *widget)
{
  if (ADW_IS_COMBO_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), "Start From") == 0)
    return ADW_COMBO_ROW (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      AdwComboRow *found = find_choice_row (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Several releases and no default_release: the GUI, like the CLI, does not
 * take the first one; it shows the choices and waits for one. */
static void
test_ambiguous_release_is_asked (void)
{
  g_autofree char *project_dir = NULL;
  KilnWindow *window;
  KilnSession *session;
  KilnWizardPage *page;
  AdwComboRow *choice_row;
  const GError *choice_error;

  if (kiln_test_skip_without_toolchain ())
    return;

  project_dir = kiln_test_copy_fixture ("two_releases");
  window = kiln_window_new (NULL);
  gtk_window_present (GTK_WINDOW (window));
  session = kiln_window_get_session (window);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-project", "s", project_dir);
  g_assert_true (kiln_ui_wait_for (kiln_ui_test_inspection_done, window, 300));
  g_assert_null (kiln_session_get_inspect_error (session));

  g_assert_null (kiln_session_get_profile (session));
  choice_error = kiln_session_get_choice_error (session);
  g_assert_nonnull (choice_error);
  g_assert_nonnull (strstr (choice_error->message, "web, worker"));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "release");
  page = kiln_window_get_page (window, "release");
  choice_row = find_choice_row (GTK_WIDGET (page));
  g_assert_nonnull (choice_row);
  g_assert_cmpuint (adw_combo_row_get_selected (choice_row), ==, GTK_INVALID_LIST_POSITION);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (choice_row)), ==, choice_error->message);
  g_assert_false (kiln_wizard_page_get_complete (page));

  /* The second release, chosen by the user. */
  adw_combo_row_set_selected (choice_row, 1);
  g_assert_nonnull (kiln_session_get_profile (session));
  g_assert_cmpstr (kiln_release_profile_get_name (kiln_session_get_profile (session)), ==, "worker");
  g_assert_cmpstr (kiln_release_profile_get_version (kiln_session_get_profile (session)), ==, "0.9.0");
  g_assert_null (kiln_session_get_choice_error (session));
  g_assert_cmpuint (adw_combo_row_get_selected (choice_row), ==, 1);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (choice_row), "error"));
  g_assert_true (kiln_wizard_page_get_complete (page));

  gtk_window_destroy (GTK_WINDOW (window));
}

static const char *
selected_label (AdwComboRow *row)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (row);

  return item ? gtk_string_object_get_string (item) : NULL;
}

/* A project without releases: builds its default release, named after the
 * app, which a saved profile may be named after too; the combo shows the
 * one in use, and the saved profile's settings once it is chosen. */
static void
test_saved_profile_named_like_default (void)
{
  g_autofree char *project_dir = NULL;
  g_autoptr(KilnReleaseProfile) saved = kiln_release_profile_new ("phoenix_like");
  g_autoptr(KilnProfileStore) store = NULL;
  g_autoptr(GError) error = NULL;
  KilnWindow *window;
  KilnSession *session;
  AdwComboRow *choice_row;
  guint n_choices;

  if (kiln_test_skip_without_toolchain ())
    return;

  project_dir = kiln_test_copy_fixture ("phoenix_like");
  kiln_release_profile_set_run_assets (saved, FALSE);
  store = kiln_profile_store_new (project_dir);
  g_assert_true (kiln_profile_store_save (store, saved, &error));
  g_assert_no_error (error);

  window = kiln_window_new (NULL);
  gtk_window_present (GTK_WINDOW (window));
  session = kiln_window_get_session (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-project", "s", project_dir);
  g_assert_true (kiln_ui_wait_for (kiln_ui_test_inspection_done, window, 300));
  g_assert_true (kiln_release_profile_get_run_assets (kiln_session_get_profile (session)));

  choice_row = find_choice_row (GTK_WIDGET (kiln_window_get_page (window, "release")));
  g_assert_cmpstr (selected_label (choice_row), ==, "New release");

  n_choices = g_list_model_get_n_items (adw_combo_row_get_model (choice_row));
  for (guint i = 0; i < n_choices; i++)
    {
      GtkStringObject *item = g_list_model_get_item (adw_combo_row_get_model (choice_row), i);

      if (g_str_equal (gtk_string_object_get_string (item), "phoenix_like (saved profile)"))
        adw_combo_row_set_selected (choice_row, i);
      g_object_unref (item);
    }
  g_assert_cmpstr (selected_label (choice_row), ==, "phoenix_like (saved profile)");
  g_assert_false (kiln_release_profile_get_run_assets (kiln_session_get_profile (session)));

  gtk_window_destroy (GTK_WINDOW (window));
  kiln_test_remove_tree (project_dir);
}

int
main (int    argc,
      char **argv)
{
  kiln_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/release-choice/ambiguous", test_ambiguous_release_is_asked);
  g_test_add_func ("/ui/release-choice/saved-profile-named-like-default", test_saved_profile_named_like_default);

  return g_test_run ();
}
