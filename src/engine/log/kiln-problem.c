#define G_LOG_DOMAIN "kiln-log"

#include "config.h"

#include "kiln-problem.h"

struct _KilnProblem
{
  GObject          parent_instance;
  KilnProblemKind  kind;
  char            *message;
  char            *file;
  guint            line;
  guint            log_position;
};

G_DEFINE_FINAL_TYPE (KilnProblem, kiln_problem, G_TYPE_OBJECT)

static void
kiln_problem_finalize (GObject *object)
{
  KilnProblem *self = (KilnProblem *)object;

  g_free (self->message);
  g_free (self->file);

  G_OBJECT_CLASS (kiln_problem_parent_class)->finalize (object);
}

static void
kiln_problem_class_init (KilnProblemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kiln_problem_finalize;
}

static void
kiln_problem_init (KilnProblem *self)
{
}

KilnProblem *
kiln_problem_new (KilnProblemKind  kind,
                  const char      *message,
                  const char      *file,
                  guint            line,
                  guint            log_position)
{
  KilnProblem *self = g_object_new (KILN_TYPE_PROBLEM, NULL);

  self->kind = kind;
  self->message = g_strdup (message);
  self->file = g_strdup (file);
  self->line = line;
  self->log_position = log_position;

  return self;
}

KilnProblemKind
kiln_problem_get_kind (KilnProblem *self)
{
  g_return_val_if_fail (KILN_IS_PROBLEM (self), KILN_PROBLEM_WARNING);
  return self->kind;
}

const char *
kiln_problem_get_message (KilnProblem *self)
{
  g_return_val_if_fail (KILN_IS_PROBLEM (self), NULL);
  return self->message;
}

/* As the compiler printed it: usually relative to the project folder. */
const char *
kiln_problem_get_file (KilnProblem *self)
{
  g_return_val_if_fail (KILN_IS_PROBLEM (self), NULL);
  return self->file;
}

guint
kiln_problem_get_line (KilnProblem *self)
{
  g_return_val_if_fail (KILN_IS_PROBLEM (self), 0);
  return self->line;
}

/* The log line that completed the problem. */
guint
kiln_problem_get_log_position (KilnProblem *self)
{
  g_return_val_if_fail (KILN_IS_PROBLEM (self), 0);
  return self->log_position;
}
