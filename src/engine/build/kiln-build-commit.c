#define G_LOG_DOMAIN "kiln-build"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <glib/gstdio.h>

#include "kiln-build-plan.h"
#include "kiln-error.h"
#include "kiln-paths.h"
#include "kiln-release-tree.h"

/* Committing a build: everything is made, packaged and checked under staged
 * names, and only then moved into place in one go, so that a build that
 * fails or is cancelled before the swap leaves the last release, archives
 * and checksums exactly as they were. */

static char *
dup_hidden_sibling (const char *path,
                    const char *suffix)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_strdup_printf (".%s.%s", base, suffix);

  return g_build_filename (dir, name, NULL);
}

char *
kiln_build_plan_dup_staged_path (const char *final_path)
{
  return dup_hidden_sibling (final_path, "kiln-new");
}

/* The stages run one at a time, so whichever thread runs one may add. */
char *
kiln_build_plan_add_staged_file (KilnBuildPlan *plan,
                                 const char    *final_path)
{
  char *staged = dup_hidden_sibling (final_path, "kiln-new");

  g_ptr_array_add (plan->staged_files, g_strdup (staged));
  g_ptr_array_add (plan->final_files, g_strdup (final_path));

  return staged;
}

static char *
read_release_version (const char  *release_dir,
                      GError     **error)
{
  g_autofree char *path = g_build_filename (release_dir, "releases", "start_erl.data", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) fields = NULL;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;

  fields = g_strsplit_set (g_strstrip (contents), " \t\n", -1);
  if (g_strv_length (fields) < 2 || *fields[1] == '\0')
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_BUILD_FAILED,
                   _("The release in %s has no version in releases/start_erl.data. Build it again."),
                   release_dir);
      return NULL;
    }

  return g_strdup (fields[1]);
}

static gboolean
rename_path (const char  *from,
             const char  *to,
             GError     **error)
{
  if (g_rename (from, to) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not move %s to %s: %s"), from, to, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

/* Reads the staged release's version, and takes the archive Mix's :tar step
 * wrote inside it out of the tree before that tree is packaged. */
gboolean
kiln_build_plan_settle (KilnBuildPlan  *plan,
                        char          **version,
                        GError        **error)
{
  g_autofree char *release_version = read_release_version (plan->staging_dir, error);

  if (release_version == NULL)
    return FALSE;

  if (plan->tar_dir != NULL)
    {
      g_autofree char *name = g_strdup_printf ("%s-%s.tar.gz", plan->release_name, release_version);
      g_autofree char *inside = g_build_filename (plan->staging_dir, name, NULL);
      g_autofree char *outside = g_build_filename (plan->tar_dir, name, NULL);

      if (g_file_test (inside, G_FILE_TEST_IS_REGULAR))
        {
          g_autofree char *staged = kiln_build_plan_add_staged_file (plan, outside);

          if (!rename_path (inside, staged, error))
            return FALSE;
        }
    }

  g_free (plan->release_version);
  plan->release_version = g_strdup (release_version);
  if (version != NULL)
    *version = g_steal_pointer (&release_version);

  return TRUE;
}

/* Undoes the moves of files 0 .. N_MOVED - 1, newest first. */
static void
put_files_back (KilnBuildPlan *plan,
                guint          n_moved,
                gboolean      *had_final)
{
  for (guint i = n_moved; i-- > 0;)
    {
      const char *final = g_ptr_array_index (plan->final_files, i);
      g_autofree char *previous = dup_hidden_sibling (final, "kiln-previous");

      g_rename (final, g_ptr_array_index (plan->staged_files, i));
      if (had_final[i])
        g_rename (previous, final);
    }
}

/* The previous release and archives stay whole until every new one is in
 * place, and are put back if any cannot take its place. */
gboolean
kiln_build_plan_swap (KilnBuildPlan  *plan,
                      guint64        *size,
                      GError        **error)
{
  g_autofree gboolean *had_final = g_new0 (gboolean, plan->final_files->len + 1);
  gboolean had_previous;
  guint moved;

  if (plan->release_version == NULL && !kiln_build_plan_settle (plan, NULL, error))
    return FALSE;

  if (!kiln_paths_remove_tree (plan->previous_dir, error))
    return FALSE;

  had_previous = g_file_test (plan->release_dir, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK);
  if (had_previous && !rename_path (plan->release_dir, plan->previous_dir, error))
    return FALSE;

  if (!rename_path (plan->staging_dir, plan->release_dir, error))
    {
      if (had_previous)
        g_rename (plan->previous_dir, plan->release_dir);
      return FALSE;
    }

  for (moved = 0; moved < plan->final_files->len; moved++)
    {
      const char *final = g_ptr_array_index (plan->final_files, moved);
      g_autofree char *previous = dup_hidden_sibling (final, "kiln-previous");

      had_final[moved] = g_file_test (final, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK);
      if (had_final[moved] && !rename_path (final, previous, error))
        break;

      if (!rename_path (g_ptr_array_index (plan->staged_files, moved), final, error))
        {
          if (had_final[moved])
            g_rename (previous, final);
          break;
        }
    }

  if (moved < plan->final_files->len)
    {
      put_files_back (plan, moved, had_final);
      g_rename (plan->release_dir, plan->staging_dir);
      if (had_previous)
        g_rename (plan->previous_dir, plan->release_dir);
      return FALSE;
    }

  for (guint i = 0; i < plan->final_files->len; i++)
    {
      g_autofree char *previous = dup_hidden_sibling (g_ptr_array_index (plan->final_files, i), "kiln-previous");

      if (had_final[i])
        g_unlink (previous);
    }
  /* Nothing is left to discard once everything is in place. */
  g_ptr_array_set_size (plan->staged_files, 0);

  if (had_previous)
    kiln_paths_remove_tree (plan->previous_dir, NULL);

  if (size != NULL)
    *size = kiln_release_tree_measure (plan->release_dir);

  return TRUE;
}
