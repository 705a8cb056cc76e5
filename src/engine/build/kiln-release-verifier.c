#define G_LOG_DOMAIN "kiln-build"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "kiln-error.h"
#include "kiln-release-runner.h"
#include "kiln-release-verifier.h"

#define BOOT_TIMEOUT_SECONDS 60
#define EVAL_MARKER "kiln-verify-ok"
/* One boot answers both questions: the release evaluates code, and the bin
 * script's RELEASE_NAME and RELEASE_VSN are what `bin/NAME version` prints. */
#define EVAL_EXPRESSION "IO.puts(\"" EVAL_MARKER " \" <> System.get_env(\"RELEASE_NAME\", \"\") " \
                        "<> \" \" <> System.get_env(\"RELEASE_VSN\", \"\"))"

typedef struct
{
  KilnReleaseRunner *runner;
  char              *version_output;
  KilnProcess       *process;
  GCancellable      *cancellable;
} VerifyState;

static void
verify_state_free (VerifyState *state)
{
  g_free (state->version_output);
  g_clear_object (&state->runner);
  g_clear_object (&state->process);
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

/* The text after the marker on the line that starts with it. */
static char *
find_marked_text (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);

      if (g_str_has_prefix (lines[i], EVAL_MARKER))
        return g_strstrip (g_strdup (lines[i] + strlen (EVAL_MARKER)));
    }

  return NULL;
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

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
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

  {
    const char *release_name = kiln_release_runner_get_release_name (state->runner);
    g_autofree char *version = find_marked_text (kiln_process_get_stdout_text (process));
    g_autofree char *version_prefix = g_strconcat (release_name, " ", NULL);

    if (version == NULL)
      {
        g_task_return_new_error (task, KILN_ERROR, KILN_ERROR_VERIFY_FAILED,
                                 _("The release did not evaluate a test expression; “%s” printed:\n%s"),
                                 command_line, output);
        return;
      }

    if (!g_str_has_prefix (version, version_prefix))
      {
        g_task_return_new_error (task, KILN_ERROR, KILN_ERROR_VERIFY_FAILED,
                                 _("“%s” did not print “%s VERSION”:\n%s"),
                                 command_line, release_name, output);
        return;
      }

    state->version_output = g_steal_pointer (&version);
  }

  g_task_return_boolean (task, TRUE);
}

static void
run_eval (GTask *task)
{
  VerifyState *state = g_task_get_task_data (task);
  const char * const eval[] = { "eval", EVAL_EXPRESSION, NULL };
  g_autoptr(GError) error = NULL;

  state->process = kiln_release_runner_new_process (state->runner, eval, &error);
  if (state->process == NULL)
    {
      g_task_return_new_error (task, KILN_ERROR, KILN_ERROR_VERIFY_FAILED, "%s", error->message);
      g_object_unref (task);
      return;
    }
  kiln_process_set_capture_output (state->process, TRUE);
  kiln_process_set_time_limit (state->process, BOOT_TIMEOUT_SECONDS);

  kiln_process_run_async (state->process, state->cancellable, run_cb, task);
}

void
kiln_release_verifier_check_boot_async (const char          *release_dir,
                                        const char          *release_name,
                                        KilnToolchain       *toolchain,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  kiln_release_verifier_check_boot_with_environment_async (release_dir, release_name, toolchain, NULL,
                                                           cancellable, callback, user_data);
}

void
kiln_release_verifier_check_boot_with_environment_async (const char          *release_dir,
                                                         const char          *release_name,
                                                         KilnToolchain       *toolchain,
                                                         const char * const  *environment,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  VerifyState *state;

  g_return_if_fail (release_dir != NULL);
  g_return_if_fail (release_name != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiln_release_verifier_check_boot_async);

  state = g_new0 (VerifyState, 1);
  state->runner = kiln_release_runner_new (release_dir, release_name, toolchain);
  for (guint i = 0; environment != NULL && environment[i] != NULL && environment[i + 1] != NULL; i += 2)
    kiln_release_runner_setenv (state->runner, environment[i], environment[i + 1]);
  state->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  g_task_set_task_data (task, state, (GDestroyNotify) verify_state_free);

  if (g_task_return_error_if_cancelled (task))
    return;

  run_eval (g_steal_pointer (&task));
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
