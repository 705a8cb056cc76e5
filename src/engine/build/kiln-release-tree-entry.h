#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One top-level part of an assembled release (or one releases/VSN folder):
 * its path in the release, what it is for and its disk usage. */
#define KILN_TYPE_RELEASE_TREE_ENTRY (kiln_release_tree_entry_get_type ())
G_DECLARE_FINAL_TYPE (KilnReleaseTreeEntry, kiln_release_tree_entry, KILN, RELEASE_TREE_ENTRY, GObject)

const char *kiln_release_tree_entry_get_path         (KilnReleaseTreeEntry *self);
const char *kiln_release_tree_entry_get_explanation  (KilnReleaseTreeEntry *self);
guint64     kiln_release_tree_entry_get_size         (KilnReleaseTreeEntry *self);
gboolean    kiln_release_tree_entry_get_is_directory (KilnReleaseTreeEntry *self);

G_END_DECLS
