#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "kiln-error.h"
#include "kiln-paths.h"
#include "kiln-toolchain.h"
#include "kiln-test-util.h"

#define VERSION_QUERY \
  "IO.puts(System.version()); " \
  "IO.puts(:erlang.system_info(:otp_release)); " \
  "IO.puts(:erlang.system_info(:version))"

static char *original_path;

static void
restore_path (void)
{
  g_setenv ("PATH", original_path, TRUE);
}

static void
write_script (const char *path,
              const char *contents)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, 0755), ==, 0);
}

static char *
exec_wrapper (const char *target,
              const char *counter_file)
{
  if (counter_file != NULL)
    return g_strdup_printf ("#!/bin/sh\necho ran >> '%s'\nexec %s \"$@\"\n", counter_file, target);
  return g_strdup_printf ("#!/bin/sh\nexec %s \"$@\"\n", target);
}

/* A bin folder with elixir, mix and erl wrappers around the real ones. */
static void
make_wrapped_bin_dir (const char *bin_dir,
                      const char *counter_file)
{
  g_autofree char *elixir = g_build_filename (bin_dir, "elixir", NULL);
  g_autofree char *mix = g_build_filename (bin_dir, "mix", NULL);
  g_autofree char *erl = g_build_filename (bin_dir, "erl", NULL);
  g_autofree char *elixir_script = exec_wrapper ("/usr/bin/elixir", counter_file);
  g_autofree char *mix_script = exec_wrapper ("/usr/bin/mix", NULL);
  g_autofree char *erl_script = exec_wrapper ("/usr/bin/erl", NULL);

  write_script (elixir, elixir_script);
  write_script (mix, mix_script);
  write_script (erl, erl_script);
}

static guint
count_lines (const char *path)
{
  g_autofree char *contents = NULL;
  guint count = 0;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;
  for (const char *c = contents; *c != '\0'; c++)
    count += *c == '\n';

  return count;
}

static void
set_mtime (const char *path,
           time_t      seconds)
{
  struct timespec times[2] = { { seconds, 0 }, { seconds, 0 } };

  g_assert_cmpint (utimensat (AT_FDCWD, path, times, 0), ==, 0);
}

static void
test_system_toolchain (void)
{
  g_autoptr(KilnToolchain) toolchain = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected_elixir = g_find_program_in_path ("elixir");
  g_autofree char *expected_erl = g_find_program_in_path ("erl");
  g_autofree char *expected_output = NULL;
  g_autofree char *actual_output = NULL;
  g_autofree char *bin_dir = NULL;
  g_autofree char *mix_dir = NULL;
  int wait_status = 0;
  const char *argv[] = { "elixir", "-e", VERSION_QUERY, NULL };

  if (!kiln_test_toolchain_available ())
    {
      g_test_skip ("Elixir is not installed");
      return;
    }

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &expected_output, NULL, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (wait_status, NULL));

  toolchain = kiln_toolchain_discover (NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (toolchain);

  g_assert_cmpstr (kiln_toolchain_get_source (toolchain), ==, "PATH");
  g_assert_cmpstr (kiln_toolchain_get_elixir_path (toolchain), ==, expected_elixir);
  g_assert_cmpstr (kiln_toolchain_get_erl_path (toolchain), ==, expected_erl);
  bin_dir = g_path_get_dirname (expected_elixir);
  mix_dir = g_path_get_dirname (kiln_toolchain_get_mix_path (toolchain));
  g_assert_cmpstr (mix_dir, ==, bin_dir);
  g_assert_true (g_file_test (kiln_toolchain_get_mix_path (toolchain), G_FILE_TEST_IS_EXECUTABLE));

  actual_output = g_strdup_printf ("%s\n%s\n%s\n",
                                   kiln_toolchain_get_elixir_version (toolchain),
                                   kiln_toolchain_get_otp_release (toolchain),
                                   kiln_toolchain_get_erts_version (toolchain));
  g_assert_cmpstr (actual_output, ==, expected_output);
}

