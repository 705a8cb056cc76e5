#define G_LOG_DOMAIN "kiln-project"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "kiln-error.h"
#include "kiln-json-private.h"
#include "kiln-paths.h"
#include "kiln-project.h"

#define INSPECT_FORMAT_VERSION 1
#define CACHE_FORMAT_VERSION 1
#define BEGIN_MARKER "==== KILN-INSPECT-JSON-BEGIN ===="
#define END_MARKER "==== KILN-INSPECT-JSON-END ===="

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
  g_clear_pointer (&self->app_names, g_strfreev);
  g_clear_object (&self->releases);
  g_clear_pointer (&self->templates, g_strfreev);
  g_clear_pointer (&self->overlay_files, g_strfreev);
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

/* Reading the helper's JSON: every accessor checks the type, so a document
 * from an older or broken cache can never crash us. */

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gboolean
member_boolean (JsonObject *object,
                const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

static JsonObject *
element_object (JsonArray *array,
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
  return member_string (option, "key") != NULL &&
         json_object_has_member (option, "value") &&
         member_string (option, "code") != NULL;
}

static gboolean
inspection_is_valid (JsonObject *inspection)
{
  static const char * const arrays[] = { "apps", "releases", "deps" };
  JsonArray *releases;

  if (json_object_get_int_member_with_default (inspection, "kiln_inspect_version", 0) != INSPECT_FORMAT_VERSION)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (arrays); i++)
    if (member_array (inspection, arrays[i]) == NULL)
      return FALSE;

  releases = member_array (inspection, "releases");
  for (guint i = 0; i < json_array_get_length (releases); i++)
    {
      JsonObject *release = element_object (releases, i);
      JsonArray *options;

      if (release == NULL || member_string (release, "name") == NULL ||
          (options = member_array (release, "options")) == NULL)
        return FALSE;

      for (guint j = 0; j < json_array_get_length (options); j++)
        if (!option_is_valid (json_array_get_element (options, j)))
          return FALSE;
    }

  return TRUE;
}

static JsonObject *
parse_inspection (const char  *text,
                  GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, text, -1, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      !inspection_is_valid (json_node_get_object (root)))
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           _("The inspection document does not have the expected shape"));
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
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
    self->distillery_config = g_steal_pointer (&distillery_config);
}

static KilnProject *
kiln_project_new (const char *path,
                  JsonObject *inspection,
                  gboolean    from_cache)
{
  KilnProject *self = g_object_new (KILN_TYPE_PROJECT, NULL);
  JsonArray *apps = member_array (inspection, "apps");
  JsonArray *releases = member_array (inspection, "releases");
  JsonArray *deps = member_array (inspection, "deps");
  GPtrArray *app_names = g_ptr_array_new ();

  self->path = g_strdup (path);
  self->inspection = json_object_ref (inspection);
  self->from_cache = !!from_cache;
  self->is_umbrella = member_boolean (inspection, "umbrella");
  self->app_name = g_strdup (member_string (inspection, "app"));
  self->version = g_strdup (member_string (inspection, "version"));
  self->default_release = g_strdup (member_string (inspection, "default_release"));
  self->elixir_requirement = g_strdup (member_string (inspection, "elixir_requirement"));

  if (self->is_umbrella)
    {
      for (guint i = 0; i < json_array_get_length (apps); i++)
        {
          JsonObject *app = element_object (apps, i);
          const char *name = app ? member_string (app, "name") : NULL;

          if (name != NULL)
            g_ptr_array_add (app_names, g_strdup (name));
        }
    }
  else if (self->app_name != NULL)
    g_ptr_array_add (app_names, g_strdup (self->app_name));
  self->app_names = strv_from_array (app_names);

  for (guint i = 0; i < json_array_get_length (releases); i++)
    {
      JsonObject *release_object = element_object (releases, i);
      g_autoptr(KilnProjectRelease) release =
        kiln_project_release_new (member_string (release_object, "name"),
                                  member_array (release_object, "options"));

      g_list_store_append (self->releases, release);
    }

  for (guint i = 0; i < json_array_get_length (deps); i++)
    {
      JsonObject *dep = element_object (deps, i);

      if (dep != NULL && g_strcmp0 (member_string (dep, "scm"), "hex") == 0)
        self->uses_hex = TRUE;
    }

  read_file_system_facts (self);

  return self;
}

/* The inspection cache. An inspection stays valid while mix.exs, mix.lock,
 * the umbrella children's mix.exs, the toolchain and the helper are unchanged. */

