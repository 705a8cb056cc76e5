#define G_LOG_DOMAIN "kiln-build"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "kiln-error.h"
#include "kiln-paths.h"
#include "kiln-process.h"
#include "kiln-release-verifier.h"

#define BOOT_TIMEOUT_SECONDS 60
#define EVAL_MARKER "kiln-verify-ok"
#define EVAL_EXPRESSION "IO.puts(\"" EVAL_MARKER "\")"

/* Overrides the bin script honours; the release is checked as shipped. */
static const char * const release_overrides[] = {
  "RELEASE_NAME", "RELEASE_VSN", "RELEASE_ROOT", "RELEASE_MODE", "RELEASE_COMMAND",
  "RELEASE_SYS_CONFIG", "RELEASE_VM_ARGS", "RELEASE_BOOT_SCRIPT", "RELEASE_BOOT_SCRIPT_CLEAN",
  "RELEASE_PROG",
};

typedef enum
{
  STAGE_VERSION,
  STAGE_EVAL,
} Stage;

typedef struct
{
  char          *release_dir;
  char          *release_name;
  char          *bin_path;
  KilnToolchain *toolchain;
  char          *tmp_dir;
  char          *version_output;
  KilnProcess   *process;
  GCancellable  *run_cancellable;
  GCancellable  *cancellable;
  gulong         cancelled_id;
  GSource       *timeout_source;
  Stage          stage;
  gboolean       timed_out;
} VerifyState;

static void
stop_watching (VerifyState *state)
{
  if (state->cancelled_id != 0)
    {
      g_cancellable_disconnect (state->cancellable, state->cancelled_id);
      state->cancelled_id = 0;
    }

  if (state->timeout_source != NULL)
    {
      g_source_destroy (state->timeout_source);
      g_clear_pointer (&state->timeout_source, g_source_unref);
    }
}

static void
verify_state_free (VerifyState *state)
{
  stop_watching (state);

  if (state->tmp_dir != NULL)
    kiln_paths_remove_tree (state->tmp_dir, NULL);

  g_free (state->release_dir);
  g_free (state->release_name);
  g_free (state->bin_path);
  g_free (state->tmp_dir);
  g_free (state->version_output);
  g_clear_object (&state->toolchain);
  g_clear_object (&state->process);
  g_clear_object (&state->run_cancellable);
  g_clear_object (&state->cancellable);
  g_free (state);
}

static char *
dup_output (KilnProcess *process)
{
  g_autofree char *output = g_strconcat (kiln_process_get_stdout_text (process),
                                         kiln_process_get_stderr_text (process),
                                         NULL);

  g_strstrip (output);
  if (*output == '\0')
    return g_strdup (_("(no output)"));

  return g_steal_pointer (&output);
}

static char *
find_line_with_prefix (const char *text,
                       const char *prefix,
                       gboolean    whole_line)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);

      if (whole_line ? g_str_equal (lines[i], prefix) : g_str_has_prefix (lines[i], prefix))
        return g_strdup (lines[i]);
    }

  return NULL;
}

static void run_stage (GTask *task);

static gboolean
timeout_cb (gpointer user_data)
{
  VerifyState *state = user_data;

  state->timed_out = TRUE;
  g_cancellable_cancel (state->run_cancellable);

  return G_SOURCE_CONTINUE;
}

