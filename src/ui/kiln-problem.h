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

/* Feeds log lines one at a time; returns a new problem when @text
 * completes one. Keeps the pending message between calls. */
typedef struct _KilnProblemParser KilnProblemParser;

KilnProblemParser *kiln_problem_parser_new   (void);
void               kiln_problem_parser_free  (KilnProblemParser *parser);
KilnProblem       *kiln_problem_parser_feed  (KilnProblemParser *parser,
                                              const char        *text,
                                              guint              log_position);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KilnProblemParser, kiln_problem_parser_free)

G_END_DECLS
