#define G_LOG_DOMAIN "kiln-project"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kiln-error.h"
#include "kiln-json-private.h"
#include "kiln-release-profile.h"

static const char * const include_erts_names[] = { "yes", "no", "path", NULL };
static const char * const runtime_config_names[] = { "default", "disabled", "path", NULL };

static void
add_applications (JsonBuilder        *builder,
                  KilnReleaseProfile *self)
{
  GListModel *applications = kiln_release_profile_get_applications (self);

  json_builder_set_member_name (builder, "applications");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (applications); i++)
    {
      g_autoptr(KilnReleaseApplication) application = g_list_model_get_item (applications, i);

      json_builder_begin_object (builder);
      kiln_json_builder_add_string (builder, "name", kiln_release_application_get_name (application));
      kiln_json_builder_add_string (builder, "mode",
                          kiln_application_mode_to_string (kiln_release_application_get_mode (application)));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
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
add_overlay_entries (JsonBuilder        *builder,
                     KilnReleaseProfile *self)
{
  GListModel *entries = kiln_release_profile_get_overlay_entries (self);

  json_builder_set_member_name (builder, "overlay_entries");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(KilnOverlayEntry) entry = g_list_model_get_item (entries, i);

      json_builder_begin_object (builder);
      kiln_json_builder_add_string (builder, "source", kiln_overlay_entry_get_source (entry));
      kiln_json_builder_add_string (builder, "destination", kiln_overlay_entry_get_destination (entry));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
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

char *
kiln_release_profile_to_json (KilnReleaseProfile *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (KILN_IS_RELEASE_PROFILE (self), NULL);

  json_builder_begin_object (builder);
  kiln_json_builder_add_string (builder, "format", KILN_PROFILE_FORMAT);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, KILN_PROFILE_FORMAT_VERSION);
  kiln_json_builder_add_string (builder, "name", kiln_release_profile_get_name (self));

  json_builder_set_member_name (builder, "mix");
  json_builder_begin_object (builder);
  add_applications (builder, self);
  kiln_json_builder_add_strv (builder, "include_executables_for", kiln_release_profile_get_include_executables_for (self));
  kiln_json_builder_add_string (builder, "include_erts", include_erts_names[kiln_release_profile_get_include_erts (self)]);
  kiln_json_builder_add_string (builder, "include_erts_path", kiln_release_profile_get_include_erts_path (self));
  kiln_json_builder_add_boolean (builder, "strip_beams", kiln_release_profile_get_strip_beams (self));
  kiln_json_builder_add_strv (builder, "strip_beams_keep", kiln_release_profile_get_strip_beams_keep (self));
  kiln_json_builder_add_boolean (builder, "strip_beams_compress", kiln_release_profile_get_strip_beams_compress (self));
  kiln_json_builder_add_string (builder, "cookie", kiln_release_profile_get_cookie (self));
  kiln_json_builder_add_string (builder, "path", kiln_release_profile_get_path (self));
  kiln_json_builder_add_string (builder, "version", kiln_release_profile_get_version (self));
  kiln_json_builder_add_boolean (builder, "quiet", kiln_release_profile_get_quiet (self));
  kiln_json_builder_add_boolean (builder, "steps_include_tar", kiln_release_profile_get_steps_include_tar (self));
  kiln_json_builder_add_strv (builder, "overlays", kiln_release_profile_get_overlays (self));
  kiln_json_builder_add_string (builder, "rel_templates_path", kiln_release_profile_get_rel_templates_path (self));
  kiln_json_builder_add_string (builder, "runtime_config",
                      runtime_config_names[kiln_release_profile_get_runtime_config (self)]);
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
  add_overlay_entries (builder, self);
  add_templates (builder, self);
  kiln_json_builder_add_strv (builder, "package_formats", kiln_release_profile_get_package_formats (self));
  kiln_json_builder_add_string (builder, "output_dir", kiln_release_profile_get_output_dir (self));
  json_builder_end_object (builder);

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);

  return json_generator_to_data (generator, NULL);
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

static JsonNode *
reader_member (JsonObject *object,
               const char *member)
{
  if (object == NULL || !json_object_has_member (object, member))
    return NULL;

  return json_object_get_member (object, member);
}

static gboolean
node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
node_is_boolean (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN;
}

static void
read_string (Reader              *reader,
             JsonObject          *object,
             const char          *member,
             KilnReleaseProfile  *self,
             const char          *property)
{
  JsonNode *node = reader_member (object, member);

  if (node == NULL)
    return;
  if (JSON_NODE_HOLDS_NULL (node))
    g_object_set (self, property, NULL, NULL);
  else if (node_is_string (node))
    g_object_set (self, property, json_node_get_string (node), NULL);
  else
    reader_fail (reader, member, _("a string or null"));
}

static void
read_boolean (Reader             *reader,
              JsonObject         *object,
              const char         *member,
              KilnReleaseProfile *self,
              const char         *property)
{
  JsonNode *node = reader_member (object, member);

  if (node == NULL)
    return;
  if (node_is_boolean (node))
    g_object_set (self, property, json_node_get_boolean (node), NULL);
  else
    reader_fail (reader, member, _("true or false"));
}

static void
read_strv (Reader             *reader,
           JsonObject         *object,
           const char         *member,
           KilnReleaseProfile *self,
           const char         *property)
{
  JsonNode *node = reader_member (object, member);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) values = NULL;
  JsonArray *array;

  if (node == NULL)
    return;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      reader_fail (reader, member, _("a list of strings"));
      return;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!node_is_string (element))
        {
          reader_fail (reader, member, _("a list of strings"));
          return;
        }
      g_strv_builder_add (builder, json_node_get_string (element));
    }

  values = g_strv_builder_end (builder);
  g_object_set (self, property, values, NULL);
}

