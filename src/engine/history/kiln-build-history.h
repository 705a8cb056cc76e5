#pragma once

#include <gio/gio.h>

#include "kiln-build-record.h"

G_BEGIN_DECLS

#define KILN_TYPE_BUILD_HISTORY (kiln_build_history_get_type ())
G_DECLARE_FINAL_TYPE (KilnBuildHistory, kiln_build_history, KILN, BUILD_HISTORY, GObject)

KilnBuildHistory *kiln_build_history_new          (const char        *project_dir);
gboolean          kiln_build_history_reload       (KilnBuildHistory  *self,
                                                   GError           **error);

void              kiln_build_history_reload_async  (KilnBuildHistory     *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean          kiln_build_history_reload_finish (KilnBuildHistory     *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
/* reload: one items-changed for the whole list. A damaged record does not
 * fail it: the file is renamed to NAME.json.corrupt and reported here, one
 * message each (NULL when none); a record from a newer Kiln is reported and
 * left in place. Only an unreadable folder fails the reload. */
const char * const *kiln_build_history_get_problems (KilnBuildHistory  *self);
KilnBuildRecord  *kiln_build_history_lookup       (KilnBuildHistory  *self,
                                                   const char        *id);
void              kiln_build_history_add          (KilnBuildHistory  *self,
                                                   KilnBuildRecord   *record);
gboolean          kiln_build_history_remove       (KilnBuildHistory  *self,
                                                   KilnBuildRecord   *record,
                                                   GError           **error);
gboolean          kiln_build_history_prune        (KilnBuildHistory  *self,
                                                   guint              keep_newest,
                                                   GError           **error);

G_END_DECLS
