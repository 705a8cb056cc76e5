#define G_LOG_DOMAIN "kiln-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "kiln-help.h"
#include "kiln-overlays-page.h"
#include "kiln-file-changes-dialog.h"
#include "kiln-ui-util.h"

struct _KilnOverlaysPage
{
  KilnWizardPage      parent_instance;

  KilnReleaseProfile *profile;
  KilnOverlayPreview *preview;
  guint               loading : 1;

  GtkListBox         *entries_list;
  GtkLabel           *preview_label;
  GtkTextView        *vm_args_view;
  GtkTextView        *remote_vm_args_view;
  GtkTextView        *env_sh_view;
  AdwPreferencesGroup *templates_group;
  AdwPreferencesGroup *phoenix_scripts_group;
};

G_DEFINE_FINAL_TYPE (KilnOverlaysPage, kiln_overlays_page, KILN_TYPE_WIZARD_PAGE)

static void
update_preview (KilnOverlaysPage *self)
{
  GListModel *files = G_LIST_MODEL (self->preview);
  guint n_files = g_list_model_get_n_items (files);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < n_files; i++)
    {
      g_autoptr(KilnOverlayEntry) file = g_list_model_get_item (files, i);

      g_string_append_printf (out, "%s%s", i > 0 ? "\n" : "", kiln_overlay_entry_get_destination (file));
    }

  if (kiln_overlay_preview_get_truncated (self->preview))
    g_string_append (out, "\n…");
  if (out->len == 0)
    g_string_append (out, _("Nothing: the release holds only what mix release puts there."));

  gtk_label_set_label (self->preview_label, out->str);
}

static void
on_destination_changed (GtkEditable      *editable,
                        KilnOverlayEntry *entry)
{
  kiln_overlay_entry_set_destination (entry, gtk_editable_get_text (editable));
}

static void
on_remove_clicked (GtkButton        *button,
                   KilnOverlayEntry *entry)
{
  KilnOverlaysPage *self = g_object_get_data (G_OBJECT (button), "page");
  GListStore *store = kiln_release_profile_get_overlay_entry_store (self->profile);
  guint position;

  if (g_list_store_find (store, entry, &position))
    g_list_store_remove (store, position);
}

static GtkWidget *
create_entry_row (gpointer item,
                  gpointer user_data)
{
  KilnOverlaysPage *self = user_data;
  KilnOverlayEntry *entry = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *destination = gtk_entry_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *basename = g_path_get_basename (kiln_overlay_entry_get_source (entry));
  g_autofree char *remove_label = g_strdup_printf (_("Remove %s"), basename);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), basename);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), kiln_overlay_entry_get_source (entry));

  gtk_editable_set_text (GTK_EDITABLE (destination), kiln_overlay_entry_get_destination (entry));
  gtk_editable_set_width_chars (GTK_EDITABLE (destination), 12);
  gtk_widget_set_valign (destination, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (destination, _("Destination inside the release"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (destination), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Destination inside the release"), -1);
  g_signal_connect_object (destination, "changed", G_CALLBACK (on_destination_changed), entry, 0);

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, remove_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
  g_object_set_data (G_OBJECT (remove), "page", self);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (on_remove_clicked), entry, 0);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), destination);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

  return row;
}

void
kiln_overlays_page_add_entry (KilnOverlaysPage *self,
                              const char       *source)
{
  g_autoptr(KilnOverlayEntry) entry = NULL;

  g_return_if_fail (KILN_IS_OVERLAYS_PAGE (self));

  if (self->profile == NULL)
    return;

  entry = kiln_overlay_entry_new_for_source (source);
  g_list_store_append (kiln_release_profile_get_overlay_entry_store (self->profile), entry);
}

