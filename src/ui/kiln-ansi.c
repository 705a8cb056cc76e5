#define G_LOG_DOMAIN "kiln-ui"

#include "config.h"

#include <string.h>

#include "kiln-ansi.h"

typedef struct
{
  int      fg;        /* palette index, or -1 */
  int      bg;
  guint32  fg_rgb;    /* 0xRRGGBB with bit 24 set when used */
  guint32  bg_rgb;
  gboolean bold;
  gboolean dim;
  gboolean italic;
  gboolean underline;
} Style;

/* Mid-tone colours, legible on both light and dark backgrounds. */
static const guint32 palette[16] = {
  0x5e5c64, 0xe01b24, 0x2ec27e, 0xc88800, 0x3584e4, 0x9141ac, 0x2190a4, 0x9a9996,
  0x77767b, 0xf66151, 0x33d17a, 0xe5a50a, 0x62a0ea, 0xc061cb, 0x4fc3cf, 0xdeddda,
};

static guint32
xterm_256 (int n)
{
  if (n < 16)
    return palette[n];

  if (n < 232)
    {
      static const int steps[6] = { 0, 95, 135, 175, 215, 255 };
      n -= 16;
      return (steps[n / 36] << 16) | (steps[(n / 6) % 6] << 8) | steps[n % 6];
    }

  n = 8 + (n - 232) * 10;
  return (n << 16) | (n << 8) | n;
}

static gboolean
style_is_plain (const Style *style)
{
  return style->fg < 0 && style->bg < 0 && style->fg_rgb == 0 && style->bg_rgb == 0 &&
         !style->bold && !style->dim && !style->italic && !style->underline;
}

static void
style_reset (Style *style)
{
  memset (style, 0, sizeof *style);
  style->fg = -1;
  style->bg = -1;
}

static void
add_colour (PangoAttrList *attrs,
            gboolean       foreground,
            guint32        rgb,
            guint          start,
            guint          end)
{
  guint16 r = ((rgb >> 16) & 0xff) * 257;
  guint16 g = ((rgb >> 8) & 0xff) * 257;
  guint16 b = (rgb & 0xff) * 257;
  PangoAttribute *attr = foreground ? pango_attr_foreground_new (r, g, b)
                                    : pango_attr_background_new (r, g, b);

  attr->start_index = start;
  attr->end_index = end;
  pango_attr_list_insert (attrs, attr);
}

static void
emit_span (PangoAttrList **attrs,
           const Style    *style,
           guint           start,
           guint           end)
{
  PangoAttribute *attr;

  if (start == end || style_is_plain (style))
    return;

  if (*attrs == NULL)
    *attrs = pango_attr_list_new ();

  if (style->fg_rgb)
    add_colour (*attrs, TRUE, style->fg_rgb & 0xffffff, start, end);
  else if (style->fg >= 0)
    add_colour (*attrs, TRUE, palette[style->fg], start, end);

  if (style->bg_rgb)
    add_colour (*attrs, FALSE, style->bg_rgb & 0xffffff, start, end);
  else if (style->bg >= 0)
    add_colour (*attrs, FALSE, palette[style->bg], start, end);

  if (style->bold)
    {
      attr = pango_attr_weight_new (PANGO_WEIGHT_BOLD);
      attr->start_index = start;
      attr->end_index = end;
      pango_attr_list_insert (*attrs, attr);
    }
  if (style->dim)
    {
      attr = pango_attr_foreground_alpha_new (40000);
      attr->start_index = start;
      attr->end_index = end;
      pango_attr_list_insert (*attrs, attr);
    }
  if (style->italic)
    {
      attr = pango_attr_style_new (PANGO_STYLE_ITALIC);
      attr->start_index = start;
      attr->end_index = end;
      pango_attr_list_insert (*attrs, attr);
    }
  if (style->underline)
    {
      attr = pango_attr_underline_new (PANGO_UNDERLINE_SINGLE);
      attr->start_index = start;
      attr->end_index = end;
      pango_attr_list_insert (*attrs, attr);
    }
}

