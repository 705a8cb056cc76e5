#define G_LOG_DOMAIN "kiln-build"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "kiln-release-tree.h"

struct _KilnReleaseTree
{
  GObject    parent_instance;

  char      *release_dir;
  GPtrArray *entries;
  guint64    size;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KilnReleaseTree, kiln_release_tree, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* Disk usage of a file or a folder, without following links. */
guint64
kiln_release_tree_measure (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint64 size = 0;
  GStatBuf buf;

  g_return_val_if_fail (path != NULL, 0);

  if (g_lstat (path, &buf) != 0)
    return 0;

  if (!S_ISDIR (buf.st_mode))
    return buf.st_size;

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      size += kiln_release_tree_measure (child);
    }

  return size;
}

static const char *
explain (const char *path)
{
  if (g_str_equal (path, "bin"))
    return _("Start scripts: bin/NAME runs the release, with commands listed below");
  if (g_str_has_prefix (path, "erts-"))
    return _("The bundled Erlang runtime (the BEAM), so the target needs no Erlang installed");
  if (g_str_equal (path, "lib"))
    return _("Compiled code of your applications and every dependency, one APP-VSN folder each");
  if (g_str_equal (path, "releases"))
    return _("Per-version boot files and configuration, the cookie and start_erl.data");
  if (g_str_has_prefix (path, "releases/"))
    return _("Boot scripts, sys.config, runtime.exs, vm.args and env.sh for this version");
  if (g_str_equal (path, "tmp"))
    return _("Created at run time for generated configuration");
  return _("Added by an overlay");
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
list_paths (const char  *release_dir,
            GError     **error)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *releases = g_build_filename (release_dir, "releases", NULL);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GDir) versions = NULL;
  const char *name;

  if ((dir = g_dir_open (release_dir, 0, error)) == NULL)
    return NULL;

  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (paths, g_strdup (name));

  versions = g_dir_open (releases, 0, NULL);
  while (versions != NULL && (name = g_dir_read_name (versions)) != NULL)
    {
      g_autofree char *path = g_build_filename (releases, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        g_ptr_array_add (paths, g_strdup_printf ("releases/%s", name));
    }

  g_ptr_array_sort (paths, compare_paths);
  return g_steal_pointer (&paths);
}

static void
measure_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  const char *release_dir = task_data;
  g_autoptr(KilnReleaseTree) self = g_object_new (KILN_TYPE_RELEASE_TREE, NULL);
  g_autoptr(GPtrArray) paths = NULL;
  GError *error = NULL;

  if ((paths = list_paths (release_dir, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  self->release_dir = g_strdup (release_dir);
  for (guint i = 0; i < paths->len; i++)
    {
      const char *relative = g_ptr_array_index (paths, i);
      g_autofree char *path = g_build_filename (release_dir, relative, NULL);
      guint64 size;

      if (g_task_return_error_if_cancelled (task))
        return;

      size = kiln_release_tree_measure (path);
      g_ptr_array_add (self->entries, g_object_new (KILN_TYPE_RELEASE_TREE_ENTRY,
                                                    "path", relative,
                                                    "explanation", explain (relative),
                                                    "size", size,
                                                    "is-directory", g_file_test (path, G_FILE_TEST_IS_DIR),
                                                    NULL));
      /* releases/VSN is already counted in releases. */
      if (strchr (relative, '/') == NULL)
        self->size += size;
    }

  g_task_return_pointer (task, g_steal_pointer (&self), g_object_unref);
}

void
kiln_release_tree_new_async (const char          *release_dir,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (release_dir != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiln_release_tree_new_async);
  g_task_set_task_data (task, g_strdup (release_dir), g_free);
  g_task_run_in_thread (task, measure_thread);
}

KilnReleaseTree *
kiln_release_tree_new_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kiln_release_tree_new_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
kiln_release_tree_get_release_dir (KilnReleaseTree *self)
{
  g_return_val_if_fail (KILN_IS_RELEASE_TREE (self), NULL);

  return self->release_dir;
}

guint64
kiln_release_tree_get_size (KilnReleaseTree *self)
{
  g_return_val_if_fail (KILN_IS_RELEASE_TREE (self), 0);

  return self->size;
}

static GType
kiln_release_tree_get_item_type (GListModel *model)
{
  return KILN_TYPE_RELEASE_TREE_ENTRY;
}

static guint
kiln_release_tree_get_n_items (GListModel *model)
{
  return KILN_RELEASE_TREE (model)->entries->len;
}

static gpointer
kiln_release_tree_get_item (GListModel *model,
                            guint       position)
{
  KilnReleaseTree *self = KILN_RELEASE_TREE (model);

  if (position >= self->entries->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->entries, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = kiln_release_tree_get_item_type;
  iface->get_n_items = kiln_release_tree_get_n_items;
  iface->get_item = kiln_release_tree_get_item;
}

static void
kiln_release_tree_finalize (GObject *object)
{
  KilnReleaseTree *self = (KilnReleaseTree *)object;

  g_clear_pointer (&self->release_dir, g_free);
  g_clear_pointer (&self->entries, g_ptr_array_unref);

  G_OBJECT_CLASS (kiln_release_tree_parent_class)->finalize (object);
}

static void
kiln_release_tree_class_init (KilnReleaseTreeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kiln_release_tree_finalize;
}

static void
kiln_release_tree_init (KilnReleaseTree *self)
{
  self->entries = g_ptr_array_new_with_free_func (g_object_unref);
}
