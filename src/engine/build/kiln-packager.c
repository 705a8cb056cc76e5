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
#include "kiln-gzip-writer-private.h"
#include "kiln-packager.h"
#include "kiln-packager-private.h"
#include "kiln-source-date.h"

#define ZSTD_LEVEL "3"

/* Writing */

typedef struct
{
  int             fd;
  GChecksum      *checksum;
  guint64         size;
  gboolean        discard;
  KilnGzipWriter *gzip;
} Sink;

/* libdeflate hands over the whole archive at once: hashing it on another core
 * while it is written saves a tenth of the packaging time. */
#define PARALLEL_CHECKSUM_MIN (1024 * 1024)

typedef struct
{
  GChecksum    *checksum;
  const guint8 *data;
  gsize         length;
} ChecksumJob;

static gpointer
update_checksum (gpointer user_data)
{
  ChecksumJob *job = user_data;

  g_checksum_update (job->checksum, job->data, job->length);
  return NULL;
}

static gboolean
write_all (int            fd,
           const guint8  *data,
           gsize          length,
           GError       **error)
{
  gsize written = 0;

  while (written < length)
    {
      ssize_t n = write (fd, data + written, length - written);

      if (n < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;
          g_set_error (error, KILN_ERROR, KILN_ERROR_PACKAGE_FAILED, "%s", g_strerror (saved_errno));
          return FALSE;
        }
      written += n;
    }

  return TRUE;
}

/* The archive's bytes go to the file and the checksum in one pass. */
static gboolean
sink_write_file (gconstpointer   buffer,
                 gsize           length,
                 gpointer        user_data,
                 GError        **error)
{
  Sink *sink = user_data;
  ChecksumJob job = { sink->checksum, buffer, length };
  GThread *hasher = NULL;
  gboolean ok;

  if (sink->discard)
    return TRUE;

  if (length >= PARALLEL_CHECKSUM_MIN && g_get_num_processors () > 1)
    hasher = g_thread_try_new ("kiln-sha256", update_checksum, &job, NULL);

  ok = write_all (sink->fd, buffer, length, error);

  if (hasher != NULL)
    g_thread_join (hasher);
  else
    update_checksum (&job);

  sink->size += length;
  return ok;
}

static la_ssize_t
sink_write (struct archive *archive,
            void           *user_data,
            const void     *buffer,
            size_t          length)
{
  Sink *sink = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (sink->discard)
    return length;

  if (sink->gzip != NULL)
    ok = kiln_gzip_writer_write (sink->gzip, buffer, length, &error);
  else
    ok = sink_write_file (buffer, length, sink, &error);

  if (!ok)
    {
      archive_set_error (archive, EIO, "%s", error->message);
      return -1;
    }

  return length;
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
      /* libarchive writes the plain tar; the sink compresses it on all cores. */
      ret = archive_write_set_format_pax_restricted (archive);
      if (ret == ARCHIVE_OK)
        ret = archive_write_add_filter_none (archive);
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
               gint64           epoch,
               GCancellable    *cancellable,
               GError         **error)
{
  g_autofree guint8 *buffer = g_malloc (IO_BUFFER_SIZE);
  struct archive_entry *entry = archive_entry_new ();
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

/* With STAGED_ARCHIVE, the archive and its checksum are written under the
 * staged names and the artifact names the final ones, which the build moves
 * them to once it is complete. */
static KilnArtifact *
package_into (const char         *release_dir,
              const char         *archive_path,
              const char         *staged_archive,
              const char         *staged_sha256,
              KilnPackageFormat   format,
              gint64              epoch,
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
  Sink sink = { -1, NULL, 0, FALSE, NULL };
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

  if (format == KILN_PACKAGE_FORMAT_TAR_GZ)
    sink.gzip = kiln_gzip_writer_new (g_get_num_processors (), sink_write_file, &sink);

  archive = archive_write_new ();

  if (!configure_writer (archive, format, error))
    goto failed;

  if (archive_write_open2 (archive, &sink, NULL, sink_write, NULL, NULL) != ARCHIVE_OK)
    {
      set_archive_error (error, KILN_ERROR_PACKAGE_FAILED, archive, _("Could not write"), temp_path);
      goto failed;
    }

  if (!write_entries (archive, root, entries, epoch, cancellable, error))
    goto failed;

  if (archive_write_close (archive) != ARCHIVE_OK)
    {
      set_archive_error (error, KILN_ERROR_PACKAGE_FAILED, archive, _("Could not write"), target);
      goto failed;
    }
  g_clear_pointer (&archive, archive_write_free);

  if (sink.gzip != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      if (!kiln_gzip_writer_close (sink.gzip, &local_error))
        {
          g_set_error (error, KILN_ERROR, KILN_ERROR_PACKAGE_FAILED,
                       _("Could not write “%s”: %s"), temp_path, local_error->message);
          goto failed;
        }
      g_clear_pointer (&sink.gzip, kiln_gzip_writer_free);
    }

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

  if (g_rename (temp_path, staged_archive != NULL ? staged_archive : target) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, KILN_ERROR, KILN_ERROR_PACKAGE_FAILED,
                   _("Could not move the archive to “%s”: %s"), target, g_strerror (saved_errno));
      goto failed;
    }

  hex = g_checksum_get_string (checksum);
  if (!write_checksum_file (staged_sha256 != NULL ? staged_sha256 : sha256_path, target, hex, error))
    {
      /* An archive never stays without its checksum. */
      g_unlink (staged_archive != NULL ? staged_archive : target);
      return NULL;
    }

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
  g_clear_pointer (&sink.gzip, kiln_gzip_writer_free);
  if (sink.fd >= 0)
    close (sink.fd);
  g_unlink (temp_path);

  return NULL;
}

