#define G_LOG_DOMAIN "kiln-log"

#include "config.h"

#include <stdlib.h>

#include "kiln-problem-list-private.h"

/* The problems of one log, in the order they were found, each once: the
 * engine repeats the failing step's last lines in its summary. */
struct _KilnProblemList
{
  GObject          parent_instance;

  GPtrArray       *problems;
  GHashTable      *seen;

  GRegex          *header;
  GRegex          *location;
  GRegex          *inline_error;
  char            *pending_message;
  KilnProblemKind  pending_kind;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KilnProblemList, kiln_problem_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
kiln_problem_list_get_item_type (GListModel *model)
{
  return KILN_TYPE_PROBLEM;
}

static guint
kiln_problem_list_get_n_items (GListModel *model)
{
  return KILN_PROBLEM_LIST (model)->problems->len;
}

static gpointer
kiln_problem_list_get_item (GListModel *model,
                            guint       position)
{
  KilnProblemList *self = KILN_PROBLEM_LIST (model);

  if (position >= self->problems->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->problems, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = kiln_problem_list_get_item_type;
  iface->get_n_items = kiln_problem_list_get_n_items;
  iface->get_item = kiln_problem_list_get_item;
}

static void
kiln_problem_list_finalize (GObject *object)
{
  KilnProblemList *self = KILN_PROBLEM_LIST (object);

  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->seen, g_hash_table_unref);
  g_clear_pointer (&self->header, g_regex_unref);
  g_clear_pointer (&self->location, g_regex_unref);
  g_clear_pointer (&self->inline_error, g_regex_unref);
  g_clear_pointer (&self->pending_message, g_free);

  G_OBJECT_CLASS (kiln_problem_list_parent_class)->finalize (object);
}

static void
kiln_problem_list_class_init (KilnProblemListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kiln_problem_list_finalize;
}

static void
kiln_problem_list_init (KilnProblemList *self)
{
  self->problems = g_ptr_array_new_with_free_func (g_object_unref);
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* Elixir 1.14 prints "warning: MESSAGE" then "  lib/x.ex:12: Mod.fun/1",
   * and errors as "** (CompileError) lib/x.ex:3: MESSAGE" or
   * "error: MESSAGE" followed by a location line. */
  self->header = g_regex_new ("^\\s*(warning|error):\\s*(.*)$", G_REGEX_OPTIMIZE, 0, NULL);
  /* Elixir 1.15+ draws the location as "└─ lib/x.ex:12:5: Mod.fun/1". */
  self->location = g_regex_new ("^\\s*(?:└─\\s*)?([^\\s:]+\\.(?:ex|exs|eex|heex|erl|hrl)):(\\d+)(?::\\d+)?(?::|$)",
                                G_REGEX_OPTIMIZE, 0, NULL);
  self->inline_error = g_regex_new ("^\\*\\* \\((\\w+(?:\\.\\w+)*)\\) ([^\\s:]+\\.(?:ex|exs|eex|erl)):(\\d+)(?::\\d+)?:\\s*(.*)$",
                                    G_REGEX_OPTIMIZE, 0, NULL);
}

KilnProblemList *
kiln_problem_list_new (void)
{
  return g_object_new (KILN_TYPE_PROBLEM_LIST, NULL);
}

static void
add_problem (KilnProblemList *self,
             KilnProblemKind  kind,
             const char      *message,
             const char      *file,
             const char      *line_text,
             guint            log_position)
{
  guint line = atoi (line_text);
  char *key = g_strdup_printf ("%d:%s:%u:%s", kind, file, line, message);

  if (!g_hash_table_add (self->seen, key))
    return;

  g_ptr_array_add (self->problems, kiln_problem_new (kind, message, file, line, log_position));
  g_list_model_items_changed (G_LIST_MODEL (self), self->problems->len - 1, 0, 1);
}

/* Call with each line of the log in turn: a problem can span several lines
 * (header, message, location), so the list keeps the pending one. */
void
kiln_problem_list_feed (KilnProblemList *self,
                        const char      *plain_text,
                        guint            log_position)
{
  g_autoptr(GMatchInfo) match = NULL;

  g_return_if_fail (KILN_IS_PROBLEM_LIST (self));
  g_return_if_fail (plain_text != NULL);

  if (g_regex_match (self->inline_error, plain_text, 0, &match))
    {
      g_autofree char *kind = g_match_info_fetch (match, 1);
      g_autofree char *file = g_match_info_fetch (match, 2);
      g_autofree char *line = g_match_info_fetch (match, 3);
      g_autofree char *message = g_match_info_fetch (match, 4);
      g_autofree char *full = g_strdup_printf ("%s: %s", kind, message);

      g_clear_pointer (&self->pending_message, g_free);
      add_problem (self, KILN_PROBLEM_ERROR, full, file, line, log_position);
      return;
    }
  g_clear_pointer (&match, g_match_info_free);

  if (g_regex_match (self->header, plain_text, 0, &match))
    {
      g_autofree char *kind = g_match_info_fetch (match, 1);

      g_free (self->pending_message);
      self->pending_message = g_match_info_fetch (match, 2);
      self->pending_kind = g_str_equal (kind, "error") ? KILN_PROBLEM_ERROR : KILN_PROBLEM_WARNING;
      return;
    }
  g_clear_pointer (&match, g_match_info_free);

  if (self->pending_message != NULL && g_regex_match (self->location, plain_text, 0, &match))
    {
      g_autofree char *file = g_match_info_fetch (match, 1);
      g_autofree char *line = g_match_info_fetch (match, 2);
      g_autofree char *message = g_steal_pointer (&self->pending_message);

      add_problem (self, self->pending_kind, message, file, line, log_position);
      return;
    }

  /* Multi-line messages continue until the location line; blank lines end them. */
  if (self->pending_message != NULL && plain_text[0] == '\0')
    g_clear_pointer (&self->pending_message, g_free);
}

void
kiln_problem_list_clear (KilnProblemList *self)
{
  guint removed;

  g_return_if_fail (KILN_IS_PROBLEM_LIST (self));

  removed = self->problems->len;
  g_clear_pointer (&self->pending_message, g_free);
  g_hash_table_remove_all (self->seen);
  g_ptr_array_set_size (self->problems, 0);

  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
}
