#define G_LOG_DOMAIN "kiln-ui"

#include "config.h"

#include "kiln-ansi-attrs.h"

/* Mid-tone colours, legible on both light and dark backgrounds. */
static const guint32 palette[16] = {
  0x5e5c64, 0xe01b24, 0x2ec27e, 0xc88800, 0x3584e4, 0x9141ac, 0x2190a4, 0x9a9996,
  0x77767b, 0xf66151, 0x33d17a, 0xe5a50a, 0x62a0ea, 0xc061cb, 0x4fc3cf, 0xdeddda,
};

static guint32
index_to_rgb (guint n)
{
  static const guint steps[6] = { 0, 95, 135, 175, 215, 255 };

  if (n < 16)
    return palette[n];

  if (n < 232)
    {
      n -= 16;
      return (steps[n / 36] << 16) | (steps[(n / 6) % 6] << 8) | steps[n % 6];
    }

  n = 8 + (n - 232) * 10;
  return (n << 16) | (n << 8) | n;
}

static void
insert (PangoAttrList      *attrs,
        PangoAttribute     *attr,
        const KilnAnsiSpan *span)
{
  attr->start_index = span->start;
  attr->end_index = span->end;
  pango_attr_list_insert (attrs, attr);
}

static void
insert_color (PangoAttrList       *attrs,
              const KilnAnsiColor *color,
              gboolean             foreground,
              const KilnAnsiSpan  *span)
{
  guint32 rgb;
  guint16 r, g, b;

  if (color->kind == KILN_ANSI_COLOR_DEFAULT)
    return;

  rgb = color->kind == KILN_ANSI_COLOR_RGB ? color->value : index_to_rgb (MIN (color->value, 255));
  r = ((rgb >> 16) & 0xff) * 257;
  g = ((rgb >> 8) & 0xff) * 257;
  b = (rgb & 0xff) * 257;
  insert (attrs, foreground ? pango_attr_foreground_new (r, g, b) : pango_attr_background_new (r, g, b), span);
}

/* The engine's colour and style spans as Pango attributes; NULL without
 * spans. */
PangoAttrList *
kiln_ansi_attrs_new (const KilnAnsiSpan *spans,
                     guint               n_spans)
{
  PangoAttrList *attrs;

  if (n_spans == 0)
    return NULL;

  attrs = pango_attr_list_new ();
  for (guint i = 0; i < n_spans; i++)
    {
      const KilnAnsiSpan *span = &spans[i];

      insert_color (attrs, &span->foreground, TRUE, span);
      insert_color (attrs, &span->background, FALSE, span);
      if (span->flags & KILN_ANSI_STYLE_BOLD)
        insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD), span);
      if (span->flags & KILN_ANSI_STYLE_DIM)
        insert (attrs, pango_attr_foreground_alpha_new (40000), span);
      if (span->flags & KILN_ANSI_STYLE_ITALIC)
        insert (attrs, pango_attr_style_new (PANGO_STYLE_ITALIC), span);
      if (span->flags & KILN_ANSI_STYLE_UNDERLINE)
        insert (attrs, pango_attr_underline_new (PANGO_UNDERLINE_SINGLE), span);
    }

  return attrs;
}
