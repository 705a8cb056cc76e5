#define G_LOG_DOMAIN "kiln-process"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "kiln-engine-resources.h"
#include "kiln-helper-private.h"
#include "kiln-paths.h"

#define HELPER_RESOURCE_PREFIX "/io/github/kilnapp/Kiln/engine/"
#define PROTOCOL_HELPER "kiln-helper.exs"
#define JSON_HELPER "kiln-json.exs"
#define MAX_CAPTURED_BYTES (256 * 1024)

/* The protocol, spelled here only: every helper gets these words in its
 * environment and kiln-helper.exs reads them from there. A protocol line is
 * a stdout line holding a marker; all markers begin with MARKER_START. */
#define MARKER_START '\x1e'
#define MARKER "\x1ekiln:"

enum {
  PROTOCOL_STEP,
  PROTOCOL_RESULT,
  PROTOCOL_FAIL,
  PROTOCOL_FAILED_STATUS,
  N_PROTOCOL
};

static const KilnHelperVariable protocol[N_PROTOCOL] = {
  [PROTOCOL_STEP] = { "KILN_HELPER_STEP", MARKER "step " },
  [PROTOCOL_RESULT] = { "KILN_HELPER_RESULT", MARKER "result " },
  [PROTOCOL_FAIL] = { "KILN_HELPER_FAIL", MARKER "fail " },
  [PROTOCOL_FAILED_STATUS] = { "KILN_HELPER_FAILED_STATUS", "2" },
};

/* Why a helper stopped, as it says on its fail line, and what that means. */
static const KilnHelperErrorKind error_kinds[] = {
  { "project", KILN_ERROR_PROJECT_INVALID },
  { "dependencies", KILN_ERROR_DEPENDENCIES },
  { "hex_missing", KILN_ERROR_DEPENDENCIES },
  { "mix", KILN_ERROR_BUILD_FAILED },
  { "usage", KILN_ERROR_HELPER_FAILED },
};

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

const KilnHelperVariable *
kiln_helper_get_protocol (guint *n_variables)
{
  *n_variables = N_PROTOCOL;
  return protocol;
}

const KilnHelperErrorKind *
kiln_helper_get_error_kinds (guint *n_kinds)
{
  *n_kinds = G_N_ELEMENTS (error_kinds);
  return error_kinds;
}

static KilnError
error_code_for_kind (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_kinds); i++)
    if (g_strcmp0 (error_kinds[i].kind, kind) == 0)
      return error_kinds[i].code;

  return KILN_ERROR_HELPER_FAILED;
}

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

static GBytes *
lookup_helper (const char  *name,
               GError     **error)
{
  g_autofree char *resource_path = g_strconcat (HELPER_RESOURCE_PREFIX, name, NULL);

  /* Asking our own resource, not the global registry, also makes the linker
   * keep the resource object (and its constructor) out of the static library. */
  return g_resource_lookup_data (kiln_engine_get_resource (), resource_path,
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, error);
}

/* The protocol module goes in front of every helper. Only helpers that
 * answer get the JSON encoder: compiling a module costs every build time. */
static GBytes *
dup_script (KilnHelper  *self,
            GError     **error)
{
  const char *parts[] = { PROTOCOL_HELPER, self->mode == KILN_HELPER_MODE_RESULT ? JSON_HELPER : NULL };
  g_autoptr(GByteArray) script = g_byte_array_new ();
  g_autoptr(GBytes) source = self->source ? g_bytes_ref (self->source) : lookup_helper (self->script, error);

  if (source == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autoptr(GBytes) part = parts[i] != NULL ? lookup_helper (parts[i], error) : NULL;

      if (parts[i] != NULL && part == NULL)
        return NULL;
      if (part != NULL)
        g_byte_array_append (script, g_bytes_get_data (part, NULL), g_bytes_get_size (part));
    }

  g_byte_array_append (script, g_bytes_get_data (source, NULL), g_bytes_get_size (source));

  return g_byte_array_free_to_bytes (g_steal_pointer (&script));
}

/* Elixir needs a real file to run, so the script is written to the cache,
 * under a name that changes with its contents. Blocks: call it from a
 * thread, or let run_async do it. */
