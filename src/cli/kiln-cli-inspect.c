#define G_LOG_DOMAIN "kiln-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "kiln-cli-private.h"

static void
print_strv_line (const char         *label,
                 const char * const *values)
{
  g_autofree char *joined = NULL;

  if (values == NULL || values[0] == NULL)
    return;

  joined = g_strjoinv (", ", (char **) values);
  kiln_cli_print_field (label, joined);
}

static void
print_releases (KilnProject *project)
{
  GListModel *releases = kiln_project_get_releases (project);
  guint n_releases = g_list_model_get_n_items (releases);

  if (n_releases == 0)
    kiln_cli_print_field (_("Releases"), _("none in mix.exs"));

  for (guint i = 0; i < n_releases; i++)
    {
      g_autoptr(KilnProjectRelease) release = g_list_model_get_item (releases, i);
      const char *name = kiln_project_release_get_name (release);
      gboolean is_default = g_strcmp0 (name, kiln_project_get_default_release (project)) == 0;
      g_autofree char *text = is_default ? g_strdup_printf (_("%s (default)"), name) : g_strdup (name);

      kiln_cli_print_field (i == 0 ? _("Releases") : "", text);
    }
}

/* The deps this MIX_ENV needs, as mix.exs declares them. */
static void
print_dependencies (KilnProject *project)
{
  JsonArray *deps = kiln_project_get_deps (project);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;

  for (guint i = 0; deps != NULL && i < json_array_get_length (deps); i++)
    {
      JsonNode *node = json_array_get_element (deps, i);
      JsonObject *dep = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *name = dep != NULL ? json_object_get_string_member_with_default (dep, "name", NULL) : NULL;

      if (name != NULL)
        g_strv_builder_add (builder, name);
    }

  names = g_strv_builder_end (builder);
  print_strv_line (_("Dependencies"), (const char * const *) names);

  if (kiln_project_get_unfetched_deps (project)[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", (char **) kiln_project_get_unfetched_deps (project));
      g_autofree char *text = g_strdup_printf (_("%s (kiln build fetches them first, unless --no-fetch)"), joined);

      kiln_cli_print_field (_("Not fetched"), text);
    }
}

static void
print_phoenix (KilnProject *project)
{
  KilnPhoenix *phoenix = kiln_project_get_phoenix (project);
  const char *task;
  g_autofree char *assets = NULL;

  if (phoenix == NULL)
    return;

  kiln_cli_print_field (_("Phoenix"), kiln_phoenix_get_endpoint (phoenix) ? kiln_phoenix_get_endpoint (phoenix)
                                                                          : _("yes (from its dependencies)"));
  task = kiln_phoenix_get_assets_task (phoenix);
  assets = task != NULL ? g_strdup_printf ("mix %s", task) : NULL;
  kiln_cli_print_field (_("Assets"), assets != NULL ? assets : _("none"));
  print_strv_line (_("runtime.exs reads"), kiln_phoenix_get_runtime_env (phoenix));
}

static void
print_project_summary (KilnProject   *project,
                       KilnToolchain *toolchain)
{
  g_autofree char *toolchain_text = NULL;
  g_autofree char *problem = NULL;

  kiln_cli_print_field (_("Project"), kiln_project_get_path (project));
  if (kiln_project_get_is_umbrella (project))
    {
      kiln_cli_print_field (_("Kind"), _("umbrella"));
      print_strv_line (_("Applications"), kiln_project_get_app_names (project));
    }
  else
    {
      const char *version = kiln_project_get_version (project);
      g_autofree char *app = g_strdup_printf ("%s %s", kiln_project_get_app_name (project),
                                              version != NULL ? version : "");

      kiln_cli_print_field (_("Application"), app);
    }
  toolchain_text = g_strdup_printf (_("Elixir %s, OTP %s, ERTS %s (%s)"),
                                    kiln_toolchain_get_elixir_version (toolchain),
                                    kiln_toolchain_get_otp_release (toolchain),
                                    kiln_toolchain_get_erts_version (toolchain),
                                    kiln_toolchain_get_source (toolchain));
  kiln_cli_print_field (_("Toolchain"), toolchain_text);
  if (kiln_project_get_elixir_requirement (project) != NULL)
    kiln_cli_print_field (_("Elixir wanted"), kiln_project_get_elixir_requirement (project));
  kiln_cli_print_field (_("Runtime config"),
                        kiln_project_get_has_runtime_config (project) ? "config/runtime.exs" : _("none"));
  print_strv_line (_("Templates"), kiln_project_get_templates (project));
  print_strv_line (_("Overlays"), kiln_project_get_overlay_files (project));
  if (kiln_project_get_distillery_config (project) != NULL && kiln_project_get_distillery_migrated (project))
    {
      g_autofree char *migrated = g_strdup_printf (_("%s (migrated to mix.exs; mix release ignores it)"),
                                                   kiln_project_get_distillery_config (project));

      kiln_cli_print_field (_("Distillery config"), migrated);
    }
  else if (kiln_project_get_distillery_config (project) != NULL)
    kiln_cli_print_field (_("Distillery config"), kiln_project_get_distillery_config (project));
  print_phoenix (project);

  print_releases (project);
  print_dependencies (project);

  if ((problem = kiln_project_dup_toolchain_problem (project)) != NULL)
    kiln_cli_print_field (_("Problem"), problem);
}

int
kiln_cli_run_inspect (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnToolchain) toolchain = NULL;
  g_autoptr(KilnProject) project = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gboolean json = FALSE;
  guint signal_ids[2] = { 0, 0 };
  int timeout = -1;
  int status;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the result as JSON"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("DIR — describe a Mix project and its releases"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  kiln_cli_add_timeout_option (context, &timeout);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return kiln_cli_usage_error ("inspect", error->message);
  if (!kiln_cli_apply_timeout_option ("inspect", timeout, &status))
    return status;

  if (argc != 2)
    return kiln_cli_usage_error ("inspect", _("inspect needs exactly one project folder, e.g. “kiln inspect ~/src/my_app”"));

  kiln_cli_watch_signals (cancellable, signal_ids);

  toolchain = kiln_toolchain_discover (cancellable, &error);
  if (toolchain != NULL)
    project = kiln_project_inspect (argv[1], toolchain, cancellable, &error);

  kiln_cli_unwatch_signals (signal_ids);

  if (project == NULL)
    return kiln_cli_report_error (error);

  if (json)
    {
      g_autofree char *text = kiln_project_to_json (project);
      g_print ("%s\n", text);
    }
  else
    print_project_summary (project, toolchain);

  return KILN_EXIT_OK;
}
