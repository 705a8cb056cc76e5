#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  KILN_BUILD_STEP_PENDING,
  KILN_BUILD_STEP_RUNNING,
  KILN_BUILD_STEP_SUCCEEDED,
  KILN_BUILD_STEP_FAILED,
  KILN_BUILD_STEP_SKIPPED,
  KILN_BUILD_STEP_CANCELLED,
} KilnBuildStepState;

#define KILN_TYPE_BUILD_STEP_STATE (kiln_build_step_state_get_type ())
GType       kiln_build_step_state_get_type  (void) G_GNUC_CONST;
const char *kiln_build_step_state_to_string (KilnBuildStepState state);
const char *kiln_build_step_state_to_label  (KilnBuildStepState state);

#define KILN_TYPE_BUILD_STEP (kiln_build_step_get_type ())
G_DECLARE_FINAL_TYPE (KilnBuildStep, kiln_build_step, KILN, BUILD_STEP, GObject)

KilnBuildStep      *kiln_build_step_new             (const char         *id,
                                                     const char         *title);
const char         *kiln_build_step_get_id          (KilnBuildStep      *self);
const char         *kiln_build_step_get_title       (KilnBuildStep      *self);
KilnBuildStepState  kiln_build_step_get_state       (KilnBuildStep      *self);
gint64              kiln_build_step_get_duration_ms (KilnBuildStep      *self);
const char         *kiln_build_step_get_message     (KilnBuildStep      *self);
void                kiln_build_step_start           (KilnBuildStep      *self);
void                kiln_build_step_finish          (KilnBuildStep      *self,
                                                     KilnBuildStepState  state,
                                                     const char         *message);

G_END_DECLS
