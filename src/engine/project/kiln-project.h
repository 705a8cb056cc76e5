#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "kiln-phoenix.h"
#include "kiln-project-release.h"
#include "kiln-toolchain.h"

G_BEGIN_DECLS

#define KILN_TYPE_PROJECT (kiln_project_get_type ())
G_DECLARE_FINAL_TYPE (KilnProject, kiln_project, KILN, PROJECT, GObject)

void                kiln_project_inspect_async          (const char           *directory,
                                                         KilnToolchain        *toolchain,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
KilnProject        *kiln_project_inspect_finish         (GAsyncResult         *result,
                                                         GError              **error);
/* How long mix.exs may take to evaluate before inspection gives up; the
 * front-ends let people change it (a preference, --timeout). */
#define KILN_INSPECTION_TIME_LIMIT_DEFAULT 120

void                kiln_project_set_inspection_time_limit (guint             seconds);
guint               kiln_project_get_inspection_time_limit (void);

KilnProject        *kiln_project_inspect                (const char           *directory,
                                                         KilnToolchain        *toolchain,
                                                         GCancellable         *cancellable,
                                                         GError              **error);

const char         *kiln_project_get_path               (KilnProject          *self);
gboolean            kiln_project_get_is_umbrella        (KilnProject          *self);
const char         *kiln_project_get_app_name           (KilnProject          *self);
const char         *kiln_project_get_version            (KilnProject          *self);
const char * const *kiln_project_get_app_names          (KilnProject          *self);
const char         *kiln_project_get_app_version        (KilnProject          *self,
                                                         const char           *app_name);
const char         *kiln_project_get_default_release    (KilnProject          *self);
const char         *kiln_project_get_elixir_requirement (KilnProject          *self);
GListModel         *kiln_project_get_releases           (KilnProject          *self);
KilnProjectRelease *kiln_project_lookup_release         (KilnProject          *self,
                                                         const char           *name);
JsonArray          *kiln_project_get_deps               (KilnProject          *self);
gboolean            kiln_project_get_uses_hex           (KilnProject          *self);
gboolean            kiln_project_get_has_runtime_config (KilnProject          *self);
const char * const *kiln_project_get_templates          (KilnProject          *self);
const char * const *kiln_project_get_overlay_files      (KilnProject          *self);
const char         *kiln_project_get_distillery_config  (KilnProject          *self);
gboolean            kiln_project_get_distillery_migrated (KilnProject         *self);
const char * const *kiln_project_get_unfetched_deps     (KilnProject          *self);
gboolean            kiln_project_get_from_cache         (KilnProject          *self);
/* NULL unless the project is a Phoenix application. */
KilnPhoenix        *kiln_project_get_phoenix            (KilnProject          *self);
char               *kiln_project_dup_toolchain_problem  (KilnProject          *self);
char               *kiln_project_dup_elixir_problem     (const char           *requirement,
                                                         const char           *elixir_version);
char               *kiln_project_to_json                (KilnProject          *self);

G_END_DECLS
