#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef gboolean (*KilnFileChangesWriteFunc) (GPtrArray  *changes,
                                              gpointer    user_data,
                                              GError    **error);

/* Files Kiln offers to write into the project (KilnFileChanges): a dialog
 * named NAME shows HEADING, BODY and the diff of every change, with the
 * responses "cancel" and "write"; WRITE runs only on "write", and its
 * outcome is a toast on SOURCE (WRITTEN_MESSAGE) or an error dialog. */
void kiln_file_changes_dialog_present (GtkWidget                *source,
                                       const char               *name,
                                       const char               *heading,
                                       const char               *body,
                                       GPtrArray                *changes,
                                       KilnFileChangesWriteFunc  write,
                                       gpointer                  user_data,
                                       GDestroyNotify            destroy,
                                       const char               *written_message);

char *kiln_file_changes_dup_paths      (GPtrArray                *changes);

G_END_DECLS
