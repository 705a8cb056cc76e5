#pragma once

#include <json-glib/json-glib.h>

#include "kiln-toolchain.h"

G_BEGIN_DECLS

/* Runs helpers/SCRIPT under Elixir (MIX_ENV=prod) and returns the JSON it
 * printed between "==== MARKER-BEGIN ====" and "==== MARKER-END ====" lines.
 * Exit status 2 means the helper refused with a message for the user on
 * stderr; it becomes @refusal_code. */
JsonNode *kiln_helper_script_run (KilnToolchain       *toolchain,
                                  const char          *cwd,
                                  const char          *script,
                                  const char          *marker,
                                  const char * const  *arguments,
                                  int                  refusal_code,
                                  GCancellable        *cancellable,
                                  GError             **error);

G_END_DECLS
