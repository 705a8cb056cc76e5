#define G_LOG_DOMAIN "kiln-log"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gunixoutputstream.h>
#include <glib/gstdio.h>

#include "kiln-log-journal.h"
#include "kiln-log-model-private.h"

/* Often enough that a kill loses at most this much of the log; seldom
 * enough that a flood of output is written in large pieces. */
#define JOURNAL_INTERVAL_US (G_USEC_PER_SEC / 4)

struct _KilnLogJournal
{
  KilnLogModel  *log;
  GOutputStream *stream;
  GThread       *thread;
  GMutex         mutex;
  GCond          cond;
  gboolean       stopping;
};

static gpointer
journal_thread (gpointer data)
{
  KilnLogJournal *self = data;
  guint position = 0;

  g_mutex_lock (&self->mutex);
  while (!self->stopping)
    {
      gint64 deadline = g_get_monotonic_time () + JOURNAL_INTERVAL_US;
      g_autoptr(GError) error = NULL;

      while (!self->stopping && g_cond_wait_until (&self->cond, &self->mutex, deadline))
        ;
      if (self->stopping)
        break;

      g_mutex_unlock (&self->mutex);
      if (!kiln_log_model_write_plain_from (self->log, self->stream, &position, &error))
        {
          g_message ("Could not copy the log as it grows: %s", error->message);
          g_mutex_lock (&self->mutex);
          break;
        }
      g_mutex_lock (&self->mutex);
    }
  g_mutex_unlock (&self->mutex);

  return NULL;
}

/* Returns NULL when the file cannot be opened: the log is still saved whole
 * when the build ends. */
KilnLogJournal *
kiln_log_journal_start (KilnLogModel *log,
                        const char   *path)
{
  KilnLogJournal *self;
  int fd;

  g_return_val_if_fail (KILN_IS_LOG_MODEL (log), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    {
      g_message ("Could not open %s for the log: %s", path, g_strerror (errno));
      return NULL;
    }

  self = g_new0 (KilnLogJournal, 1);
  self->log = g_object_ref (log);
  self->stream = g_unix_output_stream_new (fd, TRUE);
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->thread = g_thread_new ("kiln-log-journal", journal_thread, self);

  return self;
}

/* Returns at once but for the piece being written: the final save writes
 * whatever the journal had not. */
void
kiln_log_journal_stop (KilnLogJournal *self)
{
  if (self == NULL)
    return;

  g_mutex_lock (&self->mutex);
  self->stopping = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);
  g_thread_join (self->thread);

  g_output_stream_close (self->stream, NULL, NULL);
  g_object_unref (self->stream);
  g_object_unref (self->log);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_free (self);
}
