#include "config.h"

#include <adwaita.h>

#include "kiln-engine.h"
#include "kiln-environment-editor.h"
#include "kiln-ui-test-util.h"

/* The Release page's "Environment for checks and Run Release" edits the
 * profile's variables; a secret one is shown in a password row. */

static void
collect (GtkWidget *root,
         GType      type,
         GPtrArray *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        g_ptr_array_add (found, child);
      collect (child, type, found);
    }
}

static void
test_add_variables (void)
{
  g_autoptr(KilnReleaseProfile) profile = kiln_release_profile_new ("web");
  GtkWidget *window = gtk_window_new ();
  GtkWidget *editor = kiln_environment_editor_new ();
  GtkWidget *add_row = kiln_environment_editor_get_add_row (KILN_ENVIRONMENT_EDITOR (editor));
  GListModel *environment = kiln_release_profile_get_environment (profile);
  g_autoptr(GPtrArray) password_rows = g_ptr_array_new ();
  g_autoptr(KilnEnvironmentVariable) variable = NULL;
  g_autoptr(KilnEnvironmentVariable) secret = kiln_environment_variable_new ("API_TOKEN", "t0ken", TRUE);

  gtk_window_set_child (GTK_WINDOW (window), editor);
  gtk_window_present (GTK_WINDOW (window));
  kiln_environment_editor_set_profile (KILN_ENVIRONMENT_EDITOR (editor), profile, NULL);

  /* Not a name a shell could set: refused, the text kept to fix. */
  gtk_editable_set_text (GTK_EDITABLE (add_row), "A=B");
  g_signal_emit_by_name (add_row, "apply");
  g_assert_cmpuint (g_list_model_get_n_items (environment), ==, 0);
  g_assert_true (gtk_widget_has_css_class (add_row, "error"));

  gtk_editable_set_text (GTK_EDITABLE (add_row), "  DATABASE_URL ");
  g_signal_emit_by_name (add_row, "apply");
  g_assert_cmpuint (g_list_model_get_n_items (environment), ==, 1);
  variable = g_list_model_get_item (environment, 0);
  g_assert_cmpstr (kiln_environment_variable_get_name (variable), ==, "DATABASE_URL");
  g_assert_false (kiln_environment_variable_get_secret (variable));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (add_row)), ==, "");
  g_assert_false (gtk_widget_has_css_class (add_row, "error"));

  g_list_store_append (kiln_release_profile_get_environment_store (profile), secret);
  collect (editor, ADW_TYPE_PASSWORD_ENTRY_ROW, password_rows);
  g_assert_cmpuint (password_rows->len, ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (g_ptr_array_index (password_rows, 0))), ==, "t0ken");

  /* Typing in the row edits the profile. */
  gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (password_rows, 0)), "n3w");
  g_assert_cmpstr (kiln_environment_variable_get_value (secret), ==, "n3w");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  kiln_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/environment/add-variables", test_add_variables);

  return g_test_run ();
}
