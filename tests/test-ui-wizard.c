#include "config.h"

#include <adwaita.h>

#include "kiln-engine.h"
#include "kiln-history-window.h"
#include "kiln-logs-page.h"
#include "kiln-overlays-page.h"
#include "kiln-preferences-window.h"
#include "kiln-problem.h"
#include "kiln-release-page.h"
#include "kiln-result-page.h"
#include "kiln-test-util.h"
#include "kiln-ui-test-util.h"
#include "kiln-ui-util.h"
#include "kiln-window.h"

#define BUILD_TIMEOUT_S 600

static gboolean
build_has_output (gpointer data)
{
  KilnSession *session = kiln_window_get_session (data);

  return !kiln_session_get_building (session) ||
         g_list_model_get_n_items (G_LIST_MODEL (kiln_session_get_log (session))) > 3;
}

static gboolean
run_stopped (gpointer data)
{
  return !kiln_result_page_get_running (data);
}

/* The overlay preview is listed on a worker thread. */
static gboolean
overlays_show_notice (gpointer data)
{
  return strstr (kiln_overlays_page_get_preview (data), "NOTICE.txt") != NULL;
}

static void
set_option (KilnReleasePage *page,
            const char      *field,
            const char      *text)
{
  GtkWidget *editable = kiln_release_page_get_option_widget (page, field);

  g_assert_true (GTK_IS_EDITABLE (editable));
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

static void
test_wizard_builds_sample (void)
{
  g_autofree char *project_dir = kiln_test_copy_sample ();
  g_autofree char *overlay_dir = kiln_test_make_temp_dir ("overlay");
  g_autofree char *notice = g_build_filename (overlay_dir, "NOTICE.txt", NULL);
  g_autofree char *before = NULL;
  g_autofree char *in_release = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_auto(GStrv) recent = NULL;
  g_autoptr(GError) error = NULL;
  KilnHistoryWindow *history;
  KilnResultPage *result_page;
  GtkTextBuffer *vm_args;
  GtkTextIter end;
  g_autofree char *rendered_vm_args = NULL;
  g_autofree char *vm_args_text = NULL;
  GListModel *run_output;
  gint64 deadline;
  KilnWindow *window;
  KilnSession *session;
  KilnReleasePage *release_page;
  KilnLogsPage *logs_page;
  KilnBuild *build;
  GListModel *artifacts;
  GtkWidget *row;

  if (!kiln_test_toolchain_available ())
    {
      g_test_skip ("Elixir is not installed");
      return;
    }

  g_assert_true (g_file_set_contents (notice, "Shipped by Kiln's UI test\n", -1, NULL));

  window = kiln_ui_test_new_window ();
  session = kiln_window_get_session (window);
  g_assert_cmpstr (kiln_window_get_visible_page_name (window), ==, "welcome");
  kiln_ui_test_screenshot (GTK_WIDGET (window), "01-welcome");

  kiln_ui_test_open_project (window, project_dir);
  g_assert_null (kiln_session_get_inspect_error (session));
  g_assert_nonnull (kiln_session_get_project (session));
  g_assert_cmpstr (kiln_project_get_app_name (kiln_session_get_project (session)), ==, "hello_release");
  g_assert_true (kiln_wizard_page_get_complete (kiln_window_get_page (window, "project")));
  settings = kiln_ui_dup_settings ();
  recent = g_settings_get_strv (settings, "recent-projects");
  g_assert_true (g_strv_contains ((const char * const *) recent, kiln_session_get_project_dir (session)));
  kiln_ui_test_screenshot (GTK_WIDGET (window), "02-project");

  kiln_ui_test_next (window, "release");
  release_page = KILN_RELEASE_PAGE (kiln_window_get_page (window, "release"));
  g_assert_true (kiln_wizard_page_get_complete (KILN_WIZARD_PAGE (release_page)));
  before = g_strdup (kiln_release_page_get_preview (release_page));
  g_assert_nonnull (strstr (before, "hello_release"));
  g_assert_null (strstr (before, "0.7.3"));

  set_option (release_page, "version", "0.7.3");
  g_assert_cmpstr (kiln_release_profile_get_version (kiln_session_get_profile (session)), ==, "0.7.3");
  g_assert_nonnull (strstr (kiln_release_page_get_preview (release_page), "0.7.3"));

  /* An invalid version is marked on its row and blocks Next. */
  set_option (release_page, "version", "not a version");
  row = kiln_release_page_get_option_row (release_page, "version");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_false (kiln_wizard_page_get_complete (KILN_WIZARD_PAGE (release_page)));
  kiln_ui_test_screenshot (GTK_WIDGET (window), "03-release-invalid");
  gtk_widget_activate_action (GTK_WIDGET (window), "wizard.next", NULL);
  g_assert_cmpstr (kiln_window_get_visible_page_name (window), ==, "release");

  set_option (release_page, "version", "0.7.3");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_assert_true (kiln_wizard_page_get_complete (KILN_WIZARD_PAGE (release_page)));
  kiln_ui_test_screenshot (GTK_WIDGET (window), "03-release");


  kiln_ui_test_next (window, "overlays");
  kiln_overlays_page_add_entry (KILN_OVERLAYS_PAGE (kiln_window_get_page (window, "overlays")), notice);
  vm_args = kiln_overlays_page_get_template_buffer (KILN_OVERLAYS_PAGE (kiln_window_get_page (window, "overlays")),
                                                    KILN_RELEASE_TEMPLATE_VM_ARGS);
  gtk_text_buffer_get_end_iter (vm_args, &end);
  gtk_text_buffer_insert (vm_args, &end, "\n## edited-in-kiln-ui-test\n", -1);
  g_assert_nonnull (strstr (kiln_release_profile_get_template (kiln_session_get_profile (session),
                                                               KILN_RELEASE_TEMPLATE_VM_ARGS),
                            "edited-in-kiln-ui-test"));
  g_assert_cmpuint (g_list_model_get_n_items (kiln_release_profile_get_overlay_entries (kiln_session_get_profile (session))), ==, 1);
  g_assert_true (kiln_ui_wait_for (overlays_show_notice, kiln_window_get_page (window, "overlays"), 30));
  kiln_ui_test_screenshot (GTK_WIDGET (window), "04-overlays");

  kiln_ui_test_next (window, "build");
  kiln_ui_test_screenshot (GTK_WIDGET (window), "05-build");
  gtk_widget_activate_action (GTK_WIDGET (kiln_window_get_page (window, "build")), "build.start", NULL);
  g_assert_true (kiln_session_get_building (session));

  /* Navigation is locked while building: Back does nothing. */
  gtk_widget_activate_action (GTK_WIDGET (window), "wizard.back", NULL);
  g_assert_cmpstr (kiln_window_get_visible_page_name (window), ==, "build");

  g_assert_true (kiln_ui_wait_for (build_has_output, window, BUILD_TIMEOUT_S));
  kiln_ui_test_screenshot (GTK_WIDGET (window), "05-build-running");
  g_assert_true (kiln_ui_wait_for (kiln_ui_test_build_done, window, BUILD_TIMEOUT_S));

  if (kiln_session_get_build_result (session) != KILN_BUILD_RESULT_SUCCEEDED)
    g_error ("build failed: %s", kiln_session_get_build_error (session));

  /* A finished build moves on to its result. */
  g_assert_cmpstr (kiln_window_get_visible_page_name (window), ==, "result");
  build = kiln_session_get_build (session);
  artifacts = kiln_build_get_artifacts (build);
  g_assert_cmpuint (g_list_model_get_n_items (artifacts), >=, 1);
  for (guint i = 0; i < g_list_model_get_n_items (artifacts); i++)
    {
      g_autoptr(KilnArtifact) artifact = g_list_model_get_item (artifacts, i);
      g_assert_true (g_file_test (kiln_artifact_get_path (artifact), G_FILE_TEST_IS_REGULAR));
      g_assert_cmpuint (kiln_artifact_get_size (artifact), >, 0);
    }
  g_assert_nonnull (gtk_list_box_get_row_at_index (kiln_result_page_get_artifacts_list (KILN_RESULT_PAGE (kiln_window_get_page (window, "result"))), 0));
  {
    AdwActionRow *host_row = kiln_result_page_get_host_row (KILN_RESULT_PAGE (kiln_window_get_page (window, "result")));

    g_assert_true (gtk_widget_is_visible (GTK_WIDGET (host_row)));
    g_assert_true (g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (host_row)), "Built on "));
    g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (host_row), "Runs on "));
  }

  in_release = g_build_filename (kiln_build_get_release_dir (build), "NOTICE.txt", NULL);
  g_assert_true (g_file_test (in_release, G_FILE_TEST_IS_REGULAR));
  rendered_vm_args = g_build_filename (kiln_build_get_release_dir (build), "releases", "0.7.3", "vm.args", NULL);
  g_assert_true (g_file_get_contents (rendered_vm_args, &vm_args_text, NULL, NULL));
  g_assert_nonnull (strstr (vm_args_text, "edited-in-kiln-ui-test"));

  /* The release tree explorer fills in from a worker thread. */
  for (guint i = 0; i < 200 && gtk_list_box_get_row_at_index (kiln_result_page_get_tree_list (KILN_RESULT_PAGE (kiln_window_get_page (window, "result"))), 0) == NULL; i++)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (gtk_list_box_get_row_at_index (kiln_result_page_get_tree_list (KILN_RESULT_PAGE (kiln_window_get_page (window, "result"))), 0));
  kiln_ui_test_screenshot (GTK_WIDGET (window), "07-result");

  /* Run the release, then stop it: the whole process group goes away. */
  result_page = KILN_RESULT_PAGE (kiln_window_get_page (window, "result"));
  gtk_widget_activate_action (GTK_WIDGET (result_page), "result.run", NULL);
  g_assert_true (kiln_result_page_get_running (result_page));
  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();
    gboolean shown = FALSE;

    /* It says it runs, with its pid and what to try next. */
    kiln_ui_test_collect_visible (GTK_WIDGET (result_page), GTK_TYPE_LABEL, labels);
    for (guint i = 0; i < labels->len; i++)
      {
        const char *text = gtk_label_get_text (labels->pdata[i]);
        shown |= g_str_has_prefix (text, "Running since ") && strstr (text, ", pid ") != NULL
                 && strstr (text, "remote") != NULL;
      }
    g_assert_true (shown);
  }
  deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (kiln_result_page_get_running (result_page));
  gtk_widget_activate_action (GTK_WIDGET (result_page), "result.stop", NULL);
  g_assert_true (kiln_ui_wait_for (run_stopped, result_page, 30));
  run_output = kiln_result_page_get_run_output (result_page);
  {
    g_autoptr(KilnLogLine) last = NULL;

    kiln_log_model_flush (KILN_LOG_MODEL (run_output));
    last = g_list_model_get_item (run_output, g_list_model_get_n_items (run_output) - 1);
    g_assert_cmpstr (kiln_log_line_get_text (last), ==, "— stopped");
  }

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "logs");
  g_assert_cmpstr (kiln_window_get_visible_page_name (window), ==, "logs");
  logs_page = KILN_LOGS_PAGE (kiln_window_get_page (window, "logs"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (kiln_build_get_log (build))), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (kiln_log_view_get_visible_lines (kiln_logs_page_get_log_view (logs_page))),
                    ==, g_list_model_get_n_items (G_LIST_MODEL (kiln_build_get_log (build))));
  kiln_ui_test_screenshot (GTK_WIDGET (window), "06-logs");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  kiln_ui_test_screenshot (GTK_WIDGET (window), "06-logs-dark");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "result");
  kiln_ui_test_screenshot (GTK_WIDGET (window), "07-result-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* The build is in the project's history, with its log. */
  history = kiln_history_window_new (project_dir);
  g_assert_cmpuint (g_list_model_get_n_items (kiln_history_window_get_records (history)), >=, 1);
  g_assert_true (kiln_history_window_open_log (history, 0, &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (history));
  kiln_ui_test_screenshot (GTK_WIDGET (history), "09-history-log");
  gtk_window_destroy (GTK_WINDOW (history));

  /* Narrow windows still lay out. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "release");
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  kiln_ui_test_screenshot (GTK_WIDGET (window), "08-release-narrow");
  {
    int minimum = 0;

    /* The header bar (Back, title, Next, menu, window buttons) was what kept it wider. */
    gtk_widget_measure (gtk_window_get_child (GTK_WINDOW (window)), GTK_ORIENTATION_HORIZONTAL, -1,
                        &minimum, NULL, NULL, NULL);
    g_assert_cmpint (minimum, <=, 360);
  }
  /* Saving keeps the options as a profile of this project. */
  gtk_widget_activate_action (GTK_WIDGET (release_page), "release.save-profile", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (kiln_session_get_profile_store (session))), ==, 1);
  g_assert_cmpstr (kiln_release_profile_get_version (kiln_profile_store_lookup (kiln_session_get_profile_store (session),
                                                                                "hello_release")), ==, "0.7.3");

  gtk_window_destroy (GTK_WINDOW (window));
  kiln_test_remove_tree (project_dir);
}

