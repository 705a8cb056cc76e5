#define G_LOG_DOMAIN "kiln-project"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>

#include "kiln-error.h"
#include "kiln-files-private.h"
#include "kiln-json-private.h"
#include "kiln-paths.h"
#include "kiln-profile-store.h"

struct _KilnProfileStore
{
  GObject parent_instance;

  char *project_dir;
  char *directory;
  GPtrArray *profiles;
  GPtrArray *problems;
  /* name → why the saved profile of that name could not be used */
  GHashTable *unreadable;
};

enum {
  PROP_0,
  PROP_PROJECT_DIR,
  PROP_DIRECTORY,
  PROP_PROBLEMS,
  N_PROPS
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KilnProfileStore, kiln_profile_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GParamSpec *properties[N_PROPS];

static GType
kiln_profile_store_get_item_type (GListModel *model)
{
  return KILN_TYPE_RELEASE_PROFILE;
}

static guint
kiln_profile_store_get_n_items (GListModel *model)
{
  return KILN_PROFILE_STORE (model)->profiles->len;
}

static gpointer
kiln_profile_store_get_item (GListModel *model,
                             guint       position)
{
  KilnProfileStore *self = KILN_PROFILE_STORE (model);

  if (position >= self->profiles->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->profiles, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = kiln_profile_store_get_item_type;
  iface->get_n_items = kiln_profile_store_get_n_items;
  iface->get_item = kiln_profile_store_get_item;
}

static void
kiln_profile_store_constructed (GObject *object)
{
  KilnProfileStore *self = (KilnProfileStore *)object;
  g_autofree char *data_dir = NULL;

  G_OBJECT_CLASS (kiln_profile_store_parent_class)->constructed (object);

  data_dir = kiln_paths_dup_project_data_dir (self->project_dir ? self->project_dir : ".");
  self->directory = g_build_filename (data_dir, "profiles", NULL);
}

static void
kiln_profile_store_finalize (GObject *object)
{
  KilnProfileStore *self = (KilnProfileStore *)object;

  g_clear_pointer (&self->project_dir, g_free);
  g_clear_pointer (&self->directory, g_free);
  g_clear_pointer (&self->profiles, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->unreadable, g_hash_table_unref);

  G_OBJECT_CLASS (kiln_profile_store_parent_class)->finalize (object);
}

static void
kiln_profile_store_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  KilnProfileStore *self = KILN_PROFILE_STORE (object);

  switch (prop_id)
    {
    case PROP_PROJECT_DIR:
      g_value_set_string (value, self->project_dir);
      break;

    case PROP_DIRECTORY:
      g_value_set_string (value, self->directory);
      break;

    case PROP_PROBLEMS:
      g_value_set_boxed (value, kiln_profile_store_get_problems (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_profile_store_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  KilnProfileStore *self = KILN_PROFILE_STORE (object);

  switch (prop_id)
    {
    case PROP_PROJECT_DIR:
      self->project_dir = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_profile_store_class_init (KilnProfileStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = kiln_profile_store_constructed;
  object_class->finalize = kiln_profile_store_finalize;
  object_class->get_property = kiln_profile_store_get_property;
  object_class->set_property = kiln_profile_store_set_property;

  properties[PROP_PROJECT_DIR] =
    g_param_spec_string ("project-dir", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DIRECTORY] =
    g_param_spec_string ("directory", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_PROBLEMS] =
    g_param_spec_boxed ("problems", NULL, NULL,
                        G_TYPE_STRV,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiln_profile_store_init (KilnProfileStore *self)
{
  self->profiles = g_ptr_array_new_with_free_func (g_object_unref);
  self->problems = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  self->unreadable = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

KilnProfileStore *
kiln_profile_store_new (const char *project_dir)
{
  g_return_val_if_fail (project_dir != NULL, NULL);

  return g_object_new (KILN_TYPE_PROFILE_STORE,
                       "project-dir", project_dir,
                       NULL);
}

const char *
kiln_profile_store_get_directory (KilnProfileStore *self)
{
  g_return_val_if_fail (KILN_IS_PROFILE_STORE (self), NULL);

  return self->directory;
}

const char * const *
kiln_profile_store_get_problems (KilnProfileStore *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (KILN_IS_PROFILE_STORE (self), NULL);

  if (self->problems->pdata == NULL)
    return none;

  return (const char * const *)self->problems->pdata;
}

static int
compare_profiles (gconstpointer a,
                  gconstpointer b)
{
  KilnReleaseProfile *profile_a = *(KilnReleaseProfile **)a;
  KilnReleaseProfile *profile_b = *(KilnReleaseProfile **)b;

  return g_strcmp0 (kiln_release_profile_get_name (profile_a), kiln_release_profile_get_name (profile_b));
}

static gboolean
find_profile (KilnProfileStore *self,
              const char       *name,
              guint            *position)
{
  for (guint i = 0; i < self->profiles->len; i++)
    {
      if (g_strcmp0 (kiln_release_profile_get_name (g_ptr_array_index (self->profiles, i)), name) == 0)
        {
          *position = i;
          return TRUE;
        }
    }

  return FALSE;
}

static char *
move_aside (const char  *path,
            GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *suffix = g_strconcat (".corrupt-", stamp, NULL);

  return kiln_files_set_aside (path, suffix, FALSE, error);
}

static void
add_problem (KilnProfileStore *self,
             char             *message)
{
  g_ptr_array_add (self->problems, message);
}

static void
set_file_aside (KilnProfileStore *self,
                const char       *name,
                const char       *path,
                const GError     *load_error)
{
  g_autofree char *basename = g_path_get_basename (path);
  g_autoptr(GError) move_error = NULL;
  g_autofree char *target = NULL;
  g_autofree char *target_basename = NULL;

  /* A newer Kiln can still read it: it stays where that Kiln looks. */
  if (g_error_matches (load_error, KILN_ERROR, KILN_ERROR_PROFILE_UNSUPPORTED_VERSION))
    {
      add_problem (self, g_strdup_printf (_("The profile “%s” could not be loaded: %s It was left in place."),
                                          basename, load_error->message));
      g_hash_table_replace (self->unreadable, g_strdup (name),
                            g_strdup_printf (_("The saved profile “%s” was written by a newer Kiln and was left in "
                                               "place; update Kiln to use it."), name));
      return;
    }

  target = move_aside (path, &move_error);
  target_basename = target ? g_path_get_basename (target) : NULL;

  if (target == NULL)
    {
      add_problem (self, g_strdup_printf (_("The profile “%s” could not be loaded: %s It could not be moved aside "
                                            "either (%s), so it was left in place."),
                                          basename, load_error->message, move_error->message));
      g_hash_table_replace (self->unreadable, g_strdup (name),
                            g_strdup_printf (_("The saved profile “%s” is unreadable (%s); repair or delete %s."),
                                             name, load_error->message, path));
      return;
    }

  add_problem (self, g_strdup_printf (_("The profile “%s” could not be loaded: %s It was kept, unchanged, "
                                        "as “%s” in %s; repair or delete it there."),
                                      basename, load_error->message, target_basename, self->directory));
  g_hash_table_replace (self->unreadable, g_strdup (name),
                        g_strdup_printf (_("The saved profile “%s” was unreadable and was set aside as “%s” in %s; "
                                           "repair it there, or save the profile again."),
                                         name, target_basename, self->directory));
}

static KilnReleaseProfile *
load_file (KilnProfileStore *self,
           const char       *filename)
{
  g_autofree char *path = g_build_filename (self->directory, filename, NULL);
  g_autofree char *name = g_strndup (filename, strlen (filename) - strlen (".json"));
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnReleaseProfile) profile = NULL;

  /* Only regular files, of a sane size: a FIFO here must not hang Kiln. */
  if (!kiln_files_read_regular (path, KILN_JSON_MAX_FILE_SIZE, &contents, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
        {
          g_autoptr(GError) corrupt = g_error_new (KILN_ERROR, KILN_ERROR_PROFILE_CORRUPT,
                                                   _("The profile is damaged: %s."), error->message);
          set_file_aside (self, name, path, corrupt);
          return NULL;
        }

      add_problem (self, g_strdup_printf (_("The profile “%s” could not be read: %s"), filename, error->message));
      g_hash_table_replace (self->unreadable, g_strdup (name),
                            g_strdup_printf (_("The saved profile “%s” could not be read: %s."), name, error->message));
      return NULL;
    }

  if (!(profile = kiln_release_profile_new_from_json (contents, &error)))
    {
      set_file_aside (self, name, path, error);
      return NULL;
    }

  /* The file name is what save, lookup and remove go by. */
  kiln_release_profile_set_name (profile, name);

  return g_steal_pointer (&profile);
}

/* Why the saved profile @name could not be used at the last load, as one
 * sentence, or NULL. */
const char *
kiln_profile_store_get_unreadable (KilnProfileStore *self,
                                   const char       *name)
{
  g_return_val_if_fail (KILN_IS_PROFILE_STORE (self), NULL);

  return name != NULL ? g_hash_table_lookup (self->unreadable, name) : NULL;
}

gboolean
kiln_profile_store_load (KilnProfileStore  *self,
                         GError           **error)
{
  g_autoptr(GPtrArray) loaded = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) dir_error = NULL;
  g_autoptr(GDir) dir = NULL;
  guint old_len;
  const char *filename;

  g_return_val_if_fail (KILN_IS_PROFILE_STORE (self), FALSE);

  g_ptr_array_remove_range (self->problems, 0, self->problems->len);
  g_hash_table_remove_all (self->unreadable);

  if (!(dir = g_dir_open (self->directory, 0, &dir_error)) &&
      !g_error_matches (dir_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not read the saved profiles in %s: %s"), self->directory, dir_error->message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEMS]);
      return FALSE;
    }

  while (dir != NULL && (filename = g_dir_read_name (dir)))
    {
      KilnReleaseProfile *profile;

      if (!g_str_has_suffix (filename, ".json") || g_str_equal (filename, ".json"))
        continue;

      if ((profile = load_file (self, filename)))
        g_ptr_array_add (loaded, profile);
    }

  g_ptr_array_sort (loaded, compare_profiles);

  old_len = self->profiles->len;
  g_ptr_array_unref (self->profiles);
  self->profiles = g_steal_pointer (&loaded);

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->profiles->len);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEMS]);

  return TRUE;
}

static char *
profile_path (KilnProfileStore *self,
              const char       *name)
{
  g_autofree char *filename = g_strconcat (name, ".json", NULL);

  return g_build_filename (self->directory, filename, NULL);
}

static gboolean
check_name (const char  *name,
            GError     **error)
{
  if (kiln_release_profile_is_valid_release_name (name))
    return TRUE;

  g_set_error (error, KILN_ERROR, KILN_ERROR_PROFILE_INVALID,
               _("“%s” cannot be used as a profile name. Start it with a lowercase letter and use only "
                 "lowercase letters, digits and underscores, such as “my_app”."),
               name ? name : "");
  return FALSE;
}

gboolean
kiln_profile_store_save (KilnProfileStore    *self,
                         KilnReleaseProfile  *profile,
                         GError             **error)
{
  const char *name;
  g_autofree char *path = NULL;
  g_autofree char *json = NULL;
  g_autoptr(KilnReleaseProfile) stored = NULL;
  g_autoptr(GError) read_back_error = NULL;
  guint position;

  g_return_val_if_fail (KILN_IS_PROFILE_STORE (self), FALSE);
  g_return_val_if_fail (KILN_IS_RELEASE_PROFILE (profile), FALSE);

  name = kiln_release_profile_get_name (profile);
  if (!check_name (name, error))
    return FALSE;

  if (g_mkdir_with_parents (self->directory, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder for saved profiles, %s: %s"),
                   self->directory, g_strerror (saved_errno));
      return FALSE;
    }

  path = profile_path (self, name);
  json = kiln_release_profile_to_json (profile);

  /* Never write a file that would be set aside as damaged on the next load. */
  if (!(stored = kiln_release_profile_new_from_json (json, &read_back_error)))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_PROFILE_INVALID,
                   _("The profile “%s” was not saved: it holds text that is not valid UTF-8 (%s). "
                     "Check file names and other values for unusual characters."),
                   name, read_back_error->message);
      return FALSE;
    }

  if (!kiln_files_replace (path, json, -1, 0600, NULL, NULL, error))
    return FALSE;

  if (find_profile (self, name, &position))
    {
      g_object_unref (g_ptr_array_index (self->profiles, position));
      g_ptr_array_index (self->profiles, position) = g_steal_pointer (&stored);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
      return TRUE;
    }

  for (position = 0; position < self->profiles->len; position++)
    {
      if (g_strcmp0 (name, kiln_release_profile_get_name (g_ptr_array_index (self->profiles, position))) < 0)
        break;
    }

  g_ptr_array_insert (self->profiles, position, g_steal_pointer (&stored));
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);

  return TRUE;
}

KilnReleaseProfile *
kiln_profile_store_lookup (KilnProfileStore *self,
                           const char       *name)
{
  guint position;

  g_return_val_if_fail (KILN_IS_PROFILE_STORE (self), NULL);

  if (name == NULL || !find_profile (self, name, &position))
    return NULL;

  return g_ptr_array_index (self->profiles, position);
}

gboolean
kiln_profile_store_remove (KilnProfileStore  *self,
                           const char        *name,
                           GError           **error)
{
  g_autofree char *path = NULL;
  guint position;

  g_return_val_if_fail (KILN_IS_PROFILE_STORE (self), FALSE);

  /* Loaded files may carry names save would refuse; they can still go. */
  if (name == NULL || name[0] == '\0' || name[0] == '.' || strchr (name, '/') != NULL)
    return check_name (name, error);

  path = profile_path (self, name);
  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not delete the profile “%s” (%s): %s"), name, path, g_strerror (saved_errno));
      return FALSE;
    }

  if (find_profile (self, name, &position))
    {
      g_ptr_array_remove_index (self->profiles, position);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
    }

  return TRUE;
}
