#include "config.h"

#include <string.h>

#include "kiln-distillery-mapping.h"
#include "kiln-file-change.h"
#include "kiln-release-profile.h"

typedef void (*MapFunc) (KilnMigrationMapping *m,
                         const char           *key,
                         JsonObject           *setting);

static const struct
{
  const char *key;
  const char *reason;
} no_equivalent[] = {
  { "include_src", "mix release never ships source files; keep them in version control." },
  { "include_system_libs", "mix release always includes the OTP applications the release needs; use include_erts: false to leave ERTS out." },
  { "dev_mode", "mix release always copies files into the release; during development use `iex -S mix`." },
  { "executable", "mix release builds no self-extracting executable; use steps: [:assemble, :tar] or a tool such as Burrito." },
  { "exec_opts", "mix release builds no self-extracting executable; use steps: [:assemble, :tar] or a tool such as Burrito." },
  { "overlay_vars", "used now to render overlays and vm.args; mix release templates read @release instead." },
  { "sys_config", "mix release builds sys.config from config/*.exs; move these settings to config/runtime.exs." },
  { "config", "mix release always uses the project's config (config_path in mix.exs); move the rest to config/runtime.exs." },
  { "appup_transforms", "mix release makes no appups or hot upgrades; deploy new versions by restarting." },
  { "pre_upgrade_hooks", "mix release has no hot upgrades, so no upgrade hooks; run the steps in your deployment script." },
  { "post_upgrade_hooks", "mix release has no hot upgrades, so no upgrade hooks; run the steps in your deployment script." },
  { "pre_upgrade_hook", "mix release has no hot upgrades, so no upgrade hooks; run the steps in your deployment script." },
  { "post_upgrade_hook", "mix release has no hot upgrades, so no upgrade hooks; run the steps in your deployment script." },
  { "post_start_hooks", "mix release has no hook after start; run the code from Application.start/2 or a supervised Task." },
  { "post_start_hook", "mix release has no hook after start; run the code from Application.start/2 or a supervised Task." },
  { "post_configure_hooks", "mix release has no hook after configuration; use config/runtime.exs or Application.start/2." },
  { "post_configure_hook", "mix release has no hook after configuration; use config/runtime.exs or Application.start/2." },
  { "pre_stop_hooks", "mix release has no stop hooks; handle shutdown in Application.prep_stop/1 or in your service manager." },
  { "pre_stop_hook", "mix release has no stop hooks; handle shutdown in Application.prep_stop/1 or in your service manager." },
  { "post_stop_hooks", "mix release has no stop hooks; run clean-up after `bin/NAME stop` returns, in your service manager." },
  { "post_stop_hook", "mix release has no stop hooks; run clean-up after `bin/NAME stop` returns, in your service manager." },
  { "run_erl_env", "mix release has no run_erl settings; export RUN_ERL_LOG_* from rel/env.sh.eex instead." },
  { "no_dot_erlang", "mix release never reads .erlang; nothing to do." },
};

static const char * const application_modes[] = { "permanent", "transient", "temporary", "load", "none", NULL };

/* Values */

static char *
atom_code (const char *name)
{
  if (g_str_has_prefix (name, "Elixir."))
    return g_strdup (name + strlen ("Elixir."));

  return kiln_elixir_quote_atom (name);
}

static JsonNode *
term_string (const char *text)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);
  json_node_set_string (node, text);
  return node;
}

static JsonNode *
term_bool (gboolean value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);
  json_node_set_boolean (node, value);
  return node;
}

static JsonNode *
term_atom (const char *name)
{
  JsonObject *object = json_object_new ();
  json_object_set_string_member (object, "atom", name);
  return json_node_init_object (json_node_alloc (), object);
}

static JsonNode *
term_tuple (JsonNode *first,
            ...)
{
  JsonArray *array = json_array_new ();
  JsonObject *object = json_object_new ();
  va_list args;

  va_start (args, first);
  for (JsonNode *node = first; node != NULL; node = va_arg (args, JsonNode *))
    json_array_add_element (array, node);
  va_end (args);

  json_object_set_array_member (object, "tuple", array);
  return json_node_init_object (json_node_alloc (), object);
}

static const char *
term_get_atom (JsonNode *node)
{
  JsonObject *object;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  object = json_node_get_object (node);
  if (!json_object_has_member (object, "atom"))
    return NULL;

  return json_object_get_string_member (object, "atom");
}

