#define G_LOG_DOMAIN "kiln-history"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "kiln-build-record.h"
#include "kiln-error.h"
#include "kiln-json-private.h"
#include "kiln-paths.h"

#define RECORD_FORMAT "kiln-build-record"

G_DEFINE_ENUM_TYPE (KilnBuildResult, kiln_build_result,
  G_DEFINE_ENUM_VALUE (KILN_BUILD_RESULT_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (KILN_BUILD_RESULT_SUCCEEDED, "succeeded"),
  G_DEFINE_ENUM_VALUE (KILN_BUILD_RESULT_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (KILN_BUILD_RESULT_CANCELLED, "cancelled"))

const char *
kiln_build_result_to_string (KilnBuildResult result)
{
  switch (result)
    {
    case KILN_BUILD_RESULT_RUNNING:   return "running";
    case KILN_BUILD_RESULT_SUCCEEDED: return "succeeded";
    case KILN_BUILD_RESULT_FAILED:    return "failed";
    case KILN_BUILD_RESULT_CANCELLED: return "cancelled";
    default:                          return NULL;
    }
}

/* For people, translated; to_string is for files and JSON. */
const char *
kiln_build_result_to_label (KilnBuildResult result)
{
  switch (result)
    {
    case KILN_BUILD_RESULT_RUNNING:   return _("Running");
    case KILN_BUILD_RESULT_SUCCEEDED: return _("Succeeded");
    case KILN_BUILD_RESULT_FAILED:    return _("Failed");
    case KILN_BUILD_RESULT_CANCELLED: return _("Cancelled");
    default:                          return NULL;
    }
}

gboolean
kiln_build_result_from_string (const char      *name,
                               KilnBuildResult *result)
{
  static const KilnBuildResult all[] = {
    KILN_BUILD_RESULT_RUNNING,
    KILN_BUILD_RESULT_SUCCEEDED,
    KILN_BUILD_RESULT_FAILED,
    KILN_BUILD_RESULT_CANCELLED,
  };

  if (name == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      if (g_str_equal (name, kiln_build_result_to_string (all[i])))
        {
          if (result != NULL)
            *result = all[i];
          return TRUE;
        }
    }

  return FALSE;
}

/* KilnBuildRecord */

struct _KilnBuildRecord
{
  GObject parent_instance;

  char *id;
  char *project_dir;
  char *release_name;
  char *path;
  char *log_path;

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

static void
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

/* Serialisation */

static void
add_date_time_member (JsonBuilder *builder,
                      const char  *name,
                      GDateTime   *value)
{
  g_autofree char *text = value != NULL ? g_date_time_format_iso8601 (value) : NULL;

  kiln_json_builder_add_string (builder, name, text);
}

/* The profile is embedded as an object so the record reads as one document;
 * text that is not a JSON object is kept as a string rather than dropped. */
static void
add_profile_member (JsonBuilder *builder,
                    const char  *profile_json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  json_builder_set_member_name (builder, "profile");

  if (profile_json == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  if (json_parser_load_from_data (parser, profile_json, -1, NULL)
      && (root = json_parser_get_root (parser)) != NULL
      && JSON_NODE_HOLDS_OBJECT (root))
    json_builder_add_value (builder, json_node_copy (root));
  else
    json_builder_add_string_value (builder, profile_json);
}

char *
kiln_build_record_to_json (KilnBuildRecord *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  guint n_steps, n_artifacts;

  g_return_val_if_fail (KILN_IS_BUILD_RECORD (self), NULL);

  json_builder_begin_object (builder);
  kiln_json_builder_add_string (builder, "format", RECORD_FORMAT);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, KILN_BUILD_RECORD_FORMAT_VERSION);
  kiln_json_builder_add_string (builder, "id", self->id);
  kiln_json_builder_add_string (builder, "project_dir", self->project_dir);
  kiln_json_builder_add_string (builder, "release_name", self->release_name);
  kiln_json_builder_add_string (builder, "mix_env", self->mix_env);
  kiln_json_builder_add_string (builder, "result", kiln_build_result_to_string (self->result));
  kiln_json_builder_add_string (builder, "error_message", self->error_message);
  add_date_time_member (builder, "started_at", self->started_at);
  add_date_time_member (builder, "finished_at", self->finished_at);
  kiln_json_builder_add_string (builder, "release_dir", self->release_dir);
  json_builder_set_member_name (builder, "release_size");
  json_builder_add_int_value (builder, (gint64)MIN (self->release_size, (guint64)G_MAXINT64));
  add_profile_member (builder, self->profile_json);

  json_builder_set_member_name (builder, "steps");
  json_builder_begin_array (builder);
  n_steps = g_list_model_get_n_items (G_LIST_MODEL (self->steps));
  for (guint i = 0; i < n_steps; i++)
    {
      g_autoptr(KilnBuildRecordStep) step = g_list_model_get_item (G_LIST_MODEL (self->steps), i);

      json_builder_begin_object (builder);
      kiln_json_builder_add_string (builder, "id", kiln_build_record_step_get_id (step));
      kiln_json_builder_add_string (builder, "state", kiln_build_record_step_get_state (step));
      json_builder_set_member_name (builder, "duration_ms");
      json_builder_add_int_value (builder, kiln_build_record_step_get_duration_ms (step));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "artifacts");
  json_builder_begin_array (builder);
  n_artifacts = g_list_model_get_n_items (G_LIST_MODEL (self->artifacts));
  for (guint i = 0; i < n_artifacts; i++)
    {
      g_autoptr(KilnBuildRecordArtifact) artifact = g_list_model_get_item (G_LIST_MODEL (self->artifacts), i);

      json_builder_begin_object (builder);
      kiln_json_builder_add_string (builder, "path", kiln_build_record_artifact_get_path (artifact));
      kiln_json_builder_add_string (builder, "format", kiln_build_record_artifact_get_format (artifact));
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, (gint64)MIN (kiln_build_record_artifact_get_size (artifact), (guint64)G_MAXINT64));
      kiln_json_builder_add_string (builder, "sha256", kiln_build_record_artifact_get_sha256 (artifact));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);

  return g_strconcat (text, "\n", NULL);
}

gboolean
kiln_build_record_save (KilnBuildRecord  *self,
                        GError          **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (KILN_IS_BUILD_RECORD (self), FALSE);

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not save the build record: could not create %s: %s. Check that the folder is writable."),
                   dir, g_strerror (saved_errno));
      return FALSE;
    }

  text = kiln_build_record_to_json (self);

  /* Written to a temporary file and renamed over the old one, so a crash
   * leaves either the previous record or the new one, never half of each. */
  if (!g_file_set_contents_full (self->path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    {
      g_prefix_error (error, _("Could not save the build record: "));
      return FALSE;
    }

  return TRUE;
}

/* Loading */

static gboolean G_GNUC_PRINTF (3, 4)
set_corrupt (GError     **error,
             const char  *path,
             const char  *format,
             ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, KILN_ERROR, KILN_ERROR_PROFILE_CORRUPT,
               _("The build record %s is damaged: %s."), path, reason);
  return FALSE;
}

/* json-glib warns on type mismatches, so every member is checked before it is
 * read: a hand-edited or truncated record must fail cleanly. */
static gboolean
read_string (JsonObject  *object,
             const char  *name,
             gboolean     required,
             const char **out,
             const char  *path,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return set_corrupt (error, path, _("“%s” is missing"), name);
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return set_corrupt (error, path, _("“%s” is not a string"), name);

  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
read_int (JsonObject  *object,
          const char  *name,
          gint64       minimum,
          gint64       fallback,
          gint64      *out,
          const char  *path,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = fallback;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return set_corrupt (error, path, _("“%s” is not a whole number"), name);

  *out = json_node_get_int (node);
  if (*out < minimum)
    return set_corrupt (error, path, _("“%s” is out of range"), name);

  return TRUE;
}

static gboolean
read_date_time (JsonObject  *object,
                const char  *name,
                gboolean     required,
                GDateTime  **out,
                const char  *path,
                GError     **error)
{
  const char *text;

  *out = NULL;

  if (!read_string (object, name, required, &text, path, error))
    return FALSE;

  if (text == NULL)
    return TRUE;

  *out = g_date_time_new_from_iso8601 (text, NULL);
  if (*out == NULL)
    return set_corrupt (error, path, _("“%s” is not an ISO 8601 date with a time zone"), name);

  return TRUE;
}

static JsonArray *
read_array (JsonObject  *object,
            const char  *name,
            const char  *path,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      set_corrupt (error, path, _("“%s” is not a list"), name);
      return NULL;
    }

  return json_node_get_array (node);
}

static JsonObject *
array_object (JsonArray   *array,
              guint        index,
              const char  *name,
              const char  *path,
              GError     **error)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_corrupt (error, path, _("entry %u of “%s” is not an object"), index + 1, name);
      return NULL;
    }

  return json_node_get_object (node);
}