static void
append_file_stamp (GString    *fingerprint,
                   const char *project_path,
                   const char *relative)
{
  g_autofree char *path = g_build_filename (project_path, relative, NULL);
  struct stat st;

  if (stat (path, &st) != 0)
    g_string_append_printf (fingerprint, "%s -\n", relative);
  else
    g_string_append_printf (fingerprint, "%s %lld.%09ld %lld\n", relative,
                            (long long) st.st_mtim.tv_sec, (long) st.st_mtim.tv_nsec,
                            (long long) st.st_size);
}

/* The folders holding umbrella children: "apps" always (so a new child is
 * noticed), plus any other apps_path the inspection revealed. */
static GPtrArray *
collect_app_dirs (JsonObject *inspection)
{
  GPtrArray *dirs = g_ptr_array_new_with_free_func (g_free);
  JsonArray *apps = inspection ? member_array (inspection, "apps") : NULL;

  g_ptr_array_add (dirs, g_strdup ("apps"));

  for (guint i = 0; apps != NULL && i < json_array_get_length (apps); i++)
    {
      JsonObject *app = element_object (apps, i);
      const char *app_path = app ? member_string (app, "path") : NULL;
      g_autofree char *parent = NULL;

      if (app_path == NULL)
        continue;

      parent = g_path_get_dirname (app_path);
      if (!g_ptr_array_find_with_equal_func (dirs, parent, g_str_equal, NULL))
        g_ptr_array_add (dirs, g_steal_pointer (&parent));
    }

  g_ptr_array_sort (dirs, compare_strings);

  return dirs;
}

static char *
dup_fingerprint (const char *project_path,
                 const char *identity,
                 GPtrArray  *app_dirs)
{
  GString *fingerprint = g_string_new (identity);

  append_file_stamp (fingerprint, project_path, "mix.exs");
  append_file_stamp (fingerprint, project_path, "mix.lock");

  for (guint i = 0; i < app_dirs->len; i++)
    {
      g_autofree char *dir_path = g_build_filename (project_path, app_dirs->pdata[i], NULL);
      g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
      g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      if (dir == NULL)
        continue;

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child_mix_exs = g_build_filename (dir_path, name, "mix.exs", NULL);

          if (g_file_test (child_mix_exs, G_FILE_TEST_EXISTS))
            g_ptr_array_add (children, g_build_filename (app_dirs->pdata[i], name, "mix.exs", NULL));
        }

      g_ptr_array_sort (children, compare_strings);
      for (guint j = 0; j < children->len; j++)
        append_file_stamp (fingerprint, project_path, children->pdata[j]);
    }

  return g_string_free (fingerprint, FALSE);
}

static gboolean
same_app_dirs (GPtrArray *a,
               GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    if (g_strcmp0 (a->pdata[i], b->pdata[i]) != 0)
      return FALSE;

  return TRUE;
}

static JsonObject *
load_cached_inspection (const char *cache_path,
                        const char *project_path,
                        const char *identity)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) app_dirs = NULL;
  g_autofree char *fingerprint = NULL;
  JsonObject *root;
  JsonNode *inspection;

  if (!json_parser_load_from_mapped_file (parser, cache_path, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;

  root = json_node_get_object (json_parser_get_root (parser));
  inspection = json_object_get_member (root, "inspection");
  if (json_object_get_int_member_with_default (root, "kiln_inspection_cache", 0) != CACHE_FORMAT_VERSION ||
      member_string (root, "fingerprint") == NULL ||
      inspection == NULL || !JSON_NODE_HOLDS_OBJECT (inspection) ||
      !inspection_is_valid (json_node_get_object (inspection)))
    return NULL;

  app_dirs = collect_app_dirs (json_node_get_object (inspection));
  fingerprint = dup_fingerprint (project_path, identity, app_dirs);
  if (g_strcmp0 (fingerprint, member_string (root, "fingerprint")) != 0)
    return NULL;

  return json_object_ref (json_node_get_object (inspection));
}

/* Best effort: without a cache the next inspection only costs a BEAM boot. */
static void
store_cached_inspection (const char *cache_path,
                         const char *fingerprint,
                         JsonObject *inspection)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) inspection_node = json_node_init_object (json_node_alloc (), inspection);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (cache_path);
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kiln_inspection_cache");
  json_builder_add_int_value (builder, CACHE_FORMAT_VERSION);
  json_builder_set_member_name (builder, "fingerprint");
  json_builder_add_string_value (builder, fingerprint);
  json_builder_set_member_name (builder, "inspection");
  json_builder_add_value (builder, g_steal_pointer (&inspection_node));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents (cache_path, text, -1, &error))
    g_debug ("Could not write the inspection cache %s: %s",
             cache_path, error != NULL ? error->message : g_strerror (errno));
}

