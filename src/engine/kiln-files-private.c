#define G_LOG_DOMAIN "kiln-engine"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "kiln-files-private.h"

#define MAX_ATTEMPTS 1000

static gboolean
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *path,
                 gboolean     keep_original)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               keep_original ? _("Could not keep a copy of “%s”: %s") : _("Could not move “%s” aside: %s"),
               path, g_strerror (saved_errno));
  return FALSE;
}

/* Where hard links are not possible (some file systems, or a link that
 * would point into another folder). FALSE with no error: @target is taken. */
static gboolean
set_aside_without_link (const char  *path,
                        const char  *target,
                        gboolean     keep_original,
                        GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (keep_original)
    {
      g_autoptr(GFile) source = g_file_new_for_path (path);
      g_autoptr(GFile) destination = g_file_new_for_path (target);

      /* Without OVERWRITE, GIO creates the copy exclusively. */
      if (g_file_copy (source, destination, G_FILE_COPY_ALL_METADATA, NULL, NULL, NULL, &local_error))
        return TRUE;

      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (g_file_test (target, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
    return FALSE;

  if (g_rename (path, target) != 0)
    return set_errno_error (error, errno, path, FALSE);

  return TRUE;
}

char *
kiln_files_set_aside (const char  *path,
                      const char  *suffix,
                      gboolean     keep_original,
                      GError     **error)
{
  /* A hard link to a symbolic link would be a link too, not a copy. */
  gboolean can_link = !(keep_original && g_file_test (path, G_FILE_TEST_IS_SYMLINK));

  g_return_val_if_fail (path != NULL && suffix != NULL, NULL);

  for (guint attempt = 1; attempt <= MAX_ATTEMPTS; attempt++)
    {
      g_autofree char *target = attempt == 1
        ? g_strconcat (path, suffix, NULL)
        : g_strdup_printf ("%s%s-%u", path, suffix, attempt);
      g_autoptr(GError) local_error = NULL;

      if (can_link && link (path, target) == 0)
        {
          if (!keep_original && g_unlink (path) != 0)
            {
              int saved_errno = errno;

              g_unlink (target);
              set_errno_error (error, saved_errno, path, FALSE);
              return NULL;
            }
          return g_steal_pointer (&target);
        }

      if (can_link && errno == EEXIST)
        continue;

      if (can_link && errno == ENOENT)
        {
          set_errno_error (error, errno, path, keep_original);
          return NULL;
        }

      if (set_aside_without_link (path, target, keep_original, &local_error))
        return g_steal_pointer (&target);

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
               keep_original ? _("Could not keep a copy of “%s”: too many copies already exist.")
                             : _("Could not move “%s” aside: too many damaged copies already exist."),
               path);
  return NULL;
}

gboolean
kiln_files_replace (const char  *path,
                    const char  *data,
                    gssize       length,
                    int          mode,
                    const char  *backup_suffix,
                    char       **backup_path,
                    GError     **error)
{
  g_autofree char *kept = NULL;

  g_return_val_if_fail (path != NULL && (data != NULL || length == 0), FALSE);

  if (backup_suffix != NULL && g_file_test (path, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK)
      && !(kept = kiln_files_set_aside (path, backup_suffix, TRUE, error)))
    return FALSE;

  if (!g_file_set_contents_full (path, data, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 mode, error))
    return FALSE;

  if (backup_path != NULL)
    *backup_path = g_steal_pointer (&kept);

  return TRUE;
}

gboolean
kiln_files_read_regular (const char  *path,
                         gsize        max_size,
                         char       **contents,
                         gsize       *length,
                         GError     **error)
{
  g_autofree char *data = NULL;
  struct stat st;
  gsize done = 0;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);

  /* O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer. */
  if ((fd = g_open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0)) < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not open “%s”: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("“%s” is not a regular file"), path);
      close (fd);
      return FALSE;
    }

  if ((guint64) st.st_size > max_size)
    {
      g_autofree char *limit = g_format_size_full (max_size, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE, _("it is larger than %s"), limit);
      close (fd);
      return FALSE;
    }

  data = g_malloc ((gsize) st.st_size + 1);
  while (done < (gsize) st.st_size)
    {
      gssize n = read (fd, data + done, (gsize) st.st_size - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                       _("Could not read “%s”: %s"), path, g_strerror (saved_errno));
          close (fd);
          return FALSE;
        }
      if (n == 0)
        break;
      done += n;
    }
  close (fd);

  data[done] = '\0';
  if (length != NULL)
    *length = done;
  *contents = g_steal_pointer (&data);

  return TRUE;
}
