#define G_LOG_DOMAIN "kiln-build"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kiln-build-private.h"
#include "kiln-build-swap-stage.h"

/* The commit, last of all: puts the staged release and archives in place of
 * the last ones, which until then are kept, so a build that fails or is
 * cancelled before this leaves the last good release. It is not cancelled
 * once begun, and the build has succeeded when it is done. */

struct _KilnBuildSwapStage
{
  KilnBuildStage parent_instance;
};

G_DEFINE_FINAL_TYPE (KilnBuildSwapStage, kiln_build_swap_stage, KILN_TYPE_BUILD_STAGE)

typedef struct
{
  char    *version;
  guint64  size;
} Swapped;

static void
swapped_free (Swapped *swapped)
{
  g_free (swapped->version);
  g_free (swapped);
}

static void
swap_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  KilnBuildPlan *plan = kiln_build_get_plan (task_data);
  Swapped *swapped = g_new0 (Swapped, 1);
  GError *error = NULL;

  if (!kiln_build_plan_swap (plan, &swapped->size, &error))
    {
      swapped_free (swapped);
      g_task_return_error (task, error);
      return;
    }

  swapped->version = g_strdup (plan->release_version);
  g_task_return_pointer (task, swapped, (GDestroyNotify) swapped_free);
}

static void
swap_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KilnBuild *build = g_task_get_task_data (task);
  KilnBuildPlan *plan = kiln_build_get_plan (build);
  Swapped *swapped;
  GError *error = NULL;

  if (!(swapped = g_task_propagate_pointer (G_TASK (result), &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  kiln_build_set_release (build, plan->release_dir, swapped->version, swapped->size);
  kiln_build_log (build, _("Release %s %s is at %s"), plan->release_name, swapped->version, plan->release_dir);
  swapped_free (swapped);

  g_task_return_boolean (task, TRUE);
}

static void
kiln_build_swap_stage_run_async (KilnBuildStage      *stage,
                                 KilnBuild           *build,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = kiln_build_stage_new_task (stage, build, cancellable, callback, user_data);

  kiln_build_stage_run_in_thread (task, swap_thread, swap_cb);
}

static void
kiln_build_swap_stage_class_init (KilnBuildSwapStageClass *klass)
{
  KILN_BUILD_STAGE_CLASS (klass)->run_async = kiln_build_swap_stage_run_async;
}

static void
kiln_build_swap_stage_init (KilnBuildSwapStage *self)
{
}
