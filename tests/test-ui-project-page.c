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

int
main (int    argc,
      char **argv)
{
  kiln_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/project-page/elixir-requirement", test_project_page_elixir_requirement);

  return g_test_run ();
}