static const char *
term_get_string (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static JsonArray *
term_get_tuple (JsonNode *node)
{
  JsonObject *object;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  object = json_node_get_object (node);
  if (!json_object_has_member (object, "tuple"))
    return NULL;

  return json_object_get_array_member (object, "tuple");
}

static JsonArray *
term_get_list (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gboolean
term_get_bool (JsonNode *node,
               gboolean *value)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;

  *value = json_node_get_boolean (node);
  return TRUE;
}

/* Report and options */

static KilnMigrationEntry *
report (KilnMigrationMapping *m,
        const char           *setting_name,
        KilnMigrationStatus   status,
        JsonObject           *setting,
        const char           *format,
        ...) G_GNUC_PRINTF (5, 6);

static KilnMigrationEntry *
report (KilnMigrationMapping *m,
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

static void
add_option (KilnMigrationMapping *m,
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

static void
add_file (KilnMigrationMapping *m,
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

static KilnFileChange *
find_change (KilnMigrationMapping *m,
             const char           *relative_path)
{
  for (guint i = 0; i < m->changes->len; i++)
    if (g_strcmp0 (kiln_file_change_get_path (g_ptr_array_index (m->changes, i)), relative_path) == 0)
      return g_ptr_array_index (m->changes, i);

  return NULL;
}

/* Overlay destinations are relative to the release root and must stay in it. */
static gboolean
is_safe_relative_path (const char *path)
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

static char *
overlay_path (const char *destination)
{
  const char *p = destination;

  while (g_str_has_prefix (p, "./"))
    p += 2;

  return g_build_filename ("rel", "overlays", p, NULL);
}

/* Copies a file or a folder tree of the project into changes under dest_rel. */
static gboolean
copy_into_changes (KilnMigrationMapping  *m,
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

          if (!copy_into_changes (m, child_abs, child_rel, n_files, error))
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

      add_file (m, dest_rel, contents, length, g_file_test (source_abs, G_FILE_TEST_IS_EXECUTABLE));
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
  report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
          "Could not be computed here (%s); set the equivalent in mix.exs by hand.",
          json_object_get_string_member_with_default (setting, "error", "unknown error"));
}

static void
map_version (KilnMigrationMapping *m,
             const char           *key,
             JsonObject           *setting)
{
  const char *app = json_object_get_string_member_with_default (setting, "current_version", NULL);
  const char *version = term_get_string (json_object_get_member (setting, "value"));
  const char *project_app = kiln_distillery_config_get_project_app (m->config);

  if (app != NULL && !kiln_distillery_config_get_is_umbrella (m->config) && g_strcmp0 (app, project_app) == 0)
    {
      report (m, key, KILN_MIGRATION_STATUS_MAPPED, setting,
              "current_version(:%s) is the project version (%s), which mix release uses by default.",
              app, version ? version : "?");
    }
  else if (app != NULL)
    {
      g_autofree char *app_code = atom_code (app);

      add_option (m, "version", g_strdup_printf ("{:from_app, %s}", app_code),
                  term_tuple (term_atom ("from_app"), term_atom (app), NULL));
      report (m, key, KILN_MIGRATION_STATUS_MAPPED, setting,
              "current_version(:%s) → version: {:from_app, %s}.", app, app_code);
    }
  else if (version != NULL && *version != '\0')
    {
      add_option (m, "version", kiln_elixir_quote_string (version), term_string (version));
      report (m, key, KILN_MIGRATION_STATUS_MAPPED, setting, "→ version: \"%s\".", version);
    }
  else
    {
      report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
              "The version is not a string (%s); set version: in mix.exs by hand.",
              json_object_get_string_member_with_default (setting, "code", "?"));
    }
}

static void
map_applications (KilnMigrationMapping *m,
                  const char           *key,
                  JsonObject           *setting)
{
  JsonArray *list = term_get_list (json_object_get_member (setting, "value"));
  g_autoptr(GString) code = g_string_new ("[");
  JsonArray *terms;
  guint bare = 0;

  if (list == NULL)
    {
      report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
              "Not a list; set applications: in mix.exs by hand.");
      return;
    }

  terms = json_array_new ();
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *element = json_array_get_element (list, i);
      JsonArray *tuple = term_get_tuple (element);
      const char *app = term_get_atom (element);
      const char *mode = "permanent";
      g_autofree char *app_key = NULL;

      if (app != NULL)
        bare++;
      else if (tuple != NULL && json_array_get_length (tuple) == 2 &&
               (app = term_get_atom (json_array_get_element (tuple, 0))) &&
               (mode = term_get_atom (json_array_get_element (tuple, 1))) &&
               g_strv_contains (application_modes, mode))
        ;
      else
        {
          json_array_unref (terms);
          report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                  "Entry %u is neither an application nor `app: mode` with a mode mix release knows "
                  "(permanent, transient, temporary, load, none); set applications: by hand.", i + 1);
          return;
        }

      app_key = kiln_elixir_keyword_key (app);
      g_string_append_printf (code, "%s%s :%s", i > 0 ? ", " : "", app_key, mode);
      json_array_add_element (terms, term_tuple (term_atom (app), term_atom (mode), NULL));
    }
  g_string_append_c (code, ']');

  add_option (m, "applications", g_string_free (g_steal_pointer (&code), FALSE),
              json_node_init_array (json_node_alloc (), terms));
  json_array_unref (terms);

  if (bare > 0)
    report (m, key, KILN_MIGRATION_STATUS_CHANGED, setting,
            "→ applications:; %u bare application name%s became `app: :permanent`, as Distillery started them.",
            bare, bare == 1 ? "" : "s");
  else
    report (m, key, KILN_MIGRATION_STATUS_MAPPED, setting, "→ applications: with the same start modes.");
}

