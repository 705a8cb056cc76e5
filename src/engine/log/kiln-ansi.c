#define G_LOG_DOMAIN "kiln-log"

#include "config.h"

#include <string.h>

#include "kiln-ansi.h"

#define ESC 0x1b
#define MAX_SGR_PARAMS 16
#define REPLACEMENT_CHARACTER "\357\277\275"

typedef struct
{
  KilnAnsiColor      foreground;
  KilnAnsiColor      background;
  KilnAnsiStyleFlags flags;
} Style;

typedef struct
{
  GString *out;
  GArray  *spans;
  Style    style;
  gsize    span_start;
} Parser;

/* Tabs stay; every other C0 control and DEL goes, so that no plain text can
 * move a terminal's cursor or ring its bell. */
static inline gboolean
is_control (guchar c)
{
  return (c < 0x20 && c != '\t') || c == 0x7f;
}

static inline gboolean
is_printable_ascii (guchar c)
{
  return (c >= 0x20 && c < 0x7f) || c == '\t';
}

/* Every byte of a multi-byte UTF-8 sequence is >= 0x80, so a maximal run of
 * such bytes is valid exactly when it is whole sequences. */
static const guchar *
find_high_run_end (const guchar *p,
                   const guchar *end)
{
  while (p < end && *p >= 0x80)
    p++;
  return p;
}

/* U+0080 to U+009F (C2 80 to C2 9F) are the C1 controls; U+009B is a CSI to
 * some terminals. In valid UTF-8, C2 is always a lead byte. */
static gboolean
high_run_is_plain (const guchar *p,
                   const guchar *end)
{
  if (!g_utf8_validate_len ((const char *) p, end - p, NULL))
    return FALSE;

  for (; p + 1 < end; p++)
    {
      if (p[0] == 0xc2 && p[1] <= 0x9f)
        return FALSE;
    }

  return TRUE;
}

static void
append_high_run (GString      *out,
                 const guchar *p,
                 const guchar *end)
{
  if (high_run_is_plain (p, end))
    {
      g_string_append_len (out, (const char *) p, end - p);
      return;
    }

  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated ((const char *) p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append (out, REPLACEMENT_CHARACTER);
          p++;
          continue;
        }

      if (c > 0x9f)
        g_string_append_len (out, (const char *) p, g_utf8_skip[*p]);
      p += g_utf8_skip[*p];
    }
}

/* Plain text is what every reader of the log gets: valid UTF-8 without
 * escape sequences or control characters other than tabs. */
gboolean
kiln_ansi_is_plain (const char *text,
                    gsize       length)
{
  const guchar *p = (const guchar *) text;
  const guchar *end = p + length;

  while (p < end)
    {
      if (*p >= 0x80)
        {
          const guchar *run_end = find_high_run_end (p, end);

          if (!high_run_is_plain (p, run_end))
            return FALSE;
          p = run_end;
        }
      else if (is_control (*p))
        return FALSE;
      else
        p++;
    }

  return TRUE;
}

static void
style_reset (Style *style)
{
  memset (style, 0, sizeof *style);
}

static gboolean
style_is_plain (const Style *style)
{
  return style->foreground.kind == KILN_ANSI_COLOR_DEFAULT &&
         style->background.kind == KILN_ANSI_COLOR_DEFAULT &&
         style->flags == 0;
}

static void
end_span (Parser *parser)
{
  KilnAnsiSpan span;

  if (parser->out->len == parser->span_start || style_is_plain (&parser->style))
    return;

  span.start = parser->span_start;
  span.end = parser->out->len;
  span.foreground = parser->style.foreground;
  span.background = parser->style.background;
  span.flags = parser->style.flags;
  g_array_append_val (parser->spans, span);
}

static void
set_color (KilnAnsiColor     *color,
           KilnAnsiColorKind  kind,
           guint32            value)
{
  color->kind = kind;
  color->value = value;
}

/* 38;5;N and 38;2;R;G;B (48 for the background); returns how many
 * parameters after @i it used, or -1 when they are incomplete. */
static int
apply_extended_color (KilnAnsiColor *color,
                      const int     *params,
                      guint          n_params,
                      guint          i)
{
  if (i + 2 < n_params && params[i + 1] == 5)
    {
      set_color (color, KILN_ANSI_COLOR_INDEX, CLAMP (params[i + 2], 0, 255));
      return 2;
    }

  if (i + 4 < n_params && params[i + 1] == 2)
    {
      set_color (color, KILN_ANSI_COLOR_RGB,
                 (CLAMP (params[i + 2], 0, 255) << 16) |
                 (CLAMP (params[i + 3], 0, 255) << 8) |
                 CLAMP (params[i + 4], 0, 255));
      return 4;
    }

  return -1;
}

static void
apply_sgr (Style     *style,
           const int *params,
           guint      n_params)
{
  for (guint i = 0; i < n_params; i++)
    {
      int p = params[i];

      if (p == 0)
        style_reset (style);
      else if (p == 1)
        style->flags |= KILN_ANSI_STYLE_BOLD;
      else if (p == 2)
        style->flags |= KILN_ANSI_STYLE_DIM;
      else if (p == 3)
        style->flags |= KILN_ANSI_STYLE_ITALIC;
      else if (p == 4)
        style->flags |= KILN_ANSI_STYLE_UNDERLINE;
      else if (p == 22)
        style->flags &= ~(KILN_ANSI_STYLE_BOLD | KILN_ANSI_STYLE_DIM);
      else if (p == 23)
        style->flags &= ~KILN_ANSI_STYLE_ITALIC;
      else if (p == 24)
        style->flags &= ~KILN_ANSI_STYLE_UNDERLINE;
      else if (p >= 30 && p <= 37)
        set_color (&style->foreground, KILN_ANSI_COLOR_INDEX, p - 30);
      else if (p == 39)
        set_color (&style->foreground, KILN_ANSI_COLOR_DEFAULT, 0);
      else if (p >= 40 && p <= 47)
        set_color (&style->background, KILN_ANSI_COLOR_INDEX, p - 40);
      else if (p == 49)
        set_color (&style->background, KILN_ANSI_COLOR_DEFAULT, 0);
      else if (p >= 90 && p <= 97)
        set_color (&style->foreground, KILN_ANSI_COLOR_INDEX, p - 90 + 8);
      else if (p >= 100 && p <= 107)
        set_color (&style->background, KILN_ANSI_COLOR_INDEX, p - 100 + 8);
      else if (p == 38 || p == 48)
        {
          int used = apply_extended_color (p == 38 ? &style->foreground : &style->background,
                                           params, n_params, i);
          if (used < 0)
            break;
          i += used;
        }
    }
}

