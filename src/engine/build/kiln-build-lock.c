#define G_LOG_DOMAIN "kiln-build"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "kiln-build-lock.h"
#include "kiln-error.h"

/* flock, not a pid file: the kernel drops the lock when its holder dies,
 * even by SIGKILL, so a crashed build never blocks the next one. The file
 * holds the holder's pid only to name it. A second build is refused at once
 * rather than queued: it would rebuild what the first one is building. */

static long
read_holder (int fd)
{
  char buffer[32] = { 0 };
  guint64 pid = 0;

  /* The holder writes its pid right after locking; give it a moment. */
  for (guint i = 0; i < 20; i++)
    {
      ssize_t n = pread (fd, buffer, sizeof buffer - 1, 0);

      if (n > 0)
        {
          buffer[n] = '\0';
          if (g_ascii_string_to_unsigned (g_strstrip (buffer), 10, 1, G_MAXINT32, &pid, NULL))
            return (long) pid;
        }
      g_usleep (G_USEC_PER_SEC / 100);
    }

  return 0;
}

char *
kiln_build_lock_dup_path (const char *work_dir)
{
  return g_build_filename (work_dir, "build.lock", NULL);
}

/* For a record that says "running": a lock nobody holds (or no lock at all)
 * means its build ended without saying so. A shared lock is enough to ask
 * and takes nothing from a build starting meanwhile, which would wait for
 * nothing: it is dropped at once. */
gboolean
kiln_build_lock_is_held (const char *path)
{
  gboolean held;
  int fd;

  if (path == NULL || (fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0)) < 0)
    return FALSE;

  held = flock (fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  close (fd);

  return held;
}

int
kiln_build_lock_acquire (const char  *work_dir,
                         const char  *release_name,
                         GError     **error)
{
  g_autofree char *path = kiln_build_lock_dup_path (work_dir);
  g_autofree char *pid = NULL;
  int fd;

  if (g_mkdir_with_parents (work_dir, 0755) != 0
      || (fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600)) < 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create %s: %s"), path, g_strerror (saved_errno));
      return -1;
    }

  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved_errno = errno;
      long holder = saved_errno == EWOULDBLOCK ? read_holder (fd) : 0;

      /* No pid: the holder was kiln_build_lock_is_held(), gone by now. */
      if (saved_errno == EWOULDBLOCK && holder == 0 && flock (fd, LOCK_EX | LOCK_NB) == 0)
        goto locked;

      close (fd);
      if (saved_errno != EWOULDBLOCK)
        {
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Could not lock %s: %s"), path, g_strerror (saved_errno));
          return -1;
        }

      g_set_error (error, KILN_ERROR, KILN_ERROR_BUILD_RUNNING,
                   _("Another build of %s is running (pid %ld). "
                     "Wait for it to finish or cancel it."),
                   release_name, holder);
      return -1;
    }

locked:
  pid = g_strdup_printf ("%ld\n", (long) getpid ());
  if (ftruncate (fd, 0) != 0 || pwrite (fd, pid, strlen (pid), 0) < 0)
    g_message ("Could not write the pid into %s: %s", path, g_strerror (errno));

  return fd;
}

void
kiln_build_lock_release (int fd)
{
  if (fd < 0)
    return;

  /* Emptied first, so that nobody reads a stale pid from it. */
  if (ftruncate (fd, 0) != 0)
    g_message ("Could not empty the build lock: %s", g_strerror (errno));
  close (fd);
}
