#define G_LOG_DOMAIN "kiln-process"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <glib/gstdio.h>

#include "kiln-engine-resources.h"
#include "kiln-helper-private.h"
#include "kiln-paths.h"

#define HELPER_RESOURCE_PREFIX "/io/github/kilnapp/Kiln/engine/"
#define PROTOCOL_HELPER "kiln-helper.exs"
#define JSON_HELPER "kiln-json.exs"

static GBytes *
lookup_helper (const char  *name,
               GError     **error)
{
  g_autofree char *resource_path = g_strconcat (HELPER_RESOURCE_PREFIX, name, NULL);

  /* Asking our own resource, not the global registry, also makes the linker
   * keep the resource object (and its constructor) out of the static library. */
  return g_resource_lookup_data (kiln_engine_get_resource (), resource_path,
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, error);
}

/* The protocol module goes in front of every helper; the JSON encoder only
 * in front of those that answer, as compiling a module costs every build. */
static GBytes *
dup_script (const char  *name,
            GBytes      *source,
            gboolean     with_json,
            GError     **error)
{
  const char *parts[] = { PROTOCOL_HELPER, with_json ? JSON_HELPER : NULL };
  g_autoptr(GByteArray) script = g_byte_array_new ();
  g_autoptr(GBytes) body = source ? g_bytes_ref (source) : lookup_helper (name, error);

  if (body == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (parts) && parts[i] != NULL; i++)
    {
      g_autoptr(GBytes) part = lookup_helper (parts[i], error);

      if (part == NULL)
        return NULL;
      g_byte_array_append (script, g_bytes_get_data (part, NULL), g_bytes_get_size (part));
    }

  g_byte_array_append (script, g_bytes_get_data (body, NULL), g_bytes_get_size (body));

  return g_byte_array_free_to_bytes (g_steal_pointer (&script));
}

/* Elixir needs a real file to run, so the script is written to the cache,
 * under a name that changes with its contents. */
char *
kiln_helper_script_ensure (const char  *name,
                           GBytes      *source,
                           gboolean     with_json,
                           GError     **error)
{
  g_autoptr(GBytes) script = NULL;
  g_autofree char *cache_dir = kiln_paths_dup_cache_dir ();
  g_autofree char *helpers_dir = g_build_filename (cache_dir, "helpers", NULL);
  g_autofree char *checksum = NULL;
  g_autofree char *filename = NULL;
  g_autofree char *path = NULL;

  if (!(script = dup_script (name, source, with_json, error)))
    return NULL;

  checksum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, script);
  checksum[16] = '\0';
  filename = g_strdup_printf ("%s-%s", checksum, name);
  path = g_build_filename (helpers_dir, filename, NULL);

  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&path);

  if (g_mkdir_with_parents (helpers_dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create %s: %s"), helpers_dir, g_strerror (saved_errno));
      return NULL;
    }

  if (!g_file_set_contents (path, g_bytes_get_data (script, NULL), g_bytes_get_size (script), error))
    return NULL;

  return g_steal_pointer (&path);
}
