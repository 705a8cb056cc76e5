#include "config.h"

#include <string.h>

#include "kiln-fuzz.h"

/* Replays every file of one harness's committed corpus (KILN_FUZZ_CORPUS)
 * as an ordinary test: what the fuzzer once found stays fixed. */

static void
replay_one (gconstpointer user_data)
{
  const char *path = user_data;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

int
main (int    argc,
      char **argv)
{
  const char *corpus = g_getenv ("KILN_FUZZ_CORPUS");
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *name;

  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (corpus);
  dir = g_dir_open (corpus, 0, &error);
  g_assert_no_error (error);

  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_assert_cmpuint (names->len, >, 0);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/fuzz/replay/%s", (char *) names->pdata[i]);

      g_test_add_data_func_full (test_path, g_build_filename (corpus, names->pdata[i], NULL),
                                 replay_one, g_free);
    }

  return g_test_run ();
}
