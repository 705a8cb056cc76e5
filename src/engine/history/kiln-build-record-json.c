#define G_LOG_DOMAIN "kiln-history"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <string.h>

#include "kiln-build-lock.h"
#include "kiln-build-record-private.h"
#include "kiln-error.h"
#include "kiln-files-private.h"
#include "kiln-json-private.h"

#define RECORD_FORMAT "kiln-build-record"

/* Saving */

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
  g_autoptr(JsonNode) root = profile_json != NULL ? kiln_json_parse (profile_json, -1, NULL) : NULL;

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    kiln_json_builder_add_node (builder, "profile", g_steal_pointer (&root));
  else
    kiln_json_builder_add_string (builder, "profile", profile_json);
}

static void
add_step_members (JsonBuilder *builder,
                  gpointer     item)
{
  KilnBuildRecordStep *step = item;

  kiln_json_builder_add_string (builder, "id", kiln_build_record_step_get_id (step));
  kiln_json_builder_add_string (builder, "state", kiln_build_record_step_get_state (step));
  kiln_json_builder_add_int (builder, "duration_ms", kiln_build_record_step_get_duration_ms (step));
}

static void
add_artifact_members (JsonBuilder *builder,
                      gpointer     item)
{
  KilnBuildRecordArtifact *artifact = item;

  kiln_json_builder_add_string (builder, "path", kiln_build_record_artifact_get_path (artifact));
  kiln_json_builder_add_string (builder, "format", kiln_build_record_artifact_get_format (artifact));
  kiln_json_builder_add_size (builder, "size", kiln_build_record_artifact_get_size (artifact));
  kiln_json_builder_add_string (builder, "sha256", kiln_build_record_artifact_get_sha256 (artifact));
}

static void
add_source_date_members (JsonBuilder     *builder,
                         KilnBuildRecord *self)
{
  const char *from = NULL;
  gint64 source_date = kiln_build_record_get_source_date (self, &from);

  if (source_date < 0)
    return;

  kiln_json_builder_add_int (builder, "source_date", source_date);
  kiln_json_builder_add_string (builder, "source_date_from", from);
}

static void
add_host_members (JsonBuilder   *builder,
                  KilnBuildHost *host)
{
  kiln_json_builder_add_string (builder, "os", kiln_build_host_get_os (host));
  kiln_json_builder_add_string (builder, "system", kiln_build_host_get_system (host));
  kiln_json_builder_add_string (builder, "arch", kiln_build_host_get_arch (host));
  kiln_json_builder_add_string (builder, "glibc", kiln_build_host_get_glibc (host));
  kiln_json_builder_add_string (builder, "target_otp", kiln_build_host_get_target_otp (host));
}

char *
kiln_build_record_to_json (KilnBuildRecord *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *text = NULL;

  g_return_val_if_fail (KILN_IS_BUILD_RECORD (self), NULL);

  json_builder_begin_object (builder);
  kiln_json_builder_add_string (builder, "format", RECORD_FORMAT);
  kiln_json_builder_add_int (builder, "version", KILN_BUILD_RECORD_FORMAT_VERSION);
  kiln_json_builder_add_string (builder, "id", kiln_build_record_get_id (self));
  kiln_json_builder_add_string (builder, "project_dir", kiln_build_record_get_project_dir (self));
  kiln_json_builder_add_string (builder, "release_name", kiln_build_record_get_release_name (self));
  kiln_json_builder_add_string (builder, "mix_env", kiln_build_record_get_mix_env (self));
  kiln_json_builder_add_string (builder, "result", kiln_build_result_to_string (kiln_build_record_get_result (self)));
  kiln_json_builder_add_string (builder, "error_message", kiln_build_record_get_error_message (self));
  add_date_time_member (builder, "started_at", kiln_build_record_get_started_at (self));
  add_date_time_member (builder, "finished_at", kiln_build_record_get_finished_at (self));
  kiln_json_builder_add_string (builder, "lock_path", kiln_build_record_get_lock_path (self));
  add_source_date_members (builder, self);
  if (kiln_build_record_get_host (self) != NULL)
    {
      json_builder_set_member_name (builder, "host");
      json_builder_begin_object (builder);
      add_host_members (builder, kiln_build_record_get_host (self));
      json_builder_end_object (builder);
    }
  kiln_json_builder_add_string (builder, "release_dir", kiln_build_record_get_release_dir (self));
  kiln_json_builder_add_size (builder, "release_size", kiln_build_record_get_release_size (self));
  add_profile_member (builder, kiln_build_record_get_profile_json (self));
  kiln_json_builder_add_objects (builder, "steps", kiln_build_record_get_steps (self), add_step_members);
  kiln_json_builder_add_objects (builder, "artifacts", kiln_build_record_get_artifacts (self), add_artifact_members);
  json_builder_end_object (builder);

  text = kiln_json_builder_dup_text (builder);
  return g_strconcat (text, "\n", NULL);
}

