#define G_LOG_DOMAIN "kiln-history"

#include "config.h"

#include <string.h>

#include "kiln-build-record-private.h"
#include "kiln-paths.h"

struct _KilnBuildRecord
{
  GObject parent_instance;

  char *id;
  char *project_dir;
  char *release_name;
  char *path;
  char *log_path;
  char *lock_path;
  gint64 source_date;
  char *source_date_from;
  KilnBuildHost *host;

  char *mix_env;
  char *profile_json;
  GDateTime *started_at;
  GDateTime *finished_at;
  KilnBuildResult result;
  char *error_message;
  char *release_dir;
  guint64 release_size;

  GListStore *steps;
  GListStore *artifacts;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_PROJECT_DIR,
  PROP_RELEASE_NAME,
  PROP_PATH,
  PROP_LOG_PATH,
  PROP_MIX_ENV,
  PROP_PROFILE_JSON,
  PROP_STARTED_AT,
  PROP_FINISHED_AT,
  PROP_DURATION_MS,
  PROP_RESULT,
  PROP_ERROR_MESSAGE,
  PROP_RELEASE_DIR,
  PROP_RELEASE_SIZE,
  PROP_STEPS,
  PROP_ARTIFACTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KilnBuildRecord, kiln_build_record, G_TYPE_OBJECT)

/* Ids name files and sort history, so they come from UTC (no jumps at
 * daylight-saving changes) and never repeat within a process even when two
 * builds start in the same microsecond. */
static GDateTime *
take_unique_start_time (char **id)
{
  static GMutex mutex;
  static gint64 last_usec;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) utc_usec = NULL;
  g_autofree char *seconds = NULL;
  gint64 now = g_get_real_time ();

  g_mutex_lock (&mutex);
  if (now <= last_usec)
    now = last_usec + 1;
  last_usec = now;
  g_mutex_unlock (&mutex);

  utc = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
  utc_usec = g_date_time_add (utc, now % G_USEC_PER_SEC);
  seconds = g_date_time_format (utc_usec, "%Y%m%d-%H%M%S");
  *id = g_strdup_printf ("%s-%06d", seconds, g_date_time_get_microsecond (utc_usec));

  return g_date_time_to_local (utc_usec);
}

static char *
log_path_for (const char *record_path)
{
  g_autofree char *stem = NULL;

  if (g_str_has_suffix (record_path, ".json"))
    stem = g_strndup (record_path, strlen (record_path) - strlen (".json"));
  else
    stem = g_strdup (record_path);

  return g_strconcat (stem, ".log", NULL);
}

void
kiln_build_record_set_path (KilnBuildRecord *self,
                            const char      *path)
{
  g_free (self->path);
  self->path = g_strdup (path);
  g_free (self->log_path);
  self->log_path = log_path_for (path);
}

static void
kiln_build_record_constructed (GObject *object)
{
  KilnBuildRecord *self = (KilnBuildRecord *)object;

  G_OBJECT_CLASS (kiln_build_record_parent_class)->constructed (object);

  if (self->id == NULL)
    {
      g_autofree char *data_dir = NULL;
      g_autofree char *filename = NULL;
      g_autofree char *path = NULL;

      self->started_at = take_unique_start_time (&self->id);
      data_dir = kiln_paths_dup_project_data_dir (self->project_dir);
      filename = g_strconcat (self->id, ".json", NULL);
      path = g_build_filename (data_dir, "builds", filename, NULL);
      kiln_build_record_set_path (self, path);
    }
}

static void
kiln_build_record_finalize (GObject *object)
{
  KilnBuildRecord *self = (KilnBuildRecord *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->project_dir, g_free);
  g_clear_pointer (&self->release_name, g_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->log_path, g_free);
  g_clear_pointer (&self->lock_path, g_free);
  g_clear_pointer (&self->source_date_from, g_free);
  g_clear_pointer (&self->host, kiln_build_host_free);
  g_clear_pointer (&self->mix_env, g_free);
  g_clear_pointer (&self->profile_json, g_free);
  g_clear_pointer (&self->started_at, g_date_time_unref);
  g_clear_pointer (&self->finished_at, g_date_time_unref);
  g_clear_pointer (&self->error_message, g_free);
  g_clear_pointer (&self->release_dir, g_free);
  g_clear_object (&self->steps);
  g_clear_object (&self->artifacts);

  G_OBJECT_CLASS (kiln_build_record_parent_class)->finalize (object);
}

