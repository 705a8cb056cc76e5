#define G_LOG_DOMAIN "kiln-migration"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "kiln-distillery-mapping-private.h"
#include "kiln-elixir-term.h"
#include "kiln-file-change.h"
#include "kiln-json-private.h"
#include "kiln-release-profile.h"

static const struct
{
  const char *key;
  const char *reason;
} no_equivalent[] = {
  { "include_src", N_("mix release never ships source files; keep them in version control.") },
  { "include_system_libs", N_("mix release always includes the OTP applications the release needs; use include_erts: false to leave ERTS out.") },
  { "dev_mode", N_("mix release always copies files into the release; during development use `iex -S mix`.") },
  { "executable", N_("mix release builds no self-extracting executable; use steps: [:assemble, :tar] or a tool such as Burrito.") },
  { "exec_opts", N_("mix release builds no self-extracting executable; use steps: [:assemble, :tar] or a tool such as Burrito.") },
  { "overlay_vars", N_("used now to render overlays and vm.args; mix release templates read @release instead.") },
  { "sys_config", N_("mix release builds sys.config from config/*.exs; move these settings to config/runtime.exs.") },
  { "config", N_("mix release always uses the project's config (config_path in mix.exs); move the rest to config/runtime.exs.") },
  { "appup_transforms", N_("mix release makes no appups or hot upgrades; deploy new versions by restarting.") },
  { "pre_upgrade_hooks", N_("mix release has no hot upgrades, so no upgrade hooks; run the steps in your deployment script.") },
  { "post_upgrade_hooks", N_("mix release has no hot upgrades, so no upgrade hooks; run the steps in your deployment script.") },
  { "pre_upgrade_hook", N_("mix release has no hot upgrades, so no upgrade hooks; run the steps in your deployment script.") },
  { "post_upgrade_hook", N_("mix release has no hot upgrades, so no upgrade hooks; run the steps in your deployment script.") },
  { "post_start_hooks", N_("mix release has no hook after start; run the code from Application.start/2 or a supervised Task.") },
  { "post_start_hook", N_("mix release has no hook after start; run the code from Application.start/2 or a supervised Task.") },
  { "post_configure_hooks", N_("mix release has no hook after configuration; use config/runtime.exs or Application.start/2.") },
  { "post_configure_hook", N_("mix release has no hook after configuration; use config/runtime.exs or Application.start/2.") },
  { "pre_stop_hooks", N_("mix release has no stop hooks; handle shutdown in Application.prep_stop/1 or in your service manager.") },
  { "pre_stop_hook", N_("mix release has no stop hooks; handle shutdown in Application.prep_stop/1 or in your service manager.") },
  { "post_stop_hooks", N_("mix release has no stop hooks; run clean-up after `bin/NAME stop` returns, in your service manager.") },
  { "post_stop_hook", N_("mix release has no stop hooks; run clean-up after `bin/NAME stop` returns, in your service manager.") },
  { "run_erl_env", N_("mix release has no run_erl settings; export RUN_ERL_LOG_* from rel/env.sh.eex instead.") },
  { "no_dot_erlang", N_("mix release never reads .erlang; nothing to do.") },
};

/* Report and options */

KilnMigrationEntry *
kiln_mapping_report (KilnMigrationMapping *m,
                     const char           *setting_name,
                     KilnMigrationStatus   status,
                     JsonObject           *setting,
                     const char           *format,
                     ...)
{
  g_autoptr(KilnMigrationEntry) entry = NULL;
  g_autofree char *message = NULL;
  g_auto(GStrv) names = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (m->note != NULL)
    {
      g_autofree char *plain = g_steal_pointer (&message);
      message = g_strconcat (plain, " ", m->note, NULL);
    }

  /* A value read from the environment was only true where Kiln ran. */
  if (setting != NULL && (names = kiln_json_node_dup_strv (kiln_json_object_get_node (setting, "env_vars"))) != NULL
      && names[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", names);
      g_autofree char *plain = g_steal_pointer (&message);

      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%s (Read from the environment variable %s: set it where the release runs.)",
                                              "%s (Read from the environment variables %s: set them where the release runs.)",
                                              g_strv_length (names)),
                                 plain, joined);
    }

  entry = kiln_migration_entry_new (setting_name, status, message);
  if (setting != NULL)
    {
      kiln_migration_entry_set_source (entry, kiln_json_object_get_string (setting, "source", NULL));
      kiln_migration_entry_set_line (entry, kiln_json_object_get_int (setting, "line", 0));
    }

  g_list_store_append (m->report, entry);
  return entry;
}

