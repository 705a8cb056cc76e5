#define G_LOG_DOMAIN "kiln-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "kiln-diff-view.h"
#include "kiln-migrate-page.h"
#include "kiln-migrate-report.h"
#include "kiln-ui-util.h"
#include "kiln-window.h"

struct _KilnMigratePage
{
  KilnWizardPage       parent_instance;

  KilnMigration       *migration;
  KilnMigration       *pending;
  GCancellable        *cancellable;
  GPtrArray           *diff_views;
  GPtrArray           *to_write;
  char                *apply_error;
  /* The migrated release, while the project is read again to build it. */
  char                *release_to_build;
  gulong               inspected_handler;
  guint                busy : 1;
  guint                applied : 1;
  guint                renamed : 1;
  guint                loading : 1;

  GtkStack            *stack;
  GtkScrolledWindow   *scroller;
  GtkSpinner          *preparing_spinner;
  AdwStatusPage       *error_status;
  GtkSpinner          *refresh_spinner;
  AdwComboRow         *release_row;
  AdwComboRow         *environment_row;
  GtkWidget           *content_box;
  GtkLabel            *summary_label;
  GtkBox              *report_box;
  GtkListBox          *files_list;
  GtkWidget           *apply_group;
  GtkSwitch           *rename_switch;
  GtkWidget           *refusal_box;
  GtkLabel            *refusal_label;
  GtkWidget           *review_button;
  GtkWidget           *apply_button;
  AdwPreferencesGroup *written_group;
  GtkListBox          *written_list;
  GtkWidget           *reinspect_button;
};

G_DEFINE_FINAL_TYPE (KilnMigratePage, kiln_migrate_page, KILN_TYPE_WIZARD_PAGE)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_APPLIED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
dup_relative_path (KilnMigratePage *self,
                   const char      *path)
{
  const char *project_dir = kiln_migration_get_project_dir (self->migration);
  g_autoptr(GFile) root = g_file_new_for_path (project_dir);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  char *relative = g_file_get_relative_path (root, file);

  return relative != NULL ? relative : g_strdup (path);
}

static void
update_actions (KilnMigratePage *self)
{
  KilnSession *session = kiln_wizard_page_get_session (KILN_WIZARD_PAGE (self));
  gboolean building = session != NULL && kiln_session_get_building (session);
  gboolean editable = self->migration != NULL && !self->busy && !self->applied;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "migrate.prepare", !self->busy && !building);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "migrate.apply", editable && !building);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "migrate.reinspect", self->applied && !self->busy && !building);

  gtk_widget_set_sensitive (GTK_WIDGET (self->release_row), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->environment_row), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->rename_switch), editable);
  gtk_widget_set_sensitive (self->content_box, !self->busy || self->applied);
  gtk_widget_set_visible (GTK_WIDGET (self->refresh_spinner), self->busy);
  gtk_spinner_set_spinning (self->refresh_spinner, self->busy);
  gtk_spinner_set_spinning (self->preparing_spinner, self->busy);
}

static void
set_busy (KilnMigratePage *self,
          gboolean         busy)
{
  busy = !!busy;
  if (self->busy != busy)
    {
      self->busy = busy;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
  update_actions (self);
}

static void
set_applied (KilnMigratePage *self,
             gboolean         applied)
{
  applied = !!applied;
  if (self->applied != applied)
    {
      self->applied = applied;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPLIED]);
    }
  update_actions (self);
}

static void
fill_chooser (AdwComboRow *row,
              GStrv        names,
              const char  *current)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new ((const char * const *) names);
  guint selected = 0;

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    if (g_strcmp0 (names[i], current) == 0)
      selected = i;

  adw_combo_row_set_model (row, G_LIST_MODEL (model));
  adw_combo_row_set_selected (row, selected);
}

