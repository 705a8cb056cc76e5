#define G_LOG_DOMAIN "kiln-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "kiln-build-page.h"
#include "kiln-first-frame.h"
#include "kiln-history-window.h"
#include "kiln-logs-page.h"
#include "kiln-migrate-page.h"
#include "kiln-overlays-page.h"
#include "kiln-project-page.h"
#include "kiln-release-page.h"
#include "kiln-result-page.h"
#include "kiln-ui-util.h"
#include "kiln-welcome-page.h"
#include "kiln-window-private.h"

G_DEFINE_FINAL_TYPE (KilnWindow, kiln_window, ADW_TYPE_APPLICATION_WINDOW)

static KilnWizardPage *
visible_page (KilnWindow *self)
{
  return KILN_WIZARD_PAGE (gtk_stack_get_visible_child (self->stack));
}

static KilnWizardPage *
sibling_page (KilnWindow *self,
              int         direction)
{
  GtkWidget *current = GTK_WIDGET (visible_page (self));
  GtkWidget *sibling;

  /* Migrating is a detour from the project page, not a step of the wizard. */
  if (current == GTK_WIDGET (self->migrate_page))
    return direction < 0 ? self->project_page : NULL;

  sibling = direction > 0 ? gtk_widget_get_next_sibling (current) : gtk_widget_get_prev_sibling (current);
  if (sibling == GTK_WIDGET (self->migrate_page))
    sibling = NULL;

  return sibling != NULL ? KILN_WIZARD_PAGE (sibling) : NULL;
}

static void
update_title (KilnWindow *self)
{
  KilnWizardPage *page = visible_page (self);
  KilnProject *project = kiln_session_get_project (self->session);
  KilnBuild *build = kiln_session_get_build (self->session);
  g_autofree char *subtitle = NULL;
  g_autofree char *window_title = NULL;

  if (kiln_session_get_building (self->session) && build != NULL)
    {
      int percent = (int) (kiln_build_get_progress (build) * 100 + 0.5);
      subtitle = g_strdup_printf (_("Building… %d %%"), percent);
      window_title = g_strdup_printf (_("Building %d %% — Kiln"), percent);
    }
  else if (project != NULL && kiln_project_get_app_name (project) != NULL)
    subtitle = g_strdup (kiln_project_get_app_name (project));
  else if (kiln_session_get_project_dir (self->session) != NULL)
    subtitle = g_path_get_basename (kiln_session_get_project_dir (self->session));

  gtk_label_set_text (self->title_label, kiln_wizard_page_get_title (page));
  gtk_label_set_text (self->subtitle_label, subtitle != NULL ? subtitle : "");
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), subtitle != NULL && *subtitle != '\0');
  gtk_window_set_title (GTK_WINDOW (self), window_title ? window_title : _("Kiln"));
}

static void
fix_names_idle (gpointer data)
{
  KilnWindow *self = data;

  self->names_idle = 0;
  kiln_ui_fix_accessible_names (GTK_WIDGET (self));
}

/* Pages fill their rows as the session answers: name them once things settle. */
static void
queue_fix_names (KilnWindow *self)
{
  if (self->names_idle == 0)
    self->names_idle = g_idle_add_once (fix_names_idle, self);
}

/* A page's first control takes the focus; pages with only read-only rows
 * (Project) hand it to Next, never to Back, where Enter would go back. */
static void
focus_page (KilnWindow *self)
{
  GtkWidget *page = GTK_WIDGET (visible_page (self));
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (self));

  if (focus != NULL && focus != self->back_button && gtk_widget_is_ancestor (focus, page))
    return;

  if (page != GTK_WIDGET (self->project_page) && gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD))
    return;

  if (gtk_widget_is_sensitive (self->next_button))
    gtk_widget_grab_focus (self->next_button);
  else
    gtk_window_set_focus (GTK_WINDOW (self), NULL);
}