static void
migrated_option_free (KilnMigratedOption *option)
{
  g_free (option->key);
  g_clear_pointer (&option->term, json_node_unref);
  g_free (option);
}

void
kiln_mapping_add_option (KilnMigrationMapping *m,
                         const char           *key,
                         JsonNode             *term)
{
  KilnMigratedOption *option = g_new0 (KilnMigratedOption, 1);

  for (guint i = 0; i < m->options->len; i++)
    {
      KilnMigratedOption *existing = g_ptr_array_index (m->options, i);

      if (g_strcmp0 (existing->key, key) == 0)
        {
          g_ptr_array_remove_index (m->options, i);
          break;
        }
    }

  option->key = g_strdup (key);
  option->term = term;
  g_ptr_array_add (m->options, option);
}

void
kiln_mapping_add_file (KilnMigrationMapping *m,
                       const char           *relative_path,
                       const char           *contents,
                       gsize                 length,
                       gboolean              executable)
{
  g_autoptr(GBytes) bytes = g_bytes_new (contents, length);
  KilnFileChange *change = kiln_file_change_new (m->project_dir, relative_path, bytes);

  kiln_file_change_set_executable (change, executable);

  for (guint i = 0; i < m->changes->len; i++)
    if (g_strcmp0 (kiln_file_change_get_path (g_ptr_array_index (m->changes, i)), relative_path) == 0)
      {
        g_ptr_array_remove_index (m->changes, i);
        break;
      }

  g_ptr_array_add (m->changes, change);
}

KilnFileChange *
kiln_mapping_find_change (KilnMigrationMapping *m,
                          const char           *relative_path)
{
  for (guint i = 0; i < m->changes->len; i++)
    if (g_strcmp0 (kiln_file_change_get_path (g_ptr_array_index (m->changes, i)), relative_path) == 0)
      return g_ptr_array_index (m->changes, i);

  return NULL;
}

/* Overlay destinations are relative to the release root and must stay in it. */
gboolean
kiln_mapping_is_safe_relative_path (const char *path)
{
  g_auto(GStrv) parts = NULL;

  if (path == NULL || *path == '\0' || g_path_is_absolute (path))
    return FALSE;

  parts = g_strsplit (path, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (g_str_equal (parts[i], ".."))
      return FALSE;

  return TRUE;
}

char *
kiln_mapping_overlay_path (const char *destination)
{
  const char *p = destination;

  while (g_str_has_prefix (p, "./"))
    p += 2;

  return g_build_filename ("rel", "overlays", p, NULL);
}

/* Copies a file or a folder tree of the project into changes under dest_rel. */
gboolean
kiln_mapping_copy_into_changes (KilnMigrationMapping  *m,
                                const char            *source_abs,
                                const char            *dest_rel,
                                guint                 *n_files,
                                GError               **error)
{
  if (g_file_test (source_abs, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (source_abs, 0, error);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      if (dir == NULL)
        return FALSE;

      while ((name = g_dir_read_name (dir)))
        g_ptr_array_add (names, g_strdup (name));
      g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);

      if (names->len == 0)
        g_ptr_array_add (m->changes, kiln_file_change_new_directory (m->project_dir, dest_rel));

      for (guint i = 0; i < names->len; i++)
        {
          g_autofree char *child_abs = g_build_filename (source_abs, names->pdata[i], NULL);
          g_autofree char *child_rel = g_build_filename (dest_rel, names->pdata[i], NULL);

          if (!kiln_mapping_copy_into_changes (m, child_abs, child_rel, n_files, error))
            return FALSE;
        }

      return TRUE;
    }
  else
    {
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (!g_file_get_contents (source_abs, &contents, &length, error))
        return FALSE;

      kiln_mapping_add_file (m, dest_rel, contents, length, g_file_test (source_abs, G_FILE_TEST_IS_EXECUTABLE));
      (*n_files)++;
      return TRUE;
    }
}

/* Generic handling */

static void
report_unevaluated (KilnMigrationMapping *m,
                    const char           *key,
                    JsonObject           *setting)
{
  kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                       _("Could not be computed here (%s). If it needs a dependency, compile the project (mix deps.get, "
                         "mix compile) and migrate again; otherwise set the equivalent in mix.exs by hand."),
                       kiln_json_object_get_string (setting, "error", _("unknown error")));
}

