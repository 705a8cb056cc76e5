#include "config.h"

#include <adwaita.h>

#include "kiln-ui-test-util.h"
#include "kiln-ui-util.h"
#include "kiln-window.h"

/* Toasts show error messages, which carry paths and text from the project:
 * shown as they are, never read as markup (a stray "<" or "&" would be a
 * Pango warning, fatal here, and the toast would come out empty). */

#define UNTRUSTED_MESSAGE "Could not read /tmp/<a & b>/mix.exs: <b>no</b> such file"

static gboolean
label_shows (GtkWidget  *widget,
             const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return gtk_widget_get_mapped (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (label_shows (child, text))
      return TRUE;

  return FALSE;
}

static gboolean
window_shows_message (gpointer data)
{
  return label_shows (GTK_WIDGET (data), UNTRUSTED_MESSAGE);
}

static void
test_plain_text (void)
{
  KilnWindow *window = kiln_ui_test_new_window ();

  kiln_window_add_toast (window, UNTRUSTED_MESSAGE);
  g_assert_true (kiln_ui_wait_for (window_shows_message, window, 10));
  gtk_window_destroy (GTK_WINDOW (window));

  window = kiln_ui_test_new_window ();
  kiln_ui_toast (GTK_WIDGET (kiln_window_get_page (window, "project")), UNTRUSTED_MESSAGE);
  g_assert_true (kiln_ui_wait_for (window_shows_message, window, 10));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  kiln_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/toast/plain-text", test_plain_text);

  return g_test_run ();
}
