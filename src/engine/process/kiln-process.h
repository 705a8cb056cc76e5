#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  KILN_STREAM_STDOUT,
  KILN_STREAM_STDERR,
} KilnStream;

#define KILN_TYPE_PROCESS (kiln_process_get_type ())
G_DECLARE_FINAL_TYPE (KilnProcess, kiln_process, KILN, PROCESS, GObject)

/* Called on the thread-default main context of the caller of run_async,
 * once per line, without the trailing newline. */
typedef void (*KilnProcessLineFunc) (KilnProcess *process,
                                     KilnStream   stream,
                                     const char  *line,
                                     gpointer     user_data);

gboolean     kiln_process_runs_on_host         (void);

KilnProcess *kiln_process_new                  (const char * const  *argv,
                                                const char          *cwd);
KilnProcess *kiln_process_newv                 (const char          *cwd,
                                                const char          *first_arg,
                                                ...) G_GNUC_NULL_TERMINATED;
void         kiln_process_setenv               (KilnProcess         *self,
                                                const char          *variable,
                                                const char          *value);
void         kiln_process_unsetenv             (KilnProcess         *self,
                                                const char          *variable);
void         kiln_process_set_line_func        (KilnProcess         *self,
                                                KilnProcessLineFunc  func,
                                                gpointer             user_data,
                                                GDestroyNotify       destroy);
void         kiln_process_set_time_limit       (KilnProcess         *self,
                                                guint                seconds);
void         kiln_process_set_capture_output   (KilnProcess         *self,
                                                gboolean             capture);
const char  *kiln_process_get_stdout_text      (KilnProcess         *self);
const char  *kiln_process_get_stderr_text      (KilnProcess         *self);
GPid         kiln_process_get_pid              (KilnProcess         *self);
char        *kiln_process_dup_command_line     (KilnProcess         *self);

void         kiln_process_run_async            (KilnProcess         *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean     kiln_process_run_finish           (KilnProcess         *self,
                                                GAsyncResult        *result,
                                                int                 *exit_status,
                                                GError             **error);
gboolean     kiln_process_run_sync             (KilnProcess         *self,
                                                GCancellable        *cancellable,
                                                int                 *exit_status,
                                                GError             **error);

G_END_DECLS
