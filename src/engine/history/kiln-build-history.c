#define G_LOG_DOMAIN "kiln-history"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <glib/gstdio.h>

#include "kiln-build-history.h"
#include "kiln-error.h"
#include "kiln-files-private.h"
#include "kiln-paths.h"

struct _KilnBuildHistory
{
  GObject parent_instance;

  char *project_dir;
  char *builds_dir;
  GPtrArray *records;
  char **problems;
  guint loaded : 1;
};

enum {
  PROP_0,
  PROP_PROJECT_DIR,
  PROP_PROBLEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KilnBuildHistory, kiln_build_history, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

typedef struct
{
  GPtrArray *records;
  GPtrArray *problems;
} LoadResult;

static void
load_result_free (LoadResult *result)
{
  g_clear_pointer (&result->records, g_ptr_array_unref);
  g_clear_pointer (&result->problems, g_ptr_array_unref);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadResult, load_result_free)

/* Newest first; the id breaks ties so the order never depends on the folder. */
static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  KilnBuildRecord *record_a = *(KilnBuildRecord * const *)a;
  KilnBuildRecord *record_b = *(KilnBuildRecord * const *)b;
  int cmp = g_date_time_compare (kiln_build_record_get_started_at (record_b),
                                 kiln_build_record_get_started_at (record_a));

  if (cmp != 0)
    return cmp;

  return g_strcmp0 (kiln_build_record_get_id (record_b), kiln_build_record_get_id (record_a));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

/* A damaged record is never deleted: it is renamed so the user (or a bug
 * report) still has its bytes, and it stops failing every later load. */
static char *
describe_unreadable (const char *path,
                     GError     *load_error)
{
  g_autoptr(GError) move_error = NULL;
  g_autofree char *moved_to = NULL;

  if (g_error_matches (load_error, KILN_ERROR, KILN_ERROR_PROFILE_UNSUPPORTED_VERSION))
    return g_strdup_printf (_("%s It was left in place."), load_error->message);

  if (!g_error_matches (load_error, KILN_ERROR, KILN_ERROR_PROFILE_CORRUPT))
    return g_strdup (load_error->message);

  moved_to = kiln_files_set_aside (path, ".corrupt", FALSE, &move_error);
  if (moved_to == NULL)
    return g_strdup_printf (_("%s It could not be moved aside (%s); move or delete it by hand."),
                            load_error->message, move_error->message);

  return g_strdup_printf (_("%s It was moved aside to %s so the other builds can be listed."),
                          load_error->message, moved_to);
}

static LoadResult *
load_builds_dir (const char  *builds_dir,
                 GError     **error)
{
  g_autoptr(LoadResult) result = g_new0 (LoadResult, 1);
  g_autoptr(GError) dir_error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  result->records = g_ptr_array_new_with_free_func (g_object_unref);
  result->problems = g_ptr_array_new_with_free_func (g_free);

  dir = g_dir_open (builds_dir, 0, &dir_error);
  if (dir == NULL)
    {
      if (g_error_matches (dir_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&result);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not list the build history in %s: %s"), builds_dir, dir_error->message);
      return NULL;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr(GError) load_error = NULL;
      KilnBuildRecord *record;

      if (!g_str_has_suffix (name, ".json") || name[0] == '.')
        continue;

      path = g_build_filename (builds_dir, name, NULL);
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;

      record = kiln_build_record_load (path, &load_error);
      if (record != NULL)
        g_ptr_array_add (result->records, record);
      else
        g_ptr_array_add (result->problems, describe_unreadable (path, load_error));
    }

  g_ptr_array_sort (result->records, compare_newest_first);
  g_ptr_array_sort (result->problems, compare_strings);

  return g_steal_pointer (&result);
}

static void
set_problems (KilnBuildHistory *self,
              GPtrArray        *problems)
{
  g_auto(GStrv) strv = NULL;

  g_ptr_array_add (problems, NULL);
  strv = (char **)g_ptr_array_steal (problems, NULL);

  if (self->problems == NULL && strv[0] == NULL)
    return;

  if (self->problems != NULL && g_strv_equal ((const char * const *)self->problems,
                                              (const char * const *)strv))
    return;

  g_strfreev (self->problems);
  self->problems = g_steal_pointer (&strv);
  if (self->problems[0] == NULL)
    g_clear_pointer (&self->problems, g_strfreev);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEMS]);
}

/* Replaces the whole list with one items-changed, so views rebuild once. */
static void
apply_load_result (KilnBuildHistory *self,
                   LoadResult       *result,
                   gboolean          notify)
{
  guint removed = self->loaded ? self->records->len : 0;
  guint added = result->records->len;

  g_ptr_array_unref (self->records);
  self->records = g_steal_pointer (&result->records);
  self->loaded = TRUE;
  set_problems (self, result->problems);

  if (notify && (removed > 0 || added > 0))
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, added);
}

