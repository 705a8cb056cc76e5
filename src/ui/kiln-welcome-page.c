#define G_LOG_DOMAIN "kiln-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "kiln-ui-util.h"
#include "kiln-welcome-page.h"

struct _KilnWelcomePage
{
  KilnWizardPage        parent_instance;

  GSettings            *settings;
  GCancellable         *discovery;
  GError               *toolchain_error;
  /* The first check waits for the first frame; until then it counts as running. */
  gboolean              first_check_pending;

  AdwPreferencesGroup  *recent_group;
  GtkListBox           *recent_list;
  AdwPreferencesGroup  *toolchain_group;
  GtkListBox           *install_list;
};

G_DEFINE_FINAL_TYPE (KilnWelcomePage, kiln_welcome_page, KILN_TYPE_WIZARD_PAGE)

enum {
  PROP_0,
  PROP_CHECKING_TOOLCHAIN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct {
  const char *system;
  const char *command;
} install_commands[] = {
  { N_("Debian, Ubuntu"), "sudo apt install elixir erlang-dev" },
  { N_("Fedora"), "sudo dnf install elixir" },
  { N_("Arch Linux"), "sudo pacman -S elixir" },
  { N_("asdf, on any system"),
    "asdf plugin add erlang; asdf plugin add elixir; asdf install erlang latest; asdf install elixir latest" },
};

static void
fill_install_list (KilnWelcomePage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (install_commands); i++)
    {
      GtkWidget *row = adw_action_row_new ();
      /* Translators: the accessible name of a copy button, “Copy the Fedora command” */
      g_autofree char *what = g_strdup_printf (_("the %s command"), _(install_commands[i].system));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(install_commands[i].system));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), install_commands[i].command);
      gtk_widget_add_css_class (row, "monospace-subtitle");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), kiln_ui_copy_button (install_commands[i].command, what));
      gtk_list_box_append (self->install_list, row);
    }
}

static gboolean
is_toolchain_problem (const GError *error)
{
  return g_error_matches (error, KILN_ERROR, KILN_ERROR_TOOLCHAIN_MISSING) ||
         g_error_matches (error, KILN_ERROR, KILN_ERROR_TOOLCHAIN_TOO_OLD);
}

static void
discover_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(KilnWelcomePage) self = user_data;
  g_autoptr(KilnToolchain) toolchain = NULL;
  g_autoptr(GError) error = NULL;

  toolchain = kiln_toolchain_discover_finish (result, &error);
  /* Disposed meanwhile: the check may have finished before it saw the cancellation. */
  if (self->discovery == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->discovery);
  g_clear_error (&self->toolchain_error);
  if (is_toolchain_problem (error))
    self->toolchain_error = g_steal_pointer (&error);

  /* Other failures are for the Project page to explain, with the project at hand. */
  adw_preferences_group_set_title (self->toolchain_group,
                                   g_error_matches (self->toolchain_error, KILN_ERROR, KILN_ERROR_TOOLCHAIN_TOO_OLD)
                                   ? _("Install a Newer Elixir First") : _("Install Elixir First"));
  adw_preferences_group_set_description (self->toolchain_group,
                                         self->toolchain_error ? self->toolchain_error->message : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->toolchain_group), self->toolchain_error != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "welcome.check-toolchain", TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKING_TOOLCHAIN]);
}

static void
check_toolchain (KilnWelcomePage *self)
{
  if (self->discovery != NULL)
    return;

  self->first_check_pending = FALSE;
  self->discovery = g_cancellable_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "welcome.check-toolchain", FALSE);
  kiln_toolchain_discover_async (self->discovery, discover_cb, g_object_ref (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKING_TOOLCHAIN]);
}

static void
check_toolchain_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  check_toolchain (KILN_WELCOME_PAGE (widget));
}

gboolean
kiln_welcome_page_get_checking_toolchain (KilnWelcomePage *self)
{
  g_return_val_if_fail (KILN_IS_WELCOME_PAGE (self), FALSE);

  return self->discovery != NULL || self->first_check_pending;
}

/* NULL when Elixir was found, or when the last check failed for another reason. */
const GError *
kiln_welcome_page_get_toolchain_error (KilnWelcomePage *self)
{
  g_return_val_if_fail (KILN_IS_WELCOME_PAGE (self), NULL);

  return self->toolchain_error;
}

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
  KilnWelcomePage *self = KILN_WELCOME_PAGE (page);

  reload_recent_projects (self);
  /* Checked each time the page comes back, so an install made meanwhile is noticed. */
  check_toolchain (self);
}

static void
kiln_welcome_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KilnWelcomePage *self = KILN_WELCOME_PAGE (object);

  switch (prop_id)
    {
    case PROP_CHECKING_TOOLCHAIN:
      g_value_set_boolean (value, kiln_welcome_page_get_checking_toolchain (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_welcome_page_dispose (GObject *object)
{
  KilnWelcomePage *self = (KilnWelcomePage *)object;

  g_cancellable_cancel (self->discovery);
  g_clear_object (&self->discovery);
  g_clear_error (&self->toolchain_error);
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
  object_class->get_property = kiln_welcome_page_get_property;
  page_class->shown = kiln_welcome_page_shown;

  properties[PROP_CHECKING_TOOLCHAIN] =
    g_param_spec_boolean ("checking-toolchain", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "welcome.check-toolchain", NULL, check_toolchain_action);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kilnapp/Kiln/kiln-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KilnWelcomePage, recent_group);
  gtk_widget_class_bind_template_child (widget_class, KilnWelcomePage, recent_list);
  gtk_widget_class_bind_template_child (widget_class, KilnWelcomePage, toolchain_group);
  gtk_widget_class_bind_template_child (widget_class, KilnWelcomePage, install_list);
}

static void
kiln_welcome_page_init (KilnWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  fill_install_list (self);
  self->first_check_pending = TRUE;

  self->settings = kiln_ui_dup_settings ();
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::recent-projects",
                             G_CALLBACK (reload_recent_projects), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::session", G_CALLBACK (on_session_changed), NULL);
}
