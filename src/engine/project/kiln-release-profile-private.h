#pragma once

#include "kiln-release-profile.h"

G_BEGIN_DECLS

/* Elixir code that is only white space: the validator refuses it for an
 * extra option and the renderer leaves such a setting out. */
gboolean kiln_release_profile_code_is_blank (const char *code);

G_END_DECLS