static void
update_actions (KilnWindow *self)
{
  KilnWizardPage *page = visible_page (self);
  KilnWizardPage *previous = sibling_page (self, -1);
  KilnWizardPage *next = sibling_page (self, +1);
  gboolean applying = self->apply_cancellable != NULL;
  gboolean building = kiln_session_get_building (self->session);
  gboolean can_back;
  gboolean can_next;

  /* While building, only the build and its log may be shown. */
  can_back = previous != NULL && !applying && (!building || page == self->logs_page);
  can_next = next != NULL && !applying && kiln_wizard_page_get_complete (page) &&
             (!building || page == self->build_page);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.back", can_back);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.next", can_next);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-project-dialog", !building);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-project", !building);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.try-sample", !building);
  gtk_widget_set_visible (GTK_WIDGET (self->busy_spinner), applying);
  gtk_spinner_set_spinning (self->busy_spinner, applying);
  queue_fix_names (self);
}

void
kiln_window_show_page (KilnWindow *self,
                       const char *name)
{
  GtkWidget *child;

  g_return_if_fail (KILN_IS_WINDOW (self));

  _kiln_window_ensure_pages (self);
  child = gtk_stack_get_child_by_name (self->stack, name);
  g_return_if_fail (child != NULL);

  if (child == gtk_stack_get_visible_child (self->stack))
    return;

  gtk_stack_set_visible_child (self->stack, child);
  kiln_wizard_page_shown (KILN_WIZARD_PAGE (child));
  update_title (self);
  update_actions (self);
  focus_page (self);
}

static void
apply_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  KilnWizardPage *page = KILN_WIZARD_PAGE (object);
  g_autoptr(KilnWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean applied = kiln_wizard_page_apply_finish (page, result, &error);
  GtkWidget *next;

  g_clear_object (&self->apply_cancellable);

  if (!applied)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        kiln_window_add_toast (self, error->message);
      update_actions (self);
      return;
    }

  next = gtk_widget_get_next_sibling (GTK_WIDGET (page));
  if (next != NULL && GTK_WIDGET (page) == gtk_stack_get_visible_child (self->stack))
    kiln_window_show_page (self, gtk_stack_page_get_name (gtk_stack_get_page (self->stack, next)));
  else
    update_actions (self);
}

static void
wizard_next (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KilnWindow *self = KILN_WINDOW (widget);

  if (self->apply_cancellable != NULL)
    return;

  self->apply_cancellable = g_cancellable_new ();
  update_actions (self);
  kiln_wizard_page_apply_async (visible_page (self), self->apply_cancellable, apply_cb, g_object_ref (self));
}

static void
wizard_back (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KilnWindow *self = KILN_WINDOW (widget);
  KilnWizardPage *previous = sibling_page (self, -1);

  if (previous == NULL)
    return;

  if (self->apply_cancellable != NULL)
    g_cancellable_cancel (self->apply_cancellable);

  kiln_window_show_page (self, gtk_stack_page_get_name (gtk_stack_get_page (self->stack, GTK_WIDGET (previous))));
}

static void
show_history_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KilnWindow *self = KILN_WINDOW (widget);
  const char *project_dir = kiln_session_get_project_dir (self->session);
  KilnHistoryWindow *history;

  if (project_dir == NULL)
    {
      kiln_window_add_toast (self, _("Open a project to see its build history."));
      return;
    }

  history = kiln_history_window_new (project_dir);
  gtk_window_set_transient_for (GTK_WINDOW (history), GTK_WINDOW (self));
  /* So that Ctrl+Q (app.quit) and the app's other accelerators work there. */
  gtk_window_set_application (GTK_WINDOW (history), gtk_window_get_application (GTK_WINDOW (self)));
  gtk_window_present (GTK_WINDOW (history));
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KilnWindow *self = KILN_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  _kiln_window_ensure_pages (self);
  if (gtk_stack_get_child_by_name (self->stack, name) != NULL)
    kiln_window_show_page (self, name);
}

