#pragma once

#include <gio/gio.h>

#include "kiln-build-record.h"
#include "kiln-build-step.h"
#include "kiln-log-model.h"
#include "kiln-phoenix.h"
#include "kiln-release-profile.h"
#include "kiln-toolchain.h"

G_BEGIN_DECLS

typedef enum
{
  KILN_BUILD_STATE_IDLE,
  KILN_BUILD_STATE_RUNNING,
  KILN_BUILD_STATE_SUCCEEDED,
  KILN_BUILD_STATE_FAILED,
  KILN_BUILD_STATE_CANCELLED,
} KilnBuildState;

#define KILN_TYPE_BUILD_STATE (kiln_build_state_get_type ())
GType kiln_build_state_get_type (void) G_GNUC_CONST;

#define KILN_TYPE_BUILD (kiln_build_get_type ())
G_DECLARE_FINAL_TYPE (KilnBuild, kiln_build, KILN, BUILD, GObject)

KilnBuild          *kiln_build_new               (const char          *project_dir,
                                                  KilnReleaseProfile  *profile);
const char         *kiln_build_get_project_dir   (KilnBuild           *self);
KilnReleaseProfile *kiln_build_get_profile       (KilnBuild           *self);
void                kiln_build_set_toolchain     (KilnBuild           *self,
                                                  KilnToolchain       *toolchain);
void                kiln_build_set_verify        (KilnBuild           *self,
                                                  gboolean             verify);
void                kiln_build_set_is_umbrella   (KilnBuild           *self,
                                                  gboolean             is_umbrella);
/* The project's Phoenix facts (kiln_project_get_phoenix), or NULL: the
 * Assets step, the variables for checks and the serving hint follow. */
void                kiln_build_set_phoenix       (KilnBuild           *self,
                                                  KilnPhoenix         *phoenix);
KilnPhoenix        *kiln_build_get_phoenix       (KilnBuild           *self);
/* Once the build has begun: the KilnEnvironmentVariables Verify booted the
 * release with, for Run Release to use the same. */
GPtrArray          *kiln_build_get_check_environment (KilnBuild       *self);
/* How to serve the release, one sentence, or NULL when there is nothing to say. */
char               *kiln_build_dup_serve_hint    (KilnBuild           *self);
KilnBuildState      kiln_build_get_state         (KilnBuild           *self);
double              kiln_build_get_progress      (KilnBuild           *self);
KilnBuildStep      *kiln_build_get_current_step  (KilnBuild           *self);
const char         *kiln_build_get_release_dir   (KilnBuild           *self);
KilnLogModel       *kiln_build_get_log           (KilnBuild           *self);
GListModel         *kiln_build_get_steps         (KilnBuild           *self);
KilnBuildStep      *kiln_build_get_step          (KilnBuild           *self,
                                                  const char          *id);
GListModel         *kiln_build_get_artifacts     (KilnBuild           *self);
KilnBuildRecord    *kiln_build_get_record        (KilnBuild           *self);

void                kiln_build_run_async         (KilnBuild           *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
KilnBuildRecord    *kiln_build_run_finish        (KilnBuild           *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
