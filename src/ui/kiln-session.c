#define G_LOG_DOMAIN "kiln-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "kiln-session.h"

struct _KilnSession
{
  GObject             parent_instance;

  char               *project_dir;
  /* The release the inspection under way should choose, if mix.exs has it. */
  char               *wanted_release;
  KilnToolchain      *toolchain;
  KilnProject        *project;
  GError             *inspect_error;
  GCancellable       *inspect_cancellable;

  KilnReleaseProfile *profile;
  GError             *choice_error;
  KilnProfileStore   *profile_store;

  KilnBuild          *build;
  GCancellable       *build_cancellable;
  KilnLogModel       *empty_log;
  KilnBuildResult     build_result;
  char               *build_error;

  char              **default_formats;
  char               *default_output_dir;
};

G_DEFINE_FINAL_TYPE (KilnSession, kiln_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROJECT_DIR,
  PROP_INSPECTING,
  PROP_TOOLCHAIN,
  PROP_PROJECT,
  PROP_PROFILE,
  PROP_BUILD,
  PROP_BUILDING,
  PROP_BUILD_RESULT,
  PROP_LOG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One opening of a project: the toolchain is found, then the project inspected. */
typedef struct
{
  KilnSession   *session;
  GCancellable  *cancellable;
  KilnToolchain *toolchain;
} Inspection;

static void
inspection_free (Inspection *inspection)
{
  g_clear_object (&inspection->session);
  g_clear_object (&inspection->cancellable);
  g_clear_object (&inspection->toolchain);
  g_free (inspection);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Inspection, inspection_free)

static void
kiln_session_dispose (GObject *object)
{
  KilnSession *self = (KilnSession *)object;

  g_cancellable_cancel (self->inspect_cancellable);
  g_cancellable_cancel (self->build_cancellable);
  g_clear_object (&self->inspect_cancellable);
  g_clear_object (&self->build_cancellable);
  g_clear_object (&self->toolchain);
  g_clear_object (&self->project);
  g_clear_object (&self->profile);
  g_clear_object (&self->profile_store);
  g_clear_object (&self->build);
  g_clear_object (&self->empty_log);

  G_OBJECT_CLASS (kiln_session_parent_class)->dispose (object);
}

static void
kiln_session_finalize (GObject *object)
{
  KilnSession *self = (KilnSession *)object;

  g_clear_pointer (&self->project_dir, g_free);
  g_clear_pointer (&self->wanted_release, g_free);
  g_clear_pointer (&self->build_error, g_free);
  g_clear_pointer (&self->default_formats, g_strfreev);
  g_clear_pointer (&self->default_output_dir, g_free);
  g_clear_error (&self->inspect_error);
  g_clear_error (&self->choice_error);

  G_OBJECT_CLASS (kiln_session_parent_class)->finalize (object);
}

static void
kiln_session_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KilnSession *self = KILN_SESSION (object);

  switch (prop_id)
    {
    case PROP_PROJECT_DIR:
      g_value_set_string (value, self->project_dir);
      break;
    case PROP_INSPECTING:
      g_value_set_boolean (value, kiln_session_get_inspecting (self));
      break;
    case PROP_TOOLCHAIN:
      g_value_set_object (value, self->toolchain);
      break;
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;
    case PROP_PROFILE:
      g_value_set_object (value, self->profile);
      break;
    case PROP_BUILD:
      g_value_set_object (value, self->build);
      break;
    case PROP_BUILDING:
      g_value_set_boolean (value, kiln_session_get_building (self));
      break;
    case PROP_BUILD_RESULT:
      g_value_set_int (value, self->build_result);
      break;
    case PROP_LOG:
      g_value_set_object (value, kiln_session_get_log (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_session_class_init (KilnSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kiln_session_dispose;
  object_class->finalize = kiln_session_finalize;
  object_class->get_property = kiln_session_get_property;

  properties[PROP_PROJECT_DIR] =
    g_param_spec_string ("project-dir", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INSPECTING] =
    g_param_spec_boolean ("inspecting", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOOLCHAIN] =
    g_param_spec_object ("toolchain", NULL, NULL, KILN_TYPE_TOOLCHAIN,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, KILN_TYPE_PROJECT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL, KILN_TYPE_RELEASE_PROFILE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUILD] =
    g_param_spec_object ("build", NULL, NULL, KILN_TYPE_BUILD,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUILDING] =
    g_param_spec_boolean ("building", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUILD_RESULT] =
    g_param_spec_int ("build-result", NULL, NULL,
                      KILN_BUILD_RESULT_RUNNING, KILN_BUILD_RESULT_CANCELLED, KILN_BUILD_RESULT_RUNNING,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOG] =
    g_param_spec_object ("log", NULL, NULL, KILN_TYPE_LOG_MODEL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiln_session_init (KilnSession *self)
{
  self->empty_log = kiln_log_model_new ();
  self->build_result = KILN_BUILD_RESULT_RUNNING;
  self->default_formats = g_strdupv ((char **) (const char * const[]) { "tar.gz", NULL });
}

KilnSession *
kiln_session_new (void)
{
  return g_object_new (KILN_TYPE_SESSION, NULL);
}

void
kiln_session_set_defaults (KilnSession        *self,
                           const char * const *formats,
                           const char         *output_dir)
{
  g_return_if_fail (KILN_IS_SESSION (self));

  g_strfreev (self->default_formats);
  self->default_formats = g_strdupv ((char **) formats);
  g_free (self->default_output_dir);
  self->default_output_dir = (output_dir != NULL && output_dir[0] != '\0') ? g_strdup (output_dir) : NULL;
}

const char *
kiln_session_get_project_dir (KilnSession *self)
{
  g_return_val_if_fail (KILN_IS_SESSION (self), NULL);
  return self->project_dir;
}

gboolean
kiln_session_get_inspecting (KilnSession *self)
{
  g_return_val_if_fail (KILN_IS_SESSION (self), FALSE);
  return self->inspect_cancellable != NULL;
}

KilnToolchain *
kiln_session_get_toolchain (KilnSession *self)
{
  g_return_val_if_fail (KILN_IS_SESSION (self), NULL);
  return self->toolchain;
}

KilnProject *
kiln_session_get_project (KilnSession *self)
{
  g_return_val_if_fail (KILN_IS_SESSION (self), NULL);
  return self->project;
}

const GError *
kiln_session_get_inspect_error (KilnSession *self)
{
  g_return_val_if_fail (KILN_IS_SESSION (self), NULL);
  return self->inspect_error;
}

gboolean
kiln_session_get_is_umbrella (KilnSession *self)
{
  g_return_val_if_fail (KILN_IS_SESSION (self), FALSE);
  return self->project != NULL && kiln_project_get_is_umbrella (self->project);
}

KilnProfileStore *
kiln_session_get_profile_store (KilnSession *self)
{
  g_return_val_if_fail (KILN_IS_SESSION (self), NULL);
  return self->profile_store;
}

/* The CLI's rule: when it cannot tell which release to build, the user
 * chooses (the Release page shows why) instead of getting the first one. */
static KilnReleaseProfile *
choose_initial_profile (KilnSession *self)
{
  KilnReleaseProfile *profile = NULL;
  g_autofree char *wanted = g_steal_pointer (&self->wanted_release);

  g_clear_error (&self->choice_error);
  if (wanted != NULL && kiln_project_lookup_release (self->project, wanted) != NULL)
    profile = kiln_release_choice_choose (self->project, self->profile_store, wanted, NULL, NULL);
  if (profile == NULL)
    profile = kiln_release_choice_choose (self->project, self->profile_store, NULL, NULL, &self->choice_error);
  if (profile != NULL)
    kiln_session_apply_defaults (self, profile);

  return profile;
}

void
kiln_session_apply_defaults (KilnSession        *self,
                             KilnReleaseProfile *profile)
{
  g_return_if_fail (KILN_IS_SESSION (self));

  if (self->default_formats != NULL)
    kiln_release_profile_set_package_formats (profile, (const char * const *) self->default_formats);
  if (self->default_output_dir != NULL && kiln_release_profile_get_output_dir (profile) == NULL)
    kiln_release_profile_set_output_dir (profile, self->default_output_dir);
}

static void
finish_inspection (KilnSession   *self,
                   KilnToolchain *toolchain,
                   KilnProject   *project,
                   GError        *error)
{
  g_clear_object (&self->inspect_cancellable);

  if (project != NULL)
    {
      g_autoptr(KilnReleaseProfile) profile = NULL;

      g_set_object (&self->toolchain, toolchain);
      g_set_object (&self->project, project);
      g_clear_object (&self->profile_store);
      self->profile_store = kiln_profile_store_new (self->project_dir);
      /* A corrupt store is moved aside by the engine; the wizard still works. */
      kiln_profile_store_load (self->profile_store, NULL);
      profile = choose_initial_profile (self);
      g_set_object (&self->profile, profile);
    }
  else
    self->inspect_error = g_error_copy (error);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOOLCHAIN]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INSPECTING]);
}

/* Opening another project cancels this one and replaces the cancellable. */
static gboolean
inspection_is_current (Inspection *inspection)
{
  return inspection->session->inspect_cancellable == inspection->cancellable &&
         !g_cancellable_is_cancelled (inspection->cancellable);
}

static void
inspect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Inspection) inspection = user_data;
  g_autoptr(KilnProject) project = NULL;
  g_autoptr(GError) error = NULL;

  project = kiln_project_inspect_finish (result, &error);
  if (inspection_is_current (inspection))
    finish_inspection (inspection->session, inspection->toolchain, project, error);
}

static void
discover_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Inspection) inspection = user_data;
  g_autoptr(GError) error = NULL;

  inspection->toolchain = kiln_toolchain_discover_finish (result, &error);
  if (!inspection_is_current (inspection))
    return;

  if (inspection->toolchain == NULL)
    {
      finish_inspection (inspection->session, NULL, NULL, error);
      return;
    }

  /* The callback owns the inspection from here on. */
  kiln_project_inspect_async (inspection->session->project_dir, inspection->toolchain, inspection->cancellable,
                              inspect_cb, inspection);
  inspection = NULL;
}

