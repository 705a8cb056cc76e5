#define G_LOG_DOMAIN "kiln-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "kiln-diff-view.h"
#include "kiln-file-change.h"
#include "kiln-templates-write.h"
#include "kiln-ui-util.h"

typedef struct
{
  GtkWidget          *source;
  KilnReleaseProfile *profile;
  GPtrArray          *changes;
} WriteOperation;

static void
write_operation_free (WriteOperation *op)
{
  g_clear_object (&op->source);
  g_clear_object (&op->profile);
  g_clear_pointer (&op->changes, g_ptr_array_unref);
  g_free (op);
}

static GtkWindow *
source_window (GtkWidget *source)
{
  GtkRoot *root = gtk_widget_get_root (source);

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
show_error (GtkWidget  *source,
            const char *message)
{
  GtkWidget *dialog = adw_message_dialog_new (source_window (source), _("Templates Were Not Written"), message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_response (AdwMessageDialog *dialog,
             const char       *response,
             gpointer          user_data)
{
  WriteOperation *op = g_object_get_data (G_OBJECT (dialog), "operation");
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (g_strcmp0 (response, "write") != 0 || op == NULL)
    return;

  if (!kiln_release_profile_write_template_changes (op->profile, op->changes, &error))
    {
      show_error (op->source, error->message);
      return;
    }

  message = g_markup_printf_escaped (ngettext ("Wrote %u template to the project; replaced files are kept as .kiln-backup",
                                               "Wrote %u templates to the project; replaced files are kept as .kiln-backup",
                                               op->changes->len),
                                     op->changes->len);
  kiln_ui_toast (op->source, message);
}

static char *
dup_combined_diff (GPtrArray *changes)
{
  GString *diff = g_string_new (NULL);

  for (guint i = 0; i < changes->len; i++)
    g_string_append (diff, kiln_file_change_get_diff (changes->pdata[i]));

  return g_string_free (diff, FALSE);
}

void
kiln_templates_write_start (GtkWidget          *source,
                            KilnSession        *session,
                            KilnReleaseProfile *profile)
{
  const char *project_dir;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *diff = NULL;
  g_autoptr(GString) files = g_string_new (NULL);
  WriteOperation *op;
  GtkWidget *dialog;

  g_return_if_fail (GTK_IS_WIDGET (source));
  g_return_if_fail (KILN_IS_SESSION (session));
  g_return_if_fail (KILN_IS_RELEASE_PROFILE (profile));

  project_dir = kiln_session_get_project_dir (session);
  if (project_dir == NULL)
    return;

  /* Three small files: reading them is quicker than a round trip to a thread. */
  changes = kiln_release_profile_dup_template_changes (profile, project_dir, &error);
  if (changes == NULL)
    {
      show_error (source, error->message);
      return;
    }
  if (changes->len == 0)
    {
      kiln_ui_toast (source, _("The project’s templates already match these"));
      return;
    }

  for (guint i = 0; i < changes->len; i++)
    g_string_append_printf (files, "%s%s", i > 0 ? ", " : "", kiln_file_change_get_path (changes->pdata[i]));

  diff = dup_combined_diff (changes);
  dialog = adw_message_dialog_new (source_window (source), _("Write Templates to the Project?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Kiln will write %s, so that plain mix release uses them too. "
                                    "A file it replaces is kept as a .kiln-backup."),
                                  files->str);
  gtk_widget_set_name (dialog, KILN_TEMPLATES_WRITE_DIALOG_NAME);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog),
                                      kiln_diff_view_new_for_dialog (diff, _("Changes to the templates"),
                                                                     source_window (source)));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "write", _("_Write"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "write", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "write");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  op = g_new0 (WriteOperation, 1);
  op->source = g_object_ref (source);
  op->profile = g_object_ref (profile);
  op->changes = g_steal_pointer (&changes);
  g_object_set_data_full (G_OBJECT (dialog), "operation", op, (GDestroyNotify) write_operation_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_response), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}
