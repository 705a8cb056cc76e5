#define G_LOG_DOMAIN "kiln-build"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kiln-error.h"
#include "kiln-packager.h"
#include "kiln-packager-private.h"

/* Walking the release tree */


void
tree_entry_free (TreeEntry *entry)
{
  g_free (entry->path);
  g_free (entry->link_target);
  g_free (entry);
}

static int
compare_tree_entries (gconstpointer a,
                      gconstpointer b)
{
  const TreeEntry *entry_a = *(const TreeEntry * const *) a;
  const TreeEntry *entry_b = *(const TreeEntry * const *) b;

  return strcmp (entry_a->path, entry_b->path);
}

static gboolean
walk_tree (const char  *root,
           const char  *relative,
           const char  *excluded_a,
           const char  *excluded_b,
           int          code,
           GPtrArray   *entries,
           GError     **error)
{
  g_autofree char *directory = relative ? g_build_filename (root, relative, NULL) : g_strdup (root);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name;

  dir = g_dir_open (directory, 0, &local_error);
  if (dir == NULL)
    {
      g_set_error (error, KILN_ERROR, code,
                   _("Could not read the folder “%s”: %s"), directory, local_error->message);
      return FALSE;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (directory, name, NULL);
      TreeEntry *entry;

      if (g_strcmp0 (path, excluded_a) == 0 || g_strcmp0 (path, excluded_b) == 0)
        continue;

      entry = g_new0 (TreeEntry, 1);
      entry->path = relative ? g_strconcat (relative, "/", name, NULL) : g_strdup (name);
      g_ptr_array_add (entries, entry);

      if (lstat (path, &entry->st) != 0)
        {
          int saved_errno = errno;
          g_set_error (error, KILN_ERROR, code,
                       _("Could not read “%s”: %s"), path, g_strerror (saved_errno));
          return FALSE;
        }

      if (S_ISLNK (entry->st.st_mode))
        {
          g_autoptr(GError) link_error = NULL;

          entry->link_target = g_file_read_link (path, &link_error);
          if (entry->link_target == NULL)
            {
              g_set_error (error, KILN_ERROR, code,
                           _("Could not read the link “%s”: %s"), path, link_error->message);
              return FALSE;
            }
        }
      else if (S_ISDIR (entry->st.st_mode))
        {
          if (!walk_tree (root, entry->path, excluded_a, excluded_b, code, entries, error))
            return FALSE;
        }
      else if (!S_ISREG (entry->st.st_mode))
        {
          g_set_error (error, KILN_ERROR, code,
                       _("“%s” is not a regular file, folder or symbolic link and cannot be packaged"),
                       path);
          return FALSE;
        }
    }

  return TRUE;
}

/* Entries sorted bytewise by path, so the archive does not depend on the
 * order the file system happens to list them in. The archive itself and
 * its checksum are left out when they are written inside the tree. */
GPtrArray *
collect_tree (const char  *root,
              const char  *archive_path,
              int          code,
              GError     **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) tree_entry_free);
  g_autofree char *sha256_path = g_strconcat (archive_path, ".sha256", NULL);

  if (!g_file_test (root, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, KILN_ERROR, code,
                   _("The release folder “%s” does not exist; build the release first"), root);
      return NULL;
    }

  if (!walk_tree (root, NULL, archive_path, sha256_path, code, entries, error))
    return NULL;

  g_ptr_array_sort (entries, compare_tree_entries);

  return g_steal_pointer (&entries);
}

void
set_archive_error (GError         **error,
                   int              code,
                   struct archive  *archive,
                   const char      *what,
                   const char      *path)
{
  const char *message = archive_error_string (archive);

  g_set_error (error, KILN_ERROR, code, "%s “%s”: %s",
               what, path, message ? message : g_strerror (archive_errno (archive)));
}