void
kiln_session_open_project (KilnSession *self,
                           const char  *project_dir)
{
  Inspection *inspection;

  g_return_if_fail (KILN_IS_SESSION (self));
  g_return_if_fail (project_dir != NULL);
  g_return_if_fail (!kiln_session_get_building (self));

  g_cancellable_cancel (self->inspect_cancellable);
  g_clear_object (&self->inspect_cancellable);

  g_free (self->project_dir);
  self->project_dir = g_canonicalize_filename (project_dir, NULL);
  g_clear_pointer (&self->wanted_release, g_free);
  g_clear_object (&self->project);
  g_clear_object (&self->profile);
  g_clear_object (&self->profile_store);
  g_clear_error (&self->inspect_error);
  g_clear_error (&self->choice_error);
  self->inspect_cancellable = g_cancellable_new ();

  inspection = g_new0 (Inspection, 1);
  inspection->session = g_object_ref (self);
  inspection->cancellable = g_object_ref (self->inspect_cancellable);
  kiln_toolchain_discover_async (self->inspect_cancellable, discover_cb, inspection);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT_DIR]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INSPECTING]);
}

/* As kiln_session_open_project(), choosing RELEASE_NAME once the project is
 * read if mix.exs defines it (a release just migrated into it, say). */
void
kiln_session_open_project_at_release (KilnSession *self,
                                      const char  *project_dir,
                                      const char  *release_name)
{
  g_return_if_fail (KILN_IS_SESSION (self));

  kiln_session_open_project (self, project_dir);
  self->wanted_release = g_strdup (release_name);
}