static void
test_wizard_cancels_build (void)
{
  g_autofree char *project_dir = kiln_test_copy_sample ();
  KilnWindow *window;
  KilnSession *session;
  KilnWizardPage *build_page;

  if (!kiln_test_toolchain_available ())
    {
      g_test_skip ("Elixir is not installed");
      return;
    }

  window = kiln_ui_test_new_window ();
  session = kiln_window_get_session (window);
  kiln_ui_test_open_project (window, project_dir);
  kiln_ui_test_next (window, "release");
  kiln_ui_test_next (window, "overlays");
  kiln_ui_test_next (window, "build");
  build_page = kiln_window_get_page (window, "build");

  gtk_widget_activate_action (GTK_WIDGET (build_page), "build.start", NULL);
  g_assert_true (kiln_session_get_building (session));
  g_assert_true (kiln_ui_wait_for (build_has_output, window, BUILD_TIMEOUT_S));
  gtk_widget_activate_action (GTK_WIDGET (build_page), "build.cancel", NULL);
  g_assert_true (kiln_ui_wait_for (kiln_ui_test_build_done, window, 60));
  g_assert_cmpint (kiln_session_get_build_result (session), ==, KILN_BUILD_RESULT_CANCELLED);
  g_assert_cmpstr (kiln_window_get_visible_page_name (window), ==, "build");
  kiln_ui_test_screenshot (GTK_WIDGET (window), "05-build-cancelled");

  /* Back is free again, and so is building once more. */
  gtk_widget_activate_action (GTK_WIDGET (window), "wizard.back", NULL);
  g_assert_cmpstr (kiln_window_get_visible_page_name (window), ==, "overlays");
  kiln_ui_test_next (window, "build");
  gtk_widget_activate_action (GTK_WIDGET (build_page), "build.start", NULL);
  g_assert_true (kiln_session_get_building (session));
  gtk_widget_activate_action (GTK_WIDGET (build_page), "build.cancel", NULL);
  g_assert_true (kiln_ui_wait_for (kiln_ui_test_build_done, window, 60));
  g_assert_cmpint (kiln_session_get_build_result (session), ==, KILN_BUILD_RESULT_CANCELLED);

  gtk_window_destroy (GTK_WINDOW (window));
  kiln_test_remove_tree (project_dir);
}

