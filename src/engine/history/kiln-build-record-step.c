#define G_LOG_DOMAIN "kiln-history"

#include "config.h"

#include "kiln-build-record-step.h"

struct _KilnBuildRecordStep
{
  GObject parent_instance;
  char *id;
  char *state;
  gint64 duration_ms;
};

enum {
  STEP_PROP_0,
  STEP_PROP_ID,
  STEP_PROP_STATE,
  STEP_PROP_DURATION_MS,
  STEP_N_PROPS
};

static GParamSpec *step_properties[STEP_N_PROPS];

G_DEFINE_FINAL_TYPE (KilnBuildRecordStep, kiln_build_record_step, G_TYPE_OBJECT)

static void
kiln_build_record_step_finalize (GObject *object)
{
  KilnBuildRecordStep *self = (KilnBuildRecordStep *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->state, g_free);

  G_OBJECT_CLASS (kiln_build_record_step_parent_class)->finalize (object);
}

static void
kiln_build_record_step_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  KilnBuildRecordStep *self = KILN_BUILD_RECORD_STEP (object);

  switch (prop_id)
    {
    case STEP_PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case STEP_PROP_STATE:
      g_value_set_string (value, self->state);
      break;
    case STEP_PROP_DURATION_MS:
      g_value_set_int64 (value, self->duration_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_build_record_step_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  KilnBuildRecordStep *self = KILN_BUILD_RECORD_STEP (object);

  switch (prop_id)
    {
    case STEP_PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case STEP_PROP_STATE:
      self->state = g_value_dup_string (value);
      break;
    case STEP_PROP_DURATION_MS:
      self->duration_ms = g_value_get_int64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_build_record_step_class_init (KilnBuildRecordStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kiln_build_record_step_finalize;
  object_class->get_property = kiln_build_record_step_get_property;
  object_class->set_property = kiln_build_record_step_set_property;

  step_properties[STEP_PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  step_properties[STEP_PROP_STATE] = g_param_spec_string ("state", NULL, NULL, NULL, flags);
  step_properties[STEP_PROP_DURATION_MS] =
    g_param_spec_int64 ("duration-ms", NULL, NULL, -1, G_MAXINT64, -1, flags);

  g_object_class_install_properties (object_class, STEP_N_PROPS, step_properties);
}

static void
kiln_build_record_step_init (KilnBuildRecordStep *self)
{
  self->duration_ms = -1;
}

const char *
kiln_build_record_step_get_id (KilnBuildRecordStep *self)
{
  g_return_val_if_fail (KILN_IS_BUILD_RECORD_STEP (self), NULL);
  return self->id;
}

const char *
kiln_build_record_step_get_state (KilnBuildRecordStep *self)
{
  g_return_val_if_fail (KILN_IS_BUILD_RECORD_STEP (self), NULL);
  return self->state;
}

gint64
kiln_build_record_step_get_duration_ms (KilnBuildRecordStep *self)
{
  g_return_val_if_fail (KILN_IS_BUILD_RECORD_STEP (self), -1);
  return self->duration_ms;
}
