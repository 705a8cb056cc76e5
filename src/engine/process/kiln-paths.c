#define G_LOG_DOMAIN "kiln-process"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kiln-paths.h"

/* KILN_LOCALEDIR lets tests and uninstalled runs use the build tree's translations. */
const char *
kiln_paths_get_locale_dir (void)
{
  const char *dir = g_getenv ("KILN_LOCALEDIR");

  return dir != NULL && *dir != '\0' ? dir : LOCALEDIR;
}

char *
kiln_paths_dup_data_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "kiln", NULL);
}

char *
kiln_paths_dup_cache_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "kiln", NULL);
}

/* Projects are keyed by their canonical path, so two spellings of one folder
 * share their profiles and history. */
char *
kiln_paths_dup_project_data_dir (const char *project_dir)
{
  g_autofree char *canonical = g_canonicalize_filename (project_dir, NULL);
  g_autofree char *real = realpath (canonical, NULL);
  g_autofree char *checksum = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *dirname = NULL;
  g_autofree char *data_dir = kiln_paths_dup_data_dir ();

  checksum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, real ? real : canonical, -1);
  basename = g_path_get_basename (real ? real : canonical);
  checksum[12] = '\0';
  dirname = g_strdup_printf ("%s-%s", basename, checksum);

  return g_build_filename (data_dir, "projects", dirname, NULL);
}

static char *
dup_sample_source_dir (void)
{
  const char *override = g_getenv ("KILN_SAMPLE_DIR");

  if (override != NULL && *override != '\0')
    return g_strdup (override);

  return g_build_filename (PKGDATADIR, "examples", "hello_release", NULL);
}

char *
kiln_paths_ensure_sample_project (GError **error)
{
  g_autofree char *source = dup_sample_source_dir ();
  g_autofree char *data_dir = kiln_paths_dup_data_dir ();
  g_autofree char *copy = g_build_filename (data_dir, "sample", "hello_release", NULL);
  g_autofree char *mix_exs = g_build_filename (copy, "mix.exs", NULL);

  if (g_file_test (mix_exs, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&copy);

  if (!g_file_test (source, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The sample project is not installed at %s. Reinstall Kiln, or set KILN_SAMPLE_DIR."),
                   source);
      return NULL;
    }

  if (!kiln_paths_copy_tree (source, copy, error))
    return NULL;

  return g_steal_pointer (&copy);
}

static gboolean
copy_tree_recursive (GFile   *source,
                     GFile   *destination,
                     GError **error)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GFileInfo) info = NULL;

  if (!g_file_make_directory_with_parents (destination, NULL, error))
    {
      if (!g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        return FALSE;
      g_clear_error (error);
    }

  enumerator = g_file_enumerate_children (source,
                                          G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                          G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                          NULL, error);
  if (enumerator == NULL)
    return FALSE;

  while ((info = g_file_enumerator_next_file (enumerator, NULL, error)) != NULL)
    {
      const char *name = g_file_info_get_name (info);
      g_autoptr(GFile) child = g_file_get_child (source, name);
      g_autoptr(GFile) target = g_file_get_child (destination, name);

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        {
          if (!copy_tree_recursive (child, target, error))
            return FALSE;
        }
      else if (!g_file_copy (child, target,
                             G_FILE_COPY_OVERWRITE | G_FILE_COPY_NOFOLLOW_SYMLINKS | G_FILE_COPY_ALL_METADATA,
                             NULL, NULL, NULL, error))
        return FALSE;

      g_clear_object (&info);
    }

  return error == NULL || *error == NULL;
}

gboolean
kiln_paths_copy_tree (const char  *source,
                      const char  *destination,
                      GError     **error)
{
  g_autoptr(GFile) source_file = g_file_new_for_path (source);
  g_autoptr(GFile) destination_file = g_file_new_for_path (destination);
  g_autoptr(GError) local_error = NULL;

  if (!copy_tree_recursive (source_file, destination_file, &local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

static gboolean
remove_tree_recursive (GFile   *file,
                       GError **error)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GFileInfo) info = NULL;
  GFileType type;

  /* Never follow a link: removing a release must not reach outside it. */
  type = g_file_query_file_type (file, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL);
  if (type != G_FILE_TYPE_DIRECTORY)
    return g_file_delete (file, NULL, error);

  enumerator = g_file_enumerate_children (file,
                                          G_FILE_ATTRIBUTE_STANDARD_NAME,
                                          G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                          NULL, error);
  if (enumerator == NULL)
    return FALSE;

  while ((info = g_file_enumerator_next_file (enumerator, NULL, error)) != NULL)
    {
      g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));

      if (!remove_tree_recursive (child, error))
        return FALSE;

      g_clear_object (&info);
    }

  if (*error != NULL)
    return FALSE;

  return g_file_delete (file, NULL, error);
}

gboolean
kiln_paths_remove_tree (const char  *path,
                        GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) local_error = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
    return TRUE;

  if (!remove_tree_recursive (file, &local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}