/* A path of rel/config.exs: Distillery ran in the project, so a relative one
 * is the project's; an absolute one stays as it is. */
char *
kiln_mapping_dup_project_path (KilnMigrationMapping *m,
                               const char           *path)
{
  return g_path_is_absolute (path) ? g_strdup (path) : g_build_filename (m->project_dir, path, NULL);
}

/* "${NAME}": Distillery replaced it from the environment where the release
 * ran (REPLACE_OS_VARS). Returns NAME, or NULL for any other value. */
char *
kiln_mapping_dup_os_var_name (const char *value)
{
  gsize length = value ? strlen (value) : 0;

  if (length < 4 || !g_str_has_prefix (value, "${") || value[length - 1] != '}'
      || !(g_ascii_isalpha (value[2]) || value[2] == '_'))
    return NULL;

  for (gsize i = 3; i < length - 1; i++)
    if (!g_ascii_isalnum (value[i]) && value[i] != '_')
      return NULL;

  return g_strndup (value + 2, length - 3);
}

/* The cookie comes from VARIABLE where the release runs; unset, the
 * RELEASE_COOKIE already there (or releases/COOKIE) is kept. */
void
kiln_mapping_cookie_from_variable (KilnMigrationMapping *m,
                                   const char           *variable)
{
  g_autofree char *line = g_strdup_printf ("if [ -n \"${%s:-}\" ]; then export RELEASE_COOKIE=\"$%s\"; fi\n",
                                           variable, variable);

  if (strstr (m->env_sh->str, line) == NULL)
    g_string_append (m->env_sh, line);
}

/* mix release names must match ^[a-z][a-z0-9_]*$ (Mix.Tasks.Release). */
char *
kiln_mapping_dup_valid_name (const char *name)
{
  GString *out = g_string_new (NULL);

  for (const char *p = name ? name : ""; *p != '\0'; p++)
    {
      char c = g_ascii_tolower (*p);

      if (g_ascii_isalnum (c) || c == '_')
        g_string_append_c (out, c);
      else if (out->len > 0 && out->str[out->len - 1] != '_')
        g_string_append_c (out, '_');
    }

  while (out->len > 0 && out->str[out->len - 1] == '_')
    g_string_truncate (out, out->len - 1);
  if (out->len == 0 || !g_ascii_isalpha (out->str[0]))
    g_string_prepend (out, "release_");

  return g_string_free (out, FALSE);
}

void
kiln_mapping_map_plugins (KilnMigrationMapping *m,
                          JsonArray            *plugins,
                          JsonArray            *errors)
{
  for (guint i = 0; plugins != NULL && i < json_array_get_length (plugins); i++)
    {
      JsonObject *plugin = kiln_json_array_get_object (plugins, i);
      const char *module = kiln_json_object_get_string (plugin, "module", "?");
      JsonArray *callbacks = kiln_json_object_get_array (plugin, "callbacks");
      g_autofree char *name = g_strdup_printf ("plugin %s", module);
      g_autoptr(GString) list = g_string_new (NULL);
      KilnMigrationEntry *entry;

      for (guint j = 0; callbacks != NULL && j < json_array_get_length (callbacks); j++)
        g_string_append_printf (list, "%s%s/2", j > 0 ? ", " : "", json_array_get_string_element (callbacks, j));

      if (list->len > 0)
        entry = kiln_mapping_report (m, name, KILN_MIGRATION_STATUS_NO_EQUIVALENT, NULL,
                                     _("plugin %s (%s): what it did at build time has no mix release equivalent; "
                                       "a steps: function can do it."), module, list->str);
      else
        entry = kiln_mapping_report (m, name, KILN_MIGRATION_STATUS_NO_EQUIVALENT, NULL,
                                     _("plugin %s: what it did at build time has no mix release equivalent; "
                                       "a steps: function can do it."), module);
      kiln_migration_entry_set_line (entry, kiln_json_object_get_int (plugin, "line", 0));
    }

  for (guint i = 0; errors != NULL && i < json_array_get_length (errors); i++)
    {
      JsonObject *error = kiln_json_array_get_object (errors, i);
      const char *file = kiln_json_object_get_string (error, "file", "?");

      kiln_mapping_report (m, file, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, NULL,
                           _("This plugin file could not be loaded (%s); the rest was migrated without it."),
                           kiln_json_object_get_string (error, "error", "?"));
    }
}

