#define G_LOG_DOMAIN "kiln-project"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "kiln-files-private.h"
#include "kiln-json-private.h"
#include "kiln-paths.h"
#include "kiln-project-private.h"

/* An inspection stays valid while mix.exs, mix.lock, the umbrella children's
 * mix.exs, the toolchain and the helper are unchanged. */

#define CACHE_FORMAT_VERSION 1

static char *
dup_cache_path (const char *project_path)
{
  g_autofree char *data_dir = kiln_paths_dup_project_data_dir (project_path);

  return g_build_filename (data_dir, "inspection.json", NULL);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

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
  JsonArray *apps = inspection ? kiln_project_json_array (inspection, "apps") : NULL;

  g_ptr_array_add (dirs, g_strdup ("apps"));

  for (guint i = 0; apps != NULL && i < json_array_get_length (apps); i++)
    {
      JsonObject *app = kiln_project_json_element (apps, i);
      const char *app_path = app ? kiln_project_json_string (app, "path") : NULL;
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

static const char * const inspected_paths[] = {
  "mix.exs", "mix.lock", "deps",
  "config/config.exs", "config/runtime.exs",
  "rel", "rel/config.exs", "rel/overlays", "rel/overlays/bin", "rel/overlays/bin/server",
  "priv/static",
};

static char *
dup_fingerprint (const char *project_path,
                 const char *identity,
                 GPtrArray  *app_dirs)
{
  GString *fingerprint = g_string_new (identity);

  /* Besides mix.exs, what the inspection reads without evaluating: a
   * folder's stamp changes when an entry is added or removed. */
  for (guint i = 0; i < G_N_ELEMENTS (inspected_paths); i++)
    append_file_stamp (fingerprint, project_path, inspected_paths[i]);

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

JsonObject *
kiln_project_cache_load (const char *project_path,
                         const char *identity)
{
  g_autofree char *cache_path = dup_cache_path (project_path);
  g_autoptr(JsonNode) document = kiln_json_load_file (cache_path, KILN_JSON_MAX_SIZE, NULL);
  g_autoptr(GPtrArray) app_dirs = NULL;
  g_autofree char *fingerprint = NULL;
  JsonObject *root;
  JsonNode *inspection;

  if (document == NULL || !JSON_NODE_HOLDS_OBJECT (document))
    return NULL;

  root = json_node_get_object (document);
  inspection = json_object_get_member (root, "inspection");
  if (json_object_get_int_member_with_default (root, "kiln_inspection_cache", 0) != CACHE_FORMAT_VERSION ||
      kiln_project_json_string (root, "fingerprint") == NULL ||
      inspection == NULL || !JSON_NODE_HOLDS_OBJECT (inspection) ||
      !kiln_project_inspection_is_valid (json_node_get_object (inspection)))
    return NULL;

  app_dirs = collect_app_dirs (json_node_get_object (inspection));
  fingerprint = dup_fingerprint (project_path, identity, app_dirs);
  if (g_strcmp0 (fingerprint, kiln_project_json_string (root, "fingerprint")) != 0)
    return NULL;

  return json_object_ref (json_node_get_object (inspection));
}

/* Stamped before Mix reads the files, so an edit made meanwhile is not
 * mistaken for the state that was inspected. */
char *
kiln_project_cache_stamp (const char *project_path,
                          const char *identity)
{
  g_autoptr(GPtrArray) app_dirs = collect_app_dirs (NULL);

  return dup_fingerprint (project_path, identity, app_dirs);
}

/* Best effort: without a cache the next inspection only costs a BEAM boot.
 * STAMP only covers the default app folders: an umbrella with others is
 * stamped again. */
void
kiln_project_cache_store (const char *project_path,
                          const char *identity,
                          const char *stamp,
                          JsonObject *inspection)
{
  g_autofree char *cache_path = dup_cache_path (project_path);
  g_autoptr(GPtrArray) default_app_dirs = collect_app_dirs (NULL);
  g_autoptr(GPtrArray) app_dirs = collect_app_dirs (inspection);
  g_autofree char *fingerprint = same_app_dirs (app_dirs, default_app_dirs)
                                 ? g_strdup (stamp) : dup_fingerprint (project_path, identity, app_dirs);
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
      /* The inspection holds mix.exs's options, the cookie among them. */
      !kiln_files_replace (cache_path, text, -1, 0600, NULL, NULL, &error))
    g_debug ("Could not write the inspection cache %s: %s",
             cache_path, error != NULL ? error->message : g_strerror (errno));
}
