#define G_LOG_DOMAIN "kiln-project"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kiln-error.h"
#include "kiln-json-private.h"
#include "kiln-release-profile.h"


static void
add_application_members (JsonBuilder *builder,
                         gpointer     item)
{
  KilnReleaseApplication *application = item;

  kiln_json_builder_add_string (builder, "name", kiln_release_application_get_name (application));
  kiln_json_builder_add_string (builder, "mode",
                                kiln_application_mode_to_string (kiln_release_application_get_mode (application)));
}

static void
add_extra_options (JsonBuilder        *builder,
                   KilnReleaseProfile *self)
{
  const char * const *keys = kiln_release_profile_get_extra_option_keys (self);

  json_builder_set_member_name (builder, "extra_options");
  json_builder_begin_array (builder);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      json_builder_begin_object (builder);
      kiln_json_builder_add_string (builder, "key", keys[i]);
      kiln_json_builder_add_string (builder, "code", kiln_release_profile_get_extra_option (self, keys[i]));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_overlay_entry_members (JsonBuilder *builder,
                           gpointer     item)
{
  KilnOverlayEntry *entry = item;

  kiln_json_builder_add_string (builder, "source", kiln_overlay_entry_get_source (entry));
  kiln_json_builder_add_string (builder, "destination", kiln_overlay_entry_get_destination (entry));
}

static void
add_templates (JsonBuilder        *builder,
               KilnReleaseProfile *self)
{
  json_builder_set_member_name (builder, "templates");
  json_builder_begin_object (builder);
  for (KilnReleaseTemplate kind = KILN_RELEASE_TEMPLATE_VM_ARGS; kind <= KILN_RELEASE_TEMPLATE_ENV_SH; kind++)
    kiln_json_builder_add_string (builder,
                                  kiln_release_template_get_filename (kind),
                                  kiln_release_profile_get_template (self, kind));
  json_builder_end_object (builder);
}

/* A secret's value is written only to the profile file itself (0600). */
static void
add_environment (JsonBuilder        *builder,
                 KilnReleaseProfile *self,
                 gboolean            with_secrets)
{
  GListModel *environment = kiln_release_profile_get_environment (self);

  kiln_json_builder_add_boolean (builder, "run_assets", kiln_release_profile_get_run_assets (self));
  kiln_json_builder_add_boolean (builder, "phoenix_environment", kiln_release_profile_get_phoenix_environment (self));

  json_builder_set_member_name (builder, "environment");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (environment); i++)
    {
      g_autoptr(KilnEnvironmentVariable) variable = g_list_model_get_item (environment, i);
      gboolean secret = kiln_environment_variable_get_secret (variable);

      json_builder_begin_object (builder);
      kiln_json_builder_add_string (builder, "name", kiln_environment_variable_get_name (variable));
      kiln_json_builder_add_string (builder, "value",
                                    secret && !with_secrets ? "" : kiln_environment_variable_get_value (variable));
      kiln_json_builder_add_boolean (builder, "secret", secret);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static char *
profile_to_json (KilnReleaseProfile *self,
                 gboolean            with_secrets);

char *
kiln_release_profile_to_json (KilnReleaseProfile *self)
{
  g_return_val_if_fail (KILN_IS_RELEASE_PROFILE (self), NULL);

  return profile_to_json (self, TRUE);
}

char *
kiln_release_profile_to_public_json (KilnReleaseProfile *self)
{
  g_return_val_if_fail (KILN_IS_RELEASE_PROFILE (self), NULL);

  return profile_to_json (self, FALSE);
}

static char *
profile_to_json (KilnReleaseProfile *self,
                 gboolean            with_secrets)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  kiln_json_builder_add_string (builder, "format", KILN_PROFILE_FORMAT);
  kiln_json_builder_add_int (builder, "version", KILN_PROFILE_FORMAT_VERSION);
  kiln_json_builder_add_string (builder, "name", kiln_release_profile_get_name (self));

  json_builder_set_member_name (builder, "mix");
  json_builder_begin_object (builder);
  kiln_json_builder_add_objects (builder, "applications", kiln_release_profile_get_applications (self),
                                 add_application_members);
  kiln_json_builder_add_strv (builder, "include_executables_for", kiln_release_profile_get_include_executables_for (self));
  kiln_json_builder_add_enum (builder, "include_erts", KILN_TYPE_INCLUDE_ERTS, kiln_release_profile_get_include_erts (self));
  kiln_json_builder_add_string (builder, "include_erts_path", kiln_release_profile_get_include_erts_path (self));
  kiln_json_builder_add_boolean (builder, "strip_beams", kiln_release_profile_get_strip_beams (self));
  kiln_json_builder_add_strv (builder, "strip_beams_keep", kiln_release_profile_get_strip_beams_keep (self));
  kiln_json_builder_add_boolean (builder, "strip_beams_compress", kiln_release_profile_get_strip_beams_compress (self));
  kiln_json_builder_add_string (builder, "cookie",
                                kiln_release_profile_get_cookie (self) != NULL && !with_secrets
                                ? KILN_COOKIE_REDACTED : kiln_release_profile_get_cookie (self));
  kiln_json_builder_add_string (builder, "path", kiln_release_profile_get_path (self));
  kiln_json_builder_add_string (builder, "version", kiln_release_profile_get_version (self));
  kiln_json_builder_add_boolean (builder, "quiet", kiln_release_profile_get_quiet (self));
  kiln_json_builder_add_boolean (builder, "steps_include_tar", kiln_release_profile_get_steps_include_tar (self));
  kiln_json_builder_add_strv (builder, "overlays", kiln_release_profile_get_overlays (self));
  kiln_json_builder_add_string (builder, "rel_templates_path", kiln_release_profile_get_rel_templates_path (self));
  kiln_json_builder_add_enum (builder, "runtime_config", KILN_TYPE_RUNTIME_CONFIG,
                              kiln_release_profile_get_runtime_config (self));
  kiln_json_builder_add_string (builder, "runtime_config_path", kiln_release_profile_get_runtime_config_path (self));
  kiln_json_builder_add_boolean (builder, "validate_compile_env", kiln_release_profile_get_validate_compile_env (self));
  kiln_json_builder_add_boolean (builder, "reboot_system_after_config",
                                 kiln_release_profile_get_reboot_system_after_config (self));
  kiln_json_builder_add_string (builder, "config_providers", kiln_release_profile_get_config_providers (self));
  add_extra_options (builder, self);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "kiln");
  json_builder_begin_object (builder);
  kiln_json_builder_add_string (builder, "mix_env", kiln_release_profile_get_mix_env (self));
  kiln_json_builder_add_objects (builder, "overlay_entries", kiln_release_profile_get_overlay_entries (self),
                                 add_overlay_entry_members);
  add_templates (builder, self);
  kiln_json_builder_add_strv (builder, "package_formats", kiln_release_profile_get_package_formats (self));
  kiln_json_builder_add_string (builder, "output_dir", kiln_release_profile_get_output_dir (self));
  add_environment (builder, self, with_secrets);
  kiln_json_builder_add_boolean (builder, "fetch_dependencies", kiln_release_profile_get_fetch_dependencies (self));
  json_builder_end_object (builder);

  json_builder_end_object (builder);

  return kiln_json_builder_dup_text (builder);
}