static void
kiln_build_record_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KilnBuildRecord *self = KILN_BUILD_RECORD (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_PROJECT_DIR:
      g_value_set_string (value, self->project_dir);
      break;
    case PROP_RELEASE_NAME:
      g_value_set_string (value, self->release_name);
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_LOG_PATH:
      g_value_set_string (value, self->log_path);
      break;
    case PROP_MIX_ENV:
      g_value_set_string (value, self->mix_env);
      break;
    case PROP_PROFILE_JSON:
      g_value_set_string (value, self->profile_json);
      break;
    case PROP_STARTED_AT:
      g_value_set_boxed (value, self->started_at);
      break;
    case PROP_FINISHED_AT:
      g_value_set_boxed (value, self->finished_at);
      break;
    case PROP_DURATION_MS:
      g_value_set_int64 (value, kiln_build_record_get_duration_ms (self));
      break;
    case PROP_RESULT:
      g_value_set_enum (value, self->result);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    case PROP_RELEASE_DIR:
      g_value_set_string (value, self->release_dir);
      break;
    case PROP_RELEASE_SIZE:
      g_value_set_uint64 (value, self->release_size);
      break;
    case PROP_STEPS:
      g_value_set_object (value, self->steps);
      break;
    case PROP_ARTIFACTS:
      g_value_set_object (value, self->artifacts);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_build_record_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KilnBuildRecord *self = KILN_BUILD_RECORD (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_PROJECT_DIR:
      self->project_dir = g_canonicalize_filename (g_value_get_string (value), NULL);
      break;
    case PROP_RELEASE_NAME:
      self->release_name = g_value_dup_string (value);
      break;
    case PROP_MIX_ENV:
      kiln_build_record_set_mix_env (self, g_value_get_string (value));
      break;
    case PROP_PROFILE_JSON:
      kiln_build_record_set_profile_json (self, g_value_get_string (value));
      break;
    case PROP_STARTED_AT:
      kiln_build_record_set_started_at (self, g_value_get_boxed (value));
      break;
    case PROP_FINISHED_AT:
      kiln_build_record_set_finished_at (self, g_value_get_boxed (value));
      break;
    case PROP_RESULT:
      kiln_build_record_set_result (self, g_value_get_enum (value));
      break;
    case PROP_ERROR_MESSAGE:
      kiln_build_record_set_error_message (self, g_value_get_string (value));
      break;
    case PROP_RELEASE_DIR:
      kiln_build_record_set_release_dir (self, g_value_get_string (value));
      break;
    case PROP_RELEASE_SIZE:
      kiln_build_record_set_release_size (self, g_value_get_uint64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_build_record_class_init (KilnBuildRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags readonly = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags readwrite = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = kiln_build_record_constructed;
  object_class->finalize = kiln_build_record_finalize;
  object_class->get_property = kiln_build_record_get_property;
  object_class->set_property = kiln_build_record_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, construct);
  properties[PROP_PROJECT_DIR] = g_param_spec_string ("project-dir", NULL, NULL, NULL, construct);
  properties[PROP_RELEASE_NAME] = g_param_spec_string ("release-name", NULL, NULL, NULL, construct);
  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, readonly);
  properties[PROP_LOG_PATH] = g_param_spec_string ("log-path", NULL, NULL, NULL, readonly);
  properties[PROP_MIX_ENV] = g_param_spec_string ("mix-env", NULL, NULL, NULL, readwrite);
  properties[PROP_PROFILE_JSON] = g_param_spec_string ("profile-json", NULL, NULL, NULL, readwrite);
  properties[PROP_STARTED_AT] =
    g_param_spec_boxed ("started-at", NULL, NULL, G_TYPE_DATE_TIME, readwrite);
  properties[PROP_FINISHED_AT] =
    g_param_spec_boxed ("finished-at", NULL, NULL, G_TYPE_DATE_TIME, readwrite);
  properties[PROP_DURATION_MS] =
    g_param_spec_int64 ("duration-ms", NULL, NULL, -1, G_MAXINT64, -1, readonly);
  properties[PROP_RESULT] =
    g_param_spec_enum ("result", NULL, NULL, KILN_TYPE_BUILD_RESULT, KILN_BUILD_RESULT_RUNNING, readwrite);
  properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, readwrite);
  properties[PROP_RELEASE_DIR] = g_param_spec_string ("release-dir", NULL, NULL, NULL, readwrite);
  properties[PROP_RELEASE_SIZE] =
    g_param_spec_uint64 ("release-size", NULL, NULL, 0, G_MAXUINT64, 0, readwrite);
  properties[PROP_STEPS] = g_param_spec_object ("steps", NULL, NULL, G_TYPE_LIST_MODEL, readonly);
  properties[PROP_ARTIFACTS] = g_param_spec_object ("artifacts", NULL, NULL, G_TYPE_LIST_MODEL, readonly);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiln_build_record_init (KilnBuildRecord *self)
{
  self->result = KILN_BUILD_RESULT_RUNNING;
  self->source_date = -1;
  self->steps = g_list_store_new (KILN_TYPE_BUILD_RECORD_STEP);
  self->artifacts = g_list_store_new (KILN_TYPE_BUILD_RECORD_ARTIFACT);
}

KilnBuildRecord *
kiln_build_record_new (const char *project_dir,
                       const char *release_name)
{
  g_return_val_if_fail (project_dir != NULL, NULL);

  return g_object_new (KILN_TYPE_BUILD_RECORD,
                       "project-dir", project_dir,
                       "release-name", release_name,
                       NULL);
}

static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static gboolean
set_date_time (GDateTime **field,
               GDateTime  *value)
{
  if (*field == value || (*field != NULL && value != NULL && g_date_time_equal (*field, value)
                          && g_date_time_get_utc_offset (*field) == g_date_time_get_utc_offset (value)))
    return FALSE;

  g_clear_pointer (field, g_date_time_unref);
  if (value != NULL)
    *field = g_date_time_ref (value);
  return TRUE;
}

const char *
kiln_build_record_get_id (KilnBuildRecord *self)
{
  g_return_val_if_fail (KILN_IS_BUILD_RECORD (self), NULL);
  return self->id;
}

const char *
kiln_build_record_get_project_dir (KilnBuildRecord *self)
{
  g_return_val_if_fail (KILN_IS_BUILD_RECORD (self), NULL);
  return self->project_dir;
}

const char *
kiln_build_record_get_release_name (KilnBuildRecord *self)
{
  g_return_val_if_fail (KILN_IS_BUILD_RECORD (self), NULL);
  return self->release_name;
}

const char *
kiln_build_record_get_path (KilnBuildRecord *self)
{
  g_return_val_if_fail (KILN_IS_BUILD_RECORD (self), NULL);
  return self->path;
}

const char *
kiln_build_record_get_log_path (KilnBuildRecord *self)
{
  g_return_val_if_fail (KILN_IS_BUILD_RECORD (self), NULL);
  return self->log_path;
}

const char *
kiln_build_record_get_mix_env (KilnBuildRecord *self)
{
  g_return_val_if_fail (KILN_IS_BUILD_RECORD (self), NULL);
  return self->mix_env;
}

void
kiln_build_record_set_mix_env (KilnBuildRecord *self,
                               const char      *mix_env)
{
  g_return_if_fail (KILN_IS_BUILD_RECORD (self));

  if (set_string (&self->mix_env, mix_env))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIX_ENV]);
}

