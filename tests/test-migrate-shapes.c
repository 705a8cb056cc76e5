#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kiln-engine.h"
#include "kiln-test-util.h"

/* Distillery shapes from real projects: each fixture is migrated, then built
 * with plain `mix release` and booted, nothing from Kiln in between. */

static KilnMigration *
prepare_release (const char *dir,
                 const char *release)
{
  g_autoptr(KilnMigration) migration = kiln_migration_new (dir);
  g_autoptr(GError) error = NULL;

  kiln_migration_prepare (migration, kiln_test_get_toolchain (), release, NULL, NULL, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&migration);
}

static KilnMigration *
prepare (const char *dir)
{
  return prepare_release (dir, NULL);
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

static void
test_bad_name (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(KilnMigration) migration = NULL;
  g_autofree char *mix_exs = NULL;
  g_autofree char *output = NULL;

  if (kiln_test_skip_without_toolchain ())
    return;

  dir = kiln_test_copy_fixture ("distillery_bad_name");
  migration = prepare (dir);
  assert_entry (migration, "release name", KILN_MIGRATION_STATUS_CHANGED, "jabba_rpc");
  apply (migration);

  mix_exs = read_file (dir, "mix.exs");
  assert_contains (mix_exs, "jabba_rpc: [");
  assert_not_contains (mix_exs, "jabba-rpc");

  output = build_and_boot (dir, "jabba_rpc", "IO.puts(:ok)", NULL);
  g_assert_cmpstr (output, ==, "ok\n");

  kiln_test_remove_tree (dir);
}

/* The rel/plugins scripts match on %Distillery.Releases.Release{}, which does not
 * exist without Distillery: evaluating them must not end the migration. */
static void
test_plugin_struct (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(KilnMigration) migration = NULL;
  g_autofree char *output = NULL;

  if (kiln_test_skip_without_toolchain ())
    return;

  dir = kiln_test_copy_fixture ("distillery_plugin_struct");
  migration = prepare (dir);
  assert_entry (migration, "plugin Dplug.Plugin", KILN_MIGRATION_STATUS_NO_EQUIVALENT, "before_assembly/2");
  assert_entry (migration, "version", KILN_MIGRATION_STATUS_MAPPED, NULL);
  apply (migration);

  output = build_and_boot (dir, "dplug", "IO.puts(:ok)", NULL);
  g_assert_cmpstr (output, ==, "ok\n");

  kiln_test_remove_tree (dir);
}

/* Distillery's include_erts: takes an Erlang root; mix release wants the
 * erts-VSN folder inside it. */
static void
test_erts_root (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *root = NULL;
  g_autofree char *erts = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *mix_exs = NULL;
  g_autofree char *output = NULL;
  g_autoptr(KilnMigration) migration = NULL;
  g_autoptr(KilnMigration) missing = NULL;

  if (kiln_test_skip_without_toolchain ())
    return;

  dir = kiln_test_copy_fixture ("distillery_erts_root");
  root = g_build_filename (dir, "fake-erlang", NULL);
  erts = g_build_filename (root, "erts-12.3.2", "bin", NULL);
  g_assert_cmpint (g_mkdir_with_parents (erts, 0755), ==, 0);
  g_setenv ("DERTS_ERLANG_ROOT", root, TRUE);
  migration = prepare (dir);
  g_unsetenv ("DERTS_ERLANG_ROOT");
  assert_entry (migration, "include_erts", KILN_MIGRATION_STATUS_CHANGED, "erts-VSN folder");
  apply (migration);
  mix_exs = read_file (dir, "mix.exs");
  /* The writer may wrap a long path onto the next line. */
  expected = g_strdup_printf ("\"%s/erts-12.3.2\"", root);
  assert_contains (mix_exs, "include_erts:");
  assert_contains (mix_exs, expected);
  assert_not_contains (mix_exs, "include_erts: true");
  kiln_test_remove_tree (dir);
  g_clear_pointer (&dir, g_free);
  g_clear_pointer (&mix_exs, g_free);

  /* A relative root is the project's, wherever Kiln runs. */
  dir = kiln_test_copy_fixture ("distillery_erts_root");
  g_free (root);
  root = g_build_filename (dir, "relative-erlang", "erts-12.3.2", "bin", NULL);
  g_assert_cmpint (g_mkdir_with_parents (root, 0755), ==, 0);
  g_setenv ("DERTS_ERLANG_ROOT", "relative-erlang", TRUE);
  g_clear_object (&migration);
  migration = prepare (dir);
  g_unsetenv ("DERTS_ERLANG_ROOT");
  assert_entry (migration, "include_erts", KILN_MIGRATION_STATUS_CHANGED, "\"relative-erlang/erts-12.3.2\"");
  kiln_test_remove_tree (dir);
  g_clear_pointer (&dir, g_free);
  g_clear_pointer (&root, g_free);

  /* A root that is not there: the ERTS Kiln builds with, and advice. */
  dir = kiln_test_copy_fixture ("distillery_erts_root");
  missing = prepare (dir);
  assert_entry (missing, "include_erts", KILN_MIGRATION_STATUS_NEEDS_ATTENTION, "include_erts: true");
  apply (missing);
  mix_exs = read_file (dir, "mix.exs");
  assert_contains (mix_exs, "include_erts: true");
  output = build_and_boot (dir, "derts", "IO.puts(:ok)", NULL);
  g_assert_cmpstr (output, ==, "ok\n");

  kiln_test_remove_tree (dir);
}

/* pre_start_hook: (one script, not a folder) as well as pre_start_hooks:. */
static void
test_singular_hooks (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(KilnMigration) migration = NULL;
  g_autofree char *env_sh = NULL;
  g_autofree char *hook = NULL;
  g_autofree char *output = NULL;

  if (kiln_test_skip_without_toolchain ())
    return;

  dir = kiln_test_copy_fixture ("distillery_singular_hooks");
  migration = prepare (dir);
  assert_entry (migration, "pre_start_hook", KILN_MIGRATION_STATUS_CHANGED, "rel/overlays/hooks/pre_start/");
  assert_entry (migration, "pre_configure_hook", KILN_MIGRATION_STATUS_CHANGED, "rel/overlays/hooks/pre_configure/");
  assert_entry (migration, "post_start_hook", KILN_MIGRATION_STATUS_NO_EQUIVALENT, "Application.start/2");
  apply (migration);

  env_sh = read_file (dir, "rel/env.sh.eex");
  assert_contains (env_sh, "hooks/pre_start");
  assert_contains (env_sh, "hooks/pre_configure");

  output = build_and_boot (dir, "dhook", "IO.puts(:ok)", NULL);
  g_assert_cmpstr (output, ==, "ok\n");
  hook = read_file (dir, "_build/prod/rel/dhook/hooks/pre_start/pre_start.sh");
  assert_contains (hook, "echo pre_start");
  kiln_test_remove_tree (dir);
  g_clear_pointer (&dir, g_free);
  g_clear_object (&migration);

  /* An absolute hook path (a dependency's priv/, say) is taken as it is. */
  dir = kiln_test_copy_fixture ("distillery_singular_hooks");
  {
    g_autofree char *config_path = g_build_filename (dir, "rel", "config.exs", NULL);
    g_autofree char *config = read_file (dir, "rel/config.exs");
    g_autofree char *absolute = g_strdup_printf ("\"%s/rel/hooks/pre_start.sh\"", dir);
    g_auto(GStrv) parts = g_strsplit (config, "\"rel/hooks/pre_start.sh\"", 2);
    g_autofree char *changed = g_strjoin (absolute, parts[0], parts[1], NULL);

    g_assert_true (g_file_set_contents (config_path, changed, -1, NULL));
  }
  migration = prepare (dir);
  assert_entry (migration, "pre_start_hook", KILN_MIGRATION_STATUS_CHANGED, "rel/overlays/hooks/pre_start/");

  kiln_test_remove_tree (dir);
}

/* cookie: System.get_env("X") is read where the release runs, not baked in. */
static void
test_env_cookie (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(KilnMigration) migration = NULL;
  g_autofree char *mix_exs = NULL;
  g_autofree char *env_sh = NULL;
  g_autofree char *output = NULL;
  const char *env[] = { "DENV_COOKIE", "cookie_from_env", NULL };

  if (kiln_test_skip_without_toolchain ())
    return;

  dir = kiln_test_copy_fixture ("distillery_env_cookie");
  migration = prepare (dir);
  assert_entry (migration, "cookie", KILN_MIGRATION_STATUS_CHANGED, "DENV_COOKIE");
  apply (migration);

  mix_exs = read_file (dir, "mix.exs");
  assert_not_contains (mix_exs, "cookie:");
  env_sh = read_file (dir, "rel/env.sh.eex");
  assert_contains (env_sh, "RELEASE_COOKIE=\"$DENV_COOKIE\"");

  output = build_and_boot (dir, "denv", "IO.puts(:ok); IO.puts(System.get_env(\"RELEASE_COOKIE\"))", env);
  g_assert_cmpstr (output, ==, "ok\ncookie_from_env\n");

  kiln_test_remove_tree (dir);
}

/* default_environment: :default names an environment called :default, a
 * default_release that names nothing falls back to the first release, and
 * "${VAR}" cookies (in the profile or vm.args) come from VAR where the
 * release runs, without overwriting a RELEASE_COOKIE already set. */
static void
test_defaults_and_os_vars (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(KilnMigration) migration = NULL;
  g_autofree char *mix_exs = NULL;
  g_autofree char *env_sh = NULL;
  g_autofree char *output = NULL;
  g_autofree char *kept = NULL;
  const char *env[] = { "DDEF_COOKIE", "cookie_from_ddef", NULL };
  const char *unset_env[] = { "RELEASE_COOKIE", "cookie_already_set", NULL };

  if (kiln_test_skip_without_toolchain ())
    return;

  dir = kiln_test_copy_fixture ("distillery_defaults");
  migration = prepare (dir);
  g_assert_cmpstr (kiln_migration_get_release_name (migration), ==, "ddef");
  g_assert_cmpstr (kiln_migration_get_environment (migration), ==, "default");
  assert_entry (migration, "default_release", KILN_MIGRATION_STATUS_NEEDS_ATTENTION, ":ddef");
  assert_entry (migration, "overlay_vars", KILN_MIGRATION_STATUS_NEEDS_ATTENTION, "DDEF_PUBLIC_HOST");
  assert_entry (migration, "releases/0.3.0/vm.args", KILN_MIGRATION_STATUS_NEEDS_ATTENTION, "rel/vm.args.eex");
  g_assert_nonnull (strstr (kiln_migration_entry_get_message (kiln_migration_find_entry (migration, "overlay_vars")),
                            "Could not be computed"));
  {
    g_autoptr(KilnMigration) with_host = NULL;

    g_setenv ("DDEF_PUBLIC_HOST", "build-host.example", TRUE);
    with_host = prepare (dir);
    g_unsetenv ("DDEF_PUBLIC_HOST");
    assert_entry (with_host, "overlay_vars", KILN_MIGRATION_STATUS_NEEDS_ATTENTION, "no secrets");
  }
  assert_entry (migration, "include_erts", KILN_MIGRATION_STATUS_MAPPED, "false");
  assert_entry (migration, "cookie", KILN_MIGRATION_STATUS_CHANGED, "$DDEF_COOKIE");
  assert_entry (migration, "vm_args", KILN_MIGRATION_STATUS_CHANGED,
                "line 3 (-setcookie) → RELEASE_COOKIE from $DDEF_COOKIE in env.sh; "
                "line 4 (-setcookie) → RELEASE_COOKIE from $DDEF_COOKIE in env.sh");
  apply (migration);

  mix_exs = read_file (dir, "mix.exs");
  assert_contains (mix_exs, "include_erts: false");
  assert_not_contains (mix_exs, "cookie:");
  assert_not_contains (mix_exs, "${");
  env_sh = read_file (dir, "rel/env.sh.eex");
  assert_contains (env_sh, "if [ -n \"${DDEF_COOKIE:-}\" ]; then export RELEASE_COOKIE=\"$DDEF_COOKIE\"; fi");
  /* Once, though both the profile and vm.args named it. */
  g_assert_true (strstr (env_sh, "DDEF_COOKIE:-") == g_strrstr (env_sh, "DDEF_COOKIE:-"));

  output = build_and_boot (dir, "ddef", "IO.puts(:ok); IO.puts(System.get_env(\"RELEASE_COOKIE\"))", env);
  g_assert_cmpstr (output, ==, "ok\ncookie_from_ddef\n");
  kept = build_and_boot (dir, "ddef", "IO.puts(System.get_env(\"RELEASE_COOKIE\"))", unset_env);
  g_assert_cmpstr (kept, ==, "cookie_already_set\n");
  {
    g_autofree char *rel = g_build_filename (dir, "_build", "prod", "rel", "ddef", NULL);
    g_autoptr(GDir) listing = g_dir_open (rel, 0, NULL);
    const char *name;

    g_assert_nonnull (listing);
    while ((name = g_dir_read_name (listing)) != NULL)
      g_assert_false (g_str_has_prefix (name, "erts-"));
  }

  kiln_test_remove_tree (dir);
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* Two releases migrated one after the other (and the first again): their
 * `init` commands stay apart, and each one's env.sh block runs only for it,
 * once. */
static void
test_shared_overlays (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *env_sh = NULL;
  g_autofree char *output = NULL;
  const char *names[] = { "watcher", "child", "watcher" };
  const char *env[] = { "WATCHER_COOKIE", "watcher_cookie", "CHILD_COOKIE", "child_cookie", NULL };

  if (kiln_test_skip_without_toolchain ())
    return;

  dir = kiln_test_copy_fixture ("distillery_shared");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(KilnMigration) migration = prepare_release (dir, names[i]);

      /* What the scripts run of bin/child changed name or went away. */
      if (g_str_equal (names[i], "child"))
        {
          assert_entry (migration, "rel/overlays/commands/child/init.sh:4", KILN_MIGRATION_STATUS_NEEDS_ATTENTION,
                        "use eval");
          assert_entry (migration, "rel/overlays/commands/child/init.sh:5", KILN_MIGRATION_STATUS_NEEDS_ATTENTION,
                        "bin/child-init");
          assert_entry (migration, "rel/overlays/hooks/pre_start/check.sh:1", KILN_MIGRATION_STATUS_NEEDS_ATTENTION,
                        "/bin/sh");
        }
      apply (migration);
    }

  env_sh = read_file (dir, "rel/env.sh.eex");
  g_assert_cmpuint (count_occurrences (env_sh, "settings of release watcher"), ==, 1);
  g_assert_cmpuint (count_occurrences (env_sh, "settings of release child"), ==, 1);
  assert_contains (env_sh, "<%= if @release.name == :child do %>\n");

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *expression = g_strdup_printf ("IO.puts(System.get_env(\"RELEASE_COOKIE\"))");
      g_autofree char *expected = g_strdup_printf ("%s_cookie\n", names[i]);
      g_autofree char *command = g_strdup_printf ("%s-init", names[i]);
      g_autofree char *bin = g_build_filename (dir, "_build", "prod", "rel", names[i], "bin", command, NULL);
      g_autofree char *init_expected = g_strdup_printf ("init of %s\n", names[i]);
      g_autofree char *init_output = NULL;
      const char *argv[] = { bin, NULL };

      g_free (output);
      output = build_and_boot (dir, names[i], expression, env);
      g_assert_cmpstr (output, ==, expected);
      init_output = run (argv, NULL, NULL);
      g_assert_cmpstr (init_output, ==, init_expected);
    }

  /* The pre_configure hook runs before the node name it completes, with
   * Distillery's logging functions at hand. */
  {
    g_autofree char *root = g_build_filename (dir, "_build", "prod", "rel", "watcher", NULL);
    const char *argv[] = { "/bin/sh", "-c", ". \"$RELEASE_ROOT/releases/0.1.0/env.sh\"; echo \"$RELEASE_NODE\"", NULL };
    const char *daemon_env[] = { "RELEASE_ROOT", root, "RELEASE_COMMAND", "daemon", NULL };

    g_free (output);
    output = run (argv, NULL, daemon_env);
    g_assert_cmpstr (output, ==, "node host is 127.0.0.1\nwatcher@127.0.0.1\n");
  }

  kiln_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  kiln_test_init (&argc, &argv);

  g_test_add_func ("/migrate-shapes/eex-vars", test_eex_vars);
  g_test_add_func ("/migrate-shapes/bad-name", test_bad_name);
  g_test_add_func ("/migrate-shapes/plugin-struct", test_plugin_struct);
  g_test_add_func ("/migrate-shapes/erts-root", test_erts_root);
  g_test_add_func ("/migrate-shapes/singular-hooks", test_singular_hooks);
  g_test_add_func ("/migrate-shapes/env-cookie", test_env_cookie);
  g_test_add_func ("/migrate-shapes/defaults-and-os-vars", test_defaults_and_os_vars);
  g_test_add_func ("/migrate-shapes/shared-overlays", test_shared_overlays);

  return g_test_run ();
}