/* The JSON form holds every setting, so it doubles as the deep copy; import
 * warnings are not persisted and are carried over by hand. */
KilnReleaseProfile *
kiln_release_profile_copy (KilnReleaseProfile *self)
{
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  KilnReleaseProfile *copy;

  g_return_val_if_fail (KILN_IS_RELEASE_PROFILE (self), NULL);

  json = kiln_release_profile_to_json (self);
  copy = kiln_release_profile_new_from_json (json, &error);

  /* Only text that is not UTF-8 (a raw file name, say) fails to round-trip. */
  if (copy == NULL)
    {
      g_critical ("Could not copy release profile “%s”: %s",
                  kiln_release_profile_get_name (self), error->message);
      return kiln_release_profile_new (kiln_release_profile_get_name (self));
    }

  for (const char * const *warning = kiln_release_profile_get_warnings (self); *warning != NULL; warning++)
    kiln_release_profile_add_warning (copy, *warning);

  return copy;
}

/* Reading keeps the first shape error and carries on with defaults, so every
 * reader stays a one-liner; members that are missing keep their defaults. */
typedef struct
{
  GError *error;
} Reader;

static void
reader_fail (Reader     *reader,
             const char *member,
             const char *expected)
{
  if (reader->error == NULL)
    g_set_error (&reader->error, KILN_ERROR, KILN_ERROR_PROFILE_CORRUPT,
                 _("The profile is damaged: “%s” should be %s."), member, expected);
}

/* A string (or null) or boolean member, into the property of that type. */
static void
read_value (Reader             *reader,
            JsonObject         *object,
            const char         *member,
            KilnReleaseProfile *self,
            const char         *property)
{
  JsonNode *node = kiln_json_object_get_node (object, member);
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (self), property);
  gboolean is_string = pspec->value_type == G_TYPE_STRING;

  if (node == NULL)
    return;

  if (is_string && JSON_NODE_HOLDS_NULL (node))
    g_object_set (self, property, NULL, NULL);
  else if (kiln_json_node_holds (node, pspec->value_type))
    {
      g_auto(GValue) value = G_VALUE_INIT;

      json_node_get_value (node, &value);
      g_object_set_property (G_OBJECT (self), property, &value);
    }
  else
    reader_fail (reader, member, is_string ? _("a string or null") : _("true or false"));
}

