#pragma once

#include <gio/gio.h>

#include "kiln-profile-store.h"
#include "kiln-project.h"
#include "kiln-release-profile.h"

G_BEGIN_DECLS

/* The release names to choose from when nothing says which to build
 * (several releases and no default_release); NULL when the choice is clear. */
char              **kiln_release_choice_dup_candidates (KilnProject       *project);

/* Which release (or saved profile) a build uses: a saved profile by name, a
 * release by name, the default_release, the only release, or mix release's
 * defaults when mix.exs defines none. Both front-ends choose through this. */
KilnReleaseProfile *kiln_release_choice_choose         (KilnProject       *project,
                                                        KilnProfileStore  *store,
                                                        const char        *release_name,
                                                        const char        *profile_name,
                                                        GError           **error);

/* A release with mix release's defaults, named after the project's app. */
KilnReleaseProfile *kiln_release_choice_new_profile    (KilnProject       *project);

G_END_DECLS