/* Only plain SGR (digits and semicolons) styles text; sub-parameters with
 * colons and private forms such as "\033[>4m" are dropped unapplied. */
static void
parse_sgr (Parser       *parser,
           const guchar *p,
           const guchar *end)
{
  int params[MAX_SGR_PARAMS];
  guint n_params = 0;
  int value = 0;

  for (const guchar *q = p; q < end; q++)
    {
      if (!g_ascii_isdigit (*q) && *q != ';')
        return;
    }

  for (const guchar *q = p; ; q++)
    {
      if (q == end || *q == ';')
        {
          if (n_params < MAX_SGR_PARAMS)
            params[n_params++] = value;
          value = 0;
          if (q == end)
            break;
        }
      else
        value = MIN (value * 10 + (*q - '0'), 100000);
    }

  end_span (parser);
  apply_sgr (&parser->style, params, n_params);
  parser->span_start = parser->out->len;
}

/* ESC [ parameters intermediates final. Other CSI sequences (cursor moves,
 * erasing the line) mean nothing in a log and go. A sequence broken off by
 * another byte ends there and the text resumes with that byte. */
static const guchar *
parse_csi (Parser       *parser,
           const guchar *p,
           const guchar *end)
{
  const guchar *params = p;
  const guchar *params_end;

  while (p < end && *p >= 0x30 && *p <= 0x3f)
    p++;
  params_end = p;
  while (p < end && *p >= 0x20 && *p <= 0x2f)
    p++;

  if (p == end || *p < 0x40 || *p > 0x7e)
    return p;

  if (*p == 'm' && p == params_end && parser->spans != NULL)
    parse_sgr (parser, params, params_end);

  return p + 1;
}

/* OSC, DCS, SOS, PM and APC run to BEL or ESC \ (hyperlinks, titles). */
static const guchar *
skip_string_command (const guchar *p,
                     const guchar *end)
{
  for (; p < end; p++)
    {
      if (*p == '\a')
        return p + 1;
      if (*p == ESC && p + 1 < end && p[1] == '\\')
        return p + 2;
    }

  return end;
}

/* @p is just after an ESC; returns where the text resumes. */
static const guchar *
parse_escape (Parser       *parser,
              const guchar *p,
              const guchar *end)
{
  if (p == end)
    return end;

  switch (*p)
    {
    case '[':
      return parse_csi (parser, p + 1, end);

    case ']': case 'P': case 'X': case '^': case '_':
      return skip_string_command (p + 1, end);

    default:
      /* nF sequences such as "\033(B": intermediates, then a final byte. */
      while (p < end && *p >= 0x20 && *p <= 0x2f)
        p++;
      if (p < end && *p >= 0x30 && *p <= 0x7e)
        return p + 1;
      /* Before a control or a non-ASCII byte only the ESC goes, so that
       * "\033é" keeps its é whole. */
      return p;
    }
}

/* Returns @text as plain text (see kiln_ansi_is_plain()): escape sequences
 * removed, invalid UTF-8 replaced by U+FFFD. With @spans, SGR colours and
 * styles come back as spans over the plain text, or NULL when nothing is
 * styled. */
char *
kiln_ansi_parse (const char  *text,
                 gssize       length,
                 GArray     **spans)
{
  Parser parser = { 0 };
  const guchar *p;
  const guchar *end;

  if (spans != NULL)
    *spans = NULL;

  g_return_val_if_fail (text != NULL || length <= 0, NULL);

  if (text == NULL)
    return g_strdup ("");
  if (length < 0)
    length = strlen (text);
  if (kiln_ansi_is_plain (text, length))
    return g_strndup (text, length);

  parser.out = g_string_sized_new (length);
  if (spans != NULL)
    parser.spans = g_array_new (FALSE, FALSE, sizeof (KilnAnsiSpan));
  style_reset (&parser.style);

  p = (const guchar *) text;
  end = p + length;
  while (p < end)
    {
      const guchar *run_end = p;

      if (*p == ESC)
        run_end = parse_escape (&parser, p + 1, end);
      else if (*p >= 0x80)
        {
          run_end = find_high_run_end (p, end);
          append_high_run (parser.out, p, run_end);
        }
      else if (is_control (*p))
        run_end = p + 1;
      else
        {
          while (run_end < end && is_printable_ascii (*run_end))
            run_end++;
          g_string_append_len (parser.out, (const char *) p, run_end - p);
        }
      p = run_end;
    }

  if (parser.spans != NULL)
    {
      end_span (&parser);
      if (parser.spans->len > 0)
        *spans = parser.spans;
      else
        g_array_unref (parser.spans);
    }

  return g_string_free (parser.out, FALSE);
}

char *
kiln_ansi_strip (const char *text,
                 gssize      length)
{
  return kiln_ansi_parse (text, length, NULL);
}
