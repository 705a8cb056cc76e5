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

/* Checking an archive against the tree */

static const char *
describe_type (mode_t mode)
{
  switch (mode & S_IFMT)
    {
    case S_IFREG: return _("a file");
    case S_IFDIR: return _("a folder");
    case S_IFLNK: return _("a symbolic link");
    default: return _("a special file");
    }
}

static char *
normalize_entry_path (const char *pathname)
{
  gsize length;

  while (g_str_has_prefix (pathname, "./"))
    pathname += 2;

  length = strlen (pathname);
  while (length > 0 && pathname[length - 1] == '/')
    length--;

  return g_strndup (pathname, length);
}

static gboolean
compare_file_data (struct archive  *archive,
                   const char      *full_path,
                   const TreeEntry *expected,
                   guint8          *buffer,
                   GCancellable    *cancellable,
                   GError         **error)
{
  g_autofree guint8 *file_buffer = g_malloc (IO_BUFFER_SIZE);
  goffset total = 0;
  gboolean ret = FALSE;
  int fd;

  fd = open (full_path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_set_error (error, KILN_ERROR, KILN_ERROR_VERIFY_FAILED,
                   _("Could not open “%s”: %s"), full_path, g_strerror (saved_errno));
      return FALSE;
    }

  for (;;)
    {
      la_ssize_t n = archive_read_data (archive, buffer, IO_BUFFER_SIZE);
      gsize have = 0;

      if (n < 0)
        {
          set_archive_error (error, KILN_ERROR_VERIFY_FAILED, archive,
                             _("Could not read the archive entry"), expected->path);
          goto out;
        }

      if (n == 0)
        break;

      while (have < (gsize) n)
        {
          ssize_t r = read (fd, file_buffer + have, n - have);

          if (r < 0 && errno == EINTR)
            continue;
          if (r <= 0)
            break;
          have += r;
        }

      if (have != (gsize) n || memcmp (buffer, file_buffer, n) != 0)
        {
          g_set_error (error, KILN_ERROR, KILN_ERROR_VERIFY_FAILED,
                       _("“%s” in the archive differs from the release folder"), expected->path);
          goto out;
        }

      total += n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
    }

  if (total != expected->st.st_size)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_VERIFY_FAILED,
                   g_dngettext (GETTEXT_PACKAGE,
                                "“%s” has %lld byte in the archive but %lld in the release folder",
                                "“%s” has %lld bytes in the archive but %lld in the release folder",
                                (gulong) total),
                   expected->path, (long long) total, (long long) expected->st.st_size);
      goto out;
    }

  ret = TRUE;

out:
  close (fd);
  return ret;
}

static gboolean
compare_entry (struct archive        *archive,
               struct archive_entry  *entry,
               const char            *path,
               const char            *release_dir,
               const TreeEntry       *expected,
               guint8                *buffer,
               GCancellable          *cancellable,
               GError               **error)
{
  mode_t archive_type = archive_entry_filetype (entry);
  mode_t tree_type = expected->st.st_mode & S_IFMT;
  g_autofree char *full_path = NULL;

  if (archive_entry_hardlink (entry) != NULL || archive_type != tree_type)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_VERIFY_FAILED,
                   _("“%s” is %s in the archive but %s in the release folder"), path,
                   archive_entry_hardlink (entry) ? _("a hard link") : describe_type (archive_type),
                   describe_type (tree_type));
      return FALSE;
    }

  /* Symbolic link permissions mean nothing on Linux and zip does not keep them. */
  if (tree_type != S_IFLNK && (archive_entry_perm (entry) & 07777) != (expected->st.st_mode & 07777))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_VERIFY_FAILED,
                   _("“%s” has permissions %04o in the archive but %04o in the release folder"),
                   path, (guint) (archive_entry_perm (entry) & 07777),
                   (guint) (expected->st.st_mode & 07777));
      return FALSE;
    }

  if (tree_type == S_IFLNK)
    {
      if (g_strcmp0 (archive_entry_symlink (entry), expected->link_target) != 0)
        {
          g_set_error (error, KILN_ERROR, KILN_ERROR_VERIFY_FAILED,
                       _("The link “%s” points to “%s” in the archive but to “%s” in the release folder"),
                       path, archive_entry_symlink (entry), expected->link_target);
          return FALSE;
        }
      return TRUE;
    }

  if (tree_type != S_IFREG)
    return TRUE;

  if (archive_entry_size_is_set (entry) && archive_entry_size (entry) != expected->st.st_size)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_VERIFY_FAILED,
                   g_dngettext (GETTEXT_PACKAGE,
                                "“%s” has %lld byte in the archive but %lld in the release folder",
                                "“%s” has %lld bytes in the archive but %lld in the release folder",
                                (gulong) archive_entry_size (entry)),
                   path, (long long) archive_entry_size (entry), (long long) expected->st.st_size);
      return FALSE;
    }

  full_path = g_build_filename (release_dir, expected->path, NULL);
  return compare_file_data (archive, full_path, expected, buffer, cancellable, error);
}