static void
map_include_erts (KilnMigrationMapping *m,
                  const char           *key,
                  JsonObject           *setting)
{
  JsonNode *value = json_object_get_member (setting, "value");
  const char *path = term_get_string (value);
  gboolean include = FALSE;

  if (term_get_bool (value, &include))
    {
      add_option (m, "include_erts", g_strdup (include ? "true" : "false"), term_bool (include));
      report (m, key, KILN_MIGRATION_STATUS_MAPPED, setting, "→ include_erts: %s.", include ? "true" : "false");
    }
  else if (path != NULL)
    {
      add_option (m, "include_erts", kiln_elixir_quote_string (path), term_string (path));
      report (m, key, KILN_MIGRATION_STATUS_MAPPED, setting,
              "→ include_erts: \"%s\"; it must be an erts-VSN folder of the target's OTP.", path);
    }
  else
    report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
            "Neither a boolean nor a path; set include_erts: in mix.exs by hand.");
}

static void
map_strip_debug_info (KilnMigrationMapping *m,
                      const char           *key,
                      JsonObject           *setting)
{
  gboolean strip = FALSE;

  if (!term_get_bool (json_object_get_member (setting, "value"), &strip))
    {
      report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting, "Not a boolean; set strip_beams: by hand.");
      return;
    }

  add_option (m, "strip_beams", g_strdup (strip ? "true" : "false"), term_bool (strip));
  report (m, key, KILN_MIGRATION_STATUS_MAPPED, setting, "→ strip_beams: %s.", strip ? "true" : "false");
}

static void
map_cookie (KilnMigrationMapping *m,
            const char           *key,
            JsonObject           *setting)
{
  JsonNode *value = json_object_get_member (setting, "value");
  const char *atom = term_get_atom (value);
  const char *string = term_get_string (value);
  const char *cookie = atom ? atom : string;

  if (cookie == NULL || *cookie == '\0')
    {
      report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
              "Not an atom or string; set RELEASE_COOKIE in the environment of the release instead.");
      return;
    }

  add_option (m, "cookie", kiln_elixir_quote_string (cookie), term_string (cookie));
  report (m, key, atom ? KILN_MIGRATION_STATUS_CHANGED : KILN_MIGRATION_STATUS_MAPPED, setting,
          "%s → cookie: \"…\" (a string in mix release). Better: leave it out of mix.exs and set "
          "RELEASE_COOKIE where the release runs.", atom ? "Atom" : "String");
}

static void
map_output_dir (KilnMigrationMapping *m,
                const char           *key,
                JsonObject           *setting)
{
  const char *path = term_get_string (json_object_get_member (setting, "value"));

  if (path == NULL)
    {
      report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting, "Not a path; set path: by hand.");
      return;
    }

  add_option (m, "path", kiln_elixir_quote_string (path), term_string (path));
  report (m, key, KILN_MIGRATION_STATUS_MAPPED, setting, "→ path: \"%s\" (where mix release assembles it).", path);
}

static void
map_erl_opts (KilnMigrationMapping *m,
              const char           *key,
              JsonObject           *setting)
{
  const char *options = term_get_string (json_object_get_member (setting, "value"));

  if (options == NULL)
    {
      report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting, "Not a string; add the flags to rel/vm.args.eex by hand.");
      return;
    }

  if (m->vm_args == NULL)
    m->vm_args = g_string_new (NULL);
  g_string_append_printf (m->vm_args, "## From Distillery's erl_opts\n%s\n", options);
  report (m, key, KILN_MIGRATION_STATUS_CHANGED, setting, "The flags were added to rel/vm.args.eex.");
}

/* vm.args */

static GHashTable *
overlay_vars (KilnMigrationMapping *m)
{
  GHashTable *vars = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonObject *setting = kiln_distillery_config_lookup_setting (m->config, "overlay_vars", NULL);
  JsonArray *list = setting ? term_get_list (json_object_get_member (setting, "value")) : NULL;

  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonArray *tuple = term_get_tuple (json_array_get_element (list, i));
      const char *name = tuple && json_array_get_length (tuple) == 2
                         ? term_get_atom (json_array_get_element (tuple, 0)) : NULL;
      JsonNode *value = name ? json_array_get_element (tuple, 1) : NULL;

      if (value != NULL && JSON_NODE_HOLDS_VALUE (value))
        {
          GValue gvalue = G_VALUE_INIT;
          GValue as_string = G_VALUE_INIT;

          json_node_get_value (value, &gvalue);
          g_value_init (&as_string, G_TYPE_STRING);
          if (g_value_transform (&gvalue, &as_string))
            g_hash_table_insert (vars, g_strdup (name), g_value_dup_string (&as_string));
          g_value_unset (&gvalue);
          g_value_unset (&as_string);
        }
    }

  return vars;
}

