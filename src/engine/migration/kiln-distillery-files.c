#define G_LOG_DOMAIN "kiln-migration"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "kiln-distillery-mapping-private.h"
#include "kiln-elixir-term.h"
#include "kiln-environment-variable.h"
#include "kiln-file-change.h"
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

/* Overlays */

static void
map_one_overlay (KilnMigrationMapping *m,
                 JsonObject           *setting,
                 JsonObject           *overlay)
{
  const char *kind = kiln_json_object_get_string (overlay, "kind", "unknown");
  const char *code = kiln_json_object_get_string (overlay, "code", "?");
  const char *error = kiln_json_object_get_string (overlay, "error", NULL);
  const char *source = kiln_json_object_get_string (overlay, "source", NULL);
  const char *destination = kiln_json_object_get_string (overlay, "destination", NULL);
  g_autofree char *name = g_strdup_printf ("overlays: %s", code);
  g_autofree char *target = NULL;

  if (g_str_equal (kind, "link"))
    {
      kiln_mapping_report (m, name, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                           _("mix release overlays cannot make links; copy the file into rel/overlays/ instead, "
                             "or create the link from rel/env.sh.eex or a steps: function."));
      return;
    }

  if (g_str_equal (kind, "unknown"))
    {
      kiln_mapping_report (m, name, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                           _("Kiln does not know this kind of overlay; put the files under rel/overlays/ by hand."));
      return;
    }

  if (error != NULL)
    {
      kiln_mapping_report (m, name, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                           _("Could not be rendered here (%s); put the files under rel/overlays/ by hand."), error);
      return;
    }

  if (!kiln_mapping_is_safe_relative_path (destination))
    {
      kiln_mapping_report (m, name, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                           _("The destination “%s” is outside the release; mix release overlays stay inside it."),
                           destination ? destination : "");
      return;
    }

  target = kiln_mapping_overlay_path (destination);

  if (g_str_equal (kind, "mkdir"))
    {
      g_ptr_array_add (m->changes, kiln_file_change_new_directory (m->project_dir, target));
      kiln_mapping_report (m, name, KILN_MIGRATION_STATUS_MAPPED, setting,
                           _("→ folder %s/, copied into every release (an empty folder is not kept by git; add a file to it)."),
                           target);
    }
  else if (g_str_equal (kind, "copy"))
    {
      g_autofree char *source_abs = g_build_filename (m->project_dir, source, NULL);
      g_autoptr(GError) local_error = NULL;
      guint n_files = 0;

      if (!g_file_test (source_abs, G_FILE_TEST_EXISTS) ||
          !kiln_mapping_copy_into_changes (m, source_abs, target, &n_files, &local_error))
        {
          kiln_mapping_report (m, name, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                               _("Could not copy “%s” (%s); put it under rel/overlays/ by hand."),
                               source, local_error ? local_error->message : _("it does not exist"));
          return;
        }

      kiln_mapping_report (m, name, KILN_MIGRATION_STATUS_MAPPED, setting,
                           g_dngettext (GETTEXT_PACKAGE,
                                        "→ %s (%u file copied now; mix release copies rel/overlays/ into every release).",
                                        "→ %s (%u files copied now; mix release copies rel/overlays/ into every release).",
                                        n_files),
                           target, n_files);
    }
  else if (g_str_equal (kind, "template"))
    {
      const char *text = kiln_json_object_get_string (overlay, "text", "");

      kiln_mapping_add_file (m, target, text, strlen (text), FALSE);
      kiln_mapping_report (m, name, KILN_MIGRATION_STATUS_CHANGED, setting,
                           _("Rendered now with Distillery's overlay variables → %s; mix release copies overlays as they are."),
                           target);
    }
}

void
kiln_mapping_map_overlays (KilnMigrationMapping *m,
                           const char           *key,
                           JsonObject           *setting)
{
  JsonArray *overlays = kiln_distillery_config_get_rendered_overlays (m->config);

  if (overlays == NULL || kiln_term_get_list (kiln_json_object_get_node (setting, "value")) == NULL)
    {
      kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                           _("Not a list of overlays; put the files under rel/overlays/ by hand."));
      return;
    }

  if (json_array_get_length (overlays) == 0)
    kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_MAPPED, setting, _("Empty: nothing to copy."));

  for (guint i = 0; i < json_array_get_length (overlays); i++)
    map_one_overlay (m, setting, kiln_json_array_get_object (overlays, i));
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

