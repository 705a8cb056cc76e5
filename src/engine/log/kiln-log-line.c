#define G_LOG_DOMAIN "kiln-log"

#include "config.h"

#include <string.h>

#include "kiln-log-line.h"
#include "kiln-log-private.h"

struct _KilnLogLine
{
  GObject     parent_instance;

  char       *text;
  char       *plain_text;
  GArray     *spans;
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
  PROP_PLAIN_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KilnLogLine, kiln_log_line, G_TYPE_OBJECT)

static void
kiln_log_line_finalize (GObject *object)
{
  KilnLogLine *self = KILN_LOG_LINE (object);

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->plain_text, g_free);
  g_clear_pointer (&self->spans, g_array_unref);
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
    case PROP_PLAIN_TEXT:
      g_value_set_string (value, kiln_log_line_get_plain_text (self));
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
  properties[PROP_PLAIN_TEXT] =
    g_param_spec_string ("plain-text", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiln_log_line_init (KilnLogLine *self)
{
}

/* Lines are immutable, so every field is set here once and the properties
 * are read-only. */
KilnLogLine *
kiln_log_line_new_len (guint        number,
                       KilnStream   stream,
                       const char  *step,
                       gint64       timestamp_us,
                       const char  *text,
                       gsize        length)
{
  KilnLogLine *self = g_object_new (KILN_TYPE_LOG_LINE, NULL);

  self->number = number;
  self->stream = stream;
  self->step = g_strdup (step);
  self->timestamp_us = timestamp_us;
  self->text = g_strndup (text, length);
  if (!kiln_ansi_is_plain (text, length))
    self->plain_text = kiln_ansi_parse (text, length, &self->spans);

  return self;
}

KilnLogLine *
kiln_log_line_new (guint        number,
                   KilnStream   stream,
                   const char  *step,
                   gint64       timestamp_us,
                   const char  *text)
{
  if (text == NULL)
    text = "";

  return kiln_log_line_new_len (number, stream, step, timestamp_us, text, strlen (text));
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

/* Plain text is what searching, filtering, saving and the problem parser
 * read, and what the view shows: one parse, at creation, so it is the same
 * text everywhere. */
const char *
kiln_log_line_get_plain_text (KilnLogLine *self)
{
  g_return_val_if_fail (KILN_IS_LOG_LINE (self), NULL);
  return self->plain_text ? self->plain_text : self->text;
}

/* The styled runs of the plain text; NULL when nothing is styled. */
const KilnAnsiSpan *
kiln_log_line_get_spans (KilnLogLine *self,
                         guint       *n_spans)
{
  g_return_val_if_fail (KILN_IS_LOG_LINE (self), NULL);
  g_return_val_if_fail (n_spans != NULL, NULL);

  *n_spans = self->spans ? self->spans->len : 0;
  return self->spans ? (const KilnAnsiSpan *) self->spans->data : NULL;
}
