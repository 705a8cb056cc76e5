#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "kiln-packager.h"

/* kiln-package-bench DIR OUT FORMAT: prints "SECONDS SIZE" for one run. */
int
main (int   argc,
      char *argv[])
{
  g_autoptr(KilnArtifact) artifact = NULL;
  g_autoptr(GError) error = NULL;
  KilnPackageFormat format;
  gint64 start;
  gint64 elapsed;

  if (argc != 4 || !kiln_package_format_from_string (argv[3], &format))
    {
      fprintf (stderr, "Usage: %s DIR OUT tar.gz|tar.zst|zip\n", argv[0]);
      return EXIT_FAILURE;
    }

  start = g_get_monotonic_time ();
  artifact = kiln_packager_package (argv[1], argv[2], format, NULL, &error);
  elapsed = g_get_monotonic_time () - start;

  if (artifact == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return EXIT_FAILURE;
    }

  printf ("%.4f %" G_GUINT64_FORMAT "\n", elapsed / (double) G_USEC_PER_SEC,
          kiln_artifact_get_size (artifact));

  return EXIT_SUCCESS;
}
