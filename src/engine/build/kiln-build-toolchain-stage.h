#pragma once

#include "kiln-build-stage.h"

G_BEGIN_DECLS

#define KILN_TYPE_BUILD_TOOLCHAIN_STAGE (kiln_build_toolchain_stage_get_type ())
G_DECLARE_FINAL_TYPE (KilnBuildToolchainStage, kiln_build_toolchain_stage, KILN, BUILD_TOOLCHAIN_STAGE, KilnBuildStage)

G_END_DECLS
