#define G_LOG_DOMAIN "kiln-cli"

#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "kiln-cli-private.h"

typedef struct
{
  char     *project_dir;
  char     *release_name;
  char     *profile_name;
  char     *mix_env;
  char     *output_dir;
  char    **formats;
  char    **check_env;
  /* KilnEnvironmentVariable, one per --check-env, values resolved. */
  GPtrArray *check_variables;
  gboolean  sample;
  gboolean  json;
  gboolean  verbose;
  gboolean  no_verify;
  gboolean  no_fetch;
  gboolean  no_assets;
} BuildOptions;

typedef struct
{
  GMainLoop       *loop;
  KilnBuild       *build;
  KilnBuildRecord *record;
  GError          *error;
  guint            printed_lines;
  gboolean         verbose;
  KilnCliProgress  progress;
} BuildRun;

static void
build_options_clear (BuildOptions *options)
{
  g_clear_pointer (&options->project_dir, g_free);
  g_clear_pointer (&options->release_name, g_free);
  g_clear_pointer (&options->profile_name, g_free);
  g_clear_pointer (&options->mix_env, g_free);
  g_clear_pointer (&options->output_dir, g_free);
  g_clear_pointer (&options->formats, g_strfreev);
  g_clear_pointer (&options->check_env, g_strfreev);
  g_clear_pointer (&options->check_variables, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BuildOptions, build_options_clear)

static gboolean
check_formats (const BuildOptions  *options,
               int                 *status)
{
  for (guint i = 0; options->formats != NULL && options->formats[i] != NULL; i++)
    {
      KilnPackageFormat format;

      if (g_strcmp0 (options->formats[i], "none") != 0 &&
          !kiln_package_format_from_string (options->formats[i], &format))
        {
          g_autofree char *message = g_strdup_printf (_("unknown format “%s”: use tar.gz, tar.zst, zip or none"),
                                                      options->formats[i]);
          *status = kiln_cli_usage_error ("build", message);
          return FALSE;
        }
    }

  return TRUE;
}

/* FALSE with *status set when the command line is not one to build from. */
static gboolean
parse_options (int           argc,
               char        **argv,
               BuildOptions *options,
               int          *status)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  int timeout = -1;
  GOptionEntry entries[] = {
    { "sample", 0, 0, G_OPTION_ARG_NONE, &options->sample, N_("Build Kiln's sample project (a copy in your data folder)"), NULL },
    { "release", 'r', 0, G_OPTION_ARG_STRING, &options->release_name, N_("Build this release from mix.exs"), "NAME" },
    { "profile", 'p', 0, G_OPTION_ARG_STRING, &options->profile_name, N_("Build with this profile saved in Kiln"), "NAME" },
    { "env", 'e', 0, G_OPTION_ARG_STRING, &options->mix_env, N_("MIX_ENV to build in (default: prod)"), "ENV" },
    { "format", 'f', 0, G_OPTION_ARG_STRING_ARRAY, &options->formats, N_("Package as tar.gz, tar.zst or zip (repeatable), or none"), "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &options->output_dir, N_("Folder for the archives"), "DIR" },
    { "no-verify", 0, 0, G_OPTION_ARG_NONE, &options->no_verify, N_("Do not boot the release and re-read the archives"), NULL },
    { "no-fetch", 0, 0, G_OPTION_ARG_NONE, &options->no_fetch, N_("Do not run mix deps.get: refuse when dependencies are missing"), NULL },
    { "no-assets", 0, 0, G_OPTION_ARG_NONE, &options->no_assets, N_("Phoenix: do not build the static assets (mix assets.deploy or phx.digest)"), NULL },
    { "check-env", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->check_env, N_("Set a variable for Verify, treated as a secret; NAME alone takes this shell's value (repeatable)"), "NAME[=VALUE]" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options->json, N_("Print the build record as JSON on stdout"), NULL },
    { "verbose", 'V', 0, G_OPTION_ARG_NONE, &options->verbose, N_("Print the build log on stderr"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("DIR — build a release of the Mix project in DIR"));
  g_option_context_set_summary (context, _("Builds with the real mix release; mix.exs is never edited."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  kiln_cli_add_timeout_option (context, &timeout);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      *status = kiln_cli_usage_error ("build", error->message);
      return FALSE;
    }
  if (!kiln_cli_apply_timeout_option ("build", timeout, status))
    return FALSE;

  if (options->release_name != NULL && options->profile_name != NULL)
    {
      *status = kiln_cli_usage_error ("build", _("--release and --profile cannot be used together"));
      return FALSE;
    }

  if (options->sample && argc == 1)
    {
      options->project_dir = kiln_paths_ensure_sample_project (&error);
      if (options->project_dir == NULL)
        {
          *status = kiln_cli_report_error (error);
          return FALSE;
        }
    }
  else if (!options->sample && argc == 2)
    options->project_dir = g_canonicalize_filename (argv[1], NULL);
  else
    {
      *status = kiln_cli_usage_error ("build", _("build needs one project folder, or --sample"));
      return FALSE;
    }

  if (options->output_dir != NULL)
    {
      char *absolute = g_canonicalize_filename (options->output_dir, NULL);

      g_free (options->output_dir);
      options->output_dir = absolute;
    }

  options->check_variables = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; options->check_env != NULL && options->check_env[i] != NULL; i++)
    {
      const char *equals = strchr (options->check_env[i], '=');
      g_autofree char *name = equals ? g_strndup (options->check_env[i], equals - options->check_env[i])
                                     : g_strdup (options->check_env[i]);
      /* NAME alone takes the value from here, so it stays out of ps. */
      const char *value = equals ? equals + 1 : g_getenv (name);

      if (!kiln_environment_variable_name_is_valid (name) || value == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("--check-env wants NAME=VALUE, or the NAME of a variable "
                                                        "set in this shell; got “%s”"), options->check_env[i]);
          *status = kiln_cli_usage_error ("build", message);
          return FALSE;
        }
      g_ptr_array_add (options->check_variables, kiln_environment_variable_new (name, value, TRUE));
    }

  return check_formats (options, status);
}

/* The engine decides; the hints name this command's options. */
static KilnReleaseProfile *
choose_profile (const BuildOptions  *options,
                KilnProject         *project,
                GError             **error)
{
  g_autoptr(KilnProfileStore) store = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) candidates = NULL;
  KilnReleaseProfile *profile;
  const char *hint = NULL;

  if (options->profile_name != NULL)
    {
      store = kiln_profile_store_new (options->project_dir);
      /* A corrupt profile file is moved aside and reported by the store; the
       * one asked for may still be fine, so only its absence is fatal. */
      kiln_profile_store_load (store, NULL);
    }

  profile = kiln_release_choice_choose (project, store, options->release_name, options->profile_name,
                                        &local_error);
  if (profile != NULL)
    return profile;

  if (options->profile_name != NULL)
    hint = _("Save one from Kiln's Release page, or use --release.");
  else if (options->release_name == NULL && (candidates = kiln_release_choice_dup_candidates (project)) != NULL)
    hint = _("Choose one with --release NAME.");

  if (hint != NULL)
    g_set_error (error, local_error->domain, local_error->code, "%s %s", local_error->message, hint);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));

  return NULL;
}

