#include "config.h"

#include <adwaita.h>

#include "kiln-engine.h"
#include "kiln-test-util.h"
#include "kiln-ui-test-util.h"
#include "kiln-window.h"

/* No text widens the window: a failed build whose error is one line of
 * 5,000 characters leaves the window as wide as it was. */

#define BUILD_TIMEOUT_S 600
#define LONG_LINE_LENGTH 5000

static gboolean
time_passed (gpointer data)
{
  return g_get_monotonic_time () >= *(gint64 *) data;
}

static void
settle (void)
{
  gint64 until = g_get_monotonic_time () + 300 * G_TIME_SPAN_MILLISECOND;

  kiln_ui_wait_for (time_passed, &until, 5);
}

static void
assert_width_unchanged (KilnWindow *window,
                        int         width)
{
  int minimum = 0;

  settle ();
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), ==, width);
  g_assert_cmpint (minimum, <=, width);
}

static void
test_long_error_line (void)
{
  g_autofree char *project_dir = NULL;
  g_autofree char *long_ex = NULL;
  g_autofree char *source = NULL;
  g_autofree char *word = NULL;
  KilnWindow *window;
  KilnSession *session;
  int width;

  if (!kiln_test_toolchain_available ())
    {
      g_test_skip ("Elixir is not installed");
      return;
    }

  project_dir = kiln_test_copy_sample ();
  long_ex = g_build_filename (project_dir, "lib", "long.ex", NULL);
  /* One word, so that no word wrapping can break it. */
  word = g_strnfill (LONG_LINE_LENGTH, 'x');
  source = g_strdup_printf ("defmodule Long do\n  raise \"%s\"\nend\n", word);
  g_assert_true (g_file_set_contents (long_ex, source, -1, NULL));

  window = kiln_ui_test_new_window ();
  session = kiln_window_get_session (window);
  kiln_ui_test_open_project (window, project_dir);
  kiln_ui_test_next (window, "release");
  kiln_ui_test_next (window, "overlays");
  kiln_ui_test_next (window, "build");
  settle ();
  width = gtk_widget_get_width (GTK_WIDGET (window));
  g_assert_cmpint (width, >, 0);

  gtk_widget_activate_action (GTK_WIDGET (kiln_window_get_page (window, "build")), "build.start", NULL);
  g_assert_true (kiln_ui_wait_for (kiln_ui_test_build_done, window, BUILD_TIMEOUT_S));
  g_assert_cmpint (kiln_session_get_build_result (session), ==, KILN_BUILD_RESULT_FAILED);
  g_assert_nonnull (strstr (kiln_session_get_build_error (session), word));
  assert_width_unchanged (window, width);

  kiln_ui_test_next (window, "logs");
  assert_width_unchanged (window, width);

  gtk_window_destroy (GTK_WINDOW (window));
  kiln_test_remove_tree (project_dir);
}

int
main (int   argc,
      char *argv[])
{
  kiln_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/long-text/error-line", test_long_error_line);

  return g_test_run ();
}
