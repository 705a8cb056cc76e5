#pragma once

#include <glib.h>

G_BEGIN_DECLS

int kiln_application_run (int    argc,
                          char **argv);

G_END_DECLS