static void
read_strv (Reader             *reader,
           JsonObject         *object,
           const char         *member,
           KilnReleaseProfile *self,
           const char         *property)
{
  JsonNode *node = kiln_json_object_get_node (object, member);
  g_auto(GStrv) values = NULL;

  if (node == NULL)
    return;

  if (!(values = kiln_json_node_dup_strv (node)))
    reader_fail (reader, member, _("a list of strings"));
  else
    g_object_set (self, property, values, NULL);
}

static int
read_choice (Reader     *reader,
             JsonObject *object,
             const char *member,
             GType       enum_type,
             int         current)
{
  JsonNode *node = kiln_json_object_get_node (object, member);
  int value;

  if (node == NULL)
    return current;

  if (kiln_json_node_get_enum (node, enum_type, &value))
    return value;

  reader_fail (reader, member, _("one of the known choices"));
  return current;
}

static JsonArray *
read_object_array (Reader     *reader,
                   JsonObject *object,
                   const char *member)
{
  JsonNode *node = kiln_json_object_get_node (object, member);
  JsonArray *array;

  if (node == NULL)
    return NULL;

  if (!(array = kiln_json_node_get_objects (node)))
    reader_fail (reader, member, _("a list of objects"));

  return array;
}

static const char *
object_string (Reader     *reader,
               JsonObject *object,
               const char *member,
               const char *list)
{
  const char *value = kiln_json_object_get_string (object, member, NULL);

  if (value != NULL)
    return value;

  reader_fail (reader, list, _("a list of objects whose members are strings"));
  return NULL;
}

static void
read_mix (Reader             *reader,
          JsonObject         *mix,
          KilnReleaseProfile *self)
{
  JsonArray *array;

  if ((array = read_object_array (reader, mix, "applications")))
    {
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *item = kiln_json_array_get_object (array, i);
          const char *name = object_string (reader, item, "name", "applications");
          const char *mode_name = object_string (reader, item, "mode", "applications");
          KilnApplicationMode mode;
          g_autoptr(KilnReleaseApplication) application = NULL;

          if (name == NULL || mode_name == NULL)
            return;
          if (!kiln_application_mode_from_string (mode_name, &mode))
            {
              g_autofree char *choices = kiln_application_mode_dup_choices ("");

              reader_fail (reader, "mode", choices);
              return;
            }

          application = kiln_release_application_new (name, mode);
          g_list_store_append (kiln_release_profile_get_application_store (self), application);
        }
    }

  read_strv (reader, mix, "include_executables_for", self, "include-executables-for");
  kiln_release_profile_set_include_erts (self,
                                         read_choice (reader, mix, "include_erts", KILN_TYPE_INCLUDE_ERTS,
                                                      kiln_release_profile_get_include_erts (self)));
  read_value (reader, mix, "include_erts_path", self, "include-erts-path");
  read_value (reader, mix, "strip_beams", self, "strip-beams");
  read_strv (reader, mix, "strip_beams_keep", self, "strip-beams-keep");
  read_value (reader, mix, "strip_beams_compress", self, "strip-beams-compress");
  read_value (reader, mix, "cookie", self, "cookie");
  read_value (reader, mix, "path", self, "path");
  read_value (reader, mix, "version", self, "version");
  read_value (reader, mix, "quiet", self, "quiet");
  read_value (reader, mix, "steps_include_tar", self, "steps-include-tar");
  read_strv (reader, mix, "overlays", self, "overlays");
  read_value (reader, mix, "rel_templates_path", self, "rel-templates-path");
  kiln_release_profile_set_runtime_config (self,
                                           read_choice (reader, mix, "runtime_config", KILN_TYPE_RUNTIME_CONFIG,
                                                        kiln_release_profile_get_runtime_config (self)));
  read_value (reader, mix, "runtime_config_path", self, "runtime-config-path");
  read_value (reader, mix, "validate_compile_env", self, "validate-compile-env");
  read_value (reader, mix, "reboot_system_after_config", self, "reboot-system-after-config");
  read_value (reader, mix, "config_providers", self, "config-providers");

  if ((array = read_object_array (reader, mix, "extra_options")))
    {
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *item = kiln_json_array_get_object (array, i);
          const char *key = object_string (reader, item, "key", "extra_options");
          const char *code = object_string (reader, item, "code", "extra_options");

          if (key == NULL || code == NULL)
            return;
          kiln_release_profile_set_extra_option (self, key, code);
        }
    }
}

