#define G_LOG_DOMAIN "kiln-migration"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "kiln-distillery-mapping-private.h"
#include "kiln-elixir-term.h"
#include "kiln-json-private.h"
#include "kiln-release-application.h"

/* Distillery settings that become release options in mix.exs. */

static JsonNode *
setting_value (JsonObject *setting)
{
  return kiln_json_object_get_node (setting, "value");
}

void
kiln_mapping_map_version (KilnMigrationMapping *m,
                          const char           *key,
                          JsonObject           *setting)
{
  const char *app = kiln_json_object_get_string (setting, "current_version", NULL);
  const char *version = kiln_term_get_string (setting_value (setting));
  const char *project_app = kiln_distillery_config_get_project_app (m->config);

  if (app != NULL && !kiln_distillery_config_get_is_umbrella (m->config) && g_strcmp0 (app, project_app) == 0)
    {
      kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_MAPPED, setting,
                           _("current_version(:%s) is the project version (%s), which mix release uses by default."),
                           app, version ? version : "?");
    }
  else if (app != NULL)
    {
      g_autofree char *app_code = kiln_elixir_quote_atom (app);

      kiln_mapping_add_option (m, "version", kiln_term_new_tuple (kiln_term_new_atom ("from_app"),
                                                                  kiln_term_new_atom (app), NULL));
      kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_MAPPED, setting,
                           _("current_version(:%s) → version: {:from_app, %s}."), app, app_code);
    }
  else if (version != NULL && *version != '\0')
    {
      kiln_mapping_add_option (m, "version", kiln_term_new_string (version));
      kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_MAPPED, setting, _("→ version: \"%s\"."), version);
    }
  else
    {
      kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                           _("The version is not a string (%s); set version: in mix.exs by hand."),
                           kiln_json_object_get_string (setting, "code", "?"));
    }
}

/* Distillery starts a bare application name as :permanent. */
static gboolean
read_application (JsonNode    *element,
                  const char **app,
                  const char **mode,
                  gboolean    *bare)
{
  JsonArray *pair = kiln_term_get_tuple (element, 2);
  KilnApplicationMode parsed;

  *bare = (*app = kiln_term_get_atom (element)) != NULL;
  if (*bare)
    {
      *mode = kiln_application_mode_to_string (KILN_APPLICATION_MODE_PERMANENT);
      return TRUE;
    }

  return pair != NULL
      && (*app = kiln_term_get_atom (json_array_get_element (pair, 0))) != NULL
      && (*mode = kiln_term_get_atom (json_array_get_element (pair, 1))) != NULL
      && kiln_application_mode_from_string (*mode, &parsed);
}

void
kiln_mapping_map_applications (KilnMigrationMapping *m,
                               const char           *key,
                               JsonObject           *setting)
{
  JsonArray *list = kiln_term_get_list (setting_value (setting));
  g_autoptr(JsonArray) terms = NULL;
  guint n_bare = 0;

  if (list == NULL)
    {
      kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                           _("Not a list; set applications: in mix.exs by hand."));
      return;
    }

  terms = json_array_new ();
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      const char *app, *mode;
      gboolean bare;

      if (!read_application (json_array_get_element (list, i), &app, &mode, &bare))
        {
          g_autofree char *choices = kiln_application_mode_dup_choices ("");

          kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                               _("Entry %u is neither an application nor `app: mode` with a mode mix release knows "
                                 "(%s); set applications: by hand."), i + 1, choices);
          return;
        }

      n_bare += bare;
      json_array_add_element (terms, kiln_term_new_tuple (kiln_term_new_atom (app), kiln_term_new_atom (mode), NULL));
    }

  kiln_mapping_add_option (m, "applications", kiln_term_new_list (g_steal_pointer (&terms)));

  if (n_bare > 0)
    kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_CHANGED, setting,
                         g_dngettext (GETTEXT_PACKAGE,
                                      "→ applications:; %u bare application name became `app: :permanent`, as Distillery started it.",
                                      "→ applications:; %u bare application names became `app: :permanent`, as Distillery started them.",
                                      n_bare),
                         n_bare);
  else
    kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_MAPPED, setting, _("→ applications: with the same start modes."));
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* Distillery's include_erts path is an Erlang root; mix release wants the
 * erts-VSN folder inside it. */
