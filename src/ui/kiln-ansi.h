#pragma once

#include <pango/pango.h>

G_BEGIN_DECLS

/* Strips terminal escape sequences from @text and turns SGR colour and
 * style codes into Pango attributes over the returned text. *@attrs is
 * left NULL when the text has no styling. */
char *kiln_ansi_parse (const char     *text,
                       PangoAttrList **attrs);

G_END_DECLS
