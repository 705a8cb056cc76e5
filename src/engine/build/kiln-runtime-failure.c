#define G_LOG_DOMAIN "kiln-build"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <stdlib.h>
#include <string.h>

#include "kiln-runtime-failure-private.h"

/* A boot stopped by config/runtime.exs reaches us as an Erlang term, whose
 * exception message is a list of bytes: read it as text. */

#define MIN_BYTES 3

/* Parses "n,n,…" up to CLOSE; TRUE with the bytes when they are text. */
static gboolean
parse_bytes (const char  *p,
             const char  *close,
             GString     *bytes,
             const char **end)
{
  gsize close_len = strlen (close);

  g_string_truncate (bytes, 0);

  for (;;)
    {
      char *after;
      long value;

      if (!g_ascii_isdigit (*p))
        return FALSE;
      value = strtol (p, &after, 10);
      if (value > 255 || (value < 32 && value != '\n' && value != '\t' && value != '\r') || value == 127)
        return FALSE;
      g_string_append_c (bytes, (char) value);
      p = after;

      if (strncmp (p, close, close_len) == 0)
        {
          *end = p + close_len;
          return bytes->len >= MIN_BYTES && g_utf8_validate (bytes->str, bytes->len, NULL);
        }
      if (*p != ',')
        return FALSE;
      p++;
    }
}

static void
append_quoted (GString    *out,
               const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\n')
        g_string_append (out, "\\n");
      else if (*p == '"' || *p == '\\')
        g_string_append_printf (out, "\\%c", *p);
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

char *
kiln_runtime_failure_decode_byte_lists (const char *text)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GString) bytes = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      const char *end = NULL;

      if (g_str_has_prefix (p, "<<") && parse_bytes (p + 2, ">>", bytes, &end))
        {
          append_quoted (out, bytes->str);
          p = end;
        }
      else if (*p == '[' && parse_bytes (p + 1, "]", bytes, &end))
        {
          append_quoted (out, bytes->str);
          p = end;
        }
      else
        g_string_append_c (out, *p++);
    }

  return g_string_free (out, FALSE);
}

/* The exception's message: Elixir's "** (RuntimeError) …" line, else the
 * term's message=>"…" (decoded). First line only. */
static char *
find_message (const char *output)
{
  g_autofree char *decoded = NULL;
  const char *start;

  if ((start = strstr (output, "** (")) && (start = strstr (start, ") ")))
    {
      start += 2;
      return g_strstrip (g_strndup (start, strcspn (start, "\n")));
    }

  decoded = kiln_runtime_failure_decode_byte_lists (output);
  if ((start = strstr (decoded, "message=>\"")))
    {
      g_autofree char *message = NULL;
      const char *stop;

      start += strlen ("message=>\"");
      stop = strstr (start, "\\n");
      message = g_strndup (start, stop ? (gsize) (stop - start) : strcspn (start, "\""));
      return g_strstrip (g_steal_pointer (&message));
    }

  return NULL;
}

char *
kiln_runtime_failure_describe (const char *output)
{
  g_autofree char *message = NULL;

  g_return_val_if_fail (output != NULL, NULL);

  if (strstr (output, "Config.Reader") == NULL && strstr (output, "runtime.exs") == NULL)
    return NULL;

  if (!(message = find_message (output)) || *message == '\0')
    return NULL;

  if (strstr (message, "environment variable") != NULL)
    return g_strdup_printf (_("The release started, but config/runtime.exs stopped it: %s "
                              "Set it under Environment for checks (or with kiln build --check-env NAME=VALUE)."),
                            message);

  return g_strdup_printf (_("The release started, but config/runtime.exs stopped it: %s "
                            "Check the values under Environment for checks (or given with kiln build --check-env)."),
                          message);
}