gboolean
kiln_helper_prepare (KilnHelper  *self,
                     GError     **error)
{
  g_autoptr(GBytes) script = NULL;
  g_autofree char *cache_dir = kiln_paths_dup_cache_dir ();
  g_autofree char *helpers_dir = g_build_filename (cache_dir, "helpers", NULL);
  g_autofree char *checksum = NULL;
  g_autofree char *filename = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (KILN_IS_HELPER (self), FALSE);

  if (self->script_path != NULL)
    return TRUE;

  if (!(script = dup_script (self, error)))
    return FALSE;

  checksum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, script);
  checksum[16] = '\0';
  filename = g_strdup_printf ("%s-%s", checksum, self->script);
  path = g_build_filename (helpers_dir, filename, NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      if (g_mkdir_with_parents (helpers_dir, 0700) != 0)
        {
          int saved_errno = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Could not create %s: %s"), helpers_dir, g_strerror (saved_errno));
          return FALSE;
        }

      if (!g_file_set_contents (path, g_bytes_get_data (script, NULL), g_bytes_get_size (script), error))
        return FALSE;
    }

  self->script_path = g_steal_pointer (&path);
  return TRUE;
}

const char *
kiln_helper_get_script_path (KilnHelper *self)
{
  g_return_val_if_fail (KILN_IS_HELPER (self), NULL);

  return self->script_path;
}

static char *
unescape_message (const char *text)
{
  GString *message = g_string_new (NULL);

  for (const char *c = text; *c != '\0'; c++)
    {
      if (*c != '\\' || c[1] == '\0')
        {
          g_string_append_c (message, *c);
          continue;
        }

      c++;
      g_string_append_c (message, *c == 'n' ? '\n' : *c == 'r' ? '\r' : *c);
    }

  return g_string_free (message, FALSE);
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

static const char *
protocol_payload (const char *marker,
                  guint       word)
{
  return g_str_has_prefix (marker, protocol[word].value) ? marker + strlen (protocol[word].value) : NULL;
}

static gboolean
is_protocol_line (const char *marker)
{
  return protocol_payload (marker, PROTOCOL_STEP) != NULL
         || protocol_payload (marker, PROTOCOL_RESULT) != NULL
         || protocol_payload (marker, PROTOCOL_FAIL) != NULL;
}

static void
protocol_line (KilnHelper *self,
               const char *marker)
{
  const char *payload;

  if ((payload = protocol_payload (marker, PROTOCOL_STEP)))
    {
      g_signal_emit (self, signals[STEP], 0, payload);
    }
  else if ((payload = protocol_payload (marker, PROTOCOL_RESULT)))
    {
      g_free (self->result_text);
      self->result_text = g_strdup (payload);
    }
  else if ((payload = protocol_payload (marker, PROTOCOL_FAIL)))
    {
      const char *space = strchr (payload, ' ');

      g_free (self->failure_kind);
      g_free (self->failure_message);
      self->failure_kind = space ? g_strndup (payload, space - payload) : g_strdup (payload);
      self->failure_message = unescape_message (space ? space + 1 : "");
    }
}

/* Mix may leave a line unfinished before a marker: what precedes it is
 * ordinary output. */
static void
process_line_cb (KilnProcess *process,
                 KilnStream   stream,
                 const char  *line,
                 gpointer     user_data)
{
  KilnHelper *self = user_data;
  const char *marker = stream == KILN_STREAM_STDOUT ? strchr (line, MARKER_START) : NULL;

  if (marker == NULL || !is_protocol_line (marker))
    {
      output_line (self, stream, line);
      return;
    }

  if (marker > line)
    {
      g_autofree char *before = g_strndup (line, marker - line);
      output_line (self, stream, before);
    }

  protocol_line (self, marker);
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
  for (guint i = 0; i < N_PROTOCOL; i++)
    kiln_process_setenv (process, protocol[i].variable, protocol[i].value);
  kiln_process_set_line_func (process, process_line_cb, self, NULL);

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
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) parse_error = NULL;

  if (self->failure_kind != NULL)
    {
      g_set_error_literal (error, KILN_ERROR, error_code_for_kind (self->failure_kind),
                           self->failure_message);
      return FALSE;
    }

  if (self->exit_status != 0 || (self->mode == KILN_HELPER_MODE_RESULT && self->result_text == NULL))
    {
      self->failure_message = dup_captured_output (self);
      self->failure_kind = g_strdup (self->crash_kind);

      if (self->crash_kind != NULL)
        g_set_error_literal (error, KILN_ERROR, error_code_for_kind (self->crash_kind),
                             self->failure_message);
      else
        g_set_error (error, KILN_ERROR, KILN_ERROR_HELPER_FAILED,
                     _("Kiln’s helper %s failed (exit status %d): %s"),
                     self->script, self->exit_status, self->failure_message);
      return FALSE;
    }

  if (self->mode != KILN_HELPER_MODE_RESULT)
    return TRUE;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, self->result_text, -1, &parse_error)
      || json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_HELPER_FAILED,
                   _("Kiln could not read the answer of its helper %s: %s. This is a bug in Kiln; please report it."),
                   self->script, parse_error != NULL ? parse_error->message : "");
      return FALSE;
    }

  self->result = json_node_copy (json_parser_get_root (parser));
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