gboolean
kiln_packager_check_archive (const char    *archive_path,
                             const char    *release_dir,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autofree char *root = NULL;
  g_autofree char *target = NULL;
  g_autofree guint8 *buffer = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) expected = NULL;
  g_autoptr(GHashTable) seen = NULL;
  struct archive *archive;
  struct archive_entry *entry;
  gboolean ret = FALSE;
  int status;

  g_return_val_if_fail (archive_path != NULL, FALSE);
  g_return_val_if_fail (release_dir != NULL, FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);

  root = g_canonicalize_filename (release_dir, NULL);
  target = g_canonicalize_filename (archive_path, NULL);

  entries = collect_tree (root, target, KILN_ERROR_VERIFY_FAILED, error);
  if (entries == NULL)
    return FALSE;

  expected = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < entries->len; i++)
    {
      TreeEntry *tree_entry = g_ptr_array_index (entries, i);
      g_hash_table_insert (expected, tree_entry->path, tree_entry);
    }
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  buffer = g_malloc (IO_BUFFER_SIZE);

  archive = archive_read_new ();
  archive_read_support_filter_all (archive);
  archive_read_support_format_tar (archive);
  archive_read_support_format_zip (archive);

  if (archive_read_open_filename (archive, target, IO_BUFFER_SIZE) != ARCHIVE_OK)
    {
      set_archive_error (error, KILN_ERROR_VERIFY_FAILED, archive, _("Could not open the archive"), target);
      goto out;
    }

  while ((status = archive_read_next_header (archive, &entry)) == ARCHIVE_OK ||
         status == ARCHIVE_WARN)
    {
      g_autofree char *path = normalize_entry_path (archive_entry_pathname (entry));
      const TreeEntry *tree_entry;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;

      if (*path == '\0')
        continue;

      tree_entry = g_hash_table_lookup (expected, path);
      if (tree_entry == NULL)
        {
          g_set_error (error, KILN_ERROR, KILN_ERROR_VERIFY_FAILED,
                       _("“%s” is in the archive but not in the release folder"), path);
          goto out;
        }

      if (g_hash_table_contains (seen, path))
        {
          g_set_error (error, KILN_ERROR, KILN_ERROR_VERIFY_FAILED,
                       _("“%s” appears twice in the archive"), path);
          goto out;
        }

      if (!compare_entry (archive, entry, path, root, tree_entry, buffer, cancellable, error))
        goto out;

      g_hash_table_add (seen, g_steal_pointer (&path));
    }

  if (status != ARCHIVE_EOF)
    {
      set_archive_error (error, KILN_ERROR_VERIFY_FAILED, archive, _("Could not read the archive"), target);
      goto out;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      const TreeEntry *tree_entry = g_ptr_array_index (entries, i);

      if (!g_hash_table_contains (seen, tree_entry->path))
        {
          g_set_error (error, KILN_ERROR, KILN_ERROR_VERIFY_FAILED,
                       _("“%s” is in the release folder but missing from the archive"),
                       tree_entry->path);
          goto out;
        }
    }

  ret = TRUE;

out:
  archive_read_free (archive);
  return ret;
}