static void
notify_build_finished (KilnWindow *self)
{
  GApplication *app = g_application_get_default ();
  g_autoptr(GNotification) notification = NULL;
  KilnBuildResult result = kiln_session_get_build_result (self->session);
  const char *title;

  if (app == NULL || gtk_window_is_active (GTK_WINDOW (self)))
    return;

  title = result == KILN_BUILD_RESULT_SUCCEEDED ? _("Release built") :
          result == KILN_BUILD_RESULT_CANCELLED ? _("Build cancelled") : _("Build failed");
  notification = g_notification_new (title);
  if (result == KILN_BUILD_RESULT_FAILED && kiln_session_get_build_error (self->session) != NULL)
    g_notification_set_body (notification, kiln_session_get_build_error (self->session));
  else if (kiln_session_get_project_dir (self->session) != NULL)
    g_notification_set_body (notification, kiln_session_get_project_dir (self->session));
  g_application_send_notification (app, "build-finished", notification);
}

static void
on_progress_changed (KilnWindow *self)
{
  update_title (self);
}

static void
on_building_changed (KilnWindow *self)
{
  KilnBuild *build = kiln_session_get_build (self->session);

  if (self->watched_build != build)
    {
      if (self->watched_build != NULL)
        g_signal_handlers_disconnect_by_data (self->watched_build, self);
      g_set_object (&self->watched_build, build);
      if (build != NULL)
        g_signal_connect_swapped (build, "notify::progress", G_CALLBACK (on_progress_changed), self);
    }

  if (!kiln_session_get_building (self->session) && build != NULL)
    {
      notify_build_finished (self);
      if (kiln_session_get_build_result (self->session) == KILN_BUILD_RESULT_SUCCEEDED &&
          visible_page (self) == self->build_page)
        kiln_window_show_page (self, "result");
    }

  update_title (self);
  update_actions (self);
}

static void
on_page_complete_changed (KilnWindow *self)
{
  GtkWidget *focus;

  update_actions (self);

  /* Once the project is read, Enter goes on rather than nowhere. */
  focus = gtk_window_get_focus (GTK_WINDOW (self));
  if (visible_page (self) == self->project_page && (focus == NULL || focus == self->back_button) &&
      gtk_widget_is_sensitive (self->next_button))
    gtk_widget_grab_focus (self->next_button);
}

static void
save_window_state (KilnWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
}

static gboolean
kiln_window_close_request (GtkWindow *window)
{
  KilnWindow *self = KILN_WINDOW (window);

  save_window_state (self);
  /* Closing must not leave a BEAM running behind the user's back. */
  kiln_session_cancel_build (self->session);

  return GTK_WINDOW_CLASS (kiln_window_parent_class)->close_request (window);
}

static void
kiln_window_constructed (GObject *object)
{
  KilnWindow *self = (KilnWindow *)object;

  G_OBJECT_CLASS (kiln_window_parent_class)->constructed (object);

  if (self->settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }
}

static void
kiln_window_dispose (GObject *object)
{
  KilnWindow *self = (KilnWindow *)object;

  if (self->apply_cancellable != NULL)
    g_cancellable_cancel (self->apply_cancellable);
  g_clear_object (&self->apply_cancellable);
  g_clear_handle_id (&self->names_idle, g_source_remove);

  if (self->watched_build != NULL)
    g_signal_handlers_disconnect_by_data (self->watched_build, self);
  g_clear_object (&self->watched_build);

  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      kiln_session_cancel_build (self->session);
    }


  g_clear_object (&self->session);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kiln_window_parent_class)->dispose (object);
}