static char *
find_erts_dir (const char *root)
{
  g_autoptr(GDir) dir = g_dir_open (root, 0, NULL);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (root, name, NULL);

      if (g_str_has_prefix (name, "erts-") && g_file_test (path, G_FILE_TEST_IS_DIR))
        g_ptr_array_add (found, g_steal_pointer (&path));
    }

  if (found->len == 0)
    return NULL;

  /* The newest when an Erlang root holds several. */
  g_ptr_array_sort (found, compare_paths);
  return g_strdup (g_ptr_array_index (found, found->len - 1));
}

void
kiln_mapping_map_include_erts (KilnMigrationMapping *m,
                               const char           *key,
                               JsonObject           *setting)
{
  JsonNode *value = setting_value (setting);
  const char *path = kiln_term_get_string (value);
  gboolean include = FALSE;

  if (kiln_term_get_boolean (value, &include))
    {
      kiln_mapping_add_option (m, "include_erts", kiln_term_new_boolean (include));
      kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_MAPPED, setting, _("→ include_erts: %s."), include ? "true" : "false");
    }
  else if (path != NULL)
    {
      g_autofree char *base = g_path_get_basename (path);
      /* mix release runs in the project, as Distillery did: a relative
       * root is the project's, not the folder Kiln was started in. */
      g_autofree char *root = kiln_mapping_dup_project_path (m, path);
      g_autofree char *found = g_str_has_prefix (base, "erts-") ? NULL : find_erts_dir (root);
      g_autofree char *found_base = found ? g_path_get_basename (found) : NULL;
      g_autofree char *erts = g_str_has_prefix (base, "erts-") ? g_strdup (path)
                              : found ? g_build_filename (path, found_base, NULL) : NULL;

      if (erts != NULL)
        {
          kiln_mapping_add_option (m, "include_erts", kiln_term_new_string (erts));
          if (g_str_equal (erts, path))
            kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_MAPPED, setting,
                                 _("→ include_erts: \"%s\"; it must be an erts-VSN folder of the target's OTP."), path);
          else
            kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_CHANGED, setting,
                                 _("Distillery takes an Erlang root, mix release its erts-VSN folder: → include_erts: \"%s\"."),
                                 erts);
        }
      else
        {
          kiln_mapping_add_option (m, "include_erts", kiln_term_new_boolean (TRUE));
          kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                               _("“%s” has no erts-VSN folder here, so the release includes the ERTS Kiln builds with "
                                 "(include_erts: true). To ship another OTP, set include_erts: to the erts-VSN folder "
                                 "of its Erlang root."), path);
        }
    }
  else
    kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                         _("Neither a boolean nor a path; set include_erts: in mix.exs by hand."));
}

void
kiln_mapping_map_strip_debug_info (KilnMigrationMapping *m,
                                   const char           *key,
                                   JsonObject           *setting)
{
  gboolean strip = FALSE;

  if (!kiln_term_get_boolean (setting_value (setting), &strip))
    {
      kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting, _("Not a boolean; set strip_beams: by hand."));
      return;
    }

  kiln_mapping_add_option (m, "strip_beams", kiln_term_new_boolean (strip));
  kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_MAPPED, setting, _("→ strip_beams: %s."), strip ? "true" : "false");
}

