#define G_LOG_DOMAIN "kiln-migration"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kiln-distillery-config.h"
#include "kiln-error.h"
#include "kiln-helper.h"
#include "kiln-json-private.h"

struct _KilnDistilleryConfig
{
  GObject     parent_instance;

  char       *project_dir;
  char       *config_path;
  JsonNode   *root;
  const char *release;
  const char *environment;
};

G_DEFINE_FINAL_TYPE (KilnDistilleryConfig, kiln_distillery_config, G_TYPE_OBJECT)

static void
kiln_distillery_config_finalize (GObject *object)
{
  KilnDistilleryConfig *self = (KilnDistilleryConfig *) object;

  g_clear_pointer (&self->project_dir, g_free);
  g_clear_pointer (&self->config_path, g_free);
  g_clear_pointer (&self->root, json_node_unref);

  G_OBJECT_CLASS (kiln_distillery_config_parent_class)->finalize (object);
}

static void
kiln_distillery_config_class_init (KilnDistilleryConfigClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kiln_distillery_config_finalize;
}

static void
kiln_distillery_config_init (KilnDistilleryConfig *self)
{
}

static JsonObject *
root_object (KilnDistilleryConfig *self)
{
  return json_node_get_object (self->root);
}

static JsonArray *
scopes (KilnDistilleryConfig *self,
        gboolean              environment)
{
  return kiln_json_object_get_array (root_object (self), environment ? "environments" : "releases");
}

static JsonObject *
find_scope (KilnDistilleryConfig *self,
            gboolean              environment,
            const char           *name)
{
  JsonArray *array = scopes (self, environment);

  if (name == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *scope = kiln_json_array_get_object (array, i);

      if (g_strcmp0 (kiln_json_object_get_string (scope, "name", NULL), name) == 0)
        return scope;
    }

  return NULL;
}

static GStrv
dup_names (KilnDistilleryConfig *self,
           gboolean              environment)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array = scopes (self, environment);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *name = kiln_json_object_get_string (kiln_json_array_get_object (array, i), "name", NULL);

      /* Distillery lets a later block of the same name add to an earlier one. */
      if (name != NULL && find_scope (self, environment, name) == kiln_json_array_get_object (array, i))
        g_strv_builder_add (builder, name);
    }

  return g_strv_builder_end (builder);
}

static gboolean
check_json_shape (JsonNode  *root,
                  GError   **error)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;

  if (kiln_json_object_get_array (object, "releases") == NULL ||
      kiln_json_object_get_array (object, "environments") == NULL ||
      kiln_json_object_get_object (object, "rendered") == NULL)
    {
      g_set_error_literal (error, KILN_ERROR, KILN_ERROR_HELPER_FAILED,
                           _("Kiln’s Distillery helper answered in an unexpected shape. "
                             "This is a bug in Kiln; please report it."));
      return FALSE;
    }

  return TRUE;
}