static void
show_migration (KilnMigratePage *self)
{
  KilnDistilleryConfig *config = kiln_migration_get_config (self->migration);
  g_auto(GStrv) releases = kiln_distillery_config_dup_release_names (config);
  g_auto(GStrv) environments = kiln_distillery_config_dup_environment_names (config);

  self->loading = TRUE;
  fill_chooser (self->release_row, releases, kiln_migration_get_release_name (self->migration));
  fill_chooser (self->environment_row, environments, kiln_migration_get_environment (self->migration));
  self->loading = FALSE;

  kiln_migrate_report_show (self->migration, self->report_box, self->summary_label);
  kiln_migrate_report_show_files (self->migration, self->files_list, self->diff_views);

  g_clear_pointer (&self->apply_error, g_free);
  gtk_widget_set_visible (self->refusal_box, FALSE);
  gtk_widget_set_visible (self->apply_group, TRUE);
  gtk_widget_set_visible (self->apply_button, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->written_group), FALSE);
  gtk_widget_set_visible (self->reinspect_button, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "report");
}

static void
prepare_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  KilnMigration *migration = KILN_MIGRATION (object);
  g_autoptr(KilnMigratePage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean prepared = kiln_migration_prepare_finish (migration, result, &error);

  /* A newer prepare (another release, another project) replaced this one. */
  if (migration != self->pending)
    return;

  g_clear_object (&self->pending);
  set_busy (self, FALSE);

  if (!prepared)
    {
      g_autofree char *escaped = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* Status page descriptions are Pango markup; messages quote code. */
      escaped = g_markup_escape_text (error->message, -1);
      adw_status_page_set_description (self->error_status, escaped);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  g_set_object (&self->migration, migration);
  set_applied (self, FALSE);
  show_migration (self);
}

static void
start_prepare (KilnMigratePage *self,
               const char      *release,
               const char      *environment)
{
  KilnSession *session = kiln_wizard_page_get_session (KILN_WIZARD_PAGE (self));
  const char *project_dir = session != NULL ? kiln_session_get_project_dir (session) : NULL;

  if (project_dir == NULL)
    {
      adw_status_page_set_description (self->error_status, _("Open a project first: there is nothing to migrate yet."));
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  g_clear_object (&self->pending);
  self->pending = kiln_migration_new (project_dir);

  /* A first read gets the spinner page; a re-read keeps the report in view. */
  if (self->migration == NULL || self->applied ||
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "report") != 0)
    gtk_stack_set_visible_child_name (self->stack, "preparing");
  set_busy (self, TRUE);

  kiln_migration_prepare_async (self->pending, kiln_session_get_toolchain (session), release, environment,
                                self->cancellable, prepare_cb, g_object_ref (self));
}

static char *
dup_selected (AdwComboRow *row)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (row);

  return item != NULL ? g_strdup (gtk_string_object_get_string (item)) : NULL;
}

static void
on_chooser_changed (KilnMigratePage *self)
{
  g_autofree char *release = NULL;
  g_autofree char *environment = NULL;

  if (self->loading || self->migration == NULL || self->applied)
    return;

  release = dup_selected (self->release_row);
  environment = dup_selected (self->environment_row);
  if (g_strcmp0 (release, kiln_migration_get_release_name (self->migration)) == 0 &&
      g_strcmp0 (environment, kiln_migration_get_environment (self->migration)) == 0)
    return;

  start_prepare (self, release, environment);
}

static void
show_written (KilnMigratePage *self)
{
  g_autofree char *description = NULL;
  GtkAdjustment *adjustment;

  kiln_migrate_report_clear (GTK_WIDGET (self->written_list));

  for (guint i = 0; i < self->to_write->len; i++)
    {
      KilnFileChange *change = g_ptr_array_index (self->to_write, i);
      const char *backup = kiln_file_change_get_backup_path (change);
      g_autofree char *subtitle = NULL;

      if (kiln_file_change_get_is_directory (change))
        subtitle = g_strdup (_("Folder created"));
      else if (backup != NULL)
        {
          g_autofree char *relative = dup_relative_path (self, backup);
          subtitle = g_strdup_printf (_("Replaced; the previous version is in %s"), relative);
        }
      else
        subtitle = g_strdup (_("Created"));

      gtk_list_box_append (self->written_list, kiln_migrate_report_row (kiln_file_change_get_path (change), subtitle));
    }

  if (self->renamed)
    gtk_list_box_append (self->written_list,
                         kiln_migrate_report_row ("rel/config.exs", _("Renamed to rel/config.exs.distillery")));

  /* Group descriptions are Pango markup. */
  description = g_markup_printf_escaped (_("Next, build the migrated release: Kiln reads the project again and "
                                           "chooses “%s”. Plain “MIX_ENV=%s mix release %s” builds it too."),
                                 kiln_migration_get_release_name (self->migration),
                                 kiln_migration_get_mix_env (self->migration),
                                 kiln_migration_get_release_name (self->migration));
  adw_preferences_group_set_description (self->written_group, description);
  gtk_widget_set_visible (GTK_WIDGET (self->written_group), TRUE);
  gtk_widget_set_visible (self->reinspect_button, TRUE);
  gtk_widget_set_visible (self->apply_button, FALSE);
  gtk_widget_set_visible (self->apply_group, FALSE);
  gtk_widget_set_visible (self->refusal_box, FALSE);

  /* Apply Migration sits at the bottom; what was written is shown at the top. */
  adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
  gtk_widget_grab_focus (self->reinspect_button);
}