static int
read_choice (Reader             *reader,
             JsonObject         *object,
             const char         *member,
             const char * const *names,
             int                 current)
{
  JsonNode *node = reader_member (object, member);

  if (node == NULL)
    return current;

  if (node_is_string (node))
    {
      for (int i = 0; names[i] != NULL; i++)
        {
          if (g_str_equal (names[i], json_node_get_string (node)))
            return i;
        }
    }

  reader_fail (reader, member, _("one of the known choices"));
  return current;
}

static JsonArray *
read_object_array (Reader     *reader,
                   JsonObject *object,
                   const char *member)
{
  JsonNode *node = reader_member (object, member);
  JsonArray *array;

  if (node == NULL)
    return NULL;

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, i)))
            goto fail;
        }
      return array;
    }

fail:
  reader_fail (reader, member, _("a list of objects"));
  return NULL;
}

static const char *
object_string (Reader     *reader,
               JsonObject *object,
               const char *member,
               const char *list)
{
  JsonNode *node = reader_member (object, member);

  if (node != NULL && node_is_string (node))
    return json_node_get_string (node);

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
          JsonObject *item = json_array_get_object_element (array, i);
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
                                         read_choice (reader, mix, "include_erts", include_erts_names,
                                                      kiln_release_profile_get_include_erts (self)));
  read_string (reader, mix, "include_erts_path", self, "include-erts-path");
  read_boolean (reader, mix, "strip_beams", self, "strip-beams");
  read_strv (reader, mix, "strip_beams_keep", self, "strip-beams-keep");
  read_boolean (reader, mix, "strip_beams_compress", self, "strip-beams-compress");
  read_string (reader, mix, "cookie", self, "cookie");
  read_string (reader, mix, "path", self, "path");
  read_string (reader, mix, "version", self, "version");
  read_boolean (reader, mix, "quiet", self, "quiet");
  read_boolean (reader, mix, "steps_include_tar", self, "steps-include-tar");
  read_strv (reader, mix, "overlays", self, "overlays");
  read_string (reader, mix, "rel_templates_path", self, "rel-templates-path");
  kiln_release_profile_set_runtime_config (self,
                                           read_choice (reader, mix, "runtime_config", runtime_config_names,
                                                        kiln_release_profile_get_runtime_config (self)));
  read_string (reader, mix, "runtime_config_path", self, "runtime-config-path");
  read_boolean (reader, mix, "validate_compile_env", self, "validate-compile-env");
  read_boolean (reader, mix, "reboot_system_after_config", self, "reboot-system-after-config");
  read_string (reader, mix, "config_providers", self, "config-providers");

  if ((array = read_object_array (reader, mix, "extra_options")))
    {
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *item = json_array_get_object_element (array, i);
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

  read_string (reader, kiln, "mix_env", self, "mix-env");

  if ((array = read_object_array (reader, kiln, "overlay_entries")))
    {
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *item = json_array_get_object_element (array, i);
          const char *source = object_string (reader, item, "source", "overlay_entries");
          const char *destination = object_string (reader, item, "destination", "overlay_entries");
          g_autoptr(KilnOverlayEntry) entry = NULL;

          if (source == NULL || destination == NULL)
            return;

          entry = kiln_overlay_entry_new (source, destination);
          g_list_store_append (kiln_release_profile_get_overlay_entry_store (self), entry);
        }
    }

  if ((templates = reader_member (kiln, "templates")))
    {
      if (!JSON_NODE_HOLDS_OBJECT (templates))
        {
          reader_fail (reader, "templates", _("an object"));
          return;
        }

      for (KilnReleaseTemplate kind = KILN_RELEASE_TEMPLATE_VM_ARGS; kind <= KILN_RELEASE_TEMPLATE_ENV_SH; kind++)
        {
          const char *filename = kiln_release_template_get_filename (kind);
          JsonNode *node = reader_member (json_node_get_object (templates), filename);

          if (node == NULL || JSON_NODE_HOLDS_NULL (node))
            continue;
          if (!node_is_string (node))
            {
              reader_fail (reader, filename, _("a string or null"));
              return;
            }
          kiln_release_profile_set_template (self, kind, json_node_get_string (node));
        }
    }

  read_strv (reader, kiln, "package_formats", self, "package-formats");
  read_string (reader, kiln, "output_dir", self, "output-dir");
}

