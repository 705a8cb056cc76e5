#define G_LOG_DOMAIN "kiln-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "kiln-application.h"
#include "kiln-engine.h"
#include "kiln-first-frame.h"
#include "kiln-preferences-window.h"
#include "kiln-ui-util.h"
#include "kiln-window.h"

struct _KilnApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (KilnApplication, kiln_application, ADW_TYPE_APPLICATION)

static KilnWindow *
get_or_create_window (KilnApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (kiln_window_new (GTK_APPLICATION (self)));

  return KILN_WINDOW (window);
}

static void
kiln_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (get_or_create_window (KILN_APPLICATION (app))));
}

static void
open_after_first_frame (GtkWidget *window,
                        gpointer   project_dir)
{
  kiln_window_open_project (KILN_WINDOW (window), project_dir);
}

static void
kiln_application_open (GApplication  *app,
                       GFile        **files,
                       int            n_files,
                       const char    *hint)
{
  KilnWindow *window = get_or_create_window (KILN_APPLICATION (app));

  /* Inspecting reads the project and runs Mix: the window comes first. */
  if (n_files > 0 && g_file_peek_path (files[0]) != NULL)
    kiln_ui_after_first_frame (GTK_WIDGET (window), open_after_first_frame,
                               g_strdup (g_file_peek_path (files[0])), g_free);

  gtk_window_present (GTK_WINDOW (window));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = user_data;
  static const char *developers[] = { N_("The Kiln authors"), NULL };
  const char *translated_developers[] = { _(developers[0]), NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Kiln"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Build Elixir releases without memorising mix release options."),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "developers", translated_developers,
                         /* Translators: your names, one per line, with e-mail addresses if you like */
                         "translator-credits", _("translator-credits"),
                         "website", "https://hexdocs.pm/mix/Mix.Tasks.Release.html",
                         NULL);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GtkApplication *app = user_data;
  KilnPreferencesWindow *preferences = kiln_preferences_window_new ();

  gtk_window_set_transient_for (GTK_WINDOW (preferences), gtk_application_get_active_window (app));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (app));

  /* Closing each window cancels its build; quitting directly would orphan it. */
  for (GList *iter = windows; iter != NULL; iter = iter->next)
    gtk_window_close (iter->data);
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "preferences", preferences_action },
  { "quit", quit_action },
};

/* The engine asks for the limit when it inspects; the preference sets it. */
static void
apply_time_limit (GSettings  *settings,
                  const char *key)
{
  kiln_project_set_inspection_time_limit (g_settings_get_uint (settings, "inspection-time-limit"));
}

static void
kiln_application_startup (GApplication *app)
{
  KilnApplication *self = KILN_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *help_accels[] = { "<Control>question", NULL };

  kiln_ui_ensure_resources ();

  G_APPLICATION_CLASS (kiln_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);

  self->settings = kiln_ui_dup_settings ();
  if (self->settings != NULL)
    {
      g_signal_connect (self->settings, "changed::inspection-time-limit", G_CALLBACK (apply_time_limit), NULL);
      apply_time_limit (self->settings, NULL);
    }
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay", help_accels);
}

static void
kiln_application_finalize (GObject *object)
{
  g_clear_object (&KILN_APPLICATION (object)->settings);

  G_OBJECT_CLASS (kiln_application_parent_class)->finalize (object);
}

static void
kiln_application_class_init (KilnApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = kiln_application_finalize;
  app_class->activate = kiln_application_activate;
  app_class->open = kiln_application_open;
  app_class->startup = kiln_application_startup;
}

static void
kiln_application_init (KilnApplication *self)
{
}

KilnApplication *
kiln_application_new (void)
{
  return g_object_new (KILN_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/kilnapp/Kiln",
                       NULL);
}

int
kiln_application_run (int    argc,
                      char **argv)
{
  g_autoptr(KilnApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, kiln_paths_get_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Without a display GTK would abort; say what works instead. */
  if (!gtk_init_check ())
    {
      g_printerr (_("kiln: cannot open a display. Without one, use “kiln inspect DIR” or "
                    "“kiln build DIR” (see “kiln --help”).\n"));
      return 2;
    }

  app = kiln_application_new ();
  g_set_application_name (_("Kiln"));

  return g_application_run (G_APPLICATION (app), argc, argv);
}
