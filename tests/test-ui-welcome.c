#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "kiln-engine.h"
#include "kiln-test-util.h"
#include "kiln-ui-test-util.h"
#include "kiln-welcome-page.h"
#include "kiln-window.h"

/* Run once as is (light and dark screenshots) and once with
 * ADW_DEBUG_HIGH_CONTRAST=1 (high-contrast ones): libadwaita reads that
 * setting only at start-up. */

static const char * const install_commands[] = {
  "sudo apt install elixir erlang-dev",
  "sudo dnf install elixir",
  "sudo pacman -S elixir",
  "asdf plugin add erlang; asdf plugin add elixir; asdf install erlang latest; asdf install elixir latest",
  NULL
};

static GtkWidget *
find_copy_button (GtkWidget  *root,
                  const char *text)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  kiln_ui_test_collect_visible (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (g_object_get_data (buttons->pdata[i], "text"), text) == 0)
      return buttons->pdata[i];

  return NULL;
}

static void
test_welcome_without_elixir (void)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  GValue copied = G_VALUE_INIT;
  GdkContentProvider *content;
  KilnWelcomePage *page;
  KilnWindow *window;
  GtkWidget *group;
  GtkWidget *button;
  const GError *error;

  /* No elixir on PATH, and the test's HOME has no asdf or mise installs. */
  window = kiln_ui_test_new_window_with_path ("");
  page = KILN_WELCOME_PAGE (kiln_window_get_page (window, "welcome"));

  error = kiln_welcome_page_get_toolchain_error (page);
  g_assert_error ((GError *) error, KILN_ERROR, KILN_ERROR_TOOLCHAIN_MISSING);

  group = kiln_ui_test_find_group (GTK_WIDGET (page), "Install Elixir First");
  g_assert_nonnull (group);
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)), ==, error->message);
  g_assert_nonnull (strstr (error->message, "Elixir was not found"));

  kiln_ui_test_collect_visible (group, ADW_TYPE_ACTION_ROW, rows);
  g_assert_cmpuint (rows->len, ==, g_strv_length ((char **) install_commands));
  for (guint i = 0; install_commands[i] != NULL; i++)
    {
      g_assert_cmpstr (adw_action_row_get_subtitle (rows->pdata[i]), ==, install_commands[i]);
      g_assert_nonnull (find_copy_button (rows->pdata[i], install_commands[i]));
    }
  g_assert_cmpstr (adw_preferences_row_get_title (rows->pdata[0]), ==, "Debian, Ubuntu");
  g_assert_cmpstr (adw_preferences_row_get_title (rows->pdata[1]), ==, "Fedora");
  g_assert_cmpstr (adw_preferences_row_get_title (rows->pdata[2]), ==, "Arch Linux");

  kiln_ui_test_screenshot (GTK_WIDGET (window), "01-welcome-no-elixir");

  button = find_copy_button (group, install_commands[2]);
  g_signal_emit_by_name (button, "clicked");
  content = gdk_clipboard_get_content (gtk_widget_get_clipboard (button));
  g_assert_nonnull (content);
  g_value_init (&copied, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (content, &copied, NULL));
  g_assert_cmpstr (g_value_get_string (&copied), ==, install_commands[2]);
  g_value_unset (&copied);

  /* With Elixir back, Check Again hides the instructions. */
  if (kiln_test_toolchain_available ())
    {
      gtk_widget_activate_action (GTK_WIDGET (page), "welcome.check-toolchain", NULL);
      g_assert_true (kiln_welcome_page_get_checking_toolchain (page));
      g_assert_true (kiln_ui_wait_for (kiln_ui_test_toolchain_checked, page, 120));
      g_assert_null (kiln_welcome_page_get_toolchain_error (page));
      g_assert_null (kiln_ui_test_find_group (GTK_WIDGET (page), "Install Elixir First"));
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
write_script (const char *path,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, 0755), ==, 0);
}

static void
test_welcome_with_old_elixir (void)
{
  g_autofree char *bin_dir = kiln_test_make_temp_dir ("old-elixir");
  g_autofree char *elixir = g_build_filename (bin_dir, "elixir", NULL);
  g_autofree char *mix = g_build_filename (bin_dir, "mix", NULL);
  g_autofree char *erl = g_build_filename (bin_dir, "erl", NULL);
  KilnWelcomePage *page;
  KilnWindow *window;
  const GError *error;
  GtkWidget *group;

  write_script (elixir, "#!/bin/sh\necho 1.10.0\necho 22\necho 10.7\n");
  write_script (mix, "#!/bin/sh\nexit 0\n");
  write_script (erl, "#!/bin/sh\nexit 0\n");

  window = kiln_ui_test_new_window_with_path (bin_dir);
  page = KILN_WELCOME_PAGE (kiln_window_get_page (window, "welcome"));

  error = kiln_welcome_page_get_toolchain_error (page);
  g_assert_error ((GError *) error, KILN_ERROR, KILN_ERROR_TOOLCHAIN_TOO_OLD);
  group = kiln_ui_test_find_group (GTK_WIDGET (page), "Install a Newer Elixir First");
  g_assert_nonnull (group);
  g_assert_nonnull (strstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)), "1.10.0"));
  g_assert_nonnull (find_copy_button (group, install_commands[0]));

  gtk_window_destroy (GTK_WINDOW (window));
  kiln_test_remove_tree (bin_dir);
}