static void
discover_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_async_and_properties (void)
{
  g_autoptr(KilnToolchain) toolchain = NULL;
  g_autoptr(KilnToolchain) sync_toolchain = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnProcess) process = NULL;
  g_autofree char *version = NULL;
  g_autofree char *bin_dir = NULL;
  g_autofree char *path_prefix = NULL;
  const char *arguments[] = { "-e", "IO.puts(System.get_env(\"PATH\"))", NULL };
  int exit_status = -1;

  if (!kiln_test_toolchain_available ())
    {
      g_test_skip ("Elixir is not installed");
      return;
    }

  kiln_toolchain_discover_async (NULL, discover_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  toolchain = kiln_toolchain_discover_finish (result, &error);
  g_assert_no_error (error);

  sync_toolchain = kiln_toolchain_discover (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kiln_toolchain_get_elixir_version (toolchain), ==,
                   kiln_toolchain_get_elixir_version (sync_toolchain));

  g_object_get (toolchain, "elixir-version", &version, NULL);
  g_assert_cmpstr (version, ==, kiln_toolchain_get_elixir_version (toolchain));

  process = kiln_toolchain_new_elixir_process (toolchain, NULL, arguments);
  kiln_process_set_capture_output (process, TRUE);
  kiln_process_run_sync (process, NULL, &exit_status, &error);
  g_assert_no_error (error);
  g_assert_cmpint (exit_status, ==, 0);
  bin_dir = g_path_get_dirname (kiln_toolchain_get_elixir_path (toolchain));
  path_prefix = g_strconcat (bin_dir, ":", NULL);
  /* erl puts its own erts folder first, so only look for ours in the list. */
  g_assert_nonnull (strstr (kiln_process_get_stdout_text (process), path_prefix));

  g_clear_object (&process);
  process = kiln_process_newv (NULL, "/bin/sh", "-c", "echo \"$PATH\"", NULL);
  kiln_toolchain_prepare_process (toolchain, process);
  kiln_process_set_capture_output (process, TRUE);
  kiln_process_run_sync (process, NULL, &exit_status, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (kiln_process_get_stdout_text (process), path_prefix));
}

static void
test_missing (void)
{
  g_autofree char *empty_dir = kiln_test_make_temp_dir ("empty-path");
  g_autoptr(KilnToolchain) toolchain = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("PATH", empty_dir, TRUE);
  toolchain = kiln_toolchain_discover (NULL, &error);
  restore_path ();

  g_assert_error (error, KILN_ERROR, KILN_ERROR_TOOLCHAIN_MISSING);
  g_assert_null (toolchain);
  g_assert_nonnull (strstr (error->message, "apt"));
}

static void
test_asdf (void)
{
  const char *home = g_get_home_dir ();
  g_autofree char *elixir_bin = g_build_filename (home, ".asdf", "installs", "elixir", "1.14.0", "bin", NULL);
  g_autofree char *older_bin = g_build_filename (home, ".asdf", "installs", "elixir", "1.9.0", "bin", NULL);
  g_autofree char *erlang_bin = g_build_filename (home, ".asdf", "installs", "erlang", "25.0", "bin", NULL);
  g_autofree char *elixir = g_build_filename (elixir_bin, "elixir", NULL);
  g_autofree char *mix = g_build_filename (elixir_bin, "mix", NULL);
  g_autofree char *older_elixir = g_build_filename (older_bin, "elixir", NULL);
  g_autofree char *older_mix = g_build_filename (older_bin, "mix", NULL);
  g_autofree char *erl = g_build_filename (erlang_bin, "erl", NULL);
  g_autofree char *elixir_script = exec_wrapper ("/usr/bin/elixir", NULL);
  g_autofree char *mix_script = exec_wrapper ("/usr/bin/mix", NULL);
  g_autofree char *erl_script = exec_wrapper ("/usr/bin/erl", NULL);
  g_autoptr(KilnToolchain) toolchain = NULL;
  g_autoptr(GError) error = NULL;

  if (!kiln_test_toolchain_available ())
    {
      g_test_skip ("Elixir is not installed");
      return;
    }

  write_script (elixir, elixir_script);
  write_script (mix, mix_script);
  write_script (erl, erl_script);
  /* “1.9.0” sorts after “1.14.0” as text: picking it would fail loudly. */
  write_script (older_elixir, "#!/bin/sh\necho 'wrong version picked' >&2\nexit 3\n");
  write_script (older_mix, "#!/bin/sh\nexit 3\n");

  g_setenv ("PATH", "", TRUE);
  toolchain = kiln_toolchain_discover (NULL, &error);
  restore_path ();

  g_assert_no_error (error);
  g_assert_cmpstr (kiln_toolchain_get_source (toolchain), ==, "asdf");
  g_assert_cmpstr (kiln_toolchain_get_elixir_path (toolchain), ==, elixir);
  g_assert_cmpstr (kiln_toolchain_get_mix_path (toolchain), ==, mix);
  g_assert_cmpstr (kiln_toolchain_get_erl_path (toolchain), ==, erl);
  g_assert_true (g_str_has_prefix (kiln_toolchain_get_elixir_version (toolchain), "1."));
}

