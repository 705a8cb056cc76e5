#pragma once

#include <gio/gio.h>

#include "kiln-build.h"

G_BEGIN_DECLS

/* How a build says it failed, in one place. */
GError *kiln_build_failure_new_busy        (void);
GError *kiln_build_failure_new_cancelled   (void);
GError *kiln_build_failure_new_format      (const char  *format);
GError *kiln_build_failure_new_helper      (KilnBuild   *build,
                                            const char  *step_id,
                                            const char  *kind,
                                            const char  *text,
                                            int          exit_status,
                                            GPtrArray   *lines);
GError *kiln_build_failure_new_incomplete  (void);
void    kiln_build_failure_prefix_prepare  (GError     **error);
void    kiln_build_failure_prefix_run      (GError     **error);

G_END_DECLS
