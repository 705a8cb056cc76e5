#define G_LOG_DOMAIN "kiln-project"

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include "kiln-distillery-mark.h"
#include "kiln-json-private.h"
#include "kiln-project-private.h"
#include "kiln-release-profile.h"

#define INSPECT_FORMAT_VERSION 1

static const char * const template_names[] = {
  "vm.args.eex",
  "remote.vm.args.eex",
  "env.sh.eex",
  "env.bat.eex",
};

/* KilnProject */

struct _KilnProject
{
  GObject      parent_instance;

  char        *path;
  JsonObject  *inspection;
  char        *app_name;
  char        *version;
  char        *default_release;
  char        *elixir_requirement;
  GStrv        app_names;
  GListStore  *releases;
  GStrv        templates;
  GStrv        overlay_files;
  char        *distillery_config;
  gboolean     distillery_migrated;
  GStrv        unfetched_deps;
  KilnPhoenix *phoenix;
  guint        is_umbrella : 1;
  guint        uses_hex : 1;
  guint        has_runtime_config : 1;
  guint        from_cache : 1;
};

G_DEFINE_FINAL_TYPE (KilnProject, kiln_project, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_IS_UMBRELLA,
  PROP_APP_NAME,
  PROP_VERSION,
  PROP_APP_NAMES,
  PROP_DEFAULT_RELEASE,
  PROP_ELIXIR_REQUIREMENT,
  PROP_RELEASES,
  PROP_USES_HEX,
  PROP_HAS_RUNTIME_CONFIG,
  PROP_TEMPLATES,
  PROP_OVERLAY_FILES,
  PROP_DISTILLERY_CONFIG,
  PROP_FROM_CACHE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kiln_project_finalize (GObject *object)
{
  KilnProject *self = KILN_PROJECT (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->inspection, json_object_unref);
  g_clear_pointer (&self->app_name, g_free);
  g_clear_pointer (&self->version, g_free);
  g_clear_pointer (&self->default_release, g_free);
  g_clear_pointer (&self->elixir_requirement, g_free);
  g_clear_object (&self->phoenix);
  g_clear_pointer (&self->app_names, g_strfreev);
  g_clear_object (&self->releases);
  g_clear_pointer (&self->templates, g_strfreev);
  g_clear_pointer (&self->overlay_files, g_strfreev);
  g_clear_pointer (&self->unfetched_deps, g_strfreev);
  g_clear_pointer (&self->distillery_config, g_free);

  G_OBJECT_CLASS (kiln_project_parent_class)->finalize (object);
}

static void
kiln_project_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KilnProject *self = KILN_PROJECT (object);

  switch (prop_id)
    {
    case PROP_PATH: g_value_set_string (value, self->path); break;
    case PROP_IS_UMBRELLA: g_value_set_boolean (value, self->is_umbrella); break;
    case PROP_APP_NAME: g_value_set_string (value, self->app_name); break;
    case PROP_VERSION: g_value_set_string (value, self->version); break;
    case PROP_APP_NAMES: g_value_set_boxed (value, self->app_names); break;
    case PROP_DEFAULT_RELEASE: g_value_set_string (value, self->default_release); break;
    case PROP_ELIXIR_REQUIREMENT: g_value_set_string (value, self->elixir_requirement); break;
    case PROP_RELEASES: g_value_set_object (value, self->releases); break;
    case PROP_USES_HEX: g_value_set_boolean (value, self->uses_hex); break;
    case PROP_HAS_RUNTIME_CONFIG: g_value_set_boolean (value, self->has_runtime_config); break;
    case PROP_TEMPLATES: g_value_set_boxed (value, self->templates); break;
    case PROP_OVERLAY_FILES: g_value_set_boxed (value, self->overlay_files); break;
    case PROP_DISTILLERY_CONFIG: g_value_set_string (value, self->distillery_config); break;
    case PROP_FROM_CACHE: g_value_set_boolean (value, self->from_cache); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define READ_ONLY (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
kiln_project_class_init (KilnProjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kiln_project_finalize;
  object_class->get_property = kiln_project_get_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, "The project folder", NULL, READ_ONLY);
  properties[PROP_IS_UMBRELLA] =
    g_param_spec_boolean ("is-umbrella", NULL, "Whether the project is an umbrella", FALSE, READ_ONLY);
  properties[PROP_APP_NAME] =
    g_param_spec_string ("app-name", NULL, "The OTP application, NULL for umbrellas", NULL, READ_ONLY);
  properties[PROP_VERSION] =
    g_param_spec_string ("version", NULL, "The project version", NULL, READ_ONLY);
  properties[PROP_APP_NAMES] =
    g_param_spec_boxed ("app-names", NULL, "The project's applications", G_TYPE_STRV, READ_ONLY);
  properties[PROP_DEFAULT_RELEASE] =
    g_param_spec_string ("default-release", NULL, "The default_release of mix.exs", NULL, READ_ONLY);
  properties[PROP_ELIXIR_REQUIREMENT] =
    g_param_spec_string ("elixir-requirement", NULL, "The elixir requirement of mix.exs", NULL, READ_ONLY);
  properties[PROP_RELEASES] =
    g_param_spec_object ("releases", NULL, "The releases of mix.exs", G_TYPE_LIST_MODEL, READ_ONLY);
  properties[PROP_USES_HEX] =
    g_param_spec_boolean ("uses-hex", NULL, "Whether any dependency comes from Hex", FALSE, READ_ONLY);
  properties[PROP_HAS_RUNTIME_CONFIG] =
    g_param_spec_boolean ("has-runtime-config", NULL, "Whether config/runtime.exs exists", FALSE, READ_ONLY);
  properties[PROP_TEMPLATES] =
    g_param_spec_boxed ("templates", NULL, "Release templates found in rel/", G_TYPE_STRV, READ_ONLY);
  properties[PROP_OVERLAY_FILES] =
    g_param_spec_boxed ("overlay-files", NULL, "Files in rel/overlays/", G_TYPE_STRV, READ_ONLY);
  properties[PROP_DISTILLERY_CONFIG] =
    g_param_spec_string ("distillery-config", NULL, "The path of rel/config.exs", NULL, READ_ONLY);
  properties[PROP_FROM_CACHE] =
    g_param_spec_boolean ("from-cache", NULL, "Whether Mix was not asked again", FALSE, READ_ONLY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiln_project_init (KilnProject *self)
{
  self->releases = g_list_store_new (KILN_TYPE_PROJECT_RELEASE);
}

/* Reading the inspection document: every accessor checks the type, so a
 * document from an older or broken cache can never crash us. */

const char *
kiln_project_json_string (JsonObject *object,
                          const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

JsonArray *
kiln_project_json_array (JsonObject *object,
                         const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

gboolean
kiln_project_json_boolean (JsonObject *object,
                           const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

JsonObject *
kiln_project_json_element (JsonArray *array,
                           guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
option_is_valid (JsonNode *node)
{
  JsonObject *option;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;

  option = json_node_get_object (node);
  return kiln_project_json_string (option, "key") != NULL &&
         json_object_has_member (option, "value") &&
         kiln_project_json_string (option, "code") != NULL;
}

gboolean
kiln_project_inspection_is_valid (JsonObject *inspection)
{
  static const char * const arrays[] = { "apps", "releases", "deps" };
  JsonArray *releases;

  if (json_object_get_int_member_with_default (inspection, "kiln_inspect_version", 0) != INSPECT_FORMAT_VERSION)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (arrays); i++)
    if (kiln_project_json_array (inspection, arrays[i]) == NULL)
      return FALSE;

  releases = kiln_project_json_array (inspection, "releases");
  for (guint i = 0; i < json_array_get_length (releases); i++)
    {
      JsonObject *release = kiln_project_json_element (releases, i);
      JsonArray *options;

      if (release == NULL || kiln_project_json_string (release, "name") == NULL ||
          (options = kiln_project_json_array (release, "options")) == NULL)
        return FALSE;

      for (guint j = 0; j < json_array_get_length (options); j++)
        if (!option_is_valid (json_array_get_element (options, j)))
          return FALSE;
    }

  return TRUE;
}

/* Facts read from the file system rather than from Mix. */

static void
collect_files (const char *root,
               const char *relative,
               GPtrArray  *files)
{
  g_autofree char *dir_path = relative ? g_build_filename (root, relative, NULL) : g_strdup (root);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child_relative = relative ? g_build_filename (relative, name, NULL) : g_strdup (name);
      g_autofree char *child_path = g_build_filename (root, child_relative, NULL);
      struct stat st;

      if (lstat (child_path, &st) != 0)
        continue;

      if (S_ISDIR (st.st_mode))
        collect_files (root, child_relative, files);
      else
        g_ptr_array_add (files, g_steal_pointer (&child_relative));
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static GStrv
strv_from_array (GPtrArray *array)
{
  g_ptr_array_add (array, NULL);
  return (GStrv) g_ptr_array_free (array, FALSE);
}

static void
read_file_system_facts (KilnProject *self)
{
  g_autofree char *runtime_exs = g_build_filename (self->path, "config", "runtime.exs", NULL);
  g_autofree char *rel_dir = g_build_filename (self->path, "rel", NULL);
  g_autofree char *overlays_dir = g_build_filename (rel_dir, "overlays", NULL);
  g_autofree char *distillery_config = g_build_filename (rel_dir, "config.exs", NULL);
  GPtrArray *templates = g_ptr_array_new ();
  GPtrArray *overlay_files = g_ptr_array_new ();

  self->has_runtime_config = g_file_test (runtime_exs, G_FILE_TEST_IS_REGULAR);

  for (guint i = 0; i < G_N_ELEMENTS (template_names); i++)
    {
      g_autofree char *template_path = g_build_filename (rel_dir, template_names[i], NULL);

      if (g_file_test (template_path, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (templates, g_strdup (template_names[i]));
    }
  self->templates = strv_from_array (templates);

  collect_files (overlays_dir, NULL, overlay_files);
  g_ptr_array_sort (overlay_files, compare_strings);
  self->overlay_files = strv_from_array (overlay_files);

  if (g_file_test (distillery_config, G_FILE_TEST_IS_REGULAR))
    {
      self->distillery_config = g_steal_pointer (&distillery_config);
      self->distillery_migrated = kiln_distillery_mark_matches (self->path);
    }
}

KilnProject *
kiln_project_new_from_inspection (const char *path,
                  JsonObject *inspection,
                  gboolean    from_cache)
{
  KilnProject *self = g_object_new (KILN_TYPE_PROJECT, NULL);
  JsonArray *apps = kiln_project_json_array (inspection, "apps");
  JsonArray *releases = kiln_project_json_array (inspection, "releases");
  JsonArray *deps = kiln_project_json_array (inspection, "deps");
  GPtrArray *app_names = g_ptr_array_new ();
  GPtrArray *unfetched = g_ptr_array_new ();

  self->path = g_strdup (path);
  self->inspection = json_object_ref (inspection);
  self->from_cache = !!from_cache;
  self->is_umbrella = kiln_project_json_boolean (inspection, "umbrella");
  self->app_name = g_strdup (kiln_project_json_string (inspection, "app"));
  self->version = g_strdup (kiln_project_json_string (inspection, "version"));
  self->default_release = g_strdup (kiln_project_json_string (inspection, "default_release"));
  self->elixir_requirement = g_strdup (kiln_project_json_string (inspection, "elixir_requirement"));
  if (json_object_has_member (inspection, "phoenix") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (inspection, "phoenix")))
    self->phoenix = kiln_phoenix_new_from_inspection (json_object_get_object_member (inspection, "phoenix"));

  if (self->is_umbrella)
    {
      for (guint i = 0; i < json_array_get_length (apps); i++)
        {
          JsonObject *app = kiln_project_json_element (apps, i);
          const char *name = app ? kiln_project_json_string (app, "name") : NULL;

          if (name != NULL)
            g_ptr_array_add (app_names, g_strdup (name));
        }
    }
  else if (self->app_name != NULL)
    g_ptr_array_add (app_names, g_strdup (self->app_name));
  self->app_names = strv_from_array (app_names);

  for (guint i = 0; i < json_array_get_length (releases); i++)
    {
      JsonObject *release_object = kiln_project_json_element (releases, i);
      g_autoptr(KilnProjectRelease) release =
        kiln_project_release_new (kiln_project_json_string (release_object, "name"),
                                  kiln_project_json_array (release_object, "options"));

      g_list_store_append (self->releases, release);
    }

  for (guint i = 0; i < json_array_get_length (deps); i++)
    {
      JsonObject *dep = kiln_project_json_element (deps, i);
      const char *name = dep ? kiln_project_json_string (dep, "name") : NULL;
      const char *scm = dep ? kiln_project_json_string (dep, "scm") : NULL;

      if (g_strcmp0 (scm, "hex") == 0)
        self->uses_hex = TRUE;

      /* A path dep is used where it is; the others land in deps/. */
      if (name != NULL && g_strcmp0 (scm, "path") != 0)
        {
          g_autofree char *fetched = g_build_filename (path, "deps", name, NULL);

          if (!g_file_test (fetched, G_FILE_TEST_IS_DIR))
            g_ptr_array_add (unfetched, g_strdup (name));
        }
    }
  self->unfetched_deps = strv_from_array (unfetched);

  read_file_system_facts (self);

  return self;
}

const char *
kiln_project_get_path (KilnProject *self)
{
  g_return_val_if_fail (KILN_IS_PROJECT (self), NULL);

  return self->path;
}

gboolean
kiln_project_get_is_umbrella (KilnProject *self)
{
  g_return_val_if_fail (KILN_IS_PROJECT (self), FALSE);

  return self->is_umbrella;
}

const char *
kiln_project_get_app_name (KilnProject *self)
{
  g_return_val_if_fail (KILN_IS_PROJECT (self), NULL);

  return self->app_name;
}

const char *
kiln_project_get_version (KilnProject *self)
{
  g_return_val_if_fail (KILN_IS_PROJECT (self), NULL);

  return self->version;
}

const char * const *
kiln_project_get_app_names (KilnProject *self)
{
  g_return_val_if_fail (KILN_IS_PROJECT (self), NULL);

  return (const char * const *) self->app_names;
}

/* The version of one of the project's applications: an umbrella child's own
 * version, or the project version for a plain project. */
const char *
kiln_project_get_app_version (KilnProject *self,
                              const char  *app_name)
{
  JsonArray *apps;

  g_return_val_if_fail (KILN_IS_PROJECT (self), NULL);
  g_return_val_if_fail (app_name != NULL, NULL);

  if (!self->is_umbrella)
    return g_strcmp0 (app_name, self->app_name) == 0 ? self->version : NULL;

  apps = kiln_project_json_array (self->inspection, "apps");
  for (guint i = 0; i < json_array_get_length (apps); i++)
    {
      JsonObject *app = kiln_project_json_element (apps, i);

      if (app != NULL && g_strcmp0 (kiln_project_json_string (app, "name"), app_name) == 0)
        return kiln_project_json_string (app, "version");
    }

  return NULL;
}

const char *
kiln_project_get_default_release (KilnProject *self)
{
  g_return_val_if_fail (KILN_IS_PROJECT (self), NULL);

  return self->default_release;
}

const char *
kiln_project_get_elixir_requirement (KilnProject *self)
{
  g_return_val_if_fail (KILN_IS_PROJECT (self), NULL);

  return self->elixir_requirement;
}

GListModel *
kiln_project_get_releases (KilnProject *self)
{
  g_return_val_if_fail (KILN_IS_PROJECT (self), NULL);

  return G_LIST_MODEL (self->releases);
}

KilnProjectRelease *
kiln_project_lookup_release (KilnProject *self,
                             const char  *name)
{
  guint n_releases;

  g_return_val_if_fail (KILN_IS_PROJECT (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  n_releases = g_list_model_get_n_items (G_LIST_MODEL (self->releases));
  for (guint i = 0; i < n_releases; i++)
    {
      g_autoptr(KilnProjectRelease) release = g_list_model_get_item (G_LIST_MODEL (self->releases), i);

      if (g_strcmp0 (kiln_project_release_get_name (release), name) == 0)
        return release;
    }

  return NULL;
}

/* Each element: {"name": "jason", "scm": "hex" | "path" | "git" | "in_umbrella" | "other"}. */
JsonArray *
kiln_project_get_deps (KilnProject *self)
{
  g_return_val_if_fail (KILN_IS_PROJECT (self), NULL);

  return kiln_project_json_array (self->inspection, "deps");
}

gboolean
kiln_project_get_uses_hex (KilnProject *self)
{
  g_return_val_if_fail (KILN_IS_PROJECT (self), FALSE);

  return self->uses_hex;
}

gboolean
kiln_project_get_has_runtime_config (KilnProject *self)
{
  g_return_val_if_fail (KILN_IS_PROJECT (self), FALSE);

  return self->has_runtime_config;
}

const char * const *
kiln_project_get_templates (KilnProject *self)
{
  g_return_val_if_fail (KILN_IS_PROJECT (self), NULL);

  return (const char * const *) self->templates;
}

const char * const *
kiln_project_get_overlay_files (KilnProject *self)
{
  g_return_val_if_fail (KILN_IS_PROJECT (self), NULL);

  return (const char * const *) self->overlay_files;
}

const char *
kiln_project_get_distillery_config (KilnProject *self)
{
  g_return_val_if_fail (KILN_IS_PROJECT (self), NULL);

  return self->distillery_config;
}

JsonObject *
kiln_project_get_inspection (KilnProject *self)
{
  return self->inspection;
}

gboolean
kiln_project_get_from_cache (KilnProject *self)
{
  g_return_val_if_fail (KILN_IS_PROJECT (self), FALSE);

  return self->from_cache;
}

KilnPhoenix *
kiln_project_get_phoenix (KilnProject *self)
{
  g_return_val_if_fail (KILN_IS_PROJECT (self), NULL);

  return self->phoenix;
}

/* Whether rel/config.exs is the one a migration applied by Kiln came from. */
gboolean
kiln_project_get_distillery_migrated (KilnProject *self)
{
  g_return_val_if_fail (KILN_IS_PROJECT (self), FALSE);

  return self->distillery_migrated;
}

/* The deps mix.exs declares (for this MIX_ENV) that are not in deps/ yet:
 * the build's Dependencies step fetches them. */
const char * const *
kiln_project_get_unfetched_deps (KilnProject *self)
{
  g_return_val_if_fail (KILN_IS_PROJECT (self), NULL);

  return (const char * const *) self->unfetched_deps;
}
