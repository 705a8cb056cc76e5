#define G_LOG_DOMAIN "kiln-build"

#include "config.h"

#include "kiln-build-failure-private.h"
#include "kiln-build-private.h"
#include "kiln-build-validate-stage.h"
#include "kiln-package-format.h"

/* Refuses a build before anything is created or started. Overlays first, so
 * an escaping one is always reported as such; their sources may be big
 * folders, hence a thread. Then the profile and its package formats. */

struct _KilnBuildValidateStage
{
  KilnBuildStage parent_instance;
};

G_DEFINE_FINAL_TYPE (KilnBuildValidateStage, kiln_build_validate_stage, KILN_TYPE_BUILD_STAGE)

static GArray *
parse_formats (KilnReleaseProfile  *profile,
               GError             **error)
{
  const char * const *names = kiln_release_profile_get_package_formats (profile);
  g_autoptr(GArray) formats = g_array_new (FALSE, FALSE, sizeof (KilnPackageFormat));

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      KilnPackageFormat format;

      if (!kiln_package_format_from_string (names[i], &format))
        {
          g_propagate_error (error, kiln_build_failure_new_format (names[i]));
          return NULL;
        }

      g_array_append_val (formats, format);
    }

  return g_steal_pointer (&formats);
}

static void
check_overlays_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  KilnBuildPlan *plan = kiln_build_get_plan (task_data);
  GError *error = NULL;

  if (!kiln_build_plan_check_overlays (plan, &error)
      || !kiln_build_plan_check_release_dir (plan, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
check_overlays_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KilnBuild *build = g_task_get_task_data (task);
  KilnReleaseProfile *profile = kiln_build_get_profile (build);
  g_autoptr(GArray) formats = NULL;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error)
      || !kiln_release_profile_validate (profile, kiln_build_get_is_umbrella (build), &error)
      || (formats = parse_formats (profile, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  kiln_build_set_formats (build, formats);
  g_task_return_boolean (task, TRUE);
}

static void
kiln_build_validate_stage_run_async (KilnBuildStage      *stage,
                                     KilnBuild           *build,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = kiln_build_stage_new_task (stage, build, cancellable, callback, user_data);

  kiln_build_stage_run_in_thread (task, check_overlays_thread, check_overlays_cb);
}

static void
kiln_build_validate_stage_class_init (KilnBuildValidateStageClass *klass)
{
  KILN_BUILD_STAGE_CLASS (klass)->run_async = kiln_build_validate_stage_run_async;
}

static void
kiln_build_validate_stage_init (KilnBuildValidateStage *self)
{
}
