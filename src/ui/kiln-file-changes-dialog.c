#define G_LOG_DOMAIN "kiln-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "kiln-diff-view.h"
#include "kiln-file-change.h"
#include "kiln-file-changes-dialog.h"
#include "kiln-ui-util.h"

typedef struct
{
  GtkWidget                *source;
  GPtrArray                *changes;
  KilnFileChangesWriteFunc  write;
  gpointer                  user_data;
  GDestroyNotify            destroy;
  char                     *written_message;
} WriteOperation;

static void
write_operation_free (WriteOperation *op)
{
  if (op->destroy != NULL)
    op->destroy (op->user_data);
  g_clear_object (&op->source);
  g_clear_pointer (&op->changes, g_ptr_array_unref);
  g_free (op->written_message);
  g_free (op);
}

static void
on_response (AdwMessageDialog *dialog,
             const char       *response,
             gpointer          user_data)
{
  WriteOperation *op = g_object_get_data (G_OBJECT (dialog), "operation");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "write") != 0 || op == NULL)
    return;

  if (!op->write (op->changes, op->user_data, &error))
    {
      GtkWidget *failed = adw_message_dialog_new (kiln_ui_get_window (op->source), _("Nothing Was Written"),
                                                  error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (failed), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (failed));
      return;
    }

  kiln_ui_toast (op->source, op->written_message);
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
kiln_file_changes_dialog_present (GtkWidget                *source,
                                  const char               *name,
                                  const char               *heading,
                                  const char               *body,
                                  GPtrArray                *changes,
                                  KilnFileChangesWriteFunc  write,
                                  gpointer                  user_data,
                                  GDestroyNotify            destroy,
                                  const char               *written_message)
{
  g_autofree char *diff = NULL;
  WriteOperation *op;
  GtkWidget *dialog;

  g_return_if_fail (GTK_IS_WIDGET (source));
  g_return_if_fail (changes != NULL && write != NULL);

  diff = dup_combined_diff (changes);
  dialog = adw_message_dialog_new (kiln_ui_get_window (source), heading, body);
  gtk_widget_set_name (dialog, name);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog),
                                      kiln_diff_view_new_for_dialog (diff, _("Changes to the project"),
                                                                     kiln_ui_get_window (source)));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "write", _("_Write"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "write", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "write");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  op = g_new0 (WriteOperation, 1);
  op->source = g_object_ref (source);
  op->changes = g_ptr_array_ref (changes);
  op->write = write;
  op->user_data = user_data;
  op->destroy = destroy;
  op->written_message = g_strdup (written_message);
  g_object_set_data_full (G_OBJECT (dialog), "operation", op, (GDestroyNotify) write_operation_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_response), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The project's files named one after the other, for a dialog's body. */
char *
kiln_file_changes_dup_paths (GPtrArray *changes)
{
  GString *paths = g_string_new (NULL);

  for (guint i = 0; i < changes->len; i++)
    g_string_append_printf (paths, "%s%s", i > 0 ? ", " : "", kiln_file_change_get_path (changes->pdata[i]));

  return g_string_free (paths, FALSE);
}
