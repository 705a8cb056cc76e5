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

#define IO_BUFFER_SIZE (1024 * 1024)
#define GZIP_LEVEL "6"
#define ZSTD_LEVEL "3"

/* Walking the release tree */

typedef struct
{
  char        *path;
  struct stat  st;
  char        *link_target;
} TreeEntry;

static void
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
static GPtrArray *
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

/* Writing */

typedef struct
{
  int        fd;
  GChecksum *checksum;
  guint64    size;
  gboolean   discard;
} Sink;

static la_ssize_t
sink_write (struct archive *archive,
            void           *user_data,
            const void     *buffer,
            size_t          length)
{
  Sink *sink = user_data;
  const guint8 *data = buffer;
  size_t written = 0;

  if (sink->discard)
    return length;

  while (written < length)
    {
      ssize_t n = write (sink->fd, data + written, length - written);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          archive_set_error (archive, errno, "%s", g_strerror (errno));
          return -1;
        }
      written += n;
    }

  g_checksum_update (sink->checksum, buffer, length);
  sink->size += length;

  return length;
}

static void
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

static gboolean
configure_writer (struct archive     *archive,
                  KilnPackageFormat   format,
                  GError            **error)
{
  int ret = ARCHIVE_OK;

  switch (format)
    {
    case KILN_PACKAGE_FORMAT_TAR_GZ:
      ret = archive_write_set_format_pax_restricted (archive);
      if (ret == ARCHIVE_OK)
        ret = archive_write_add_filter_gzip (archive);
      if (ret == ARCHIVE_OK)
        ret = archive_write_set_filter_option (archive, "gzip", "compression-level", GZIP_LEVEL);
      /* No time stamp in the gzip header: same tree, same bytes. */
      if (ret == ARCHIVE_OK)
        ret = archive_write_set_filter_option (archive, "gzip", "timestamp", NULL);
      break;

    case KILN_PACKAGE_FORMAT_TAR_ZST:
      ret = archive_write_set_format_pax_restricted (archive);
      if (ret == ARCHIVE_OK)
        ret = archive_write_add_filter_zstd (archive);
      if (ret == ARCHIVE_OK)
        ret = archive_write_set_filter_option (archive, "zstd", "compression-level", ZSTD_LEVEL);
      /* zstd output is the same for any number of workers >= 1 (but not
       * for 0), so never go below one to stay reproducible across machines. */
      if (ret == ARCHIVE_OK)
        {
          g_autofree char *threads = g_strdup_printf ("%u", MAX (1, g_get_num_processors ()));
          ret = archive_write_set_filter_option (archive, "zstd", "threads", threads);
        }
      break;

    case KILN_PACKAGE_FORMAT_ZIP:
      ret = archive_write_set_format_zip (archive);
      if (ret == ARCHIVE_OK)
        ret = archive_write_set_format_option (archive, "zip", "compression", "deflate");
      break;

    default:
      g_assert_not_reached ();
    }

  if (ret == ARCHIVE_OK)
    ret = archive_write_set_bytes_per_block (archive, 64 * 1024);
  /* No zero padding after the compressed stream. */
  if (ret == ARCHIVE_OK)
    ret = archive_write_set_bytes_in_last_block (archive, 1);

  if (ret != ARCHIVE_OK)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_PACKAGE_FAILED,
                   _("Could not set up a %s archive: %s"),
                   kiln_package_format_to_string (format), archive_error_string (archive));
      return FALSE;
    }

  return TRUE;
}

static gint64
get_source_date_epoch (void)
{
  const char *value = g_getenv ("SOURCE_DATE_EPOCH");
  guint64 epoch;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT64, &epoch, NULL))
    return -1;

  return (gint64) epoch;
}