static gboolean
wait_a_little (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

/* Nothing that runs Elixir or reads the disk may delay the first frame:
 * until the window is drawn, the toolchain is not even looked for. */
static void
test_welcome_checks_after_first_frame (void)
{
  g_autofree char *bin_dir = kiln_test_make_temp_dir ("first-frame-elixir");
  g_autofree char *elixir = g_build_filename (bin_dir, "elixir", NULL);
  g_autofree char *mix = g_build_filename (bin_dir, "mix", NULL);
  g_autofree char *erl = g_build_filename (bin_dir, "erl", NULL);
  g_autofree char *marker = g_build_filename (bin_dir, "elixir-ran", NULL);
  g_autofree char *script = g_strdup_printf ("#!/bin/sh\n: >'%s'\necho 1.10.0\necho 22\necho 10.7\n", marker);
  g_autofree char *saved_path = g_strdup (g_getenv ("PATH"));
  KilnWelcomePage *page;
  KilnWindow *window;
  gboolean waited = FALSE;

  write_script (elixir, script);
  write_script (mix, "#!/bin/sh\nexit 0\n");
  write_script (erl, "#!/bin/sh\nexit 0\n");
  g_setenv ("PATH", bin_dir, TRUE);

  window = kiln_window_new (NULL);
  page = KILN_WELCOME_PAGE (kiln_window_get_page (window, "welcome"));
  g_timeout_add (300, wait_a_little, &waited);
  g_assert_true (kiln_ui_wait_for (flag_set, &waited, 10));
  g_assert_true (kiln_welcome_page_get_checking_toolchain (page));
  g_assert_false (g_file_test (marker, G_FILE_TEST_EXISTS));

  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (kiln_ui_wait_for (kiln_ui_test_toolchain_checked, page, 60));
  g_setenv ("PATH", saved_path, TRUE);

  g_assert_true (g_file_test (marker, G_FILE_TEST_EXISTS));
  g_assert_error ((GError *) kiln_welcome_page_get_toolchain_error (page), KILN_ERROR, KILN_ERROR_TOOLCHAIN_TOO_OLD);

  gtk_window_destroy (GTK_WINDOW (window));
  kiln_test_remove_tree (bin_dir);
}

static void
test_welcome_uses_app_icon (void)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  KilnWindow *window = kiln_ui_test_new_window ();

  /* From the GResource, so it shows even when Kiln is not installed. */
  g_assert_true (gtk_icon_theme_has_icon (theme, APP_ID));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Welcome and Release pages in the dark and high-contrast styles. */
static void
test_style_screenshots (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  gboolean high_contrast = adw_style_manager_get_high_contrast (style);
  const char *suffix = high_contrast ? "hc" : "dark";
  g_autofree char *project_dir = NULL;
  g_autofree char *welcome_name = NULL;
  g_autofree char *release_name = NULL;
  KilnWindow *window;

  if (!kiln_test_toolchain_available ())
    {
      g_test_skip ("Elixir is not installed");
      return;
    }

  if (!high_contrast)
    adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (high_contrast || adw_style_manager_get_dark (style));

  window = kiln_ui_test_new_window ();
  welcome_name = g_strdup_printf ("11-welcome-%s", suffix);
  kiln_ui_test_screenshot (GTK_WIDGET (window), welcome_name);

  project_dir = kiln_test_copy_sample ();
  kiln_ui_test_open_project (window, project_dir);
  g_assert_nonnull (kiln_session_get_project (kiln_window_get_session (window)));
  kiln_ui_test_next (window, "release");

  release_name = g_strdup_printf ("12-release-%s", suffix);
  kiln_ui_test_screenshot (GTK_WIDGET (window), release_name);

  gtk_window_destroy (GTK_WINDOW (window));
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  kiln_test_remove_tree (project_dir);
}

int
main (int    argc,
      char **argv)
{
  kiln_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/welcome/no-elixir", test_welcome_without_elixir);
  g_test_add_func ("/ui/welcome/old-elixir", test_welcome_with_old_elixir);
  g_test_add_func ("/ui/welcome/first-frame", test_welcome_checks_after_first_frame);
  g_test_add_func ("/ui/welcome/app-icon", test_welcome_uses_app_icon);
  g_test_add_func ("/ui/welcome/style-screenshots", test_style_screenshots);

  return g_test_run ();
}
