#define G_LOG_DOMAIN "kiln-build"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "kiln-build-lock.h"
#include "kiln-build-run-private.h"
#include "kiln-build-verify-stage.h"

/* A build of one release: the steps a person sees, the log, the artifacts
 * and the record. kiln-build-run.c runs it. */

G_DEFINE_FINAL_TYPE (KilnBuild, kiln_build, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (KilnBuildState, kiln_build_state,
                    G_DEFINE_ENUM_VALUE (KILN_BUILD_STATE_IDLE, "idle"),
                    G_DEFINE_ENUM_VALUE (KILN_BUILD_STATE_RUNNING, "running"),
                    G_DEFINE_ENUM_VALUE (KILN_BUILD_STATE_SUCCEEDED, "succeeded"),
                    G_DEFINE_ENUM_VALUE (KILN_BUILD_STATE_FAILED, "failed"),
                    G_DEFINE_ENUM_VALUE (KILN_BUILD_STATE_CANCELLED, "cancelled"))

enum {
  PROP_0,
  PROP_PROJECT_DIR,
  PROP_PROFILE,
  PROP_STATE,
  PROP_PROGRESS,
  PROP_CURRENT_STEP,
  PROP_RELEASE_DIR,
  PROP_LOG,
  PROP_STEPS,
  PROP_ARTIFACTS,
  PROP_RECORD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kiln_build_finalize (GObject *object)
{
  KilnBuild *self = KILN_BUILD (object);

  g_clear_pointer (&self->project_dir, g_free);
  g_clear_pointer (&self->release_dir, g_free);
  g_clear_object (&self->phoenix);
  g_clear_pointer (&self->check_environment, g_ptr_array_unref);
  g_clear_object (&self->profile);
  g_clear_object (&self->toolchain);
  g_clear_object (&self->log);
  g_clear_object (&self->steps);
  g_clear_pointer (&self->slots, g_array_unref);
  g_clear_object (&self->artifacts);
  g_clear_object (&self->record);
  g_clear_object (&self->current_step);
  g_clear_pointer (&self->plan, kiln_build_plan_free);
  g_clear_pointer (&self->stages, g_ptr_array_unref);
  g_clear_pointer (&self->formats, g_array_unref);
  g_clear_pointer (&self->release_version, g_free);
  g_clear_error (&self->error);
  g_clear_pointer (&self->journal, kiln_log_journal_stop);
  g_clear_pointer (&self->boot_check, kiln_boot_check_stop);
  kiln_build_lock_release (self->lock_fd);

  G_OBJECT_CLASS (kiln_build_parent_class)->finalize (object);
}

static void
kiln_build_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  KilnBuild *self = KILN_BUILD (object);

  switch (prop_id)
    {
    case PROP_PROJECT_DIR:
      g_value_set_string (value, self->project_dir);
      break;

    case PROP_PROFILE:
      g_value_set_object (value, self->profile);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;

    case PROP_CURRENT_STEP:
      g_value_set_object (value, self->current_step);
      break;

    case PROP_RELEASE_DIR:
      g_value_set_string (value, self->release_dir);
      break;

    case PROP_LOG:
      g_value_set_object (value, self->log);
      break;

    case PROP_STEPS:
      g_value_set_object (value, self->steps);
      break;

    case PROP_ARTIFACTS:
      g_value_set_object (value, self->artifacts);
      break;

    case PROP_RECORD:
      g_value_set_object (value, self->record);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_build_class_init (KilnBuildClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kiln_build_finalize;
  object_class->get_property = kiln_build_get_property;

  properties[PROP_PROJECT_DIR] = g_param_spec_string ("project-dir", NULL, NULL, NULL, flags);
  properties[PROP_PROFILE] = g_param_spec_object ("profile", NULL, NULL, KILN_TYPE_RELEASE_PROFILE, flags);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, KILN_TYPE_BUILD_STATE,
                                              KILN_BUILD_STATE_IDLE, flags);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0, flags);
  properties[PROP_CURRENT_STEP] = g_param_spec_object ("current-step", NULL, NULL, KILN_TYPE_BUILD_STEP, flags);
  properties[PROP_RELEASE_DIR] = g_param_spec_string ("release-dir", NULL, NULL, NULL, flags);
  properties[PROP_LOG] = g_param_spec_object ("log", NULL, NULL, KILN_TYPE_LOG_MODEL, flags);
  properties[PROP_STEPS] = g_param_spec_object ("steps", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  properties[PROP_ARTIFACTS] = g_param_spec_object ("artifacts", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  properties[PROP_RECORD] = g_param_spec_object ("record", NULL, NULL, KILN_TYPE_BUILD_RECORD, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiln_build_init (KilnBuild *self)
{
  guint n_stages;
  const KilnBuildPipelineStage *stages = kiln_build_pipeline_get_stages (&n_stages);

  self->verify = TRUE;
  self->lock_fd = -1;
  self->log = kiln_log_model_new ();
  self->steps = g_list_store_new (KILN_TYPE_BUILD_STEP);
  self->slots = g_array_new (FALSE, FALSE, sizeof (KilnBuildStepSlot));
  self->artifacts = g_list_store_new (KILN_TYPE_ARTIFACT);

  for (guint i = 0; i < n_stages; i++)
    {
      for (guint j = 0; j < kiln_build_pipeline_count_steps (&stages[i]); j++)
        {
          const KilnBuildStepInfo *info = &stages[i].steps[j];
          g_autoptr(KilnBuildStep) step = kiln_build_step_new (info->id, _(info->title));
          /* Borrowed: the store keeps the steps for the build's lifetime. */
          KilnBuildStepSlot slot = { info, step, i };

          g_array_append_val (self->slots, slot);
          g_list_store_append (self->steps, step);
        }
    }
}

KilnBuild *
kiln_build_new (const char         *project_dir,
                KilnReleaseProfile *profile)
{
  KilnBuild *self;

  g_return_val_if_fail (project_dir != NULL, NULL);
  g_return_val_if_fail (KILN_IS_RELEASE_PROFILE (profile), NULL);

  self = g_object_new (KILN_TYPE_BUILD, NULL);
  self->project_dir = g_canonicalize_filename (project_dir, NULL);
  /* The build uses the profile as it was when asked for, whatever the user
   * edits meanwhile. */
  self->profile = kiln_release_profile_copy (profile);

  return self;
}

void
kiln_build_set_phoenix (KilnBuild   *self,
                        KilnPhoenix *phoenix)
{
  g_return_if_fail (KILN_IS_BUILD (self));
  g_return_if_fail (!phoenix || KILN_IS_PHOENIX (phoenix));

  g_set_object (&self->phoenix, phoenix);
}

KilnPhoenix *
kiln_build_get_phoenix (KilnBuild *self)
{
  g_return_val_if_fail (KILN_IS_BUILD (self), NULL);

  return self->phoenix;
}

GPtrArray *
kiln_build_get_check_environment (KilnBuild *self)
{
  g_return_val_if_fail (KILN_IS_BUILD (self), NULL);

  return self->check_environment;
}

char *
kiln_build_dup_serve_hint (KilnBuild *self)
{
  g_return_val_if_fail (KILN_IS_BUILD (self), NULL);

  if (self->phoenix == NULL || self->plan == NULL)
    return NULL;

  return kiln_phoenix_dup_serve_hint (self->phoenix, self->plan->release_name);
}

const char *
kiln_build_get_project_dir (KilnBuild *self)
{
  g_return_val_if_fail (KILN_IS_BUILD (self), NULL);

  return self->project_dir;
}

KilnReleaseProfile *
kiln_build_get_profile (KilnBuild *self)
{
  g_return_val_if_fail (KILN_IS_BUILD (self), NULL);

  return self->profile;
}

void
kiln_build_set_toolchain (KilnBuild     *self,
                          KilnToolchain *toolchain)
{
  g_return_if_fail (KILN_IS_BUILD (self));
  g_return_if_fail (!toolchain || KILN_IS_TOOLCHAIN (toolchain));

  g_set_object (&self->toolchain, toolchain);
}

void
kiln_build_set_verify (KilnBuild *self,
                       gboolean   verify)
{
  g_return_if_fail (KILN_IS_BUILD (self));

  self->verify = !!verify;
}

void
kiln_build_set_is_umbrella (KilnBuild *self,
                            gboolean   is_umbrella)
{
  g_return_if_fail (KILN_IS_BUILD (self));

  self->is_umbrella = !!is_umbrella;
}

KilnBuildState
kiln_build_get_state (KilnBuild *self)
{
  g_return_val_if_fail (KILN_IS_BUILD (self), KILN_BUILD_STATE_IDLE);

  return self->state;
}

double
kiln_build_get_progress (KilnBuild *self)
{
  g_return_val_if_fail (KILN_IS_BUILD (self), 0.0);

  return self->progress;
}

KilnBuildStep *
kiln_build_get_current_step (KilnBuild *self)
{
  g_return_val_if_fail (KILN_IS_BUILD (self), NULL);

  return self->current_step;
}

const char *
kiln_build_get_release_dir (KilnBuild *self)
{
  g_return_val_if_fail (KILN_IS_BUILD (self), NULL);

  return self->release_dir;
}

KilnLogModel *
kiln_build_get_log (KilnBuild *self)
{
  g_return_val_if_fail (KILN_IS_BUILD (self), NULL);

  return self->log;
}

GListModel *
kiln_build_get_steps (KilnBuild *self)
{
  g_return_val_if_fail (KILN_IS_BUILD (self), NULL);

  return G_LIST_MODEL (self->steps);
}

KilnBuildStep *
kiln_build_get_step (KilnBuild  *self,
                     const char *id)
{
  g_return_val_if_fail (KILN_IS_BUILD (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->slots->len; i++)
    if (strcmp (g_array_index (self->slots, KilnBuildStepSlot, i).info->id, id) == 0)
      return g_array_index (self->slots, KilnBuildStepSlot, i).step;

  return NULL;
}

GListModel *
kiln_build_get_artifacts (KilnBuild *self)
{
  g_return_val_if_fail (KILN_IS_BUILD (self), NULL);

  return G_LIST_MODEL (self->artifacts);
}

KilnBuildRecord *
kiln_build_get_record (KilnBuild *self)
{
  g_return_val_if_fail (KILN_IS_BUILD (self), NULL);

  return self->record;
}

void
kiln_build_set_state (KilnBuild      *self,
                      KilnBuildState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
kiln_build_set_progress (KilnBuild *self,
                         double     progress)
{
  progress = CLAMP (progress, 0.0, 1.0);
  if (G_APPROX_VALUE (self->progress, progress, 1e-9))
    return;

  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

void
kiln_build_set_current_step (KilnBuild     *self,
                             KilnBuildStep *step)
{
  if (g_set_object (&self->current_step, step))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_STEP]);
}

static void
set_release_dir (KilnBuild  *self,
                 const char *release_dir)
{
  if (g_strcmp0 (self->release_dir, release_dir) == 0)
    return;

  g_free (self->release_dir);
  self->release_dir = g_strdup (release_dir);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RELEASE_DIR]);
}

/* The build's own API for its stages (kiln-build-private.h). */

KilnBuildPlan *
kiln_build_get_plan (KilnBuild *self)
{
  return self->plan;
}

KilnToolchain *
kiln_build_get_toolchain (KilnBuild *self)
{
  return self->toolchain;
}

gboolean
kiln_build_get_verify (KilnBuild *self)
{
  return self->verify;
}

gboolean
kiln_build_get_is_umbrella (KilnBuild *self)
{
  return self->is_umbrella;
}

GArray *
kiln_build_get_formats (KilnBuild *self)
{
  return self->formats;
}

void
kiln_build_set_formats (KilnBuild *self,
                        GArray    *formats)
{
  g_clear_pointer (&self->formats, g_array_unref);
  self->formats = g_array_ref (formats);
}

const char *
kiln_build_get_release_version (KilnBuild *self)
{
  return self->release_version;
}

void
kiln_build_set_release (KilnBuild  *self,
                        const char *release_dir,
                        const char *version,
                        guint64     size)
{
  g_free (self->release_version);
  self->release_version = g_strdup (version);
  self->release_size = size;
  set_release_dir (self, release_dir);
}

void
kiln_build_add_artifact (KilnBuild    *self,
                         KilnArtifact *artifact)
{
  g_list_store_append (self->artifacts, artifact);
}

void
kiln_build_set_record (KilnBuild       *self,
                       KilnBuildRecord *record)
{
  if (g_set_object (&self->record, record))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORD]);
}