static void
test_wizard_umbrella_applications (void)
{
  g_autofree char *project_dir = kiln_test_copy_fixture ("umbrella");
  KilnWindow *window;
  KilnSession *session;
  KilnReleaseProfile *profile;
  KilnReleasePage *release_page;
  GListModel *applications;
  GtkWidget *dropdown = NULL;
  GtkWidget *row;

  if (!kiln_test_toolchain_available ())
    {
      g_test_skip ("Elixir is not installed");
      return;
    }

  window = kiln_ui_test_new_window ();
  session = kiln_window_get_session (window);
  kiln_ui_test_open_project (window, project_dir);
  g_assert_null (kiln_session_get_inspect_error (session));
  g_assert_true (kiln_session_get_is_umbrella (session));
  kiln_ui_test_next (window, "release");

  profile = kiln_session_get_profile (session);
  g_assert_cmpstr (kiln_release_profile_get_name (profile), ==, "umbrella_rel");
  applications = kiln_release_profile_get_applications (profile);
  g_assert_cmpuint (g_list_model_get_n_items (applications), ==, 2);
  release_page = KILN_RELEASE_PAGE (kiln_window_get_page (window, "release"));
  g_assert_nonnull (strstr (kiln_release_page_get_preview (release_page), "beta: :transient"));

  /* Each row says what its mode does, in the engine's words, and edits the profile. */
  row = kiln_release_page_get_application_row (release_page, "beta");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   kiln_application_mode_get_description (KILN_APPLICATION_MODE_TRANSIENT));
  g_object_get (row, "activatable-widget", &dropdown, NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), KILN_APPLICATION_MODE_TEMPORARY);
  g_clear_object (&dropdown);
  g_assert_nonnull (strstr (kiln_release_page_get_preview (release_page), "beta: :temporary"));
  row = kiln_release_page_get_application_row (release_page, "beta");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   kiln_application_mode_get_description (KILN_APPLICATION_MODE_TEMPORARY));

  /* Emptying the list is refused by validation and blocks Next. */
  g_list_store_remove_all (kiln_release_profile_get_application_store (profile));
  g_assert_false (kiln_wizard_page_get_complete (kiln_window_get_page (window, "release")));
  kiln_ui_test_screenshot (GTK_WIDGET (window), "03-release-umbrella");

  /* An umbrella app left out can be put back with a mode. */
  row = kiln_release_page_get_application_row (release_page, "alpha");
  g_assert_nonnull (row);
  g_object_get (row, "activatable-widget", &dropdown, NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 1 + KILN_APPLICATION_MODE_LOAD);
  g_clear_object (&dropdown);
  g_assert_cmpuint (g_list_model_get_n_items (applications), ==, 1);
  g_assert_true (kiln_wizard_page_get_complete (kiln_window_get_page (window, "release")));
  g_assert_nonnull (strstr (kiln_release_page_get_preview (release_page), "alpha: :load"));

  gtk_window_destroy (GTK_WINDOW (window));
  kiln_test_remove_tree (project_dir);
}