static void
on_chooser_response (GtkNativeDialog  *native,
                     int               response,
                     KilnOverlaysPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (file != NULL && g_file_peek_path (file) != NULL)
        kiln_overlays_page_add_entry (self, g_file_peek_path (file));
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
choose (KilnOverlaysPage     *self,
        GtkFileChooserAction  action,
        const char           *title)
{
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (title, kiln_ui_get_window (GTK_WIDGET (self)),
                                        action, _("_Add"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
add_file_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  choose (KILN_OVERLAYS_PAGE (widget), GTK_FILE_CHOOSER_ACTION_OPEN, _("Add a File to the Release"));
}

static gboolean
write_templates (GPtrArray  *changes,
                 gpointer    user_data,
                 GError    **error)
{
  return kiln_release_profile_write_template_changes (KILN_RELEASE_PROFILE (user_data), changes, error);
}

/* A build reads the project; Kiln never changes project files under it. */
static gboolean
refuse_while_building (KilnOverlaysPage *self)
{
  KilnSession *session = kiln_wizard_page_get_session (KILN_WIZARD_PAGE (self));

  if (session == NULL || !kiln_session_get_building (session))
    return FALSE;

  kiln_ui_toast (GTK_WIDGET (self), _("Wait for the build to finish, then write to the project"));
  return TRUE;
}

static void
write_templates_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  KilnOverlaysPage *self = KILN_OVERLAYS_PAGE (widget);
  KilnSession *session = kiln_wizard_page_get_session (KILN_WIZARD_PAGE (self));
  const char *project_dir = session != NULL ? kiln_session_get_project_dir (session) : NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *paths = NULL;
  g_autofree char *body = NULL;

  if (project_dir == NULL || self->profile == NULL || refuse_while_building (self))
    return;

  /* Three small files: reading them is quicker than a round trip to a thread. */
  changes = kiln_release_profile_dup_template_changes (self->profile, project_dir, &error);
  if (changes == NULL)
    {
      kiln_ui_toast (widget, error->message);
      return;
    }
  if (changes->len == 0)
    {
      kiln_ui_toast (widget, _("The project’s templates already match these"));
      return;
    }

  paths = kiln_file_changes_dup_paths (changes);
  body = g_strdup_printf (_("Kiln will write %s, so that plain mix release uses them too. "
                            "A file it replaces is kept as a .kiln-backup."), paths);
  kiln_file_changes_dialog_present (widget, KILN_TEMPLATES_WRITE_DIALOG_NAME,
                                    _("Write Templates to the Project?"), body, changes,
                                    write_templates, g_object_ref (self->profile), g_object_unref,
                                    _("Templates written to the project; replaced files are kept as .kiln-backup"));
}

static KilnPhoenix *
project_phoenix (KilnOverlaysPage *self)
{
  KilnSession *session = kiln_wizard_page_get_session (KILN_WIZARD_PAGE (self));
  KilnProject *project = session != NULL ? kiln_session_get_project (session) : NULL;

  return project != NULL ? kiln_project_get_phoenix (project) : NULL;
}

static void
update_phoenix_scripts (KilnOverlaysPage *self)
{
  KilnPhoenix *phoenix = project_phoenix (self);

  gtk_widget_set_visible (GTK_WIDGET (self->phoenix_scripts_group),
                          phoenix != NULL && !kiln_phoenix_get_has_server_script (phoenix));
}

static gboolean
write_phoenix_scripts (GPtrArray  *changes,
                       gpointer    user_data,
                       GError    **error)
{
  KilnOverlaysPage *self = KILN_OVERLAYS_PAGE (user_data);

  if (!kiln_file_changes_apply_all (changes, error))
    return FALSE;

  gtk_widget_set_visible (GTK_WIDGET (self->phoenix_scripts_group), FALSE);
  kiln_overlay_preview_refresh (self->preview);
  return TRUE;
}

static void
add_phoenix_scripts_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  KilnOverlaysPage *self = KILN_OVERLAYS_PAGE (widget);
  KilnSession *session = kiln_wizard_page_get_session (KILN_WIZARD_PAGE (self));
  KilnProject *project = session != NULL ? kiln_session_get_project (session) : NULL;
  KilnPhoenix *phoenix = project_phoenix (self);
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *paths = NULL;
  g_autofree char *body = NULL;

  if (phoenix == NULL || self->profile == NULL || kiln_project_get_app_name (project) == NULL ||
      refuse_while_building (self))
    return;

  changes = kiln_phoenix_dup_script_changes (phoenix, kiln_session_get_project_dir (session),
                                             kiln_project_get_app_name (project),
                                             kiln_release_profile_get_name (self->profile), &error);
  if (changes == NULL)
    {
      kiln_ui_toast (widget, error->message);
      return;
    }
  if (changes->len == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->phoenix_scripts_group), FALSE);
      kiln_ui_toast (widget, _("The project already has these scripts"));
      return;
    }

  paths = kiln_file_changes_dup_paths (changes);
  body = g_strdup_printf (kiln_phoenix_get_uses_ecto (phoenix)
                          ? _("Kiln will add %s, as mix phx.gen.release does: bin/server starts the release "
                              "serving web requests, bin/migrate runs the database migrations without Mix.")
                          : _("Kiln will add %s, as mix phx.gen.release does: bin/server starts the release "
                              "serving web requests."),
                          paths);
  kiln_file_changes_dialog_present (widget, KILN_PHOENIX_SCRIPTS_DIALOG_NAME,
                                    _("Add Phoenix Release Scripts?"), body, changes,
                                    write_phoenix_scripts, g_object_ref (self), g_object_unref,
                                    _("Release scripts added to the project"));
}

