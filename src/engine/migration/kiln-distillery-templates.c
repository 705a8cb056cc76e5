#define G_LOG_DOMAIN "kiln-migration"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include <string.h>

#include "kiln-distillery-mapping-private.h"
#include "kiln-helper.h"
#include "kiln-json-private.h"

/* The templates mix release renders itself: rel/NAME.eex, not overlays. */
static gboolean
is_release_template (KilnFileChange *change)
{
  const char *path = kiln_file_change_get_path (change);
  g_autofree char *dir = g_path_get_dirname (path);

  return !kiln_file_change_get_is_directory (change) && g_str_equal (dir, "rel") && g_str_has_suffix (path, ".eex");
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_unlink (child);
    }
  g_rmdir (path);
}

/* Each generated rel/NAME.eex is rendered by Mix's own EEx with a %Mix.Release{}
 * before anything is written: one that does not render becomes a report
 * entry and is left out, so Apply never writes a template mix release
 * would reject. */
gboolean
kiln_mapping_check_templates (KilnMigrationMapping  *m,
                              KilnToolchain         *toolchain,
                              GPtrArray             *changes,
                              GCancellable          *cancellable,
                              GError               **error)
{
  g_autoptr(KilnHelper) helper = NULL;
  g_autoptr(GPtrArray) checked = g_ptr_array_new ();
  g_autofree char *tmp = NULL;
  const char *version = kiln_distillery_config_get_project_version (m->config);
  JsonNode *result;
  JsonArray *answers;
  gboolean ok = TRUE;

  for (guint i = 0; i < changes->len; i++)
    if (is_release_template (g_ptr_array_index (changes, i)))
      g_ptr_array_add (checked, g_ptr_array_index (changes, i));

  if (checked->len == 0)
    return TRUE;

  if (!(tmp = g_dir_make_tmp ("kiln-templates-XXXXXX", error)))
    return FALSE;

  helper = kiln_helper_new (toolchain, "kiln-distillery.exs", KILN_HELPER_MODE_RESULT);
  kiln_helper_set_cwd (helper, m->project_dir);
  kiln_helper_add_arguments (helper, "--render", m->project_dir, m->name, version ? version : "0.1.0", NULL);

  for (guint i = 0; ok && i < checked->len; i++)
    {
      GBytes *bytes = kiln_file_change_get_new_contents (g_ptr_array_index (checked, i));
      g_autofree char *base = g_path_get_basename (kiln_file_change_get_path (g_ptr_array_index (checked, i)));
      g_autofree char *path = g_build_filename (tmp, base, NULL);

      ok = g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error);
      kiln_helper_add_arguments (helper, path, NULL);
    }

  if (ok)
    ok = kiln_helper_run (helper, cancellable, error);
  remove_tree (tmp);
  if (!ok)
    {
      g_prefix_error (error, _("Kiln could not check the generated templates: "));
      return FALSE;
    }

  result = kiln_helper_get_result (helper);
  answers = result && JSON_NODE_HOLDS_ARRAY (result) ? json_node_get_array (result) : NULL;

  for (guint i = 0; answers != NULL && i < json_array_get_length (answers) && i < checked->len; i++)
    {
      const char *message = kiln_json_object_get_string (kiln_json_array_get_object (answers, i), "error", NULL);
      KilnFileChange *change = g_ptr_array_index (checked, i);

      if (message == NULL)
        continue;

      kiln_mapping_report (m, kiln_file_change_get_path (change), KILN_MIGRATION_STATUS_NEEDS_ATTENTION, NULL,
                           _("Error: mix release could not render it (%s), so it is not written; "
                             "write it by hand from the report above."), message);
      g_ptr_array_remove (changes, change);
    }

  return TRUE;
}
