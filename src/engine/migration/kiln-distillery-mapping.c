#define G_LOG_DOMAIN "kiln-migration"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "kiln-distillery-mapping.h"
#include "kiln-file-change.h"
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

static const char * const application_modes[] = { "permanent", "transient", "temporary", "load", "none", NULL };

/* Values */

char *
kiln_mapping_atom_code (const char *name)
{
  if (g_str_has_prefix (name, "Elixir."))
    return g_strdup (name + strlen ("Elixir."));

  return kiln_elixir_quote_atom (name);
}

JsonNode *
kiln_term_string (const char *text)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);
  json_node_set_string (node, text);
  return node;
}

JsonNode *
kiln_term_bool (gboolean value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);
  json_node_set_boolean (node, value);
  return node;
}

JsonNode *
kiln_term_atom (const char *name)
{
  g_autoptr(JsonObject) object = json_object_new ();
  json_object_set_string_member (object, "atom", name);
  return json_node_init_object (json_node_alloc (), object);
}

JsonNode *
kiln_term_tuple (JsonNode *first,
                 ...)
{
  JsonArray *array = json_array_new ();
  g_autoptr(JsonObject) object = json_object_new ();
  va_list args;

  va_start (args, first);
  for (JsonNode *node = first; node != NULL; node = va_arg (args, JsonNode *))
    json_array_add_element (array, node);
  va_end (args);

  json_object_set_array_member (object, "tuple", array);
  return json_node_init_object (json_node_alloc (), object);
}

const char *
kiln_term_get_atom (JsonNode *node)
{
  JsonObject *object;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  object = json_node_get_object (node);
  if (!json_object_has_member (object, "atom"))
    return NULL;

  return json_object_get_string_member (object, "atom");
}

const char *
kiln_term_get_string (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

JsonArray *
kiln_term_get_tuple (JsonNode *node)
{
  JsonObject *object;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  object = json_node_get_object (node);
  if (!json_object_has_member (object, "tuple"))
    return NULL;

  return json_object_get_array_member (object, "tuple");
}

JsonArray *
kiln_term_get_list (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

gboolean
kiln_term_get_bool (JsonNode *node,
                    gboolean *value)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;

  *value = json_node_get_boolean (node);
  return TRUE;
}

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
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (m->note != NULL)
    {
      g_autofree char *plain = g_steal_pointer (&message);
      message = g_strconcat (plain, " ", m->note, NULL);
    }

  entry = kiln_migration_entry_new (setting_name, status, message);
  if (setting != NULL)
    {
      kiln_migration_entry_set_source (entry, json_object_get_string_member_with_default (setting, "source", NULL));
      kiln_migration_entry_set_line (entry, json_object_get_int_member_with_default (setting, "line", 0));
    }

  g_list_store_append (m->report, entry);
  return entry;
}

static void
migrated_option_free (KilnMigratedOption *option)
{
  g_free (option->key);
  g_free (option->code);
  g_clear_pointer (&option->term, json_node_unref);
  g_free (option);
}

void
kiln_mapping_add_option (KilnMigrationMapping *m,
                         const char           *key,
                         char                 *code,
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
  option->code = code;
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
                       _("Could not be computed here (%s); set the equivalent in mix.exs by hand."),
                       json_object_get_string_member_with_default (setting, "error", _("unknown error")));
}

static void
map_version (KilnMigrationMapping *m,
             const char           *key,
             JsonObject           *setting)
{
  const char *app = json_object_get_string_member_with_default (setting, "current_version", NULL);
  const char *version = kiln_term_get_string (json_object_get_member (setting, "value"));
  const char *project_app = kiln_distillery_config_get_project_app (m->config);

  if (app != NULL && !kiln_distillery_config_get_is_umbrella (m->config) && g_strcmp0 (app, project_app) == 0)
    {
      kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_MAPPED, setting,
                           _("current_version(:%s) is the project version (%s), which mix release uses by default."),
                           app, version ? version : "?");
    }
  else if (app != NULL)
    {
      g_autofree char *app_code = kiln_mapping_atom_code (app);

      kiln_mapping_add_option (m, "version", g_strdup_printf ("{:from_app, %s}", app_code),
                               kiln_term_tuple (kiln_term_atom ("from_app"), kiln_term_atom (app), NULL));
      kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_MAPPED, setting,
                           _("current_version(:%s) → version: {:from_app, %s}."), app, app_code);
    }
  else if (version != NULL && *version != '\0')
    {
      kiln_mapping_add_option (m, "version", kiln_elixir_quote_string (version), kiln_term_string (version));
      kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_MAPPED, setting, _("→ version: \"%s\"."), version);
    }
  else
    {
      kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                           _("The version is not a string (%s); set version: in mix.exs by hand."),
                           json_object_get_string_member_with_default (setting, "code", "?"));
    }
}

