#pragma once

#include <gio/gio.h>

#include "kiln-build.h"

G_BEGIN_DECLS

#define KILN_TYPE_BUILD_STAGE (kiln_build_stage_get_type ())
G_DECLARE_DERIVABLE_TYPE (KilnBuildStage, kiln_build_stage, KILN, BUILD_STAGE, GObject)

/* One stage of the build pipeline (kiln-build-pipeline.c). The build starts
 * the stage's first step before running it and finishes its steps after;
 * a stage announces its later steps with kiln_build_advance_to_step. */
struct _KilnBuildStageClass
{
  GObjectClass parent_class;

  /* Whether the stage has nothing to do in this build: then its steps are
   * skipped and it does not run. */
  gboolean (*is_skipped) (KilnBuildStage       *self,
                          KilnBuild            *build);
  void     (*run_async)  (KilnBuildStage       *self,
                          KilnBuild            *build,
                          GCancellable         *cancellable,
                          GAsyncReadyCallback   callback,
                          gpointer              user_data);
  gboolean (*run_finish) (KilnBuildStage       *self,
                          GAsyncResult         *result,
                          GError              **error);
};

gboolean   kiln_build_stage_is_skipped    (KilnBuildStage       *self,
                                           KilnBuild            *build);
void       kiln_build_stage_run_async     (KilnBuildStage       *self,
                                           KilnBuild            *build,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean   kiln_build_stage_run_finish    (KilnBuildStage       *self,
                                           GAsyncResult         *result,
                                           GError              **error);

/* For stages: their GTask, whose task data is the build. */
GTask     *kiln_build_stage_new_task      (KilnBuildStage       *self,
                                           KilnBuild            *build,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
void       kiln_build_stage_run_in_thread (GTask                *task,
                                           GTaskThreadFunc       func,
                                           GAsyncReadyCallback   callback);

G_END_DECLS
