#define G_LOG_DOMAIN "kiln-process"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "kiln-toolchain-private.h"

/* Where elixir and erl are: on PATH, or installed with asdf or mise. */

static const char * const source_names[KILN_TOOLCHAIN_N_SOURCES] = { "PATH", "asdf", "mise" };

const char *
kiln_toolchain_source_name (KilnToolchainSource source)
{
  return source_names[source];
}

/* Searching PATH by hand, rather than with g_find_program_in_path(), keeps an
 * empty PATH empty instead of meaning “the current folder”. */
static char *
find_in_path (const char *program)
{
  const char *path = g_getenv ("PATH");
  g_auto(GStrv) dirs = NULL;

  if (path == NULL || *path == '\0')
    return NULL;

  dirs = g_strsplit (path, G_SEARCHPATH_SEPARATOR_S, -1);
  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *candidate = NULL;

      if (!g_path_is_absolute (dirs[i]))
        continue;

      candidate = g_build_filename (dirs[i], program, NULL);
      if (g_file_test (candidate, G_FILE_TEST_IS_REGULAR) &&
          g_file_test (candidate, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&candidate);
    }

  return NULL;
}

static char *
dup_manager_data_dir (KilnToolchainSource source)
{
  const char *variable = source == KILN_TOOLCHAIN_SOURCE_ASDF ? "ASDF_DATA_DIR" : "MISE_DATA_DIR";
  const char *override = g_getenv (variable);
  const char *home = g_get_home_dir ();

  if (override != NULL && *override != '\0')
    return g_strdup (override);

  if (source == KILN_TOOLCHAIN_SOURCE_ASDF)
    return g_build_filename (home, ".asdf", NULL);
  else
    return g_build_filename (home, ".local", "share", "mise", NULL);
}

static int
compare_versions_newest_first (gconstpointer a,
                               gconstpointer b)
{
  return -strverscmp (*(const char * const *) a, *(const char * const *) b);
}

static char *
find_in_manager (KilnToolchainSource  source,
                 const char          *tool,
                 const char          *program)
{
  g_autofree char *data_dir = dup_manager_data_dir (source);
  g_autofree char *installs = g_build_filename (data_dir, "installs", tool, NULL);
  g_autoptr(GPtrArray) versions = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (installs, 0, NULL);
  const char *name;

  if (dir == NULL)
    return NULL;

  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (versions, g_strdup (name));
  g_ptr_array_sort (versions, compare_versions_newest_first);

  for (guint i = 0; i < versions->len; i++)
    {
      g_autofree char *candidate = g_build_filename (installs, versions->pdata[i], "bin", program, NULL);

      if (g_file_test (candidate, G_FILE_TEST_IS_REGULAR) &&
          g_file_test (candidate, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&candidate);
    }

  return NULL;
}

static char *
find_program (KilnToolchainSource  source,
              const char          *tool,
              const char          *program)
{
  if (source == KILN_TOOLCHAIN_SOURCE_PATH)
    return find_in_path (program);
  return find_in_manager (source, tool, program);
}

char *
kiln_toolchain_find_elixir (KilnToolchainSource  first,
                            KilnToolchainSource *found_in)
{
  for (KilnToolchainSource source = first; source < KILN_TOOLCHAIN_N_SOURCES; source++)
    {
      char *path = find_program (source, "elixir", "elixir");

      if (path != NULL)
        {
          *found_in = source;
          return path;
        }
    }

  return NULL;
}

char *
kiln_toolchain_find_erl_in_managers (void)
{
  char *path = find_program (KILN_TOOLCHAIN_SOURCE_ASDF, "erlang", "erl");

  return path != NULL ? path : find_program (KILN_TOOLCHAIN_SOURCE_MISE, "erlang", "erl");
}

/* An Elixir from a version manager is built for that manager's Erlang, so
 * its erl is preferred over the one on PATH. */
char *
kiln_toolchain_find_erl (KilnToolchainSource elixir_source)
{
  KilnToolchainSource order[KILN_TOOLCHAIN_N_SOURCES] = {
    KILN_TOOLCHAIN_SOURCE_PATH, KILN_TOOLCHAIN_SOURCE_ASDF, KILN_TOOLCHAIN_SOURCE_MISE
  };

  if (elixir_source != KILN_TOOLCHAIN_SOURCE_PATH)
    {
      order[0] = elixir_source;
      order[1] = KILN_TOOLCHAIN_SOURCE_PATH;
      order[2] = elixir_source == KILN_TOOLCHAIN_SOURCE_ASDF
                 ? KILN_TOOLCHAIN_SOURCE_MISE : KILN_TOOLCHAIN_SOURCE_ASDF;
    }

  for (guint i = 0; i < KILN_TOOLCHAIN_N_SOURCES; i++)
    {
      char *path = find_program (order[i], "erlang", "erl");

      if (path != NULL)
        return path;
    }

  return NULL;
}

void
kiln_host_probe_clear (KilnHostProbe *probe)
{
  g_clear_pointer (&probe->path, g_free);
  g_clear_pointer (&probe->elixir, g_free);
  g_clear_pointer (&probe->mix, g_free);
  g_clear_pointer (&probe->erl, g_free);
}

/* Inside Flatpak the host's programs are neither on the sandbox's PATH nor
 * visible to g_file_test(), so the host's own shell looks them up. The
 * version managers live under $HOME, which the sandbox shares. */
gboolean
kiln_toolchain_probe_host (KilnHostProbe  *probe,
                           GCancellable   *cancellable,
                           GError        **error)
{
  static const char script[] =
    "printf 'path=%s\\n' \"$PATH\"\n"
    "for p in elixir mix erl; do\n"
    "  f=$(command -v \"$p\") && printf '%s=%s\\n' \"$p\" \"$f\"\n"
    "done\n"
    "exit 0\n";
  g_autoptr(KilnProcess) process = kiln_process_newv (NULL, "sh", "-c", script, NULL);
  g_auto(GStrv) lines = NULL;
  int exit_status = -1;

  kiln_process_set_capture_output (process, TRUE);
  if (!kiln_process_run_sync (process, cancellable, &exit_status, error))
    {
      g_prefix_error (error, _("Could not look for Elixir on the host: "));
      return FALSE;
    }

  lines = g_strsplit (kiln_process_get_stdout_text (process), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char **field = NULL;
      char *value = strchr (lines[i], '=');

      if (value == NULL)
        continue;
      *value++ = '\0';

      if (g_str_equal (lines[i], "path"))
        field = &probe->path;
      else if (g_str_equal (lines[i], "elixir"))
        field = &probe->elixir;
      else if (g_str_equal (lines[i], "mix"))
        field = &probe->mix;
      else if (g_str_equal (lines[i], "erl"))
        field = &probe->erl;

      if (field == NULL || (field != &probe->path && !g_path_is_absolute (value)))
        continue;

      g_free (*field);
      *field = g_strdup (value);
    }

  return TRUE;
}
