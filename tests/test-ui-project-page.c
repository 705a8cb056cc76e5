#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "kiln-engine.h"
#include "kiln-test-util.h"
#include "kiln-ui-test-util.h"
#include "kiln-window.h"

/* A project asking for another Elixir: the Project page shows the engine's
 * sentence, fix included, wrapped within the window, and offers no Next. */
static void
test_project_page_elixir_requirement (void)
{
  g_autofree char *project_dir = NULL;
  g_autofree char *mix_exs = NULL;
  g_autofree char *source = NULL;
  g_autofree char *lib = NULL;
  g_autofree char *problem = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  KilnWindow *window;
  KilnSession *session;
  GtkWidget *shown = NULL;
  int width_before;

  if (kiln_test_skip_without_toolchain ())
    return;

  project_dir = kiln_test_make_temp_dir ("elixir-requirement");
  mix_exs = g_build_filename (project_dir, "mix.exs", NULL);
  lib = g_build_filename (project_dir, "lib", NULL);
  source = g_build_filename (lib, "future.ex", NULL);
  g_assert_true (g_file_set_contents (mix_exs,
                                      "defmodule Future.MixProject do\n"
                                      "  use Mix.Project\n"
                                      "  def project, do: [app: :future, version: \"1.0.0\", elixir: \"~> 99.0\", deps: []]\n"
                                      "end\n", -1, NULL));
  g_assert_cmpint (g_mkdir_with_parents (lib, 0755), ==, 0);
  g_assert_true (g_file_set_contents (source, "defmodule Future do\nend\n", -1, NULL));

  window = kiln_ui_test_new_window ();
  session = kiln_window_get_session (window);
  width_before = gtk_widget_get_width (GTK_WIDGET (window));
  kiln_ui_test_open_project (window, project_dir);
  g_assert_null (kiln_session_get_inspect_error (session));

  problem = kiln_project_dup_toolchain_problem (kiln_session_get_project (session));
  g_assert_nonnull (problem);
  g_assert_false (kiln_wizard_page_get_complete (kiln_window_get_page (window, "project")));

  kiln_ui_test_collect_visible (GTK_WIDGET (kiln_window_get_page (window, "project")), ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len && shown == NULL; i++)
    if (g_strcmp0 (adw_action_row_get_subtitle (g_ptr_array_index (rows, i)), problem) == 0)
      shown = g_ptr_array_index (rows, i);
  g_assert_nonnull (shown);

  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, MAX (width_before, 1200));

  gtk_window_destroy (GTK_WINDOW (window));
  kiln_test_remove_tree (project_dir);
}

static gboolean
has_button_labelled (GtkWidget  *root,
                     const char *label)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  kiln_ui_test_collect_visible (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), label) == 0)
      return TRUE;

  return FALSE;
}

/* Migrate is offered for a Distillery project, and goes once mix.exs
 * declares the releases itself. */
static void
test_project_page_migrate_offer (void)
{
  g_autofree char *distillery = NULL;
  g_autofree char *migrated = NULL;
  g_autofree char *config = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *copied = NULL;
  KilnWindow *window;
  GtkWidget *page;

  if (kiln_test_skip_without_toolchain ())
    return;

  distillery = kiln_test_copy_fixture ("distillery_single");
  migrated = kiln_test_copy_fixture ("single_app");
  config = g_build_filename (distillery, "rel", "config.exs", NULL);
  copied = g_build_filename (migrated, "rel", "config.exs", NULL);
  g_assert_true (g_file_get_contents (config, &contents, NULL, NULL));
  g_assert_true (g_file_set_contents (copied, contents, -1, NULL));

  window = kiln_ui_test_new_window ();
  page = GTK_WIDGET (kiln_window_get_page (window, "project"));
  kiln_ui_test_open_project (window, distillery);
  g_assert_true (has_button_labelled (page, "_Migrate…"));

  kiln_ui_test_open_project (window, migrated);
  g_assert_false (has_button_labelled (page, "_Migrate…"));
  g_assert_nonnull (kiln_project_get_distillery_config (kiln_session_get_project (kiln_window_get_session (window))));

  gtk_window_destroy (GTK_WINDOW (window));
  kiln_test_remove_tree (distillery);
  kiln_test_remove_tree (migrated);
}

int
main (int    argc,
      char **argv)
{
  kiln_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/project-page/elixir-requirement", test_project_page_elixir_requirement);
  g_test_add_func ("/ui/project-page/migrate-offer", test_project_page_migrate_offer);

  return g_test_run ();
}