static void
apply_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  KilnMigration *migration = KILN_MIGRATION (object);
  g_autoptr(KilnMigratePage) self = user_data;
  g_autoptr(GError) error = NULL;
  guint n_written = 0;
  guint n_backups = 0;
  g_autofree char *message = NULL;

  if (!kiln_migration_apply_finish (migration, result, &error))
    {
      if (migration != self->migration)
        return;

      set_busy (self, FALSE);
      g_free (self->apply_error);
      self->apply_error = g_strdup (error->message);
      gtk_label_set_label (self->refusal_label, error->message);
      /* The same changes would be refused again: the way on is to review them. */
      gtk_widget_set_visible (self->refusal_box, TRUE);
      gtk_widget_set_visible (self->apply_button, FALSE);
      gtk_widget_grab_focus (self->review_button);
      return;
    }

  if (migration != self->migration)
    return;

  for (guint i = 0; i < self->to_write->len; i++)
    if (kiln_file_change_get_backup_path (g_ptr_array_index (self->to_write, i)) != NULL)
      n_backups++;
  n_written = self->to_write->len;

  set_busy (self, FALSE);
  set_applied (self, TRUE);
  show_written (self);

  if (n_backups > 0)
    message = g_strdup_printf (g_dngettext (NULL, "Migration applied: %u change written; replaced files were kept as .kiln-backup",
                                            "Migration applied: %u changes written; replaced files were kept as .kiln-backup",
                                            n_written), n_written);
  else
    message = g_strdup_printf (g_dngettext (NULL, "Migration applied: %u change written",
                                            "Migration applied: %u changes written", n_written), n_written);
  kiln_ui_toast (GTK_WIDGET (self), message);
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KilnMigratePage *self = KILN_MIGRATE_PAGE (widget);
  KilnMigrationApplyFlags flags = KILN_MIGRATION_APPLY_NONE;
  GListModel *changes;

  if (self->migration == NULL || self->busy || self->applied)
    return;

  if (gtk_switch_get_active (self->rename_switch))
    flags |= KILN_MIGRATION_APPLY_RENAME_CONFIG;
  self->renamed = (flags & KILN_MIGRATION_APPLY_RENAME_CONFIG) != 0;

  /* Noted now: once written, every change reads as "unchanged". */
  g_ptr_array_set_size (self->to_write, 0);
  changes = kiln_migration_get_changes (self->migration);
  for (guint i = 0; i < g_list_model_get_n_items (changes); i++)
    {
      g_autoptr(KilnFileChange) change = g_list_model_get_item (changes, i);

      if (!kiln_file_change_get_is_unchanged (change))
        g_ptr_array_add (self->to_write, g_object_ref (change));
    }

  gtk_widget_set_visible (self->refusal_box, FALSE);
  set_busy (self, TRUE);
  kiln_migration_apply_async (self->migration, flags, self->cancellable, apply_cb, g_object_ref (self));
}

static void
prepare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KilnMigratePage *self = KILN_MIGRATE_PAGE (widget);
  g_autofree char *release = NULL;
  g_autofree char *environment = NULL;

  if (self->migration != NULL && !self->applied)
    {
      release = g_strdup (kiln_migration_get_release_name (self->migration));
      environment = g_strdup (kiln_migration_get_environment (self->migration));
    }

  start_prepare (self, release, environment);
}

