#pragma once

#include "kiln-problem.h"

G_BEGIN_DECLS

#define KILN_TYPE_PROBLEM_LIST (kiln_problem_list_get_type ())
G_DECLARE_FINAL_TYPE (KilnProblemList, kiln_problem_list, KILN, PROBLEM_LIST, GObject)

KilnProblemList *kiln_problem_list_new   (void);
void             kiln_problem_list_feed  (KilnProblemList *self,
                                          const char      *plain_text,
                                          guint            log_position);
void             kiln_problem_list_clear (KilnProblemList *self);

G_END_DECLS
