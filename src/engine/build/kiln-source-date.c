#define G_LOG_DOMAIN "kiln-build"

#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "kiln-process.h"
#include "kiln-source-date.h"

/* Two builds of the same sources give the same archives only if every
 * mtime in them is the same: the files Mix writes are new each time, so
 * they are clamped to a time that belongs to the sources, not the build. */

/* What the project's own sources are; deps/ and _build/ are not, and
 * priv/static is written by the Assets step of the build itself. */
static const char * const source_paths[] = {
  "mix.exs", "mix.lock", "config", "lib", "rel", "apps", "priv", NULL
};

/* A walk that stops somewhere, on a tree no project has. */
#define MAX_SOURCE_ENTRIES 200000

gint64
kiln_source_date_from_environment (void)
{
  const char *value = g_getenv ("SOURCE_DATE_EPOCH");
  guint64 epoch;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT64, &epoch, NULL))
    return -1;

  return (gint64) epoch;
}

static gint64
from_git (const char   *project_dir,
          GCancellable *cancellable)
{
  g_autoptr(KilnProcess) process = NULL;
  g_autofree char *output = NULL;
  guint64 epoch;
  int status = -1;

  /* A project inside a larger repository counts too, by the commits that
   * touched its folder; without git installed, the sources decide. */
  process = kiln_process_newv (project_dir, "git", "log", "-1", "--format=%ct", "--", ".", NULL);
  kiln_process_setenv (process, "GIT_OPTIONAL_LOCKS", "0");
  kiln_process_set_capture_output (process, TRUE);
  kiln_process_set_time_limit (process, 30);
  if (!kiln_process_run_sync (process, cancellable, &status, NULL) || status != 0)
    return -1;

  output = g_strstrip (g_strdup (kiln_process_get_stdout_text (process)));
  if (!g_ascii_string_to_unsigned (output, 10, 1, G_MAXINT64, &epoch, NULL))
    return -1;

  return (gint64) epoch;
}

static void
newest_in (const char *path,
           gint64     *newest,
           guint      *n_entries)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;
  struct stat st;

  if (*n_entries >= MAX_SOURCE_ENTRIES || g_lstat (path, &st) != 0 || S_ISLNK (st.st_mode))
    return;
  (*n_entries)++;

  if (!S_ISDIR (st.st_mode))
    {
      if (S_ISREG (st.st_mode) && st.st_mtime > *newest)
        *newest = st.st_mtime;
      return;
    }

  if (!(dir = g_dir_open (path, 0, NULL)))
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = NULL;

      /* Umbrella apps keep _build and deps at the top, but not always. */
      if (g_str_equal (name, "_build") || g_str_equal (name, "deps") || g_str_equal (name, "node_modules"))
        continue;

      child = g_build_filename (path, name, NULL);
      newest_in (child, newest, n_entries);
    }
}

static gint64
from_sources (const char *project_dir)
{
  gint64 newest = -1;
  guint n_entries = 0;

  for (guint i = 0; source_paths[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (project_dir, source_paths[i], NULL);

      if (g_str_equal (source_paths[i], "priv"))
        {
          g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
          const char *name;

          while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
            {
              g_autofree char *child = NULL;

              if (g_str_equal (name, "static"))
                continue;
              child = g_build_filename (path, name, NULL);
              newest_in (child, &newest, &n_entries);
            }
          continue;
        }

      newest_in (path, &newest, &n_entries);
    }

  return newest;
}

/* Blocks (it may run git): call it from a thread. Returns -1, with
 * KILN_SOURCE_DATE_NONE, when nothing gives a time. */
gint64
kiln_source_date_find (const char           *project_dir,
                       KilnSourceDateOrigin *origin,
                       GCancellable         *cancellable)
{
  gint64 epoch;

  g_return_val_if_fail (project_dir != NULL, -1);
  g_return_val_if_fail (origin != NULL, -1);

  if ((epoch = kiln_source_date_from_environment ()) >= 0)
    *origin = KILN_SOURCE_DATE_ENVIRONMENT;
  else if ((epoch = from_git (project_dir, cancellable)) >= 0)
    *origin = KILN_SOURCE_DATE_GIT;
  else if ((epoch = from_sources (project_dir)) >= 0)
    *origin = KILN_SOURCE_DATE_SOURCES;
  else
    *origin = KILN_SOURCE_DATE_NONE;

  return epoch;
}

/* For the record and JSON. */
const char *
kiln_source_date_origin_to_string (KilnSourceDateOrigin origin)
{
  switch (origin)
    {
    case KILN_SOURCE_DATE_ENVIRONMENT: return "SOURCE_DATE_EPOCH";
    case KILN_SOURCE_DATE_GIT:         return "git";
    case KILN_SOURCE_DATE_SOURCES:     return "sources";
    case KILN_SOURCE_DATE_NONE:
    default:                           return NULL;
    }
}