/* Distillery's EEx variables → the @release assign of mix release. */
static char *
translate_eex (const char *text,
               GHashTable *vars,
               GPtrArray  *unknown)
{
  static const char * const names[][2] = {
    { "release_name", "@release.name" },
    { "release_version", "@release.version" },
    { "erts_vsn", "@release.erts_version" },
    { "output_dir", "@release.path" },
  };
  GString *out = g_string_new (NULL);
  const char *p = text;

  for (;;)
    {
      const char *open = strstr (p, "<%=");
      const char *close = open ? strstr (open, "%>") : NULL;
      g_autofree char *inner = NULL;
      const char *replacement = NULL;

      if (close == NULL)
        break;

      g_string_append_len (out, p, open - p);
      inner = g_strstrip (g_strndup (open + 3, close - open - 3));

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        if (g_str_equal (inner, names[i][0]))
          replacement = names[i][1];

      if (replacement != NULL)
        g_string_append_printf (out, "<%%= %s %%>", replacement);
      else if (g_hash_table_contains (vars, inner))
        g_string_append (out, g_hash_table_lookup (vars, inner));
      else
        {
          g_string_append_len (out, open, close + 2 - open);
          g_ptr_array_add (unknown, g_steal_pointer (&inner));
        }

      p = close + 2;
    }

  g_string_append (out, p);
  return g_string_free (out, FALSE);
}

static gboolean
flag_value (const char  *line,
            const char  *flag,
            const char **value)
{
  gsize length = strlen (flag);

  if (strncmp (line, flag, length) != 0 || (line[length] != ' ' && line[length] != '\t'))
    return FALSE;

  *value = line + length;
  while (**value == ' ' || **value == '\t')
    (*value)++;

  return TRUE;
}

