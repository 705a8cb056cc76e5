#define G_LOG_DOMAIN "kiln-process"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "kiln-line-splitter.h"
#include "kiln-process-private.h"


G_DEFINE_FINAL_TYPE (KilnProcess, kiln_process, G_TYPE_OBJECT)

typedef struct
{
  KilnProcess      *self;
  GSubprocess      *subprocess;
  GCancellable     *cancellable;
  GMainContext     *context;
  GSource          *force_kill_source;
  GSource          *time_limit_source;
  gulong            cancelled_id;
  GPid              pid;
  guint             on_host : 1;
  int               exit_status;
  guint             open_streams;
  guint             waiting : 1;
  guint             timed_out : 1;
} RunState;

static void
run_state_free (RunState *state)
{
  if (state->cancelled_id != 0)
    g_cancellable_disconnect (state->cancellable, state->cancelled_id);
  if (state->force_kill_source != NULL)
    {
      g_source_destroy (state->force_kill_source);
      g_source_unref (state->force_kill_source);
    }
  if (state->time_limit_source != NULL)
    {
      g_source_destroy (state->time_limit_source);
      g_source_unref (state->time_limit_source);
    }
  g_clear_pointer (&state->context, g_main_context_unref);
  g_clear_object (&state->cancellable);
  g_clear_object (&state->subprocess);
  g_free (state);
}

static void
kiln_process_finalize (GObject *object)
{
  KilnProcess *self = KILN_PROCESS (object);

  if (self->line_func_destroy != NULL)
    self->line_func_destroy (self->line_func_data);
  g_clear_pointer (&self->argv, g_strfreev);
  g_clear_pointer (&self->cwd, g_free);
  g_clear_pointer (&self->environment, g_hash_table_unref);
  if (self->stdout_text != NULL)
    g_string_free (self->stdout_text, TRUE);
  if (self->stderr_text != NULL)
    g_string_free (self->stderr_text, TRUE);

  G_OBJECT_CLASS (kiln_process_parent_class)->finalize (object);
}

static void
kiln_process_class_init (KilnProcessClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kiln_process_finalize;
}

