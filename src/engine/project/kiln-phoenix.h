#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What Kiln knows of a Phoenix project: found by inspection
 * (kiln-inspect.exs) from a :phoenix dependency or an endpoint configured in
 * config/config.exs. */
#define KILN_TYPE_PHOENIX (kiln_phoenix_get_type ())
G_DECLARE_FINAL_TYPE (KilnPhoenix, kiln_phoenix, KILN, PHOENIX, GObject)

/* NULL when the inspection found no Phoenix. */
KilnPhoenix        *kiln_phoenix_new_from_inspection   (JsonObject  *phoenix);
const char         *kiln_phoenix_get_endpoint          (KilnPhoenix *self);
/* "assets.deploy", "phx.digest" or NULL: the Mix task of the Assets step. */
const char         *kiln_phoenix_get_assets_task       (KilnPhoenix *self);
gboolean            kiln_phoenix_get_has_server_script (KilnPhoenix *self);
/* An :ecto_sql dependency: the release needs a way to migrate. */
gboolean            kiln_phoenix_get_uses_ecto         (KilnPhoenix *self);
/* The variables config/runtime.exs reads, in order. */
const char * const *kiln_phoenix_get_runtime_env       (KilnPhoenix *self);

/* How to serve the built release, one sentence. */
char               *kiln_phoenix_dup_serve_hint        (KilnPhoenix *self,
                                                        const char  *release_name);
/* The environment Kiln checks a Phoenix release with, as KilnEnvironmentVariable:
 * SECRET_KEY_BASE (a throwaway secret, new at each call), PHX_SERVER, PORT
 * and PHX_HOST. */
GPtrArray          *kiln_phoenix_new_check_environment (void);

/* What `mix phx.gen.release` would add and the project lacks, as
 * KilnFileChanges (empty when nothing is missing): rel/overlays/bin/server,
 * and with Ecto bin/migrate and lib/APP/release.ex, for the application
 * APP_NAME and its release RELEASE_NAME. */
GPtrArray          *kiln_phoenix_dup_script_changes    (KilnPhoenix *self,
                                                        const char  *project_dir,
                                                        const char  *app_name,
                                                        const char  *release_name,
                                                        GError     **error);

G_END_DECLS
