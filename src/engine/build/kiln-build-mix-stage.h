#pragma once

#include "kiln-build-stage.h"

G_BEGIN_DECLS

#define KILN_TYPE_BUILD_MIX_STAGE (kiln_build_mix_stage_get_type ())
G_DECLARE_FINAL_TYPE (KilnBuildMixStage, kiln_build_mix_stage, KILN, BUILD_MIX_STAGE, KilnBuildStage)

G_END_DECLS
