#include "config.h"

#include <adwaita.h>

#include "kiln-overlays-page.h"
#include "kiln-test-util.h"
#include "kiln-ui-test-util.h"
#include "kiln-window.h"

#define TIMEOUT_S 60

static char *
project_file (const char *project_dir,
              const char *name)
{
  return g_build_filename (project_dir, "rel", name, NULL);
}

static gboolean
file_is_written (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

/* Template edits live in Kiln's profile; "Write to rel/…" shows their diff
 * and, confirmed, writes them into the project where plain mix release
 * finds them. Cancel writes nothing. */
static void
test_templates_written_to_rel (void)
{
  g_autofree char *project_dir = NULL;
  g_autofree char *vm_args = NULL;
  g_autofree char *written = NULL;
  AdwMessageDialog *dialog;
  KilnOverlaysPage *page;
  KilnWindow *window;
  GtkTextBuffer *buffer;
  KilnReleaseProfile *profile;

  if (kiln_test_skip_without_toolchain ())
    return;

  project_dir = kiln_test_copy_sample ();
  vm_args = project_file (project_dir, "vm.args.eex");
  g_assert_false (g_file_test (vm_args, G_FILE_TEST_EXISTS));

  window = kiln_ui_test_new_window ();
  kiln_ui_test_open_project (window, project_dir);
  kiln_ui_test_next (window, "release");
  kiln_ui_test_next (window, "overlays");
  page = KILN_OVERLAYS_PAGE (kiln_window_get_page (window, "overlays"));
  profile = kiln_session_get_profile (kiln_window_get_session (window));

  buffer = kiln_overlays_page_get_template_buffer (page, KILN_RELEASE_TEMPLATE_VM_ARGS);
  gtk_text_buffer_set_text (buffer, "## Written by the test\n-kernel inet_dist_listen_min 9100\n", -1);
  g_assert_nonnull (kiln_release_profile_get_template (profile, KILN_RELEASE_TEMPLATE_VM_ARGS));

  gtk_widget_activate_action (GTK_WIDGET (page), "overlays.write-templates", NULL);
  dialog = kiln_ui_test_wait_for_dialog (KILN_TEMPLATES_WRITE_DIALOG_NAME, TIMEOUT_S);
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "rel/vm.args.eex"));
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_false (g_file_test (vm_args, G_FILE_TEST_EXISTS));

  gtk_widget_activate_action (GTK_WIDGET (page), "overlays.write-templates", NULL);
  dialog = kiln_ui_test_wait_for_dialog (KILN_TEMPLATES_WRITE_DIALOG_NAME, TIMEOUT_S);
  g_assert_nonnull (dialog);
  kiln_ui_test_screenshot (GTK_WIDGET (dialog), "overlays-write-templates");
  adw_message_dialog_response (dialog, "write");
  g_assert_true (kiln_ui_wait_for (file_is_written, vm_args, TIMEOUT_S));

  written = kiln_test_read_file (vm_args);
  g_assert_cmpstr (written, ==, "## Written by the test\n-kernel inet_dist_listen_min 9100\n");
  g_assert_null (kiln_release_profile_get_template (profile, KILN_RELEASE_TEMPLATE_VM_ARGS));

  gtk_window_destroy (GTK_WINDOW (window));
  kiln_test_remove_tree (project_dir);
}

/* A Phoenix project without bin/server is offered what mix phx.gen.release
 * adds; confirmed, the script is written and the offer goes away. */
static void
test_phoenix_scripts_added (void)
{
  g_autofree char *project_dir = NULL;
  g_autofree char *server = NULL;
  g_autofree char *written = NULL;
  AdwMessageDialog *dialog;
  KilnOverlaysPage *page;
  KilnWindow *window;

  if (kiln_test_skip_without_toolchain ())
    return;

  project_dir = kiln_test_copy_fixture ("phoenix_like");
  server = g_build_filename (project_dir, "rel", "overlays", "bin", "server", NULL);

  window = kiln_ui_test_new_window ();
  kiln_ui_test_open_project (window, project_dir);
  kiln_ui_test_next (window, "release");
  kiln_ui_test_next (window, "overlays");
  page = KILN_OVERLAYS_PAGE (kiln_window_get_page (window, "overlays"));
  g_assert_nonnull (kiln_ui_test_find_group (GTK_WIDGET (page), "Phoenix Release Scripts"));

  gtk_widget_activate_action (GTK_WIDGET (page), "overlays.add-phoenix-scripts", NULL);
  dialog = kiln_ui_test_wait_for_dialog (KILN_PHOENIX_SCRIPTS_DIALOG_NAME, TIMEOUT_S);
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "rel/overlays/bin/server"));
  kiln_ui_test_screenshot (GTK_WIDGET (dialog), "overlays-phoenix-scripts");
  adw_message_dialog_response (dialog, "write");
  g_assert_true (kiln_ui_wait_for (file_is_written, server, TIMEOUT_S));

  written = kiln_test_read_file (server);
  g_assert_nonnull (strstr (written, "PHX_SERVER=true exec ./phoenix_like start"));
  g_assert_true (g_file_test (server, G_FILE_TEST_IS_EXECUTABLE));
  g_assert_null (kiln_ui_test_find_group (GTK_WIDGET (page), "Phoenix Release Scripts"));

  gtk_window_destroy (GTK_WINDOW (window));
  kiln_test_remove_tree (project_dir);
}

int
main (int    argc,
      char **argv)
{
  kiln_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/overlays/write-templates", test_templates_written_to_rel);
  g_test_add_func ("/ui/overlays/phoenix-scripts", test_phoenix_scripts_added);

  return g_test_run ();
}
