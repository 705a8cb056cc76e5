#pragma once

#include "kiln-artifact.h"
#include "kiln-build-plan.h"
#include "kiln-build.h"
#include "kiln-process.h"

G_BEGIN_DECLS

/* What the stages of a running build read and report through. */
KilnBuildPlan *kiln_build_get_plan             (KilnBuild     *self);
KilnToolchain *kiln_build_get_toolchain        (KilnBuild     *self);
gboolean       kiln_build_get_verify           (KilnBuild     *self);
gboolean       kiln_build_get_is_umbrella      (KilnBuild     *self);
GArray        *kiln_build_get_formats          (KilnBuild     *self);
void           kiln_build_set_formats          (KilnBuild     *self,
                                                GArray        *formats);
const char    *kiln_build_get_release_version  (KilnBuild     *self);
void           kiln_build_set_release          (KilnBuild     *self,
                                                const char    *release_dir,
                                                const char    *version,
                                                guint64        size);
void           kiln_build_add_artifact         (KilnBuild     *self,
                                                KilnArtifact  *artifact);

/* Kiln's own lines, and the helper's, under the running step. */
void           kiln_build_log                  (KilnBuild     *self,
                                                const char    *format,
                                                ...) G_GNUC_PRINTF (2, 3);
void           kiln_build_log_output           (KilnBuild     *self,
                                                KilnStream     stream,
                                                const char    *line);

/* Moves the running stage on to its step ID; FALSE when ID is none of its
 * steps. *started says whether the step began only now. */
gboolean       kiln_build_advance_to_step      (KilnBuild     *self,
                                                const char    *id,
                                                gboolean      *started);
gboolean       kiln_build_reached_last_step    (KilnBuild     *self);

G_END_DECLS