/* Replaces the profile's variable of that name, if any, for this build. */
static void
set_check_variable (GListStore              *environment,
                    KilnEnvironmentVariable *variable)
{
  const char *name = kiln_environment_variable_get_name (variable);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (environment)); i++)
    {
      g_autoptr(KilnEnvironmentVariable) existing = g_list_model_get_item (G_LIST_MODEL (environment), i);

      if (g_strcmp0 (kiln_environment_variable_get_name (existing), name) == 0)
        {
          g_list_store_splice (environment, i, 1, (gpointer *) &variable, 1);
          return;
        }
    }

  g_list_store_append (environment, variable);
}

static void
apply_options (KilnReleaseProfile *profile,
               const BuildOptions *options)
{
  if (options->mix_env != NULL)
    kiln_release_profile_set_mix_env (profile, options->mix_env);

  if (options->formats != NULL)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) chosen = NULL;

      for (guint i = 0; options->formats[i] != NULL; i++)
        if (g_strcmp0 (options->formats[i], "none") != 0)
          g_strv_builder_add (builder, options->formats[i]);
      chosen = g_strv_builder_end (builder);
      kiln_release_profile_set_package_formats (profile, (const char * const *) chosen);
    }

  if (options->output_dir != NULL)
    kiln_release_profile_set_output_dir (profile, options->output_dir);

  if (options->no_fetch)
    kiln_release_profile_set_fetch_dependencies (profile, FALSE);

  if (options->no_assets)
    kiln_release_profile_set_run_assets (profile, FALSE);

  for (guint i = 0; options->check_variables != NULL && i < options->check_variables->len; i++)
    set_check_variable (kiln_release_profile_get_environment_store (profile),
                        g_ptr_array_index (options->check_variables, i));
}

