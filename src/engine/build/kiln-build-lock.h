#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One build of a release at a time, whichever front-end starts it. */
int  kiln_build_lock_acquire (const char  *work_dir,
                              const char  *release_name,
                              GError     **error);
void kiln_build_lock_release (int          fd);

char     *kiln_build_lock_dup_path (const char *work_dir);
gboolean  kiln_build_lock_is_held  (const char *path);

G_END_DECLS