static void
read_kiln (Reader             *reader,
           JsonObject         *kiln,
           KilnReleaseProfile *self)
{
  JsonArray *array;
  JsonNode *templates;

  read_value (reader, kiln, "mix_env", self, "mix-env");
  read_value (reader, kiln, "run_assets", self, "run-assets");
  read_value (reader, kiln, "phoenix_environment", self, "phoenix-environment");

  if ((array = read_object_array (reader, kiln, "environment")))
    {
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *item = kiln_json_array_get_object (array, i);
          const char *name = object_string (reader, item, "name", "environment");
          const char *value = object_string (reader, item, "value", "environment");
          g_autoptr(KilnEnvironmentVariable) variable = NULL;

          if (name == NULL || value == NULL)
            return;

          variable = kiln_environment_variable_new (name, value,
                                                    json_object_get_boolean_member_with_default (item, "secret", FALSE));
          g_list_store_append (kiln_release_profile_get_environment_store (self), variable);
        }
    }
  read_value (reader, kiln, "fetch_dependencies", self, "fetch-dependencies");

  if ((array = read_object_array (reader, kiln, "overlay_entries")))
    {
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *item = kiln_json_array_get_object (array, i);
          const char *source = object_string (reader, item, "source", "overlay_entries");
          const char *destination = object_string (reader, item, "destination", "overlay_entries");
          g_autoptr(KilnOverlayEntry) entry = NULL;

          if (source == NULL || destination == NULL)
            return;

          entry = kiln_overlay_entry_new (source, destination);
          g_list_store_append (kiln_release_profile_get_overlay_entry_store (self), entry);
        }
    }

  if ((templates = kiln_json_object_get_node (kiln, "templates")))
    {
      if (!JSON_NODE_HOLDS_OBJECT (templates))
        {
          reader_fail (reader, "templates", _("an object"));
          return;
        }

      for (KilnReleaseTemplate kind = KILN_RELEASE_TEMPLATE_VM_ARGS; kind <= KILN_RELEASE_TEMPLATE_ENV_SH; kind++)
        {
          const char *filename = kiln_release_template_get_filename (kind);
          JsonNode *node = kiln_json_object_get_node (json_node_get_object (templates), filename);

          if (node == NULL || JSON_NODE_HOLDS_NULL (node))
            continue;
          if (!kiln_json_node_holds (node, G_TYPE_STRING))
            {
              reader_fail (reader, filename, _("a string or null"));
              return;
            }
          kiln_release_profile_set_template (self, kind, json_node_get_string (node));
        }
    }

  read_strv (reader, kiln, "package_formats", self, "package-formats");
  read_value (reader, kiln, "output_dir", self, "output-dir");
}

static JsonObject *
section (Reader     *reader,
         JsonObject *root,
         const char *member)
{
  JsonNode *node = kiln_json_object_get_node (root, member);

  if (node == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      reader_fail (reader, member, _("an object"));
      return NULL;
    }

  return json_node_get_object (node);
}

KilnReleaseProfile *
kiln_release_profile_new_from_json (const char  *json,
                                    GError     **error)
{
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(KilnReleaseProfile) self = NULL;
  Reader reader = { NULL };
  JsonObject *root;
  JsonNode *node;
  gint64 version;

  g_return_val_if_fail (json != NULL, NULL);

  if (!(document = kiln_json_parse (json, -1, &parse_error)))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_PROFILE_CORRUPT,
                   _("The profile is not valid JSON: %s"), parse_error->message);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (document))
    {
      g_set_error_literal (error, KILN_ERROR, KILN_ERROR_PROFILE_CORRUPT,
                           _("The profile is damaged: it should be a JSON object."));
      return NULL;
    }

  root = json_node_get_object (document);

  node = kiln_json_object_get_node (root, "format");
  if (g_strcmp0 (kiln_json_node_get_string (node), KILN_PROFILE_FORMAT) != 0)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_PROFILE_CORRUPT,
                   _("This file is not a Kiln release profile: its “format” is not “%s”."), KILN_PROFILE_FORMAT);
      return NULL;
    }

  node = kiln_json_object_get_node (root, "version");
  if (!kiln_json_node_holds (node, G_TYPE_INT64) || (version = json_node_get_int (node)) < 1)
    {
      g_set_error_literal (error, KILN_ERROR, KILN_ERROR_PROFILE_CORRUPT,
                           _("The profile is damaged: its “version” is missing or not a positive whole number."));
      return NULL;
    }

  if (version > KILN_PROFILE_FORMAT_VERSION)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_PROFILE_UNSUPPORTED_VERSION,
                   _("The profile was written by a newer Kiln (format version %lld); "
                     "this Kiln understands format version %d only. Update Kiln to open it."),
                   (long long) version, KILN_PROFILE_FORMAT_VERSION);
      return NULL;
    }

  self = kiln_release_profile_new (NULL);
  read_value (&reader, root, "name", self, "name");
  read_mix (&reader, section (&reader, root, "mix"), self);
  read_kiln (&reader, section (&reader, root, "kiln"), self);

  if (reader.error != NULL)
    {
      g_propagate_error (error, reader.error);
      return NULL;
    }

  return g_steal_pointer (&self);
}