/* Driver */

static const struct
{
  const char *key;
  KilnMappingFunc map;
} mappers[] = {
  { "version", kiln_mapping_map_version },
  { "applications", kiln_mapping_map_applications },
  { "include_erts", kiln_mapping_map_include_erts },
  { "strip_debug_info", kiln_mapping_map_strip_debug_info },
  { "cookie", kiln_mapping_map_cookie },
  { "output_dir", kiln_mapping_map_output_dir },
  { "vm_args", kiln_mapping_map_vm_args },
  { "erl_opts", kiln_mapping_map_erl_opts },
  { "overlays", kiln_mapping_map_overlays },
  { "commands", kiln_mapping_map_commands },
  { "config_providers", kiln_mapping_map_config_providers },
  { "pre_start_hooks", kiln_mapping_map_hooks },
  { "pre_start_hook", kiln_mapping_map_hooks },
  { "pre_configure_hooks", kiln_mapping_map_hooks },
  { "pre_configure_hook", kiln_mapping_map_hooks },
};

static gboolean
release_sets (KilnMigrationMapping *m,
              const char           *key)
{
  JsonArray *settings = kiln_distillery_config_get_settings (m->config, FALSE, m->release);

  for (guint i = 0; settings != NULL && i < json_array_get_length (settings); i++)
    if (g_strcmp0 (kiln_json_object_get_string (kiln_json_array_get_object (settings, i), "key", NULL), key) == 0)
      return TRUE;

  return FALSE;
}

static void map_setting_value (KilnMigrationMapping *m,
                               const char           *key,
                               JsonObject           *setting);

static void
map_setting (KilnMigrationMapping *m,
             const char           *key)
{
  gboolean from_environment = FALSE;
  JsonObject *setting = kiln_distillery_config_lookup_setting (m->config, key, &from_environment);

  if (from_environment && release_sets (m, key))
    m->note = g_strdup_printf (_("(environment :%s overrides the release's value)"),
                               kiln_distillery_config_get_environment (m->config));

  map_setting_value (m, key, setting);
  g_clear_pointer (&m->note, g_free);
}

static void
map_setting_value (KilnMigrationMapping *m,
                   const char           *key,
                   JsonObject           *setting)
{
  /* Overlay templates were rendered with these: say when they could not be,
   * and when they carry this machine's environment into rel/overlays. */
  if (g_str_equal (key, "overlay_vars"))
    {
      g_auto(GStrv) env_vars = kiln_json_node_dup_strv (kiln_json_object_get_node (setting, "env_vars"));

      if (!kiln_json_object_get_boolean (setting, "ok", FALSE))
        {
          report_unevaluated (m, key, setting);
          return;
        }

      if (env_vars != NULL && env_vars[0] != NULL)
        {
          g_autofree char *names = g_strjoinv (", ", env_vars);

          kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                               _("Read from %s on this machine, and the overlays rendered with them are written "
                                 "into rel/overlays as they are: check that they hold no secrets, or read those "
                                 "values at boot in config/runtime.exs instead."), names);
          return;
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (no_equivalent); i++)
    if (g_str_equal (key, no_equivalent[i].key))
      {
        kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_NO_EQUIVALENT, setting, "%s", _(no_equivalent[i].reason));
        return;
      }

  /* A cookie read from an unset variable fails here but maps all the same. */
  if (!kiln_json_object_get_boolean (setting, "ok", FALSE) &&
      !(g_str_equal (key, "cookie") && kiln_json_object_get_array (setting, "env_vars") != NULL &&
        json_array_get_length (kiln_json_object_get_array (setting, "env_vars")) > 0))
    {
      report_unevaluated (m, key, setting);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (mappers); i++)
    if (g_str_equal (key, mappers[i].key))
      {
        mappers[i].map (m, key, setting);
        return;
      }

  kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                       _("Kiln does not know this Distillery setting; check whether the release still needs it."));
}