/* Running the helper */

static char *
dup_marked_text (const char *output)
{
  const char *begin = strstr (output, "\n" BEGIN_MARKER "\n");
  const char *end;

  if (begin == NULL)
    return NULL;

  begin += strlen ("\n" BEGIN_MARKER "\n");
  end = strstr (begin, "\n" END_MARKER);
  if (end == NULL)
    return NULL;

  return g_strndup (begin, end - begin);
}

static JsonObject *
run_inspect_helper (const char     *project_path,
                    KilnToolchain  *toolchain,
                    const char     *helper_path,
                    GCancellable   *cancellable,
                    GError        **error)
{
  const char *arguments[] = { helper_path, project_path, NULL };
  g_autoptr(KilnProcess) process = kiln_toolchain_new_elixir_process (toolchain, project_path, arguments);
  g_autoptr(GError) parse_error = NULL;
  g_autofree char *json_text = NULL;
  JsonObject *inspection;
  int exit_status = -1;

  kiln_process_setenv (process, "MIX_ENV", "prod");
  kiln_process_set_capture_output (process, TRUE);

  if (!kiln_process_run_sync (process, cancellable, &exit_status, error))
    return NULL;

  json_text = dup_marked_text (kiln_process_get_stdout_text (process));
  if (exit_status != 0 || json_text == NULL)
    {
      g_autofree char *stderr_text = g_strstrip (g_strdup (kiln_process_get_stderr_text (process)));
      g_autofree char *stdout_text = g_strstrip (g_strdup (kiln_process_get_stdout_text (process)));

      g_set_error (error, KILN_ERROR, KILN_ERROR_PROJECT_INVALID,
                   _("Mix could not load the project in “%s” (exit status %d):\n%s\n"
                     "Fix the problem in mix.exs, then try again."),
                   project_path, exit_status, *stderr_text != '\0' ? stderr_text : stdout_text);
      return NULL;
    }

  inspection = parse_inspection (json_text, &parse_error);
  if (inspection == NULL)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_HELPER_FAILED,
                   _("Kiln could not read what Mix said about “%s”: %s. This is a bug in Kiln; please report it."),
                   project_path, parse_error->message);
      return NULL;
    }

  return inspection;
}

static char *
dup_project_path (const char  *directory,
                  GError     **error)
{
  g_autofree char *path = g_canonicalize_filename (directory, NULL);
  g_autofree char *mix_exs = g_build_filename (path, "mix.exs", NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_NOT_A_PROJECT,
                   _("“%s” is not a Mix project: the folder does not exist. "
                     "Choose the folder that contains mix.exs."), path);
      return NULL;
    }

  if (!g_file_test (mix_exs, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_NOT_A_PROJECT,
                   _("“%s” is not a Mix project: it has no mix.exs. "
                     "Choose the folder that contains mix.exs."), path);
      return NULL;
    }

  return g_steal_pointer (&path);
}

KilnProject *
kiln_project_inspect (const char     *directory,
                      KilnToolchain  *toolchain,
                      GCancellable   *cancellable,
                      GError        **error)
{
  g_autoptr(KilnToolchain) discovered = NULL;
  g_autoptr(JsonObject) inspection = NULL;
  g_autofree char *path = NULL;
  g_autofree char *helper_path = NULL;
  g_autofree char *helper_name = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *cache_path = NULL;
  g_autofree char *identity = NULL;
  g_autofree char *fingerprint = NULL;
  g_autoptr(GPtrArray) default_app_dirs = NULL;
  g_autoptr(GPtrArray) app_dirs = NULL;

  g_return_val_if_fail (directory != NULL, NULL);
  g_return_val_if_fail (!toolchain || KILN_IS_TOOLCHAIN (toolchain), NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (!(path = dup_project_path (directory, error)))
    return NULL;

  if (toolchain == NULL && !(toolchain = discovered = kiln_toolchain_discover (cancellable, error)))
    return NULL;

  if (!(helper_path = kiln_paths_ensure_helper_script ("kiln-inspect.exs", error)))
    return NULL;

  helper_name = g_path_get_basename (helper_path);
  identity = g_strdup_printf ("helper %s\nelixir %s %s\n", helper_name,
                              kiln_toolchain_get_elixir_path (toolchain),
                              kiln_toolchain_get_elixir_version (toolchain));
  data_dir = kiln_paths_dup_project_data_dir (path);
  cache_path = g_build_filename (data_dir, "inspection.json", NULL);

  if ((inspection = load_cached_inspection (cache_path, path, identity)))
    return kiln_project_new (path, inspection, TRUE);

  /* Stamped before Mix reads the files, so an edit made meanwhile is not
   * mistaken for the state that was inspected. */
  default_app_dirs = collect_app_dirs (NULL);
  fingerprint = dup_fingerprint (path, identity, default_app_dirs);

  if (!(inspection = run_inspect_helper (path, toolchain, helper_path, cancellable, error)))
    return NULL;

  app_dirs = collect_app_dirs (inspection);
  if (!same_app_dirs (app_dirs, default_app_dirs))
    {
      g_free (fingerprint);
      fingerprint = dup_fingerprint (path, identity, app_dirs);
    }

  store_cached_inspection (cache_path, fingerprint, inspection);

  return kiln_project_new (path, inspection, FALSE);
}

typedef struct
{
  char          *directory;
  KilnToolchain *toolchain;
} InspectData;

static void
inspect_data_free (InspectData *data)
{
  g_clear_pointer (&data->directory, g_free);
  g_clear_object (&data->toolchain);
  g_free (data);
}

static void
inspect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  InspectData *data = task_data;
  GError *error = NULL;
  KilnProject *project = kiln_project_inspect (data->directory, data->toolchain, cancellable, &error);

  if (project == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, project, g_object_unref);
}

