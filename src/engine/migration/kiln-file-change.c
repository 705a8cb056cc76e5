#define G_LOG_DOMAIN "kiln-migration"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "kiln-error.h"
#include "kiln-file-change.h"
#include "kiln-files-private.h"
#include "kiln-unified-diff.h"

struct _KilnFileChange
{
  GObject   parent_instance;

  char     *path;
  char     *absolute_path;
  char     *backup_path;
  GBytes   *old_contents;
  GBytes   *new_contents;
  char     *diff;
  guint     is_directory : 1;
  guint     executable : 1;
  guint     was_read : 1;
};

G_DEFINE_FINAL_TYPE (KilnFileChange, kiln_file_change, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_IS_NEW,
  PROP_DIFF,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kiln_file_change_finalize (GObject *object)
{
  KilnFileChange *self = (KilnFileChange *) object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->absolute_path, g_free);
  g_clear_pointer (&self->backup_path, g_free);
  g_clear_pointer (&self->old_contents, g_bytes_unref);
  g_clear_pointer (&self->new_contents, g_bytes_unref);
  g_clear_pointer (&self->diff, g_free);

  G_OBJECT_CLASS (kiln_file_change_parent_class)->finalize (object);
}

static void
kiln_file_change_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KilnFileChange *self = KILN_FILE_CHANGE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_IS_NEW:
      g_value_set_boolean (value, kiln_file_change_get_is_new (self));
      break;
    case PROP_DIFF:
      g_value_set_string (value, kiln_file_change_get_diff (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_file_change_class_init (KilnFileChangeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kiln_file_change_finalize;
  object_class->get_property = kiln_file_change_get_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_NEW] =
    g_param_spec_boolean ("is-new", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIFF] =
    g_param_spec_string ("diff", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiln_file_change_init (KilnFileChange *self)
{
}

static KilnFileChange *
file_change_new (const char *root,
                 const char *relative_path)
{
  KilnFileChange *self = g_object_new (KILN_TYPE_FILE_CHANGE, NULL);

  self->path = g_strdup (relative_path);
  self->absolute_path = g_build_filename (root, relative_path, NULL);

  return self;
}

KilnFileChange *
kiln_file_change_new (const char *root,
                      const char *relative_path,
                      GBytes     *new_contents)
{
  KilnFileChange *self;

  g_return_val_if_fail (root != NULL, NULL);
  g_return_val_if_fail (relative_path != NULL, NULL);
  g_return_val_if_fail (new_contents != NULL, NULL);

  self = file_change_new (root, relative_path);
  self->new_contents = g_bytes_ref (new_contents);

  return self;
}

KilnFileChange *
kiln_file_change_new_directory (const char *root,
                                const char *relative_path)
{
  KilnFileChange *self;

  g_return_val_if_fail (root != NULL, NULL);
  g_return_val_if_fail (relative_path != NULL, NULL);

  self = file_change_new (root, relative_path);
  self->is_directory = TRUE;

  return self;
}

static GBytes *
read_bytes (const char  *path,
            gboolean    *exists,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *contents = NULL;
  gsize length = 0;

  *exists = FALSE;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return NULL;

      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  *exists = TRUE;
  return g_bytes_new_take (contents, length);
}

/* Remembers what is on disk now: the diff is against it and apply refuses
 * to write if it changes in between. */
gboolean
kiln_file_change_read_current (KilnFileChange  *self,
                               GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean exists = FALSE;

  g_return_val_if_fail (KILN_IS_FILE_CHANGE (self), FALSE);

  g_clear_pointer (&self->old_contents, g_bytes_unref);
  g_clear_pointer (&self->diff, g_free);
  self->was_read = TRUE;

  if (self->is_directory)
    return TRUE;

  if (g_file_test (self->absolute_path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_PROJECT_INVALID,
                   _("“%s” is a folder, but Kiln needs to write a file there. Move it aside, then try again."),
                   self->path);
      return FALSE;
    }

  self->old_contents = read_bytes (self->absolute_path, &exists, &local_error);
  if (local_error != NULL)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_PROJECT_INVALID,
                   _("Kiln could not read “%s”: %s"), self->absolute_path, local_error->message);
      return FALSE;
    }

  return TRUE;
}

const char *
kiln_file_change_get_path (KilnFileChange *self)
{
  g_return_val_if_fail (KILN_IS_FILE_CHANGE (self), NULL);
  return self->path;
}

const char *
kiln_file_change_get_absolute_path (KilnFileChange *self)
{
  g_return_val_if_fail (KILN_IS_FILE_CHANGE (self), NULL);
  return self->absolute_path;
}

/* Where apply() saved the replaced file; NULL before that, or if nothing was replaced. */
const char *
kiln_file_change_get_backup_path (KilnFileChange *self)
{
  g_return_val_if_fail (KILN_IS_FILE_CHANGE (self), NULL);
  return self->backup_path;
}

GBytes *
kiln_file_change_get_old_contents (KilnFileChange *self)
{
  g_return_val_if_fail (KILN_IS_FILE_CHANGE (self), NULL);
  return self->old_contents;
}

GBytes *
kiln_file_change_get_new_contents (KilnFileChange *self)
{
  g_return_val_if_fail (KILN_IS_FILE_CHANGE (self), NULL);
  return self->new_contents;
}

gboolean
kiln_file_change_get_is_new (KilnFileChange *self)
{
  g_return_val_if_fail (KILN_IS_FILE_CHANGE (self), FALSE);

  if (self->is_directory)
    return !g_file_test (self->absolute_path, G_FILE_TEST_IS_DIR);

  return self->old_contents == NULL;
}

gboolean
kiln_file_change_get_is_directory (KilnFileChange *self)
{
  g_return_val_if_fail (KILN_IS_FILE_CHANGE (self), FALSE);
  return self->is_directory;
}

gboolean
kiln_file_change_get_is_unchanged (KilnFileChange *self)
{
  g_return_val_if_fail (KILN_IS_FILE_CHANGE (self), FALSE);

  if (self->is_directory)
    return !kiln_file_change_get_is_new (self);

  return self->old_contents != NULL && g_bytes_equal (self->old_contents, self->new_contents);
}

gboolean
kiln_file_change_get_executable (KilnFileChange *self)
{
  g_return_val_if_fail (KILN_IS_FILE_CHANGE (self), FALSE);
  return self->executable;
}

void
kiln_file_change_set_executable (KilnFileChange *self,
                                 gboolean        executable)
{
  g_return_if_fail (KILN_IS_FILE_CHANGE (self));
  self->executable = !!executable;
}

static gboolean
bytes_are_text (GBytes *bytes)
{
  gsize size = 0;
  const char *data = bytes ? g_bytes_get_data (bytes, &size) : "";

  if (bytes == NULL)
    return TRUE;

  return memchr (data, '\0', size) == NULL && g_utf8_validate (data, size, NULL);
}

static char *
bytes_dup_text (GBytes *bytes)
{
  gsize size = 0;
  const char *data;

  if (bytes == NULL)
    return g_strdup ("");

  data = g_bytes_get_data (bytes, &size);
  return g_strndup (data, size);
}

const char *
kiln_file_change_get_diff (KilnFileChange *self)
{
  g_return_val_if_fail (KILN_IS_FILE_CHANGE (self), NULL);

  if (self->diff != NULL)
    return self->diff;

  if (self->is_directory)
    {
      self->diff = kiln_file_change_get_is_new (self)
        ? g_strdup_printf ("New folder %s/\n", self->path)
        : g_strdup ("");
    }
  else if (!bytes_are_text (self->old_contents) || !bytes_are_text (self->new_contents))
    {
      if (kiln_file_change_get_is_unchanged (self))
        self->diff = g_strdup ("");
      else if (self->old_contents == NULL)
        self->diff = g_strdup_printf ("Binary file b/%s (%zu bytes) will be created\n", self->path,
                                      g_bytes_get_size (self->new_contents));
      else
        self->diff = g_strdup_printf ("Binary files a/%s and b/%s differ\n", self->path, self->path);
    }
  else
    {
      g_autofree char *old_text = bytes_dup_text (self->old_contents);
      g_autofree char *new_text = bytes_dup_text (self->new_contents);
      g_autofree char *old_label = self->old_contents ? g_strconcat ("a/", self->path, NULL)
                                                      : g_strdup ("/dev/null");
      g_autofree char *new_label = g_strconcat ("b/", self->path, NULL);

      self->diff = kiln_unified_diff (old_label, new_label, old_text, new_text);
    }

  return self->diff;
}

/* Refuses when the file on disk is no longer what the diff was made against. */
gboolean
kiln_file_change_verify (KilnFileChange  *self,
                         GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) current = NULL;
  gboolean exists = FALSE;

  g_return_val_if_fail (KILN_IS_FILE_CHANGE (self), FALSE);

  if (self->is_directory)
    return TRUE;

  if (!self->was_read)
    return kiln_file_change_read_current (self, error);

  current = read_bytes (self->absolute_path, &exists, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if ((current == NULL) != (self->old_contents == NULL) ||
      (current != NULL && !g_bytes_equal (current, self->old_contents)))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_PROJECT_INVALID,
                   _("“%s” changed since Kiln read it, so nothing was written. "
                     "Review the changes again, then apply."), self->path);
      return FALSE;
    }

  return TRUE;
}

