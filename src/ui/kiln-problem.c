#define G_LOG_DOMAIN "kiln-ui"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "kiln-ansi.h"
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

KilnProblemKind kiln_problem_get_kind (KilnProblem *self) { return self->kind; }
const char *kiln_problem_get_message (KilnProblem *self) { return self->message; }
const char *kiln_problem_get_file (KilnProblem *self) { return self->file; }
guint kiln_problem_get_line (KilnProblem *self) { return self->line; }
guint kiln_problem_get_log_position (KilnProblem *self) { return self->log_position; }

struct _KilnProblemParser
{
  GRegex          *header;
  GRegex          *location;
  GRegex          *inline_error;
  char            *pending_message;
  KilnProblemKind  pending_kind;
};

KilnProblemParser *
kiln_problem_parser_new (void)
{
  KilnProblemParser *parser = g_new0 (KilnProblemParser, 1);

  /* Elixir 1.14 prints "warning: MESSAGE" then "  lib/x.ex:12: Mod.fun/1",
   * and errors as "** (CompileError) lib/x.ex:3: MESSAGE" or
   * "error: MESSAGE" followed by a location line. */
  parser->header = g_regex_new ("^\\s*(warning|error):\\s*(.*)$", G_REGEX_OPTIMIZE, 0, NULL);
  parser->location = g_regex_new ("^\\s*([^\\s:]+\\.(?:ex|exs|eex|heex|erl|hrl)):(\\d+)(?::\\d+)?(?::|$)",
                                  G_REGEX_OPTIMIZE, 0, NULL);
  parser->inline_error = g_regex_new ("^\\*\\* \\((\\w+(?:\\.\\w+)*)\\) ([^\\s:]+\\.(?:ex|exs|eex|erl)):(\\d+)(?::\\d+)?:\\s*(.*)$",
                                      G_REGEX_OPTIMIZE, 0, NULL);

  return parser;
}

void
kiln_problem_parser_free (KilnProblemParser *parser)
{
  g_regex_unref (parser->header);
  g_regex_unref (parser->location);
  g_regex_unref (parser->inline_error);
  g_free (parser->pending_message);
  g_free (parser);
}

KilnProblem *
kiln_problem_parser_feed (KilnProblemParser *parser,
                          const char        *raw_text,
                          guint              log_position)
{
  g_autoptr(GMatchInfo) match = NULL;
  PangoAttrList *attrs = NULL;
  g_autofree char *text = kiln_ansi_parse (raw_text, &attrs);

  g_clear_pointer (&attrs, pango_attr_list_unref);

  if (g_regex_match (parser->inline_error, text, 0, &match))
    {
      g_autofree char *kind = g_match_info_fetch (match, 1);
      g_autofree char *file = g_match_info_fetch (match, 2);
      g_autofree char *line = g_match_info_fetch (match, 3);
      g_autofree char *message = g_match_info_fetch (match, 4);
      g_autofree char *full = g_strdup_printf ("%s: %s", kind, message);

      g_clear_pointer (&parser->pending_message, g_free);
      return kiln_problem_new (KILN_PROBLEM_ERROR, full, file, atoi (line), log_position);
    }
  g_clear_pointer (&match, g_match_info_free);

  if (g_regex_match (parser->header, text, 0, &match))
    {
      g_autofree char *kind = g_match_info_fetch (match, 1);

      g_free (parser->pending_message);
      parser->pending_message = g_match_info_fetch (match, 2);
      parser->pending_kind = g_str_equal (kind, "error") ? KILN_PROBLEM_ERROR : KILN_PROBLEM_WARNING;
      return NULL;
    }
  g_clear_pointer (&match, g_match_info_free);

  if (parser->pending_message != NULL && g_regex_match (parser->location, text, 0, &match))
    {
      g_autofree char *file = g_match_info_fetch (match, 1);
      g_autofree char *line = g_match_info_fetch (match, 2);
      KilnProblem *problem = kiln_problem_new (parser->pending_kind, parser->pending_message,
                                               file, atoi (line), log_position);

      g_clear_pointer (&parser->pending_message, g_free);
      return problem;
    }

  /* Multi-line messages continue until the location line; blank lines end them. */
  if (parser->pending_message != NULL && text[0] == '\0')
    g_clear_pointer (&parser->pending_message, g_free);

  return NULL;
}
