#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A migration leaves rel/config.exs in place unless asked to rename it, and
 * mix.exs may have named the same releases before (stubs the migration
 * replaced), so neither tells that the config was migrated. Applying one
 * remembers the checksum of the rel/config.exs it came from, in Kiln's data
 * for the project: while the file is unchanged, it needs no migrating. */
gboolean kiln_distillery_mark_save    (const char  *project_dir,
                                       GError     **error);
gboolean kiln_distillery_mark_matches (const char  *project_dir);

G_END_DECLS
