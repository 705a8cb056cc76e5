#define G_LOG_DOMAIN "kiln-build"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kiln-build-environment-private.h"
#include "kiln-build-failure-private.h"
#include "kiln-build-lock.h"
#include "kiln-build-outcome-private.h"
#include "kiln-build-record-private.h"
#include "kiln-build-run-private.h"
#include "kiln-build-stage.h"
#include "kiln-build-verify-stage.h"

/* The orchestrator: runs the stages of kiln-build-pipeline.c in order,
 * moves the steps along, and records the outcome. */

static void complete (GTask *task, GError *error);

static KilnBuildStepSlot *
slot_at (KilnBuild *self,
         guint      index)
{
  return &g_array_index (self->slots, KilnBuildStepSlot, index);
}

static const char *
current_step_id (KilnBuild *self)
{
  return self->current_step != NULL ? kiln_build_step_get_id (self->current_step) : NULL;
}

static void
log_for_step (KilnBuild  *self,
              const char *step_id,
              const char *format,
              va_list     args) G_GNUC_PRINTF (3, 0);

static void
log_for_step (KilnBuild  *self,
              const char *step_id,
              const char *format,
              va_list     args)
{
  g_autofree char *text = g_strdup_vprintf (format, args);

  kiln_log_model_append (self->log, KILN_STREAM_STDOUT, step_id, text);
}

void
kiln_build_log (KilnBuild  *self,
                const char *format,
                ...)
{
  va_list args;

  va_start (args, format);
  log_for_step (self, current_step_id (self), format, args);
  va_end (args);
}

void
kiln_build_log_output (KilnBuild  *self,
                       KilnStream  stream,
                       const char *line)
{
  g_autofree char *rewritten = kiln_build_plan_rewrite_staging_path (self->plan, line);

  kiln_log_model_append (self->log, stream, current_step_id (self), rewritten ? rewritten : line);
}

static void
log_step_result (KilnBuild         *self,
                 KilnBuildStepSlot *slot,
                 const char        *format,
                 ...) G_GNUC_PRINTF (3, 4);

static void
log_step_result (KilnBuild         *self,
                 KilnBuildStepSlot *slot,
                 const char        *format,
                 ...)
{
  va_list args;

  va_start (args, format);
  log_for_step (self, slot->info->id, format, args);
  va_end (args);
}

static void
start_step (KilnBuild *self,
            guint      index)
{
  KilnBuildStepSlot *slot = slot_at (self, index);
  double done = 0.0;

  for (guint i = 0; i < index; i++)
    done += slot_at (self, i)->info->weight;

  kiln_build_step_start (slot->step);
  kiln_build_set_current_step (self, slot->step);
  kiln_build_set_progress (self, done);
}

static void
finish_step (KilnBuild          *self,
             guint               index,
             KilnBuildStepState  state,
             const char         *message)
{
  KilnBuildStepSlot *slot = slot_at (self, index);
  const char *title = _(slot->info->title);

  kiln_build_step_finish (slot->step, state, message);

  if (state == KILN_BUILD_STEP_SUCCEEDED)
    log_step_result (self, slot, _("%s: done in %.1f s"), title,
                     kiln_build_step_get_duration_ms (slot->step) / 1000.0);
  else if (state == KILN_BUILD_STEP_SKIPPED)
    log_step_result (self, slot, _("%s: skipped"), title);
  else if (state == KILN_BUILD_STEP_CANCELLED)
    log_step_result (self, slot, _("%s: cancelled"), title);
  else
    log_step_result (self, slot, _("%s: failed"), title);
}

static void
finish_running_steps (KilnBuild          *self,
                      KilnBuildStepState  state,
                      const char         *message)
{
  for (guint i = 0; i < self->slots->len; i++)
    if (kiln_build_step_get_state (slot_at (self, i)->step) == KILN_BUILD_STEP_RUNNING)
      finish_step (self, i, state, message);
}

static gboolean
find_stage_steps (KilnBuild *self,
                  guint     *first,
                  guint     *n_steps)
{
  *first = 0;
  *n_steps = 0;

  for (guint i = 0; i < self->slots->len; i++)
    {
      if (slot_at (self, i)->stage != self->stage_index)
        continue;
      if (*n_steps == 0)
        *first = i;
      (*n_steps)++;
    }

  return *n_steps > 0;
}

