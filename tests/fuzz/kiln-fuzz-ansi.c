#include "config.h"

#include <string.h>

#include "kiln-ansi.h"
#include "kiln-fuzz.h"

/* Whatever bytes a project prints, the parser yields valid UTF-8 with
 * spans inside it, and stripping agrees with parsing. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GArray) spans = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *stripped = NULL;
  gsize length;

  kiln_fuzz_init_once ();
  plain = kiln_ansi_parse ((const char *) data, size, &spans);
  stripped = kiln_ansi_strip ((const char *) data, size);

  g_assert_nonnull (plain);
  length = strlen (plain);
  g_assert_true (g_utf8_validate (plain, length, NULL));
  g_assert_cmpstr (stripped, ==, plain);

  for (guint i = 0; spans != NULL && i < spans->len; i++)
    {
      const KilnAnsiSpan *span = &g_array_index (spans, KilnAnsiSpan, i);

      g_assert_cmpuint (span->start, <=, span->end);
      g_assert_cmpuint (span->end, <=, length);
    }

  return 0;
}