static void
test_mise (void)
{
  g_autofree char *data_dir = kiln_test_make_temp_dir ("mise-data");
  g_autofree char *elixir_bin = g_build_filename (data_dir, "installs", "elixir", "1.14.0-otp-25", "bin", NULL);
  g_autofree char *erlang_bin = g_build_filename (data_dir, "installs", "erlang", "25.0", "bin", NULL);
  g_autofree char *elixir = g_build_filename (elixir_bin, "elixir", NULL);
  g_autofree char *erl = g_build_filename (erlang_bin, "erl", NULL);
  g_autofree char *erl_script = exec_wrapper ("/usr/bin/erl", NULL);
  g_autoptr(KilnToolchain) toolchain = NULL;
  g_autoptr(GError) error = NULL;

  if (!kiln_test_toolchain_available ())
    {
      g_test_skip ("Elixir is not installed");
      return;
    }

  make_wrapped_bin_dir (elixir_bin, NULL);
  write_script (erl, erl_script);

  g_setenv ("MISE_DATA_DIR", data_dir, TRUE);
  g_setenv ("PATH", "", TRUE);
  toolchain = kiln_toolchain_discover (NULL, &error);
  restore_path ();
  g_unsetenv ("MISE_DATA_DIR");

  g_assert_no_error (error);
  g_assert_cmpstr (kiln_toolchain_get_source (toolchain), ==, "mise");
  g_assert_cmpstr (kiln_toolchain_get_elixir_path (toolchain), ==, elixir);
  /* erl comes from mise's erlang install, not from the folder elixir is in. */
  g_assert_cmpstr (kiln_toolchain_get_erl_path (toolchain), ==, erl);
}

static void
test_too_old (void)
{
  g_autofree char *bin_dir = kiln_test_make_temp_dir ("old-elixir");
  g_autofree char *elixir = g_build_filename (bin_dir, "elixir", NULL);
  g_autofree char *mix = g_build_filename (bin_dir, "mix", NULL);
  g_autofree char *erl = g_build_filename (bin_dir, "erl", NULL);
  g_autoptr(KilnToolchain) toolchain = NULL;
  g_autoptr(GError) error = NULL;

  write_script (elixir, "#!/bin/sh\necho 1.10.0\necho 22\necho 10.7\n");
  write_script (mix, "#!/bin/sh\nexit 0\n");
  write_script (erl, "#!/bin/sh\nexit 0\n");

  g_setenv ("PATH", bin_dir, TRUE);
  toolchain = kiln_toolchain_discover (NULL, &error);
  restore_path ();

  g_assert_error (error, KILN_ERROR, KILN_ERROR_TOOLCHAIN_TOO_OLD);
  g_assert_null (toolchain);
  g_assert_nonnull (strstr (error->message, "1.10.0"));
  g_assert_nonnull (strstr (error->message, "1.14"));
}

