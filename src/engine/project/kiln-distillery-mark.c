#define G_LOG_DOMAIN "kiln-project"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "kiln-distillery-mark.h"
#include "kiln-paths.h"

static char *
dup_mark_path (const char *project_dir)
{
  g_autofree char *data_dir = kiln_paths_dup_project_data_dir (project_dir);

  return g_build_filename (data_dir, "distillery-migrated", NULL);
}

static char *
dup_config_checksum (const char *project_dir)
{
  g_autofree char *config_path = g_build_filename (project_dir, "rel", "config.exs", NULL);
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (config_path, &contents, &length, NULL))
    return NULL;

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

gboolean
kiln_distillery_mark_save (const char  *project_dir,
                           GError     **error)
{
  g_autofree char *mark_path = dup_mark_path (project_dir);
  g_autofree char *mark_dir = g_path_get_dirname (mark_path);
  g_autofree char *checksum = dup_config_checksum (project_dir);

  if (checksum == NULL)
    return TRUE;

  if (g_mkdir_with_parents (mark_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "%s: %s", mark_dir, g_strerror (saved_errno));
      return FALSE;
    }

  return g_file_set_contents (mark_path, checksum, -1, error);
}

gboolean
kiln_distillery_mark_matches (const char *project_dir)
{
  g_autofree char *mark_path = dup_mark_path (project_dir);
  g_autofree char *recorded = NULL;
  g_autofree char *checksum = NULL;

  if (!g_file_get_contents (mark_path, &recorded, NULL, NULL))
    return FALSE;

  checksum = dup_config_checksum (project_dir);
  return checksum != NULL && g_str_equal (g_strstrip (recorded), checksum);
}
