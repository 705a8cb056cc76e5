#define G_LOG_DOMAIN "kiln-project"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kiln-error.h"
#include "kiln-helper.h"
#include "kiln-project-private.h"

/* Asking Mix about a project, through kiln-inspect.exs, or the cache. */

static guint inspection_time_limit_s = KILN_INSPECTION_TIME_LIMIT_DEFAULT;

/* 0 waits forever. */
void
kiln_project_set_inspection_time_limit (guint seconds)
{
  g_atomic_int_set (&inspection_time_limit_s, seconds);
}

guint
kiln_project_get_inspection_time_limit (void)
{
  return g_atomic_int_get (&inspection_time_limit_s);
}

static JsonObject *
run_inspect_helper (KilnHelper    *helper,
                    const char    *project_path,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (!kiln_helper_run (helper, cancellable, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        g_set_error (error, KILN_ERROR, KILN_ERROR_PROJECT_INVALID,
                     _("mix.exs in “%s” did not finish evaluating within %u s. Look in it for code that "
                       "waits or loops, or allow more time (kiln --timeout, or Inspection in Preferences)."),
                     project_path, kiln_project_get_inspection_time_limit ());
      else if (g_error_matches (local_error, KILN_ERROR, KILN_ERROR_PROJECT_INVALID)
          && kiln_helper_get_exit_status (helper) != 0)
        g_set_error (error, KILN_ERROR, KILN_ERROR_PROJECT_INVALID,
                     _("Mix could not load the project in “%s” (exit status %d):\n%s\n"
                       "Fix the problem in mix.exs, then try again."),
                     project_path, kiln_helper_get_exit_status (helper), local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  root = kiln_helper_get_result (helper);
  if (!JSON_NODE_HOLDS_OBJECT (root) || !kiln_project_inspection_is_valid (json_node_get_object (root)))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_HELPER_FAILED,
                   _("Kiln could not read what Mix said about “%s”: %s. This is a bug in Kiln; please report it."),
                   project_path, _("The inspection document does not have the expected shape"));
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

static char *
dup_project_path (const char  *directory,
                  GError     **error)
{
  g_autofree char *path = g_canonicalize_filename (directory, NULL);
  g_autofree char *mix_exs = g_build_filename (path, "mix.exs", NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_NOT_A_PROJECT,
                   _("“%s” is not a Mix project: the folder does not exist. "
                     "Choose the folder that contains mix.exs."), path);
      return NULL;
    }

  if (!g_file_test (mix_exs, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_NOT_A_PROJECT,
                   _("“%s” is not a Mix project: it has no mix.exs. "
                     "Choose the folder that contains mix.exs."), path);
      return NULL;
    }

  return g_steal_pointer (&path);
}

KilnProject *
kiln_project_inspect (const char     *directory,
                      KilnToolchain  *toolchain,
                      GCancellable   *cancellable,
                      GError        **error)
{
  g_autoptr(KilnToolchain) discovered = NULL;
  g_autoptr(KilnHelper) helper = NULL;
  g_autoptr(JsonObject) inspection = NULL;
  g_autofree char *path = NULL;
  g_autofree char *helper_name = NULL;
  g_autofree char *identity = NULL;
  g_autofree char *stamp = NULL;

  g_return_val_if_fail (directory != NULL, NULL);
  g_return_val_if_fail (!toolchain || KILN_IS_TOOLCHAIN (toolchain), NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (!(path = dup_project_path (directory, error)))
    return NULL;

  if (toolchain == NULL && !(toolchain = discovered = kiln_toolchain_discover (cancellable, error)))
    return NULL;

  helper = kiln_helper_new (toolchain, "kiln-inspect.exs", KILN_HELPER_MODE_RESULT);
  kiln_helper_set_cwd (helper, path);
  kiln_helper_add_arguments (helper, path, NULL);
  /* Mix runs the project's mix.exs, which may stop the BEAM itself. */
  kiln_helper_set_crash_kind (helper, "project");
  kiln_helper_set_time_limit (helper, kiln_project_get_inspection_time_limit ());
  if (!kiln_helper_prepare (helper, error))
    return NULL;

  helper_name = g_path_get_basename (kiln_helper_get_script_path (helper));
  identity = g_strdup_printf ("helper %s\nelixir %s %s\n", helper_name,
                              kiln_toolchain_get_elixir_path (toolchain),
                              kiln_toolchain_get_elixir_version (toolchain));

  if ((inspection = kiln_project_cache_load (path, identity)))
    return kiln_project_new_from_inspection (path, inspection, TRUE);

  stamp = kiln_project_cache_stamp (path, identity);
  if (!(inspection = run_inspect_helper (helper, path, cancellable, error)))
    return NULL;

  kiln_project_cache_store (path, identity, stamp, inspection);

  return kiln_project_new_from_inspection (path, inspection, FALSE);
}

typedef struct
{
  char          *directory;
  KilnToolchain *toolchain;
} InspectData;

static void
inspect_data_free (InspectData *data)
{
  g_clear_pointer (&data->directory, g_free);
  g_clear_object (&data->toolchain);
  g_free (data);
}

static void
inspect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  InspectData *data = task_data;
  GError *error = NULL;
  KilnProject *project = kiln_project_inspect (data->directory, data->toolchain, cancellable, &error);

  if (project == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, project, g_object_unref);
}

void
kiln_project_inspect_async (const char          *directory,
                            KilnToolchain       *toolchain,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  InspectData *data;

  g_return_if_fail (directory != NULL);
  g_return_if_fail (!toolchain || KILN_IS_TOOLCHAIN (toolchain));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (InspectData, 1);
  data->directory = g_strdup (directory);
  data->toolchain = toolchain ? g_object_ref (toolchain) : NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiln_project_inspect_async);
  g_task_set_task_data (task, data, (GDestroyNotify) inspect_data_free);
  g_task_run_in_thread (task, inspect_thread);
}

KilnProject *
kiln_project_inspect_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kiln_project_inspect_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