static JsonObject *
section (Reader     *reader,
         JsonObject *root,
         const char *member)
{
  JsonNode *node = reader_member (root, member);

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
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(KilnReleaseProfile) self = NULL;
  Reader reader = { NULL };
  JsonObject *root;
  JsonNode *node;
  gint64 version;

  g_return_val_if_fail (json != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, -1, &parse_error))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_PROFILE_CORRUPT,
                   _("The profile is not valid JSON: %s"), parse_error->message);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, KILN_ERROR, KILN_ERROR_PROFILE_CORRUPT,
                           _("The profile is damaged: it should be a JSON object."));
      return NULL;
    }

  root = json_node_get_object (json_parser_get_root (parser));

  node = reader_member (root, "format");
  if (node == NULL || !node_is_string (node) || !g_str_equal (json_node_get_string (node), KILN_PROFILE_FORMAT))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_PROFILE_CORRUPT,
                   _("This file is not a Kiln release profile: its “format” is not “%s”."), KILN_PROFILE_FORMAT);
      return NULL;
    }

  node = reader_member (root, "version");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      (version = json_node_get_int (node)) < 1)
    {
      g_set_error_literal (error, KILN_ERROR, KILN_ERROR_PROFILE_CORRUPT,
                           _("The profile is damaged: its “version” is missing or not a positive whole number."));
      return NULL;
    }

  if (version > KILN_PROFILE_FORMAT_VERSION)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_PROFILE_UNSUPPORTED_VERSION,
                   _("The profile was saved by a newer Kiln (format version %lld); "
                     "this Kiln understands format version %d only. Update Kiln to open it."),
                   (long long) version, KILN_PROFILE_FORMAT_VERSION);
      return NULL;
    }

  self = kiln_release_profile_new (NULL);
  read_string (&reader, root, "name", self, "name");
  read_mix (&reader, section (&reader, root, "mix"), self);
  read_kiln (&reader, section (&reader, root, "kiln"), self);

  if (reader.error != NULL)
    {
      g_propagate_error (error, reader.error);
      return NULL;
    }

  return g_steal_pointer (&self);
}
