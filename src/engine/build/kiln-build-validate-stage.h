#pragma once

#include "kiln-build-stage.h"

G_BEGIN_DECLS

#define KILN_TYPE_BUILD_VALIDATE_STAGE (kiln_build_validate_stage_get_type ())
G_DECLARE_FINAL_TYPE (KilnBuildValidateStage, kiln_build_validate_stage, KILN, BUILD_VALIDATE_STAGE, KilnBuildStage)

G_END_DECLS
