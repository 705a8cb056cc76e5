#pragma once

#include <gio/gio.h>

#include "kiln-release-tree-entry.h"

G_BEGIN_DECLS

/* What an assembled release holds, explained: a GListModel of
 * KilnReleaseTreeEntry, its top-level entries and each releases/VSN folder
 * in name order, measured on a worker thread. */
#define KILN_TYPE_RELEASE_TREE (kiln_release_tree_get_type ())
G_DECLARE_FINAL_TYPE (KilnReleaseTree, kiln_release_tree, KILN, RELEASE_TREE, GObject)

void             kiln_release_tree_new_async     (const char           *release_dir,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
KilnReleaseTree *kiln_release_tree_new_finish    (GAsyncResult         *result,
                                                  GError              **error);
const char      *kiln_release_tree_get_release_dir (KilnReleaseTree    *self);
guint64          kiln_release_tree_get_size      (KilnReleaseTree      *self);

guint64          kiln_release_tree_measure       (const char           *path);

G_END_DECLS
