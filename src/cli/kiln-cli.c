#define G_LOG_DOMAIN "kiln-cli"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <unistd.h>

#include "kiln-engine.h"
#include "kiln-cli.h"
#include "kiln-cli-migrate.h"

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

typedef struct
{
  GMainLoop     *loop;
  GCancellable  *cancellable;
  KilnBuild     *build;
  KilnBuildRecord *record;
  GError        *error;
  guint          printed_lines;
  gboolean       verbose;
  gboolean       is_tty;
  gboolean       progress_drawn;
  char          *last_step;
} BuildRun;

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

static int
exit_code_for_error (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return KILN_EXIT_CANCELLED;

  if (error->domain == KILN_ERROR)
    {
      switch ((KilnError) error->code)
        {
        case KILN_ERROR_TOOLCHAIN_MISSING:
        case KILN_ERROR_TOOLCHAIN_TOO_OLD:
          return KILN_EXIT_TOOLCHAIN_MISSING;

        case KILN_ERROR_NOT_A_PROJECT:
        case KILN_ERROR_PROJECT_INVALID:
        case KILN_ERROR_PROFILE_INVALID:
        case KILN_ERROR_PROFILE_CORRUPT:
        case KILN_ERROR_PROFILE_UNSUPPORTED_VERSION:
        case KILN_ERROR_OVERLAY_ESCAPE:
          return KILN_EXIT_PROJECT_INVALID;

        case KILN_ERROR_DEPENDENCIES:
        case KILN_ERROR_BUILD_FAILED:
        case KILN_ERROR_PACKAGE_FAILED:
        case KILN_ERROR_VERIFY_FAILED:
        case KILN_ERROR_HELPER_FAILED:
        default:
          return KILN_EXIT_BUILD_FAILED;
        }
    }

  return KILN_EXIT_BUILD_FAILED;
}

static int
report_error (const GError *error)
{
  g_printerr ("kiln: %s\n", error->message);
  return exit_code_for_error (error);
}

static int
usage_error (const char *command,
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

static void
watch_signals (GCancellable *cancellable,
               guint         ids[2])
{
  ids[0] = g_unix_signal_add (SIGINT, cancel_on_signal, cancellable);
  ids[1] = g_unix_signal_add (SIGTERM, cancel_on_signal, cancellable);
}

static void
unwatch_signals (guint ids[2])
{
  g_clear_handle_id (&ids[0], g_source_remove);
  g_clear_handle_id (&ids[1], g_source_remove);
}

/* inspect ---------------------------------------------------------------- */

/* Pads by characters, not bytes, so translated labels still line up. */
static void
print_field (const char *label,
             const char *value)
{
  glong width = g_utf8_strlen (label, -1);
  g_autofree char *padding = g_strnfill (width < 18 ? 18 - width : 1, ' ');

  g_print ("%s%s %s\n", label, padding, value != NULL ? value : "");
}

static void
print_strv_line (const char         *label,
                 const char * const *values)
{
  g_autofree char *joined = NULL;

  if (values == NULL || values[0] == NULL)
    return;

  joined = g_strjoinv (", ", (char **) values);
  print_field (label, joined);
}

static void
print_project_summary (KilnProject   *project,
                       KilnToolchain *toolchain)
{
  GListModel *releases = kiln_project_get_releases (project);
  guint n_releases = g_list_model_get_n_items (releases);
  g_autofree char *toolchain_text = NULL;

  print_field (_("Project"), kiln_project_get_path (project));
  if (kiln_project_get_is_umbrella (project))
    {
      print_field (_("Kind"), _("umbrella"));
      print_strv_line (_("Applications"), kiln_project_get_app_names (project));
    }
  else
    {
      g_autofree char *app = g_strdup_printf ("%s %s", kiln_project_get_app_name (project),
                                              kiln_project_get_version (project) ? kiln_project_get_version (project) : "");
      print_field (_("Application"), app);
    }
  toolchain_text = g_strdup_printf (_("Elixir %s, OTP %s, ERTS %s (%s)"),
                                    kiln_toolchain_get_elixir_version (toolchain),
                                    kiln_toolchain_get_otp_release (toolchain),
                                    kiln_toolchain_get_erts_version (toolchain),
                                    kiln_toolchain_get_source (toolchain));
  print_field (_("Toolchain"), toolchain_text);
  print_field (_("Runtime config"), kiln_project_get_has_runtime_config (project) ? "config/runtime.exs" : _("none"));
  print_strv_line (_("Templates"), kiln_project_get_templates (project));
  print_strv_line (_("Overlays"), kiln_project_get_overlay_files (project));
  if (kiln_project_get_distillery_config (project) != NULL)
    print_field (_("Distillery config"), kiln_project_get_distillery_config (project));

  if (n_releases == 0)
    print_field (_("Releases"), _("none in mix.exs"));

  for (guint i = 0; i < n_releases; i++)
    {
      g_autoptr(KilnProjectRelease) release = g_list_model_get_item (releases, i);
      const char *name = kiln_project_release_get_name (release);
      gboolean is_default = g_strcmp0 (name, kiln_project_get_default_release (project)) == 0;
      g_autofree char *text = is_default ? g_strdup_printf (_("%s (default)"), name) : g_strdup (name);

      print_field (i == 0 ? _("Releases") : "", text);
    }
}

static int
run_inspect (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnToolchain) toolchain = NULL;
  g_autoptr(KilnProject) project = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gboolean json = FALSE;
  guint signal_ids[2] = { 0, 0 };
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the result as JSON"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("DIR — describe a Mix project and its releases"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("inspect", error->message);

  if (argc != 2)
    return usage_error ("inspect", _("inspect needs exactly one project folder, e.g. “kiln inspect ~/src/my_app”"));

  watch_signals (cancellable, signal_ids);

  toolchain = kiln_toolchain_discover (cancellable, &error);
  if (toolchain != NULL)
    project = kiln_project_inspect (argv[1], toolchain, cancellable, &error);

  unwatch_signals (signal_ids);

  if (project == NULL)
    return report_error (error);

  if (json)
    {
      g_autofree char *text = kiln_project_to_json (project);
      g_print ("%s\n", text);
    }
  else
    print_project_summary (project, toolchain);

  return KILN_EXIT_OK;
}

