#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  KILN_BUILD_RESULT_RUNNING,
  KILN_BUILD_RESULT_SUCCEEDED,
  KILN_BUILD_RESULT_FAILED,
  KILN_BUILD_RESULT_CANCELLED,
  /* Kiln stopped (killed, crashed, power lost) before the build finished. */
  KILN_BUILD_RESULT_INTERRUPTED,
} KilnBuildResult;

#define KILN_TYPE_BUILD_RESULT (kiln_build_result_get_type ())
GType kiln_build_result_get_type (void) G_GNUC_CONST;

/* to_string and from_string are for files and JSON; to_label for people. */
const char *kiln_build_result_to_string   (KilnBuildResult  result);
gboolean    kiln_build_result_from_string (const char      *name,
                                           KilnBuildResult *result);
const char *kiln_build_result_to_label    (KilnBuildResult  result);

G_END_DECLS