static char *
shell_escape_in_quotes (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\' || *p == '`')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

static void
map_vm_args (KilnMigrationMapping *m,
             const char           *key,
             JsonObject           *setting)
{
  JsonObject *rendered = kiln_distillery_config_get_rendered_vm_args (m->config);
  const char *text = rendered ? json_object_get_string_member_with_default (rendered, "text", NULL) : NULL;
  g_autoptr(GHashTable) vars = overlay_vars (m);
  g_autoptr(GPtrArray) unknown = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) notes = g_string_new (NULL);
  g_autoptr(GString) lines_out = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  guint changed = 0;

  if (text == NULL)
    {
      report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
              "Could not read %s (%s); write rel/vm.args.eex by hand.",
              rendered ? json_object_get_string_member_with_default (rendered, "path", "?") : "the file",
              rendered ? json_object_get_string_member_with_default (rendered, "error", "?") : "no path");
      return;
    }

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *translated = translate_eex (lines[i], vars, unknown);
      g_autofree char *trimmed = g_strstrip (g_strdup (translated));
      g_autofree char *quoted = NULL;
      const char *value = NULL;

      if (lines[i + 1] == NULL && *lines[i] == '\0')
        break;

      if (flag_value (trimmed, "-name", &value) || flag_value (trimmed, "-sname", &value))
        {
          gboolean long_name = g_str_has_prefix (trimmed, "-name");

          quoted = shell_escape_in_quotes (value);
          g_string_append_printf (m->env_sh, "export RELEASE_DISTRIBUTION=%s\nexport RELEASE_NODE=\"%s\"\n",
                                  long_name ? "name" : "sname", quoted);
          g_string_append_printf (notes, " line %u (%s) → RELEASE_DISTRIBUTION/RELEASE_NODE in env.sh;",
                                  i + 1, long_name ? "-name" : "-sname");
          changed++;
        }
      else if (flag_value (trimmed, "-setcookie", &value))
        {
          quoted = shell_escape_in_quotes (value);
          g_string_append_printf (m->env_sh, "export RELEASE_COOKIE=\"${RELEASE_COOKIE:-%s}\"\n", quoted);
          g_string_append_printf (notes, " line %u (-setcookie) → RELEASE_COOKIE in env.sh;", i + 1);
          changed++;
        }
      else if (flag_value (trimmed, "-mode", &value))
        {
          g_string_append_printf (notes, " line %u (-mode) dropped: mix release sets it (RELEASE_MODE);", i + 1);
          changed++;
        }
      else if (strstr (trimmed, "${") != NULL && trimmed[0] != '#')
        {
          quoted = shell_escape_in_quotes (trimmed);
          g_string_append_printf (m->env_sh, "export ELIXIR_ERL_OPTIONS=\"${ELIXIR_ERL_OPTIONS:+$ELIXIR_ERL_OPTIONS }%s\"\n",
                                  quoted);
          g_string_append_printf (notes, " line %u uses ${…} (REPLACE_OS_VARS) → ELIXIR_ERL_OPTIONS in env.sh;", i + 1);
          changed++;
        }
      else
        {
          if (!g_str_equal (translated, lines[i]))
            {
              g_string_append_printf (notes, " line %u: EEx variables → @release;", i + 1);
              changed++;
            }
          g_string_append_printf (lines_out, "%s\n", translated);
        }
    }

  if (m->vm_args == NULL)
    m->vm_args = g_string_new (NULL);
  g_string_prepend (m->vm_args, lines_out->str);

  if (notes->len > 0)
    g_string_truncate (notes, notes->len - 1);

  if (unknown->len > 0)
    {
      g_ptr_array_add (unknown, NULL);
      g_autofree char *names = g_strjoinv (", ", (char **) unknown->pdata);
      report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
              "→ rel/vm.args.eex, but it uses overlay variables mix release does not have (%s); "
              "replace them by hand.%s", names, notes->str);
    }
  else if (changed > 0)
    report (m, key, KILN_MIGRATION_STATUS_CHANGED, setting,
            "→ rel/vm.args.eex, with %u line%s changed:%s.", changed, changed == 1 ? "" : "s", notes->str);
  else
    report (m, key, KILN_MIGRATION_STATUS_MAPPED, setting, "→ rel/vm.args.eex, unchanged.");
}

/* Overlays */

static void
map_one_overlay (KilnMigrationMapping *m,
                 JsonObject           *setting,
                 JsonObject           *overlay)
{
  const char *kind = json_object_get_string_member_with_default (overlay, "kind", "unknown");
  const char *code = json_object_get_string_member_with_default (overlay, "code", "?");
  const char *error = json_object_get_string_member_with_default (overlay, "error", NULL);
  const char *source = json_object_get_string_member_with_default (overlay, "source", NULL);
  const char *destination = json_object_get_string_member_with_default (overlay, "destination", NULL);
  g_autofree char *name = g_strdup_printf ("overlays: %s", code);
  g_autofree char *target = NULL;

  if (g_str_equal (kind, "link"))
    {
      report (m, name, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
              "mix release overlays cannot make links; copy the file into rel/overlays/ instead, "
              "or create the link from rel/env.sh.eex or a steps: function.");
      return;
    }

  if (g_str_equal (kind, "unknown"))
    {
      report (m, name, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
              "Kiln does not know this kind of overlay; put the files under rel/overlays/ by hand.");
      return;
    }

  if (error != NULL)
    {
      report (m, name, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
              "Could not be rendered here (%s); put the files under rel/overlays/ by hand.", error);
      return;
    }

  if (!is_safe_relative_path (destination))
    {
      report (m, name, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
              "The destination “%s” is outside the release; mix release overlays stay inside it.",
              destination ? destination : "");
      return;
    }

  target = overlay_path (destination);

  if (g_str_equal (kind, "mkdir"))
    {
      g_ptr_array_add (m->changes, kiln_file_change_new_directory (m->project_dir, target));
      report (m, name, KILN_MIGRATION_STATUS_MAPPED, setting,
              "→ folder %s/, copied into every release (an empty folder is not kept by git; add a file to it).",
              target);
    }
  else if (g_str_equal (kind, "copy"))
    {
      g_autofree char *source_abs = g_build_filename (m->project_dir, source, NULL);
      g_autoptr(GError) local_error = NULL;
      guint n_files = 0;

      if (!g_file_test (source_abs, G_FILE_TEST_EXISTS) ||
          !copy_into_changes (m, source_abs, target, &n_files, &local_error))
        {
          report (m, name, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                  "Could not copy “%s” (%s); put it under rel/overlays/ by hand.",
                  source, local_error ? local_error->message : "it does not exist");
          return;
        }

      report (m, name, KILN_MIGRATION_STATUS_MAPPED, setting,
              "→ %s (%u file%s copied now; mix release copies rel/overlays/ into every release).",
              target, n_files, n_files == 1 ? "" : "s");
    }
  else if (g_str_equal (kind, "template"))
    {
      const char *text = json_object_get_string_member_with_default (overlay, "text", "");

      add_file (m, target, text, strlen (text), FALSE);
      report (m, name, KILN_MIGRATION_STATUS_CHANGED, setting,
              "Rendered now with Distillery's overlay variables → %s; mix release copies overlays as they are.",
              target);
    }
}

static void
map_overlays (KilnMigrationMapping *m,
              const char           *key,
              JsonObject           *setting)
{
  JsonArray *overlays = kiln_distillery_config_get_rendered_overlays (m->config);

  if (overlays == NULL || term_get_list (json_object_get_member (setting, "value")) == NULL)
    {
      report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
              "Not a list of overlays; put the files under rel/overlays/ by hand.");
      return;
    }

  if (json_array_get_length (overlays) == 0)
    report (m, key, KILN_MIGRATION_STATUS_MAPPED, setting, "Empty: nothing to copy.");

  for (guint i = 0; i < json_array_get_length (overlays); i++)
    map_one_overlay (m, setting, json_array_get_object_element (overlays, i));
}

/* Hooks */

static gboolean
hook_kind (const char  *key,
           const char **kind)
{
  if (g_str_has_prefix (key, "pre_start_hook"))
    *kind = "pre_start";
  else if (g_str_has_prefix (key, "pre_configure_hook"))
    *kind = "pre_configure";
  else
    return FALSE;

  return TRUE;
}

static void
map_hooks (KilnMigrationMapping *m,
           const char           *key,
           JsonObject           *setting)
{
  const char *path = term_get_string (json_object_get_member (setting, "value"));
  g_autofree char *path_abs = path ? g_build_filename (m->project_dir, path, NULL) : NULL;
  g_autofree char *target = NULL;
  g_autoptr(GError) error = NULL;
  const char *kind = NULL;
  guint n_files = 0;

  hook_kind (key, &kind);
  target = g_build_filename ("rel", "overlays", "hooks", kind, NULL);

  if (path == NULL || !g_file_test (path_abs, G_FILE_TEST_EXISTS))
    {
      report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
              "The hook path %s does not exist; nothing was generated for it.", path ? path : "(not a string)");
      return;
    }

  if (g_file_test (path_abs, G_FILE_TEST_IS_DIR))
    copy_into_changes (m, path_abs, target, &n_files, &error);
  else
    {
      g_autofree char *base = g_path_get_basename (path_abs);
      g_autofree char *file_target = g_build_filename (target, base, NULL);
      copy_into_changes (m, path_abs, file_target, &n_files, &error);
    }

  if (error != NULL)
    {
      report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
              "Could not copy the hooks (%s).", error->message);
      return;
    }

  /* Distillery sourced each hook before the node started; env.sh runs for
   * every bin/NAME command, so only the ones that start a node run them. */
  g_string_append_printf (m->env_sh,
                          "# Distillery %s hooks (from %s)\n"
                          "case \"$RELEASE_COMMAND\" in\n"
                          "  start|start_iex|daemon|daemon_iex)\n"
                          "    for hook in \"$RELEASE_ROOT\"/hooks/%s/*; do\n"
                          "      if [ -f \"$hook\" ]; then . \"$hook\"; fi\n"
                          "    done\n"
                          "    ;;\n"
                          "esac\n",
                          kind, path, kind);

  report (m, key, KILN_MIGRATION_STATUS_CHANGED, setting,
          "%u hook%s copied to %s/; rel/env.sh.eex runs them before start, start_iex, daemon and daemon_iex.",
          n_files, n_files == 1 ? "" : "s", target);
}

/* Commands */

static const char command_wrapper[] =
  "#!/bin/sh\n"
  "# Generated by Kiln from the Distillery command “%s” (%s).\n"
  "# Runs the original script with release_ctl/release_remote_ctl translated\n"
  "# to bin/%s eval and rpc.\n"
  "set -e\n"
  "RELEASE_ROOT=\"$(CDPATH='' cd \"$(dirname \"$0\")/..\" && pwd -P)\"\n"
  "RELEASE_ROOT_DIR=\"$RELEASE_ROOT\"\n"
  "export RELEASE_ROOT RELEASE_ROOT_DIR\n"
  "\n"
  "kiln_mfa_call() {\n"
  "  case \"${1##*/}\" in\n"
  "    0) printf '%%s()' \"${1%%/*}\" ;;\n"
  "    *) printf '%%s(String.split(System.get_env(\"KILN_COMMAND_ARGS\", \"\")))' \"${1%%/*}\" ;;\n"
  "  esac\n"
  "}\n"
  "\n"
  "kiln_ctl() {\n"
  "  verb=\"$1\"; shift\n"
  "  if [ \"$1\" = \"--mfa\" ]; then\n"
  "    mfa=\"$2\"; shift 2\n"
  "    if [ \"$1\" = \"--argv\" ]; then shift; fi\n"
  "    if [ \"$1\" = \"--\" ]; then shift; fi\n"
  "    KILN_COMMAND_ARGS=\"$*\" \"$RELEASE_ROOT/bin/%s\" \"$verb\" \"$(kiln_mfa_call \"$mfa\")\"\n"
  "  else\n"
  "    \"$RELEASE_ROOT/bin/%s\" \"$verb\" \"$@\"\n"
  "  fi\n"
  "}\n"
  "\n"
  "release_ctl() {\n"
  "  case \"$1\" in\n"
  "    eval) shift; kiln_ctl eval \"$@\" ;;\n"
  "    *) echo \"release_ctl $1 has no equivalent in mix release\" >&2; return 1 ;;\n"
  "  esac\n"
  "}\n"
  "\n"
  "release_remote_ctl() {\n"
  "  case \"$1\" in\n"
  "    rpc|eval) shift; kiln_ctl rpc \"$@\" ;;\n"
  "    ping) \"$RELEASE_ROOT/bin/%s\" pid >/dev/null ;;\n"
  "    *) echo \"release_remote_ctl $1 has no equivalent in mix release\" >&2; return 1 ;;\n"
  "  esac\n"
  "}\n"
  "\n"
  ". \"$RELEASE_ROOT/commands/%s\"\n";

static void
map_commands (KilnMigrationMapping *m,
              const char           *key,
              JsonObject           *setting)
{
  JsonArray *list = term_get_list (json_object_get_member (setting, "value"));

  if (list == NULL)
    {
      report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting, "Not a list of commands; nothing was generated.");
      return;
    }

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonArray *tuple = term_get_tuple (json_array_get_element (list, i));
      const char *command = tuple && json_array_get_length (tuple) == 2
                            ? term_get_atom (json_array_get_element (tuple, 0)) : NULL;
      const char *script = command ? term_get_string (json_array_get_element (tuple, 1)) : NULL;
      g_autofree char *name = g_strdup_printf ("commands: %s", command ? command : "?");
      g_autofree char *script_abs = NULL;
      g_autofree char *contents = NULL;
      g_autofree char *script_base = NULL;
      g_autofree char *script_target = NULL;
      g_autofree char *wrapper_name = NULL;
      g_autofree char *wrapper_target = NULL;
      g_autofree char *wrapper = NULL;
      gsize length = 0;

      if (script == NULL)
        {
          report (m, name, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                  "Entry %u is not `name: \"path/to/script\"`; nothing was generated.", i + 1);
          continue;
        }

      script_abs = g_build_filename (m->project_dir, script, NULL);
      if (!g_file_get_contents (script_abs, &contents, &length, NULL))
        {
          report (m, name, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                  "Could not read %s; nothing was generated.", script);
          continue;
        }

      script_base = g_strdup_printf ("%s.sh", command);
      script_target = g_build_filename ("rel", "overlays", "commands", script_base, NULL);
      add_file (m, script_target, contents, length, TRUE);

      wrapper_name = g_strdup_printf ("%s-%s", m->release, command);
      wrapper_target = g_build_filename ("rel", "overlays", "bin", wrapper_name, NULL);
      wrapper = g_strdup_printf (command_wrapper, command, script, m->release, m->release, m->release,
                                 m->release, script_base);
      add_file (m, wrapper_target, wrapper, strlen (wrapper), TRUE);

      report (m, name, KILN_MIGRATION_STATUS_CHANGED, setting,
              "→ bin/%s, which runs %s with release_ctl eval/rpc translated to bin/%s eval/rpc.",
              wrapper_name, script, m->release);
    }
}