static gboolean
write_file_data (struct archive  *archive,
                 const char      *full_path,
                 const TreeEntry *entry,
                 guint8          *buffer,
                 GCancellable    *cancellable,
                 GError         **error)
{
  goffset remaining = entry->st.st_size;
  int fd;

  fd = open (full_path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_set_error (error, KILN_ERROR, KILN_ERROR_PACKAGE_FAILED,
                   _("Could not open “%s”: %s"), full_path, g_strerror (saved_errno));
      return FALSE;
    }

  posix_fadvise (fd, 0, 0, POSIX_FADV_SEQUENTIAL);

  while (remaining > 0)
    {
      ssize_t n = read (fd, buffer, MIN (remaining, IO_BUFFER_SIZE));

      if (n < 0 && errno == EINTR)
        continue;

      if (n < 0)
        {
          int saved_errno = errno;
          g_set_error (error, KILN_ERROR, KILN_ERROR_PACKAGE_FAILED,
                       _("Could not read “%s”: %s"), full_path, g_strerror (saved_errno));
          close (fd);
          return FALSE;
        }

      if (n == 0)
        {
          g_set_error (error, KILN_ERROR, KILN_ERROR_PACKAGE_FAILED,
                       _("“%s” changed while it was being packaged; package again"), full_path);
          close (fd);
          return FALSE;
        }

      if (archive_write_data (archive, buffer, n) < 0)
        {
          set_archive_error (error, KILN_ERROR_PACKAGE_FAILED, archive, _("Could not add"), entry->path);
          close (fd);
          return FALSE;
        }

      remaining -= n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          close (fd);
          return FALSE;
        }
    }

  close (fd);
  return TRUE;
}

static gboolean
write_entries (struct archive  *archive,
               const char      *release_dir,
               GPtrArray       *entries,
               GCancellable    *cancellable,
               GError         **error)
{
  g_autofree guint8 *buffer = g_malloc (IO_BUFFER_SIZE);
  struct archive_entry *entry = archive_entry_new ();
  gint64 epoch = get_source_date_epoch ();
  gboolean ret = FALSE;

  for (guint i = 0; i < entries->len; i++)
    {
      const TreeEntry *tree_entry = g_ptr_array_index (entries, i);
      g_autofree char *full_path = g_build_filename (release_dir, tree_entry->path, NULL);
      gint64 mtime = tree_entry->st.st_mtime;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;

      if (epoch >= 0 && mtime > epoch)
        mtime = epoch;

      archive_entry_clear (entry);
      archive_entry_set_pathname (entry, tree_entry->path);
      archive_entry_set_mode (entry, tree_entry->st.st_mode & (S_IFMT | 07777));
      archive_entry_set_uid (entry, 0);
      archive_entry_set_gid (entry, 0);
      archive_entry_set_mtime (entry, mtime, 0);

      if (S_ISREG (tree_entry->st.st_mode))
        archive_entry_set_size (entry, tree_entry->st.st_size);
      else
        archive_entry_set_size (entry, 0);

      if (S_ISLNK (tree_entry->st.st_mode))
        archive_entry_set_symlink (entry, tree_entry->link_target);

      if (archive_write_header (archive, entry) < ARCHIVE_WARN)
        {
          set_archive_error (error, KILN_ERROR_PACKAGE_FAILED, archive, _("Could not add"), full_path);
          goto out;
        }

      if (S_ISREG (tree_entry->st.st_mode) &&
          !write_file_data (archive, full_path, tree_entry, buffer, cancellable, error))
        goto out;

      if (archive_write_finish_entry (archive) < ARCHIVE_WARN)
        {
          set_archive_error (error, KILN_ERROR_PACKAGE_FAILED, archive, _("Could not add"), full_path);
          goto out;
        }
    }

  ret = TRUE;

out:
  archive_entry_free (entry);
  return ret;
}

static char *
dup_temp_template (const char *archive_path)
{
  g_autofree char *dir = g_path_get_dirname (archive_path);
  g_autofree char *base = g_path_get_basename (archive_path);
  g_autofree char *name = g_strdup_printf (".%s.XXXXXX", base);

  return g_build_filename (dir, name, NULL);
}

static gboolean
write_checksum_file (const char  *sha256_path,
                     const char  *archive_path,
                     const char  *hex,
                     GError     **error)
{
  g_autofree char *base = g_path_get_basename (archive_path);
  g_autofree char *contents = g_strdup_printf ("%s  %s\n", hex, base);
  g_autoptr(GError) local_error = NULL;

  if (!g_file_set_contents (sha256_path, contents, -1, &local_error))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_PACKAGE_FAILED,
                   _("Could not write “%s”: %s"), sha256_path, local_error->message);
      return FALSE;
    }

  return TRUE;
}