void
kiln_mapping_map_cookie (KilnMigrationMapping *m,
                         const char           *key,
                         JsonObject           *setting)
{
  JsonNode *value = setting_value (setting);
  const char *atom = kiln_term_get_atom (value);
  const char *string = kiln_term_get_string (value);
  const char *cookie = atom ? atom : string;
  JsonArray *env_vars = kiln_json_object_get_array (setting, "env_vars");

  if ((cookie == NULL || *cookie == '\0') && (env_vars == NULL || json_array_get_length (env_vars) == 0))
    {
      kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                           _("Not an atom or string; set RELEASE_COOKIE in the environment of the release instead."));
      return;
    }

  if (env_vars != NULL && json_array_get_length (env_vars) > 0)
    {
      const char *variable = json_array_get_string_element (env_vars, 0);
      const char *source = kiln_json_object_get_string (setting, "source", "");
      g_autofree char *pattern = g_strdup_printf ("System.%s(\"%s\")", "get_env", variable);
      gboolean plain = g_str_has_prefix (source, pattern) || g_str_has_prefix (source, "String.to_atom(System.get_env(");

      /* The value Kiln saw is only where Kiln ran: take it from the
       * variable where the release runs instead. */
      kiln_mapping_cookie_from_variable (m, variable);
      if (plain)
        kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_CHANGED, setting,
                             _("Computed from the environment: rel/env.sh.eex sets RELEASE_COOKIE from $%s, and "
                               "mix.exs gets no cookie:."), variable);
      else
        kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                             _("Computed from the environment (%s): rel/env.sh.eex sets RELEASE_COOKIE from $%s; "
                               "if the code changes the variable's value, set RELEASE_COOKIE to the result instead."),
                             source, variable);
      return;
    }

  {
    g_autofree char *variable = string ? kiln_mapping_dup_os_var_name (string) : NULL;

    if (variable != NULL)
      {
        kiln_mapping_cookie_from_variable (m, variable);
        kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_CHANGED, setting,
                             _("Distillery replaced %s where the release ran (REPLACE_OS_VARS): rel/env.sh.eex sets "
                               "RELEASE_COOKIE from $%s, and mix.exs gets no cookie:."), string, variable);
        return;
      }
  }

  kiln_mapping_add_option (m, "cookie", kiln_term_new_string (cookie));
  m->cookie_in_profile = TRUE;
  kiln_mapping_report (m, key, atom ? KILN_MIGRATION_STATUS_CHANGED : KILN_MIGRATION_STATUS_MAPPED, setting,
                       _("%s → cookie: \"…\" (a string in mix release). Better: leave it out of mix.exs and set "
                         "RELEASE_COOKIE where the release runs."), atom ? "Atom" : "String");
}

void
kiln_mapping_map_output_dir (KilnMigrationMapping *m,
                             const char           *key,
                             JsonObject           *setting)
{
  const char *path = kiln_term_get_string (setting_value (setting));

  if (path == NULL)
    {
      kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting, _("Not a path; set path: by hand."));
      return;
    }

  kiln_mapping_add_option (m, "path", kiln_term_new_string (path));
  kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_MAPPED, setting, _("→ path: \"%s\" (where mix release assembles it)."), path);
}

/* Config providers */

static gboolean
is_distillery_elixir_provider (const char *module)
{
  return g_strcmp0 (module, "Elixir.Distillery.Releases.Config.Providers.Elixir") == 0 ||
         g_strcmp0 (module, "Elixir.Mix.Releases.Config.Providers.Elixir") == 0;
}

/* Distillery's ${RELEASE_ROOT_DIR}/path → {:system, "RELEASE_ROOT", "/path"}; an
 * absolute path stays; anything else is NULL. */
static JsonNode *
provider_path_term (const char  *path,
                    const char **relative)
{
  *relative = NULL;

  if (path != NULL && g_str_has_prefix (path, "${RELEASE_ROOT_DIR}/"))
    {
      g_autofree char *rest = NULL;

      *relative = path + strlen ("${RELEASE_ROOT_DIR}/");
      rest = g_strconcat ("/", *relative, NULL);
      return kiln_term_new_tuple (kiln_term_new_atom ("system"), kiln_term_new_string ("RELEASE_ROOT"),
                                  kiln_term_new_string (rest), NULL);
    }

  if (path != NULL && g_path_is_absolute (path) && strstr (path, "${") == NULL)
    return kiln_term_new_string (path);

  return NULL;
}

