#define G_LOG_DOMAIN "kiln-process"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "kiln-paths.h"
#include "kiln-json-private.h"
#include "kiln-toolchain-private.h"

/* The versions a toolchain answered, kept while its elixir and erl files
 * stay the same, so that discovery does not boot a BEAM every time. */

#define CACHE_FORMAT_VERSION 1
#define CACHE_MAX_ENTRIES 8

static gboolean
append_file_identity (GString     *key,
                      const char  *label,
                      const char  *path)
{
  g_autofree char *resolved = realpath (path, NULL);
  struct stat st;

  if (resolved == NULL || stat (resolved, &st) != 0)
    return FALSE;

  g_string_append_printf (key, "%s=%s:%lld.%09ld:%lld;",
                          label, resolved,
                          (long long) st.st_mtim.tv_sec, (long) st.st_mtim.tv_nsec,
                          (long long) st.st_size);
  return TRUE;
}

char *
kiln_toolchain_cache_dup_key (const char *elixir_path,
                              const char *erl_path)
{
  g_autoptr(GString) key = g_string_new (NULL);

  if (!append_file_identity (key, "elixir", elixir_path) ||
      !append_file_identity (key, "erl", erl_path))
    return NULL;

  return g_string_free (g_steal_pointer (&key), FALSE);
}

static char *
dup_cache_path (void)
{
  g_autofree char *cache_dir = kiln_paths_dup_cache_dir ();

  return g_build_filename (cache_dir, "toolchain.json", NULL);
}

/* Returns the cached entries; anything unreadable is treated as no cache. */
static JsonArray *
load_cache_entries (void)
{
  g_autofree char *path = dup_cache_path ();
  g_autoptr(JsonNode) document = kiln_json_load_file (path, KILN_JSON_MAX_FILE_SIZE, NULL);
  JsonObject *root;
  JsonArray *entries;

  if (document == NULL || !JSON_NODE_HOLDS_OBJECT (document))
    return json_array_new ();

  root = json_node_get_object (document);
  if (json_object_get_int_member_with_default (root, "kiln_toolchain_cache", 0) != CACHE_FORMAT_VERSION ||
      !json_object_has_member (root, "entries") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "entries")))
    return json_array_new ();

  entries = json_object_get_array_member (root, "entries");
  return json_array_ref (entries);
}

gboolean
kiln_toolchain_cache_lookup (const char  *key,
                             char       **elixir_version,
                             char       **otp_release,
                             char       **erts_version)
{
  g_autoptr(JsonArray) entries = load_cache_entries ();

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonNode *node = json_array_get_element (entries, i);
      JsonObject *entry;
      const char *elixir, *otp, *erts;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;

      entry = json_node_get_object (node);
      if (g_strcmp0 (json_object_get_string_member_with_default (entry, "key", NULL), key) != 0)
        continue;

      elixir = json_object_get_string_member_with_default (entry, "elixir_version", NULL);
      otp = json_object_get_string_member_with_default (entry, "otp_release", NULL);
      erts = json_object_get_string_member_with_default (entry, "erts_version", NULL);
      if (elixir == NULL || otp == NULL || erts == NULL)
        return FALSE;

      *elixir_version = g_strdup (elixir);
      *otp_release = g_strdup (otp);
      *erts_version = g_strdup (erts);
      return TRUE;
    }

  return FALSE;
}

/* Best effort: a cache that cannot be written only costs a BEAM boot later. */
void
kiln_toolchain_cache_store (const char *key,
                            const char *elixir_version,
                            const char *otp_release,
                            const char *erts_version)
{
  g_autoptr(JsonArray) old_entries = load_cache_entries ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = dup_cache_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *text = NULL;
  guint kept = 1;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kiln_toolchain_cache");
  json_builder_add_int_value (builder, CACHE_FORMAT_VERSION);
  json_builder_set_member_name (builder, "entries");
  json_builder_begin_array (builder);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "key");
  json_builder_add_string_value (builder, key);
  json_builder_set_member_name (builder, "elixir_version");
  json_builder_add_string_value (builder, elixir_version);
  json_builder_set_member_name (builder, "otp_release");
  json_builder_add_string_value (builder, otp_release);
  json_builder_set_member_name (builder, "erts_version");
  json_builder_add_string_value (builder, erts_version);
  json_builder_end_object (builder);

  for (guint i = 0; i < json_array_get_length (old_entries) && kept < CACHE_MAX_ENTRIES; i++)
    {
      JsonNode *node = json_array_get_element (old_entries, i);

      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (node), "key", NULL), key) == 0)
        continue;

      json_builder_add_value (builder, json_node_copy (node));
      kept++;
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents (path, text, -1, &error))
    g_debug ("Could not write the toolchain cache %s: %s",
             path, error != NULL ? error->message : g_strerror (errno));
}
