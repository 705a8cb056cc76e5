#define G_LOG_DOMAIN "kiln-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "kiln-cli.h"
#include "kiln-cli-migrate.h"
#include "kiln-engine.h"

static void
print_report (KilnMigration *migration)
{
  GListModel *report = kiln_migration_get_report (migration);
  GListModel *changes = kiln_migration_get_changes (migration);
  g_autofree char *diff = kiln_migration_dup_diff (migration);

  g_print (_("Release %s, environment %s, from rel/config.exs\n\n"),
           kiln_migration_get_release_name (migration), kiln_migration_get_environment (migration));

  for (guint i = 0; i < g_list_model_get_n_items (report); i++)
    {
      g_autoptr(KilnMigrationEntry) entry = g_list_model_get_item (report, i);

      g_print ("  %-16s %s\n  %16s %s\n",
               kiln_migration_status_to_string (kiln_migration_entry_get_status (entry)),
               kiln_migration_entry_get_setting (entry), "",
               kiln_migration_entry_get_message (entry));
    }

  g_print ("\n%s\n", _("Files:"));
  for (guint i = 0; i < g_list_model_get_n_items (changes); i++)
    {
      g_autoptr(KilnFileChange) change = g_list_model_get_item (changes, i);
      const char *state = kiln_file_change_get_is_unchanged (change) ? C_("file", "unchanged")
                          : kiln_file_change_get_is_new (change) ? C_("file", "new") : C_("file", "changed");
      glong width = g_utf8_strlen (state, -1);
      /* printf pads by bytes; translated words need padding by characters. */
      g_autofree char *padding = g_strnfill (width < 10 ? 10 - width : 0, ' ');

      g_print ("  %s%s %s%s\n", state, padding, kiln_file_change_get_path (change),
               kiln_file_change_get_is_directory (change) ? "/" : "");
    }

  g_print ("\n%s", diff);
}

int
kiln_cli_run_migrate (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(KilnMigration) migration = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *release = NULL;
  g_autofree char *environment = NULL;
  g_auto(GStrv) arguments = NULL;
  gboolean json = FALSE;
  gboolean apply = FALSE;
  gboolean rename_config = FALSE;
  gboolean applied = FALSE;
  g_auto(GStrv) args = g_new0 (char *, argc + 1);
  GOptionEntry entries[] = {
    { "release", 0, 0, G_OPTION_ARG_STRING, &release, N_("Distillery release to migrate (default: its default release)"), "NAME" },
    { "env", 0, 0, G_OPTION_ARG_STRING, &environment, N_("Distillery environment whose settings apply (default: prod)"), "ENV" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the report and diffs as JSON"), NULL },
    { "apply", 0, 0, G_OPTION_ARG_NONE, &apply, N_("Write the changes (each replaced file is backed up as *.kiln-backup)"), NULL },
    { "rename-config", 0, 0, G_OPTION_ARG_NONE, &rename_config, N_("With --apply, rename rel/config.exs to rel/config.exs.distillery"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &arguments, NULL, NULL },
    { NULL }
  };

  for (int i = 0; i < argc; i++)
    args[i] = g_strdup (argv[i]);

  context = g_option_context_new (_("DIR — move a Distillery rel/config.exs to mix release"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Without --apply, only shows what would change: the report and a diff of every file."));

  if (!g_option_context_parse_strv (context, &args, &error))
    {
      g_printerr ("kiln migrate: %s\n", error->message);
      return KILN_EXIT_USAGE;
    }

  if (arguments == NULL || arguments[0] == NULL || arguments[1] != NULL)
    {
      g_printerr ("kiln migrate: %s\n", _("give exactly one project folder (kiln migrate DIR)"));
      return KILN_EXIT_USAGE;
    }

  if (rename_config && !apply)
    {
      g_printerr ("kiln migrate: %s\n", _("--rename-config only makes sense with --apply"));
      return KILN_EXIT_USAGE;
    }

  migration = kiln_migration_new (arguments[0]);
  if (!kiln_migration_prepare (migration, NULL, release, environment, NULL, &error))
    {
      g_printerr ("kiln migrate: %s\n", error->message);
      return kiln_cli_exit_status_for_error (error);
    }

  /* Before applying: afterwards every file reads as already written. */
  if (!json)
    print_report (migration);

  if (apply)
    {
      applied = kiln_migration_apply (migration,
                                      rename_config ? KILN_MIGRATION_APPLY_RENAME_CONFIG : KILN_MIGRATION_APPLY_NONE,
                                      &error);
    }

  if (json)
    {
      g_autofree char *text = kiln_migration_to_json (migration);

      g_print ("%s\n", text);
    }
  else
    {
      if (applied)
        g_print (_("Written. Replaced files were kept as *.kiln-backup. Build with: MIX_ENV=%s mix release %s\n"),
                 kiln_migration_get_mix_env (migration), kiln_migration_get_release_name (migration));
      else if (!apply)
        g_print ("%s\n", _("Nothing was written. Run again with --apply to write these changes."));
    }

  if (apply && !applied)
    {
      g_printerr ("kiln migrate: %s\n", error->message);
      return kiln_cli_exit_status_for_error (error);
    }

  return KILN_EXIT_OK;
}
