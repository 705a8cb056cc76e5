#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kiln-engine.h"
#include "kiln-test-util.h"

/* Distillery shapes from real projects: each fixture is migrated, then built
 * with plain `mix release` and booted, nothing from Kiln in between. */

static KilnMigration *
prepare (const char *dir)
{
  g_autoptr(KilnMigration) migration = kiln_migration_new (dir);
  g_autoptr(GError) error = NULL;

  kiln_migration_prepare (migration, kiln_test_get_toolchain (), NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&migration);
}

static void
assert_entry (KilnMigration       *migration,
              const char          *setting,
              KilnMigrationStatus  status,
              const char          *message_part)
{
  KilnMigrationEntry *entry = kiln_migration_find_entry (migration, setting);

  if (entry == NULL)
    g_error ("no report entry for “%s”", setting);

  g_assert_cmpstr (kiln_migration_status_to_string (kiln_migration_entry_get_status (entry)), ==,
                   kiln_migration_status_to_string (status));
  if (message_part != NULL && strstr (kiln_migration_entry_get_message (entry), message_part) == NULL)
    g_error ("entry “%s”: “%s” does not mention “%s”", setting, kiln_migration_entry_get_message (entry),
             message_part);
}

static char *
read_file (const char *dir,
           const char *relative)
{
  g_autofree char *path = g_build_filename (dir, relative, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” not found in:\n%s", needle, haystack);
}

static void
assert_not_contains (const char *haystack,
                     const char *needle)
{
  if (strstr (haystack, needle) != NULL)
    g_error ("“%s” unexpectedly found in:\n%s", needle, haystack);
}

static char *
run (const char * const *argv,
     const char         *cwd,
     const char * const *env)
{
  g_autoptr(KilnProcess) process = kiln_process_new (argv, cwd);
  g_autoptr(GError) error = NULL;
  int status = -1;

  kiln_toolchain_prepare_process (kiln_test_get_toolchain (), process);
  kiln_process_setenv (process, "MIX_ENV", "prod");
  for (guint i = 0; env != NULL && env[i] != NULL; i += 2)
    kiln_process_setenv (process, env[i], env[i + 1]);
  kiln_process_set_capture_output (process, TRUE);
  kiln_process_run_sync (process, NULL, &status, &error);
  g_assert_no_error (error);

  if (status != 0)
    g_error ("%s exited with %d:\n%s\n%s", argv[0], status,
             kiln_process_get_stdout_text (process), kiln_process_get_stderr_text (process));

  return g_strdup (kiln_process_get_stdout_text (process));
}

static void
apply (KilnMigration *migration)
{
  g_autoptr(GError) error = NULL;

  kiln_migration_apply (migration, KILN_MIGRATION_APPLY_NONE, &error);
  g_assert_no_error (error);
}

/* Plain `MIX_ENV=prod mix release NAME`, then `bin/NAME eval`. */
static char *
build_and_boot (const char         *dir,
                const char         *name,
                const char         *expression,
                const char * const *env)
{
  const char *mix_argv[] = { kiln_toolchain_get_mix_path (kiln_test_get_toolchain ()), "release", name, "--overwrite", NULL };
  g_autofree char *bin = g_build_filename (dir, "_build", "prod", "rel", name, "bin", name, NULL);
  const char *eval_argv[] = { bin, "eval", expression, NULL };
  g_autofree char *mix_output = run (mix_argv, dir, NULL);

  return run (eval_argv, NULL, env);
}

static void
test_eex_vars (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(KilnMigration) migration = NULL;
  g_autofree char *mix_exs = NULL;
  g_autofree char *vm_args = NULL;
  g_autofree char *env_sh = NULL;
  g_autofree char *output = NULL;
  g_autofree char *cookie = NULL;

  if (kiln_test_skip_without_toolchain ())
    return;

  dir = kiln_test_copy_fixture ("distillery_eex_vars");
  migration = prepare (dir);
  assert_entry (migration, "vm_args", KILN_MIGRATION_STATUS_CHANGED, "(-setcookie) dropped");
  assert_entry (migration, "cookie", KILN_MIGRATION_STATUS_CHANGED, NULL);
  apply (migration);

  mix_exs = read_file (dir, "mix.exs");
  assert_contains (mix_exs, "cookie: \"deex_profile_cookie\"");
  vm_args = read_file (dir, "rel/vm.args.eex");
  assert_not_contains (vm_args, "release_name");
  assert_not_contains (vm_args, "release.profile");
  assert_not_contains (vm_args, "-setcookie");
  assert_not_contains (vm_args, "erts_vsn");
  assert_contains (vm_args, "-env DEEX_VSN <%= @release.version %>");
  assert_contains (vm_args, "-env DEEX_ERTS <%= @release.erts_version %>");
  assert_contains (vm_args, "+K true");
  env_sh = read_file (dir, "rel/env.sh.eex");
  assert_contains (env_sh, "RELEASE_DISTRIBUTION");
  assert_contains (env_sh, "127.0.0.1");

  output = build_and_boot (dir, "deex",
                           "IO.puts(:ok); IO.puts(System.get_env(\"DEEX_VSN\")); "
                           "IO.puts(System.get_env(\"RELEASE_NODE\"))", NULL);
  g_assert_cmpstr (output, ==, "ok\n0.1.0\ndeex@127.0.0.1\n");
  cookie = read_file (dir, "_build/prod/rel/deex/releases/COOKIE");
  g_assert_cmpstr (cookie, ==, "deex_profile_cookie");

  kiln_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  kiln_test_init (&argc, &argv);

  g_test_add_func ("/migrate-shapes/eex-vars", test_eex_vars);

  return g_test_run ();
}
