#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A unified diff (3 lines of context, as `diff -u`) that `patch -p1` applies;
 * "" when the texts are equal. */
char *kiln_unified_diff (const char *old_label,
                         const char *new_label,
                         const char *old_text,
                         const char *new_text);

G_END_DECLS
