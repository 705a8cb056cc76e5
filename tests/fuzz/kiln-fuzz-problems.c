#include "config.h"

#include <gio/gio.h>

#include "kiln-fuzz.h"
#include "kiln-problem.h"
#include "kiln-problem-list-private.h"

/* Compiler output of any shape: every problem found has a message, and a
 * file only with a line. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(KilnProblemList) problems = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_items;

  kiln_fuzz_init_once ();
  text = g_utf8_make_valid ((const char *) data, size);
  lines = g_strsplit (text, "\n", -1);
  problems = kiln_problem_list_new ();

  for (guint i = 0; lines[i] != NULL; i++)
    kiln_problem_list_feed (problems, lines[i], i);

  n_items = g_list_model_get_n_items (G_LIST_MODEL (problems));
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(KilnProblem) problem = g_list_model_get_item (G_LIST_MODEL (problems), i);

      g_assert_nonnull (kiln_problem_get_message (problem));
      g_assert_true (g_utf8_validate (kiln_problem_get_message (problem), -1, NULL));
    }

  return 0;
}