KilnArtifact *
kiln_packager_package (const char         *release_dir,
                       const char         *archive_path,
                       KilnPackageFormat   format,
                       GCancellable       *cancellable,
                       GError            **error)
{
  g_autofree char *root = NULL;
  g_autofree char *target = NULL;
  g_autofree char *temp_path = NULL;
  g_autofree char *sha256_path = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GChecksum) checksum = NULL;
  struct archive *archive = NULL;
  Sink sink = { -1, NULL, 0, FALSE };
  const char *hex;

  g_return_val_if_fail (release_dir != NULL, NULL);
  g_return_val_if_fail (archive_path != NULL, NULL);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);

  root = g_canonicalize_filename (release_dir, NULL);
  target = g_canonicalize_filename (archive_path, NULL);
  sha256_path = g_strconcat (target, ".sha256", NULL);

  entries = collect_tree (root, target, KILN_ERROR_PACKAGE_FAILED, error);
  if (entries == NULL)
    return NULL;

  temp_path = dup_temp_template (target);
  sink.fd = g_mkstemp_full (temp_path, O_WRONLY | O_CLOEXEC, 0644);
  if (sink.fd < 0)
    {
      int saved_errno = errno;
      g_autofree char *dir = g_path_get_dirname (target);
      g_set_error (error, KILN_ERROR, KILN_ERROR_PACKAGE_FAILED,
                   _("Could not create “%s” in the folder “%s”: %s; check that the folder exists and is writable"),
                   target, dir, g_strerror (saved_errno));
      return NULL;
    }

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  sink.checksum = checksum;

  archive = archive_write_new ();

  if (!configure_writer (archive, format, error))
    goto failed;

  if (archive_write_open2 (archive, &sink, NULL, sink_write, NULL, NULL) != ARCHIVE_OK)
    {
      set_archive_error (error, KILN_ERROR_PACKAGE_FAILED, archive, _("Could not write"), temp_path);
      goto failed;
    }

  if (!write_entries (archive, root, entries, cancellable, error))
    goto failed;

  if (archive_write_close (archive) != ARCHIVE_OK)
    {
      set_archive_error (error, KILN_ERROR_PACKAGE_FAILED, archive, _("Could not write"), target);
      goto failed;
    }
  g_clear_pointer (&archive, archive_write_free);

  if (fsync (sink.fd) != 0 || close (sink.fd) != 0)
    {
      int saved_errno = errno;
      sink.fd = -1;
      g_set_error (error, KILN_ERROR, KILN_ERROR_PACKAGE_FAILED,
                   _("Could not write “%s”: %s"), temp_path, g_strerror (saved_errno));
      goto failed;
    }
  sink.fd = -1;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto failed;

  if (g_rename (temp_path, target) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, KILN_ERROR, KILN_ERROR_PACKAGE_FAILED,
                   _("Could not move the archive to “%s”: %s"), target, g_strerror (saved_errno));
      goto failed;
    }

  hex = g_checksum_get_string (checksum);
  if (!write_checksum_file (sha256_path, target, hex, error))
    return NULL;

  return g_object_new (KILN_TYPE_ARTIFACT,
                       "path", target,
                       "format", format,
                       "size", sink.size,
                       "sha256", hex,
                       "sha256-path", sha256_path,
                       "n-entries", entries->len,
                       NULL);

failed:
  /* archive_write_fail () would skip the filters' cleanup and leak the
   * compressor state, so close normally into the void instead. */
  if (archive != NULL)
    {
      sink.discard = TRUE;
      archive_write_close (archive);
      archive_write_free (archive);
    }
  if (sink.fd >= 0)
    close (sink.fd);
  g_unlink (temp_path);

  return NULL;
}

typedef struct
{
  char              *release_dir;
  char              *archive_path;
  KilnPackageFormat  format;
} PackageJob;

static void
package_job_free (PackageJob *job)
{
  g_free (job->release_dir);
  g_free (job->archive_path);
  g_free (job);
}

static void
package_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PackageJob *job = task_data;
  GError *error = NULL;
  KilnArtifact *artifact;

  artifact = kiln_packager_package (job->release_dir, job->archive_path, job->format,
                                    cancellable, &error);
  if (artifact == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, artifact, g_object_unref);
}

void
kiln_packager_package_async (const char          *release_dir,
                             const char          *archive_path,
                             KilnPackageFormat    format,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PackageJob *job;

  g_return_if_fail (release_dir != NULL);
  g_return_if_fail (archive_path != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiln_packager_package_async);

  job = g_new0 (PackageJob, 1);
  job->release_dir = g_strdup (release_dir);
  job->archive_path = g_strdup (archive_path);
  job->format = format;
  g_task_set_task_data (task, job, (GDestroyNotify) package_job_free);
  g_task_run_in_thread (task, package_thread);
}

KilnArtifact *
kiln_packager_package_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

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
