#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

const char *kiln_paths_get_locale_dir (void);
char *kiln_paths_dup_data_dir          (void);
char *kiln_paths_dup_cache_dir         (void);
char *kiln_paths_dup_project_data_dir  (const char  *project_dir);
char *kiln_paths_ensure_sample_project (GError     **error);
gboolean kiln_paths_copy_tree          (const char  *source,
                                        const char  *destination,
                                        GError     **error);
gboolean kiln_paths_remove_tree        (const char  *path,
                                        GError     **error);

G_END_DECLS
