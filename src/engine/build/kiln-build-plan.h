#pragma once

#include <gio/gio.h>

#include "kiln-build-host.h"
#include "kiln-release-profile.h"
#include "kiln-source-date.h"

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
  /* The Mix task of the Assets step (Phoenix), or NULL: no Assets step. */
  char       *assets_task;
  /* Filled in as the build goes, on the main thread: files written under a
   * staged name, and where the swap moves each of them. */
  GPtrArray  *staged_files;
  GPtrArray  *final_files;
  char       *release_version;
  /* The mtime archives are clamped to, or -1, and where it came from. */
  gint64      source_date;
  KilnSourceDateOrigin source_date_origin;
  KilnIncludeErts include_erts;
  /* The OTP release a target needs (no ERTS included), set before the
   * settle stage reads the machine it runs on into host. */
  char       *target_otp;
  KilnBuildHost *host;
  guint       keep_cookie : 1;
  guint       has_formats : 1;
  guint       fetch_dependencies : 1;
} KilnBuildPlan;

KilnBuildPlan *kiln_build_plan_new             (const char          *project_dir,
                                                KilnReleaseProfile  *profile);
void           kiln_build_plan_free            (KilnBuildPlan       *plan);
gboolean       kiln_build_plan_check_overlays  (KilnBuildPlan       *plan,
                                                GError             **error);
char          *kiln_build_plan_rewrite_staging_path (KilnBuildPlan *plan,
                                                     const char    *line);
gboolean       kiln_build_plan_check_release_dir (KilnBuildPlan   *plan,
                                                  GError         **error);
gboolean       kiln_build_plan_prepare         (KilnBuildPlan       *plan,
                                                GError             **error);
gboolean       kiln_build_plan_settle          (KilnBuildPlan       *plan,
                                                char               **version,
                                                GError             **error);
char          *kiln_build_plan_add_staged_file (KilnBuildPlan       *plan,
                                                const char          *final_path);
char          *kiln_build_plan_dup_staged_path (const char         *final_path);
gboolean       kiln_build_plan_swap            (KilnBuildPlan       *plan,
                                                guint64             *size,
                                                GError             **error);
void           kiln_build_plan_discard         (KilnBuildPlan       *plan);
/* The Mix commands a person would run for the same build, one a line
 * (the profile's options aside, which Kiln passes to mix release). */
char          *kiln_build_plan_dup_equivalent_commands (KilnBuildPlan *plan);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KilnBuildPlan, kiln_build_plan_free)

G_END_DECLS
