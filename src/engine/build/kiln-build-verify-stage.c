#define G_LOG_DOMAIN "kiln-build"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kiln-build-environment-private.h"
#include "kiln-build-run-private.h"
#include "kiln-error.h"
#include "kiln-runtime-failure-private.h"
#include "kiln-build-verify-stage.h"
#include "kiln-packager.h"
#include "kiln-release-verifier.h"

/* The staged release boots from where it is (bin/NAME finds its root from
 * its own location), and every staged archive holds it byte for byte. The
 * boot starts beside packaging and the read-back as soon as packaging ends,
 * so on two cores neither waits for the other. */

struct _KilnBuildVerifyStage
{
  KilnBuildStage parent_instance;

  guint          pending_checks;
  gboolean       checked_archives;
  GError        *archive_error;
};

G_DEFINE_FINAL_TYPE (KilnBuildVerifyStage, kiln_build_verify_stage, KILN_TYPE_BUILD_STAGE)

typedef struct
{
  GPtrArray *archives;
  char      *release_dir;
} ArchiveCheck;

static void
archive_check_free (ArchiveCheck *check)
{
  g_ptr_array_unref (check->archives);
  g_free (check->release_dir);
  g_free (check);
}

static void
check_archives_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  ArchiveCheck *check = task_data;
  GError *error = NULL;

  for (guint i = 0; i < check->archives->len; i++)
    {
      if (!kiln_packager_check_archive (g_ptr_array_index (check->archives, i), check->release_dir,
                                        cancellable, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }

  g_task_return_boolean (task, TRUE);
}

static void check_done (GTask *task);

static void
check_archives_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KilnBuildVerifyStage *self = g_task_get_source_object (task);

  g_task_propagate_boolean (G_TASK (result), &self->archive_error);
  check_done (task);
}

/* The raw output goes to the log (byte lists decoded, secrets masked); a
 * failure of config/runtime.exs becomes one sentence. */
static GError *
explain_boot_failure (KilnBuild *build,
                      GError    *error)
{
  GPtrArray *environment = kiln_build_get_check_environment (build);
  g_autofree char *redacted = kiln_build_environment_redact (environment, error->message);
  g_autofree char *decoded = kiln_runtime_failure_decode_byte_lists (redacted);
  g_autofree char *sentence = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_error_matches (error, KILN_ERROR, KILN_ERROR_VERIFY_FAILED))
    return error;

  lines = g_strsplit (decoded, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    kiln_build_log_output (build, KILN_STREAM_STDERR, lines[i]);

  sentence = kiln_runtime_failure_describe (decoded);
  g_clear_error (&error);
  if (sentence != NULL)
    return g_error_new_literal (KILN_ERROR, KILN_ERROR_VERIFY_FAILED, sentence);

  return g_error_new_literal (KILN_ERROR, KILN_ERROR_VERIFY_FAILED, decoded);
}

struct _KilnBootCheck
{
  GCancellable *cancellable;
  gulong        cancelled_id;
  GCancellable *build_cancellable;
  gboolean      done;
  GError       *error;
  char         *version_output;
  GTask        *waiter;
};

static void
boot_check_clear (KilnBootCheck *check)
{
  if (check->cancelled_id != 0)
    g_cancellable_disconnect (check->build_cancellable, check->cancelled_id);
  g_clear_object (&check->build_cancellable);
  g_clear_object (&check->cancellable);
  g_clear_error (&check->error);
  g_clear_pointer (&check->version_output, g_free);
  g_clear_object (&check->waiter);
}

static void
boot_check_unref (KilnBootCheck *check)
{
  g_rc_box_release_full (check, (GDestroyNotify) boot_check_clear);
}

/* The build is over (failed, cancelled, or verified): a boot still running
 * is killed, and the result, if it comes, goes nowhere. */
void
kiln_boot_check_stop (KilnBootCheck *check)
{
  if (check == NULL)
    return;

  g_cancellable_cancel (check->cancellable);
  g_clear_object (&check->waiter);
  boot_check_unref (check);
}

/* Both checks are over: a boot failure says more than an archive that
 * does not match, so it is the one reported. */
static void
check_done (GTask *task)
{
  KilnBuildVerifyStage *self = g_task_get_source_object (task);
  KilnBuild *build = g_task_get_task_data (task);
  KilnBootCheck *check = build->boot_check;

  if (--self->pending_checks > 0)
    return;

  if (check->error != NULL)
    {
      g_task_return_error (task, explain_boot_failure (build, g_steal_pointer (&check->error)));
      return;
    }

  kiln_build_log (build, _("The release boots: %s"),
                  check->version_output != NULL ? g_strstrip (check->version_output) : "");

  if (self->archive_error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&self->archive_error));
      return;
    }

  if (self->checked_archives)
    kiln_build_log (build, _("Every archive holds the release, byte for byte"));
  g_task_return_boolean (task, TRUE);
}

