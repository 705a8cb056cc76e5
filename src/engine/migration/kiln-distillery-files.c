#define G_LOG_DOMAIN "kiln-migration"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "kiln-distillery-mapping-private.h"
#include "kiln-elixir-term.h"
#include "kiln-file-change.h"
#include "kiln-json-private.h"

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

  /* releases/VSN/vm.args (or sys.config) from an overlay replaces what mix
   * release renders there, and names one version for good. */
  if (g_str_has_prefix (destination, "releases/")
      && (g_str_has_suffix (destination, "/vm.args") || g_str_has_suffix (destination, "/sys.config")))
    kiln_mapping_report (m, destination, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, setting,
                         _("This overlay writes over the %s mix release makes for this version, Distillery "
                           "variables included. Move its contents to rel/vm.args.eex (flags) or "
                           "config/runtime.exs (configuration) and drop the overlay."),
                         g_str_has_suffix (destination, "/vm.args") ? "vm.args" : "sys.config");

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
