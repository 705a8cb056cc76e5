#include "config.h"

#include "kiln-ui-util.h"
#include "kiln-welcome-page.h"

struct _KilnWelcomePage
{
  KilnWizardPage        parent_instance;

  GSettings            *settings;

  AdwPreferencesGroup  *recent_group;
  GtkListBox           *recent_list;
};

G_DEFINE_FINAL_TYPE (KilnWelcomePage, kiln_welcome_page, KILN_TYPE_WIZARD_PAGE)

static void
reload_recent_projects (KilnWelcomePage *self)
{
  g_auto(GStrv) recent = NULL;
  GtkWidget *child;
  guint shown = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);

  if (self->settings != NULL)
    recent = g_settings_get_strv (self->settings, "recent-projects");

  for (guint i = 0; recent != NULL && recent[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      GtkWidget *row;

      /* Projects deleted since are not offered. */
      if (!g_file_test (recent[i], G_FILE_TEST_IS_DIR))
        continue;

      name = g_path_get_basename (recent[i]);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), recent[i]);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-project");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", recent[i]);
      gtk_list_box_append (self->recent_list, row);
      shown++;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->recent_group), shown > 0);
}

static void
on_project_dir_changed (KilnWelcomePage *self)
{
  KilnSession *session = kiln_wizard_page_get_session (KILN_WIZARD_PAGE (self));

  kiln_wizard_page_set_complete (KILN_WIZARD_PAGE (self),
                                 session != NULL && kiln_session_get_project_dir (session) != NULL);
}

static void
on_session_changed (KilnWelcomePage *self)
{
  KilnSession *session = kiln_wizard_page_get_session (KILN_WIZARD_PAGE (self));

  if (session != NULL)
    g_signal_connect_object (session, "notify::project-dir", G_CALLBACK (on_project_dir_changed),
                             self, G_CONNECT_SWAPPED);
  on_project_dir_changed (self);
}

static void
kiln_welcome_page_shown (KilnWizardPage *page)
{
  reload_recent_projects (KILN_WELCOME_PAGE (page));
}

static void
kiln_welcome_page_dispose (GObject *object)
{
  KilnWelcomePage *self = (KilnWelcomePage *)object;

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kiln_welcome_page_parent_class)->dispose (object);
}

static void
kiln_welcome_page_class_init (KilnWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KilnWizardPageClass *page_class = KILN_WIZARD_PAGE_CLASS (klass);

  object_class->dispose = kiln_welcome_page_dispose;
  page_class->shown = kiln_welcome_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kilnapp/Kiln/kiln-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KilnWelcomePage, recent_group);
  gtk_widget_class_bind_template_child (widget_class, KilnWelcomePage, recent_list);
}

static void
kiln_welcome_page_init (KilnWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = kiln_ui_dup_settings ();
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::recent-projects",
                             G_CALLBACK (reload_recent_projects), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::session", G_CALLBACK (on_session_changed), NULL);
}