/* Config providers */

static gboolean
is_distillery_elixir_provider (const char *module)
{
  return g_strcmp0 (module, "Elixir.Distillery.Releases.Config.Providers.Elixir") == 0 ||
         g_strcmp0 (module, "Elixir.Mix.Releases.Config.Providers.Elixir") == 0;
}

static void
convert_provider_file (KilnMigrationMapping *m,
                       const char           *relative,
                       JsonObject           *setting)
{
  g_autofree char *target = overlay_path (relative);
  KilnFileChange *change = find_change (m, target);
  g_autofree char *on_disk = g_build_filename (m->project_dir, target, NULL);
  g_autofree char *text = NULL;
  GBytes *bytes;
  g_auto(GStrv) lines = NULL;
  GString *converted;
  gboolean mix_config = FALSE;

  if (change == NULL)
    {
      if (!g_file_test (on_disk, G_FILE_TEST_IS_REGULAR))
        report (m, "config_providers", KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                "No overlay puts %s into the release; copy your config file to %s.", relative, target);
      return;
    }

  bytes = kiln_file_change_get_new_contents (change);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  lines = g_strsplit (text, "\n", -1);
  converted = g_string_new (NULL);

  /* `use Mix.Config` needs Mix, which a release does not have. */
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (lines[i]));

      if (g_str_equal (trimmed, "use Mix.Config"))
        {
          g_string_append (converted, "import Config");
          mix_config = TRUE;
        }
      else
        g_string_append (converted, lines[i]);

      if (lines[i + 1] != NULL)
        g_string_append_c (converted, '\n');
    }

  if (mix_config)
    {
      add_file (m, target, converted->str, converted->len, FALSE);
      report (m, relative, KILN_MIGRATION_STATUS_CHANGED, setting,
              "`use Mix.Config` → `import Config` in %s: Mix is not part of a release.", target);
    }

  g_string_free (converted, TRUE);
}

