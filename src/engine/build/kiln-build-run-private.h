#pragma once

#include "kiln-build-pipeline-private.h"
#include "kiln-build-private.h"
#include "kiln-log-journal.h"

G_BEGIN_DECLS

/* Shared by kiln-build.c (the object) and kiln-build-run.c (running it). */

/* A row of the step list, and the pipeline stage it belongs to. */
typedef struct
{
  const KilnBuildStepInfo *info;
  KilnBuildStep           *step;
  guint                    stage;
} KilnBuildStepSlot;

struct _KilnBuild
{
  GObject             parent_instance;

  char               *project_dir;
  KilnReleaseProfile *profile;
  KilnToolchain      *toolchain;
  KilnLogModel       *log;
  GListStore         *steps;
  GArray             *slots;
  GListStore         *artifacts;
  KilnBuildRecord    *record;
  KilnBuildStep      *current_step;
  char               *release_dir;
  double              progress;
  KilnBuildState      state;
  guint               verify : 1;
  guint               is_umbrella : 1;
  KilnPhoenix        *phoenix;

  /* The run, once begun. */
  KilnBuildPlan      *plan;
  GPtrArray          *stages;
  guint               stage_index;
  GArray             *formats;
  char               *release_version;
  guint64             release_size;
  int                 lock_fd;
  KilnLogJournal     *journal;
  struct _KilnBootCheck *boot_check;
  GError             *error;
  /* KilnEnvironmentVariable: what Verify and Run Release boot with. */
  GPtrArray          *check_environment;
};

void kiln_build_set_state        (KilnBuild       *self,
                                  KilnBuildState   state);
void kiln_build_set_progress     (KilnBuild       *self,
                                  double           progress);
void kiln_build_set_current_step (KilnBuild       *self,
                                  KilnBuildStep   *step);
void kiln_build_set_record       (KilnBuild       *self,
                                  KilnBuildRecord *record);

G_END_DECLS