static void
test_wizard_shows_compile_problems (void)
{
  g_autofree char *project_dir = kiln_test_copy_sample ();
  g_autofree char *broken = g_build_filename (project_dir, "lib", "broken.ex", NULL);
  KilnWindow *window;
  KilnSession *session;
  GListModel *problems;
  guint n_errors = 0;

  if (!kiln_test_toolchain_available ())
    {
      g_test_skip ("Elixir is not installed");
      return;
    }

  g_assert_true (g_file_set_contents (broken,
                                      "defmodule Broken do\n"
                                      "  def oops(unused), do: undefined_thing()\n"
                                      "end\n", -1, NULL));

  window = kiln_ui_test_new_window ();
  session = kiln_window_get_session (window);
  kiln_ui_test_open_project (window, project_dir);
  kiln_ui_test_next (window, "release");
  kiln_ui_test_next (window, "overlays");
  kiln_ui_test_next (window, "build");
  gtk_widget_activate_action (GTK_WIDGET (kiln_window_get_page (window, "build")), "build.start", NULL);
  g_assert_true (kiln_ui_wait_for (kiln_ui_test_build_done, window, BUILD_TIMEOUT_S));

  /* A failed build stays on the Build page with the engine's message. */
  g_assert_cmpint (kiln_session_get_build_result (session), ==, KILN_BUILD_RESULT_FAILED);
  g_assert_nonnull (kiln_session_get_build_error (session));
  g_assert_cmpstr (kiln_window_get_visible_page_name (window), ==, "build");
  kiln_ui_test_screenshot (GTK_WIDGET (window), "05-build-failed");

  /* Its log is one Next away; the Result page stays out of reach. */
  kiln_ui_test_next (window, "logs");
  g_assert_false (kiln_wizard_page_get_complete (kiln_window_get_page (window, "logs")));
  problems = kiln_logs_page_get_problems (KILN_LOGS_PAGE (kiln_window_get_page (window, "logs")));
  for (guint i = 0; i < g_list_model_get_n_items (problems); i++)
    {
      g_autoptr(KilnProblem) problem = g_list_model_get_item (problems, i);

      if (kiln_problem_get_kind (problem) == KILN_PROBLEM_ERROR &&
          g_strcmp0 (kiln_problem_get_file (problem), "lib/broken.ex") == 0)
        {
          g_assert_cmpuint (kiln_problem_get_line (problem), ==, 2);
          n_errors++;
        }
    }
  /* Found once, though the log repeats it in the failure summary. */
  g_assert_cmpuint (n_errors, ==, 1);
  kiln_ui_test_screenshot (GTK_WIDGET (window), "06-logs-problems");

  gtk_window_destroy (GTK_WINDOW (window));
  kiln_test_remove_tree (project_dir);
}

