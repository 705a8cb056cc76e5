#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "kiln-toolchain.h"

G_BEGIN_DECLS

/* A project's Distillery rel/config.exs, read by evaluating it under Elixir
 * with stand-ins for Distillery's macros (helpers/kiln-distillery.exs).
 *
 * Settings are JSON objects in file order:
 *   {"key": "cookie", "ok": true, "value": TERM, "code": ":abc",
 *    "source": ":abc", "line": 7, "current_version": null}
 * or, when the value could not be computed here,
 *   {"key": "cookie", "ok": false, "error": "...", "source": "System.fetch_env!(\"C\")", "line": 7}
 * TERM is the encoding described in kiln-elixir-term.h. */
#define KILN_TYPE_DISTILLERY_CONFIG (kiln_distillery_config_get_type ())
G_DECLARE_FINAL_TYPE (KilnDistilleryConfig, kiln_distillery_config, KILN, DISTILLERY_CONFIG, GObject)

KilnDistilleryConfig *kiln_distillery_config_load                 (const char            *project_dir,
                                                                    KilnToolchain         *toolchain,
                                                                    const char            *release,
                                                                    const char            *environment,
                                                                    GCancellable          *cancellable,
                                                                    GError               **error);
const char           *kiln_distillery_config_get_project_dir      (KilnDistilleryConfig  *self);
const char           *kiln_distillery_config_get_config_path      (KilnDistilleryConfig  *self);
const char           *kiln_distillery_config_get_release          (KilnDistilleryConfig  *self);
const char           *kiln_distillery_config_get_environment      (KilnDistilleryConfig  *self);
const char           *kiln_distillery_config_get_project_app      (KilnDistilleryConfig  *self);
const char           *kiln_distillery_config_get_default_release (KilnDistilleryConfig  *self);
const char           *kiln_distillery_config_get_project_version  (KilnDistilleryConfig  *self);
gboolean              kiln_distillery_config_get_is_umbrella      (KilnDistilleryConfig  *self);
gboolean              kiln_distillery_config_get_has_distillery_dep (KilnDistilleryConfig *self);
const char           *kiln_distillery_config_get_evaluation_error (KilnDistilleryConfig  *self);
GStrv                 kiln_distillery_config_dup_release_names    (KilnDistilleryConfig  *self);
GStrv                 kiln_distillery_config_dup_environment_names (KilnDistilleryConfig *self);
JsonArray            *kiln_distillery_config_get_settings         (KilnDistilleryConfig  *self,
                                                                    gboolean               environment,
                                                                    const char            *name);
JsonArray            *kiln_distillery_config_get_plugins          (KilnDistilleryConfig  *self,
                                                                    gboolean               environment,
                                                                    const char            *name);
JsonArray            *kiln_distillery_config_get_stray            (KilnDistilleryConfig  *self);
JsonArray            *kiln_distillery_config_get_plugin_errors    (KilnDistilleryConfig  *self);
JsonObject           *kiln_distillery_config_lookup_setting       (KilnDistilleryConfig  *self,
                                                                    const char            *key,
                                                                    gboolean              *from_environment);
JsonArray            *kiln_distillery_config_get_rendered_overlays (KilnDistilleryConfig *self);
JsonObject           *kiln_distillery_config_get_rendered_vm_args (KilnDistilleryConfig  *self);

G_END_DECLS
