#define G_LOG_DOMAIN "kiln-process"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "kiln-helper-private.h"
#include "kiln-json-private.h"

#define MAX_CAPTURED_BYTES (256 * 1024)

struct _KilnHelper
{
  GObject          parent_instance;

  KilnToolchain   *toolchain;
  char            *script;
  GBytes          *source;
  KilnHelperMode   mode;
  char            *cwd;
  char            *mix_env;
  GPtrArray       *arguments;
  char            *crash_kind;
  char            *script_path;
  guint            time_limit_s;

  GString         *stdout_text;
  GString         *stderr_text;
  char            *result_text;
  JsonNode        *result;
  char            *failure_kind;
  char            *failure_message;
  int              exit_status;
  guint            running : 1;
};

G_DEFINE_FINAL_TYPE (KilnHelper, kiln_helper, G_TYPE_OBJECT)

enum {
  LINE,
  STEP,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
reset_outcome (KilnHelper *self)
{
  g_string_truncate (self->stdout_text, 0);
  g_string_truncate (self->stderr_text, 0);
  g_clear_pointer (&self->result_text, g_free);
  g_clear_pointer (&self->result, json_node_unref);
  g_clear_pointer (&self->failure_kind, g_free);
  g_clear_pointer (&self->failure_message, g_free);
  self->exit_status = -1;
}

static void
kiln_helper_finalize (GObject *object)
{
  KilnHelper *self = KILN_HELPER (object);

  reset_outcome (self);
  g_clear_object (&self->toolchain);
  g_clear_pointer (&self->script, g_free);
  g_clear_pointer (&self->source, g_bytes_unref);
  g_clear_pointer (&self->cwd, g_free);
  g_clear_pointer (&self->mix_env, g_free);
  g_clear_pointer (&self->arguments, g_ptr_array_unref);
  g_clear_pointer (&self->crash_kind, g_free);
  g_clear_pointer (&self->script_path, g_free);
  g_string_free (self->stdout_text, TRUE);
  g_string_free (self->stderr_text, TRUE);

  G_OBJECT_CLASS (kiln_helper_parent_class)->finalize (object);
}

static void
kiln_helper_class_init (KilnHelperClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kiln_helper_finalize;

  /* On the thread-default context of the caller of run_async. */
  signals[LINE] = g_signal_new ("line", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRING);
  signals[STEP] = g_signal_new ("step", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
kiln_helper_init (KilnHelper *self)
{
  self->arguments = g_ptr_array_new_with_free_func (g_free);
  self->mix_env = g_strdup ("prod");
  self->stdout_text = g_string_new (NULL);
  self->stderr_text = g_string_new (NULL);
  self->exit_status = -1;
}

KilnHelper *
kiln_helper_new (KilnToolchain  *toolchain,
                 const char     *script,
                 KilnHelperMode  mode)
{
  KilnHelper *self;

  g_return_val_if_fail (KILN_IS_TOOLCHAIN (toolchain), NULL);
  g_return_val_if_fail (script != NULL, NULL);

  self = g_object_new (KILN_TYPE_HELPER, NULL);
  self->toolchain = g_object_ref (toolchain);
  self->script = g_strdup (script);
  self->mode = mode;

  return self;
}

KilnHelper *
kiln_helper_new_for_source (KilnToolchain  *toolchain,
                            const char     *name,
                            GBytes         *source,
                            KilnHelperMode  mode)
{
  KilnHelper *self = kiln_helper_new (toolchain, name, mode);

  self->source = g_bytes_ref (source);

  return self;
}

void
kiln_helper_set_cwd (KilnHelper *self,
                     const char *cwd)
{
  g_return_if_fail (KILN_IS_HELPER (self));

  g_free (self->cwd);
  self->cwd = g_strdup (cwd);
}

void
kiln_helper_set_mix_env (KilnHelper *self,
                         const char *mix_env)
{
  g_return_if_fail (KILN_IS_HELPER (self));
  g_return_if_fail (mix_env != NULL);

  g_free (self->mix_env);
  self->mix_env = g_strdup (mix_env);
}

void
kiln_helper_add_arguments (KilnHelper *self,
                           const char *first_argument,
                           ...)
{
  va_list args;

  g_return_if_fail (KILN_IS_HELPER (self));

  va_start (args, first_argument);
  for (const char *arg = first_argument; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (self->arguments, g_strdup (arg));
  va_end (args);
}

/* What a helper that dies without saying why is taken to mean: "project"
 * for those that run the project's own code, which may stop the BEAM. */
void
kiln_helper_set_crash_kind (KilnHelper *self,
                            const char *kind)
{
  g_return_if_fail (KILN_IS_HELPER (self));

  g_free (self->crash_kind);
  self->crash_kind = g_strdup (kind);
}

/* See kiln_process_set_time_limit(). */
void
kiln_helper_set_time_limit (KilnHelper *self,
                            guint       seconds)
{
  g_return_if_fail (KILN_IS_HELPER (self));
  self->time_limit_s = seconds;
}

/* Blocks: call it from a thread, or let run_async do it. */
gboolean
kiln_helper_prepare (KilnHelper  *self,
                     GError     **error)
{
  g_return_val_if_fail (KILN_IS_HELPER (self), FALSE);

  if (self->script_path == NULL)
    self->script_path = kiln_helper_script_ensure (self->script, self->source,
                                                   self->mode == KILN_HELPER_MODE_RESULT, error);

  return self->script_path != NULL;
}

const char *
kiln_helper_get_script_path (KilnHelper *self)
{
  g_return_val_if_fail (KILN_IS_HELPER (self), NULL);

  return self->script_path;
}

static void
output_line (KilnHelper *self,
             KilnStream  stream,
             const char *line)
{
  GString *text = stream == KILN_STREAM_STDOUT ? self->stdout_text : self->stderr_text;

  /* Kept only to explain a failure: the answer is on its own line. */
  if (self->mode == KILN_HELPER_MODE_RESULT && text->len < MAX_CAPTURED_BYTES)
    {
      g_string_append (text, line);
      g_string_append_c (text, '\n');
    }

  g_signal_emit (self, signals[LINE], 0, (int) stream, line);
}

static void
process_line_cb (KilnProcess *process,
                 KilnStream   stream,
                 const char  *line,
                 gpointer     user_data)
{
  KilnHelper *self = user_data;
  KilnHelperLine kind = KILN_HELPER_LINE_OUTPUT;
  const char *payload = NULL;
  gsize output_length = strlen (line);

  if (stream == KILN_STREAM_STDOUT)
    kind = kiln_helper_protocol_parse_line (line, &output_length, &payload);

  if (kind == KILN_HELPER_LINE_OUTPUT)
    {
      output_line (self, stream, line);
      return;
    }

  if (output_length > 0)
    {
      g_autofree char *before = g_strndup (line, output_length);
      output_line (self, stream, before);
    }

  switch (kind)
    {
    case KILN_HELPER_LINE_STEP:
      g_signal_emit (self, signals[STEP], 0, payload);
      break;

    case KILN_HELPER_LINE_RESULT:
      g_free (self->result_text);
      self->result_text = g_strdup (payload);
      break;

    case KILN_HELPER_LINE_FAIL:
      g_clear_pointer (&self->failure_kind, g_free);
      g_clear_pointer (&self->failure_message, g_free);
      kiln_helper_protocol_parse_failure (payload, &self->failure_kind, &self->failure_message);
      break;

    case KILN_HELPER_LINE_OUTPUT:
    default:
      g_assert_not_reached ();
    }
}

static KilnProcess *
new_process (KilnHelper *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) arguments = NULL;
  KilnProcess *process;

  g_strv_builder_add (builder, self->script_path);
  for (guint i = 0; i < self->arguments->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->arguments, i));
  arguments = g_strv_builder_end (builder);

  process = kiln_toolchain_new_elixir_process (self->toolchain, self->cwd, (const char * const *) arguments);
  kiln_process_setenv (process, "MIX_ENV", self->mix_env);
  kiln_helper_protocol_setenv (process);
  kiln_process_set_line_func (process, process_line_cb, self, NULL);
  kiln_process_set_time_limit (process, self->time_limit_s);

  return process;
}

char *
kiln_helper_dup_command_line (KilnHelper *self)
{
  g_autoptr(KilnProcess) process = NULL;

  g_return_val_if_fail (KILN_IS_HELPER (self), NULL);
  g_return_val_if_fail (self->script_path != NULL, NULL);

  process = new_process (self);
  return kiln_process_dup_command_line (process);
}

static char *
dup_captured_output (KilnHelper *self)
{
  g_autofree char *stderr_text = g_strstrip (g_strdup (self->stderr_text->str));

  if (*stderr_text != '\0')
    return g_steal_pointer (&stderr_text);

  return g_strstrip (g_strdup (self->stdout_text->str));
}

/* Called once the process has exited: turns what it said into the outcome. */
static gboolean
check_outcome (KilnHelper  *self,
               GError     **error)
{
  g_autoptr(GError) parse_error = NULL;

  if (self->failure_kind != NULL)
    {
      g_autofree char *said = g_strstrip (g_strdup (self->stderr_text->str));
      KilnError code = kiln_helper_protocol_error_code (self->failure_kind);

      /* What Mix said on stderr (captured in RESULT mode) leads up to the reason. */
      if (*said != '\0')
        g_set_error (error, KILN_ERROR, code, "%s\n%s", said, self->failure_message);
      else
        g_set_error_literal (error, KILN_ERROR, code, self->failure_message);
      return FALSE;
    }

  if (self->exit_status != 0 || (self->mode == KILN_HELPER_MODE_RESULT && self->result_text == NULL))
    {
      self->failure_message = dup_captured_output (self);
      self->failure_kind = g_strdup (self->crash_kind);

      if (self->crash_kind != NULL)
        g_set_error_literal (error, KILN_ERROR, kiln_helper_protocol_error_code (self->crash_kind),
                             self->failure_message);
      else
        g_set_error (error, KILN_ERROR, KILN_ERROR_HELPER_FAILED,
                     _("Kiln’s helper %s failed (exit status %d): %s"),
                     self->script, self->exit_status, self->failure_message);
      return FALSE;
    }

  if (self->mode != KILN_HELPER_MODE_RESULT)
    return TRUE;

  /* The answer carries values from the project's own code: it is read with
   * the same limits as any other untrusted JSON. */
  if (!(self->result = kiln_json_parse (self->result_text, -1, &parse_error)))
    {
      if (g_strcmp0 (self->crash_kind, "project") == 0)
        g_set_error (error, KILN_ERROR, KILN_ERROR_PROJECT_INVALID,
                     _("Kiln could not read the values the project gave it: %s. Simplify them in mix.exs "
                       "(a value nested hundreds of levels deep, for example), then try again."),
                     parse_error->message);
      else
        g_set_error (error, KILN_ERROR, KILN_ERROR_HELPER_FAILED,
                     _("Kiln could not read the answer of its helper %s: %s. This is a bug in Kiln; please report it."),
                     self->script, parse_error->message);
      return FALSE;
    }

  return TRUE;
}

static void
process_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KilnHelper *self = g_task_get_source_object (task);
  GError *error = NULL;

  self->running = FALSE;

  if (!kiln_process_run_finish (KILN_PROCESS (object), result, &self->exit_status, &error)
      || !check_outcome (self, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
spawn (GTask *task)
{
  KilnHelper *self = g_task_get_source_object (task);
  g_autoptr(KilnProcess) process = new_process (self);

  kiln_process_run_async (process, g_task_get_cancellable (task), process_done_cb, g_object_ref (task));
}

static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;

  if (!kiln_helper_prepare (source_object, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
prepare_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      KILN_HELPER (object)->running = FALSE;
      g_task_return_error (task, error);
      return;
    }

  spawn (task);
}

void
kiln_helper_run_async (KilnHelper          *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KILN_IS_HELPER (self));
  g_return_if_fail (!self->running);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiln_helper_run_async);

  reset_outcome (self);
  self->running = TRUE;

  if (self->script_path != NULL)
    {
      spawn (task);
      return;
    }

  {
    g_autoptr(GTask) prepare_task = g_task_new (self, NULL, prepare_cb, g_object_ref (task));
    g_task_run_in_thread (prepare_task, prepare_thread);
  }
}

gboolean
kiln_helper_run_finish (KilnHelper    *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (KILN_IS_HELPER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* For worker threads: the process runs on a context of its own. */
gboolean
kiln_helper_run (KilnHelper    *self,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(KilnProcess) process = NULL;
  gboolean ok;

  g_return_val_if_fail (KILN_IS_HELPER (self), FALSE);
  g_return_val_if_fail (!self->running, FALSE);

  if (!kiln_helper_prepare (self, error))
    return FALSE;

  reset_outcome (self);
  self->running = TRUE;
  process = new_process (self);
  ok = kiln_process_run_sync (process, cancellable, &self->exit_status, error)
       && check_outcome (self, error);
  self->running = FALSE;

  return ok;
}

JsonNode *
kiln_helper_get_result (KilnHelper *self)
{
  g_return_val_if_fail (KILN_IS_HELPER (self), NULL);

  return self->result;
}

int
kiln_helper_get_exit_status (KilnHelper *self)
{
  g_return_val_if_fail (KILN_IS_HELPER (self), -1);

  return self->exit_status;
}

/* NULL when the helper did not fail, or died without saying why and has
 * no crash kind. */
const char *
kiln_helper_get_failure_kind (KilnHelper *self)
{
  g_return_val_if_fail (KILN_IS_HELPER (self), NULL);

  return self->failure_kind;
}

const char *
kiln_helper_get_failure_message (KilnHelper *self)
{
  g_return_val_if_fail (KILN_IS_HELPER (self), NULL);

  return self->failure_message;
}
