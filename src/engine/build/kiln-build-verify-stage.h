#pragma once

#include "kiln-build-stage.h"

G_BEGIN_DECLS

#define KILN_TYPE_BUILD_VERIFY_STAGE (kiln_build_verify_stage_get_type ())
G_DECLARE_FINAL_TYPE (KilnBuildVerifyStage, kiln_build_verify_stage, KILN, BUILD_VERIFY_STAGE, KilnBuildStage)

/* The boot check starts as soon as the release is settled, beside
 * packaging on another core; the Verify step then waits for its outcome. */
typedef struct _KilnBootCheck KilnBootCheck;

void kiln_build_verify_stage_start_boot_check (KilnBuild     *build,
                                               GCancellable  *cancellable);
void kiln_boot_check_stop                     (KilnBootCheck *check);

G_END_DECLS
