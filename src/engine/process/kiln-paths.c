#define G_LOG_DOMAIN "kiln-process"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kiln-engine-resources.h"
#include "kiln-paths.h"

#define HELPER_RESOURCE_PREFIX "/io/github/kilnapp/Kiln/engine/"
#define SHARED_JSON_HELPER "kiln-json.exs"

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

char *
kiln_paths_dup_sample_source_dir (void)
{
  const char *override = g_getenv ("KILN_SAMPLE_DIR");

  if (override != NULL && *override != '\0')
    return g_strdup (override);

  return g_build_filename (PKGDATADIR, "examples", "hello_release", NULL);
}

char *
kiln_paths_ensure_sample_project (GError **error)
{
  g_autofree char *source = kiln_paths_dup_sample_source_dir ();
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

/* Elixir needs a real file to run, so the helpers compiled into the binary are
 * written to the cache, under a name that changes with their contents. */
char *
kiln_paths_ensure_helper_script (const char  *name,
                                 GError     **error)
{
  g_autofree char *resource_path = g_strconcat (HELPER_RESOURCE_PREFIX, name, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *checksum = NULL;
  g_autofree char *cache_dir = kiln_paths_dup_cache_dir ();
  g_autofree char *helpers_dir = NULL;
  g_autofree char *filename = NULL;
  g_autofree char *path = NULL;
  gconstpointer data;
  gsize size;

  /* Asking our own resource, not the global registry, also makes the linker
   * keep the resource object (and its constructor) out of the static library. */
  bytes = g_resource_lookup_data (kiln_engine_get_resource (), resource_path,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;

  /* Helpers that speak JSON share one encoder. Only those get it: compiling a
   * module costs the build helper time on every build. */
  data = g_bytes_get_data (bytes, &size);
  if (!g_str_equal (name, SHARED_JSON_HELPER) &&
      memmem (data, size, "Kiln.JSON", strlen ("Kiln.JSON")) != NULL)
    {
      g_autofree char *json_path = g_strconcat (HELPER_RESOURCE_PREFIX, SHARED_JSON_HELPER, NULL);
      g_autoptr(GBytes) json = g_resource_lookup_data (kiln_engine_get_resource (), json_path,
                                                       G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      GByteArray *combined;

      if (json == NULL)
        return NULL;

      combined = g_byte_array_new ();
      g_byte_array_append (combined, g_bytes_get_data (json, NULL), g_bytes_get_size (json));
      g_byte_array_append (combined, data, size);
      g_bytes_unref (bytes);
      bytes = g_byte_array_free_to_bytes (combined);
    }

  data = g_bytes_get_data (bytes, &size);
  checksum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, size);
  checksum[16] = '\0';
  helpers_dir = g_build_filename (cache_dir, "helpers", NULL);
  filename = g_strdup_printf ("%s-%s", checksum, name);
  path = g_build_filename (helpers_dir, filename, NULL);

  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&path);

  if (g_mkdir_with_parents (helpers_dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create %s: %s"), helpers_dir, g_strerror (saved_errno));
      return NULL;
    }

  if (!g_file_set_contents (path, data, size, error))
    return NULL;

  return g_steal_pointer (&path);
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