/* build ------------------------------------------------------------------ */

static KilnReleaseProfile *
choose_profile (const char     *project_dir,
                KilnProject    *project,
                const char     *release_name,
                const char     *profile_name,
                GError        **error)
{
  GListModel *releases = kiln_project_get_releases (project);

  if (profile_name != NULL)
    {
      g_autoptr(KilnProfileStore) store = kiln_profile_store_new (project_dir);
      KilnReleaseProfile *profile;

      /* A corrupt profile file is moved aside and reported by the store; the
       * one asked for may still be fine, so only its absence is fatal. */
      kiln_profile_store_load (store, NULL);
      profile = kiln_profile_store_lookup (store, profile_name);
      if (profile == NULL)
        {
          g_set_error (error, KILN_ERROR, KILN_ERROR_PROFILE_INVALID,
                       _("There is no saved profile named “%s” for this project. "
                         "Save one from Kiln's Release page, or use --release."),
                       profile_name);
          return NULL;
        }
      return kiln_release_profile_copy (profile);
    }

  if (release_name == NULL)
    release_name = kiln_project_get_default_release (project);

  if (release_name == NULL && g_list_model_get_n_items (releases) == 1)
    {
      g_autoptr(KilnProjectRelease) only = g_list_model_get_item (releases, 0);
      release_name = kiln_project_release_get_name (only);
    }

  if (release_name != NULL)
    {
      KilnProjectRelease *release = kiln_project_lookup_release (project, release_name);

      if (release == NULL)
        {
          g_set_error (error, KILN_ERROR, KILN_ERROR_PROFILE_INVALID,
                       _("mix.exs has no release named “%s”. Run “kiln inspect %s” to list them."),
                       release_name, project_dir);
          return NULL;
        }

      return kiln_release_profile_new_from_mix_release (release_name,
                                                        kiln_project_release_get_options (release),
                                                        error);
    }

  if (g_list_model_get_n_items (releases) > 1)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_PROFILE_INVALID,
                   _("mix.exs defines several releases and no default_release. "
                     "Choose one with --release NAME."));
      return NULL;
    }

  if (kiln_project_get_is_umbrella (project))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_PROFILE_INVALID,
                   _("An umbrella project's release must list the applications it includes, and mix.exs "
                     "defines no release. Add one in Kiln, or in mix.exs under “releases:”."));
      return NULL;
    }

  /* No release in mix.exs: mix release's defaults, named after the app. */
  return kiln_release_profile_new (kiln_project_get_app_name (project));
}

static void
draw_progress (BuildRun *run)
{
  KilnBuildStep *step = kiln_build_get_current_step (run->build);
  const char *title = step != NULL ? kiln_build_step_get_title (step) : "";
  double progress = kiln_build_get_progress (run->build);

  if (run->is_tty)
    {
      const int width = 30;
      int filled = (int) (progress * width + 0.5);
      g_autofree char *bar = g_strnfill (filled, '#');
      g_autofree char *rest = g_strnfill (width - filled, '-');

      g_printerr ("\r\033[K[%s%s] %3d%% %s", bar, rest, (int) (progress * 100 + 0.5), title);
      run->progress_drawn = TRUE;
    }
  else if (step != NULL && g_strcmp0 (run->last_step, kiln_build_step_get_id (step)) != 0)
    {
      g_free (run->last_step);
      run->last_step = g_strdup (kiln_build_step_get_id (step));
      g_printerr (_("kiln: %s…\n"), title);
    }
}

