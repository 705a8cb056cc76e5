#pragma once

#include "kiln-build-stage.h"

G_BEGIN_DECLS

#define KILN_TYPE_BUILD_SWAP_STAGE (kiln_build_swap_stage_get_type ())
G_DECLARE_FINAL_TYPE (KilnBuildSwapStage, kiln_build_swap_stage, KILN, BUILD_SWAP_STAGE, KilnBuildStage)

G_END_DECLS