gboolean
kiln_build_advance_to_step (KilnBuild  *self,
                            const char *id,
                            gboolean   *started)
{
  guint first, n_steps;

  *started = FALSE;
  find_stage_steps (self, &first, &n_steps);

  for (guint target = first; target < first + n_steps; target++)
    {
      if (g_strcmp0 (slot_at (self, target)->info->id, id) != 0)
        continue;

      /* A step the helper passes over (Assets, when there is none) is skipped. */
      for (guint i = first; i < target; i++)
        if (kiln_build_step_get_state (slot_at (self, i)->step) == KILN_BUILD_STEP_RUNNING)
          finish_step (self, i, KILN_BUILD_STEP_SUCCEEDED, NULL);
        else if (kiln_build_step_get_state (slot_at (self, i)->step) == KILN_BUILD_STEP_PENDING)
          finish_step (self, i, KILN_BUILD_STEP_SKIPPED, NULL);

      if (kiln_build_step_get_state (slot_at (self, target)->step) == KILN_BUILD_STEP_PENDING)
        {
          start_step (self, target);
          *started = TRUE;
        }
      return TRUE;
    }

  return FALSE;
}

gboolean
kiln_build_reached_last_step (KilnBuild *self)
{
  guint first, n_steps;

  return !find_stage_steps (self, &first, &n_steps)
         || kiln_build_step_get_state (slot_at (self, first + n_steps - 1)->step) != KILN_BUILD_STEP_PENDING;
}

/* Running the pipeline */

static void run_stage (GTask *task);

static gboolean
return_if_cancelled (GTask *task)
{
  g_autoptr(GError) error = NULL;

  if (!g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    return FALSE;

  complete (task, g_steal_pointer (&error));
  return TRUE;
}

static void
stage_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KilnBuild *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!kiln_build_stage_run_finish (KILN_BUILD_STAGE (object), result, &error))
    {
      complete (task, error);
      return;
    }

  self->stage_index++;
  run_stage (task);
}

static void
start_stage_run (GTask *task)
{
  KilnBuild *self = g_task_get_source_object (task);

  kiln_build_stage_run_async (g_ptr_array_index (self->stages, self->stage_index), self,
                              g_task_get_cancellable (task), stage_cb, g_object_ref (task));
}

static void
record_begun_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KilnBuild *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!kiln_build_outcome_begin_finish (result, &error))
    {
      kiln_build_failure_prefix_prepare (&error);
      complete (task, error);
      return;
    }

  self->journal = kiln_log_journal_start (self->log, kiln_build_record_get_log_path (self->record));
  start_stage_run (task);
}

/* The record begins with the first step: a build refused before that has
 * nothing to record. */
static void
begin_record (GTask *task)
{
  KilnBuild *self = g_task_get_source_object (task);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *profile_json = kiln_release_profile_to_public_json (self->profile);

  g_autoptr(KilnBuildRecord) record = kiln_build_record_new (self->project_dir, self->plan->release_name);
  g_autofree char *lock_path = kiln_build_lock_dup_path (self->plan->work_dir);

  kiln_build_record_set_lock_path (record, lock_path);
  kiln_build_record_set_mix_env (record, self->plan->mix_env);
  kiln_build_record_set_profile_json (record, profile_json);
  kiln_build_record_set_started_at (record, now);
  kiln_build_set_record (self, record);

  kiln_build_log (self, _("Building release %s of %s (MIX_ENV=%s)"),
                  self->plan->release_name, self->project_dir, self->plan->mix_env);
  kiln_build_outcome_begin_async (self->record, record_begun_cb, g_object_ref (task));
}

/* A stage with steps of its own ends the steps before it, so that a stage
 * without (the swap) counts under the step it follows. */
