#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KILN_TYPE_APPLICATION (kiln_application_get_type ())
G_DECLARE_FINAL_TYPE (KilnApplication, kiln_application, KILN, APPLICATION, AdwApplication)

KilnApplication *kiln_application_new (void);

int kiln_application_run (int    argc,
                          char **argv);

G_END_DECLS