static void
start_archive_check (GTask *task)
{
  KilnBuildVerifyStage *self = g_task_get_source_object (task);
  KilnBuild *build = g_task_get_task_data (task);
  GListModel *artifacts = kiln_build_get_artifacts (build);
  g_autoptr(GTask) thread_task = NULL;
  ArchiveCheck *archives;

  archives = g_new0 (ArchiveCheck, 1);
  archives->archives = g_ptr_array_new_with_free_func (g_free);
  archives->release_dir = g_strdup (kiln_build_get_plan (build)->staging_dir);
  for (guint i = 0; i < g_list_model_get_n_items (artifacts); i++)
    {
      g_autoptr(KilnArtifact) artifact = g_list_model_get_item (artifacts, i);
      g_ptr_array_add (archives->archives, kiln_build_plan_dup_staged_path (kiln_artifact_get_path (artifact)));
    }
  self->checked_archives = archives->archives->len > 0;

  thread_task = g_task_new (self, g_task_get_cancellable (task), check_archives_cb, g_object_ref (task));
  g_task_set_task_data (thread_task, archives, (GDestroyNotify) archive_check_free);
  g_task_run_in_thread (thread_task, check_archives_thread);
}

static void
check_boot_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  KilnBootCheck *check = user_data;
  g_autoptr(GTask) waiter = NULL;

  check->done = TRUE;
  kiln_release_verifier_check_boot_finish (result, &check->version_output, &check->error);
  waiter = g_steal_pointer (&check->waiter);
  boot_check_unref (check);

  if (waiter != NULL)
    check_done (waiter);
}

static void
cancel_boot_check (GCancellable *build_cancellable,
                   GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

void
kiln_build_verify_stage_start_boot_check (KilnBuild    *build,
                                          GCancellable *cancellable)
{
  KilnBuildPlan *plan = kiln_build_get_plan (build);
  GPtrArray *environment = kiln_build_get_check_environment (build);
  g_autoptr(GStrvBuilder) pairs = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;
  KilnBootCheck *check;

  if (build->boot_check != NULL || !kiln_build_get_verify (build))
    return;

  for (guint i = 0; environment != NULL && i < environment->len; i++)
    {
      KilnEnvironmentVariable *variable = g_ptr_array_index (environment, i);

      g_strv_builder_add (pairs, kiln_environment_variable_get_name (variable));
      g_strv_builder_add (pairs, kiln_environment_variable_get_value (variable));
    }
  strv = g_strv_builder_end (pairs);

  if (environment != NULL && environment->len > 0)
    {
      g_autofree char *description = kiln_build_environment_describe (environment);

      kiln_build_log (build, _("Checking the release with this environment: %s"), description);
    }

  check = g_rc_box_new0 (KilnBootCheck);
  check->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      check->build_cancellable = g_object_ref (cancellable);
      check->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (cancel_boot_check),
                                                   check->cancellable, NULL);
    }
  build->boot_check = check;

  kiln_release_verifier_check_boot_with_environment_async (plan->staging_dir, plan->release_name,
                                                           kiln_build_get_toolchain (build),
                                                           (const char * const *) strv, check->cancellable,
                                                           check_boot_cb, g_rc_box_acquire (check));
}

static gboolean
kiln_build_verify_stage_is_skipped (KilnBuildStage *stage,
                                    KilnBuild      *build)
{
  return !kiln_build_get_verify (build);
}

static void
kiln_build_verify_stage_run_async (KilnBuildStage      *stage,
                                   KilnBuild           *build,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  KilnBuildVerifyStage *self = KILN_BUILD_VERIFY_STAGE (stage);
  g_autoptr(GTask) task = kiln_build_stage_new_task (stage, build, cancellable, callback, user_data);

  g_clear_error (&self->archive_error);
  self->pending_checks = 2;

  /* Started beside packaging, unless there was nothing to package. */
  kiln_build_verify_stage_start_boot_check (build, cancellable);
  start_archive_check (task);

  if (build->boot_check->done)
    check_done (task);
  else
    g_set_object (&build->boot_check->waiter, task);
}

static void
kiln_build_verify_stage_finalize (GObject *object)
{
  KilnBuildVerifyStage *self = (KilnBuildVerifyStage *) object;

  g_clear_error (&self->archive_error);

  G_OBJECT_CLASS (kiln_build_verify_stage_parent_class)->finalize (object);
}

static void
kiln_build_verify_stage_class_init (KilnBuildVerifyStageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KilnBuildStageClass *stage_class = KILN_BUILD_STAGE_CLASS (klass);

  object_class->finalize = kiln_build_verify_stage_finalize;

  stage_class->is_skipped = kiln_build_verify_stage_is_skipped;
  stage_class->run_async = kiln_build_verify_stage_run_async;
}

static void
kiln_build_verify_stage_init (KilnBuildVerifyStage *self)
{
}
