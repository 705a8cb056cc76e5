#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One release from mix.exs. Each option is an object
 *   {"key": "include_executables_for", "value": TERM, "code": "[:unix]", "code_valid": true}
 * in mix.exs order, where TERM is the encoding of kiln-elixir-term.h. "code"
 * is the inspect text of the value and "code_valid" is false when it holds
 * funs, pids, references or ports. */
#define KILN_TYPE_PROJECT_RELEASE (kiln_project_release_get_type ())
G_DECLARE_FINAL_TYPE (KilnProjectRelease, kiln_project_release, KILN, PROJECT_RELEASE, GObject)

const char *kiln_project_release_get_name         (KilnProjectRelease *self);
JsonArray  *kiln_project_release_get_options      (KilnProjectRelease *self);
JsonNode   *kiln_project_release_lookup_option    (KilnProjectRelease *self,
                                                   const char         *key);

KilnProjectRelease *kiln_project_release_new (const char *name,
                                              JsonArray  *options);

G_END_DECLS
