#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KILN_BUILD_STAGE_MAX_STEPS 4

/* A row of the build's step list. The title is untranslated (N_). */
typedef struct
{
  const char *id;
  const char *title;
  double      weight;
} KilnBuildStepInfo;

/* A stage and the steps it reports under, in order. A stage without steps
 * of its own runs under the step that is running when it starts. */
typedef struct
{
  GType             (*get_type) (void);
  KilnBuildStepInfo   steps[KILN_BUILD_STAGE_MAX_STEPS];
} KilnBuildPipelineStage;

const KilnBuildPipelineStage *kiln_build_pipeline_get_stages (guint *n_stages);
guint                         kiln_build_pipeline_count_steps (const KilnBuildPipelineStage *stage);

G_END_DECLS
