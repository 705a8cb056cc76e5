#include "config.h"

#include "kiln-cli.h"

gboolean
kiln_cli_handles_command_line (int    argc,
                               char **argv)
{
  return TRUE;
}

int
kiln_cli_run (int    argc,
              char **argv)
{
  return KILN_EXIT_OK;
}
