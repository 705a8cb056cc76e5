#define G_LOG_DOMAIN "kiln-build"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kiln-build-step.h"

struct _KilnBuildStep
{
  GObject             parent_instance;

  char               *id;
  char               *title;
  char               *message;
  KilnBuildStepState  state;
  gint64              started_us;
  gint64              duration_ms;
};

G_DEFINE_FINAL_TYPE (KilnBuildStep, kiln_build_step, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (KilnBuildStepState, kiln_build_step_state,
                    G_DEFINE_ENUM_VALUE (KILN_BUILD_STEP_PENDING, "pending"),
                    G_DEFINE_ENUM_VALUE (KILN_BUILD_STEP_RUNNING, "running"),
                    G_DEFINE_ENUM_VALUE (KILN_BUILD_STEP_SUCCEEDED, "succeeded"),
                    G_DEFINE_ENUM_VALUE (KILN_BUILD_STEP_FAILED, "failed"),
                    G_DEFINE_ENUM_VALUE (KILN_BUILD_STEP_SKIPPED, "skipped"),
                    G_DEFINE_ENUM_VALUE (KILN_BUILD_STEP_CANCELLED, "cancelled"))

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_STATE,
  PROP_DURATION_MS,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* For people, translated; to_string is for files and JSON. */
const char *
kiln_build_step_state_to_label (KilnBuildStepState state)
{
  switch (state)
    {
    case KILN_BUILD_STEP_PENDING:   return C_("build step", "Pending");
    case KILN_BUILD_STEP_RUNNING:   return C_("build step", "Running");
    case KILN_BUILD_STEP_SUCCEEDED: return C_("build step", "Done");
    case KILN_BUILD_STEP_FAILED:    return C_("build step", "Failed");
    case KILN_BUILD_STEP_SKIPPED:   return C_("build step", "Skipped");
    case KILN_BUILD_STEP_CANCELLED: return C_("build step", "Cancelled");
    default:                        return NULL;
    }
}

const char *
kiln_build_step_state_to_string (KilnBuildStepState state)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (KILN_TYPE_BUILD_STEP_STATE);
  GEnumValue *value = g_enum_get_value (klass, state);

  return value != NULL ? value->value_nick : "pending";
}

static void
kiln_build_step_finalize (GObject *object)
{
  KilnBuildStep *self = KILN_BUILD_STEP (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (kiln_build_step_parent_class)->finalize (object);
}

static void
set_message (KilnBuildStep *self,
             const char    *message)
{
  if (g_strcmp0 (self->message, message) == 0)
    return;

  g_free (self->message);
  self->message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

static void
kiln_build_step_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KilnBuildStep *self = KILN_BUILD_STEP (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_DURATION_MS:
      g_value_set_int64 (value, self->duration_ms);
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_build_step_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  KilnBuildStep *self = KILN_BUILD_STEP (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;

    case PROP_TITLE:
      self->title = g_value_dup_string (value);
      break;

    case PROP_MESSAGE:
      set_message (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_build_step_class_init (KilnBuildStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kiln_build_step_finalize;
  object_class->get_property = kiln_build_step_get_property;
  object_class->set_property = kiln_build_step_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       KILN_TYPE_BUILD_STEP_STATE, KILN_BUILD_STEP_PENDING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DURATION_MS] =
    g_param_spec_int64 ("duration-ms", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiln_build_step_init (KilnBuildStep *self)
{
}

KilnBuildStep *
kiln_build_step_new (const char *id,
                     const char *title)
{
  g_return_val_if_fail (id != NULL, NULL);

  return g_object_new (KILN_TYPE_BUILD_STEP, "id", id, "title", title, NULL);
}

const char *
kiln_build_step_get_id (KilnBuildStep *self)
{
  g_return_val_if_fail (KILN_IS_BUILD_STEP (self), NULL);

  return self->id;
}

const char *
kiln_build_step_get_title (KilnBuildStep *self)
{
  g_return_val_if_fail (KILN_IS_BUILD_STEP (self), NULL);

  return self->title;
}

KilnBuildStepState
kiln_build_step_get_state (KilnBuildStep *self)
{
  g_return_val_if_fail (KILN_IS_BUILD_STEP (self), KILN_BUILD_STEP_PENDING);

  return self->state;
}

gint64
kiln_build_step_get_duration_ms (KilnBuildStep *self)
{
  g_return_val_if_fail (KILN_IS_BUILD_STEP (self), 0);

  return self->duration_ms;
}

const char *
kiln_build_step_get_message (KilnBuildStep *self)
{
  g_return_val_if_fail (KILN_IS_BUILD_STEP (self), NULL);

  return self->message;
}

static void
set_state (KilnBuildStep      *self,
           KilnBuildStepState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
kiln_build_step_start (KilnBuildStep *self)
{
  g_return_if_fail (KILN_IS_BUILD_STEP (self));

  self->started_us = g_get_monotonic_time ();
  set_state (self, KILN_BUILD_STEP_RUNNING);
}

void
kiln_build_step_finish (KilnBuildStep      *self,
                        KilnBuildStepState  state,
                        const char         *message)
{
  gint64 duration_ms = 0;

  g_return_if_fail (KILN_IS_BUILD_STEP (self));
  g_return_if_fail (state != KILN_BUILD_STEP_PENDING && state != KILN_BUILD_STEP_RUNNING);

  if (self->state == KILN_BUILD_STEP_RUNNING)
    duration_ms = (g_get_monotonic_time () - self->started_us) / 1000;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->duration_ms != duration_ms)
    {
      self->duration_ms = duration_ms;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION_MS]);
    }
  if (message != NULL)
    set_message (self, message);
  set_state (self, state);
  g_object_thaw_notify (G_OBJECT (self));
}