static void
kiln_window_class_init (KilnWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = kiln_window_constructed;
  object_class->dispose = kiln_window_dispose;
  window_class->close_request = kiln_window_close_request;

  kiln_ui_ensure_resources ();
  g_type_ensure (KILN_TYPE_WELCOME_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kilnapp/Kiln/kiln-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, next_button);
  gtk_widget_class_bind_template_child (widget_class, KilnWindow, welcome_page);

  gtk_widget_class_install_action (widget_class, "wizard.next", NULL, wizard_next);
  gtk_widget_class_install_action (widget_class, "wizard.back", NULL, wizard_back);
  gtk_widget_class_install_action (widget_class, "win.show-history", NULL, show_history_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "wizard.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "wizard.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_h, GDK_CONTROL_MASK, "win.show-history", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.show-page", "s", "logs");

  _kiln_window_class_add_open_actions (widget_class);
}

/* Recent projects and the toolchain check read the disk and spawn Elixir. */
static void
welcome_after_first_frame (GtkWidget *widget,
                           gpointer   user_data)
{
  KilnWindow *self = KILN_WINDOW (widget);

  _kiln_window_ensure_pages (self);
  /* Even when a project was opened meanwhile: the first check must end. */
  kiln_wizard_page_shown (self->welcome_page);
}

static void
watch_page (KilnWindow     *self,
            KilnWizardPage *page)
{
  kiln_wizard_page_set_session (page, self->session);
  g_signal_connect_object (page, "notify::complete", G_CALLBACK (on_page_complete_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::title", G_CALLBACK (update_title),
                           self, G_CONNECT_SWAPPED);
}

/* Only the welcome page is built before the first frame: the other seven,
 * with their templates, styles and layout, would double the time to it.
 * They come right after it, or as soon as anything needs them. */
void
_kiln_window_ensure_pages (KilnWindow *self)
{
  struct {
    const char       *name;
    GType           (*get_type) (void);
    KilnWizardPage  **page;
  } pages[] = {
    { "project", kiln_project_page_get_type, &self->project_page },
    { "release", kiln_release_page_get_type, &self->release_page },
    { "overlays", kiln_overlays_page_get_type, &self->overlays_page },
    { "build", kiln_build_page_get_type, &self->build_page },
    { "logs", kiln_logs_page_get_type, &self->logs_page },
    { "result", kiln_result_page_get_type, &self->result_page },
    { "migrate", kiln_migrate_page_get_type, &self->migrate_page },
  };

  if (self->project_page != NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      *pages[i].page = g_object_new (pages[i].get_type (), NULL);
      gtk_stack_add_named (self->stack, GTK_WIDGET (*pages[i].page), pages[i].name);
      watch_page (self, *pages[i].page);
    }

  update_actions (self);
}

static void
kiln_window_init (KilnWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = kiln_ui_dup_settings ();
  self->session = kiln_session_new ();
  watch_page (self, self->welcome_page);

  g_signal_connect_swapped (self->session, "notify::building", G_CALLBACK (on_building_changed), self);
  g_signal_connect_swapped (self->session, "notify::project", G_CALLBACK (update_title), self);
  _kiln_window_init_open (self);

  kiln_ui_after_first_frame (GTK_WIDGET (self), welcome_after_first_frame, NULL, NULL);
  update_title (self);
  update_actions (self);
}

KilnWindow *
kiln_window_new (GtkApplication *application)
{
  return g_object_new (KILN_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

KilnSession *
kiln_window_get_session (KilnWindow *self)
{
  g_return_val_if_fail (KILN_IS_WINDOW (self), NULL);
  /* Whoever drives the session expects the pages to follow it. */
  _kiln_window_ensure_pages (self);
  return self->session;
}

KilnWizardPage *
kiln_window_get_page (KilnWindow *self,
                      const char *name)
{
  g_return_val_if_fail (KILN_IS_WINDOW (self), NULL);
  _kiln_window_ensure_pages (self);
  return KILN_WIZARD_PAGE (gtk_stack_get_child_by_name (self->stack, name));
}

const char *
kiln_window_get_visible_page_name (KilnWindow *self)
{
  g_return_val_if_fail (KILN_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

void
kiln_window_add_toast (KilnWindow *self,
                       const char *message)
{
  AdwToast *toast;

  g_return_if_fail (KILN_IS_WINDOW (self));

  toast = kiln_ui_toast_new (message);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
