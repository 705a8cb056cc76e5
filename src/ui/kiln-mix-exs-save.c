#define G_LOG_DOMAIN "kiln-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "kiln-diff-view.h"
#include "kiln-mix-exs-save.h"
#include "kiln-ui-util.h"

#define BUSY_KEY "kiln-mix-exs-save-busy"

typedef struct
{
  GtkWidget        *source;
  KilnMixExsWriter *writer;
  char             *release_name;
} SaveOperation;

static void
save_operation_free (SaveOperation *op)
{
  g_object_set_data (G_OBJECT (op->source), BUSY_KEY, NULL);
  g_clear_object (&op->source);
  g_clear_object (&op->writer);
  g_free (op->release_name);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SaveOperation, save_operation_free)

/* Errors get a dialog, not a toast: they carry what to do next and must
 * stay readable until the user has read them. */
static void
show_error (SaveOperation *op,
            const char    *heading,
            const char    *message)
{
  GtkWidget *dialog = adw_message_dialog_new (kiln_ui_get_window (op->source), heading, message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
apply_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SaveOperation) op = user_data;
  g_autoptr(GError) error = NULL;
  KilnFileChange *change;
  const char *backup;
  g_autofree char *message = NULL;

  if (!kiln_mix_exs_writer_apply_finish (KILN_MIX_EXS_WRITER (object), result, &error))
    {
      show_error (op, _("mix.exs Was Not Changed"), error->message);
      return;
    }

  change = kiln_mix_exs_writer_get_change (op->writer);
  backup = kiln_file_change_get_backup_path (change);
  if (backup != NULL)
    {
      /* Relative to the project, so the toast shows it in full. */
      g_autoptr(GFile) root = g_file_new_for_path (kiln_mix_exs_writer_get_project_dir (op->writer));
      g_autoptr(GFile) file = g_file_new_for_path (backup);
      g_autofree char *relative = g_file_get_relative_path (root, file);

      /* Toast titles are Pango markup. */
      message = g_strdup_printf (_("Saved to mix.exs; the previous version is in %s"),
                                         relative ? relative : backup);
    }
  else
    message = g_strdup_printf (_("Saved release “%s” to mix.exs"), op->release_name);
  kiln_ui_toast (op->source, message);
}

static void
on_response (AdwMessageDialog *dialog,
             const char       *response,
             gpointer          user_data)
{
  SaveOperation *op;

  if (g_strcmp0 (response, "save") != 0)
    return;

  /* The dialog owns the operation until Save takes it over. */
  op = g_object_steal_data (G_OBJECT (dialog), "operation");
  if (op != NULL)
    kiln_mix_exs_writer_apply_async (op->writer, NULL, apply_cb, op);
}

static char *
describe_edit (KilnMixExsEdit  edit,
               const char     *release_name)
{
  switch (edit)
    {
    case KILN_MIX_EXS_EDIT_REPLACE_RELEASE:
      return g_strdup_printf (_("Kiln will replace the entry of release “%s” in the releases: list of mix.exs."),
                              release_name);
    case KILN_MIX_EXS_EDIT_ADD_RELEASE:
      return g_strdup_printf (_("Kiln will add release “%s” to the releases: list of mix.exs."), release_name);
    case KILN_MIX_EXS_EDIT_ADD_RELEASES:
    case KILN_MIX_EXS_EDIT_NONE:
    default:
      return g_strdup_printf (_("Kiln will add a releases: list with release “%s” to the project in mix.exs."),
                              release_name);
    }
}

static void
prepare_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SaveOperation) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  const char *diff;
  GtkWidget *dialog;

  if (!kiln_mix_exs_writer_prepare_profile_finish (KILN_MIX_EXS_WRITER (object), result, &error))
    {
      show_error (op, _("Kiln Cannot Save to This mix.exs"), error->message);
      return;
    }

  diff = kiln_mix_exs_writer_get_diff (op->writer);
  if (diff == NULL || diff[0] == '\0')
    {
      g_autofree char *message = g_strdup_printf (_("mix.exs already has release “%s” exactly like this"),
                                                          op->release_name);
      kiln_ui_toast (op->source, message);
      return;
    }

  body = describe_edit (kiln_mix_exs_writer_get_edit (op->writer), op->release_name);
  dialog = adw_message_dialog_new (kiln_ui_get_window (op->source), _("Save to mix.exs?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s %s", body,
                                  _("The rest of the file stays exactly as it is, and the current mix.exs "
                                    "is kept as a .kiln-backup."));
  gtk_widget_set_name (dialog, KILN_MIX_EXS_SAVE_DIALOG_NAME);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog),
                                      kiln_diff_view_new_for_dialog (diff, _("Changes to mix.exs"), kiln_ui_get_window (op->source)));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "operation", g_steal_pointer (&op), (GDestroyNotify) save_operation_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_response), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
kiln_mix_exs_save_start (GtkWidget          *source,
                         KilnSession        *session,
                         KilnReleaseProfile *profile)
{
  SaveOperation *op;
  const char *project_dir;

  g_return_if_fail (GTK_IS_WIDGET (source));
  g_return_if_fail (KILN_IS_SESSION (session));

  project_dir = kiln_session_get_project_dir (session);
  if (project_dir == NULL || profile == NULL)
    {
      kiln_ui_toast (source, _("Open a project and choose a release first"));
      return;
    }

  /* A build reads mix.exs; Kiln never changes project files under it. */
  if (kiln_session_get_building (session))
    {
      kiln_ui_toast (source, _("Wait for the build to finish, then save to mix.exs"));
      return;
    }

  if (kiln_release_profile_get_name (profile) == NULL || kiln_release_profile_get_name (profile)[0] == '\0')
    {
      kiln_ui_toast (source, _("Give the release a name first"));
      return;
    }

  /* One dialog at a time: a second click while the first is open does nothing. */
  if (g_object_get_data (G_OBJECT (source), BUSY_KEY) != NULL)
    return;
  g_object_set_data (G_OBJECT (source), BUSY_KEY, GINT_TO_POINTER (TRUE));

  op = g_new0 (SaveOperation, 1);
  op->source = g_object_ref (source);
  op->writer = kiln_mix_exs_writer_new (project_dir);
  op->release_name = g_strdup (kiln_release_profile_get_name (profile));

  kiln_mix_exs_writer_prepare_profile_async (op->writer, kiln_session_get_toolchain (session), profile,
                                             NULL, prepare_cb, op);
}
