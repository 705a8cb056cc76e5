#include "config.h"

#include "kiln-cli.h"

int
main (int    argc,
      char **argv)
{
  return kiln_cli_run (argc, argv);
}
