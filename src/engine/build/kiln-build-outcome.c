#define G_LOG_DOMAIN "kiln-build"

#include "config.h"

#include "kiln-artifact.h"
#include "kiln-build-outcome-private.h"
#include "kiln-build-record-private.h"
#include "kiln-build-step.h"

void
kiln_build_outcome_record (KilnBuildRecord *record,
                           GListModel      *steps,
                           GListModel      *artifacts,
                           const GError    *error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  KilnBuildResult result = KILN_BUILD_RESULT_SUCCEEDED;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    result = KILN_BUILD_RESULT_CANCELLED;
  else if (error != NULL)
    result = KILN_BUILD_RESULT_FAILED;

  for (guint i = 0; i < g_list_model_get_n_items (steps); i++)
    {
      g_autoptr(KilnBuildStep) step = g_list_model_get_item (steps, i);

      kiln_build_record_add_step (record, kiln_build_step_get_id (step),
                                  kiln_build_step_state_to_string (kiln_build_step_get_state (step)),
                                  kiln_build_step_get_duration_ms (step));
    }

  for (guint i = 0; i < g_list_model_get_n_items (artifacts); i++)
    {
      g_autoptr(KilnArtifact) artifact = g_list_model_get_item (artifacts, i);

      kiln_build_record_add_artifact (record,
                                      kiln_artifact_get_path (artifact),
                                      kiln_package_format_to_string (kiln_artifact_get_format (artifact)),
                                      kiln_artifact_get_size (artifact),
                                      kiln_artifact_get_sha256 (artifact));
    }

  kiln_build_record_set_result (record, result);
  kiln_build_record_set_error_message (record, error != NULL ? error->message : NULL);
  kiln_build_record_set_finished_at (record, now);
  kiln_build_record_set_lock_path (record, NULL);
}

static void
begin_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;

  if (!kiln_build_record_save (task_data, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Saved as soon as the build begins, so a crash leaves a trace of it in the
 * history. */
void
kiln_build_outcome_begin_async (KilnBuildRecord     *record,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, callback, user_data);

  g_task_set_source_tag (task, kiln_build_outcome_begin_async);
  g_task_set_task_data (task, g_object_ref (record), g_object_unref);
  g_task_run_in_thread (task, begin_thread);
}

gboolean
kiln_build_outcome_begin_finish (GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  KilnBuildRecord *record;
  KilnLogModel    *log;
  KilnBuildPlan   *plan;
} Save;

static void
save_free (Save *save)
{
  g_object_unref (save->record);
  g_object_unref (save->log);
  g_free (save);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Save *save = task_data;
  g_autoptr(GError) error = NULL;

  /* A failed build leaves no staging behind. */
  if (kiln_build_record_get_result (save->record) != KILN_BUILD_RESULT_SUCCEEDED)
    kiln_build_plan_discard (save->plan);

  if (!kiln_log_model_save (save->log, kiln_build_record_get_log_path (save->record), &error))
    {
      g_message ("Could not save the build log: %s", error->message);
      g_clear_error (&error);
    }

  if (!kiln_build_record_save (save->record, &error))
    g_message ("Could not save the build record: %s", error->message);

  g_task_return_boolean (task, TRUE);
}

/* Best effort: a build that could not be recorded has still happened. The
 * plan must stay alive until the callback. */
void
kiln_build_outcome_save_async (KilnBuildRecord     *record,
                               KilnLogModel        *log,
                               KilnBuildPlan       *plan,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, callback, user_data);
  Save *save = g_new0 (Save, 1);

  save->record = g_object_ref (record);
  save->log = g_object_ref (log);
  save->plan = plan;
  g_task_set_source_tag (task, kiln_build_outcome_save_async);
  g_task_set_task_data (task, save, (GDestroyNotify) save_free);
  g_task_run_in_thread (task, save_thread);
}

void
kiln_build_outcome_save_finish (GAsyncResult *result)
{
  g_task_propagate_boolean (G_TASK (result), NULL);
}
