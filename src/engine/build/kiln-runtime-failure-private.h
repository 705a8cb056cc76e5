#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TEXT with every Erlang byte list or binary of printable text
 * (`[101,110,…]`, `<<101,110,…>>`) written as the quoted text it holds. */
char *kiln_runtime_failure_decode_byte_lists (const char *text);
/* One sentence when OUTPUT (a release's failed boot) shows that
 * config/runtime.exs stopped it, else NULL. */
char *kiln_runtime_failure_describe          (const char *output);

G_END_DECLS
