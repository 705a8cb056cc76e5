#pragma once

#include "kiln-phoenix.h"
#include "kiln-release-profile.h"
#include "kiln-release-runner.h"

G_BEGIN_DECLS

/* The environment a build checks its release with: Kiln's Phoenix variables
 * (when the profile keeps them), then the profile's own, which win. */
GPtrArray *kiln_build_environment_new      (KilnReleaseProfile *profile,
                                            KilnPhoenix        *phoenix);
void       kiln_build_environment_apply    (GPtrArray          *environment,
                                            KilnReleaseRunner  *runner);
/* "NAME=value, NAME=(secret)…" for the log: secret values never appear. */
char      *kiln_build_environment_describe (GPtrArray          *environment);
/* TEXT with every secret value of ENVIRONMENT masked. */
char      *kiln_build_environment_redact   (GPtrArray          *environment,
                                            const char         *text);

G_END_DECLS