static void
kiln_process_init (KilnProcess *self)
{
  self->environment = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

KilnProcess *
kiln_process_new (const char * const *argv,
                  const char         *cwd)
{
  KilnProcess *self;

  g_return_val_if_fail (argv != NULL && argv[0] != NULL, NULL);

  self = g_object_new (KILN_TYPE_PROCESS, NULL);
  self->argv = g_strdupv ((char **) argv);
  self->cwd = g_strdup (cwd);

  return self;
}

KilnProcess *
kiln_process_newv (const char *cwd,
                   const char *first_arg,
                   ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  va_list args;

  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_strv_builder_add (builder, arg);
  va_end (args);

  argv = g_strv_builder_end (builder);
  return kiln_process_new ((const char * const *) argv, cwd);
}

void
kiln_process_setenv (KilnProcess *self,
                     const char  *variable,
                     const char  *value)
{
  g_return_if_fail (KILN_IS_PROCESS (self));
  g_return_if_fail (variable != NULL);

  g_hash_table_insert (self->environment, g_strdup (variable), g_strdup (value));
}

void
kiln_process_unsetenv (KilnProcess *self,
                       const char  *variable)
{
  kiln_process_setenv (self, variable, NULL);
}

void
kiln_process_set_line_func (KilnProcess         *self,
                            KilnProcessLineFunc  func,
                            gpointer             user_data,
                            GDestroyNotify       destroy)
{
  g_return_if_fail (KILN_IS_PROCESS (self));

  if (self->line_func_destroy != NULL)
    self->line_func_destroy (self->line_func_data);

  self->line_func = func;
  self->line_func_data = user_data;
  self->line_func_destroy = destroy;
}

/* A process still running after @seconds is killed with its group and the
 * run fails with G_IO_ERROR_TIMED_OUT; 0, the default, waits forever. */
void
kiln_process_set_time_limit (KilnProcess *self,
                             guint        seconds)
{
  g_return_if_fail (KILN_IS_PROCESS (self));
  self->time_limit_s = seconds;
}

void
kiln_process_set_capture_output (KilnProcess *self,
                                 gboolean     capture)
{
  g_return_if_fail (KILN_IS_PROCESS (self));

  self->capture_output = !!capture;
}

const char *
kiln_process_get_stdout_text (KilnProcess *self)
{
  g_return_val_if_fail (KILN_IS_PROCESS (self), NULL);

  return self->stdout_text != NULL ? self->stdout_text->str : "";
}

const char *
kiln_process_get_stderr_text (KilnProcess *self)
{
  g_return_val_if_fail (KILN_IS_PROCESS (self), NULL);

  return self->stderr_text != NULL ? self->stderr_text->str : "";
}

GPid
kiln_process_get_pid (KilnProcess *self)
{
  g_return_val_if_fail (KILN_IS_PROCESS (self), 0);

  return self->pid;
}

typedef struct
{
  pid_t parent;
  int   pid_fd;
} ChildSetup;

/* Runs in the child between fork and exec: async-signal-safe calls only. */
static void
child_setup (gpointer user_data)
{
  const ChildSetup *setup = user_data;
  pid_t self;

  /* A session of its own makes the child a process group leader, so cancel
   * can kill the BEAM and everything it spawned with one kill(-pid). */
  self = setsid ();

  /* GSubprocess forgets the pid once the child is reaped, which its worker
   * thread may do before spawn even returns (a command that exits at once,
   * leaving a background child holding our pipes): the group to kill is
   * learnt from the child itself. */
  if (write (setup->pid_fd, &self, sizeof self) != sizeof self)
    _exit (127);

  /* Kiln killed outright (SIGKILL, a crash) cannot kill the group, so the
   * kernel does: the BEAM dies with Kiln (exec keeps the setting; its own
   * helpers exit when it does). The signal follows the spawning *thread*,
   * which is why processes are spawned from run_async on the caller's
   * (main) thread and never from a pool thread that may exit when idle.
   * A parent already gone before prctl took effect is caught by getppid. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (getppid () != setup->parent)
    _exit (127);
}

/* What the child wrote, or the identifier while GSubprocess still has it. */
static GPid
read_child_pid (int          pid_fd,
                GSubprocess *subprocess)
{
  const char *identifier;
  pid_t pid = 0;

  if (read (pid_fd, &pid, sizeof pid) == sizeof pid && pid > 0)
    return pid;

  identifier = g_subprocess_get_identifier (subprocess);
  return identifier != NULL ? atoi (identifier) : 0;
}

static void
kill_group (GPid pid)
{
  if (pid > 0)
    kill (-pid, SIGKILL);
}

static gboolean
time_limit_cb (gpointer user_data)
{
  RunState *state = user_data;

  state->timed_out = TRUE;
  kill_group (state->pid);
  g_clear_pointer (&state->time_limit_source, g_source_unref);

  return G_SOURCE_REMOVE;
}

static gboolean
force_kill_cb (gpointer user_data)
{
  kill_group (GPOINTER_TO_INT (user_data));
  return G_SOURCE_REMOVE;
}

/* May run in any thread: kill() needs no locking, and attaching a source to
 * another thread's context is safe. */
static void
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  RunState *state = user_data;

  if (!state->on_host)
    {
      kill_group (state->pid);
      return;
    }

  /* flatpak-spawn forwards TERM to the host command's group but cannot
   * forward KILL; if TERM is not enough, kill the sandbox side anyway so
   * --watch-bus ends the host side. */
  kill (-state->pid, SIGTERM);
  state->force_kill_source = g_timeout_source_new_seconds (5);
  g_source_set_callback (state->force_kill_source, force_kill_cb, GINT_TO_POINTER (state->pid), NULL);
  g_source_attach (state->force_kill_source, state->context);
}

static void
complete_if_done (GTask *task)
{
  RunState *state = g_task_get_task_data (task);

  if (state->waiting || state->open_streams > 0)
    return;

  state->self->running = FALSE;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (state->timed_out)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                               "The process did not finish within %u s", state->self->time_limit_s);
      return;
    }

  g_task_return_int (task, state->exit_status);
}

