#define G_LOG_DOMAIN "kiln-process"

#include "config.h"

#include <string.h>

#include "kiln-helper-private.h"

/* The protocol, spelled here only: every helper gets these words in its
 * environment and kiln-helper.exs reads them from there. A protocol line is
 * a stdout line holding a marker; every marker begins with MARKER_START. */
#define MARKER_START '\x1e'
#define MARKER "\x1ekiln:"

static const KilnHelperVariable protocol[] = {
  { "KILN_HELPER_STEP", MARKER "step " },
  { "KILN_HELPER_RESULT", MARKER "result " },
  { "KILN_HELPER_FAIL", MARKER "fail " },
  { "KILN_HELPER_FAILED_STATUS", "2" },
};

/* The lines the first entries of protocol[] mark. */
static const KilnHelperLine marked_lines[] = {
  KILN_HELPER_LINE_STEP,
  KILN_HELPER_LINE_RESULT,
  KILN_HELPER_LINE_FAIL,
};

/* Why a helper stopped, as its fail line says, and what that means. */
static const KilnHelperErrorKind error_kinds[] = {
  { "project", KILN_ERROR_PROJECT_INVALID },
  { "dependencies", KILN_ERROR_DEPENDENCIES },
  { "hex_missing", KILN_ERROR_DEPENDENCIES },
  { "rebar_missing", KILN_ERROR_DEPENDENCIES },
  { "dependencies_not_fetched", KILN_ERROR_DEPENDENCIES },
  { "elixir_version", KILN_ERROR_TOOLCHAIN_TOO_OLD },
  { "mix", KILN_ERROR_BUILD_FAILED },
  { "usage", KILN_ERROR_HELPER_FAILED },
};

const KilnHelperVariable *
kiln_helper_get_protocol (guint *n_variables)
{
  *n_variables = G_N_ELEMENTS (protocol);
  return protocol;
}

const KilnHelperErrorKind *
kiln_helper_get_error_kinds (guint *n_kinds)
{
  *n_kinds = G_N_ELEMENTS (error_kinds);
  return error_kinds;
}

void
kiln_helper_protocol_setenv (KilnProcess *process)
{
  for (guint i = 0; i < G_N_ELEMENTS (protocol); i++)
    kiln_process_setenv (process, protocol[i].variable, protocol[i].value);
}

KilnError
kiln_helper_protocol_error_code (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_kinds); i++)
    if (g_strcmp0 (error_kinds[i].kind, kind) == 0)
      return error_kinds[i].code;

  return KILN_ERROR_HELPER_FAILED;
}

/* Mix may leave a line unfinished before a marker: the first *output_length
 * bytes of LINE are ordinary output, *payload what follows the marker. */
KilnHelperLine
kiln_helper_protocol_parse_line (const char  *line,
                                 gsize       *output_length,
                                 const char **payload)
{
  const char *marker = strchr (line, MARKER_START);

  *output_length = strlen (line);
  *payload = NULL;

  if (marker == NULL)
    return KILN_HELPER_LINE_OUTPUT;

  for (guint i = 0; i < G_N_ELEMENTS (marked_lines); i++)
    {
      if (g_str_has_prefix (marker, protocol[i].value))
        {
          *output_length = marker - line;
          *payload = marker + strlen (protocol[i].value);
          return marked_lines[i];
        }
    }

  return KILN_HELPER_LINE_OUTPUT;
}

/* "KIND MESSAGE", the message with \\, \n and \r escaped to stay on its line. */
void
kiln_helper_protocol_parse_failure (const char  *payload,
                                    char       **kind,
                                    char       **message)
{
  const char *space = strchr (payload, ' ');
  GString *text = g_string_new (NULL);

  *kind = space ? g_strndup (payload, space - payload) : g_strdup (payload);

  for (const char *c = space ? space + 1 : ""; *c != '\0'; c++)
    {
      if (*c != '\\' || c[1] == '\0')
        {
          g_string_append_c (text, *c);
          continue;
        }

      c++;
      g_string_append_c (text, *c == 'n' ? '\n' : *c == 'r' ? '\r' : *c);
    }

  *message = g_string_free (text, FALSE);
}
