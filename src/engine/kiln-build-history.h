#pragma once

#include <gio/gio.h>

#include "kiln-build-record.h"

G_BEGIN_DECLS

#define KILN_TYPE_BUILD_HISTORY (kiln_build_history_get_type ())
G_DECLARE_FINAL_TYPE (KilnBuildHistory, kiln_build_history, KILN, BUILD_HISTORY, GObject)

KilnBuildHistory *kiln_build_history_new          (const char        *project_dir);
gboolean          kiln_build_history_reload       (KilnBuildHistory  *self,
                                                   GError           **error);
const char       *kiln_build_history_get_project_dir (KilnBuildHistory *self);

G_END_DECLS