gboolean
kiln_build_record_save (KilnBuildRecord  *self,
                        GError          **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *text = NULL;
  const char *path;

  g_return_val_if_fail (KILN_IS_BUILD_RECORD (self), FALSE);

  path = kiln_build_record_get_path (self);
  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not save the build record: could not create %s: %s. Check that the folder is writable."),
                   dir, g_strerror (saved_errno));
      return FALSE;
    }

  text = kiln_build_record_to_json (self);
  if (!kiln_files_replace (path, text, -1, 0600, NULL, NULL, error))
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

/* Every member is checked before it is read: a hand-edited or truncated
 * record must fail cleanly. */
static gboolean
read_string (JsonObject  *object,
             const char  *name,
             gboolean     required,
             const char **out,
             const char  *path,
             GError     **error)
{
  JsonNode *node = kiln_json_object_get_node (object, name);

  *out = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return set_corrupt (error, path, _("“%s” is missing"), name);
      return TRUE;
    }

  if (!(*out = kiln_json_node_get_string (node)))
    return set_corrupt (error, path, _("“%s” is not a string"), name);

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
  JsonNode *node = kiln_json_object_get_node (object, name);

  *out = fallback;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!kiln_json_node_holds (node, G_TYPE_INT64))
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

/* The objects of the list @name (NULL when it is missing or null). */
static gboolean
read_objects (JsonObject  *object,
              const char  *name,
              JsonArray  **out,
              const char  *path,
              GError     **error)
{
  JsonNode *node = kiln_json_object_get_node (object, name);

  *out = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return set_corrupt (error, path, _("“%s” is not a list"), name);

  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    if (kiln_json_array_get_object (json_node_get_array (node), i) == NULL)
      return set_corrupt (error, path, _("entry %u of “%s” is not an object"), i + 1, name);

  *out = json_node_get_array (node);
  return TRUE;
}