KilnReleaseProfile *
kiln_session_get_profile (KilnSession *self)
{
  g_return_val_if_fail (KILN_IS_SESSION (self), NULL);
  return self->profile;
}

void
kiln_session_set_profile (KilnSession        *self,
                          KilnReleaseProfile *profile)
{
  g_return_if_fail (KILN_IS_SESSION (self));

  if (profile != NULL)
    g_clear_error (&self->choice_error);
  if (g_set_object (&self->profile, profile))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
}

/* Why no release is chosen yet, when the project's releases leave it open. */
const GError *
kiln_session_get_choice_error (KilnSession *self)
{
  g_return_val_if_fail (KILN_IS_SESSION (self), NULL);
  return self->choice_error;
}

KilnBuild *
kiln_session_get_build (KilnSession *self)
{
  g_return_val_if_fail (KILN_IS_SESSION (self), NULL);
  return self->build;
}

gboolean
kiln_session_get_building (KilnSession *self)
{
  g_return_val_if_fail (KILN_IS_SESSION (self), FALSE);
  return self->build_cancellable != NULL;
}

KilnBuildResult
kiln_session_get_build_result (KilnSession *self)
{
  g_return_val_if_fail (KILN_IS_SESSION (self), KILN_BUILD_RESULT_RUNNING);
  return self->build_result;
}