static void
map_applications (KilnMigrationMapping *m,
                  const char           *key,
                  JsonObject           *setting)
{
  JsonArray *list = kiln_term_get_list (json_object_get_member (setting, "value"));
  g_autoptr(GString) code = g_string_new ("[");
  JsonArray *terms;
  guint bare = 0;

  if (list == NULL)
    {
      kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                           _("Not a list; set applications: in mix.exs by hand."));
      return;
    }

  terms = json_array_new ();
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *element = json_array_get_element (list, i);
      JsonArray *tuple = kiln_term_get_tuple (element);
      const char *app = kiln_term_get_atom (element);
      const char *mode = "permanent";
      g_autofree char *app_key = NULL;

      if (app != NULL)
        bare++;
      else if (tuple != NULL && json_array_get_length (tuple) == 2 &&
               (app = kiln_term_get_atom (json_array_get_element (tuple, 0))) &&
               (mode = kiln_term_get_atom (json_array_get_element (tuple, 1))) &&
               g_strv_contains (application_modes, mode))
        ;
      else
        {
          json_array_unref (terms);
          kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                               _("Entry %u is neither an application nor `app: mode` with a mode mix release knows "
                                 "(permanent, transient, temporary, load, none); set applications: by hand."), i + 1);
          return;
        }

      app_key = kiln_elixir_keyword_key (app);
      g_string_append_printf (code, "%s%s :%s", i > 0 ? ", " : "", app_key, mode);
      json_array_add_element (terms, kiln_term_tuple (kiln_term_atom (app), kiln_term_atom (mode), NULL));
    }
  g_string_append_c (code, ']');

  kiln_mapping_add_option (m, "applications", g_string_free (g_steal_pointer (&code), FALSE),
                           json_node_init_array (json_node_alloc (), terms));
  json_array_unref (terms);

  if (bare > 0)
    kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_CHANGED, setting,
                         g_dngettext (GETTEXT_PACKAGE,
                                      "→ applications:; %u bare application name became `app: :permanent`, as Distillery started it.",
                                      "→ applications:; %u bare application names became `app: :permanent`, as Distillery started them.",
                                      bare),
                         bare);
  else
    kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_MAPPED, setting, _("→ applications: with the same start modes."));
}

static void
map_include_erts (KilnMigrationMapping *m,
                  const char           *key,
                  JsonObject           *setting)
{
  JsonNode *value = json_object_get_member (setting, "value");
  const char *path = kiln_term_get_string (value);
  gboolean include = FALSE;

  if (kiln_term_get_bool (value, &include))
    {
      kiln_mapping_add_option (m, "include_erts", g_strdup (include ? "true" : "false"), kiln_term_bool (include));
      kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_MAPPED, setting, _("→ include_erts: %s."), include ? "true" : "false");
    }
  else if (path != NULL)
    {
      kiln_mapping_add_option (m, "include_erts", kiln_elixir_quote_string (path), kiln_term_string (path));
      kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_MAPPED, setting,
                           _("→ include_erts: \"%s\"; it must be an erts-VSN folder of the target's OTP."), path);
    }
  else
    kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                         _("Neither a boolean nor a path; set include_erts: in mix.exs by hand."));
}

static void
map_strip_debug_info (KilnMigrationMapping *m,
                      const char           *key,
                      JsonObject           *setting)
{
  gboolean strip = FALSE;

  if (!kiln_term_get_bool (json_object_get_member (setting, "value"), &strip))
    {
      kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting, _("Not a boolean; set strip_beams: by hand."));
      return;
    }

  kiln_mapping_add_option (m, "strip_beams", g_strdup (strip ? "true" : "false"), kiln_term_bool (strip));
  kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_MAPPED, setting, _("→ strip_beams: %s."), strip ? "true" : "false");
}

static void
map_cookie (KilnMigrationMapping *m,
            const char           *key,
            JsonObject           *setting)
{
  JsonNode *value = json_object_get_member (setting, "value");
  const char *atom = kiln_term_get_atom (value);
  const char *string = kiln_term_get_string (value);
  const char *cookie = atom ? atom : string;

  if (cookie == NULL || *cookie == '\0')
    {
      kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                           _("Not an atom or string; set RELEASE_COOKIE in the environment of the release instead."));
      return;
    }

  kiln_mapping_add_option (m, "cookie", kiln_elixir_quote_string (cookie), kiln_term_string (cookie));
  kiln_mapping_report (m, key, atom ? KILN_MIGRATION_STATUS_CHANGED : KILN_MIGRATION_STATUS_MAPPED, setting,
                       _("%s → cookie: \"…\" (a string in mix release). Better: leave it out of mix.exs and set "
                         "RELEASE_COOKIE where the release runs."), atom ? "Atom" : "String");
}

