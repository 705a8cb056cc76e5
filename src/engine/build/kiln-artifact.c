#define G_LOG_DOMAIN "kiln-build"

#include "config.h"

#include "kiln-artifact.h"

struct _KilnArtifact
{
  GObject           parent_instance;

  char             *path;
  KilnPackageFormat format;
  guint64           size;
  char             *sha256;
  char             *sha256_path;
  guint             n_entries;
};

enum {
  PROP_0,
  PROP_PATH,
  PROP_FORMAT,
  PROP_SIZE,
  PROP_SHA256,
  PROP_SHA256_PATH,
  PROP_N_ENTRIES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KilnArtifact, kiln_artifact, G_TYPE_OBJECT)

static void
kiln_artifact_finalize (GObject *object)
{
  KilnArtifact *self = KILN_ARTIFACT (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->sha256, g_free);
  g_clear_pointer (&self->sha256_path, g_free);

  G_OBJECT_CLASS (kiln_artifact_parent_class)->finalize (object);
}

static void
kiln_artifact_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KilnArtifact *self = KILN_ARTIFACT (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_FORMAT:
      g_value_set_enum (value, self->format);
      break;
    case PROP_SIZE:
      g_value_set_uint64 (value, self->size);
      break;
    case PROP_SHA256:
      g_value_set_string (value, self->sha256);
      break;
    case PROP_SHA256_PATH:
      g_value_set_string (value, self->sha256_path);
      break;
    case PROP_N_ENTRIES:
      g_value_set_uint (value, self->n_entries);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_artifact_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KilnArtifact *self = KILN_ARTIFACT (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    case PROP_FORMAT:
      self->format = g_value_get_enum (value);
      break;
    case PROP_SIZE:
      self->size = g_value_get_uint64 (value);
      break;
    case PROP_SHA256:
      self->sha256 = g_value_dup_string (value);
      break;
    case PROP_SHA256_PATH:
      self->sha256_path = g_value_dup_string (value);
      break;
    case PROP_N_ENTRIES:
      self->n_entries = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_artifact_class_init (KilnArtifactClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kiln_artifact_finalize;
  object_class->get_property = kiln_artifact_get_property;
  object_class->set_property = kiln_artifact_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL, flags);
  properties[PROP_FORMAT] =
    g_param_spec_enum ("format", NULL, NULL,
                       KILN_TYPE_PACKAGE_FORMAT, KILN_PACKAGE_FORMAT_TAR_GZ, flags);
  properties[PROP_SIZE] =
    g_param_spec_uint64 ("size", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_SHA256] =
    g_param_spec_string ("sha256", NULL, NULL, NULL, flags);
  properties[PROP_SHA256_PATH] =
    g_param_spec_string ("sha256-path", NULL, NULL, NULL, flags);
  properties[PROP_N_ENTRIES] =
    g_param_spec_uint ("n-entries", NULL, NULL, 0, G_MAXUINT, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiln_artifact_init (KilnArtifact *self)
{
}

const char *
kiln_artifact_get_path (KilnArtifact *self)
{
  g_return_val_if_fail (KILN_IS_ARTIFACT (self), NULL);
  return self->path;
}

KilnPackageFormat
kiln_artifact_get_format (KilnArtifact *self)
{
  g_return_val_if_fail (KILN_IS_ARTIFACT (self), KILN_PACKAGE_FORMAT_TAR_GZ);
  return self->format;
}

guint64
kiln_artifact_get_size (KilnArtifact *self)
{
  g_return_val_if_fail (KILN_IS_ARTIFACT (self), 0);
  return self->size;
}

const char *
kiln_artifact_get_sha256 (KilnArtifact *self)
{
  g_return_val_if_fail (KILN_IS_ARTIFACT (self), NULL);
  return self->sha256;
}

const char *
kiln_artifact_get_sha256_path (KilnArtifact *self)
{
  g_return_val_if_fail (KILN_IS_ARTIFACT (self), NULL);
  return self->sha256_path;
}

guint
kiln_artifact_get_n_entries (KilnArtifact *self)
{
  g_return_val_if_fail (KILN_IS_ARTIFACT (self), 0);
  return self->n_entries;
}