static void
clear_progress (BuildRun *run)
{
  if (run->progress_drawn)
    {
      g_printerr ("\r\033[K");
      run->progress_drawn = FALSE;
    }
}

static void
on_progress_changed (KilnBuild  *build,
                     GParamSpec *pspec,
                     BuildRun   *run)
{
  draw_progress (run);
}

static void
on_log_items_changed (GListModel *log,
                      guint       position,
                      guint       removed,
                      guint       added,
                      BuildRun   *run)
{
  guint n_items = g_list_model_get_n_items (log);

  if (!run->verbose)
    return;

  clear_progress (run);
  for (guint i = run->printed_lines; i < n_items; i++)
    {
      g_autoptr(KilnLogLine) line = g_list_model_get_item (log, i);
      g_printerr ("%s\n", kiln_log_line_get_text (line));
    }
  run->printed_lines = n_items;
  draw_progress (run);
}

static void
build_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  BuildRun *run = user_data;

  run->record = kiln_build_run_finish (KILN_BUILD (object), result, &run->error);
  if (run->record == NULL)
    run->record = g_object_ref (kiln_build_get_record (KILN_BUILD (object)));
  g_main_loop_quit (run->loop);
}

/* printf pads by bytes; translated words need padding by characters. */
static char *
pad (const char *text,
     glong       width)
{
  glong length = g_utf8_strlen (text, -1);
  g_autofree char *padding = g_strnfill (length < width ? width - length : 0, ' ');

  return g_strconcat (text, padding, NULL);
}

static void
print_build_summary (KilnBuild *build)
{
  GListModel *steps = kiln_build_get_steps (build);
  GListModel *artifacts = kiln_build_get_artifacts (build);

  for (guint i = 0; i < g_list_model_get_n_items (steps); i++)
    {
      g_autoptr(KilnBuildStep) step = g_list_model_get_item (steps, i);
      g_autofree char *title = pad (kiln_build_step_get_title (step), 18);
      g_autofree char *state = pad (kiln_build_step_state_to_label (kiln_build_step_get_state (step)), 10);

      /* Translators: a step of the build summary: title, state, seconds */
      g_printerr (_("  %s %s %6.1f s\n"), title, state, kiln_build_step_get_duration_ms (step) / 1000.0);
    }

  if (kiln_build_get_release_dir (build) != NULL)
    g_print ("%s\n", kiln_build_get_release_dir (build));

  for (guint i = 0; i < g_list_model_get_n_items (artifacts); i++)
    {
      g_autoptr(KilnArtifact) artifact = g_list_model_get_item (artifacts, i);
      g_autofree char *size = g_format_size (kiln_artifact_get_size (artifact));

      g_print ("%s\n", kiln_artifact_get_path (artifact));
      g_printerr ("  %s, sha256 %s\n", size, kiln_artifact_get_sha256 (artifact));
    }
}