const char *
kiln_session_get_build_error (KilnSession *self)
{
  g_return_val_if_fail (KILN_IS_SESSION (self), NULL);
  return self->build_error;
}

KilnLogModel *
kiln_session_get_log (KilnSession *self)
{
  g_return_val_if_fail (KILN_IS_SESSION (self), NULL);

  if (self->build != NULL)
    return kiln_build_get_log (self->build);

  return self->empty_log;
}

static void
build_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(KilnSession) self = user_data;
  g_autoptr(KilnBuildRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  record = kiln_build_run_finish (KILN_BUILD (object), result, &error);

  if (KILN_BUILD (object) != self->build)
    return;

  g_clear_object (&self->build_cancellable);
  g_clear_pointer (&self->build_error, g_free);

  if (error == NULL)
    self->build_result = KILN_BUILD_RESULT_SUCCEEDED;
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    self->build_result = KILN_BUILD_RESULT_CANCELLED;
  else
    {
      self->build_result = KILN_BUILD_RESULT_FAILED;
      self->build_error = g_strdup (error->message);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUILD_RESULT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUILDING]);
}

gboolean
kiln_session_start_build (KilnSession  *self,
                          GError      **error)
{
  g_autoptr(KilnReleaseProfile) snapshot = NULL;

  g_return_val_if_fail (KILN_IS_SESSION (self), FALSE);

  if (kiln_session_get_building (self))
    return TRUE;

  if (self->project == NULL || self->profile == NULL)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_NOT_A_PROJECT,
                   _("Open a Mix project first."));
      return FALSE;
    }

  if (!kiln_release_profile_validate (self->profile, kiln_session_get_is_umbrella (self), error))
    return FALSE;

  /* The build keeps its own copy so editing options afterwards cannot change it. */
  snapshot = kiln_release_profile_copy (self->profile);
  g_clear_object (&self->build);
  self->build = kiln_build_new (self->project_dir, snapshot);
  kiln_build_set_toolchain (self->build, self->toolchain);
  kiln_build_set_is_umbrella (self->build, kiln_session_get_is_umbrella (self));
  if (self->project != NULL)
    kiln_build_set_phoenix (self->build, kiln_project_get_phoenix (self->project));
  kiln_build_set_verify (self->build, TRUE);
  self->build_cancellable = g_cancellable_new ();
  self->build_result = KILN_BUILD_RESULT_RUNNING;
  g_clear_pointer (&self->build_error, g_free);

  kiln_build_run_async (self->build, self->build_cancellable, build_cb, g_object_ref (self));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUILD]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUILD_RESULT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUILDING]);

  return TRUE;
}

void
kiln_session_cancel_build (KilnSession *self)
{
  g_return_if_fail (KILN_IS_SESSION (self));

  if (self->build_cancellable != NULL)
    g_cancellable_cancel (self->build_cancellable);
}