static void
test_wizard_rejects_non_project (void)
{
  g_autofree char *folder = kiln_test_copy_fixture ("not_a_project");
  KilnWindow *window;
  KilnSession *session;
  const GError *error;

  if (!kiln_test_toolchain_available ())
    {
      g_test_skip ("Elixir is not installed");
      return;
    }

  window = kiln_ui_test_new_window ();
  session = kiln_window_get_session (window);
  kiln_ui_test_open_project (window, folder);

  error = kiln_session_get_inspect_error (session);
  g_assert_error (error, KILN_ERROR, KILN_ERROR_NOT_A_PROJECT);
  g_assert_null (kiln_session_get_project (session));
  g_assert_false (kiln_wizard_page_get_complete (kiln_window_get_page (window, "project")));
  kiln_ui_test_screenshot (GTK_WIDGET (window), "02-project-error");

  gtk_widget_activate_action (GTK_WIDGET (window), "wizard.next", NULL);
  g_assert_cmpstr (kiln_window_get_visible_page_name (window), ==, "project");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Opening another project cancels the inspection under way: its result,
 * however late, never replaces the newer project. */
static void
test_wizard_reopen_cancels_inspection (void)
{
  g_autofree char *first = kiln_test_copy_sample ();
  g_autofree char *second = kiln_test_copy_fixture ("umbrella");
  g_autofree char *second_path = g_canonicalize_filename (second, NULL);
  KilnWindow *window;
  KilnSession *session;
  gint64 deadline;

  if (!kiln_test_toolchain_available ())
    {
      g_test_skip ("Elixir is not installed");
      return;
    }

  window = kiln_ui_test_new_window ();
  session = kiln_window_get_session (window);
  kiln_session_open_project (session, first);
  g_assert_true (kiln_session_get_inspecting (session));
  kiln_ui_test_open_project (window, second);

  g_assert_null (kiln_session_get_inspect_error (session));
  g_assert_cmpstr (kiln_project_get_path (kiln_session_get_project (session)), ==, second_path);
  deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpstr (kiln_project_get_path (kiln_session_get_project (session)), ==, second_path);
  g_assert_true (kiln_session_get_is_umbrella (session));
  g_assert_false (kiln_session_get_inspecting (session));

  gtk_window_destroy (GTK_WINDOW (window));
  kiln_test_remove_tree (first);
  kiln_test_remove_tree (second);
}

static void
test_preferences_and_shortcuts (void)
{
  g_autoptr(GSettings) settings = kiln_ui_dup_settings ();
  g_autoptr(GtkBuilder) builder = NULL;
  g_autofree char *project_dir = kiln_test_copy_sample ();
  KilnPreferencesWindow *preferences;
  const char * const zip_only[] = { "zip", NULL };
  const char * const *formats;
  KilnWindow *window;

  g_assert_nonnull (settings);

  builder = gtk_builder_new_from_resource ("/io/github/kilnapp/Kiln/gtk/help-overlay.ui");
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay")));

  /* The schema says the engine's default, which the CLI uses too. */
  g_assert_cmpuint (g_settings_get_uint (settings, "inspection-time-limit"), ==, KILN_INSPECTION_TIME_LIMIT_DEFAULT);

  preferences = kiln_preferences_window_new ();
  gtk_window_present (GTK_WINDOW (preferences));
  kiln_ui_test_screenshot (GTK_WIDGET (preferences), "10-preferences");
  {
    g_autoptr(GPtrArray) spins = g_ptr_array_new ();

    kiln_ui_test_collect_visible (GTK_WIDGET (preferences), GTK_TYPE_SPIN_BUTTON, spins);
    g_assert_cmpuint (spins->len, ==, 1);
    g_assert_cmpfloat (gtk_spin_button_get_value (spins->pdata[0]), ==, KILN_INSPECTION_TIME_LIMIT_DEFAULT);
    gtk_spin_button_set_value (spins->pdata[0], 300);
    g_assert_cmpuint (g_settings_get_uint (settings, "inspection-time-limit"), ==, 300);
    g_settings_reset (settings, "inspection-time-limit");
  }
  gtk_window_destroy (GTK_WINDOW (preferences));

  /* The default formats chosen in Preferences apply to a newly opened project. */
  g_settings_set_strv (settings, "default-formats", zip_only);
  if (!kiln_test_toolchain_available ())
    {
      g_settings_reset (settings, "default-formats");
      return;
    }

  window = kiln_ui_test_new_window ();
  kiln_ui_test_open_project (window, project_dir);
  formats = kiln_release_profile_get_package_formats (kiln_session_get_profile (kiln_window_get_session (window)));
  g_assert_cmpuint (g_strv_length ((char **) formats), ==, 1);
  g_assert_cmpstr (formats[0], ==, "zip");
  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "default-formats");
  kiln_test_remove_tree (project_dir);
}

int
main (int    argc,
      char **argv)
{
  kiln_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/wizard/non-project", test_wizard_rejects_non_project);
  g_test_add_func ("/ui/wizard/reopen", test_wizard_reopen_cancels_inspection);
  g_test_add_func ("/ui/wizard/umbrella", test_wizard_umbrella_applications);
  g_test_add_func ("/ui/wizard/builds-sample", test_wizard_builds_sample);
  g_test_add_func ("/ui/wizard/cancel", test_wizard_cancels_build);
  g_test_add_func ("/ui/wizard/compile-problems", test_wizard_shows_compile_problems);
  g_test_add_func ("/ui/preferences", test_preferences_and_shortcuts);

  return g_test_run ();
}
