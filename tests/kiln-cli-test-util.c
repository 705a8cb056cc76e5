#include "config.h"

#include "kiln-cli-test-util.h"
#include "kiln-process.h"

void
kiln_cli_result_clear (KilnCliResult *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

/* The built kiln as a user would run it, in the test's isolated folders,
 * with no display and an empty MIX_HOME (no Hex, no rebar3 of Mix's own, as
 * on a fresh CI machine). */
KilnProcess *
kiln_test_new_kiln_process (const char * const *arguments)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *mix_home = g_build_filename (g_get_home_dir (), ".mix", NULL);
  g_auto(GStrv) argv = NULL;
  KilnProcess *process;

  g_strv_builder_add (builder, g_getenv ("KILN_BINARY"));
  g_strv_builder_addv (builder, (const char **) arguments);
  argv = g_strv_builder_end (builder);

  process = kiln_process_new ((const char * const *) argv, NULL);
  /* GLib isolates each test case's folders in-process; hand them to kiln. */
  kiln_process_setenv (process, "HOME", g_get_home_dir ());
  kiln_process_setenv (process, "XDG_DATA_HOME", g_get_user_data_dir ());
  kiln_process_setenv (process, "XDG_CACHE_HOME", g_get_user_cache_dir ());
  kiln_process_setenv (process, "XDG_CONFIG_HOME", g_get_user_config_dir ());
  kiln_process_setenv (process, "MIX_HOME", mix_home);
  kiln_process_unsetenv (process, "MIX_ARCHIVES");
  kiln_process_unsetenv (process, "MIX_REBAR3");
  kiln_process_unsetenv (process, "DISPLAY");
  kiln_process_unsetenv (process, "WAYLAND_DISPLAY");
  kiln_process_set_capture_output (process, TRUE);

  return process;
}

/* PATH_ENV, when not NULL, replaces PATH. */
KilnCliResult
kiln_test_run_kiln (const char         *path_env,
                    const char * const *arguments)
{
  g_autoptr(KilnProcess) process = kiln_test_new_kiln_process (arguments);
  g_autoptr(GError) error = NULL;
  KilnCliResult result = { -1, NULL, NULL };

  if (path_env != NULL)
    kiln_process_setenv (process, "PATH", path_env);

  kiln_process_run_sync (process, NULL, &result.status, &error);
  g_assert_no_error (error);

  result.out = g_strdup (kiln_process_get_stdout_text (process));
  result.err = g_strdup (kiln_process_get_stderr_text (process));
  if (g_test_verbose ())
    g_test_message ("kiln exited %d\nstdout:\n%s\nstderr:\n%s", result.status, result.out, result.err);

  return result;
}

JsonObject *
kiln_test_parse_json_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));

  return json_object_ref (json_node_get_object (root));
}