static void
map_config_providers (KilnMigrationMapping *m,
                      const char           *key,
                      JsonObject           *setting)
{
  JsonArray *list = term_get_list (json_object_get_member (setting, "value"));
  g_autoptr(GString) code = g_string_new ("[");
  GPtrArray *files = m->provider_files;
  JsonArray *terms;
  guint count = 0;

  if (list == NULL)
    {
      report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting, "Not a list; set config_providers: by hand.");
      return;
    }

  terms = json_array_new ();
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *element = json_array_get_element (list, i);
      JsonArray *tuple = term_get_tuple (element);
      const char *module = tuple ? term_get_atom (json_array_get_element (tuple, 0)) : term_get_atom (element);
      JsonArray *arguments = tuple && json_array_get_length (tuple) == 2
                             ? term_get_list (json_array_get_element (tuple, 1)) : NULL;
      const char *path = arguments && json_array_get_length (arguments) > 0
                         ? term_get_string (json_array_get_element (arguments, 0)) : NULL;
      g_autofree char *module_code = module ? atom_code (module) : g_strdup ("?");
      g_autofree char *name = g_strdup_printf ("config_providers: %s", module_code);
      g_autofree char *path_code = NULL;
      JsonNode *path_term;

      if (!is_distillery_elixir_provider (module))
        {
          report (m, name, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                  "Distillery providers do not run under mix release; use Config.Reader or a "
                  "Config.Provider implementation (check whether %s has one).", module_code);
          continue;
        }

      if (path != NULL && g_str_has_prefix (path, "${RELEASE_ROOT_DIR}/"))
        {
          const char *relative = path + strlen ("${RELEASE_ROOT_DIR}/");
          g_autofree char *rest = g_strconcat ("/", relative, NULL);
          g_autofree char *rest_code = kiln_elixir_quote_string (rest);

          path_code = g_strdup_printf ("{:system, \"RELEASE_ROOT\", %s}", rest_code);
          path_term = term_tuple (term_atom ("system"), term_string ("RELEASE_ROOT"), term_string (rest), NULL);
          g_ptr_array_add (files, g_strdup (relative));
        }
      else if (path != NULL && g_path_is_absolute (path) && strstr (path, "${") == NULL)
        {
          path_code = kiln_elixir_quote_string (path);
          path_term = term_string (path);
        }
      else
        {
          report (m, name, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                  "The config path %s is neither under ${RELEASE_ROOT_DIR} nor absolute; "
                  "add {Config.Reader, path} to config_providers: by hand.", path ? path : "(none)");
          continue;
        }

      g_string_append_printf (code, "%s{Config.Reader, %s}", count > 0 ? ", " : "", path_code);
      json_array_add_element (terms, term_tuple (term_atom ("Elixir.Config.Reader"), path_term, NULL));
      report (m, name, KILN_MIGRATION_STATUS_CHANGED, setting,
              "→ {Config.Reader, %s}: the same file is read when the release boots.", path_code);
      count++;
    }
  g_string_append_c (code, ']');

  if (count > 0)
    add_option (m, "config_providers", g_string_free (g_steal_pointer (&code), FALSE),
                json_node_init_array (json_node_alloc (), terms));
  json_array_unref (terms);

  /* Overlays may be listed after the providers, so the files they copy are
   * converted once everything else is mapped. */
  m->provider_setting = setting;
}