#define READ_CHUNK_SIZE 16384

typedef struct
{
  GTask            *task;
  GInputStream     *pipe;
  KilnStream        which;
  KilnLineSplitter *splitter;
} StreamReader;

static void
stream_reader_free (StreamReader *reader)
{
  kiln_line_splitter_free (reader->splitter);
  g_object_unref (reader->pipe);
  g_object_unref (reader->task);
  g_free (reader);
}

static void
on_line (char     *line,
         gsize     length,
         gpointer  user_data)
{
  StreamReader *reader = user_data;
  RunState *state = g_task_get_task_data (reader->task);
  KilnProcess *self = state->self;

  if (length > 0 && line[length - 1] == '\r')
    line[--length] = '\0';

  if (!g_utf8_validate_len (line, length, NULL))
    {
      char *valid = g_utf8_make_valid (line, length);
      g_free (line);
      line = valid;
    }

  if (self->capture_output)
    {
      GString *text = reader->which == KILN_STREAM_STDOUT ? self->stdout_text : self->stderr_text;
      g_string_append (text, line);
      g_string_append_c (text, '\n');
    }

  if (self->line_func != NULL)
    self->line_func (self, reader->which, line, self->line_func_data);

  g_free (line);
}

static void read_next_chunk (StreamReader *reader);

static void
read_chunk_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  StreamReader *reader = user_data;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, NULL);
  gsize size = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &size) : NULL;

  if (size == 0)
    {
      g_autoptr(GTask) task = g_object_ref (reader->task);
      RunState *state = g_task_get_task_data (task);

      kiln_line_splitter_finish (reader->splitter);
      stream_reader_free (reader);
      state->open_streams--;
      complete_if_done (task);
      return;
    }

  kiln_line_splitter_push (reader->splitter, data, size);
  read_next_chunk (reader);
}

static void
read_next_chunk (StreamReader *reader)
{
  g_input_stream_read_bytes_async (reader->pipe, READ_CHUNK_SIZE, G_PRIORITY_DEFAULT, NULL,
                                   read_chunk_cb, reader);
}

static void
start_reading (GTask        *task,
               GInputStream *pipe,
               KilnStream    which)
{
  RunState *state = g_task_get_task_data (task);
  StreamReader *reader = g_new0 (StreamReader, 1);

  reader->task = g_object_ref (task);
  reader->pipe = g_object_ref (pipe);
  reader->which = which;
  reader->splitter = kiln_line_splitter_new (KILN_LINE_MAX_BYTES, on_line, reader);
  state->open_streams++;
  read_next_chunk (reader);
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GSubprocess *subprocess = G_SUBPROCESS (object);
  RunState *state = g_task_get_task_data (task);

  g_subprocess_wait_finish (subprocess, result, NULL);

  if (g_subprocess_get_if_exited (subprocess))
    state->exit_status = g_subprocess_get_exit_status (subprocess);
  else if (g_subprocess_get_if_signaled (subprocess))
    state->exit_status = 128 + g_subprocess_get_term_sig (subprocess);
  else
    state->exit_status = -1;

  /* Whatever the child left running in its group (and that could keep our
   * pipes open forever) goes with it. */
  kill_group (state->self->pid);

  /* It finished in time, whatever its leftover output still takes. */
  if (state->time_limit_source != NULL)
    {
      g_source_destroy (state->time_limit_source);
      g_clear_pointer (&state->time_limit_source, g_source_unref);
    }

  state->waiting = FALSE;
  complete_if_done (task);
}

