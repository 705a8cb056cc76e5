#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  KILN_ANSI_COLOR_DEFAULT,
  KILN_ANSI_COLOR_INDEX,   /* value: 0–15 the terminal's colours, 16–255 xterm's cube and greys */
  KILN_ANSI_COLOR_RGB,     /* value: 0xRRGGBB */
} KilnAnsiColorKind;

typedef struct
{
  KilnAnsiColorKind kind;
  guint32           value;
} KilnAnsiColor;

typedef enum
{
  KILN_ANSI_STYLE_BOLD      = 1 << 0,
  KILN_ANSI_STYLE_DIM       = 1 << 1,
  KILN_ANSI_STYLE_ITALIC    = 1 << 2,
  KILN_ANSI_STYLE_UNDERLINE = 1 << 3,
} KilnAnsiStyleFlags;

/* A run of the plain text, in byte offsets, drawn in one style. */
typedef struct
{
  guint              start;
  guint              end;
  KilnAnsiColor      foreground;
  KilnAnsiColor      background;
  KilnAnsiStyleFlags flags;
} KilnAnsiSpan;

char     *kiln_ansi_parse    (const char  *text,
                              gssize       length,
                              GArray     **spans);
char     *kiln_ansi_strip    (const char  *text,
                              gssize       length);
gboolean  kiln_ansi_is_plain (const char  *text,
                              gsize        length);

G_END_DECLS