static void
add_folder_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  choose (KILN_OVERLAYS_PAGE (widget), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("Add a Folder to the Release"));
}

static GtkTextView *
view_for_template (KilnOverlaysPage    *self,
                   KilnReleaseTemplate  kind)
{
  switch (kind)
    {
    case KILN_RELEASE_TEMPLATE_VM_ARGS:        return self->vm_args_view;
    case KILN_RELEASE_TEMPLATE_REMOTE_VM_ARGS: return self->remote_vm_args_view;
    case KILN_RELEASE_TEMPLATE_ENV_SH:
    default:                                   return self->env_sh_view;
    }
}

static void
on_template_changed (GtkTextBuffer    *buffer,
                     KilnOverlaysPage *self)
{
  KilnReleaseTemplate kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (buffer), "template"));
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  if (self->loading || self->profile == NULL)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  kiln_release_profile_set_template (self->profile, kind, text);
}

/* The profile's own text, else the project's template, else mix's default. */
static void
load_templates (KilnOverlaysPage *self)
{
  KilnSession *session = kiln_wizard_page_get_session (KILN_WIZARD_PAGE (self));
  const char *project_dir = session != NULL ? kiln_session_get_project_dir (session) : NULL;
  const char *folder = kiln_release_profile_get_rel_templates_path (self->profile);

  self->loading = TRUE;
  for (KilnReleaseTemplate kind = KILN_RELEASE_TEMPLATE_VM_ARGS; kind <= KILN_RELEASE_TEMPLATE_ENV_SH; kind++)
    {
      const char *edited = kiln_release_profile_get_template (self->profile, kind);
      g_autofree char *text = edited != NULL ? g_strdup (edited)
                                             : kiln_release_template_dup_project_text (kind, project_dir, folder);

      gtk_text_buffer_set_text (gtk_text_view_get_buffer (view_for_template (self, kind)), text, -1);
    }
  self->loading = FALSE;
}

static void
load_profile (KilnOverlaysPage *self)
{
  KilnSession *session = kiln_wizard_page_get_session (KILN_WIZARD_PAGE (self));
  KilnReleaseProfile *profile = session ? kiln_session_get_profile (session) : NULL;

  if (self->profile != NULL)
    g_signal_handlers_disconnect_by_data (self->profile, self);
  g_set_object (&self->profile, profile);

  gtk_list_box_bind_model (self->entries_list,
                           profile ? kiln_release_profile_get_overlay_entries (profile) : NULL,
                           create_entry_row, self, NULL);
  kiln_overlay_preview_set_project_dir (self->preview, session ? kiln_session_get_project_dir (session) : NULL);
  kiln_overlay_preview_set_profile (self->preview, profile);

  if (profile == NULL)
    return;

  g_signal_connect_swapped (profile, "notify::rel-templates-path", G_CALLBACK (load_templates), self);
  load_templates (self);
}

static void
on_session_changed (KilnOverlaysPage *self)
{
  KilnSession *session = kiln_wizard_page_get_session (KILN_WIZARD_PAGE (self));

  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::profile", G_CALLBACK (load_profile), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::project", G_CALLBACK (update_phoenix_scripts), self, G_CONNECT_SWAPPED);
    }
  load_profile (self);
  update_phoenix_scripts (self);
}

