#define G_LOG_DOMAIN "kiln-history"

#include "config.h"

#include "kiln-build-record-artifact.h"

struct _KilnBuildRecordArtifact
{
  GObject parent_instance;
  char *path;
  char *format;
  guint64 size;
  char *sha256;
};

enum {
  ARTIFACT_PROP_0,
  ARTIFACT_PROP_PATH,
  ARTIFACT_PROP_FORMAT,
  ARTIFACT_PROP_SIZE,
  ARTIFACT_PROP_SHA256,
  ARTIFACT_N_PROPS
};

static GParamSpec *artifact_properties[ARTIFACT_N_PROPS];

G_DEFINE_FINAL_TYPE (KilnBuildRecordArtifact, kiln_build_record_artifact, G_TYPE_OBJECT)

static void
kiln_build_record_artifact_finalize (GObject *object)
{
  KilnBuildRecordArtifact *self = (KilnBuildRecordArtifact *)object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->format, g_free);
  g_clear_pointer (&self->sha256, g_free);

  G_OBJECT_CLASS (kiln_build_record_artifact_parent_class)->finalize (object);
}

static void
kiln_build_record_artifact_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  KilnBuildRecordArtifact *self = KILN_BUILD_RECORD_ARTIFACT (object);

  switch (prop_id)
    {
    case ARTIFACT_PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case ARTIFACT_PROP_FORMAT:
      g_value_set_string (value, self->format);
      break;
    case ARTIFACT_PROP_SIZE:
      g_value_set_uint64 (value, self->size);
      break;
    case ARTIFACT_PROP_SHA256:
      g_value_set_string (value, self->sha256);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_build_record_artifact_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  KilnBuildRecordArtifact *self = KILN_BUILD_RECORD_ARTIFACT (object);

  switch (prop_id)
    {
    case ARTIFACT_PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    case ARTIFACT_PROP_FORMAT:
      self->format = g_value_dup_string (value);
      break;
    case ARTIFACT_PROP_SIZE:
      self->size = g_value_get_uint64 (value);
      break;
    case ARTIFACT_PROP_SHA256:
      self->sha256 = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_build_record_artifact_class_init (KilnBuildRecordArtifactClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kiln_build_record_artifact_finalize;
  object_class->get_property = kiln_build_record_artifact_get_property;
  object_class->set_property = kiln_build_record_artifact_set_property;

  artifact_properties[ARTIFACT_PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, flags);
  artifact_properties[ARTIFACT_PROP_FORMAT] = g_param_spec_string ("format", NULL, NULL, NULL, flags);
  artifact_properties[ARTIFACT_PROP_SIZE] =
    g_param_spec_uint64 ("size", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  artifact_properties[ARTIFACT_PROP_SHA256] = g_param_spec_string ("sha256", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, ARTIFACT_N_PROPS, artifact_properties);
}

static void
kiln_build_record_artifact_init (KilnBuildRecordArtifact *self)
{
}

const char *
kiln_build_record_artifact_get_path (KilnBuildRecordArtifact *self)
{
  g_return_val_if_fail (KILN_IS_BUILD_RECORD_ARTIFACT (self), NULL);
  return self->path;
}

const char *
kiln_build_record_artifact_get_format (KilnBuildRecordArtifact *self)
{
  g_return_val_if_fail (KILN_IS_BUILD_RECORD_ARTIFACT (self), NULL);
  return self->format;
}

guint64
kiln_build_record_artifact_get_size (KilnBuildRecordArtifact *self)
{
  g_return_val_if_fail (KILN_IS_BUILD_RECORD_ARTIFACT (self), 0);
  return self->size;
}

const char *
kiln_build_record_artifact_get_sha256 (KilnBuildRecordArtifact *self)
{
  g_return_val_if_fail (KILN_IS_BUILD_RECORD_ARTIFACT (self), NULL);
  return self->sha256;
}