static void
stop_waiting_for_inspection (KilnMigratePage *self)
{
  KilnSession *session = kiln_wizard_page_get_session (KILN_WIZARD_PAGE (self));

  if (self->inspected_handler != 0 && session != NULL)
    g_signal_handler_disconnect (session, self->inspected_handler);
  self->inspected_handler = 0;
  g_clear_pointer (&self->release_to_build, g_free);
}

/* The project page shows the new reading; once it is done with the
 * migrated release chosen, the next step is building it. */
static void
on_inspecting_changed (KilnMigratePage *self,
                       GParamSpec      *pspec,
                       KilnSession     *session)
{
  KilnReleaseProfile *profile = kiln_session_get_profile (session);
  gboolean chosen;

  if (kiln_session_get_inspecting (session))
    return;

  chosen = profile != NULL && g_strcmp0 (kiln_release_profile_get_name (profile), self->release_to_build) == 0;
  stop_waiting_for_inspection (self);
  if (chosen && g_strcmp0 (kiln_window_get_visible_page_name (KILN_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)))),
                           "project") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-page", "s", "build");
}

static void
reinspect_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KilnMigratePage *self = KILN_MIGRATE_PAGE (widget);
  KilnSession *session = kiln_wizard_page_get_session (KILN_WIZARD_PAGE (self));
  g_autofree char *project_dir = NULL;
  g_autofree char *release = NULL;

  if (session == NULL || kiln_session_get_project_dir (session) == NULL || kiln_session_get_building (session))
    return;

  project_dir = g_strdup (kiln_session_get_project_dir (session));
  release = self->migration ? g_strdup (kiln_migration_get_release_name (self->migration)) : NULL;
  stop_waiting_for_inspection (self);
  kiln_session_open_project_at_release (session, project_dir, release);
  gtk_widget_activate_action (widget, "win.show-page", "s", "project");

  self->release_to_build = g_steal_pointer (&release);
  self->inspected_handler = g_signal_connect_object (session, "notify::inspecting",
                                                     G_CALLBACK (on_inspecting_changed), self,
                                                     G_CONNECT_SWAPPED);
}

static void
reset (KilnMigratePage *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->pending);
  g_clear_object (&self->migration);
  g_clear_pointer (&self->apply_error, g_free);
  gtk_switch_set_active (self->rename_switch, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "preparing");
  set_busy (self, FALSE);
  set_applied (self, FALSE);
}

static void
on_session_changed (KilnMigratePage *self)
{
  KilnSession *session = kiln_wizard_page_get_session (KILN_WIZARD_PAGE (self));

  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::project-dir", G_CALLBACK (reset), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::building", G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
    }
  reset (self);
}

static void
kiln_migrate_page_shown (KilnWizardPage *page)
{
  KilnMigratePage *self = KILN_MIGRATE_PAGE (page);

  if (self->migration == NULL && !self->busy)
    start_prepare (self, NULL, NULL);
}

static void
kiln_migrate_page_dispose (GObject *object)
{
  KilnMigratePage *self = (KilnMigratePage *)object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->pending);
  g_clear_object (&self->migration);
  g_clear_pointer (&self->diff_views, g_ptr_array_unref);
  g_clear_pointer (&self->to_write, g_ptr_array_unref);
  stop_waiting_for_inspection (self);

  G_OBJECT_CLASS (kiln_migrate_page_parent_class)->dispose (object);
}

static void
kiln_migrate_page_finalize (GObject *object)
{
  KilnMigratePage *self = (KilnMigratePage *)object;

  g_clear_pointer (&self->apply_error, g_free);

  G_OBJECT_CLASS (kiln_migrate_page_parent_class)->finalize (object);
}

