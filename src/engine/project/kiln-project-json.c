#define G_LOG_DOMAIN "kiln-project"

#include "config.h"

#include "kiln-json-private.h"
#include "kiln-project-private.h"
#include "kiln-release-profile.h"

/* `kiln inspect --json`: the project as Kiln understood it. */

static void
add_array_copy (JsonBuilder *builder,
                const char  *name,
                JsonArray   *array)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_value (builder, json_node_init_array (json_node_alloc (), array));
}

/* A release's options as inspected, the cookie's value left out. */
static void
add_release_options (JsonBuilder *builder,
                     JsonArray   *options)
{
  json_builder_set_member_name (builder, "options");
  json_builder_begin_array (builder);
  for (guint i = 0; options != NULL && i < json_array_get_length (options); i++)
    {
      JsonNode *option = json_array_get_element (options, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (option) ? json_node_get_object (option) : NULL;
      g_autoptr(JsonNode) copy = json_node_copy (option);

      if (object != NULL && g_strcmp0 (kiln_json_object_get_string (object, "key", NULL), "cookie") == 0 &&
          json_object_has_member (object, "value"))
        {
          JsonObject *redacted = json_node_get_object (copy);

          json_object_set_string_member (redacted, "value", KILN_COOKIE_REDACTED);
          json_object_set_string_member (redacted, "code", KILN_COOKIE_REDACTED);
        }
      json_builder_add_value (builder, g_steal_pointer (&copy));
    }
  json_builder_end_array (builder);
}

/* What stops a build before it starts, each with its fix in the message. */
static void
add_problems (JsonBuilder *builder,
              KilnProject *self)
{
  g_autofree char *toolchain = kiln_project_dup_toolchain_problem (self);

  json_builder_set_member_name (builder, "problems");
  json_builder_begin_array (builder);
  if (toolchain != NULL)
    {
      json_builder_begin_object (builder);
      kiln_json_builder_add_string (builder, "kind", "elixir_requirement");
      kiln_json_builder_add_string (builder, "message", toolchain);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_phoenix (JsonBuilder *builder,
             KilnPhoenix *phoenix)
{
  json_builder_set_member_name (builder, "phoenix");
  if (phoenix == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_builder_begin_object (builder);
  kiln_json_builder_add_string (builder, "endpoint", kiln_phoenix_get_endpoint (phoenix));
  kiln_json_builder_add_string (builder, "assets_task", kiln_phoenix_get_assets_task (phoenix));
  kiln_json_builder_add_boolean (builder, "server_script", kiln_phoenix_get_has_server_script (phoenix));
  kiln_json_builder_add_strv (builder, "runtime_env", kiln_phoenix_get_runtime_env (phoenix));
  json_builder_end_object (builder);
}

/* A stable, pretty-printed description for `kiln inspect --json`. */
char *
kiln_project_to_json (KilnProject *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  guint n_releases;

  g_return_val_if_fail (KILN_IS_PROJECT (self), NULL);

  json_builder_begin_object (builder);
  kiln_json_builder_add_string (builder, "path", kiln_project_get_path (self));
  kiln_json_builder_add_boolean (builder, "umbrella", kiln_project_get_is_umbrella (self));
  kiln_json_builder_add_string (builder, "app", kiln_project_get_app_name (self));
  kiln_json_builder_add_string (builder, "version", kiln_project_get_version (self));
  kiln_json_builder_add_strv (builder, "app_names", kiln_project_get_app_names (self));
  add_array_copy (builder, "apps", kiln_project_json_array (kiln_project_get_inspection (self), "apps"));
  kiln_json_builder_add_string (builder, "default_release", kiln_project_get_default_release (self));
  kiln_json_builder_add_string (builder, "elixir_requirement", kiln_project_get_elixir_requirement (self));

  json_builder_set_member_name (builder, "releases");
  json_builder_begin_array (builder);
  n_releases = g_list_model_get_n_items (kiln_project_get_releases (self));
  for (guint i = 0; i < n_releases; i++)
    {
      g_autoptr(KilnProjectRelease) release = g_list_model_get_item (kiln_project_get_releases (self), i);

      json_builder_begin_object (builder);
      kiln_json_builder_add_string (builder, "name", kiln_project_release_get_name (release));
      add_release_options (builder, kiln_project_release_get_options (release));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  add_array_copy (builder, "deps", kiln_project_json_array (kiln_project_get_inspection (self), "deps"));
  kiln_json_builder_add_boolean (builder, "uses_hex", kiln_project_get_uses_hex (self));
  kiln_json_builder_add_strv (builder, "unfetched_deps", kiln_project_get_unfetched_deps (self));
  kiln_json_builder_add_boolean (builder, "has_runtime_config", kiln_project_get_has_runtime_config (self));
  kiln_json_builder_add_strv (builder, "templates", kiln_project_get_templates (self));
  kiln_json_builder_add_strv (builder, "overlay_files", kiln_project_get_overlay_files (self));
  kiln_json_builder_add_string (builder, "distillery_config", kiln_project_get_distillery_config (self));
  kiln_json_builder_add_boolean (builder, "distillery_migrated", kiln_project_get_distillery_migrated (self));
  add_phoenix (builder, kiln_project_get_phoenix (self));
  add_problems (builder, self);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);

  return json_generator_to_data (generator, NULL);
}

