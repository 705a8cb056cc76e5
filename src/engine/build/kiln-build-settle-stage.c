#define G_LOG_DOMAIN "kiln-build"

#include "config.h"

#include "kiln-build-private.h"
#include "kiln-build-settle-stage.h"

/* Between assembling and packaging: the staged release's version, and Mix's
 * own :tar archive taken out of the tree that is about to be packaged. */

struct _KilnBuildSettleStage
{
  KilnBuildStage parent_instance;
};

G_DEFINE_FINAL_TYPE (KilnBuildSettleStage, kiln_build_settle_stage, KILN_TYPE_BUILD_STAGE)

static void
settle_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;

  if (!kiln_build_plan_settle (kiln_build_get_plan (task_data), NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
settle_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
kiln_build_settle_stage_run_async (KilnBuildStage      *stage,
                                   KilnBuild           *build,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = kiln_build_stage_new_task (stage, build, cancellable, callback, user_data);

  kiln_build_stage_run_in_thread (task, settle_thread, settle_cb);
}

static void
kiln_build_settle_stage_class_init (KilnBuildSettleStageClass *klass)
{
  KILN_BUILD_STAGE_CLASS (klass)->run_async = kiln_build_settle_stage_run_async;
}

static void
kiln_build_settle_stage_init (KilnBuildSettleStage *self)
{
}