KilnArtifact *
kiln_packager_package (const char         *release_dir,
                       const char         *archive_path,
                       KilnPackageFormat   format,
                       GCancellable       *cancellable,
                       GError            **error)
{
  return package_into (release_dir, archive_path, NULL, NULL, format,
                       kiln_source_date_from_environment (), cancellable, error);
}

typedef struct
{
  char              *release_dir;
  char              *archive_path;
  char              *staged_archive;
  char              *staged_sha256;
  KilnPackageFormat  format;
  gint64             epoch;
} PackageJob;

static void
package_job_free (PackageJob *job)
{
  g_free (job->release_dir);
  g_free (job->archive_path);
  g_free (job->staged_archive);
  g_free (job->staged_sha256);
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

  artifact = package_into (job->release_dir, job->archive_path, job->staged_archive,
                           job->staged_sha256, job->format, job->epoch, cancellable, &error);
  if (artifact == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, artifact, g_object_unref);
}

static void
start_job (PackageJob          *job,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, kiln_packager_package_async);
  g_task_set_task_data (task, job, (GDestroyNotify) package_job_free);
  g_task_run_in_thread (task, package_thread);
}

void
kiln_packager_package_async (const char          *release_dir,
                             const char          *archive_path,
                             KilnPackageFormat    format,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  PackageJob *job;

  g_return_if_fail (release_dir != NULL);
  g_return_if_fail (archive_path != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  job = g_new0 (PackageJob, 1);
  job->release_dir = g_strdup (release_dir);
  job->archive_path = g_strdup (archive_path);
  job->format = format;
  job->epoch = kiln_source_date_from_environment ();
  start_job (job, cancellable, callback, user_data);
}

void
kiln_packager_package_staged_async (const char          *release_dir,
                                    const char          *archive_path,
                                    const char          *staged_archive,
                                    const char          *staged_sha256,
                                    KilnPackageFormat    format,
                                    gint64               source_date,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  PackageJob *job;

  g_return_if_fail (release_dir != NULL);
  g_return_if_fail (archive_path != NULL);
  g_return_if_fail (staged_archive != NULL);
  g_return_if_fail (staged_sha256 != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  job = g_new0 (PackageJob, 1);
  job->release_dir = g_strdup (release_dir);
  job->archive_path = g_strdup (archive_path);
  job->staged_archive = g_strdup (staged_archive);
  job->staged_sha256 = g_strdup (staged_sha256);
  job->format = format;
  job->epoch = source_date >= 0 ? source_date : kiln_source_date_from_environment ();
  start_job (job, cancellable, callback, user_data);
}

KilnArtifact *
kiln_packager_package_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
