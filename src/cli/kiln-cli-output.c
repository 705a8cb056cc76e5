#define G_LOG_DOMAIN "kiln-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "kiln-ansi.h"
#include "kiln-cli-private.h"

/* Whatever Kiln prints may carry project text (log lines, Mix's messages,
 * diffs of rel/ files): each line goes out as plain text, so no escape
 * sequence of the project's reaches the terminal. Kiln's own progress bar
 * writes its escapes with fputs, past this filter. */
static void
write_plain (FILE       *stream,
             const char *text)
{
  const char *charset;
  g_autoptr(GString) plain = g_string_sized_new (strlen (text));

  for (const char *line = text; *line != '\0';)
    {
      const char *newline = strchr (line, '\n');
      gsize length = newline != NULL ? (gsize) (newline - line) : strlen (line);
      g_autofree char *stripped = kiln_ansi_strip (line, length);

      g_string_append (plain, stripped);
      if (newline == NULL)
        break;
      g_string_append_c (plain, '\n');
      line = newline + 1;
    }

  if (!g_get_charset (&charset))
    {
      g_autofree char *converted = g_convert_with_fallback (plain->str, plain->len, charset, "UTF-8",
                                                            "?", NULL, NULL, NULL);
      if (converted != NULL)
        {
          fputs (converted, stream);
          fflush (stream);
          return;
        }
    }

  fputs (plain->str, stream);
  fflush (stream);
}

static void
print_plain (const char *text)
{
  write_plain (stdout, text);
}

static void
printerr_plain (const char *text)
{
  write_plain (stderr, text);
}

void
kiln_cli_filter_output (void)
{
  g_set_print_handler (print_plain);
  g_set_printerr_handler (printerr_plain);
}

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

      g_autofree char *line = g_strdup_printf ("[%s%s] %3d%% %s", bar, rest, (int) (fraction * 100 + 0.5), title);

      fputs ("\r\033[K", stderr);
      g_printerr ("%s", line);
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
      fputs ("\r\033[K", stderr);
      fflush (stderr);
      progress->drawn = FALSE;
    }
}

void
kiln_cli_progress_clear (KilnCliProgress *progress)
{
  g_clear_pointer (&progress->last_step, g_free);
}