static gboolean
load_steps (KilnBuildRecord  *self,
            JsonObject       *root,
            const char       *path,
            GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonArray *array = read_array (root, "steps", path, &local_error);
  guint n;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  n = array != NULL ? json_array_get_length (array) : 0;
  for (guint i = 0; i < n; i++)
    {
      JsonObject *object = array_object (array, i, "steps", path, error);
      const char *id, *state;
      gint64 duration_ms;

      if (object == NULL
          || !read_string (object, "id", TRUE, &id, path, error)
          || !read_string (object, "state", FALSE, &state, path, error)
          || !read_int (object, "duration_ms", -1, -1, &duration_ms, path, error))
        return FALSE;

      kiln_build_record_add_step (self, id, state, duration_ms);
    }

  return TRUE;
}

static gboolean
load_artifacts (KilnBuildRecord  *self,
                JsonObject       *root,
                const char       *path,
                GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonArray *array = read_array (root, "artifacts", path, &local_error);
  guint n;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  n = array != NULL ? json_array_get_length (array) : 0;
  for (guint i = 0; i < n; i++)
    {
      JsonObject *object = array_object (array, i, "artifacts", path, error);
      const char *artifact_path, *format, *sha256;
      gint64 size;

      if (object == NULL
          || !read_string (object, "path", TRUE, &artifact_path, path, error)
          || !read_string (object, "format", FALSE, &format, path, error)
          || !read_int (object, "size", 0, 0, &size, path, error)
          || !read_string (object, "sha256", FALSE, &sha256, path, error))
        return FALSE;

      kiln_build_record_add_artifact (self, artifact_path, format, size, sha256);
    }

  return TRUE;
}

