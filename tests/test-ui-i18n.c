#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "kiln-engine.h"
#include "kiln-test-util.h"
#include "kiln-ui-test-util.h"
#include "kiln-welcome-page.h"
#include "kiln-window.h"

/* The whole program runs in Russian, with the catalogue from the build tree
 * (KILN_LOCALEDIR), as `LANGUAGE=ru kiln` would. */

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

static void
test_welcome_in_russian (void)
{
  KilnWindow *window = kiln_ui_test_new_window ();
  KilnWizardPage *page = kiln_window_get_page (window, "welcome");

  g_assert_cmpstr (kiln_wizard_page_get_title (page), ==, "Добро пожаловать");
  g_assert_true (has_button_labelled (GTK_WIDGET (page), "_Открыть проект…"));
  g_assert_true (has_button_labelled (GTK_WIDGET (page), "Попробовать _пример проекта"));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Kiln");

  kiln_ui_test_screenshot (GTK_WIDGET (window), "13-welcome-ru");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The engine's error and the install instructions, both in Russian. */
static void
test_missing_elixir_in_russian (void)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  KilnWelcomePage *page;
  KilnWindow *window;
  const GError *error;
  GtkWidget *group;

  window = kiln_ui_test_new_window_with_path ("");
  page = KILN_WELCOME_PAGE (kiln_window_get_page (window, "welcome"));

  error = kiln_welcome_page_get_toolchain_error (page);
  g_assert_error ((GError *) error, KILN_ERROR, KILN_ERROR_TOOLCHAIN_MISSING);
  g_assert_true (g_str_has_prefix (error->message, "Elixir не найден."));

  group = kiln_ui_test_find_group (GTK_WIDGET (page), "Сначала установите Elixir");
  g_assert_nonnull (group);

  kiln_ui_test_collect_visible (group, ADW_TYPE_ACTION_ROW, rows);
  g_assert_cmpuint (rows->len, ==, 4);
  g_assert_cmpstr (adw_preferences_row_get_title (rows->pdata[3]), ==, "asdf, в любой системе");
  g_assert_true (has_button_labelled (group, "Проверить _снова"));

  kiln_ui_test_screenshot (GTK_WIDGET (window), "13-welcome-no-elixir-ru");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  /* glibc ignores LANGUAGE under the plain C locale; C.UTF-8 is always there. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "ru", TRUE);

  kiln_ui_test_init (&argc, &argv);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, kiln_paths_get_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_add_func ("/ui/i18n/welcome", test_welcome_in_russian);
  g_test_add_func ("/ui/i18n/missing-elixir", test_missing_elixir_in_russian);

  return g_test_run ();
}
