#define G_LOG_DOMAIN "kiln-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <unistd.h>

#include "kiln-cli-private.h"

/* printf pads by bytes; translated words need padding by characters. */
char *
kiln_cli_pad (const char *text,
              glong       width)
{
  glong length = g_utf8_strlen (text, -1);
  g_autofree char *padding = g_strnfill (length < width ? width - length : 0, ' ');

  return g_strconcat (text, padding, NULL);
}

/* Lines values up in one column, or keeps one space after a longer label. */
void
kiln_cli_print_field (const char *label,
                      const char *value)
{
  glong width = g_utf8_strlen (label, -1);
  g_autofree char *padded = kiln_cli_pad (label, width < 18 ? 18 : width + 1);

  g_print ("%s %s\n", padded, value != NULL ? value : "");
}

void
kiln_cli_progress_init (KilnCliProgress *progress)
{
  progress->is_tty = isatty (STDERR_FILENO);
  progress->drawn = FALSE;
  progress->last_step = NULL;
}

void
kiln_cli_progress_draw (KilnCliProgress *progress,
                        KilnBuild       *build)
{
  KilnBuildStep *step = kiln_build_get_current_step (build);
  const char *title = step != NULL ? kiln_build_step_get_title (step) : "";
  double fraction = kiln_build_get_progress (build);

  if (progress->is_tty)
    {
      const int width = 30;
      int filled = (int) (fraction * width + 0.5);
      g_autofree char *bar = g_strnfill (filled, '#');
      g_autofree char *rest = g_strnfill (width - filled, '-');

      g_printerr ("\r\033[K[%s%s] %3d%% %s", bar, rest, (int) (fraction * 100 + 0.5), title);
      progress->drawn = TRUE;
    }
  else if (step != NULL && g_strcmp0 (progress->last_step, kiln_build_step_get_id (step)) != 0)
    {
      g_free (progress->last_step);
      progress->last_step = g_strdup (kiln_build_step_get_id (step));
      g_printerr (_("kiln: %s…\n"), title);
    }
}

void
kiln_cli_progress_erase (KilnCliProgress *progress)
{
  if (progress->drawn)
    {
      g_printerr ("\r\033[K");
      progress->drawn = FALSE;
    }
}

void
kiln_cli_progress_clear (KilnCliProgress *progress)
{
  g_clear_pointer (&progress->last_step, g_free);
}
