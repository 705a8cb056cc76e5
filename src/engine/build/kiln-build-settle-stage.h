#pragma once

#include "kiln-build-stage.h"

G_BEGIN_DECLS

#define KILN_TYPE_BUILD_SETTLE_STAGE (kiln_build_settle_stage_get_type ())

G_DECLARE_FINAL_TYPE (KilnBuildSettleStage, kiln_build_settle_stage, KILN, BUILD_SETTLE_STAGE, KilnBuildStage)

G_END_DECLS
