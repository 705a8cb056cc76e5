#define G_LOG_DOMAIN "kiln-migration"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "kiln-distillery-mapping-private.h"
#include "kiln-elixir-term.h"
#include "kiln-environment-variable.h"
#include "kiln-json-private.h"

/* vm.args */

void
kiln_mapping_map_erl_opts (KilnMigrationMapping *m,
                           const char           *key,
                           JsonObject           *setting)
{
  const char *options = kiln_term_get_string (kiln_json_object_get_node (setting, "value"));

  if (options == NULL)
    {
      kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting, _("Not a string; add the flags to rel/vm.args.eex by hand."));
      return;
    }

  if (m->vm_args == NULL)
    m->vm_args = g_string_new (NULL);
  g_string_append_printf (m->vm_args, "## From Distillery's erl_opts\n%s\n", options);
  kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_CHANGED, setting, _("The flags were added to rel/vm.args.eex."));
}

static GHashTable *
overlay_vars (KilnMigrationMapping *m)
{
  GHashTable *vars = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonObject *setting = kiln_distillery_config_lookup_setting (m->config, "overlay_vars", NULL);
  JsonArray *list = setting ? kiln_term_get_list (kiln_json_object_get_node (setting, "value")) : NULL;

  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonArray *tuple = kiln_term_get_tuple (json_array_get_element (list, i), 2);
      const char *name = tuple ? kiln_term_get_atom (json_array_get_element (tuple, 0)) : NULL;
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

/* Distillery's EEx variables (its overlay vars) → the @release assign of mix
 * release. The cookie is not one: mix release writes releases/COOKIE. */
static const char * const eex_names[][2] = {
  { "release_name", "@release.name" },
  { "release.name", "@release.name" },
  { "release_version", "@release.version" },
  { "release.version", "@release.version" },
  { "erts_vsn", "@release.erts_version" },
  { "output_dir", "@release.path" },
  { "release.output_dir", "@release.path" },
  { "release.profile.output_dir", "@release.path" },
};

static gboolean
is_cookie_variable (const char *inner)
{
  return g_str_equal (inner, "release.profile.cookie") || g_str_equal (inner, "cookie");
}

/* Returns the line with the variables replaced; *cookie is set when it uses
 * the profile's cookie, and the names with no equivalent go to @unknown. */
static char *
translate_eex (const char *text,
               GHashTable *vars,
               GPtrArray  *unknown,
               gboolean   *cookie)
{
  GString *out = g_string_new (NULL);
  const char *p = text;

  for (;;)
    {
      const char *open = strstr (p, "<%");
      const char *close = open ? strstr (open, "%>") : NULL;
      g_autofree char *inner = NULL;
      const char *replacement = NULL;
      gboolean output;

      if (close == NULL)
        break;

      g_string_append_len (out, p, open - p);
      output = open[2] == '=';
      inner = g_strstrip (g_strndup (open + 2 + output, close - open - 2 - output));

      for (guint i = 0; i < G_N_ELEMENTS (eex_names); i++)
        if (g_str_equal (inner, eex_names[i][0]))
          replacement = eex_names[i][1];

      if (output && replacement != NULL)
        g_string_append_printf (out, "<%%= %s %%>", replacement);
      else if (output && g_hash_table_contains (vars, inner))
        g_string_append (out, g_hash_table_lookup (vars, inner));
      else if (output && is_cookie_variable (inner))
        {
          *cookie = TRUE;
          g_string_append_len (out, open, close + 2 - open);
        }
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

/* NAME of the first System.get_env("NAME") in TEXT, or NULL. */
static char *
dup_get_env_name (const char *text)
{
  const char *start = strstr (text, "System.get_env(\"");
  const char *end;

  if (start == NULL)
    return NULL;
  start += strlen ("System.get_env(\"");
  end = strchr (start, '"');
  if (end == NULL || end == start)
    return NULL;

  {
    g_autofree char *name = g_strndup (start, end - start);

    return kiln_environment_variable_name_is_valid (name) ? g_steal_pointer (&name) : NULL;
  }
}

static const char *
cookie_line_note (KilnMigrationMapping *m)
{
  if (m->cookie_in_profile)
    return _("dropped: mix release writes the cookie: of mix.exs to releases/COOKIE");
  if (m->cookie_env_vars->len > 0)
    return _("dropped: rel/env.sh.eex sets RELEASE_COOKIE from the environment");
  return _("dropped: the profile has no cookie, so mix release makes a random one in releases/COOKIE "
           "(set RELEASE_COOKIE where the release runs to choose it)");
}

void
kiln_mapping_map_vm_args (KilnMigrationMapping *m,
                          const char           *key,
                          JsonObject           *setting)
{
  JsonObject *rendered = kiln_distillery_config_get_rendered_vm_args (m->config);
  const char *text = rendered ? kiln_json_object_get_string (rendered, "text", NULL) : NULL;
  g_autoptr(GHashTable) vars = overlay_vars (m);
  g_autoptr(GString) notes = g_string_new (NULL);
  g_autoptr(GString) dropped = g_string_new (NULL);
  g_autoptr(GString) lines_out = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  guint changed = 0;

  if (text == NULL)
    {
      kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                           _("Could not read %s (%s); write rel/vm.args.eex by hand."),
                           rendered ? kiln_json_object_get_string (rendered, "path", "?") : _("the file"),
                           rendered ? kiln_json_object_get_string (rendered, "error", "?") : _("no path"));
      return;
    }

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) unknown = g_ptr_array_new_with_free_func (g_free);
      gboolean cookie = FALSE;
      g_autofree char *translated = translate_eex (lines[i], vars, unknown, &cookie);
      g_autofree char *trimmed = g_strstrip (g_strdup (translated));
      g_autofree char *quoted = NULL;
      const char *value = NULL;

      if (lines[i + 1] == NULL && *lines[i] == '\0')
        break;

      if (trimmed[0] == '#' && (unknown->len > 0 || cookie))
        {
          /* A comment that mentions a Distillery variable would not render. */
          g_string_append_printf (notes, _(" line %u (a comment with Distillery variables) dropped;"), i + 1);
          changed++;
        }
      else if (flag_value (trimmed, "-setcookie", &value) && (cookie || strstr (value, "<%") != NULL))
        {
          g_autofree char *variable = dup_get_env_name (value);

          if (variable != NULL && !cookie)
            {
              /* -setcookie <%= System.get_env("X") %>: read where it runs. */
              kiln_mapping_cookie_from_variable (m, variable);
              g_string_append_printf (notes, _(" line %u (-setcookie) → RELEASE_COOKIE from $%s in env.sh;"),
                                      i + 1, variable);
            }
          else
            {
              if (unknown->len > 0 && !cookie)
                g_string_append_printf (dropped, "%s%u", dropped->len ? ", " : "", i + 1);
              g_string_append_printf (notes, " line %u (-setcookie) %s;", i + 1, cookie_line_note (m));
            }
          changed++;
        }
      else if (unknown->len > 0)
        {
          g_ptr_array_add (unknown, NULL);
          g_autofree char *names = g_strjoinv (", ", (char **) unknown->pdata);

          g_string_append_printf (dropped, "%s%u", dropped->len ? ", " : "", i + 1);
          g_string_append_printf (notes, _(" line %u dropped: mix release has no %s;"), i + 1, names);
          changed++;
        }
      else if (flag_value (trimmed, "-name", &value) || flag_value (trimmed, "-sname", &value))
        {
          gboolean long_name = g_str_has_prefix (trimmed, "-name");

          quoted = shell_escape_in_quotes (value);
          g_string_append_printf (m->env_sh, "export RELEASE_DISTRIBUTION=%s\nexport RELEASE_NODE=\"%s\"\n",
                                  long_name ? "name" : "sname", quoted);
          g_string_append_printf (notes, _(" line %u (%s) → RELEASE_DISTRIBUTION/RELEASE_NODE in env.sh;"),
                                  i + 1, long_name ? "-name" : "-sname");
          changed++;
        }
      else if (flag_value (trimmed, "-setcookie", &value))
        {
          g_autofree char *variable = kiln_mapping_dup_os_var_name (value);

          if (variable != NULL)
            {
              kiln_mapping_cookie_from_variable (m, variable);
              g_string_append_printf (notes, _(" line %u (-setcookie) → RELEASE_COOKIE from $%s in env.sh;"),
                                      i + 1, variable);
            }
          else if (strstr (value, "${") != NULL)
            {
              /* bin/NAME reads releases/COOKIE before env.sh, so only a
               * plain assignment takes effect. */
              quoted = shell_escape_in_quotes (value);
              g_string_append_printf (m->env_sh, "export RELEASE_COOKIE=\"%s\"\n", quoted);
              g_string_append_printf (notes, _(" line %u (-setcookie) → RELEASE_COOKIE in env.sh;"), i + 1);
            }
          else if (!m->cookie_in_profile && m->cookie_env_vars->len == 0)
            {
              kiln_mapping_add_option (m, "cookie", kiln_term_new_string (value));
              m->cookie_in_profile = TRUE;
              g_string_append_printf (notes, _(" line %u (-setcookie) → cookie: in mix.exs;"), i + 1);
            }
          else
            g_string_append_printf (notes, " line %u (-setcookie) %s;", i + 1, cookie_line_note (m));
          changed++;
        }
      else if (flag_value (trimmed, "-mode", &value))
        {
          g_string_append_printf (notes, _(" line %u (-mode) dropped: mix release sets it (RELEASE_MODE);"), i + 1);
          changed++;
        }
      else if (strstr (trimmed, "${") != NULL && trimmed[0] != '#')
        {
          quoted = shell_escape_in_quotes (trimmed);
          g_string_append_printf (m->env_sh, "export ELIXIR_ERL_OPTIONS=\"${ELIXIR_ERL_OPTIONS:+$ELIXIR_ERL_OPTIONS }%s\"\n",
                                  quoted);
          g_string_append_printf (notes, _(" line %u uses ${…} (REPLACE_OS_VARS) → ELIXIR_ERL_OPTIONS in env.sh;"), i + 1);
          changed++;
        }
      else
        {
          if (!g_str_equal (translated, lines[i]))
            {
              g_string_append_printf (notes, _(" line %u: EEx variables → @release;"), i + 1);
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

  if (dropped->len > 0)
    kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                         _("→ rel/vm.args.eex without line(s) %s, which use Distillery variables mix release does "
                           "not have; add their flags back by hand if the release needs them:%s."),
                         dropped->str, notes->str);
  else if (changed > 0)
    kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_CHANGED, setting,
                         g_dngettext (GETTEXT_PACKAGE, "→ rel/vm.args.eex, with %u line changed:%s.",
                                      "→ rel/vm.args.eex, with %u lines changed:%s.", changed),
                         changed, notes->str);
  else
    kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_MAPPED, setting, _("→ rel/vm.args.eex, unchanged."));
}