static void
collect_keys (JsonArray  *settings,
              GPtrArray  *keys)
{
  for (guint i = 0; settings != NULL && i < json_array_get_length (settings); i++)
    {
      const char *key = kiln_json_object_get_string (kiln_json_array_get_object (settings, i), "key", NULL);

      if (!g_ptr_array_find_with_equal_func (keys, key, g_str_equal, NULL))
        g_ptr_array_add (keys, (gpointer) key);
    }
}

static void
report_other_scopes (KilnMigrationMapping *m)
{
  g_auto(GStrv) releases = kiln_distillery_config_dup_release_names (m->config);
  g_auto(GStrv) environments = kiln_distillery_config_dup_environment_names (m->config);
  const char *environment = kiln_distillery_config_get_environment (m->config);
  const char *default_release = kiln_distillery_config_get_default_release (m->config);

  if (default_release != NULL && !g_strv_contains ((const char * const *) releases, default_release))
    kiln_mapping_report (m, "default_release", KILN_MIGRATION_STATUS_NEEDS_ATTENTION, NULL,
                         _("default_release :%s names no release in rel/config.exs, so Distillery's default is its "
                           "first release, :%s."),
                         default_release, releases[0]);

  for (guint i = 0; releases[i] != NULL; i++)
    if (!g_str_equal (releases[i], m->release))
      {
        g_autofree char *name = g_strdup_printf ("release :%s", releases[i]);
        kiln_mapping_report (m, name, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, NULL,
                             _("Not migrated by this run; migrate it separately (kiln migrate --release %s)."), releases[i]);
      }

  if (kiln_distillery_config_get_settings (m->config, TRUE, environment) == NULL)
    {
      g_autofree char *name = g_strdup_printf ("environment :%s", environment);
      kiln_mapping_report (m, name, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, NULL,
                           _("rel/config.exs has no such environment; only the release's own settings were used."));
    }

  for (guint i = 0; environments[i] != NULL; i++)
    if (!g_str_equal (environments[i], environment))
      {
        g_autofree char *name = g_strdup_printf ("environment :%s", environments[i]);
        kiln_mapping_report (m, name, KILN_MIGRATION_STATUS_NO_EQUIVALENT, NULL,
                             _("mix release has no environments; its settings were not used (this migration used :%s). "
                               "Per-environment differences belong in config/*.exs and MIX_ENV."), environment);
      }
}

void
kiln_migration_mapping_init (KilnMigrationMapping *m,
                             KilnDistilleryConfig *config)
{
  memset (m, 0, sizeof *m);
  m->config = g_object_ref (config);
  m->project_dir = kiln_distillery_config_get_project_dir (config);
  m->release = kiln_distillery_config_get_release (config);
  m->name = kiln_mapping_dup_valid_name (m->release);
  m->cookie_env_vars = g_ptr_array_new_with_free_func (g_free);
  m->report = g_list_store_new (KILN_TYPE_MIGRATION_ENTRY);
  m->options = g_ptr_array_new_with_free_func ((GDestroyNotify) migrated_option_free);
  m->changes = g_ptr_array_new_with_free_func (g_object_unref);
  m->env_sh = g_string_new (NULL);
  m->provider_files = g_ptr_array_new_with_free_func (g_free);
}

void
kiln_migration_mapping_clear (KilnMigrationMapping *m)
{
  g_clear_object (&m->report);
  g_clear_pointer (&m->options, g_ptr_array_unref);
  g_clear_pointer (&m->changes, g_ptr_array_unref);
  g_clear_pointer (&m->provider_files, g_ptr_array_unref);
  if (m->env_sh)
    g_string_free (g_steal_pointer (&m->env_sh), TRUE);
  if (m->vm_args)
    g_string_free (g_steal_pointer (&m->vm_args), TRUE);
  g_clear_object (&m->config);
  g_clear_pointer (&m->name, g_free);
  g_clear_pointer (&m->cookie_env_vars, g_ptr_array_unref);
}

