#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  KILN_PROBLEM_WARNING,
  KILN_PROBLEM_ERROR,
} KilnProblemKind;

/* A compiler diagnostic found in a build log, pointing at file:line. */
#define KILN_TYPE_PROBLEM (kiln_problem_get_type ())
G_DECLARE_FINAL_TYPE (KilnProblem, kiln_problem, KILN, PROBLEM, GObject)

KilnProblem     *kiln_problem_new          (KilnProblemKind  kind,
                                            const char      *message,
                                            const char      *file,
                                            guint            line,
                                            guint            log_position);
KilnProblemKind  kiln_problem_get_kind     (KilnProblem     *self);
const char      *kiln_problem_get_message  (KilnProblem     *self);
const char      *kiln_problem_get_file     (KilnProblem     *self);
guint            kiln_problem_get_line     (KilnProblem     *self);
guint            kiln_problem_get_log_position (KilnProblem *self);

G_END_DECLS