KilnDistilleryConfig *
kiln_distillery_config_load (const char     *project_dir,
                             KilnToolchain  *toolchain,
                             const char     *release,
                             const char     *environment,
                             GCancellable   *cancellable,
                             GError        **error)
{
  g_autoptr(KilnDistilleryConfig) self = NULL;
  g_autoptr(KilnToolchain) discovered = NULL;
  g_autoptr(KilnHelper) helper = NULL;
  g_autofree char *mix_exs = NULL;
  g_autofree char *dir = NULL;
  g_auto(GStrv) release_names = NULL;
  JsonObject *object;
  JsonObject *rendered;
  const char *evaluation_error;

  g_return_val_if_fail (project_dir != NULL, NULL);
  g_return_val_if_fail (!toolchain || KILN_IS_TOOLCHAIN (toolchain), NULL);

  dir = g_canonicalize_filename (project_dir, NULL);
  mix_exs = g_build_filename (dir, "mix.exs", NULL);
  if (!g_file_test (mix_exs, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_NOT_A_PROJECT,
                   _("“%s” is not a Mix project: it has no mix.exs. Choose the folder that contains mix.exs."), dir);
      return NULL;
    }

  self = g_object_new (KILN_TYPE_DISTILLERY_CONFIG, NULL);
  self->project_dir = g_steal_pointer (&dir);
  self->config_path = g_build_filename (self->project_dir, "rel", "config.exs", NULL);

  if (!g_file_test (self->config_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_NOT_A_PROJECT,
                   _("“%s” has no rel/config.exs, so there is no Distillery configuration to migrate."),
                   self->project_dir);
      return NULL;
    }

  if (toolchain == NULL && !(toolchain = discovered = kiln_toolchain_discover (cancellable, error)))
    return NULL;

  helper = kiln_helper_new (toolchain, "kiln-distillery.exs", KILN_HELPER_MODE_RESULT);
  kiln_helper_set_cwd (helper, self->project_dir);
  kiln_helper_add_arguments (helper, self->project_dir, self->config_path,
                             release ? release : "", environment ? environment : "", NULL);
  if (kiln_helper_run (helper, cancellable, error))
    self->root = json_node_ref (kiln_helper_get_result (helper));
  if (self->root == NULL)
    {
      g_prefix_error (error, _("Kiln could not read rel/config.exs in “%s”: "), self->project_dir);
      return NULL;
    }

  if (!check_json_shape (self->root, error))
    return NULL;

  object = root_object (self);
  rendered = kiln_json_object_get_object (object, "rendered");
  self->release = kiln_json_object_get_string (rendered, "release", NULL);
  self->environment = kiln_json_object_get_string (rendered, "environment", "prod");
  evaluation_error = kiln_distillery_config_get_evaluation_error (self);
  release_names = dup_names (self, FALSE);

  if (release_names[0] == NULL)
    {
      if (evaluation_error != NULL)
        g_set_error (error, KILN_ERROR, KILN_ERROR_PROJECT_INVALID,
                     _("rel/config.exs defines no release: evaluating it failed with %s. "
                       "Fix it so that Distillery would accept it, then try again."),
                     evaluation_error);
      else
        g_set_error_literal (error, KILN_ERROR, KILN_ERROR_PROJECT_INVALID,
                             _("rel/config.exs defines no release. "
                               "Fix it so that Distillery would accept it, then try again."));
      return NULL;
    }

  if (find_scope (self, FALSE, self->release) == NULL)
    {
      g_autofree char *names = g_strjoinv (", ", release_names);

      g_set_error (error, KILN_ERROR, KILN_ERROR_PROJECT_INVALID,
                   _("rel/config.exs has no release “%s”; it defines: %s. Choose one of those."),
                   self->release ? self->release : "", names);
      return NULL;
    }

  return g_steal_pointer (&self);
}

const char *
kiln_distillery_config_get_project_dir (KilnDistilleryConfig *self)
{
  g_return_val_if_fail (KILN_IS_DISTILLERY_CONFIG (self), NULL);
  return self->project_dir;
}

const char *
kiln_distillery_config_get_config_path (KilnDistilleryConfig *self)
{
  g_return_val_if_fail (KILN_IS_DISTILLERY_CONFIG (self), NULL);
  return self->config_path;
}

const char *
kiln_distillery_config_get_release (KilnDistilleryConfig *self)
{
  g_return_val_if_fail (KILN_IS_DISTILLERY_CONFIG (self), NULL);
  return self->release;
}

const char *
kiln_distillery_config_get_environment (KilnDistilleryConfig *self)
{
  g_return_val_if_fail (KILN_IS_DISTILLERY_CONFIG (self), NULL);
  return self->environment;
}

const char *
kiln_distillery_config_get_project_version (KilnDistilleryConfig *self)
{
  g_return_val_if_fail (KILN_IS_DISTILLERY_CONFIG (self), NULL);
  return kiln_json_object_get_string (root_object (self), "project_version", NULL);
}

/* The use options' default_release, when it names one (not :default). */
const char *
kiln_distillery_config_get_default_release (KilnDistilleryConfig *self)
{
  const char *name;

  g_return_val_if_fail (KILN_IS_DISTILLERY_CONFIG (self), NULL);

  name = kiln_json_object_get_string (root_object (self), "default_release", NULL);
  return g_strcmp0 (name, "default") == 0 ? NULL : name;
}

const char *
kiln_distillery_config_get_project_app (KilnDistilleryConfig *self)
{
  g_return_val_if_fail (KILN_IS_DISTILLERY_CONFIG (self), NULL);
  return kiln_json_object_get_string (root_object (self), "project_app", NULL);
}

gboolean
kiln_distillery_config_get_is_umbrella (KilnDistilleryConfig *self)
{
  g_return_val_if_fail (KILN_IS_DISTILLERY_CONFIG (self), FALSE);
  return kiln_json_object_get_boolean (root_object (self), "umbrella", FALSE);
}