const char *
kiln_build_record_get_profile_json (KilnBuildRecord *self)
{
  g_return_val_if_fail (KILN_IS_BUILD_RECORD (self), NULL);
  return self->profile_json;
}

void
kiln_build_record_set_profile_json (KilnBuildRecord *self,
                                    const char      *profile_json)
{
  g_return_if_fail (KILN_IS_BUILD_RECORD (self));

  if (set_string (&self->profile_json, profile_json))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE_JSON]);
}

GDateTime *
kiln_build_record_get_started_at (KilnBuildRecord *self)
{
  g_return_val_if_fail (KILN_IS_BUILD_RECORD (self), NULL);
  return self->started_at;
}

void
kiln_build_record_set_started_at (KilnBuildRecord *self,
                                  GDateTime       *started_at)
{
  g_return_if_fail (KILN_IS_BUILD_RECORD (self));

  if (set_date_time (&self->started_at, started_at))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STARTED_AT]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION_MS]);
    }
}

GDateTime *
kiln_build_record_get_finished_at (KilnBuildRecord *self)
{
  g_return_val_if_fail (KILN_IS_BUILD_RECORD (self), NULL);
  return self->finished_at;
}

void
kiln_build_record_set_finished_at (KilnBuildRecord *self,
                                   GDateTime       *finished_at)
{
  g_return_if_fail (KILN_IS_BUILD_RECORD (self));

  if (set_date_time (&self->finished_at, finished_at))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINISHED_AT]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION_MS]);
    }
}

gint64
kiln_build_record_get_duration_ms (KilnBuildRecord *self)
{
  g_return_val_if_fail (KILN_IS_BUILD_RECORD (self), -1);

  if (self->started_at == NULL || self->finished_at == NULL)
    return -1;

  return MAX (0, g_date_time_difference (self->finished_at, self->started_at) / 1000);
}

KilnBuildResult
kiln_build_record_get_result (KilnBuildRecord *self)
{
  g_return_val_if_fail (KILN_IS_BUILD_RECORD (self), KILN_BUILD_RESULT_RUNNING);
  return self->result;
}

void
kiln_build_record_set_result (KilnBuildRecord *self,
                              KilnBuildResult  result)
{
  g_return_if_fail (KILN_IS_BUILD_RECORD (self));
  g_return_if_fail (kiln_build_result_to_string (result) != NULL);

  if (self->result == result)
    return;

  self->result = result;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESULT]);
}

const char *
kiln_build_record_get_error_message (KilnBuildRecord *self)
{
  g_return_val_if_fail (KILN_IS_BUILD_RECORD (self), NULL);
  return self->error_message;
}