void
kiln_migration_mapping_run (KilnMigrationMapping *m)
{
  const char *environment = kiln_distillery_config_get_environment (m->config);
  const char *evaluation_error = kiln_distillery_config_get_evaluation_error (m->config);
  JsonArray *stray = kiln_distillery_config_get_stray (m->config);
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();

  if (!g_str_equal (m->name, m->release))
    kiln_mapping_report (m, "release name", KILN_MIGRATION_STATUS_CHANGED, NULL,
                         _("“%s” is not a valid mix release name (lower-case letters, digits and _, starting "
                           "with a letter): the release is called %s now, and so is bin/%s."),
                         m->release, m->name, m->name);

  if (evaluation_error != NULL)
    kiln_mapping_report (m, "rel/config.exs", KILN_MIGRATION_STATUS_NEEDS_ATTENTION, NULL,
                         _("Evaluating it stopped early (%s); settings after that point are missing from this report."),
                         evaluation_error);

  collect_keys (kiln_distillery_config_get_settings (m->config, FALSE, m->release), keys);
  collect_keys (kiln_distillery_config_get_settings (m->config, TRUE, environment), keys);

  /* vm.args needs to know whether the cookie is already taken care of. */
  {
    JsonObject *cookie = kiln_distillery_config_lookup_setting (m->config, "cookie", NULL);
    JsonArray *vars = cookie ? kiln_json_object_get_array (cookie, "env_vars") : NULL;

    g_autofree char *os_var = cookie ? kiln_mapping_dup_os_var_name (kiln_term_get_string (json_object_get_member (cookie, "value"))) : NULL;

    for (guint i = 0; vars != NULL && i < json_array_get_length (vars); i++)
      g_ptr_array_add (m->cookie_env_vars, g_strdup (json_array_get_string_element (vars, i)));
    if (os_var != NULL)
      g_ptr_array_add (m->cookie_env_vars, g_steal_pointer (&os_var));
    m->cookie_in_profile = cookie != NULL && m->cookie_env_vars->len == 0 &&
                           kiln_json_object_get_boolean (cookie, "ok", FALSE);
  }

  for (guint i = 0; i < keys->len; i++)
    map_setting (m, keys->pdata[i]);
  kiln_mapping_check_scripts (m);

  kiln_mapping_map_plugins (m, kiln_distillery_config_get_plugins (m->config, FALSE, m->release),
                            kiln_distillery_config_get_plugin_errors (m->config));
  kiln_mapping_map_plugins (m, kiln_distillery_config_get_plugins (m->config, TRUE, environment), NULL);

  for (guint i = 0; stray != NULL && i < json_array_get_length (stray); i++)
    {
      JsonObject *item = kiln_json_array_get_object (stray, i);
      const char *key = kiln_json_object_get_string (item, "key", NULL);

      kiln_mapping_report (m, key ? key : "plugin", KILN_MIGRATION_STATUS_NEEDS_ATTENTION, item,
                           _("Set outside any release or environment block, where Distillery ignores it; not migrated."));
    }

  report_other_scopes (m);

  if (kiln_distillery_config_get_has_distillery_dep (m->config))
    kiln_mapping_report (m, "deps: :distillery", KILN_MIGRATION_STATUS_NEEDS_ATTENTION, NULL,
                         _("mix release is part of Elixir: remove {:distillery, …} from deps once the migrated "
                           "release builds."));

  for (guint i = 0; i < m->provider_files->len; i++)
    kiln_mapping_convert_provider_file (m, m->provider_files->pdata[i], m->provider_setting);
}

char *
kiln_migration_mapping_dup_options_code (KilnMigrationMapping *m)
{
  g_autoptr(JsonNode) keywords = NULL;
  JsonArray *pairs = json_array_new ();

  for (guint i = 0; i < m->options->len; i++)
    {
      KilnMigratedOption *option = g_ptr_array_index (m->options, i);

      json_array_add_element (pairs, kiln_term_new_tuple (kiln_term_new_atom (option->key),
                                                          json_node_copy (option->term), NULL));
    }

  keywords = kiln_term_new_list (pairs);
  return kiln_elixir_quote_term (keywords);
}

/* The options as the inspection helper reports those of mix.exs, for
 * kiln_release_profile_new_from_mix_release(). */
JsonArray *
kiln_migration_mapping_dup_options_json (KilnMigrationMapping *m)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < m->options->len; i++)
    {
      KilnMigratedOption *option = g_ptr_array_index (m->options, i);
      g_autofree char *code = kiln_elixir_quote_term (option->term);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "key", option->key);
      json_object_set_member (object, "value", json_node_copy (option->term));
      json_object_set_string_member (object, "code", code);
      json_object_set_boolean_member (object, "code_valid", TRUE);
      json_array_add_object_element (array, object);
    }

  return array;
}