void
kiln_mapping_map_config_providers (KilnMigrationMapping *m,
                                   const char           *key,
                                   JsonObject           *setting)
{
  JsonArray *list = kiln_term_get_list (setting_value (setting));
  g_autoptr(JsonArray) terms = NULL;

  if (list == NULL)
    {
      kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting, _("Not a list; set config_providers: by hand."));
      return;
    }

  terms = json_array_new ();
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *element = json_array_get_element (list, i);
      JsonArray *tuple = kiln_term_get_tuple (element, 0);
      const char *module = tuple ? kiln_term_get_atom (json_array_get_element (tuple, 0)) : kiln_term_get_atom (element);
      JsonArray *arguments = tuple && json_array_get_length (tuple) == 2
                             ? kiln_term_get_list (json_array_get_element (tuple, 1)) : NULL;
      const char *path = arguments && json_array_get_length (arguments) > 0
                         ? kiln_term_get_string (json_array_get_element (arguments, 0)) : NULL;
      g_autofree char *module_code = module ? kiln_elixir_quote_atom (module) : g_strdup ("?");
      g_autofree char *name = g_strdup_printf ("config_providers: %s", module_code);
      g_autofree char *path_code = NULL;
      const char *relative;
      JsonNode *path_term;

      if (!is_distillery_elixir_provider (module))
        {
          kiln_mapping_report (m, name, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                               _("Distillery providers do not run under mix release; use Config.Reader or a "
                                 "Config.Provider implementation (check whether %s has one)."), module_code);
          continue;
        }

      if (!(path_term = provider_path_term (path, &relative)))
        {
          kiln_mapping_report (m, name, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                               _("The config path %s is neither under ${RELEASE_ROOT_DIR} nor absolute; "
                                 "add {Config.Reader, path} to config_providers: by hand."), path ? path : _("(none)"));
          continue;
        }

      if (relative != NULL)
        g_ptr_array_add (m->provider_files, g_strdup (relative));

      path_code = kiln_elixir_quote_term (path_term);
      json_array_add_element (terms, kiln_term_new_tuple (kiln_term_new_atom ("Elixir.Config.Reader"), path_term, NULL));
      kiln_mapping_report (m, name, KILN_MIGRATION_STATUS_CHANGED, setting,
                           _("→ {Config.Reader, %s}: the same file is read when the release boots."), path_code);
    }

  if (json_array_get_length (terms) > 0)
    kiln_mapping_add_option (m, "config_providers", kiln_term_new_list (g_steal_pointer (&terms)));

  /* Overlays may be listed after the providers, so the files they copy are
   * converted once everything else is mapped. */
  m->provider_setting = setting;
}

/* The config files those providers read */

void
kiln_mapping_convert_provider_file (KilnMigrationMapping *m,
                                    const char           *relative,
                                    JsonObject           *setting)
{
  g_autofree char *target = kiln_mapping_overlay_path (relative);
  KilnFileChange *change = kiln_mapping_find_change (m, target);
  g_autofree char *on_disk = g_build_filename (m->project_dir, target, NULL);
  g_autofree char *text = NULL;
  GBytes *bytes;
  g_auto(GStrv) lines = NULL;
  GString *converted;
  gboolean mix_config = FALSE;
  guint mix_call_line = 0;

  if (change == NULL)
    {
      if (!g_file_test (on_disk, G_FILE_TEST_IS_REGULAR))
        kiln_mapping_report (m, "config_providers", KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                             _("No overlay puts %s into the release; copy your config file to %s."), relative, target);
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
        {
          g_string_append (converted, lines[i]);
          if (mix_call_line == 0 && trimmed[0] != '#' && strstr (trimmed, "Mix.") != NULL)
            mix_call_line = i + 1;
        }

      if (lines[i + 1] != NULL)
        g_string_append_c (converted, '\n');
    }

  if (mix_config)
    {
      kiln_mapping_add_file (m, target, converted->str, converted->len, FALSE);
      kiln_mapping_report (m, relative, KILN_MIGRATION_STATUS_CHANGED, setting,
                           _("`use Mix.Config` → `import Config` in %s: Mix is not part of a release."), target);
    }

  if (mix_call_line > 0)
    {
      g_autofree char *name = g_strdup_printf ("%s:%u", relative, mix_call_line);

      kiln_mapping_report (m, name, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                           _("Line %u of %s calls Mix, which a release does not have, so the release would stop "
                             "at boot. Move that code to config/config.exs or config/ENV.exs, or compare "
                             "System.get_env values instead of Mix.env()."), mix_call_line, relative);
    }

  g_string_free (converted, TRUE);
}
