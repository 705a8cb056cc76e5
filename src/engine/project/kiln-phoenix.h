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
/* The variables config/runtime.exs reads, in order. */
const char * const *kiln_phoenix_get_runtime_env       (KilnPhoenix *self);

/* How to serve the built release, one sentence. */
char               *kiln_phoenix_dup_serve_hint        (KilnPhoenix *self,
                                                        const char  *release_name);
/* The environment Kiln checks a Phoenix release with, as KilnEnvironmentVariable:
 * SECRET_KEY_BASE (a throwaway secret, new at each call), PHX_SERVER, PORT
 * and PHX_HOST. */
GPtrArray          *kiln_phoenix_new_check_environment (void);

G_END_DECLS
