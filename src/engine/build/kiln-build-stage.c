#define G_LOG_DOMAIN "kiln-build"

#include "config.h"

#include "kiln-build-stage.h"

G_DEFINE_ABSTRACT_TYPE (KilnBuildStage, kiln_build_stage, G_TYPE_OBJECT)

static gboolean
kiln_build_stage_real_is_skipped (KilnBuildStage *self,
                                  KilnBuild      *build)
{
  return FALSE;
}

static gboolean
kiln_build_stage_real_run_finish (KilnBuildStage  *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
kiln_build_stage_class_init (KilnBuildStageClass *klass)
{
  klass->is_skipped = kiln_build_stage_real_is_skipped;
  klass->run_finish = kiln_build_stage_real_run_finish;
}

static void
kiln_build_stage_init (KilnBuildStage *self)
{
}

gboolean
kiln_build_stage_is_skipped (KilnBuildStage *self,
                             KilnBuild      *build)
{
  g_return_val_if_fail (KILN_IS_BUILD_STAGE (self), FALSE);

  return KILN_BUILD_STAGE_GET_CLASS (self)->is_skipped (self, build);
}

void
kiln_build_stage_run_async (KilnBuildStage      *self,
                            KilnBuild           *build,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (KILN_IS_BUILD_STAGE (self));
  g_return_if_fail (KILN_IS_BUILD (build));

  KILN_BUILD_STAGE_GET_CLASS (self)->run_async (self, build, cancellable, callback, user_data);
}

gboolean
kiln_build_stage_run_finish (KilnBuildStage  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (KILN_IS_BUILD_STAGE (self), FALSE);

  return KILN_BUILD_STAGE_GET_CLASS (self)->run_finish (self, result, error);
}

GTask *
kiln_build_stage_new_task (KilnBuildStage      *self,
                           KilnBuild           *build,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_task_data (task, g_object_ref (build), g_object_unref);

  return task;
}

/* Work that must finish once begun (moving trees, saving), hence no
 * cancellable: the stage checks for cancellation when it returns. The
 * thread gets the stage as source object and the build as task data;
 * CALLBACK gets TASK as user data. */
void
kiln_build_stage_run_in_thread (GTask               *task,
                                GTaskThreadFunc      func,
                                GAsyncReadyCallback  callback)
{
  g_autoptr(GTask) thread_task = g_task_new (g_task_get_source_object (task), NULL,
                                             callback, g_object_ref (task));

  g_task_set_task_data (thread_task, g_object_ref (g_task_get_task_data (task)), g_object_unref);
  g_task_run_in_thread (thread_task, func);
}
