#define G_LOG_DOMAIN "kiln"

#include "config.h"

#include "kiln-application.h"
#include "kiln-cli.h"

int
main (int    argc,
      char **argv)
{
  /* Headless commands never touch GTK, so they work with no display. */
  if (kiln_cli_handles_command_line (argc, argv))
    return kiln_cli_run (argc, argv);

  return kiln_application_run (argc, argv);
}
