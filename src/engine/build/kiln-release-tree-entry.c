#define G_LOG_DOMAIN "kiln-build"

#include "config.h"

#include "kiln-release-tree-entry.h"

struct _KilnReleaseTreeEntry
{
  GObject   parent_instance;

  char     *path;
  char     *explanation;
  guint64   size;
  gboolean  is_directory;
};

enum {
  PROP_0,
  PROP_PATH,
  PROP_EXPLANATION,
  PROP_SIZE,
  PROP_IS_DIRECTORY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KilnReleaseTreeEntry, kiln_release_tree_entry, G_TYPE_OBJECT)

static void
kiln_release_tree_entry_finalize (GObject *object)
{
  KilnReleaseTreeEntry *self = KILN_RELEASE_TREE_ENTRY (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->explanation, g_free);

  G_OBJECT_CLASS (kiln_release_tree_entry_parent_class)->finalize (object);
}

static void
kiln_release_tree_entry_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  KilnReleaseTreeEntry *self = KILN_RELEASE_TREE_ENTRY (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_EXPLANATION:
      g_value_set_string (value, self->explanation);
      break;
    case PROP_SIZE:
      g_value_set_uint64 (value, self->size);
      break;
    case PROP_IS_DIRECTORY:
      g_value_set_boolean (value, self->is_directory);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_release_tree_entry_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  KilnReleaseTreeEntry *self = KILN_RELEASE_TREE_ENTRY (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    case PROP_EXPLANATION:
      self->explanation = g_value_dup_string (value);
      break;
    case PROP_SIZE:
      self->size = g_value_get_uint64 (value);
      break;
    case PROP_IS_DIRECTORY:
      self->is_directory = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_release_tree_entry_class_init (KilnReleaseTreeEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kiln_release_tree_entry_finalize;
  object_class->get_property = kiln_release_tree_entry_get_property;
  object_class->set_property = kiln_release_tree_entry_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL, flags);
  properties[PROP_EXPLANATION] =
    g_param_spec_string ("explanation", NULL, NULL, NULL, flags);
  properties[PROP_SIZE] =
    g_param_spec_uint64 ("size", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_IS_DIRECTORY] =
    g_param_spec_boolean ("is-directory", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiln_release_tree_entry_init (KilnReleaseTreeEntry *self)
{
}

const char *
kiln_release_tree_entry_get_path (KilnReleaseTreeEntry *self)
{
  g_return_val_if_fail (KILN_IS_RELEASE_TREE_ENTRY (self), NULL);
  return self->path;
}

const char *
kiln_release_tree_entry_get_explanation (KilnReleaseTreeEntry *self)
{
  g_return_val_if_fail (KILN_IS_RELEASE_TREE_ENTRY (self), NULL);
  return self->explanation;
}

guint64
kiln_release_tree_entry_get_size (KilnReleaseTreeEntry *self)
{
  g_return_val_if_fail (KILN_IS_RELEASE_TREE_ENTRY (self), 0);
  return self->size;
}

gboolean
kiln_release_tree_entry_get_is_directory (KilnReleaseTreeEntry *self)
{
  g_return_val_if_fail (KILN_IS_RELEASE_TREE_ENTRY (self), FALSE);
  return self->is_directory;
}
