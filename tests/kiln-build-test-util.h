#pragma once

#include "kiln-engine.h"

G_BEGIN_DECLS

KilnBuildRecord *kiln_test_run_build              (KilnBuild     *build,
                                                   GCancellable  *cancellable,
                                                   GError       **error);
KilnBuildRecord *kiln_test_run_build_cancelled_at (KilnBuild     *build,
                                                   const char    *step_id,
                                                   GError       **error);
char            *kiln_test_dup_tree_manifest      (const char    *root);
void             kiln_test_assert_manifests_equal (const char    *actual,
                                                   const char    *expected,
                                                   const char    *ignored_path);

G_END_DECLS