static void
map_output_dir (KilnMigrationMapping *m,
                const char           *key,
                JsonObject           *setting)
{
  const char *path = kiln_term_get_string (json_object_get_member (setting, "value"));

  if (path == NULL)
    {
      kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting, _("Not a path; set path: by hand."));
      return;
    }

  kiln_mapping_add_option (m, "path", kiln_elixir_quote_string (path), kiln_term_string (path));
  kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_MAPPED, setting, _("→ path: \"%s\" (where mix release assembles it)."), path);
}


/* Driver */

static const struct
{
  const char *key;
  KilnMappingFunc map;
} mappers[] = {
  { "version", map_version },
  { "applications", map_applications },
  { "include_erts", map_include_erts },
  { "strip_debug_info", map_strip_debug_info },
  { "cookie", map_cookie },
  { "output_dir", map_output_dir },
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
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (settings, i), "key"), key) == 0)
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

  for (guint i = 0; i < G_N_ELEMENTS (no_equivalent); i++)
    if (g_str_equal (key, no_equivalent[i].key))
      {
        kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_NO_EQUIVALENT, setting, "%s", _(no_equivalent[i].reason));
        return;
      }

  if (!json_object_get_boolean_member_with_default (setting, "ok", FALSE))
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
      const char *key = json_object_get_string_member (json_array_get_object_element (settings, i), "key");

      if (!g_ptr_array_find_with_equal_func (keys, key, g_str_equal, NULL))
        g_ptr_array_add (keys, (gpointer) key);
    }
}

static void
report_plugins (KilnMigrationMapping *m,
                JsonArray            *plugins)
{
  for (guint i = 0; plugins != NULL && i < json_array_get_length (plugins); i++)
    {
      JsonObject *plugin = json_array_get_object_element (plugins, i);
      g_autofree char *name = g_strdup_printf ("plugin %s", json_object_get_string_member (plugin, "module"));
      KilnMigrationEntry *entry;

      entry = kiln_mapping_report (m, name, KILN_MIGRATION_STATUS_NO_EQUIVALENT, NULL,
                                   _("mix release has no plugins; run the plugin's work as a function in the release's steps:."));
      kiln_migration_entry_set_line (entry, json_object_get_int_member_with_default (plugin, "line", 0));
    }
}

static void
report_other_scopes (KilnMigrationMapping *m)
{
  g_auto(GStrv) releases = kiln_distillery_config_dup_release_names (m->config);
  g_auto(GStrv) environments = kiln_distillery_config_dup_environment_names (m->config);
  const char *environment = kiln_distillery_config_get_environment (m->config);

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
}

void
kiln_migration_mapping_run (KilnMigrationMapping *m)
{
  const char *environment = kiln_distillery_config_get_environment (m->config);
  const char *evaluation_error = kiln_distillery_config_get_evaluation_error (m->config);
  JsonArray *stray = kiln_distillery_config_get_stray (m->config);
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();

  if (evaluation_error != NULL)
    kiln_mapping_report (m, "rel/config.exs", KILN_MIGRATION_STATUS_NEEDS_ATTENTION, NULL,
                         _("Evaluating it stopped early (%s); settings after that point are missing from this report."),
                         evaluation_error);

  collect_keys (kiln_distillery_config_get_settings (m->config, FALSE, m->release), keys);
  collect_keys (kiln_distillery_config_get_settings (m->config, TRUE, environment), keys);

  for (guint i = 0; i < keys->len; i++)
    map_setting (m, keys->pdata[i]);

  report_plugins (m, kiln_distillery_config_get_plugins (m->config, FALSE, m->release));
  report_plugins (m, kiln_distillery_config_get_plugins (m->config, TRUE, environment));

  for (guint i = 0; stray != NULL && i < json_array_get_length (stray); i++)
    {
      JsonObject *item = json_array_get_object_element (stray, i);
      const char *key = json_object_get_string_member_with_default (item, "key", NULL);

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
  GString *code = g_string_new ("[");

  for (guint i = 0; i < m->options->len; i++)
    {
      KilnMigratedOption *option = g_ptr_array_index (m->options, i);
      g_autofree char *key = kiln_elixir_keyword_key (option->key);

      g_string_append_printf (code, "%s%s %s", i > 0 ? ", " : "", key, option->code);
    }

  g_string_append_c (code, ']');
  return g_string_free (code, FALSE);
}

JsonArray *
kiln_migration_mapping_dup_options_json (KilnMigrationMapping *m)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < m->options->len; i++)
    {
      KilnMigratedOption *option = g_ptr_array_index (m->options, i);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "key", option->key);
      json_object_set_member (object, "value", json_node_copy (option->term));
      json_object_set_string_member (object, "code", option->code);
      json_object_set_boolean_member (object, "code_valid", TRUE);
      json_array_add_object_element (array, object);
    }

  return array;
}