void
kiln_build_record_set_error_message (KilnBuildRecord *self,
                                     const char      *message)
{
  g_return_if_fail (KILN_IS_BUILD_RECORD (self));

  if (set_string (&self->error_message, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

const char *
kiln_build_record_get_release_dir (KilnBuildRecord *self)
{
  g_return_val_if_fail (KILN_IS_BUILD_RECORD (self), NULL);
  return self->release_dir;
}

void
kiln_build_record_set_release_dir (KilnBuildRecord *self,
                                   const char      *release_dir)
{
  g_return_if_fail (KILN_IS_BUILD_RECORD (self));

  if (set_string (&self->release_dir, release_dir))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RELEASE_DIR]);
}

guint64
kiln_build_record_get_release_size (KilnBuildRecord *self)
{
  g_return_val_if_fail (KILN_IS_BUILD_RECORD (self), 0);
  return self->release_size;
}

void
kiln_build_record_set_release_size (KilnBuildRecord *self,
                                    guint64          size)
{
  g_return_if_fail (KILN_IS_BUILD_RECORD (self));

  if (self->release_size == size)
    return;

  self->release_size = size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RELEASE_SIZE]);
}

GListModel *
kiln_build_record_get_steps (KilnBuildRecord *self)
{
  g_return_val_if_fail (KILN_IS_BUILD_RECORD (self), NULL);
  return G_LIST_MODEL (self->steps);
}

void
kiln_build_record_add_step (KilnBuildRecord *self,
                            const char      *id,
                            const char      *state,
                            gint64           duration_ms)
{
  g_autoptr(KilnBuildRecordStep) step = NULL;

  g_return_if_fail (KILN_IS_BUILD_RECORD (self));
  g_return_if_fail (id != NULL);

  step = g_object_new (KILN_TYPE_BUILD_RECORD_STEP,
                       "id", id,
                       "state", state,
                       "duration-ms", MAX (duration_ms, -1),
                       NULL);
  g_list_store_append (self->steps, step);
}

GListModel *
kiln_build_record_get_artifacts (KilnBuildRecord *self)
{
  g_return_val_if_fail (KILN_IS_BUILD_RECORD (self), NULL);
  return G_LIST_MODEL (self->artifacts);
}

void
kiln_build_record_add_artifact (KilnBuildRecord *self,
                                const char      *path,
                                const char      *format,
                                guint64          size,
                                const char      *sha256)
{
  g_autoptr(KilnBuildRecordArtifact) artifact = NULL;

  g_return_if_fail (KILN_IS_BUILD_RECORD (self));
  g_return_if_fail (path != NULL);

  artifact = g_object_new (KILN_TYPE_BUILD_RECORD_ARTIFACT,
                           "path", path,
                           "format", format,
                           "size", size,
                           "sha256", sha256,
                           NULL);
  g_list_store_append (self->artifacts, artifact);
}


/* The build lock its build holds while it runs: whether anyone still holds
 * it tells a running build from one whose Kiln was killed. */
const char *
kiln_build_record_get_lock_path (KilnBuildRecord *self)
{
  g_return_val_if_fail (KILN_IS_BUILD_RECORD (self), NULL);
  return self->lock_path;
}

void
kiln_build_record_set_lock_path (KilnBuildRecord *self,
                                 const char      *lock_path)
{
  g_return_if_fail (KILN_IS_BUILD_RECORD (self));
  set_string (&self->lock_path, lock_path);
}

/* What archive mtimes were clamped to (-1: not clamped) and why: the
 * nicks of KilnSourceDateOrigin ("git", "sources", "SOURCE_DATE_EPOCH"). */
gint64
kiln_build_record_get_source_date (KilnBuildRecord  *self,
                                   const char      **from)
{
  g_return_val_if_fail (KILN_IS_BUILD_RECORD (self), -1);

  if (from != NULL)
    *from = self->source_date_from;
  return self->source_date;
}

void
kiln_build_record_set_source_date (KilnBuildRecord *self,
                                   gint64           source_date,
                                   const char      *from)
{
  g_return_if_fail (KILN_IS_BUILD_RECORD (self));

  self->source_date = source_date;
  set_string (&self->source_date_from, from);
}

KilnBuildHost *
kiln_build_record_get_host (KilnBuildRecord *self)
{
  g_return_val_if_fail (KILN_IS_BUILD_RECORD (self), NULL);
  return self->host;
}

void
kiln_build_record_set_host (KilnBuildRecord *self,
                            KilnBuildHost   *host)
{
  g_return_if_fail (KILN_IS_BUILD_RECORD (self));

  g_clear_pointer (&self->host, kiln_build_host_free);
  self->host = host != NULL ? kiln_build_host_copy (host) : NULL;
}
