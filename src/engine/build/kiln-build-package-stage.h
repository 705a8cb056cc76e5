#pragma once

#include "kiln-build-stage.h"

G_BEGIN_DECLS

#define KILN_TYPE_BUILD_PACKAGE_STAGE (kiln_build_package_stage_get_type ())
G_DECLARE_FINAL_TYPE (KilnBuildPackageStage, kiln_build_package_stage, KILN, BUILD_PACKAGE_STAGE, KilnBuildStage)

G_END_DECLS
