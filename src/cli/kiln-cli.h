#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  KILN_EXIT_OK                = 0,
  KILN_EXIT_USAGE             = 2,
  KILN_EXIT_TOOLCHAIN_MISSING = 3,
  KILN_EXIT_PROJECT_INVALID   = 4,
  KILN_EXIT_BUILD_FAILED      = 5,
  KILN_EXIT_CANCELLED         = 130,
} KilnExitCode;

gboolean     kiln_cli_handles_command_line  (int           argc,
                                             char        **argv);
int          kiln_cli_run                   (int           argc,
                                             char        **argv);

/* The one table from errors to exit statuses, for every command. */
KilnExitCode kiln_cli_exit_status_for_error (const GError *error);

G_END_DECLS