static void
on_progress_changed (KilnBuild  *build,
                     GParamSpec *pspec,
                     BuildRun   *run)
{
  kiln_cli_progress_draw (&run->progress, build);
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

  kiln_cli_progress_erase (&run->progress);
  for (guint i = run->printed_lines; i < n_items; i++)
    {
      g_autoptr(KilnLogLine) line = g_list_model_get_item (log, i);
      /* Project output is untrusted: its escapes must not drive the terminal. */
      g_printerr ("%s\n", kiln_log_line_get_plain_text (line));
    }
  run->printed_lines = n_items;
  kiln_cli_progress_draw (&run->progress, run->build);
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

static void
print_build_summary (KilnBuild *build)
{
  GListModel *steps = kiln_build_get_steps (build);
  GListModel *artifacts = kiln_build_get_artifacts (build);

  for (guint i = 0; i < g_list_model_get_n_items (steps); i++)
    {
      g_autoptr(KilnBuildStep) step = g_list_model_get_item (steps, i);
      g_autofree char *title = kiln_cli_pad (kiln_build_step_get_title (step), 18);
      g_autofree char *state = kiln_cli_pad (kiln_build_step_state_to_label (kiln_build_step_get_state (step)), 10);

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

  if (kiln_build_get_record (build) != NULL && kiln_build_record_get_host (kiln_build_get_record (build)) != NULL)
    {
      g_autofree char *requirements = kiln_build_host_dup_requirements (kiln_build_record_get_host (kiln_build_get_record (build)));

      g_printerr ("%s\n", requirements);
    }

  {
    g_autofree char *hint = kiln_build_dup_serve_hint (build);

    if (hint != NULL)
      g_printerr ("%s\n", hint);
  }
}

static int
print_outcome (BuildRun           *run,
               const BuildOptions *options)
{
  if (options->json && run->record != NULL)
    {
      g_autofree char *record_json = kiln_build_record_to_json (run->record);
      g_print ("%s\n", record_json);
    }
  else if (run->error == NULL)
    print_build_summary (run->build);

  if (run->error == NULL)
    return KILN_EXIT_OK;

  if (run->record != NULL && kiln_build_record_get_log_path (run->record) != NULL)
    g_printerr (_("kiln: the full log is in %s\n"), kiln_build_record_get_log_path (run->record));

  return kiln_cli_report_error (run->error);
}

static int
run_build (const BuildOptions *options,
           KilnToolchain      *toolchain,
           KilnProject        *project,
           KilnReleaseProfile *profile,
           GCancellable       *cancellable)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  BuildRun run = { NULL };
  int status;

  run.loop = loop;
  run.verbose = options->verbose;
  kiln_cli_progress_init (&run.progress);
  run.build = kiln_build_new (options->project_dir, profile);
  kiln_build_set_toolchain (run.build, toolchain);
  kiln_build_set_is_umbrella (run.build, kiln_project_get_is_umbrella (project));
  kiln_build_set_phoenix (run.build, kiln_project_get_phoenix (project));
  kiln_build_set_verify (run.build, !options->no_verify);

  g_signal_connect (run.build, "notify::progress", G_CALLBACK (on_progress_changed), &run);
  g_signal_connect (run.build, "notify::current-step", G_CALLBACK (on_progress_changed), &run);
  g_signal_connect (kiln_build_get_log (run.build), "items-changed", G_CALLBACK (on_log_items_changed), &run);

  kiln_build_run_async (run.build, cancellable, build_done_cb, &run);
  g_main_loop_run (loop);
  kiln_cli_progress_erase (&run.progress);

  status = print_outcome (&run, options);

  g_signal_handlers_disconnect_by_data (kiln_build_get_log (run.build), &run);
  g_signal_handlers_disconnect_by_data (run.build, &run);
  g_clear_error (&run.error);
  g_clear_object (&run.record);
  g_clear_object (&run.build);
  kiln_cli_progress_clear (&run.progress);

  return status;
}

int
kiln_cli_run_build (int    argc,
                    char **argv)
{
  g_auto(BuildOptions) options = { NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(KilnToolchain) toolchain = NULL;
  g_autoptr(KilnProject) project = NULL;
  g_autoptr(KilnReleaseProfile) profile = NULL;
  guint signal_ids[2] = { 0, 0 };
  int status;

  if (!parse_options (argc, argv, &options, &status))
    return status;

  kiln_cli_watch_signals (cancellable, signal_ids);

  toolchain = kiln_toolchain_discover (cancellable, &error);
  if (toolchain != NULL)
    project = kiln_project_inspect (options.project_dir, toolchain, cancellable, &error);
  if (project != NULL)
    {
      g_autofree char *problem = kiln_project_dup_toolchain_problem (project);

      /* Refused before anything is built, in the words inspect uses. */
      if (problem != NULL)
        g_set_error_literal (&error, KILN_ERROR, KILN_ERROR_TOOLCHAIN_TOO_OLD, problem);
      else
        profile = choose_profile (&options, project, &error);
    }

  if (profile == NULL)
    status = kiln_cli_report_error (error);
  else
    {
      apply_options (profile, &options);
      status = run_build (&options, toolchain, project, profile, cancellable);
    }

  kiln_cli_unwatch_signals (signal_ids);
  return status;
}