/* Driver */

static const struct
{
  const char *key;
  MapFunc     map;
} mappers[] = {
  { "version", map_version },
  { "applications", map_applications },
  { "include_erts", map_include_erts },
  { "strip_debug_info", map_strip_debug_info },
  { "cookie", map_cookie },
  { "output_dir", map_output_dir },
  { "vm_args", map_vm_args },
  { "erl_opts", map_erl_opts },
  { "overlays", map_overlays },
  { "commands", map_commands },
  { "config_providers", map_config_providers },
  { "pre_start_hooks", map_hooks },
  { "pre_start_hook", map_hooks },
  { "pre_configure_hooks", map_hooks },
  { "pre_configure_hook", map_hooks },
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
    m->note = g_strdup_printf ("(environment :%s overrides the release's value)",
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
        report (m, key, KILN_MIGRATION_STATUS_NO_EQUIVALENT, setting, "%s", no_equivalent[i].reason);
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

  report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
          "Kiln does not know this Distillery setting; check whether the release still needs it.");
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

      entry = report (m, name, KILN_MIGRATION_STATUS_NO_EQUIVALENT, NULL,
                      "mix release has no plugins; run the plugin's work as a function in the release's steps:.");
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
        report (m, name, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, NULL,
                "Not migrated by this run; migrate it separately (kiln migrate --release %s).", releases[i]);
      }

  if (kiln_distillery_config_get_settings (m->config, TRUE, environment) == NULL)
    {
      g_autofree char *name = g_strdup_printf ("environment :%s", environment);
      report (m, name, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, NULL,
              "rel/config.exs has no such environment; only the release's own settings were used.");
    }

  for (guint i = 0; environments[i] != NULL; i++)
    if (!g_str_equal (environments[i], environment))
      {
        g_autofree char *name = g_strdup_printf ("environment :%s", environments[i]);
        report (m, name, KILN_MIGRATION_STATUS_NO_EQUIVALENT, NULL,
                "mix release has no environments; its settings were not used (this migration used :%s). "
                "Per-environment differences belong in config/*.exs and MIX_ENV.", environment);
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
    report (m, "rel/config.exs", KILN_MIGRATION_STATUS_NEEDS_ATTENTION, NULL,
            "Evaluating it stopped early (%s); settings after that point are missing from this report.",
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

      report (m, key ? key : "plugin", KILN_MIGRATION_STATUS_NEEDS_ATTENTION, item,
              "Set outside any release or environment block, where Distillery ignores it; not migrated.");
    }

  report_other_scopes (m);

  for (guint i = 0; i < m->provider_files->len; i++)
    convert_provider_file (m, m->provider_files->pdata[i], m->provider_setting);
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
