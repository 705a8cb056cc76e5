#pragma once

#include "kiln-build-stage.h"

G_BEGIN_DECLS

#define KILN_TYPE_BUILD_VERIFY_STAGE (kiln_build_verify_stage_get_type ())
G_DECLARE_FINAL_TYPE (KilnBuildVerifyStage, kiln_build_verify_stage, KILN, BUILD_VERIFY_STAGE, KilnBuildStage)

G_END_DECLS
