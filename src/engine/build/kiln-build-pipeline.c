#define G_LOG_DOMAIN "kiln-build"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kiln-build-mix-stage.h"
#include "kiln-build-package-stage.h"
#include "kiln-build-pipeline-private.h"
#include "kiln-build-settle-stage.h"
#include "kiln-build-swap-stage.h"
#include "kiln-build-toolchain-stage.h"
#include "kiln-build-validate-stage.h"
#include "kiln-build-verify-stage.h"

/* The build, in order: each stage, the steps a person sees it as, and each
 * step's share of the progress bar (the weights add up to 1). Adding a stage
 * is a file of its own and a row here. Stages without steps run under the
 * step before them. */
static const KilnBuildPipelineStage pipeline[] = {
  { kiln_build_validate_stage_get_type },
  { kiln_build_toolchain_stage_get_type, {
    { "check-toolchain", N_("Check toolchain"), 0.05 } } },
  { kiln_build_mix_stage_get_type, {
    { "dependencies", N_("Dependencies"), 0.10 },
    { "compile", N_("Compile"), 0.25 },
    { "assets", N_("Assets"), 0.05 },
    { "assemble", N_("Assemble"), 0.35 } } },
  { kiln_build_settle_stage_get_type },
  { kiln_build_package_stage_get_type, {
    { "package", N_("Package"), 0.15 } } },
  { kiln_build_verify_stage_get_type, {
    { "verify", N_("Verify"), 0.05 } } },
  /* Last: everything before it works on staged names (kiln-build-commit.c). */
  { kiln_build_swap_stage_get_type },
};

const KilnBuildPipelineStage *
kiln_build_pipeline_get_stages (guint *n_stages)
{
  *n_stages = G_N_ELEMENTS (pipeline);
  return pipeline;
}

guint
kiln_build_pipeline_count_steps (const KilnBuildPipelineStage *stage)
{
  guint n_steps = 0;

  while (n_steps < KILN_BUILD_STAGE_MAX_STEPS && stage->steps[n_steps].id != NULL)
    n_steps++;

  return n_steps;
}
