#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <unistd.h>

#include "kiln-build-record.h"
#include "kiln-fuzz.h"

static char *
write_input (const char   *dir,
             const guint8 *data,
             gsize         size)
{
  char *path = g_build_filename (dir, "fuzz.json", NULL);

  g_assert_true (g_file_set_contents (path, (const char *) data, size, NULL));

  return path;
}

/* A build record of any shape is loaded or refused with an error, and
 * whatever was loaded can be saved and loaded again. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static char *dir;
  g_autoptr(KilnBuildRecord) record = NULL;
  g_autoptr(KilnBuildRecord) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *saved = NULL;

  kiln_fuzz_init_once ();
  if (dir == NULL)
    dir = g_dir_make_tmp ("kiln-fuzz-record-XXXXXX", NULL);
  g_assert_nonnull (dir);

  path = write_input (dir, data, size);
  record = kiln_build_record_load (path, &error);
  if (record == NULL)
    {
      g_assert_nonnull (error);
      g_unlink (path);
      return 0;
    }

  saved = kiln_build_record_to_json (record);
  g_clear_pointer (&path, g_free);
  path = write_input (dir, (const guint8 *) saved, strlen (saved));
  again = kiln_build_record_load (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
  g_unlink (path);

  return 0;
}