static void
kiln_overlays_page_shown (KilnWizardPage *page)
{
  kiln_overlay_preview_refresh (KILN_OVERLAYS_PAGE (page)->preview);
}

static void
kiln_overlays_page_dispose (GObject *object)
{
  KilnOverlaysPage *self = (KilnOverlaysPage *)object;

  if (self->profile != NULL)
    g_signal_handlers_disconnect_by_data (self->profile, self);
  g_clear_object (&self->profile);
  g_clear_object (&self->preview);

  G_OBJECT_CLASS (kiln_overlays_page_parent_class)->dispose (object);
}

static void
kiln_overlays_page_class_init (KilnOverlaysPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KilnWizardPageClass *page_class = KILN_WIZARD_PAGE_CLASS (klass);

  object_class->dispose = kiln_overlays_page_dispose;
  page_class->shown = kiln_overlays_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kilnapp/Kiln/kiln-overlays-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KilnOverlaysPage, entries_list);
  gtk_widget_class_bind_template_child (widget_class, KilnOverlaysPage, preview_label);
  gtk_widget_class_bind_template_child (widget_class, KilnOverlaysPage, vm_args_view);
  gtk_widget_class_bind_template_child (widget_class, KilnOverlaysPage, remote_vm_args_view);
  gtk_widget_class_bind_template_child (widget_class, KilnOverlaysPage, env_sh_view);
  gtk_widget_class_bind_template_child (widget_class, KilnOverlaysPage, templates_group);
  gtk_widget_class_bind_template_child (widget_class, KilnOverlaysPage, phoenix_scripts_group);

  gtk_widget_class_install_action (widget_class, "overlays.add-file", NULL, add_file_action);
  gtk_widget_class_install_action (widget_class, "overlays.add-folder", NULL, add_folder_action);
  gtk_widget_class_install_action (widget_class, "overlays.write-templates", NULL, write_templates_action);
  gtk_widget_class_install_action (widget_class, "overlays.add-phoenix-scripts", NULL, add_phoenix_scripts_action);
}

/* Edits stay in Kiln's profile until written into the project. */
static GtkWidget *
new_templates_header_suffix (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *write = gtk_button_new_with_mnemonic (_("_Write to rel/…"));

  gtk_widget_set_valign (write, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (write, _("Write the edited templates into the project, after showing the changes"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (write), "overlays.write-templates");
  gtk_box_append (GTK_BOX (box), write);
  gtk_box_append (GTK_BOX (box), kiln_help_button_new ("templates", _("Templates"), NULL,
                                                       "https://hexdocs.pm/mix/Mix.Tasks.Release.html"
                                                       "#module-vm-args-and-env-sh-env-bat"));
  return box;
}

static void
kiln_overlays_page_init (KilnOverlaysPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  adw_preferences_group_set_header_suffix (self->templates_group, new_templates_header_suffix ());

  self->preview = kiln_overlay_preview_new ();
  g_signal_connect_object (self->preview, "items-changed", G_CALLBACK (update_preview), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->preview, "notify::truncated", G_CALLBACK (update_preview), self, G_CONNECT_SWAPPED);
  update_preview (self);

  for (KilnReleaseTemplate kind = KILN_RELEASE_TEMPLATE_VM_ARGS; kind <= KILN_RELEASE_TEMPLATE_ENV_SH; kind++)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (view_for_template (self, kind));

      g_object_set_data (G_OBJECT (buffer), "template", GUINT_TO_POINTER (kind));
      g_signal_connect (buffer, "changed", G_CALLBACK (on_template_changed), self);
    }

  g_signal_connect (self, "notify::session", G_CALLBACK (on_session_changed), NULL);
}

const char *
kiln_overlays_page_get_preview (KilnOverlaysPage *self)
{
  g_return_val_if_fail (KILN_IS_OVERLAYS_PAGE (self), NULL);
  return gtk_label_get_label (self->preview_label);
}

GtkTextBuffer *
kiln_overlays_page_get_template_buffer (KilnOverlaysPage    *self,
                                        KilnReleaseTemplate  kind)
{
  g_return_val_if_fail (KILN_IS_OVERLAYS_PAGE (self), NULL);
  return gtk_text_view_get_buffer (view_for_template (self, kind));
}
