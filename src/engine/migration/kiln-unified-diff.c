#define G_LOG_DOMAIN "kiln-migration"

#include "config.h"

#include <string.h>

#include "kiln-unified-diff.h"

#define DIFF_CONTEXT 3
/* Above this many cells the middle of a diff is shown as replaced wholesale:
 * still a correct diff, just not a minimal one. */
#define DIFF_MAX_CELLS (4 * 1024 * 1024)

typedef struct
{
  const char *start;
  gsize       length;   /* without the newline */
  gboolean    has_newline;
} Line;

typedef enum { OP_SAME, OP_DELETE, OP_INSERT } OpKind;

typedef struct
{
  OpKind kind;
  guint  old_index;
  guint  new_index;
} Op;

static GArray *
split_lines (const char *text)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (Line));
  const char *p = text;

  while (*p != '\0')
    {
      const char *nl = strchr (p, '\n');
      Line line = { p, nl ? (gsize) (nl - p) : strlen (p), nl != NULL };

      g_array_append_val (lines, line);
      p = nl ? nl + 1 : p + line.length;
    }

  return lines;
}

static gboolean
lines_equal (const Line *a,
             const Line *b)
{
  return a->length == b->length && a->has_newline == b->has_newline &&
         memcmp (a->start, b->start, a->length) == 0;
}

static void
push_op (GArray *ops,
         OpKind  kind,
         guint   old_index,
         guint   new_index)
{
  Op op = { kind, old_index, new_index };
  g_array_append_val (ops, op);
}

/* Longest common subsequence of the middle part, after the common prefix and
 * suffix are set aside (edits to mix.exs are local, so the middle is small). */
static void
diff_middle (GArray *old_lines,
             GArray *new_lines,
             guint   old_from,
             guint   old_to,
             guint   new_from,
             guint   new_to,
             GArray *ops)
{
  guint n = old_to - old_from;
  guint m = new_to - new_from;
  g_autofree guint32 *table = NULL;
  guint i = 0, j = 0;

  if ((guint64) (n + 1) * (m + 1) > DIFF_MAX_CELLS)
    {
      for (i = 0; i < n; i++)
        push_op (ops, OP_DELETE, old_from + i, new_from);
      for (j = 0; j < m; j++)
        push_op (ops, OP_INSERT, old_to, new_from + j);
      return;
    }

  table = g_new0 (guint32, (gsize) (n + 1) * (m + 1));
#define CELL(a, b) table[(gsize) (a) * (m + 1) + (b)]
  for (int a = n - 1; a >= 0; a--)
    for (int b = m - 1; b >= 0; b--)
      {
        if (lines_equal (&g_array_index (old_lines, Line, old_from + a),
                         &g_array_index (new_lines, Line, new_from + b)))
          CELL (a, b) = CELL (a + 1, b + 1) + 1;
        else
          CELL (a, b) = MAX (CELL (a + 1, b), CELL (a, b + 1));
      }

  while (i < n || j < m)
    {
      if (i < n && j < m &&
          lines_equal (&g_array_index (old_lines, Line, old_from + i),
                       &g_array_index (new_lines, Line, new_from + j)))
        {
          push_op (ops, OP_SAME, old_from + i, new_from + j);
          i++, j++;
        }
      else if (i < n && (j == m || CELL (i + 1, j) >= CELL (i, j + 1)))
        {
          push_op (ops, OP_DELETE, old_from + i, new_from + j);
          i++;
        }
      else
        {
          push_op (ops, OP_INSERT, old_from + i, new_from + j);
          j++;
        }
    }
#undef CELL
}

static void
append_line (GString    *out,
             char        marker,
             const Line *line)
{
  g_string_append_c (out, marker);
  g_string_append_len (out, line->start, line->length);
  g_string_append_c (out, '\n');
  if (!line->has_newline)
    g_string_append (out, "\\ No newline at end of file\n");
}

static void
append_range (GString *out,
              char     marker,
              guint    start,
              guint    count)
{
  /* Unified diff numbers an empty range by the line before it. */
  guint first = count == 0 ? start : start + 1;

  g_string_append_printf (out, " %c%u", marker, first);
  if (count != 1)
    g_string_append_printf (out, ",%u", count);
}

char *
kiln_unified_diff (const char *old_label,
                   const char *new_label,
                   const char *old_text,
                   const char *new_text)
{
  g_autoptr(GArray) old_lines = split_lines (old_text ? old_text : "");
  g_autoptr(GArray) new_lines = split_lines (new_text ? new_text : "");
  g_autoptr(GArray) ops = g_array_new (FALSE, FALSE, sizeof (Op));
  GString *out = g_string_new (NULL);
  guint prefix = 0, suffix = 0;
  guint k = 0;

  while (prefix < old_lines->len && prefix < new_lines->len &&
         lines_equal (&g_array_index (old_lines, Line, prefix), &g_array_index (new_lines, Line, prefix)))
    push_op (ops, OP_SAME, prefix, prefix), prefix++;

  while (suffix < old_lines->len - prefix && suffix < new_lines->len - prefix &&
         lines_equal (&g_array_index (old_lines, Line, old_lines->len - 1 - suffix),
                      &g_array_index (new_lines, Line, new_lines->len - 1 - suffix)))
    suffix++;

  diff_middle (old_lines, new_lines, prefix, old_lines->len - suffix,
               prefix, new_lines->len - suffix, ops);

  for (guint s = suffix; s > 0; s--)
    push_op (ops, OP_SAME, old_lines->len - s, new_lines->len - s);

  for (k = 0; k < ops->len && g_array_index (ops, Op, k).kind == OP_SAME; k++)
    ;
  if (k == ops->len)
    return g_string_free (out, FALSE);
  k = 0;

  g_string_append_printf (out, "--- %s\n+++ %s\n", old_label, new_label);

  while (k < ops->len)
    {
      guint change, hunk_start, hunk_end, last_change;
      guint old_count = 0, new_count = 0;
      Op *first;

      while (k < ops->len && g_array_index (ops, Op, k).kind == OP_SAME)
        k++;
      if (k == ops->len)
        break;

      change = k;
      hunk_start = change > DIFF_CONTEXT ? change - DIFF_CONTEXT : 0;
      /* Extend while the next change is within twice the context. */
      last_change = change;
      for (guint q = change; q < ops->len; q++)
        {
          if (g_array_index (ops, Op, q).kind != OP_SAME)
            last_change = q;
          else if (q - last_change > 2 * DIFF_CONTEXT)
            break;
        }
      hunk_end = MIN (ops->len, last_change + 1 + DIFF_CONTEXT);

      for (guint q = hunk_start; q < hunk_end; q++)
        {
          OpKind kind = g_array_index (ops, Op, q).kind;
          old_count += kind != OP_INSERT;
          new_count += kind != OP_DELETE;
        }

      first = &g_array_index (ops, Op, hunk_start);
      g_string_append (out, "@@");
      append_range (out, '-', first->old_index, old_count);
      append_range (out, '+', first->new_index, new_count);
      g_string_append (out, " @@\n");

      for (guint q = hunk_start; q < hunk_end; q++)
        {
          Op *op = &g_array_index (ops, Op, q);

          if (op->kind == OP_SAME)
            append_line (out, ' ', &g_array_index (old_lines, Line, op->old_index));
          else if (op->kind == OP_DELETE)
            append_line (out, '-', &g_array_index (old_lines, Line, op->old_index));
          else
            append_line (out, '+', &g_array_index (new_lines, Line, op->new_index));
        }

      k = hunk_end;
    }

  return g_string_free (out, FALSE);
}