gboolean
kiln_distillery_config_get_has_distillery_dep (KilnDistilleryConfig *self)
{
  g_return_val_if_fail (KILN_IS_DISTILLERY_CONFIG (self), FALSE);
  return kiln_json_object_get_boolean (root_object (self), "distillery_dep", FALSE);
}

const char *
kiln_distillery_config_get_evaluation_error (KilnDistilleryConfig *self)
{
  g_return_val_if_fail (KILN_IS_DISTILLERY_CONFIG (self), NULL);
  return kiln_json_object_get_string (root_object (self), "error", NULL);
}

GStrv
kiln_distillery_config_dup_release_names (KilnDistilleryConfig *self)
{
  g_return_val_if_fail (KILN_IS_DISTILLERY_CONFIG (self), NULL);
  return dup_names (self, FALSE);
}

GStrv
kiln_distillery_config_dup_environment_names (KilnDistilleryConfig *self)
{
  g_return_val_if_fail (KILN_IS_DISTILLERY_CONFIG (self), NULL);
  return dup_names (self, TRUE);
}

JsonArray *
kiln_distillery_config_get_settings (KilnDistilleryConfig *self,
                                     gboolean              environment,
                                     const char           *name)
{
  JsonObject *scope;

  g_return_val_if_fail (KILN_IS_DISTILLERY_CONFIG (self), NULL);

  scope = find_scope (self, environment, name);
  return scope ? kiln_json_object_get_array (scope, "settings") : NULL;
}

JsonArray *
kiln_distillery_config_get_plugins (KilnDistilleryConfig *self,
                                    gboolean              environment,
                                    const char           *name)
{
  JsonObject *scope;

  g_return_val_if_fail (KILN_IS_DISTILLERY_CONFIG (self), NULL);

  scope = find_scope (self, environment, name);
  return scope ? kiln_json_object_get_array (scope, "plugins") : NULL;
}

/* Files of rel/plugins/ that could not be loaded, each {file, error}. */
JsonArray *
kiln_distillery_config_get_plugin_errors (KilnDistilleryConfig *self)
{
  g_return_val_if_fail (KILN_IS_DISTILLERY_CONFIG (self), NULL);
  return kiln_json_object_get_array (root_object (self), "plugin_errors");
}

JsonArray *
kiln_distillery_config_get_stray (KilnDistilleryConfig *self)
{
  g_return_val_if_fail (KILN_IS_DISTILLERY_CONFIG (self), NULL);
  return kiln_json_object_get_array (root_object (self), "stray");
}

static JsonObject *
last_setting (JsonArray  *settings,
              const char *key)
{
  if (settings == NULL)
    return NULL;

  for (guint i = json_array_get_length (settings); i > 0; i--)
    {
      JsonObject *setting = kiln_json_array_get_object (settings, i - 1);

      if (g_strcmp0 (kiln_json_object_get_string (setting, "key", NULL), key) == 0)
        return setting;
    }

  return NULL;
}

/* Environment settings override release settings (Distillery merges the
 * environment's over the release's). */
JsonObject *
kiln_distillery_config_lookup_setting (KilnDistilleryConfig *self,
                                       const char           *key,
                                       gboolean             *from_environment)
{
  JsonObject *setting;

  g_return_val_if_fail (KILN_IS_DISTILLERY_CONFIG (self), NULL);

  setting = last_setting (kiln_distillery_config_get_settings (self, TRUE, self->environment), key);
  if (from_environment != NULL)
    *from_environment = setting != NULL;
  if (setting == NULL)
    setting = last_setting (kiln_distillery_config_get_settings (self, FALSE, self->release), key);

  return setting;
}

JsonArray *
kiln_distillery_config_get_rendered_overlays (KilnDistilleryConfig *self)
{
  JsonObject *rendered;

  g_return_val_if_fail (KILN_IS_DISTILLERY_CONFIG (self), NULL);

  rendered = kiln_json_object_get_object (root_object (self), "rendered");
  return json_object_has_member (rendered, "overlays") ? kiln_json_object_get_array (rendered, "overlays") : NULL;
}

JsonObject *
kiln_distillery_config_get_rendered_vm_args (KilnDistilleryConfig *self)
{
  JsonObject *rendered;
  JsonNode *node;

  g_return_val_if_fail (KILN_IS_DISTILLERY_CONFIG (self), NULL);

  rendered = kiln_json_object_get_object (root_object (self), "rendered");
  node = kiln_json_object_get_node (rendered, "vm_args");
  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}
