#include "config.h"

#include "kiln-fuzz.h"

void
kiln_fuzz_init_once (void)
{
  static gsize initialised;

  if (g_once_init_enter (&initialised))
    {
      /* Untrusted input must never reach a precondition check. */
      g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
      g_once_init_leave (&initialised, 1);
    }
}