static int
run_build (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(KilnToolchain) toolchain = NULL;
  g_autoptr(KilnProject) project = NULL;
  g_autoptr(KilnReleaseProfile) profile = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *project_dir = NULL;
  g_autofree char *release_name = NULL;
  g_autofree char *profile_name = NULL;
  g_autofree char *mix_env = NULL;
  g_autofree char *output_dir = NULL;
  g_auto(GStrv) formats = NULL;
  gboolean sample = FALSE;
  gboolean json = FALSE;
  gboolean verbose = FALSE;
  gboolean no_verify = FALSE;
  guint signal_ids[2] = { 0, 0 };
  BuildRun run = { NULL };
  int status;
  GOptionEntry entries[] = {
    { "sample", 0, 0, G_OPTION_ARG_NONE, &sample, N_("Build Kiln's sample project (a copy in your data folder)"), NULL },
    { "release", 'r', 0, G_OPTION_ARG_STRING, &release_name, N_("Build this release from mix.exs"), "NAME" },
    { "profile", 'p', 0, G_OPTION_ARG_STRING, &profile_name, N_("Build with this profile saved in Kiln"), "NAME" },
    { "env", 'e', 0, G_OPTION_ARG_STRING, &mix_env, N_("MIX_ENV to build in (default: prod)"), "ENV" },
    { "format", 'f', 0, G_OPTION_ARG_STRING_ARRAY, &formats, N_("Package as tar.gz, tar.zst or zip (repeatable), or none"), "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_dir, N_("Folder for the archives"), "DIR" },
    { "no-verify", 0, 0, G_OPTION_ARG_NONE, &no_verify, N_("Do not boot the release and re-read the archives"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the build record as JSON on stdout"), NULL },
    { "verbose", 'V', 0, G_OPTION_ARG_NONE, &verbose, N_("Print the build log on stderr"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("DIR — build a release of the Mix project in DIR"));
  g_option_context_set_summary (context, _("Builds with the real mix release; mix.exs is never edited."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("build", error->message);

  if (release_name != NULL && profile_name != NULL)
    return usage_error ("build", _("--release and --profile cannot be used together"));

  if (sample && argc == 1)
    {
      project_dir = kiln_paths_ensure_sample_project (&error);
      if (project_dir == NULL)
        return report_error (error);
    }
  else if (!sample && argc == 2)
    project_dir = g_canonicalize_filename (argv[1], NULL);
  else
    return usage_error ("build", _("build needs one project folder, or --sample"));

  if (formats != NULL)
    {
      for (guint i = 0; formats[i] != NULL; i++)
        {
          KilnPackageFormat format;

          if (g_strcmp0 (formats[i], "none") != 0 && !kiln_package_format_from_string (formats[i], &format))
            {
              g_autofree char *message = g_strdup_printf (_("unknown format “%s”: use tar.gz, tar.zst, zip or none"),
                                                          formats[i]);
              return usage_error ("build", message);
            }
        }
    }

  if (output_dir != NULL)
    {
      char *absolute = g_canonicalize_filename (output_dir, NULL);
      g_free (output_dir);
      output_dir = absolute;
    }

  watch_signals (cancellable, signal_ids);

  toolchain = kiln_toolchain_discover (cancellable, &error);
  if (toolchain != NULL)
    project = kiln_project_inspect (project_dir, toolchain, cancellable, &error);
  if (project != NULL)
    profile = choose_profile (project_dir, project, release_name, profile_name, &error);

  if (profile == NULL)
    {
      unwatch_signals (signal_ids);
      return report_error (error);
    }

  if (mix_env != NULL)
    kiln_release_profile_set_mix_env (profile, mix_env);

  if (formats != NULL)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) chosen = NULL;

      for (guint i = 0; formats[i] != NULL; i++)
        if (g_strcmp0 (formats[i], "none") != 0)
          g_strv_builder_add (builder, formats[i]);
      chosen = g_strv_builder_end (builder);
      kiln_release_profile_set_package_formats (profile, (const char * const *) chosen);
    }

  if (output_dir != NULL)
    kiln_release_profile_set_output_dir (profile, output_dir);

  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  run.cancellable = cancellable;
  run.verbose = verbose;
  run.is_tty = isatty (STDERR_FILENO);
  run.build = kiln_build_new (project_dir, profile);
  kiln_build_set_toolchain (run.build, toolchain);
  kiln_build_set_is_umbrella (run.build, kiln_project_get_is_umbrella (project));
  kiln_build_set_verify (run.build, !no_verify);

  g_signal_connect (run.build, "notify::progress", G_CALLBACK (on_progress_changed), &run);
  g_signal_connect (run.build, "notify::current-step", G_CALLBACK (on_progress_changed), &run);
  g_signal_connect (kiln_build_get_log (run.build), "items-changed", G_CALLBACK (on_log_items_changed), &run);

  kiln_build_run_async (run.build, cancellable, build_done_cb, &run);
  g_main_loop_run (loop);
  unwatch_signals (signal_ids);
  clear_progress (&run);

  if (json && run.record != NULL)
    {
      g_autofree char *record_json = kiln_build_record_to_json (run.record);
      g_print ("%s\n", record_json);
    }
  else if (run.error == NULL)
    print_build_summary (run.build);

  if (run.error != NULL)
    {
      if (run.record != NULL && kiln_build_record_get_log_path (run.record) != NULL)
        g_printerr (_("kiln: the full log is in %s\n"), kiln_build_record_get_log_path (run.record));
      status = report_error (run.error);
    }
  else
    status = KILN_EXIT_OK;

  g_signal_handlers_disconnect_by_data (kiln_build_get_log (run.build), &run);
  g_signal_handlers_disconnect_by_data (run.build, &run);
  g_clear_error (&run.error);
  g_clear_object (&run.record);
  g_clear_object (&run.build);
  g_free (run.last_step);

  return status;
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

  if (g_str_equal (command, "inspect"))
    return run_inspect (argc - 1, argv + 1);

  if (g_str_equal (command, "build"))
    return run_build (argc - 1, argv + 1);

  if (g_str_equal (command, "migrate"))
    return kiln_cli_run_migrate (argc - 1, argv + 1);

  g_printerr (_("kiln: “%s” is neither a command nor a folder\n\n"), command);
  print_usage (stderr);
  return KILN_EXIT_USAGE;
}