void
kiln_project_inspect_async (const char          *directory,
                            KilnToolchain       *toolchain,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  InspectData *data;

  g_return_if_fail (directory != NULL);
  g_return_if_fail (!toolchain || KILN_IS_TOOLCHAIN (toolchain));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (InspectData, 1);
  data->directory = g_strdup (directory);
  data->toolchain = toolchain ? g_object_ref (toolchain) : NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiln_project_inspect_async);
  g_task_set_task_data (task, data, (GDestroyNotify) inspect_data_free);
  g_task_run_in_thread (task, inspect_thread);
}

KilnProject *
kiln_project_inspect_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kiln_project_inspect_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
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

  apps = member_array (self->inspection, "apps");
  for (guint i = 0; i < json_array_get_length (apps); i++)
    {
      JsonObject *app = element_object (apps, i);

      if (app != NULL && g_strcmp0 (member_string (app, "name"), app_name) == 0)
        return member_string (app, "version");
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

  return member_array (self->inspection, "deps");
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

gboolean
kiln_project_get_from_cache (KilnProject *self)
{
  g_return_val_if_fail (KILN_IS_PROJECT (self), FALSE);

  return self->from_cache;
}

static void
add_array_copy (JsonBuilder *builder,
                const char  *name,
                JsonArray   *array)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_value (builder, json_node_init_array (json_node_alloc (), array));
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
  kiln_json_builder_add_string (builder, "path", self->path);
  kiln_json_builder_add_boolean (builder, "umbrella", self->is_umbrella);
  kiln_json_builder_add_string (builder, "app", self->app_name);
  kiln_json_builder_add_string (builder, "version", self->version);
  kiln_json_builder_add_strv (builder, "app_names", (const char * const *) self->app_names);
  add_array_copy (builder, "apps", member_array (self->inspection, "apps"));
  kiln_json_builder_add_string (builder, "default_release", self->default_release);
  kiln_json_builder_add_string (builder, "elixir_requirement", self->elixir_requirement);

  json_builder_set_member_name (builder, "releases");
  json_builder_begin_array (builder);
  n_releases = g_list_model_get_n_items (G_LIST_MODEL (self->releases));
  for (guint i = 0; i < n_releases; i++)
    {
      g_autoptr(KilnProjectRelease) release = g_list_model_get_item (G_LIST_MODEL (self->releases), i);

      json_builder_begin_object (builder);
      kiln_json_builder_add_string (builder, "name", kiln_project_release_get_name (release));
      add_array_copy (builder, "options", kiln_project_release_get_options (release));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  add_array_copy (builder, "deps", member_array (self->inspection, "deps"));
  kiln_json_builder_add_boolean (builder, "uses_hex", self->uses_hex);
  kiln_json_builder_add_boolean (builder, "has_runtime_config", self->has_runtime_config);
  kiln_json_builder_add_strv (builder, "templates", (const char * const *) self->templates);
  kiln_json_builder_add_strv (builder, "overlay_files", (const char * const *) self->overlay_files);
  kiln_json_builder_add_string (builder, "distillery_config", self->distillery_config);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);

  return json_generator_to_data (generator, NULL);
}