void
kiln_mapping_map_hooks (KilnMigrationMapping *m,
                        const char           *key,
                        JsonObject           *setting)
{
  const char *path = kiln_term_get_string (kiln_json_object_get_node (setting, "value"));
  g_autofree char *path_abs = path ? kiln_mapping_dup_project_path (m, path) : NULL;
  g_autofree char *target = NULL;
  g_autofree char *comment = NULL;
  g_autofree char *block = NULL;
  g_autoptr(GError) error = NULL;
  const char *kind = NULL;
  guint n_files = 0;

  hook_kind (key, &kind);
  target = g_build_filename ("rel", "overlays", "hooks", kind, NULL);

  if (path == NULL || !g_file_test (path_abs, G_FILE_TEST_EXISTS))
    {
      kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                           _("The hook path %s does not exist; nothing was generated for it."), path ? path : _("(not a string)"));
      return;
    }

  if (g_file_test (path_abs, G_FILE_TEST_IS_DIR))
    kiln_mapping_copy_into_changes (m, path_abs, target, &n_files, &error);
  else
    {
      g_autofree char *base = g_path_get_basename (path_abs);
      g_autofree char *file_target = g_build_filename (target, base, NULL);
      kiln_mapping_copy_into_changes (m, path_abs, file_target, &n_files, &error);
    }

  if (error != NULL)
    {
      kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                           _("Could not copy the hooks (%s)."), error->message);
      return;
    }

  /* Distillery sourced each hook before the node started; env.sh runs for
   * every bin/NAME command, so only the ones that start a node run them.
   * Hooks call the logging functions Distillery's scripts gave them. */
  comment = g_strdelimit (g_strdup (path), "\r\n", ' ');
  block = g_strdup_printf ("# Distillery %s hooks (from %s)\n"
                           "case \"$RELEASE_COMMAND\" in\n"
                           "  start|start_iex|daemon|daemon_iex)\n"
                           "    command -v notice >/dev/null 2>&1 || notice() { echo \"$*\"; }\n"
                           "    command -v info >/dev/null 2>&1 || info() { echo \"$*\"; }\n"
                           "    command -v success >/dev/null 2>&1 || success() { echo \"$*\"; }\n"
                           "    command -v warn >/dev/null 2>&1 || warn() { echo \"$*\" >&2; }\n"
                           "    command -v fail >/dev/null 2>&1 || fail() { echo \"$*\" >&2; exit 1; }\n"
                           "    for hook in \"$RELEASE_ROOT\"/hooks/%s/*; do\n"
                           "      if [ -f \"$hook\" ]; then . \"$hook\"; fi\n"
                           "    done\n"
                           "    ;;\n"
                           "esac\n",
                           kind, comment, kind);
  /* pre_configure hooks ran before Distillery read vm.args, so the node
   * name or cookie exported from it may use what they set. */
  if (g_str_equal (kind, "pre_configure"))
    g_string_prepend (m->env_sh, block);
  else
    g_string_append (m->env_sh, block);

  kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_CHANGED, setting,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "%u hook copied to %s/; rel/env.sh.eex runs it before start, start_iex, daemon and daemon_iex.",
                                    "%u hooks copied to %s/; rel/env.sh.eex runs them before start, start_iex, daemon and daemon_iex.",
                                    n_files),
                       n_files, target);
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

/* The name becomes two file names and a word of a shell script. */
static gboolean
is_safe_command_name (const char *name)
{
  if (name == NULL || *name == '\0' || *name == '.' || *name == '-')
    return FALSE;

  for (const char *p = name; *p != '\0'; p++)
    if (!(g_ascii_isalnum (*p) || *p == '_' || *p == '-' || *p == '.'))
      return FALSE;

  return TRUE;
}

