#define G_LOG_DOMAIN "kiln-test"

#include "config.h"

#include <string.h>

#include <errno.h>
#include <glib/gstdio.h>
#include <stdlib.h>

#include "kiln-paths.h"
#include "kiln-process.h"
#include "kiln-toolchain.h"
#include "kiln-test-util.h"

static char *test_home;

static void
remove_test_home (void)
{
  if (test_home != NULL && g_getenv ("KILN_TEST_KEEP") == NULL)
    kiln_paths_remove_tree (test_home, NULL);
  g_clear_pointer (&test_home, g_free);
}

/* G_TEST_OPTION_ISOLATE_DIRS gives every test case its own HOME and XDG
 * folders, so profiles, history and caches never leak between tests or into
 * the developer's own. TMPDIR is the program's own too, so what a test counts
 * or leaves there is never mixed with another run's. GLib reads TMPDIR once,
 * hence before g_test_init. */
void
kiln_test_init (int    *argc,
                char ***argv)
{
  const char *system_tmp = g_getenv ("TMPDIR");
  g_autofree char *tmp_dir = NULL;

  test_home = g_build_filename (system_tmp != NULL && system_tmp[0] != '\0' ? system_tmp : "/tmp",
                                "kiln-test-XXXXXX", NULL);
  if (g_mkdtemp (test_home) == NULL)
    g_error ("Cannot create the test folder %s: %s", test_home, g_strerror (errno));
  atexit (remove_test_home);

  tmp_dir = g_build_filename (test_home, "tmp", NULL);
  if (g_mkdir (tmp_dir, 0700) != 0)
    g_error ("Cannot create %s: %s", tmp_dir, g_strerror (errno));
  g_setenv ("TMPDIR", tmp_dir, TRUE);

  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_setenv ("KILN_SAMPLE_DIR", KILN_SOURCE_ROOT "/data/examples/hello_release", FALSE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
}

const char *
kiln_test_fixtures_dir (void)
{
  return KILN_SOURCE_ROOT "/tests/fixtures";
}

char *
kiln_test_make_temp_dir (const char *purpose)
{
  g_autofree char *template = g_strdup_printf ("%s-XXXXXX", purpose);
  g_autofree char *path = NULL;

  g_assert_nonnull (test_home);
  path = g_build_filename (test_home, template, NULL);
  g_assert_nonnull (g_mkdtemp (path));

  return g_steal_pointer (&path);
}

/* The copy keeps the original's folder name: projects are named after it. */
static char *
copy_project (const char *source)
{
  g_autofree char *name = g_path_get_basename (source);
  g_autofree char *parent = kiln_test_make_temp_dir (name);
  g_autofree char *copy = g_build_filename (parent, name, NULL);
  g_autoptr(GError) error = NULL;

  kiln_paths_copy_tree (source, copy, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&copy);
}

char *
kiln_test_copy_fixture (const char *name)
{
  g_autofree char *source = g_build_filename (kiln_test_fixtures_dir (), name, NULL);

  return copy_project (source);
}

char *
kiln_test_copy_sample (void)
{
  return copy_project (g_getenv ("KILN_SAMPLE_DIR"));
}

char *
kiln_test_read_file (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&contents);
}

void
kiln_test_remove_tree (const char *path)
{
  g_autoptr(GError) error = NULL;

  if (g_getenv ("KILN_TEST_KEEP") != NULL)
    return;

  kiln_paths_remove_tree (path, &error);
  g_assert_no_error (error);
}

gboolean
kiln_test_toolchain_available (void)
{
  g_autofree char *elixir = g_find_program_in_path ("elixir");

  return elixir != NULL;
}

gboolean
kiln_test_skip_without_toolchain (void)
{
  if (kiln_test_toolchain_available ())
    return FALSE;

  g_test_skip ("Elixir is not installed");
  return TRUE;
}

static KilnToolchain *shared_toolchain;

static void
clear_shared_toolchain (void)
{
  g_clear_object (&shared_toolchain);
}

/* Discovered once per test program; most tests only need one. */
KilnToolchain *
kiln_test_get_toolchain (void)
{
  g_autoptr(GError) error = NULL;

  if (shared_toolchain == NULL)
    {
      shared_toolchain = kiln_toolchain_discover (NULL, &error);
      g_assert_no_error (error);
      atexit (clear_shared_toolchain);
    }

  return shared_toolchain;
}

static gboolean
any_process_mentions (const char *needle)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;

  g_assert_nonnull (proc);
  while ((name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *cmdline = NULL;
      gsize length = 0;

      if (!g_ascii_isdigit (*name))
        continue;

      path = g_build_filename ("/proc", name, "cmdline", NULL);
      if (!g_file_get_contents (path, &cmdline, &length, NULL))
        continue;

      for (gsize i = 0; i + 1 < length; i++)
        if (cmdline[i] == '\0')
          cmdline[i] = ' ';

      if (strstr (cmdline, needle) != NULL)
        return TRUE;
    }

  return FALSE;
}

/* Killed processes take a moment to be reaped: wait up to 5 s. */
gboolean
kiln_test_no_process_mentions (const char *needle)
{
  for (guint i = 0; i < 50; i++)
    {
      if (!any_process_mentions (needle))
        return TRUE;
      g_usleep (G_USEC_PER_SEC / 10);
    }

  return FALSE;
}

/* git with a fixed identity and branch, failing the test if it fails. */
void
kiln_test_run_git (const char *dir,
                   const char *first_argument,
                   ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(KilnProcess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;
  va_list args;
  int status = -1;

  g_strv_builder_add_many (builder, "git", "-c", "user.name=Kiln Tests", "-c", "user.email=tests@kiln.invalid",
                           "-c", "init.defaultBranch=main", NULL);
  va_start (args, first_argument);
  for (const char *arg = first_argument; arg != NULL; arg = va_arg (args, const char *))
    g_strv_builder_add (builder, arg);
  va_end (args);
  argv = g_strv_builder_end (builder);

  process = kiln_process_new ((const char * const *) argv, dir);
  kiln_process_set_capture_output (process, TRUE);
  kiln_process_run_sync (process, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
}