gboolean
kiln_file_change_apply (KilnFileChange  *self,
                        GError         **error)
{
  g_autofree char *parent = NULL;
  const char *data;
  GStatBuf st;
  gsize size = 0;
  int mode;

  g_return_val_if_fail (KILN_IS_FILE_CHANGE (self), FALSE);

  if (self->is_directory)
    {
      if (g_mkdir_with_parents (self->absolute_path, 0755) != 0)
        {
          int saved_errno = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Could not create the folder “%s”: %s"), self->absolute_path, g_strerror (saved_errno));
          return FALSE;
        }
      return TRUE;
    }

  if (!kiln_file_change_verify (self, error))
    return FALSE;

  if (kiln_file_change_get_is_unchanged (self))
    return TRUE;

  mode = self->executable ? 0755 : 0644;
  if (self->old_contents != NULL && g_stat (self->absolute_path, &st) == 0)
    mode = (st.st_mode & 07777) | (self->executable ? 0111 : 0);

  parent = g_path_get_dirname (self->absolute_path);
  if (g_mkdir_with_parents (parent, 0755) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder “%s”: %s"), parent, g_strerror (saved_errno));
      return FALSE;
    }

  /* An earlier backup may hold the only copy of an older state: a new one
   * never replaces it. */
  g_clear_pointer (&self->backup_path, g_free);
  data = g_bytes_get_data (self->new_contents, &size);
  if (!kiln_files_replace (self->absolute_path, data, size, mode,
                           self->old_contents != NULL ? ".kiln-backup" : NULL, &self->backup_path, error))
    return FALSE;

  g_clear_pointer (&self->old_contents, g_bytes_unref);
  self->old_contents = g_bytes_ref (self->new_contents);

  return TRUE;
}

/* Verifies every change against the disk before writing any, so that a
 * file edited since the preview stops the whole set; then applies them. */
gboolean
kiln_file_changes_apply_all (GPtrArray  *changes,
                             GError    **error)
{
  g_return_val_if_fail (changes != NULL, FALSE);

  for (guint i = 0; i < changes->len; i++)
    if (!kiln_file_change_verify (changes->pdata[i], error))
      return FALSE;
  for (guint i = 0; i < changes->len; i++)
    if (!kiln_file_change_apply (changes->pdata[i], error))
      return FALSE;

  return TRUE;
}