static void
test_query_fails (void)
{
  g_autofree char *bin_dir = kiln_test_make_temp_dir ("broken-elixir");
  g_autofree char *elixir = g_build_filename (bin_dir, "elixir", NULL);
  g_autofree char *mix = g_build_filename (bin_dir, "mix", NULL);
  g_autofree char *erl = g_build_filename (bin_dir, "erl", NULL);
  g_autoptr(KilnToolchain) toolchain = NULL;
  g_autoptr(GError) error = NULL;

  write_script (elixir, "#!/bin/sh\necho 'erts is damaged here' >&2\nexit 1\n");
  write_script (mix, "#!/bin/sh\nexit 0\n");
  write_script (erl, "#!/bin/sh\nexit 0\n");

  g_setenv ("PATH", bin_dir, TRUE);
  toolchain = kiln_toolchain_discover (NULL, &error);
  restore_path ();

  g_assert_nonnull (error);
  g_assert_true (error->domain == KILN_ERROR);
  g_assert_null (toolchain);
  g_assert_nonnull (strstr (error->message, "erts is damaged here"));
  g_assert_nonnull (strstr (error->message, elixir));
}

static void
test_cache (void)
{
  g_autofree char *bin_dir = kiln_test_make_temp_dir ("counted-elixir");
  g_autofree char *counter = g_build_filename (bin_dir, "runs.txt", NULL);
  g_autofree char *search_path = NULL;
  g_autofree char *elixir = g_build_filename (bin_dir, "elixir", NULL);
  g_autofree char *cache_dir = kiln_paths_dup_cache_dir ();
  g_autofree char *cache_file = g_build_filename (cache_dir, "toolchain.json", NULL);
  g_autoptr(KilnToolchain) first = NULL;
  g_autoptr(KilnToolchain) second = NULL;
  g_autoptr(KilnToolchain) third = NULL;
  g_autoptr(GError) error = NULL;

  if (!kiln_test_toolchain_available ())
    {
      g_test_skip ("Elixir is not installed");
      return;
    }

  make_wrapped_bin_dir (bin_dir, counter);
  set_mtime (elixir, 1000000000);
  search_path = g_strconcat (bin_dir, ":", original_path, NULL);
  g_setenv ("PATH", search_path, TRUE);

  first = kiln_toolchain_discover (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_lines (counter), ==, 1);
  g_assert_true (g_file_test (cache_file, G_FILE_TEST_IS_REGULAR));

  second = kiln_toolchain_discover (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_lines (counter), ==, 1);
  g_assert_cmpstr (kiln_toolchain_get_elixir_version (second), ==, kiln_toolchain_get_elixir_version (first));
  g_assert_cmpstr (kiln_toolchain_get_otp_release (second), ==, kiln_toolchain_get_otp_release (first));
  g_assert_cmpstr (kiln_toolchain_get_erts_version (second), ==, kiln_toolchain_get_erts_version (first));

  set_mtime (elixir, 1100000000);
  third = kiln_toolchain_discover (NULL, &error);
  restore_path ();
  g_assert_no_error (error);
  g_assert_cmpuint (count_lines (counter), ==, 2);
  g_assert_cmpstr (kiln_toolchain_get_elixir_version (third), ==, kiln_toolchain_get_elixir_version (first));
}

