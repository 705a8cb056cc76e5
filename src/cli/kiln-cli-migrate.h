#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* `kiln migrate DIR [--release NAME] [--env ENV] [--json] [--apply] [--rename-config]`;
 * argv[0] is "migrate". Returns a KilnExitCode. */
int kiln_cli_run_migrate (int    argc,
                          char **argv);

G_END_DECLS
