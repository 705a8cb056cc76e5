#include "config.h"

#include <adwaita.h>

#include "kiln-first-frame.h"

/* bench/startup's floor: the smallest libadwaita window like Kiln's welcome
 * page (a header bar, a status page, one button), timed by the same
 * first-frame report, so the bench can say how much of Kiln's time is its own. */

static void
first_frame_cb (GtkWidget *widget,
                gpointer   user_data)
{
}

static void
activate_cb (GApplication *application)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (application));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *status = adw_status_page_new ();
  GtkWidget *button = gtk_button_new_with_label ("Open a Project…");

  gtk_widget_add_css_class (button, "pill");
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  adw_status_page_set_title (ADW_STATUS_PAGE (status), "Welcome");
  adw_status_page_set_description (ADW_STATUS_PAGE (status), "A bare window to compare with.");
  adw_status_page_set_child (ADW_STATUS_PAGE (status), button);
  gtk_widget_set_vexpand (status, TRUE);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), status);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);

  kiln_ui_after_first_frame (window, first_frame_cb, NULL, NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) application = adw_application_new ("io.github.kilnapp.Kiln.StartupFloor",
                                                                G_APPLICATION_NON_UNIQUE);

  g_signal_connect (application, "activate", G_CALLBACK (activate_cb), NULL);

  return g_application_run (G_APPLICATION (application), argc, argv);
}