static void
test_corrupt_cache (void)
{
  g_autofree char *cache_dir = kiln_paths_dup_cache_dir ();
  g_autofree char *cache_file = g_build_filename (cache_dir, "toolchain.json", NULL);
  g_autoptr(KilnToolchain) toolchain = NULL;
  g_autoptr(GError) error = NULL;

  if (!kiln_test_toolchain_available ())
    {
      g_test_skip ("Elixir is not installed");
      return;
    }

  g_assert_cmpint (g_mkdir_with_parents (cache_dir, 0700), ==, 0);
  g_file_set_contents (cache_file, "{\"kiln_toolchain_cache\": 1, \"entries\": [42, {\"key\"", -1, &error);
  g_assert_no_error (error);

  toolchain = kiln_toolchain_discover (NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (kiln_toolchain_get_elixir_version (toolchain));
}

/* Inside Flatpak every command runs on the host through flatpak-spawn, whose
 * PATH is the host's, not the sandbox's. The stand-in runs commands here but
 * with a "host" PATH the test process itself does not have. */
static void
test_flatpak_host (void)
{
  g_autofree char *root = kiln_test_make_temp_dir ("flatpak");
  g_autofree char *host_bin = g_build_filename (root, "host-bin", NULL);
  g_autofree char *sandbox_bin = g_build_filename (root, "sandbox-bin", NULL);
  g_autofree char *spawn = g_build_filename (sandbox_bin, "flatpak-spawn", NULL);
  g_autofree char *log = g_build_filename (root, "spawn.log", NULL);
  g_autofree char *host_path = g_strdup_printf ("%s:/usr/bin:/bin", host_bin);
  g_autofree char *expected_elixir = g_build_filename (host_bin, "elixir", NULL);
  g_autofree char *spawn_script = NULL;
  g_autofree char *spawn_log = NULL;
  g_autofree char *expected_path = NULL;
  g_autoptr(KilnToolchain) toolchain = NULL;
  g_autoptr(KilnProcess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char * const version_args[] = { "-e", "IO.puts(System.get_env(\"PATH\"))", NULL };
  int status = -1;

  make_wrapped_bin_dir (host_bin, NULL);
  spawn_script = g_strdup_printf ("#!/bin/sh\n"
                                  "echo \"$*\" >> '%s'\n"
                                  "PATH='%s'\n"
                                  "while [ $# -gt 0 ]; do\n"
                                  "  case \"$1\" in\n"
                                  "    --host|--watch-bus) ;;\n"
                                  "    --directory=*) cd \"${1#--directory=}\" || exit 125 ;;\n"
                                  "    --env=*) export \"${1#--env=}\" ;;\n"
                                  "    --unset-env=*) unset \"${1#--unset-env=}\" ;;\n"
                                  "    *) break ;;\n"
                                  "  esac\n"
                                  "  shift\n"
                                  "done\n"
                                  "exec \"$@\"\n", log, host_path);
  write_script (spawn, spawn_script);

  g_setenv ("PATH", sandbox_bin, TRUE);
  g_setenv ("KILN_FLATPAK_SPAWN", "1", TRUE);

  toolchain = kiln_toolchain_discover (NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (toolchain);
  g_assert_cmpstr (kiln_toolchain_get_elixir_path (toolchain), ==, expected_elixir);
  g_assert_cmpstr (kiln_toolchain_get_source (toolchain), ==, "PATH");
  g_assert_cmpstr (kiln_toolchain_get_elixir_version (toolchain), ==, "1.14.0");

  process = kiln_toolchain_new_elixir_process (toolchain, NULL, version_args);
  kiln_process_set_capture_output (process, TRUE);
  g_assert_true (kiln_process_run_sync (process, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);

  /* The release's tools must see the host's PATH behind the toolchain's
   * folders (erl puts its own in front), never the sandbox's. */
  expected_path = g_strdup_printf ("%s:%s", host_bin, host_path);
  g_assert_nonnull (strstr (kiln_process_get_stdout_text (process), expected_path));
  g_assert_null (strstr (kiln_process_get_stdout_text (process), sandbox_bin));

  g_assert_true (g_file_get_contents (log, &spawn_log, NULL, NULL));
  g_assert_true (g_str_has_prefix (spawn_log, "--host --watch-bus sh -c"));

  g_unsetenv ("KILN_FLATPAK_SPAWN");
  restore_path ();
}

int
main (int argc, char **argv)
{
  kiln_test_init (&argc, &argv);

  original_path = g_strdup (g_getenv ("PATH"));
  g_unsetenv ("ASDF_DATA_DIR");
  g_unsetenv ("MISE_DATA_DIR");

  g_test_add_func ("/toolchain/system", test_system_toolchain);
  g_test_add_func ("/toolchain/async-and-properties", test_async_and_properties);
  g_test_add_func ("/toolchain/missing", test_missing);
  g_test_add_func ("/toolchain/asdf", test_asdf);
  g_test_add_func ("/toolchain/mise", test_mise);
  g_test_add_func ("/toolchain/too-old", test_too_old);
  g_test_add_func ("/toolchain/query-fails", test_query_fails);
  g_test_add_func ("/toolchain/cache", test_cache);
  g_test_add_func ("/toolchain/corrupt-cache", test_corrupt_cache);
  g_test_add_func ("/toolchain/flatpak-host", test_flatpak_host);

  return g_test_run ();
}