void
kiln_mapping_map_commands (KilnMigrationMapping *m,
                           const char           *key,
                           JsonObject           *setting)
{
  JsonArray *list = kiln_term_get_list (kiln_json_object_get_node (setting, "value"));

  if (list == NULL)
    {
      kiln_mapping_report (m, key, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting, _("Not a list of commands; nothing was generated."));
      return;
    }

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonArray *tuple = kiln_term_get_tuple (json_array_get_element (list, i), 2);
      const char *command = tuple ? kiln_term_get_atom (json_array_get_element (tuple, 0)) : NULL;
      const char *script = command ? kiln_term_get_string (json_array_get_element (tuple, 1)) : NULL;
      g_autofree char *name = g_strdup_printf ("commands: %s", command ? command : "?");
      g_autofree char *script_abs = NULL;
      g_autofree char *contents = NULL;
      g_autofree char *script_base = NULL;
      g_autofree char *script_target = NULL;
      g_autofree char *wrapper_name = NULL;
      g_autofree char *wrapper_target = NULL;
      g_autofree char *wrapper = NULL;
      g_autofree char *comment = NULL;
      gsize length = 0;

      if (script == NULL || !is_safe_command_name (command))
        {
          kiln_mapping_report (m, name, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                               _("Entry %u is not `name: \"path/to/script\"`; nothing was generated."), i + 1);
          continue;
        }

      script_abs = kiln_mapping_dup_project_path (m, script);
      if (!g_file_get_contents (script_abs, &contents, &length, NULL))
        {
          kiln_mapping_report (m, name, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                               _("Could not read %s; nothing was generated."), script);
          continue;
        }

      /* rel/overlays is every release's: one folder per release keeps two
       * releases' commands of the same name apart. */
      script_base = g_strdup_printf ("%s/%s.sh", m->name, command);
      script_target = g_build_filename ("rel", "overlays", "commands", m->name, g_strrstr (script_base, "/") + 1, NULL);
      kiln_mapping_add_file (m, script_target, contents, length, TRUE);

      wrapper_name = g_strdup_printf ("%s-%s", m->name, command);
      wrapper_target = g_build_filename ("rel", "overlays", "bin", wrapper_name, NULL);
      comment = g_strdelimit (g_strdup (script), "\r\n", ' ');
      wrapper = g_strdup_printf (command_wrapper, command, comment, m->name, m->name, m->name,
                                 m->name, script_base);
      kiln_mapping_add_file (m, wrapper_target, wrapper, strlen (wrapper), TRUE);

      kiln_mapping_report (m, name, KILN_MIGRATION_STATUS_CHANGED, setting,
                           _("→ bin/%s, which runs %s with release_ctl eval/rpc translated to bin/%s eval/rpc."),
                           wrapper_name, script, m->name);
    }
}

/* The generated files */

/* Everything the mapping wrote, rel/vm.args.eex and rel/env.sh.eex last,
 * appended to @changes and read from disk for their diffs. */
gboolean
kiln_migration_mapping_collect_changes (KilnMigrationMapping  *mapping,
                                        GPtrArray             *changes,
                                        GError               **error)
{
  const char *config_path = "rel/config.exs";

  if (mapping->vm_args != NULL && mapping->vm_args->len > 0)
    {
      g_autofree char *text = g_strdup_printf ("## Generated by Kiln from the Distillery settings in %s\n%s",
                                               config_path, mapping->vm_args->str);
      g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

      g_ptr_array_add (changes, kiln_file_change_new (mapping->project_dir, "rel/vm.args.eex", bytes));
    }

  if (mapping->env_sh->len > 0)
    {
      g_autofree char *path = g_build_filename (mapping->project_dir, "rel", "env.sh.eex", NULL);
      g_autofree char *existing = NULL;
      g_autofree char *begin = g_strdup_printf ("# Added by Kiln from the Distillery settings of release %s in %s\n",
                                                mapping->name, config_path);
      g_autofree char *end = g_strdup_printf ("# End of what Kiln added for release %s\n", mapping->name);
      g_auto(GStrv) releases = kiln_distillery_config_dup_release_names (mapping->config);
      gboolean shared = releases[0] != NULL && releases[1] != NULL;
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(GBytes) bytes = NULL;

      /* Keep what the project already does in env.sh and add to it; what an
       * earlier migration of this release added is replaced, not repeated. */
      if (g_file_get_contents (path, &existing, NULL, NULL))
        {
          const char *old_begin = strstr (existing, begin);
          const char *old_end = old_begin ? strstr (old_begin, end) : NULL;

          if (old_begin != NULL && old_end != NULL)
            {
              g_string_append_len (text, existing, old_begin - existing);
              g_string_append (text, old_end + strlen (end));
            }
          else
            g_string_append (text, existing);
          while (text->len > 0 && text->str[text->len - 1] == '\n')
            g_string_truncate (text, text->len - 1);
          g_string_append (text, "\n\n");
        }
      else
        g_string_append (text, "#!/bin/sh\n");

      g_string_append (text, begin);
      /* rel/env.sh.eex is every release's: the others must not run this. */
      if (shared)
        g_string_append_printf (text, "<%%= if @release.name == :%s do %%>\n", mapping->name);
      g_string_append (text, "export RELEASE_ROOT_DIR=\"$RELEASE_ROOT\"\n");
      g_string_append (text, mapping->env_sh->str);
      if (shared)
        g_string_append (text, "<% end %>\n");
      g_string_append (text, end);

      bytes = g_bytes_new (text->str, text->len);
      g_ptr_array_add (changes, kiln_file_change_new (mapping->project_dir, "rel/env.sh.eex", bytes));
    }

  g_ptr_array_extend_and_steal (changes, g_steal_pointer (&mapping->changes));
  mapping->changes = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < changes->len; i++)
    if (!kiln_file_change_read_current (g_ptr_array_index (changes, i), error))
      return FALSE;

  return TRUE;
}