static void
apply_sgr (Style      *style,
           const int  *params,
           guint       n_params)
{
  if (n_params == 0)
    {
      style_reset (style);
      return;
    }

  for (guint i = 0; i < n_params; i++)
    {
      int p = params[i];

      if (p == 0)
        style_reset (style);
      else if (p == 1)
        style->bold = TRUE;
      else if (p == 2)
        style->dim = TRUE;
      else if (p == 3)
        style->italic = TRUE;
      else if (p == 4)
        style->underline = TRUE;
      else if (p == 22)
        style->bold = style->dim = FALSE;
      else if (p == 23)
        style->italic = FALSE;
      else if (p == 24)
        style->underline = FALSE;
      else if (p >= 30 && p <= 37)
        style->fg = p - 30, style->fg_rgb = 0;
      else if (p == 39)
        style->fg = -1, style->fg_rgb = 0;
      else if (p >= 40 && p <= 47)
        style->bg = p - 40, style->bg_rgb = 0;
      else if (p == 49)
        style->bg = -1, style->bg_rgb = 0;
      else if (p >= 90 && p <= 97)
        style->fg = p - 90 + 8, style->fg_rgb = 0;
      else if (p >= 100 && p <= 107)
        style->bg = p - 100 + 8, style->bg_rgb = 0;
      else if ((p == 38 || p == 48) && i + 1 < n_params)
        {
          guint32 rgb = 0;

          if (params[i + 1] == 5 && i + 2 < n_params)
            {
              rgb = xterm_256 (CLAMP (params[i + 2], 0, 255));
              i += 2;
            }
          else if (params[i + 1] == 2 && i + 4 < n_params)
            {
              rgb = (CLAMP (params[i + 2], 0, 255) << 16) |
                    (CLAMP (params[i + 3], 0, 255) << 8) |
                    CLAMP (params[i + 4], 0, 255);
              i += 4;
            }
          else
            break;

          if (p == 38)
            style->fg_rgb = rgb | (1u << 24);
          else
            style->bg_rgb = rgb | (1u << 24);
        }
    }
}

char *
kiln_ansi_parse (const char     *text,
                 PangoAttrList **attrs)
{
  GString *out;
  Style style;
  guint span_start = 0;
  const char *p = text;

  g_return_val_if_fail (attrs != NULL, NULL);

  *attrs = NULL;

  if (text == NULL)
    return g_strdup ("");

  if (strchr (text, '\033') == NULL)
    return g_strdup (text);

  out = g_string_sized_new (strlen (text));
  style_reset (&style);

  while (*p != '\0')
    {
      if (p[0] == '\033' && p[1] == '[')
        {
          int params[16];
          guint n_params = 0;
          int value = 0;
          gboolean have_value = FALSE;
          const char *q = p + 2;

          while (*q != '\0' && ((*q >= '0' && *q <= '9') || *q == ';' || *q == '?'))
            {
              if (*q == ';')
                {
                  if (n_params < G_N_ELEMENTS (params))
                    params[n_params++] = have_value ? value : 0;
                  value = 0;
                  have_value = FALSE;
                }
              else if (*q != '?')
                {
                  value = MIN (value * 10 + (*q - '0'), 100000);
                  have_value = TRUE;
                }
              q++;
            }
          if (have_value && n_params < G_N_ELEMENTS (params))
            params[n_params++] = value;

          if (*q == 'm')
            {
              emit_span (attrs, &style, span_start, out->len);
              apply_sgr (&style, params, n_params);
              span_start = out->len;
            }

          /* Other CSI sequences (cursor moves, erase line) have no meaning in a log. */
          p = *q != '\0' ? q + 1 : q;
        }
      else if (p[0] == '\033')
        p += p[1] != '\0' ? 2 : 1;
      else
        g_string_append_c (out, *p++);
    }

  emit_span (attrs, &style, span_start, out->len);

  return g_string_free (out, FALSE);
}
