#pragma once

#include <gio/gio.h>

#include "kiln-release-profile.h"

G_BEGIN_DECLS

/* What one build reads and writes on disk, snapshotted from the profile on
 * the main thread so that worker threads never touch the profile. */
typedef struct
{
  char       *project_dir;
  char       *release_name;
  char       *mix_env;
  char       *release_dir;
  char       *staging_dir;
  char       *previous_dir;
  char       *work_dir;
  char       *options_path;
  char       *source_templates_dir;
  char       *templates_dir;
  char       *output_dir;
  char       *tar_dir;
  char       *release_options;
  GStrv       template_names;
  GStrv       template_contents;
  GStrv       overlay_sources;
  GStrv       overlay_destinations;
  guint       keep_cookie : 1;
  guint       has_formats : 1;
  guint       fetch_dependencies : 1;
} KilnBuildPlan;

KilnBuildPlan *kiln_build_plan_new             (const char          *project_dir,
                                                KilnReleaseProfile  *profile);
void           kiln_build_plan_free            (KilnBuildPlan       *plan);
gboolean       kiln_build_plan_check_overlays  (KilnBuildPlan       *plan,
                                                GError             **error);
gboolean       kiln_build_plan_check_release_dir (KilnBuildPlan   *plan,
                                                  GError         **error);
gboolean       kiln_build_plan_prepare         (KilnBuildPlan       *plan,
                                                GError             **error);
gboolean       kiln_build_plan_swap            (KilnBuildPlan       *plan,
                                                char               **version,
                                                guint64             *size,
                                                GError             **error);
void           kiln_build_plan_discard         (KilnBuildPlan       *plan);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KilnBuildPlan, kiln_build_plan_free)

G_END_DECLS