static void
run_stage (GTask *task)
{
  KilnBuild *self = g_task_get_source_object (task);
  KilnBuildStage *stage;
  guint first, n_steps;

  if (self->stage_index == self->stages->len)
    {
      complete (task, NULL);
      return;
    }

  stage = g_ptr_array_index (self->stages, self->stage_index);
  if (find_stage_steps (self, &first, &n_steps))
    finish_running_steps (self, KILN_BUILD_STEP_SUCCEEDED, NULL);

  if (self->stage_index > 0 && return_if_cancelled (task))
    return;

  if (kiln_build_stage_is_skipped (stage, self))
    {
      for (guint i = first; i < first + n_steps; i++)
        finish_step (self, i, KILN_BUILD_STEP_SKIPPED, NULL);
      self->stage_index++;
      run_stage (task);
      return;
    }

  if (n_steps > 0)
    start_step (self, first);

  /* Validation only reads: the lock is taken once it passed, before
   * anything is written, and held until the record is saved. */
  if (n_steps > 0 && self->record == NULL)
    {
      GError *error = NULL;

      if ((self->lock_fd = kiln_build_lock_acquire (self->plan->work_dir, self->plan->release_name, &error)) < 0)
        {
          complete (task, error);
          return;
        }
      begin_record (task);
    }
  else
    start_stage_run (task);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KilnBuild *self = g_task_get_source_object (task);

  if (result != NULL)
    kiln_build_outcome_save_finish (result);

  kiln_build_lock_release (self->lock_fd);
  self->lock_fd = -1;

  if (self->error != NULL)
    {
      kiln_build_set_state (self, g_error_matches (self->error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                 ? KILN_BUILD_STATE_CANCELLED : KILN_BUILD_STATE_FAILED);
      g_task_return_error (task, g_steal_pointer (&self->error));
      return;
    }

  kiln_build_set_progress (self, 1.0);
  kiln_build_set_state (self, KILN_BUILD_STATE_SUCCEEDED);
  g_task_return_pointer (task, g_object_ref (self->record), g_object_unref);
}

/* Every way out goes through here: the running step takes the outcome, and
 * the record and log are saved. */
static void
complete (GTask  *task,
          GError *error)
{
  KilnBuild *self = g_task_get_source_object (task);
  gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  if (cancelled)
    {
      g_clear_error (&error);
      error = kiln_build_failure_new_cancelled ();
    }

  if (error == NULL)
    finish_running_steps (self, KILN_BUILD_STEP_SUCCEEDED, NULL);
  else
    finish_running_steps (self, cancelled ? KILN_BUILD_STEP_CANCELLED : KILN_BUILD_STEP_FAILED, error->message);

  if (error != NULL)
    kiln_build_log (self, "%s", error->message);
  else
    kiln_build_log (self, _("The build succeeded."));

  kiln_log_model_flush (self->log);
  g_clear_pointer (&self->journal, kiln_log_journal_stop);
  g_clear_pointer (&self->boot_check, kiln_boot_check_stop);
  self->error = error;

  if (self->record == NULL)
    {
      saved_cb (NULL, NULL, g_object_ref (task));
      return;
    }

  kiln_build_outcome_record (self->record, G_LIST_MODEL (self->steps), G_LIST_MODEL (self->artifacts), error);
  if (self->release_size > 0)
    {
      kiln_build_record_set_release_dir (self->record, self->plan->release_dir);
      kiln_build_record_set_release_size (self->record, self->release_size);
    }

  kiln_build_outcome_save_async (self->record, self->log, self->plan, saved_cb, g_object_ref (task));
}

void
kiln_build_run_async (KilnBuild           *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  guint n_stages;
  const KilnBuildPipelineStage *stages = kiln_build_pipeline_get_stages (&n_stages);

  g_return_if_fail (KILN_IS_BUILD (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiln_build_run_async);

  if (self->state != KILN_BUILD_STATE_IDLE)
    {
      g_task_return_error (task, kiln_build_failure_new_busy ());
      return;
    }

  self->plan = kiln_build_plan_new (self->project_dir, self->profile);
  if (self->phoenix != NULL && kiln_release_profile_get_run_assets (self->profile))
    self->plan->assets_task = g_strdup (kiln_phoenix_get_assets_task (self->phoenix));
  self->check_environment = kiln_build_environment_new (self->profile, self->phoenix);
  self->stages = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n_stages; i++)
    g_ptr_array_add (self->stages, g_object_new (stages[i].get_type (), NULL));

  kiln_build_set_state (self, KILN_BUILD_STATE_RUNNING);
  run_stage (task);
}

KilnBuildRecord *
kiln_build_run_finish (KilnBuild     *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (KILN_IS_BUILD (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
