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

/* kiln-helper-protocol.c: reading what a helper says. */
typedef enum
{
  KILN_HELPER_LINE_OUTPUT,
  KILN_HELPER_LINE_STEP,
  KILN_HELPER_LINE_RESULT,
  KILN_HELPER_LINE_FAIL,
} KilnHelperLine;

void           kiln_helper_protocol_setenv        (KilnProcess  *process);
KilnError      kiln_helper_protocol_error_code    (const char   *kind);
KilnHelperLine kiln_helper_protocol_parse_line    (const char   *line,
                                                   gsize        *output_length,
                                                   const char  **payload);
void           kiln_helper_protocol_parse_failure (const char   *payload,
                                                   char        **kind,
                                                   char        **message);

/* kiln-helper-script.c: the script Elixir runs, written to the cache. SOURCE
 * replaces the compiled-in helpers/NAME when not NULL. */
char          *kiln_helper_script_ensure          (const char   *name,
                                                   GBytes       *source,
                                                   gboolean      with_json,
                                                   GError      **error);

/* A helper whose script is SOURCE rather than one compiled into Kiln. */
KilnHelper *kiln_helper_new_for_source (KilnToolchain  *toolchain,
                                        const char     *name,
                                        GBytes         *source,
                                        KilnHelperMode  mode);

G_END_DECLS