static void
kiln_migrate_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KilnMigratePage *self = KILN_MIGRATE_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_APPLIED:
      g_value_set_boolean (value, self->applied);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_migrate_page_class_init (KilnMigratePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KilnWizardPageClass *page_class = KILN_WIZARD_PAGE_CLASS (klass);

  object_class->dispose = kiln_migrate_page_dispose;
  object_class->finalize = kiln_migrate_page_finalize;
  object_class->get_property = kiln_migrate_page_get_property;
  page_class->shown = kiln_migrate_page_shown;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_APPLIED] =
    g_param_spec_boolean ("applied", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kilnapp/Kiln/kiln-migrate-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KilnMigratePage, stack);
  gtk_widget_class_bind_template_child (widget_class, KilnMigratePage, scroller);
  gtk_widget_class_bind_template_child (widget_class, KilnMigratePage, preparing_spinner);
  gtk_widget_class_bind_template_child (widget_class, KilnMigratePage, error_status);
  gtk_widget_class_bind_template_child (widget_class, KilnMigratePage, refresh_spinner);
  gtk_widget_class_bind_template_child (widget_class, KilnMigratePage, release_row);
  gtk_widget_class_bind_template_child (widget_class, KilnMigratePage, environment_row);
  gtk_widget_class_bind_template_child (widget_class, KilnMigratePage, content_box);
  gtk_widget_class_bind_template_child (widget_class, KilnMigratePage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, KilnMigratePage, report_box);
  gtk_widget_class_bind_template_child (widget_class, KilnMigratePage, files_list);
  gtk_widget_class_bind_template_child (widget_class, KilnMigratePage, apply_group);
  gtk_widget_class_bind_template_child (widget_class, KilnMigratePage, rename_switch);
  gtk_widget_class_bind_template_child (widget_class, KilnMigratePage, refusal_box);
  gtk_widget_class_bind_template_child (widget_class, KilnMigratePage, refusal_label);
  gtk_widget_class_bind_template_child (widget_class, KilnMigratePage, review_button);
  gtk_widget_class_bind_template_child (widget_class, KilnMigratePage, apply_button);
  gtk_widget_class_bind_template_child (widget_class, KilnMigratePage, written_group);
  gtk_widget_class_bind_template_child (widget_class, KilnMigratePage, written_list);
  gtk_widget_class_bind_template_child (widget_class, KilnMigratePage, reinspect_button);

  gtk_widget_class_install_action (widget_class, "migrate.prepare", NULL, prepare_action);
  gtk_widget_class_install_action (widget_class, "migrate.apply", NULL, apply_action);
  gtk_widget_class_install_action (widget_class, "migrate.reinspect", NULL, reinspect_action);
}

static void
kiln_migrate_page_init (KilnMigratePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->diff_views = g_ptr_array_new ();
  self->to_write = g_ptr_array_new_with_free_func (g_object_unref);

  g_signal_connect_swapped (self->release_row, "notify::selected", G_CALLBACK (on_chooser_changed), self);
  g_signal_connect_swapped (self->environment_row, "notify::selected", G_CALLBACK (on_chooser_changed), self);
  g_signal_connect (self, "notify::session", G_CALLBACK (on_session_changed), NULL);
  update_actions (self);
}

KilnMigration *
kiln_migrate_page_get_migration (KilnMigratePage *self)
{
  g_return_val_if_fail (KILN_IS_MIGRATE_PAGE (self), NULL);
  return self->migration;
}

gboolean
kiln_migrate_page_get_busy (KilnMigratePage *self)
{
  g_return_val_if_fail (KILN_IS_MIGRATE_PAGE (self), FALSE);
  return self->busy;
}

gboolean
kiln_migrate_page_get_applied (KilnMigratePage *self)
{
  g_return_val_if_fail (KILN_IS_MIGRATE_PAGE (self), FALSE);
  return self->applied;
}

const char *
kiln_migrate_page_get_state (KilnMigratePage *self)
{
  g_return_val_if_fail (KILN_IS_MIGRATE_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
kiln_migrate_page_get_apply_error (KilnMigratePage *self)
{
  g_return_val_if_fail (KILN_IS_MIGRATE_PAGE (self), NULL);
  return self->apply_error;
}

char *
kiln_migrate_page_dup_shown_diff (KilnMigratePage *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (KILN_IS_MIGRATE_PAGE (self), NULL);

  for (guint i = 0; i < self->diff_views->len; i++)
    g_string_append (text, kiln_diff_view_get_diff (g_ptr_array_index (self->diff_views, i)));

  return g_string_free (text, FALSE);
}

GtkWidget *
kiln_migrate_page_get_rename_switch (KilnMigratePage *self)
{
  g_return_val_if_fail (KILN_IS_MIGRATE_PAGE (self), NULL);
  return GTK_WIDGET (self->rename_switch);
}