/* Lazy: a view asking for the first time has seen nothing yet, so the first
 * load may fill the list without announcing a change. */
static void
ensure_loaded (KilnBuildHistory *self)
{
  g_autoptr(LoadResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (self->loaded)
    return;

  result = load_builds_dir (self->builds_dir, &error);
  if (result == NULL)
    {
      result = g_new0 (LoadResult, 1);
      result->records = g_ptr_array_new_with_free_func (g_object_unref);
      result->problems = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (result->problems, g_strdup (error->message));
    }

  apply_load_result (self, result, FALSE);
}

static GType
kiln_build_history_get_item_type (GListModel *model)
{
  return KILN_TYPE_BUILD_RECORD;
}

static guint
kiln_build_history_get_n_items (GListModel *model)
{
  KilnBuildHistory *self = KILN_BUILD_HISTORY (model);

  ensure_loaded (self);
  return self->records->len;
}

static gpointer
kiln_build_history_get_item (GListModel *model,
                             guint       position)
{
  KilnBuildHistory *self = KILN_BUILD_HISTORY (model);

  ensure_loaded (self);
  if (position >= self->records->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->records, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = kiln_build_history_get_item_type;
  iface->get_n_items = kiln_build_history_get_n_items;
  iface->get_item = kiln_build_history_get_item;
}

static void
kiln_build_history_constructed (GObject *object)
{
  KilnBuildHistory *self = (KilnBuildHistory *)object;
  g_autofree char *data_dir = NULL;

  G_OBJECT_CLASS (kiln_build_history_parent_class)->constructed (object);

  data_dir = kiln_paths_dup_project_data_dir (self->project_dir);
  self->builds_dir = g_build_filename (data_dir, "builds", NULL);
}

static void
kiln_build_history_finalize (GObject *object)
{
  KilnBuildHistory *self = (KilnBuildHistory *)object;

  g_clear_pointer (&self->project_dir, g_free);
  g_clear_pointer (&self->builds_dir, g_free);
  g_clear_pointer (&self->records, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_strfreev);

  G_OBJECT_CLASS (kiln_build_history_parent_class)->finalize (object);
}

static void
kiln_build_history_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  KilnBuildHistory *self = KILN_BUILD_HISTORY (object);

  switch (prop_id)
    {
    case PROP_PROJECT_DIR:
      g_value_set_string (value, self->project_dir);
      break;
    case PROP_PROBLEMS:
      g_value_set_boxed (value, self->problems);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_build_history_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  KilnBuildHistory *self = KILN_BUILD_HISTORY (object);

  switch (prop_id)
    {
    case PROP_PROJECT_DIR:
      self->project_dir = g_canonicalize_filename (g_value_get_string (value), NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_build_history_class_init (KilnBuildHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = kiln_build_history_constructed;
  object_class->finalize = kiln_build_history_finalize;
  object_class->get_property = kiln_build_history_get_property;
  object_class->set_property = kiln_build_history_set_property;

  properties[PROP_PROJECT_DIR] =
    g_param_spec_string ("project-dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROBLEMS] =
    g_param_spec_boxed ("problems", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiln_build_history_init (KilnBuildHistory *self)
{
  self->records = g_ptr_array_new_with_free_func (g_object_unref);
}

KilnBuildHistory *
kiln_build_history_new (const char *project_dir)
{
  g_return_val_if_fail (project_dir != NULL, NULL);

  return g_object_new (KILN_TYPE_BUILD_HISTORY,
                       "project-dir", project_dir,
                       NULL);
}

const char * const *
kiln_build_history_get_problems (KilnBuildHistory *self)
{
  g_return_val_if_fail (KILN_IS_BUILD_HISTORY (self), NULL);

  ensure_loaded (self);
  return (const char * const *)self->problems;
}

/* Damaged records do not fail the reload (the others are listed); they are
 * reported through the problems property. Only an unreadable folder fails. */
gboolean
kiln_build_history_reload (KilnBuildHistory  *self,
                           GError           **error)
{
  g_autoptr(LoadResult) result = NULL;

  g_return_val_if_fail (KILN_IS_BUILD_HISTORY (self), FALSE);

  result = load_builds_dir (self->builds_dir, error);
  if (result == NULL)
    return FALSE;

  apply_load_result (self, result, TRUE);
  return TRUE;
}

static void
reload_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  const char *builds_dir = task_data;
  GError *error = NULL;
  LoadResult *result = load_builds_dir (builds_dir, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify)load_result_free);
}

void
kiln_build_history_reload_async (KilnBuildHistory    *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KILN_IS_BUILD_HISTORY (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiln_build_history_reload_async);
  g_task_set_task_data (task, g_strdup (self->builds_dir), g_free);
  g_task_run_in_thread (task, reload_thread);
}

/* The list changes here, on the caller's thread, never from the worker. */
gboolean
kiln_build_history_reload_finish (KilnBuildHistory  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_autoptr(LoadResult) load_result = NULL;

  g_return_val_if_fail (KILN_IS_BUILD_HISTORY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  load_result = g_task_propagate_pointer (G_TASK (result), error);
  if (load_result == NULL)
    return FALSE;

  apply_load_result (self, load_result, TRUE);
  return TRUE;
}

static gboolean
find_record (KilnBuildHistory *self,
             const char       *id,
             guint            *position)
{
  for (guint i = 0; i < self->records->len; i++)
    {
      KilnBuildRecord *record = g_ptr_array_index (self->records, i);

      if (g_strcmp0 (kiln_build_record_get_id (record), id) == 0)
        {
          *position = i;
          return TRUE;
        }
    }

  return FALSE;
}

KilnBuildRecord *
kiln_build_history_lookup (KilnBuildHistory *self,
                           const char       *id)
{
  guint position;

  g_return_val_if_fail (KILN_IS_BUILD_HISTORY (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  ensure_loaded (self);
  if (!find_record (self, id, &position))
    return NULL;

  return g_ptr_array_index (self->records, position);
}

/* For a record that was just saved: it takes its sorted place (normally the
 * top) without re-reading the folder. A record with the same id, e.g. the
 * running one the list already shows, is replaced. */
void
kiln_build_history_add (KilnBuildHistory *self,
                        KilnBuildRecord  *record)
{
  gboolean replacing = FALSE;
  guint old_position = 0;
  guint position;

  g_return_if_fail (KILN_IS_BUILD_HISTORY (self));
  g_return_if_fail (KILN_IS_BUILD_RECORD (record));
  g_return_if_fail (kiln_build_record_get_started_at (record) != NULL);

  ensure_loaded (self);

  if (find_record (self, kiln_build_record_get_id (record), &old_position))
    {
      if (g_ptr_array_index (self->records, old_position) == record)
        return;

      g_ptr_array_remove_index (self->records, old_position);
      replacing = TRUE;
    }

  for (position = 0; position < self->records->len; position++)
    {
      if (compare_newest_first (&record, &g_ptr_array_index (self->records, position)) < 0)
        break;
    }

  if (replacing && old_position == position)
    {
      g_ptr_array_insert (self->records, position, g_object_ref (record));
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
      return;
    }

  /* Announced in two steps so the list matches each signal when it fires. */
  if (replacing)
    g_list_model_items_changed (G_LIST_MODEL (self), old_position, 1, 0);
  g_ptr_array_insert (self->records, position, g_object_ref (record));
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
}

static gboolean
delete_file (const char  *path,
             GError     **error)
{
  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not delete %s: %s. Check the folder’s permissions."),
                   path, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

/* The log goes first: if the record then cannot be deleted it is still
 * listed and can be removed again, instead of a listed record whose file is
 * already gone. */
static gboolean
delete_record_files (KilnBuildRecord  *record,
                     GError          **error)
{
  return delete_file (kiln_build_record_get_log_path (record), error)
      && delete_file (kiln_build_record_get_path (record), error);
}

gboolean
kiln_build_history_remove (KilnBuildHistory  *self,
                           KilnBuildRecord   *record,
                           GError           **error)
{
  guint position;

  g_return_val_if_fail (KILN_IS_BUILD_HISTORY (self), FALSE);
  g_return_val_if_fail (KILN_IS_BUILD_RECORD (record), FALSE);

  ensure_loaded (self);

  if (!delete_record_files (record, error))
    return FALSE;

  if (find_record (self, kiln_build_record_get_id (record), &position))
    {
      g_ptr_array_remove_index (self->records, position);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
    }

  return TRUE;
}

/* Deletes from the oldest up, so a failure part-way still leaves the list a
 * contiguous newest-first prefix and one items-changed describes it. */
gboolean
kiln_build_history_prune (KilnBuildHistory  *self,
                          guint              keep_newest,
                          GError           **error)
{
  guint old_len;
  guint new_len;
  gboolean ok = TRUE;

  g_return_val_if_fail (KILN_IS_BUILD_HISTORY (self), FALSE);

  ensure_loaded (self);

  old_len = self->records->len;
  new_len = old_len;

  while (new_len > keep_newest)
    {
      if (!delete_record_files (g_ptr_array_index (self->records, new_len - 1), error))
        {
          ok = FALSE;
          break;
        }
      new_len--;
    }

  if (new_len < old_len)
    {
      g_ptr_array_remove_range (self->records, new_len, old_len - new_len);
      g_list_model_items_changed (G_LIST_MODEL (self), new_len, old_len - new_len, 0);
    }

  return ok;
}
