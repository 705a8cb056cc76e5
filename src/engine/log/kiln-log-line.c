#define G_LOG_DOMAIN "kiln-log"

#include "config.h"

#include <string.h>

#include "kiln-log-line.h"

struct _KilnLogLine
{
  GObject     parent_instance;

  char       *text;
  char       *step;
  gint64      timestamp_us;
  guint       number;
  KilnStream  stream;
};

enum {
  PROP_0,
  PROP_NUMBER,
  PROP_STREAM,
  PROP_STEP,
  PROP_TIMESTAMP,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KilnLogLine, kiln_log_line, G_TYPE_OBJECT)

static void
kiln_log_line_finalize (GObject *object)
{
  KilnLogLine *self = KILN_LOG_LINE (object);

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->step, g_free);

  G_OBJECT_CLASS (kiln_log_line_parent_class)->finalize (object);
}

static void
kiln_log_line_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KilnLogLine *self = KILN_LOG_LINE (object);

  switch (prop_id)
    {
    case PROP_NUMBER:
      g_value_set_uint (value, self->number);
      break;
    case PROP_STREAM:
      g_value_set_uint (value, self->stream);
      break;
    case PROP_STEP:
      g_value_set_string (value, self->step);
      break;
    case PROP_TIMESTAMP:
      g_value_set_int64 (value, self->timestamp_us);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_log_line_class_init (KilnLogLineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kiln_log_line_finalize;
  object_class->get_property = kiln_log_line_get_property;

  properties[PROP_NUMBER] =
    g_param_spec_uint ("number", NULL, NULL, 0, G_MAXUINT, 0, flags);
  /* A KilnStream value: 0 for stdout, 1 for stderr. */
  properties[PROP_STREAM] =
    g_param_spec_uint ("stream", NULL, NULL, KILN_STREAM_STDOUT, KILN_STREAM_STDERR,
                       KILN_STREAM_STDOUT, flags);
  properties[PROP_STEP] =
    g_param_spec_string ("step", NULL, NULL, NULL, flags);
  properties[PROP_TIMESTAMP] =
    g_param_spec_int64 ("timestamp", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiln_log_line_init (KilnLogLine *self)
{
}

/* Lines are immutable, so every field is set here once and the properties
 * are read-only. */
KilnLogLine *
kiln_log_line_new (guint        number,
                   KilnStream   stream,
                   const char  *step,
                   gint64       timestamp_us,
                   const char  *text)
{
  KilnLogLine *self = g_object_new (KILN_TYPE_LOG_LINE, NULL);

  self->number = number;
  self->stream = stream;
  self->step = g_strdup (step);
  self->timestamp_us = timestamp_us;
  self->text = g_strdup (text ? text : "");

  return self;
}

guint
kiln_log_line_get_number (KilnLogLine *self)
{
  g_return_val_if_fail (KILN_IS_LOG_LINE (self), 0);
  return self->number;
}

KilnStream
kiln_log_line_get_stream (KilnLogLine *self)
{
  g_return_val_if_fail (KILN_IS_LOG_LINE (self), KILN_STREAM_STDOUT);
  return self->stream;
}

const char *
kiln_log_line_get_step (KilnLogLine *self)
{
  g_return_val_if_fail (KILN_IS_LOG_LINE (self), NULL);
  return self->step;
}

gint64
kiln_log_line_get_timestamp (KilnLogLine *self)
{
  g_return_val_if_fail (KILN_IS_LOG_LINE (self), 0);
  return self->timestamp_us;
}

const char *
kiln_log_line_get_text (KilnLogLine *self)
{
  g_return_val_if_fail (KILN_IS_LOG_LINE (self), NULL);
  return self->text;
}

char *
kiln_log_line_dup_plain_text (KilnLogLine *self)
{
  g_return_val_if_fail (KILN_IS_LOG_LINE (self), NULL);
  return kiln_log_strip_ansi (self->text, -1);
}

/* Skips one escape sequence starting just after ESC; returns where the
 * visible text resumes. CSI (ESC [ ... final), string commands such as OSC
 * (ESC ] ... BEL or ESC \), nF sequences and two-byte escapes. */
static const char *
skip_escape (const char *p,
             const char *end)
{
  if (p >= end)
    return end;

  switch (*p)
    {
    case '[':
      p++;
      while (p < end && *p >= 0x20 && *p <= 0x3f)
        p++;
      if (p < end && *p >= 0x40 && *p <= 0x7e)
        p++;
      return p;

    case ']': case 'P': case 'X': case '^': case '_':
      for (p++; p < end; p++)
        {
          if (*p == '\a')
            return p + 1;
          if (*p == '\033' && p + 1 < end && p[1] == '\\')
            return p + 2;
        }
      return end;

    default:
      while (p < end && *p >= 0x20 && *p <= 0x2f)
        p++;
      return p < end ? p + 1 : end;
    }
}

char *
kiln_log_strip_ansi (const char *text,
                     gssize      length)
{
  const char *end;
  const char *p = text;
  GString *out;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  if (text == NULL)
    return g_strdup ("");
  if (length < 0)
    length = strlen (text);

  end = text + length;
  out = g_string_sized_new (length);

  while (p < end)
    {
      const char *escape = memchr (p, '\033', end - p);

      if (escape == NULL)
        {
          g_string_append_len (out, p, end - p);
          break;
        }

      g_string_append_len (out, p, escape - p);
      p = skip_escape (escape + 1, end);
    }

  return g_string_free (out, FALSE);
}
