#include "config.h"

#include <stdio.h>

#include "kiln-application.h"

int
kiln_application_run (int    argc,
                      char **argv)
{
  fprintf (stderr, "kiln: the graphical interface is not part of this build yet; see “kiln --help”.\n");
  return 2;
}