static gboolean
read_profile (JsonObject  *root,
              char       **out,
              const char  *path,
              GError     **error)
{
  JsonNode *node = json_object_get_member (root, "profile");

  *out = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (JSON_NODE_HOLDS_OBJECT (node))
    *out = json_to_string (node, FALSE);
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    *out = json_node_dup_string (node);
  else
    return set_corrupt (error, path, _("“profile” is not an object"));

  return TRUE;
}

static gboolean
id_is_safe (const char *id)
{
  return *id != '\0'
      && strchr (id, '/') == NULL
      && !g_str_equal (id, ".")
      && !g_str_equal (id, "..");
}

KilnBuildRecord *
kiln_build_record_load (const char  *path,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(KilnBuildRecord) self = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(GDateTime) started_at = NULL;
  g_autoptr(GDateTime) finished_at = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *profile_json = NULL;
  const char *format, *id, *project_dir, *release_name, *mix_env, *result_name;
  const char *error_message, *release_dir;
  KilnBuildResult result;
  JsonObject *root;
  JsonNode *node;
  gint64 version, release_size;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, error))
    {
      g_prefix_error (error, _("Could not read the build record: "));
      return NULL;
    }

  if (!json_parser_load_from_data (parser, contents, length, &parse_error))
    {
      set_corrupt (error, path, "%s", parse_error->message);
      return NULL;
    }

  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      set_corrupt (error, path, _("it is not a JSON object"));
      return NULL;
    }
  root = json_node_get_object (node);

  if (!read_string (root, "format", TRUE, &format, path, error))
    return NULL;
  if (!g_str_equal (format, RECORD_FORMAT))
    {
      set_corrupt (error, path, _("it is a “%s” file, not a build record"), format);
      return NULL;
    }

  if (!read_int (root, "version", G_MININT64, 0, &version, path, error))
    return NULL;
  if (version > KILN_BUILD_RECORD_FORMAT_VERSION)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_PROFILE_UNSUPPORTED_VERSION,
                   _("The build record %s was written by a newer version of Kiln (format version %lld, "
                     "this version reads %d). Update Kiln to open it."),
                   path, (long long) version, KILN_BUILD_RECORD_FORMAT_VERSION);
      return NULL;
    }
  if (version < 1)
    {
      set_corrupt (error, path, _("“version” is missing or invalid"));
      return NULL;
    }

  if (!read_string (root, "id", TRUE, &id, path, error)
      || !read_string (root, "project_dir", TRUE, &project_dir, path, error)
      || !read_string (root, "release_name", FALSE, &release_name, path, error)
      || !read_string (root, "mix_env", FALSE, &mix_env, path, error)
      || !read_string (root, "result", TRUE, &result_name, path, error)
      || !read_string (root, "error_message", FALSE, &error_message, path, error)
      || !read_date_time (root, "started_at", TRUE, &started_at, path, error)
      || !read_date_time (root, "finished_at", FALSE, &finished_at, path, error)
      || !read_string (root, "release_dir", FALSE, &release_dir, path, error)
      || !read_int (root, "release_size", 0, 0, &release_size, path, error)
      || !read_profile (root, &profile_json, path, error))
    return NULL;

  if (!id_is_safe (id))
    {
      set_corrupt (error, path, _("the id “%s” is not a valid file name"), id);
      return NULL;
    }

  if (!kiln_build_result_from_string (result_name, &result))
    {
      set_corrupt (error, path, _("the result “%s” is unknown"), result_name);
      return NULL;
    }

  self = g_object_new (KILN_TYPE_BUILD_RECORD,
                       "id", id,
                       "project-dir", project_dir,
                       "release-name", release_name,
                       NULL);
  kiln_build_record_set_path (self, path);
  self->mix_env = g_strdup (mix_env);
  self->profile_json = g_steal_pointer (&profile_json);
  self->started_at = g_steal_pointer (&started_at);
  self->finished_at = g_steal_pointer (&finished_at);
  self->result = result;
  self->error_message = g_strdup (error_message);
  self->release_dir = g_strdup (release_dir);
  self->release_size = release_size;

  if (!load_steps (self, root, path, error) || !load_artifacts (self, root, path, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* Summary */

static char *
format_duration (gint64 duration_ms)
{
  gint64 seconds = duration_ms / 1000;

  if (duration_ms < 60 * 1000)
    return g_strdup_printf ("%.1f s", duration_ms / 1000.0);
  if (seconds < 60 * 60)
    return g_strdup_printf ("%d min %d s", (int)(seconds / 60), (int)(seconds % 60));
  return g_strdup_printf ("%d h %d min", (int)(seconds / 3600), (int)(seconds / 60 % 60));
}

char *
kiln_build_record_dup_summary (KilnBuildRecord *self)
{
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autofree char *duration = NULL;
  gint64 duration_ms;
  guint n_artifacts;

  g_return_val_if_fail (KILN_IS_BUILD_RECORD (self), NULL);

  duration_ms = kiln_build_record_get_duration_ms (self);
  if (duration_ms >= 0)
    duration = format_duration (duration_ms);

  switch (self->result)
    {
    case KILN_BUILD_RESULT_RUNNING:
      g_string_append (summary, "Running");
      if (self->started_at != NULL)
        {
          g_autofree char *time = g_date_time_format (self->started_at, "%H:%M:%S");
          g_string_append_printf (summary, " since %s", time);
        }
      break;
    case KILN_BUILD_RESULT_SUCCEEDED:
      g_string_append (summary, "Succeeded");
      if (duration != NULL)
        g_string_append_printf (summary, " in %s", duration);
      break;
    case KILN_BUILD_RESULT_FAILED:
      g_string_append (summary, "Failed");
      if (duration != NULL)
        g_string_append_printf (summary, " after %s", duration);
      break;
    case KILN_BUILD_RESULT_CANCELLED:
      g_string_append (summary, "Cancelled");
      if (duration != NULL)
        g_string_append_printf (summary, " after %s", duration);
      break;
    default:
      g_assert_not_reached ();
    }

  n_artifacts = g_list_model_get_n_items (G_LIST_MODEL (self->artifacts));
  if (n_artifacts > 0)
    g_string_append_printf (summary, " · %u %s", n_artifacts, n_artifacts == 1 ? "archive" : "archives");

  if (self->result == KILN_BUILD_RESULT_FAILED && self->error_message != NULL && *self->error_message != '\0')
    {
      const char *newline = strchr (self->error_message, '\n');
      int length = newline != NULL ? (int)(newline - self->error_message) : (int)strlen (self->error_message);

      g_string_append_printf (summary, " · %.*s", length, self->error_message);
    }

  return g_string_free (g_steal_pointer (&summary), FALSE);
}
