#define G_LOG_DOMAIN "kiln-build"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kiln-build-package-stage.h"
#include "kiln-build-private.h"
#include "kiln-build-verify-stage.h"
#include "kiln-packager.h"

/* One archive per format of the profile, of the staged release, one at a
 * time, each with its checksum under staged names until the swap. */

struct _KilnBuildPackageStage
{
  KilnBuildStage parent_instance;

  guint          next_format;
};

G_DEFINE_FINAL_TYPE (KilnBuildPackageStage, kiln_build_package_stage, KILN_TYPE_BUILD_STAGE)

static void package_next (GTask *task);

static void
package_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KilnBuild *build = g_task_get_task_data (task);
  g_autoptr(KilnArtifact) artifact = NULL;
  GError *error = NULL;
  guint64 size;

  if (!(artifact = kiln_packager_package_finish (result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  size = kiln_artifact_get_size (artifact);
  kiln_build_log (build, g_dngettext (GETTEXT_PACKAGE, "Packaged %s (%llu byte, sha256 %s)",
                                      "Packaged %s (%llu bytes, sha256 %s)", size),
                  kiln_artifact_get_path (artifact), (unsigned long long) size,
                  kiln_artifact_get_sha256 (artifact));
  kiln_build_add_artifact (build, artifact);

  package_next (task);
}

static void
package_next (GTask *task)
{
  KilnBuildPackageStage *self = g_task_get_source_object (task);
  KilnBuild *build = g_task_get_task_data (task);
  KilnBuildPlan *plan = kiln_build_get_plan (build);
  GArray *formats = kiln_build_get_formats (build);
  KilnPackageFormat format;
  g_autofree char *filename = NULL;
  g_autofree char *archive = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *staged_archive = NULL;
  g_autofree char *staged_sha256 = NULL;

  if (self->next_format > 0 && g_task_return_error_if_cancelled (task))
    return;

  if (self->next_format == formats->len)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  format = g_array_index (formats, KilnPackageFormat, self->next_format++);
  filename = g_strdup_printf ("%s-%s.%s", plan->release_name, plan->release_version,
                              kiln_package_format_to_string (format));
  archive = g_build_filename (plan->output_dir, filename, NULL);
  sha256 = g_strconcat (archive, ".sha256", NULL);
  staged_archive = kiln_build_plan_add_staged_file (plan, archive);
  staged_sha256 = kiln_build_plan_add_staged_file (plan, sha256);

  kiln_packager_package_staged_async (plan->staging_dir, archive, staged_archive, staged_sha256, format,
                                      plan->source_date,
                                      g_task_get_cancellable (task), package_cb, g_object_ref (task));
}

static gboolean
kiln_build_package_stage_is_skipped (KilnBuildStage *stage,
                                     KilnBuild      *build)
{
  return kiln_build_get_formats (build)->len == 0;
}

static void
kiln_build_package_stage_run_async (KilnBuildStage      *stage,
                                    KilnBuild           *build,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = kiln_build_stage_new_task (stage, build, cancellable, callback, user_data);

  /* The release is settled: boot it on one core while the other packages. */
  kiln_build_verify_stage_start_boot_check (build, cancellable);
  package_next (task);
}

static void
kiln_build_package_stage_class_init (KilnBuildPackageStageClass *klass)
{
  KilnBuildStageClass *stage_class = KILN_BUILD_STAGE_CLASS (klass);

  stage_class->is_skipped = kiln_build_package_stage_is_skipped;
  stage_class->run_async = kiln_build_package_stage_run_async;
}

static void
kiln_build_package_stage_init (KilnBuildPackageStage *self)
{
}
