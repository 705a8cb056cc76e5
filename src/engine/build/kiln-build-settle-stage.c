#define G_LOG_DOMAIN "kiln-build"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kiln-build-plan.h"
#include "kiln-build-private.h"
#include "kiln-build-record-private.h"
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
  KilnBuildPlan *plan = kiln_build_get_plan (task_data);
  GError *error = NULL;

  if (!kiln_build_plan_settle (plan, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* An ERTS from a path was built elsewhere: this machine says nothing of
   * where the release runs. */
  if (plan->include_erts != KILN_INCLUDE_ERTS_PATH)
    plan->host = kiln_build_host_new_for_this_machine (plan->target_otp);

  if (plan->has_formats)
    plan->source_date = kiln_source_date_find (plan->project_dir, &plan->source_date_origin, cancellable);

  g_task_return_boolean (task, TRUE);
}

static void
log_source_date (KilnBuild *build)
{
  KilnBuildPlan *plan = kiln_build_get_plan (build);
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *text = NULL;

  if (plan->source_date < 0 || !(date = g_date_time_new_from_unix_utc (plan->source_date)))
    return;

  text = g_date_time_format (date, "%Y-%m-%d %H:%M:%S UTC");
  switch (plan->source_date_origin)
    {
    case KILN_SOURCE_DATE_ENVIRONMENT:
      kiln_build_log (build, _("Archive timestamps are clamped to %s, from SOURCE_DATE_EPOCH."), text);
      break;
    case KILN_SOURCE_DATE_GIT:
      kiln_build_log (build, _("Archive timestamps are clamped to %s, the project’s last git commit, "
                               "so the same commit packages to the same archives."), text);
      break;
    case KILN_SOURCE_DATE_SOURCES:
      kiln_build_log (build, _("Archive timestamps are clamped to %s, the newest of the project’s sources, "
                               "so the same sources package to the same archives."), text);
      break;
    case KILN_SOURCE_DATE_NONE:
    default:
      break;
    }

  kiln_build_record_set_source_date (kiln_build_get_record (build), plan->source_date,
                                     kiln_source_date_origin_to_string (plan->source_date_origin));
}

static void
record_host (KilnBuild *build)
{
  KilnBuildPlan *plan = kiln_build_get_plan (build);
  g_autofree char *description = NULL;
  g_autofree char *requirements = NULL;

  if (plan->host == NULL)
    return;

  description = kiln_build_host_dup_description (plan->host);
  requirements = kiln_build_host_dup_requirements (plan->host);
  kiln_build_log (build, _("Built on %s. %s"), description, requirements);
  kiln_build_record_set_host (kiln_build_get_record (build), plan->host);
}

static void
settle_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  log_source_date (g_task_get_task_data (task));
  record_host (g_task_get_task_data (task));
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
  KilnBuildPlan *plan = kiln_build_get_plan (build);
  KilnToolchain *toolchain = kiln_build_get_toolchain (build);

  if (plan->include_erts == KILN_INCLUDE_ERTS_NO && toolchain != NULL)
    plan->target_otp = g_strdup (kiln_toolchain_get_otp_release (toolchain));

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
