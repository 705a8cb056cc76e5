#define G_LOG_DOMAIN "kiln-migration"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "kiln-distillery-mapping-private.h"
#include "kiln-elixir-term.h"
#include "kiln-file-change.h"
#include "kiln-json-private.h"

/* Hooks and commands are copied as they are, but what they run of the
 * release's own start script changed: Distillery's `command` verb and its
 * custom commands are gone, a few verbs were renamed. */

typedef struct
{
  const char *verb;
  const char *advice;
} VerbAdvice;

static const VerbAdvice distillery_verbs[] = {
  { "command", N_("mix release has no “command”: use eval \"Module.function()\" instead.") },
  { "foreground", N_("“foreground” is “start” under mix release.") },
  { "console", N_("“console” is “start_iex” under mix release.") },
  { "ping", N_("“ping” has no equivalent: pid succeeds while the release runs.") },
  { "attach", N_("“attach” is “remote” under mix release.") },
  { "reload_config", N_("mix release has no “reload_config”: restart the release instead.") },
  { "upgrade", N_("mix release does not do hot upgrades.") },
  { "downgrade", N_("mix release does not do hot upgrades.") },
  { "escript", N_("mix release has no “escript”: use eval instead.") },
  { "describe", N_("mix release has no “describe”: version prints the name and version.") },
};

static GPtrArray *
dup_custom_commands (KilnMigrationMapping *m)
{
  JsonObject *setting = kiln_distillery_config_lookup_setting (m->config, "commands", NULL);
  JsonArray *list = setting ? kiln_term_get_list (kiln_json_object_get_node (setting, "value")) : NULL;
  GPtrArray *names = g_ptr_array_new ();

  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonArray *tuple = kiln_term_get_tuple (json_array_get_element (list, i), 2);
      const char *command = tuple ? kiln_term_get_atom (json_array_get_element (tuple, 0)) : NULL;

      if (command != NULL)
        g_ptr_array_add (names, (gpointer) command);
    }

  return names;
}

/* bin/NAME sources env.sh, and with it the hooks, with /bin/sh. */
static gboolean
check_shell (KilnMigrationMapping *m,
             const char           *path,
             guint                 number,
             const char           *trimmed)
{
  static const struct { const char *pattern; const char *shown; } bash_only[] = {
    { "[[ ", "[[" }, { "function ", "function" }, { "source ", "source" }, { "declare ", "declare" },
    { "$'", "$'…'" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bash_only); i++)
    if (strstr (trimmed, bash_only[i].pattern) != NULL)
      {
        g_autofree char *where = g_strdup_printf ("%s:%u", path, number);

        kiln_mapping_report (m, where, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, NULL,
                             _("Uses bash syntax (“%s”), but mix release runs it with /bin/sh: rewrite it "
                               "in POSIX sh."), bash_only[i].shown);
        return TRUE;
      }

  return FALSE;
}

static void
check_line (KilnMigrationMapping *m,
            const char           *path,
            guint                 number,
            const char           *line,
            GPtrArray            *custom)
{
  static gsize initialized;
  static GRegex *call;
  g_autoptr(GMatchInfo) match = NULL;

  if (g_once_init_enter (&initialized))
    {
      call = g_regex_new ("bin/([A-Za-z0-9_.-]+)\"?[ \\t]+([a-z_]+)", G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&initialized, 1);
    }

  for (g_regex_match (call, line, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *name = g_match_info_fetch (match, 1);
      g_autofree char *verb = g_match_info_fetch (match, 2);
      g_autofree char *where = NULL;

      if (!g_str_equal (name, m->release) && !g_str_equal (name, m->name))
        continue;

      where = g_strdup_printf ("%s:%u", path, number);
      for (guint i = 0; i < custom->len; i++)
        if (g_str_equal (verb, custom->pdata[i]))
          {
            kiln_mapping_report (m, where, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, NULL,
                                 _("Runs the custom command “%s”, which is bin/%s-%s under mix release: "
                                   "change the call."), verb, m->name, verb);
            return;
          }

      for (guint i = 0; i < G_N_ELEMENTS (distillery_verbs); i++)
        if (g_str_equal (verb, distillery_verbs[i].verb))
          {
            kiln_mapping_report (m, where, KILN_MIGRATION_STATUS_NEEDS_ATTENTION, NULL,
                                 _("Runs bin/%s %s. %s"), name, verb, _(distillery_verbs[i].advice));
            return;
          }
    }
}

void
kiln_mapping_check_scripts (KilnMigrationMapping *m)
{
  g_autoptr(GPtrArray) custom = dup_custom_commands (m);

  for (guint i = 0; i < m->changes->len; i++)
    {
      KilnFileChange *change = g_ptr_array_index (m->changes, i);
      const char *path = kiln_file_change_get_path (change);
      GBytes *bytes;
      g_autofree char *text = NULL;
      g_auto(GStrv) lines = NULL;

      if (kiln_file_change_get_is_directory (change)
          || !(g_str_has_prefix (path, "rel/overlays/hooks/") || g_str_has_prefix (path, "rel/overlays/commands/")))
        continue;

      bytes = kiln_file_change_get_new_contents (change);
      text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      lines = g_strsplit (text, "\n", -1);
      for (guint n = 0, bash_reported = FALSE; lines[n] != NULL; n++)
        {
          g_autofree char *trimmed = g_strstrip (g_strdup (lines[n]));

          if (trimmed[0] == '#')
            continue;
          /* Once a file: one rewrite fixes all of it. */
          if (!bash_reported)
            bash_reported = check_shell (m, path, n + 1, trimmed);
          check_line (m, path, n + 1, lines[n], custom);
        }
    }
}
