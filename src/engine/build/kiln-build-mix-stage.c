#define G_LOG_DOMAIN "kiln-build"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kiln-build-failure-private.h"
#include "kiln-build-mix-stage.h"
#include "kiln-build-private.h"
#include "kiln-error.h"
#include "kiln-helper.h"

/* Dependencies, compile and assemble: one BEAM running kiln-release.exs,
 * which says which step it is at. The release is assembled into the
 * plan's staging folder. */

#define HELPER_SCRIPT "kiln-release.exs"
#define MAX_STEP_LINES 400

struct _KilnBuildMixStage
{
  KilnBuildStage  parent_instance;

  KilnHelper     *helper;
  GPtrArray      *step_lines;
};

G_DEFINE_FINAL_TYPE (KilnBuildMixStage, kiln_build_mix_stage, KILN_TYPE_BUILD_STAGE)

static void
log_assets (KilnBuild *build)
{
  KilnBuildPlan *plan = kiln_build_get_plan (build);

  kiln_build_log (build, _("Running MIX_ENV=%s mix %s: it writes the digested assets into priv/static "
                           "in the project, as the documented Phoenix release flow does"),
                  plan->mix_env, plan->assets_task);
}

static void
helper_step_cb (KilnHelper *helper,
                const char *id,
                gpointer    user_data)
{
  GTask *task = user_data;
  KilnBuildMixStage *self = g_task_get_source_object (task);
  gboolean started = FALSE;

  KilnBuild *build = g_task_get_task_data (task);

  /* A failure quotes the output of the step it happened in. */
  if (kiln_build_advance_to_step (build, id, &started) && started)
    {
      g_ptr_array_set_size (self->step_lines, 0);
      if (g_str_equal (id, "assets"))
        log_assets (build);
    }
}

static void
helper_line_cb (KilnHelper *helper,
                KilnStream  stream,
                const char *line,
                gpointer    user_data)
{
  GTask *task = user_data;
  KilnBuildMixStage *self = g_task_get_source_object (task);

  if (self->step_lines->len < MAX_STEP_LINES)
    g_ptr_array_add (self->step_lines, g_strdup (line));

  kiln_build_log_output (g_task_get_task_data (task), stream, line);
}

static void
helper_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KilnBuildMixStage *self = g_task_get_source_object (task);
  KilnBuild *build = g_task_get_task_data (task);
  KilnBuildStep *step = kiln_build_get_current_step (build);
  g_autoptr(GError) error = NULL;
  int exit_status;

  /* Errors of another domain than Kiln's mean Elixir did not run at all. */
  if (!kiln_helper_run_finish (self->helper, result, &error) && error->domain != KILN_ERROR)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        kiln_build_failure_prefix_run (&error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  exit_status = kiln_helper_get_exit_status (self->helper);
  kiln_build_log (build, _("Mix finished with exit status %d"), exit_status);

  if (error != NULL)
    g_task_return_error (task, kiln_build_failure_new_helper (build,
                                                              step ? kiln_build_step_get_id (step) : NULL,
                                                              kiln_helper_get_failure_kind (self->helper),
                                                              kiln_helper_get_failure_message (self->helper),
                                                              exit_status, self->step_lines));
  else if (!kiln_build_reached_last_step (build))
    g_task_return_error (task, kiln_build_failure_new_incomplete ());
  else
    g_task_return_boolean (task, TRUE);
}

static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  KilnBuildMixStage *self = source_object;
  GError *error = NULL;

  if (!kiln_build_plan_prepare (kiln_build_get_plan (task_data), &error)
      || !kiln_helper_prepare (self->helper, &error))
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
  KilnBuildMixStage *self = g_task_get_source_object (task);
  KilnBuild *build = g_task_get_task_data (task);
  g_autofree char *command_line = NULL;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      kiln_build_failure_prefix_prepare (&error);
      g_task_return_error (task, error);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  g_signal_connect (self->helper, "line", G_CALLBACK (helper_line_cb), task);
  g_signal_connect (self->helper, "step", G_CALLBACK (helper_step_cb), task);

  {
    g_autofree char *commands = kiln_build_plan_dup_equivalent_commands (kiln_build_get_plan (build));
    g_auto(GStrv) lines = g_strsplit (commands, "\n", -1);

    kiln_build_log (build, _("The same build by hand, in one BEAM here:"));
    for (guint i = 0; lines[i] != NULL; i++)
      kiln_build_log (build, "  %s", lines[i]);
  }

  command_line = kiln_helper_dup_command_line (self->helper);
  kiln_build_log (build, _("Running MIX_ENV=%s %s"), kiln_build_get_plan (build)->mix_env, command_line);

  kiln_helper_run_async (self->helper, g_task_get_cancellable (task), helper_cb, g_object_ref (task));
}

static void
kiln_build_mix_stage_run_async (KilnBuildStage      *stage,
                                KilnBuild           *build,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  KilnBuildMixStage *self = KILN_BUILD_MIX_STAGE (stage);
  g_autoptr(GTask) task = kiln_build_stage_new_task (stage, build, cancellable, callback, user_data);
  KilnBuildPlan *plan = kiln_build_get_plan (build);

  self->helper = kiln_helper_new (kiln_build_get_toolchain (build), HELPER_SCRIPT, KILN_HELPER_MODE_STREAM);
  kiln_helper_set_cwd (self->helper, plan->project_dir);
  kiln_helper_set_mix_env (self->helper, plan->mix_env);
  kiln_helper_add_arguments (self->helper,
                             "--project", plan->project_dir,
                             "--release", plan->release_name,
                             "--options", plan->options_path,
                             NULL);
  if (plan->assets_task != NULL)
    kiln_helper_add_arguments (self->helper, "--assets", plan->assets_task, NULL);
  if (!plan->fetch_dependencies)
    kiln_helper_add_arguments (self->helper, "--no-fetch", NULL);
  /* Dying without a word is Mix failing on the project (a compile error). */
  kiln_helper_set_crash_kind (self->helper, "mix");

  kiln_build_stage_run_in_thread (task, prepare_thread, prepare_cb);
}

static void
kiln_build_mix_stage_finalize (GObject *object)
{
  KilnBuildMixStage *self = KILN_BUILD_MIX_STAGE (object);

  g_clear_object (&self->helper);
  g_clear_pointer (&self->step_lines, g_ptr_array_unref);

  G_OBJECT_CLASS (kiln_build_mix_stage_parent_class)->finalize (object);
}

static void
kiln_build_mix_stage_class_init (KilnBuildMixStageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kiln_build_mix_stage_finalize;
  KILN_BUILD_STAGE_CLASS (klass)->run_async = kiln_build_mix_stage_run_async;
}

static void
kiln_build_mix_stage_init (KilnBuildMixStage *self)
{
  self->step_lines = g_ptr_array_new_with_free_func (g_free);
}
