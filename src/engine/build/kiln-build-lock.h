#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One build of a release at a time, whichever front-end starts it. */
int  kiln_build_lock_acquire (const char  *work_dir,
                              const char  *release_name,
                              GError     **error);
void kiln_build_lock_release (int          fd);

G_END_DECLS
