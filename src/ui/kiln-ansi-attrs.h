#pragma once

#include <pango/pango.h>

#include "kiln-ansi.h"

G_BEGIN_DECLS

PangoAttrList *kiln_ansi_attrs_new (const KilnAnsiSpan *spans,
                                    guint               n_spans);

G_END_DECLS