void
kiln_process_run_async (KilnProcess         *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key, value;
  RunState *state;
  ChildSetup setup;
  int pid_pipe[2];

  g_return_if_fail (KILN_IS_PROCESS (self));
  g_return_if_fail (!self->running);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiln_process_run_async);

  state = g_new0 (RunState, 1);
  state->self = self;
  state->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  g_task_set_task_data (task, state, (GDestroyNotify) run_state_free);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (self->stdout_text != NULL)
    g_string_truncate (self->stdout_text, 0);
  else
    self->stdout_text = g_string_new (NULL);
  if (self->stderr_text != NULL)
    g_string_truncate (self->stderr_text, 0);
  else
    self->stderr_text = g_string_new (NULL);

  /* Non-blocking: a child forked meanwhile by another thread may hold the
   * write end until its exec, and nothing here may wait for it. */
  if (pipe2 (pid_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
    {
      int saved_errno = errno;
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               "Could not start %s: %s", self->argv[0], g_strerror (saved_errno));
      return;
    }
  setup.parent = getpid ();
  setup.pid_fd = pid_pipe[1];

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, &setup, NULL);
  state->context = g_main_context_ref_thread_default ();
  state->on_host = kiln_process_runs_on_host ();

  if (state->on_host)
    {
      g_auto(GStrv) host_argv = kiln_process_build_host_argv (self);

      state->subprocess = g_subprocess_launcher_spawnv (launcher, (const char * const *) host_argv, &error);
    }
  else
    {
      if (self->cwd != NULL)
        g_subprocess_launcher_set_cwd (launcher, self->cwd);

      g_hash_table_iter_init (&iter, self->environment);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          if (value != NULL)
            g_subprocess_launcher_setenv (launcher, key, value, TRUE);
          else
            g_subprocess_launcher_unsetenv (launcher, key);
        }

      state->subprocess = g_subprocess_launcher_spawnv (launcher, (const char * const *) self->argv, &error);
    }

  close (pid_pipe[1]);
  if (state->subprocess == NULL)
    {
      close (pid_pipe[0]);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self->pid = read_child_pid (pid_pipe[0], state->subprocess);
  close (pid_pipe[0]);
  state->pid = self->pid;
  self->running = TRUE;
  state->waiting = TRUE;

  if (cancellable != NULL)
    state->cancelled_id = g_cancellable_connect (cancellable,
                                                 G_CALLBACK (cancelled_cb),
                                                 state,
                                                 NULL);

  if (self->time_limit_s > 0)
    {
      state->time_limit_source = g_timeout_source_new_seconds (self->time_limit_s);
      g_source_set_callback (state->time_limit_source, time_limit_cb, state, NULL);
      g_source_attach (state->time_limit_source, state->context);
    }

  start_reading (task, g_subprocess_get_stdout_pipe (state->subprocess), KILN_STREAM_STDOUT);
  start_reading (task, g_subprocess_get_stderr_pipe (state->subprocess), KILN_STREAM_STDERR);
  g_subprocess_wait_async (state->subprocess, NULL, wait_cb, g_object_ref (task));
}

gboolean
kiln_process_run_finish (KilnProcess   *self,
                         GAsyncResult  *result,
                         int           *exit_status,
                         GError       **error)
{
  gssize status;

  g_return_val_if_fail (KILN_IS_PROCESS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  status = g_task_propagate_int (G_TASK (result), error);
  if (g_task_had_error (G_TASK (result)))
    return FALSE;

  if (exit_status != NULL)
    *exit_status = (int) status;

  return TRUE;
}

typedef struct
{
  GAsyncResult *result;
} SyncData;

static void
run_sync_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  SyncData *data = user_data;

  data->result = g_object_ref (result);
}

gboolean
kiln_process_run_sync (KilnProcess   *self,
                       GCancellable  *cancellable,
                       int           *exit_status,
                       GError       **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  SyncData data = { NULL };
  gboolean ret;

  g_main_context_push_thread_default (context);
  kiln_process_run_async (self, cancellable, run_sync_cb, &data);
  while (data.result == NULL)
    g_main_context_iteration (context, TRUE);
  ret = kiln_process_run_finish (self, data.result, exit_status, error);
  g_clear_object (&data.result);
  g_main_context_pop_thread_default (context);

  return ret;
}
