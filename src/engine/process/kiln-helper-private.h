#pragma once

#include "kiln-error.h"
#include "kiln-helper.h"

G_BEGIN_DECLS

/* The protocol as the C side defines it, for the test that holds the .exs
 * files to it. */
typedef struct
{
  const char *variable;
  const char *value;
} KilnHelperVariable;

typedef struct
{
  const char *kind;
  KilnError   code;
} KilnHelperErrorKind;

const KilnHelperVariable  *kiln_helper_get_protocol    (guint          *n_variables);
const KilnHelperErrorKind *kiln_helper_get_error_kinds (guint          *n_kinds);

/* A helper whose script is SOURCE rather than one compiled into Kiln. */
KilnHelper *kiln_helper_new_for_source (KilnToolchain  *toolchain,
                                        const char     *name,
                                        GBytes         *source,
                                        KilnHelperMode  mode);

G_END_DECLS
