#define G_LOG_DOMAIN "kiln-process"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "kiln-error.h"
#include "kiln-helper-script.h"
#include "kiln-paths.h"

static char *
dup_marked_text (const char *output,
                 const char *marker)
{
  g_autofree char *begin_marker = g_strdup_printf ("\n==== %s-BEGIN ====\n", marker);
  g_autofree char *end_marker = g_strdup_printf ("\n==== %s-END ====", marker);
  const char *begin = strstr (output, begin_marker);
  const char *end;

  if (begin == NULL)
    return NULL;

  begin += strlen (begin_marker);
  if (!(end = strstr (begin, end_marker)))
    return NULL;

  return g_strndup (begin, end - begin);
}

JsonNode *
kiln_helper_script_run (KilnToolchain       *toolchain,
                        const char          *cwd,
                        const char          *script,
                        const char          *marker,
                        const char * const  *arguments,
                        int                  refusal_code,
                        GCancellable        *cancellable,
                        GError             **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(KilnProcess) process = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) parse_error = NULL;
  g_autofree char *helper_path = NULL;
  g_autofree char *json_text = NULL;
  g_auto(GStrv) argv = NULL;
  int exit_status = -1;

  g_return_val_if_fail (KILN_IS_TOOLCHAIN (toolchain), NULL);

  if (!(helper_path = kiln_paths_ensure_helper_script (script, error)))
    return NULL;

  g_strv_builder_add (builder, helper_path);
  g_strv_builder_addv (builder, (const char **) arguments);
  argv = g_strv_builder_end (builder);

  process = kiln_toolchain_new_elixir_process (toolchain, cwd, (const char * const *) argv);
  kiln_process_setenv (process, "MIX_ENV", "prod");
  kiln_process_set_capture_output (process, TRUE);

  if (!kiln_process_run_sync (process, cancellable, &exit_status, error))
    return NULL;

  json_text = dup_marked_text (kiln_process_get_stdout_text (process), marker);
  if (exit_status != 0 || json_text == NULL)
    {
      g_autofree char *stderr_text = g_strstrip (g_strdup (kiln_process_get_stderr_text (process)));

      if (exit_status == 2)
        g_set_error_literal (error, KILN_ERROR, refusal_code, stderr_text);
      else
        g_set_error (error, KILN_ERROR, KILN_ERROR_HELPER_FAILED,
                     _("Kiln’s helper %s failed (exit status %d): %s"), script, exit_status, stderr_text);
      return NULL;
    }

  if (!json_parser_load_from_data (parser, json_text, -1, &parse_error))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_HELPER_FAILED,
                   _("Kiln could not read the answer of its helper %s: %s. This is a bug in Kiln; please report it."),
                   script, parse_error->message);
      return NULL;
    }

  return json_node_copy (json_parser_get_root (parser));
}
