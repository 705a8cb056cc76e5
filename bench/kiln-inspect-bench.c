#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

#include "kiln-engine.h"
#include "kiln-paths.h"

/* kiln-inspect-bench DIR cold|cached: prints "TOOLCHAIN_MS INSPECT_MS" for one
 * inspection of DIR, as the GUI does it (the toolchain found, then the project
 * inspected); "cold" first removes DIR's inspection cache. */
int
main (int   argc,
      char *argv[])
{
  g_autoptr(KilnToolchain) toolchain = NULL;
  g_autoptr(KilnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start, found, inspected;

  if (argc != 3 || (g_strcmp0 (argv[2], "cold") != 0 && g_strcmp0 (argv[2], "cached") != 0))
    {
      fprintf (stderr, "Usage: %s DIR cold|cached\n", argv[0]);
      return EXIT_FAILURE;
    }

  if (g_strcmp0 (argv[2], "cold") == 0)
    {
      g_autofree char *canonical = g_canonicalize_filename (argv[1], NULL);
      g_autofree char *data_dir = kiln_paths_dup_project_data_dir (canonical);
      g_autofree char *cache = g_build_filename (data_dir, "inspection.json", NULL);

      g_unlink (cache);
    }

  start = g_get_monotonic_time ();
  toolchain = kiln_toolchain_discover (NULL, &error);
  found = g_get_monotonic_time ();
  if (toolchain != NULL)
    project = kiln_project_inspect (argv[1], toolchain, NULL, &error);
  inspected = g_get_monotonic_time ();

  if (project == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return EXIT_FAILURE;
    }

  printf ("%.3f %.3f\n", (found - start) / 1000.0, (inspected - found) / 1000.0);

  return EXIT_SUCCESS;
}
