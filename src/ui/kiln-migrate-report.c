#define G_LOG_DOMAIN "kiln-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "kiln-diff-view.h"
#include "kiln-migrate-report.h"

/* What the Migrate page shows of a prepared migration: the report and the
 * files it would write. */

typedef struct
{
  KilnMigrationStatus  status;
  const char          *title;
  const char          *description;
  const char          *icon_name;
  const char          *icon_class;
} StatusInfo;

/* Most urgent first: what the user must finish is what they must not miss. */
static const StatusInfo status_info[] = {
  { KILN_MIGRATION_STATUS_NEEDS_ATTENTION, N_("Needs Attention"),
    N_("Finish or check these by hand before relying on the new release."),
    "dialog-warning-symbolic", "warning" },
  { KILN_MIGRATION_STATUS_NO_EQUIVALENT, N_("No Equivalent"),
    N_("mix release has nothing like these, so they are left out."),
    "action-unavailable-symbolic", "dim-label" },
  { KILN_MIGRATION_STATUS_CHANGED, N_("Changed"),
    N_("Carried over in a different form."),
    "document-edit-symbolic", "accent" },
  { KILN_MIGRATION_STATUS_MAPPED, N_("Mapped"),
    N_("Behave the same under mix release."),
    "emblem-ok-symbolic", "success" },
};

void
kiln_migrate_report_clear (GtkWidget *container)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (container)) != NULL)
    {
      if (GTK_IS_LIST_BOX (container))
        gtk_list_box_remove (GTK_LIST_BOX (container), child);
      else
        gtk_box_remove (GTK_BOX (container), child);
    }
}

GtkWidget *
kiln_migrate_report_row (const char *title,
                         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  /* Settings and paths are code, not Pango markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  return row;
}

static char *
dup_status_summary (KilnMigrationStatus status,
                    guint               count)
{
  switch (status)
    {
    case KILN_MIGRATION_STATUS_NEEDS_ATTENTION:
      return g_strdup_printf (_("%u to finish by hand"), count);
    case KILN_MIGRATION_STATUS_NO_EQUIVALENT:
      return g_strdup_printf (_("%u with no equivalent"), count);
    case KILN_MIGRATION_STATUS_CHANGED:
      return g_strdup_printf (_("%u changed"), count);
    case KILN_MIGRATION_STATUS_MAPPED:
    default:
      return g_strdup_printf (_("%u mapped"), count);
    }
}

/* The report, one group per status, and its one-line summary. */
void
kiln_migrate_report_show (KilnMigration *migration,
                          GtkBox        *report_box,
                          GtkLabel      *summary_label)
{
  GListModel *report = kiln_migration_get_report (migration);
  guint n_entries = g_list_model_get_n_items (report);
  g_autoptr(GString) summary = g_string_new (NULL);

  kiln_migrate_report_clear (GTK_WIDGET (report_box));

  for (guint s = 0; s < G_N_ELEMENTS (status_info); s++)
    {
      const StatusInfo *info = &status_info[s];
      GtkWidget *group;
      GtkWidget *list;
      g_autofree char *title = NULL;
      g_autofree char *part = NULL;
      guint count = 0;

      for (guint i = 0; i < n_entries; i++)
        {
          g_autoptr(KilnMigrationEntry) entry = g_list_model_get_item (report, i);
          if (kiln_migration_entry_get_status (entry) == info->status)
            count++;
        }
      if (count == 0)
        continue;

      list = gtk_list_box_new ();
      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");

      for (guint i = 0; i < n_entries; i++)
        {
          g_autoptr(KilnMigrationEntry) entry = g_list_model_get_item (report, i);
          g_autofree char *subtitle = NULL;
          GtkWidget *row;
          GtkWidget *icon;

          if (kiln_migration_entry_get_status (entry) != info->status)
            continue;

          if (kiln_migration_entry_get_line (entry) > 0)
            subtitle = g_strdup_printf (_("%s\nrel/config.exs, line %u"), kiln_migration_entry_get_message (entry),
                                        kiln_migration_entry_get_line (entry));
          else
            subtitle = g_strdup (kiln_migration_entry_get_message (entry));

          row = kiln_migrate_report_row (kiln_migration_entry_get_setting (entry), subtitle);
          gtk_widget_add_css_class (row, "monospace-title");
          icon = gtk_image_new_from_icon_name (info->icon_name);
          gtk_widget_add_css_class (icon, info->icon_class);
          gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _(info->title), -1);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
          gtk_list_box_append (GTK_LIST_BOX (list), row);
        }

      group = adw_preferences_group_new ();
      title = g_strdup_printf ("%s (%u)", _(info->title), count);
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), _(info->description));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
      gtk_box_append (report_box, group);

      part = dup_status_summary (info->status, count);
      g_string_append_printf (summary, "%s%s", summary->len ? ", " : "", part);
    }

  if (n_entries == 0)
    gtk_label_set_label (summary_label, _("rel/config.exs sets nothing Kiln needs to carry over."));
  else
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (NULL, "Release %s, environment %s: %u setting — %s.",
                                                            "Release %s, environment %s: %u settings — %s.",
                                                            n_entries),
                                               kiln_migration_get_release_name (migration),
                                               kiln_migration_get_environment (migration),
                                               n_entries, summary->str);
      gtk_label_set_label (summary_label, text);
    }
}

static const char *
describe_change (KilnFileChange *change)
{
  if (kiln_file_change_get_is_directory (change))
    return _("New folder");
  if (kiln_file_change_get_is_unchanged (change))
    return _("Already as Kiln would write it; left alone");
  if (kiln_file_change_get_is_new (change))
    return _("New file");
  return _("Changed; the current file is kept as a .kiln-backup");
}

/* The files the migration would write, each with its diff; the diff views
 * are added to @diff_views. */
void
kiln_migrate_report_show_files (KilnMigration *migration,
                                GtkListBox    *files_list,
                                GPtrArray     *diff_views)
{
  GListModel *changes = kiln_migration_get_changes (migration);

  kiln_migrate_report_clear (GTK_WIDGET (files_list));
  g_ptr_array_set_size (diff_views, 0);

  for (guint i = 0; i < g_list_model_get_n_items (changes); i++)
    {
      g_autoptr(KilnFileChange) change = g_list_model_get_item (changes, i);
      const char *path = kiln_file_change_get_path (change);
      const char *diff = kiln_file_change_get_diff (change);
      g_autofree char *label = NULL;
      GtkWidget *row;
      GtkWidget *view;

      if (kiln_file_change_get_is_directory (change) || diff == NULL || diff[0] == '\0')
        {
          g_autofree char *title = kiln_file_change_get_is_directory (change) ? g_strconcat (path, "/", NULL)
                                                                              : g_strdup (path);
          gtk_list_box_append (files_list, kiln_migrate_report_row (title, describe_change (change)));
          continue;
        }

      row = adw_expander_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), path);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), describe_change (change));
      /* mix.exs is the file users care most about: its diff is open from the start. */
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), g_strcmp0 (path, "mix.exs") == 0);

      view = kiln_diff_view_new (diff);
      label = g_strdup_printf (_("Changes to %s"), path);
      gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), view);
      g_ptr_array_add (diff_views, view);

      gtk_list_box_append (files_list, row);
    }
}