static gboolean
load_steps (KilnBuildRecord  *self,
            JsonObject       *root,
            const char       *path,
            GError          **error)
{
  JsonArray *array;

  if (!read_objects (root, "steps", &array, path, error))
    return FALSE;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *object = kiln_json_array_get_object (array, i);
      const char *id, *state;
      gint64 duration_ms;

      if (!read_string (object, "id", TRUE, &id, path, error)
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
  JsonArray *array;

  if (!read_objects (root, "artifacts", &array, path, error))
    return FALSE;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *object = kiln_json_array_get_object (array, i);
      const char *artifact_path, *format, *sha256;
      gint64 size;

      if (!read_string (object, "path", TRUE, &artifact_path, path, error)
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
  JsonNode *node = kiln_json_object_get_node (root, "profile");

  *out = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (JSON_NODE_HOLDS_OBJECT (node))
    *out = kiln_json_node_dup_text (node, FALSE);
  else if (kiln_json_node_holds (node, G_TYPE_STRING))
    *out = json_node_dup_string (node);
  else
    return set_corrupt (error, path, _("“profile” is not an object"));

  return TRUE;
}

static gboolean
read_host (JsonObject     *root,
           KilnBuildHost **out,
           const char     *path,
           GError        **error)
{
  JsonNode *node = kiln_json_object_get_node (root, "host");
  const char *os, *system, *arch, *glibc, *target_otp;
  JsonObject *host;

  *out = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return set_corrupt (error, path, _("“host” is not an object"));

  host = json_node_get_object (node);
  if (!read_string (host, "os", FALSE, &os, path, error)
      || !read_string (host, "system", FALSE, &system, path, error)
      || !read_string (host, "arch", FALSE, &arch, path, error)
      || !read_string (host, "glibc", FALSE, &glibc, path, error)
      || !read_string (host, "target_otp", FALSE, &target_otp, path, error))
    return FALSE;

  *out = kiln_build_host_new (os, system, arch, glibc, target_otp);
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

/* The parsed record, once it is known to be a build record Kiln can read. */
static JsonNode *
read_document (const char  *path,
               GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autofree char *contents = NULL;
  const char *format;
  JsonObject *root;
  gint64 version;
  gsize length;

  if (!kiln_files_read_regular (path, KILN_JSON_MAX_FILE_SIZE, &contents, &length, &parse_error)
      && !g_error_matches (parse_error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&parse_error), _("Could not read the build record: "));
      return NULL;
    }

  if (parse_error != NULL || !(node = kiln_json_parse (contents, length, &parse_error)))
    {
      set_corrupt (error, path, "%s", parse_error->message);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (node))
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

  return g_steal_pointer (&node);
}

/* Nobody holds the lock of a build that says it is running: its Kiln was
 * killed or crashed. Written back at once, so that every front-end agrees
 * and a later build taking the lock cannot make it look alive again. */
static void
settle_interrupted (KilnBuildRecord *self)
{
  g_autoptr(GError) error = NULL;

  kiln_build_record_set_result (self, KILN_BUILD_RESULT_INTERRUPTED);
  kiln_build_record_set_error_message (self, _("Kiln stopped before this build finished; "
                                               "the log holds what the build printed until then. Build again."));
  kiln_build_record_set_lock_path (self, NULL);

  if (!kiln_build_record_save (self, &error))
    g_message ("Could not mark an interrupted build: %s", error->message);
}

KilnBuildRecord *
kiln_build_record_load (const char  *path,
                        GError     **error)
{
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(KilnBuildRecord) self = NULL;
  g_autoptr(GDateTime) started_at = NULL;
  g_autoptr(GDateTime) finished_at = NULL;
  g_autofree char *profile_json = NULL;
  g_autoptr(KilnBuildHost) host = NULL;
  const char *id, *project_dir, *release_name, *mix_env, *result_name;
  const char *error_message, *release_dir, *lock_path, *source_date_from;
  KilnBuildResult result;
  JsonObject *root;
  gint64 release_size, source_date;

  g_return_val_if_fail (path != NULL, NULL);

  if (!(document = read_document (path, error)))
    return NULL;
  root = json_node_get_object (document);

  if (!read_string (root, "id", TRUE, &id, path, error)
      || !read_string (root, "project_dir", TRUE, &project_dir, path, error)
      || !read_string (root, "release_name", FALSE, &release_name, path, error)
      || !read_string (root, "mix_env", FALSE, &mix_env, path, error)
      || !read_string (root, "result", TRUE, &result_name, path, error)
      || !read_string (root, "error_message", FALSE, &error_message, path, error)
      || !read_date_time (root, "started_at", TRUE, &started_at, path, error)
      || !read_date_time (root, "finished_at", FALSE, &finished_at, path, error)
      || !read_string (root, "release_dir", FALSE, &release_dir, path, error)
      || !read_string (root, "lock_path", FALSE, &lock_path, path, error)
      || !read_int (root, "source_date", 0, -1, &source_date, path, error)
      || !read_string (root, "source_date_from", FALSE, &source_date_from, path, error)
      || !read_int (root, "release_size", 0, 0, &release_size, path, error)
      || !read_host (root, &host, path, error)
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
                       "mix-env", mix_env,
                       "profile-json", profile_json,
                       "started-at", started_at,
                       "finished-at", finished_at,
                       "result", result,
                       "error-message", error_message,
                       "release-dir", release_dir,
                       "release-size", (guint64) release_size,
                       NULL);
  kiln_build_record_set_path (self, path);
  kiln_build_record_set_lock_path (self, lock_path);
  kiln_build_record_set_source_date (self, source_date, source_date_from);
  kiln_build_record_set_host (self, host);

  if (!load_steps (self, root, path, error) || !load_artifacts (self, root, path, error))
    return NULL;

  if (result == KILN_BUILD_RESULT_RUNNING && !kiln_build_lock_is_held (lock_path))
    settle_interrupted (self);

  return g_steal_pointer (&self);
}
