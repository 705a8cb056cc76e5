#define G_LOG_DOMAIN "kiln-cli"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "kiln-cli-migrate.h"
#include "kiln-cli-private.h"

static const struct
{
  KilnError    code;
  KilnExitCode status;
} exit_statuses[] = {
  { KILN_ERROR_TOOLCHAIN_MISSING,           KILN_EXIT_TOOLCHAIN_MISSING },
  { KILN_ERROR_TOOLCHAIN_TOO_OLD,           KILN_EXIT_TOOLCHAIN_MISSING },
  { KILN_ERROR_NOT_A_PROJECT,               KILN_EXIT_PROJECT_INVALID },
  { KILN_ERROR_PROJECT_INVALID,             KILN_EXIT_PROJECT_INVALID },
  { KILN_ERROR_PROFILE_INVALID,             KILN_EXIT_PROJECT_INVALID },
  { KILN_ERROR_PROFILE_CORRUPT,             KILN_EXIT_PROJECT_INVALID },
  { KILN_ERROR_PROFILE_UNSUPPORTED_VERSION, KILN_EXIT_PROJECT_INVALID },
  { KILN_ERROR_OVERLAY_ESCAPE,              KILN_EXIT_PROJECT_INVALID },
  { KILN_ERROR_DEPENDENCIES,                KILN_EXIT_BUILD_FAILED },
  { KILN_ERROR_BUILD_FAILED,                KILN_EXIT_BUILD_FAILED },
  { KILN_ERROR_PACKAGE_FAILED,              KILN_EXIT_BUILD_FAILED },
  { KILN_ERROR_VERIFY_FAILED,               KILN_EXIT_BUILD_FAILED },
  { KILN_ERROR_HELPER_FAILED,               KILN_EXIT_BUILD_FAILED },
};

KilnExitCode
kiln_cli_exit_status_for_error (const GError *error)
{
  g_return_val_if_fail (error != NULL, KILN_EXIT_BUILD_FAILED);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return KILN_EXIT_CANCELLED;

  for (guint i = 0; error->domain == KILN_ERROR && i < G_N_ELEMENTS (exit_statuses); i++)
    {
      if (exit_statuses[i].code == (KilnError) error->code)
        return exit_statuses[i].status;
    }

  return KILN_EXIT_BUILD_FAILED;
}

int
kiln_cli_report_error (const GError *error)
{
  g_printerr ("kiln: %s\n", error->message);
  return kiln_cli_exit_status_for_error (error);
}

/* inspect and build both evaluate mix.exs: one --timeout for both. */
void
kiln_cli_add_timeout_option (GOptionContext *context,
                             int            *seconds)
{
  static char *description;
  GOptionEntry entries[] = {
    { "timeout", 0, 0, G_OPTION_ARG_INT, seconds, NULL, NULL },
    { NULL }
  };

  if (description == NULL)
    description = g_strdup_printf (_("Give up when mix.exs takes longer than this to evaluate "
                                     "(default %u; 0 waits forever)"), KILN_INSPECTION_TIME_LIMIT_DEFAULT);
  entries[0].description = description;
  entries[0].arg_description = _("SECONDS");
  *seconds = -1;
  g_option_context_add_main_entries (context, entries, NULL);
}

/* After parsing: FALSE, with *status set, for a value that makes no sense. */
gboolean
kiln_cli_apply_timeout_option (const char *command,
                               int         seconds,
                               int        *status)
{
  if (seconds < -1)
    {
      *status = kiln_cli_usage_error (command, _("--timeout takes a number of seconds, 0 or more"));
      return FALSE;
    }

  if (seconds >= 0)
    kiln_project_set_inspection_time_limit ((guint) seconds);
  return TRUE;
}

int
kiln_cli_usage_error (const char *command,
                      const char *message)
{
  g_printerr ("kiln: %s\n", message);
  g_printerr (_("Run “kiln %s --help” for usage.\n"), command);
  return KILN_EXIT_USAGE;
}

static gboolean
cancel_on_signal (gpointer user_data)
{
  GCancellable *cancellable = user_data;

  g_cancellable_cancel (cancellable);
  return G_SOURCE_CONTINUE;
}

void
kiln_cli_watch_signals (GCancellable *cancellable,
                        guint         ids[2])
{
  ids[0] = g_unix_signal_add (SIGINT, cancel_on_signal, cancellable);
  ids[1] = g_unix_signal_add (SIGTERM, cancel_on_signal, cancellable);
}

void
kiln_cli_unwatch_signals (guint ids[2])
{
  g_clear_handle_id (&ids[0], g_source_remove);
  g_clear_handle_id (&ids[1], g_source_remove);
}

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s",
           _("Usage:\n"
             "  kiln [DIR]                    Open Kiln (on the project in DIR)\n"
             "  kiln inspect DIR [--json]     Describe a Mix project and its releases\n"
             "  kiln build DIR [OPTION…]      Build a release of the project in DIR\n"
             "  kiln build --sample [OPTION…] Build Kiln's sample project\n"
             "  kiln migrate DIR [OPTION…]    Move a Distillery configuration to mix release\n"
             "  kiln --version                Show Kiln's version\n"
             "\n"
             "Run “kiln COMMAND --help” for the options of a command.\n"
             "\n"
             "Exit status: 0 success, 2 usage error, 3 Elixir toolchain missing or too old,\n"
             "4 not a project or invalid configuration, 5 build failed, 130 cancelled.\n"));
}

static gboolean
is_cli_command (const char *arg)
{
  static const char * const commands[] = {
    "inspect", "build", "migrate", "--help", "-h", "help", "--version", "-v", NULL
  };

  return arg != NULL && g_strv_contains (commands, arg);
}

/* “kiln DIR” opens the window; any other word that is not an option is a
 * mistyped command, better answered here than by an empty window. */
gboolean
kiln_cli_handles_command_line (int    argc,
                               char **argv)
{
  if (argc < 2)
    return FALSE;

  if (is_cli_command (argv[1]))
    return TRUE;

  return argv[1][0] != '-' && !g_file_test (argv[1], G_FILE_TEST_EXISTS);
}

int
kiln_cli_run (int    argc,
              char **argv)
{
  const char *command = argc > 1 ? argv[1] : NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, kiln_paths_get_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  kiln_cli_filter_output ();

  if (command == NULL || g_str_equal (command, "--help") || g_str_equal (command, "-h") || g_str_equal (command, "help"))
    {
      print_usage (stdout);
      return command == NULL ? KILN_EXIT_USAGE : KILN_EXIT_OK;
    }

  if (g_str_equal (command, "--version") || g_str_equal (command, "-v"))
    {
      g_print ("kiln %s\n", PACKAGE_VERSION);
      return KILN_EXIT_OK;
    }

  /* GOption's usage line starts with the program name: "kiln build", not
   * the bare subcommand it would take from argv[0]. */
  if (is_cli_command (command))
    {
      g_autofree char *name = g_strconcat ("kiln ", command, NULL);

      g_set_prgname (name);
    }

  if (g_str_equal (command, "inspect"))
    return kiln_cli_run_inspect (argc - 1, argv + 1);

  if (g_str_equal (command, "build"))
    return kiln_cli_run_build (argc - 1, argv + 1);

  if (g_str_equal (command, "migrate"))
    return kiln_cli_run_migrate (argc - 1, argv + 1);

  g_printerr (_("kiln: “%s” is neither a command nor a folder\n\n"), command);
  print_usage (stderr);
  return KILN_EXIT_USAGE;
}