static void
cancelled_cb (GCancellable *cancellable,
              GCancellable *run_cancellable)
{
  g_cancellable_cancel (run_cancellable);
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VerifyState *state = g_task_get_task_data (task);
  KilnProcess *process = KILN_PROCESS (object);
  g_autofree char *command_line = kiln_process_dup_command_line (process);
  g_autofree char *output = NULL;
  g_autoptr(GError) error = NULL;
  int exit_status = 0;

  kiln_process_run_finish (process, result, &exit_status, &error);
  stop_watching (state);

  if (state->timed_out)
    {
      g_task_return_new_error (task, KILN_ERROR, KILN_ERROR_VERIFY_FAILED,
                               g_dngettext (GETTEXT_PACKAGE,
                                            "“%s” did not finish within %d second and was stopped; "
                                            "the release may hang while booting",
                                            "“%s” did not finish within %d seconds and was stopped; "
                                            "the release may hang while booting",
                                            BOOT_TIMEOUT_SECONDS),
                               command_line, BOOT_TIMEOUT_SECONDS);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  if (error != NULL)
    {
      g_task_return_new_error (task, KILN_ERROR, KILN_ERROR_VERIFY_FAILED,
                               _("Could not run “%s”: %s"), command_line, error->message);
      return;
    }

  output = dup_output (process);

  if (exit_status != 0)
    {
      g_task_return_new_error (task, KILN_ERROR, KILN_ERROR_VERIFY_FAILED,
                               _("“%s” failed with exit status %d:\n%s"),
                               command_line, exit_status, output);
      return;
    }

  if (state->stage == STAGE_VERSION)
    {
      g_autofree char *prefix = g_strconcat (state->release_name, " ", NULL);

      state->version_output = find_line_with_prefix (kiln_process_get_stdout_text (process),
                                                     prefix, FALSE);
      if (state->version_output == NULL)
        {
          g_task_return_new_error (task, KILN_ERROR, KILN_ERROR_VERIFY_FAILED,
                                   _("“%s” did not print “%s VERSION”:\n%s"),
                                   command_line, state->release_name, output);
          return;
        }

      state->stage = STAGE_EVAL;
      run_stage (g_steal_pointer (&task));
      return;
    }

  {
    g_autofree char *marker = find_line_with_prefix (kiln_process_get_stdout_text (process),
                                                     EVAL_MARKER, TRUE);

    if (marker == NULL)
      {
        g_task_return_new_error (task, KILN_ERROR, KILN_ERROR_VERIFY_FAILED,
                                 _("The release did not evaluate a test expression; “%s” printed:\n%s"),
                                 command_line, output);
        return;
      }
  }

  g_task_return_boolean (task, TRUE);
}

static void
run_stage (GTask *task)
{
  VerifyState *state = g_task_get_task_data (task);

  g_clear_object (&state->process);
  g_clear_object (&state->run_cancellable);

  if (state->stage == STAGE_VERSION)
    state->process = kiln_process_newv (state->tmp_dir, state->bin_path, "version", NULL);
  else
    state->process = kiln_process_newv (state->tmp_dir, state->bin_path, "eval", EVAL_EXPRESSION, NULL);

  kiln_process_set_capture_output (state->process, TRUE);
  if (state->toolchain != NULL)
    kiln_toolchain_prepare_process (state->toolchain, state->process);
  for (guint i = 0; i < G_N_ELEMENTS (release_overrides); i++)
    kiln_process_unsetenv (state->process, release_overrides[i]);
  /* Booting writes to RELEASE_TMP and a failed boot writes erl_crash.dump
   * to the working folder: both outside the release, which stays as built. */
  kiln_process_setenv (state->process, "RELEASE_TMP", state->tmp_dir);

  state->run_cancellable = g_cancellable_new ();
  if (state->cancellable != NULL)
    state->cancelled_id = g_cancellable_connect (state->cancellable,
                                                 G_CALLBACK (cancelled_cb),
                                                 g_object_ref (state->run_cancellable),
                                                 g_object_unref);

  state->timeout_source = g_timeout_source_new_seconds (BOOT_TIMEOUT_SECONDS);
  g_source_set_static_name (state->timeout_source, "[kiln-release-verifier-timeout]");
  g_source_set_callback (state->timeout_source, timeout_cb, state, NULL);
  g_source_attach (state->timeout_source, g_task_get_context (task));

  kiln_process_run_async (state->process, state->run_cancellable, run_cb, task);
}

void
kiln_release_verifier_check_boot_async (const char          *release_dir,
                                        const char          *release_name,
                                        KilnToolchain       *toolchain,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  VerifyState *state;

  g_return_if_fail (release_dir != NULL);
  g_return_if_fail (release_name != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiln_release_verifier_check_boot_async);

  state = g_new0 (VerifyState, 1);
  state->release_dir = g_strdup (release_dir);
  state->release_name = g_strdup (release_name);
  state->bin_path = g_build_filename (release_dir, "bin", release_name, NULL);
  state->toolchain = toolchain ? g_object_ref (toolchain) : NULL;
  state->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  state->stage = STAGE_VERSION;
  g_task_set_task_data (task, state, (GDestroyNotify) verify_state_free);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!g_file_test (state->bin_path, G_FILE_TEST_IS_EXECUTABLE) ||
      g_file_test (state->bin_path, G_FILE_TEST_IS_DIR))
    {
      g_task_return_new_error (task, KILN_ERROR, KILN_ERROR_VERIFY_FAILED,
                               _("“%s” is missing or not executable; is “%s” a release of %s?"),
                               state->bin_path, release_dir, release_name);
      return;
    }

  state->tmp_dir = g_dir_make_tmp ("kiln-release-tmp-XXXXXX", &error);
  if (state->tmp_dir == NULL)
    {
      g_task_return_new_error (task, KILN_ERROR, KILN_ERROR_VERIFY_FAILED,
                               _("Could not create a temporary folder to boot the release: %s"),
                               error->message);
      return;
    }

  run_stage (g_steal_pointer (&task));
}

gboolean
kiln_release_verifier_check_boot_finish (GAsyncResult  *result,
                                         char         **version_output,
                                         GError       **error)
{
  VerifyState *state;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  state = g_task_get_task_data (G_TASK (result));
  if (version_output != NULL)
    *version_output = g_strdup (state->version_output);

  return TRUE;
}

static void
sync_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* For worker threads and the CLI: runs on a private main context. */
gboolean
kiln_release_verifier_check_boot (const char     *release_dir,
                                  const char     *release_name,
                                  KilnToolchain  *toolchain,
                                  GCancellable   *cancellable,
                                  char          **version_output,
                                  GError        **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;
  gboolean ret;

  g_main_context_push_thread_default (context);
  kiln_release_verifier_check_boot_async (release_dir, release_name, toolchain, cancellable,
                                          sync_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  ret = kiln_release_verifier_check_boot_finish (result, version_output, error);
  g_clear_object (&result);
  g_main_context_pop_thread_default (context);

  return ret;
}
