#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kiln-cli-migrate.h"
#include "kiln-engine.h"
#include "kiln-test-util.h"

static KilnMigration *
prepare (const char *dir,
         const char *release,
         const char *environment)
{
  g_autoptr(KilnMigration) migration = kiln_migration_new (dir);
  g_autoptr(GError) error = NULL;

  kiln_migration_prepare (migration, kiln_test_get_toolchain (), release, environment, NULL, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&migration);
}

static void
prepared_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  kiln_migration_prepare_finish (KILN_MIGRATION (object), result, &error);
  g_assert_no_error (error);
  *done = TRUE;
}

/* The way a page would do it: the report model is filled on this thread. */
static KilnMigration *
prepare_async (const char *dir,
               const char *release,
               const char *environment)
{
  g_autoptr(KilnMigration) migration = kiln_migration_new (dir);
  gboolean done = FALSE;

  kiln_migration_prepare_async (migration, kiln_test_get_toolchain (), release, environment, NULL, prepared_cb, &done);
  g_assert_cmpuint (g_list_model_get_n_items (kiln_migration_get_report (migration)), ==, 0);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (kiln_migration_get_report (migration)), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (kiln_migration_get_changes (migration)), >, 0);

  return g_steal_pointer (&migration);
}

static KilnMigrationEntry *
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

  return entry;
}

static KilnFileChange *
find_change (KilnMigration *migration,
             const char    *path)
{
  GListModel *changes = kiln_migration_get_changes (migration);

  for (guint i = 0; i < g_list_model_get_n_items (changes); i++)
    {
      g_autoptr(KilnFileChange) change = g_list_model_get_item (changes, i);

      if (g_str_equal (kiln_file_change_get_path (change), path))
        return change;
    }

  return NULL;
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
     const char * const *env,
     int                 expected_status)
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

  if (status != expected_status)
    g_error ("%s exited with %d (expected %d):\n%s\n%s", argv[0], status, expected_status,
             kiln_process_get_stdout_text (process), kiln_process_get_stderr_text (process));

  return g_strdup (kiln_process_get_stdout_text (process));
}

/* The point of the migration: plain `mix release`, nothing from Kiln. */
static void
mix_release (const char *dir,
             const char *name)
{
  const char *argv[] = { kiln_toolchain_get_mix_path (kiln_test_get_toolchain ()), "release", name, "--overwrite", NULL };
  g_autofree char *output = run (argv, dir, NULL, 0);
}

static char *
release_eval (const char         *bin,
              const char         *expression,
              const char * const *env)
{
  const char *argv[] = { bin, "eval", expression, NULL };
  return run (argv, NULL, env, 0);
}

static void
apply (KilnMigration          *migration,
       KilnMigrationApplyFlags flags)
{
  g_autoptr(GError) error = NULL;

  kiln_migration_apply (migration, flags, &error);
  g_assert_no_error (error);
}

static void
test_single_app (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(KilnMigration) migration = NULL;
  g_autofree char *original_mix = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *mix_exs = NULL;
  g_autofree char *vm_args = NULL;
  g_autofree char *env_sh = NULL;
  g_autofree char *about = NULL;
  g_autofree char *cookie = NULL;
  g_autofree char *output = NULL;
  g_autofree char *bin = NULL;
  g_autofree char *log_dir = NULL;
  const char *eval_env[] = { "DSINGLE_MAX_PROCS", "300000", NULL };
  KilnReleaseProfile *profile;
  KilnFileChange *change;

  if (kiln_test_skip_without_toolchain ())
    return;

  dir = kiln_test_copy_fixture ("distillery_single");
  original_mix = read_file (dir, "mix.exs");
  migration = prepare (dir, NULL, NULL);

  g_assert_cmpstr (kiln_migration_get_release_name (migration), ==, "dsingle");
  g_assert_cmpstr (kiln_migration_get_environment (migration), ==, "prod");

  assert_entry (migration, "version", KILN_MIGRATION_STATUS_MAPPED, "current_version(:dsingle)");
  assert_entry (migration, "applications", KILN_MIGRATION_STATUS_CHANGED, "2 bare");
  assert_entry (migration, "include_erts", KILN_MIGRATION_STATUS_MAPPED, "include_erts: true");
  assert_entry (migration, "include_src", KILN_MIGRATION_STATUS_NO_EQUIVALENT, "source");
  assert_entry (migration, "cookie", KILN_MIGRATION_STATUS_CHANGED, "RELEASE_COOKIE");
  assert_entry (migration, "vm_args", KILN_MIGRATION_STATUS_CHANGED, "-setcookie");
  assert_entry (migration, "overlay_vars", KILN_MIGRATION_STATUS_NO_EQUIVALENT, NULL);
  assert_entry (migration, "overlays: {:mkdir, \"var/log\"}", KILN_MIGRATION_STATUS_MAPPED, NULL);
  assert_entry (migration, "overlays: {:copy, \"rel/files/motd.txt\", \"etc/motd.txt\"}",
                KILN_MIGRATION_STATUS_MAPPED, NULL);
  assert_entry (migration, "overlays: {:template, \"rel/config_templates/about.txt.eex\", "
                "\"etc/about-<%= release_version %>.txt\"}", KILN_MIGRATION_STATUS_CHANGED, NULL);
  assert_entry (migration, "overlays: {:template, \"rel/config_templates/broken.txt.eex\", \"etc/broken.txt\"}",
                KILN_MIGRATION_STATUS_NEEDS_ATTENTION, "no_such_overlay_var");
  assert_entry (migration, "overlays: {:link, \"rel/files/motd.txt\", \"etc/motd-link.txt\"}",
                KILN_MIGRATION_STATUS_NEEDS_ATTENTION, "link");
  assert_entry (migration, "environment :dev", KILN_MIGRATION_STATUS_NO_EQUIVALENT, NULL);
  /* :dev's settings must not leak into the :prod migration. */
  g_assert_null (kiln_migration_find_entry (migration, "dev_mode"));
  g_assert_cmpuint (g_list_model_get_n_items (kiln_migration_get_report (migration)), ==, 13);

  g_assert_cmpstr (kiln_migration_get_release_options (migration), ==,
                   "[applications: [runtime_tools: :permanent, inets: :permanent], include_erts: true, "
                   "cookie: \"dsingle-prod-cookie\"]");

  profile = kiln_migration_get_profile (migration);
  g_assert_cmpstr (kiln_release_profile_get_name (profile), ==, "dsingle");
  g_assert_cmpstr (kiln_release_profile_get_mix_env (profile), ==, "prod");
  g_assert_cmpstr (kiln_release_profile_get_cookie (profile), ==, "dsingle-prod-cookie");
  g_assert_cmpint (kiln_release_profile_get_include_erts (profile), ==, KILN_INCLUDE_ERTS_YES);
  g_assert_cmpuint (g_list_model_get_n_items (kiln_release_profile_get_applications (profile)), ==, 2);

  change = find_change (migration, "rel/vm.args.eex");
  g_assert_nonnull (change);
  assert_contains (kiln_file_change_get_diff (change), "+-env DSINGLE_VSN <%= @release.version %>\n");
  assert_not_contains (kiln_file_change_get_diff (change), "-setcookie");
  assert_not_contains (kiln_file_change_get_diff (change), "-name");
  g_assert_nonnull (find_change (migration, "rel/overlays/etc/about-0.3.1.txt"));
  g_assert_null (find_change (migration, "rel/overlays/etc/broken.txt"));
  change = find_change (migration, "mix.exs");
  assert_contains (kiln_file_change_get_diff (change), "--- a/mix.exs\n+++ b/mix.exs\n");
  assert_contains (kiln_file_change_get_diff (change), "-      deps: deps()  # no trailing comma here\n");

  /* Preparing wrote nothing. */
  mix_exs = read_file (dir, "mix.exs");
  g_assert_cmpstr (mix_exs, ==, original_mix);
  g_assert_false (g_file_test (kiln_file_change_get_absolute_path (find_change (migration, "rel/vm.args.eex")),
                               G_FILE_TEST_EXISTS));
  g_clear_pointer (&mix_exs, g_free);

  apply (migration, KILN_MIGRATION_APPLY_NONE);

  backup = read_file (dir, "mix.exs.kiln-backup");
  g_assert_cmpstr (backup, ==, original_mix);
  g_assert_true (g_file_test (kiln_distillery_config_get_config_path (kiln_migration_get_config (migration)),
                              G_FILE_TEST_IS_REGULAR));
  mix_exs = read_file (dir, "mix.exs");
  assert_contains (mix_exs, "      app:     :dsingle,     # aligned by hand\n");
  assert_contains (mix_exs, "      deps: deps(),  # no trailing comma here\n      releases: [\n        dsingle: [\n");

  mix_release (dir, "dsingle");

  bin = g_build_filename (dir, "_build", "prod", "rel", "dsingle", "bin", "dsingle", NULL);
  output = release_eval (bin, "Application.load(:dsingle); IO.puts(Dsingle.hello()); "
                         "IO.puts(:erlang.system_info(:process_limit))", eval_env);
  /* +P 300000 from the ${…} line, rounded up to a power of two by the VM. */
  g_assert_cmpstr (output, ==, "hello from dsingle\n524288\n");

  vm_args = read_file (dir, "_build/prod/rel/dsingle/releases/0.3.1/vm.args");
  assert_contains (vm_args, "-env DSINGLE_VSN 0.3.1\n");
  assert_not_contains (vm_args, "-name");
  env_sh = read_file (dir, "_build/prod/rel/dsingle/releases/0.3.1/env.sh");
  assert_contains (env_sh, "export RELEASE_NODE=\"dsingle@127.0.0.1\"\n");
  assert_contains (env_sh, "export RELEASE_DISTRIBUTION=name\n");
  about = read_file (dir, "_build/prod/rel/dsingle/etc/about-0.3.1.txt");
  g_assert_cmpstr (about, ==, "dsingle 0.3.1 built for production\n");
  cookie = read_file (dir, "_build/prod/rel/dsingle/releases/COOKIE");
  g_assert_cmpstr (cookie, ==, "dsingle-prod-cookie");
  log_dir = g_build_filename (dir, "_build/prod/rel/dsingle/var/log", NULL);
  g_assert_true (g_file_test (log_dir, G_FILE_TEST_IS_DIR));

  kiln_test_remove_tree (dir);
}

static void
test_umbrella (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(KilnMigration) migration = NULL;
  g_autofree char *mix_exs = NULL;
  g_autofree char *output = NULL;
  g_autofree char *rel = NULL;
  g_autofree char *bin = NULL;

  if (kiln_test_skip_without_toolchain ())
    return;

  dir = kiln_test_copy_fixture ("distillery_umbrella");
  migration = prepare (dir, NULL, NULL);

  g_assert_cmpstr (kiln_migration_get_release_name (migration), ==, "umb");
  assert_entry (migration, "version", KILN_MIGRATION_STATUS_MAPPED, "{:from_app, :ualpha}");
  assert_entry (migration, "applications", KILN_MIGRATION_STATUS_CHANGED, "1 bare");
  assert_entry (migration, "strip_debug_info", KILN_MIGRATION_STATUS_MAPPED, "strip_beams: false");
  assert_entry (migration, "include_erts", KILN_MIGRATION_STATUS_MAPPED, NULL);
  assert_entry (migration, "cookie", KILN_MIGRATION_STATUS_CHANGED, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (kiln_migration_get_report (migration)), ==, 5);
  g_assert_cmpuint (g_list_model_get_n_items (kiln_migration_get_changes (migration)), ==, 1);

  apply (migration, KILN_MIGRATION_APPLY_NONE);
  mix_exs = read_file (dir, "mix.exs");
  assert_contains (mix_exs, "        # an existing release Kiln must leave alone\n"
                            "        other: [applications: [ualpha: :permanent], include_executables_for: [:unix]],\n"
                            "        umb: [\n          version: {:from_app, :ualpha},\n");

  mix_release (dir, "umb");
  bin = g_build_filename (dir, "_build", "prod", "rel", "umb", "bin", "umb", NULL);
  output = release_eval (bin, "Application.load(:ualpha); IO.puts(Ubeta.double())", NULL);
  g_assert_cmpstr (output, ==, "42\n");
  rel = read_file (dir, "_build/prod/rel/umb/releases/1.4.0/umb.rel");
  assert_contains (rel, "{ubeta,\"0.1.0\",transient}");

  kiln_test_remove_tree (dir);
}

/* mix.exs named worker before (a stub), and rel/config.exs stays where it
 * was: only the mark of the applied migration tells it is done. */
static void
test_marks_config_migrated (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *config_path = NULL;
  g_autoptr(KilnMigration) migration = NULL;
  g_autoptr(KilnProject) before = NULL;
  g_autoptr(KilnProject) after = NULL;
  g_autoptr(KilnProject) edited = NULL;
  g_autoptr(GError) error = NULL;

  if (kiln_test_skip_without_toolchain ())
    return;

  dir = kiln_test_copy_fixture ("distillery_multi");
  config_path = g_build_filename (dir, "rel", "config.exs", NULL);
  before = kiln_project_inspect (dir, kiln_test_get_toolchain (), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (kiln_project_get_distillery_config (before));
  g_assert_false (kiln_project_get_distillery_migrated (before));

  migration = prepare (dir, NULL, NULL);
  apply (migration, 0);
  g_assert_true (g_file_test (config_path, G_FILE_TEST_IS_REGULAR));
  after = kiln_project_inspect (dir, kiln_test_get_toolchain (), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kiln_project_get_distillery_migrated (after));

  /* A config edited since is a new one to migrate. */
  {
    g_autofree char *contents = kiln_test_read_file (config_path);
    g_autofree char *changed = g_strconcat (contents, "# edited\n", NULL);

    g_assert_true (g_file_set_contents (config_path, changed, -1, NULL));
  }
  edited = kiln_project_inspect (dir, kiln_test_get_toolchain (), NULL, &error);
  g_assert_no_error (error);
  g_assert_false (kiln_project_get_distillery_migrated (edited));
}

static void
test_several_releases_and_environments (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(KilnMigration) by_default = NULL;
  g_autoptr(KilnMigration) migration = NULL;
  g_autofree char *mix_exs = NULL;
  g_autofree char *output = NULL;
  g_autofree char *cookie = NULL;
  g_autofree char *bin = NULL;
  g_autofree char *renamed = NULL;
  g_autofree char *config_path = NULL;

  if (kiln_test_skip_without_toolchain ())
    return;

  dir = kiln_test_copy_fixture ("distillery_multi");

  by_default = prepare (dir, NULL, NULL);
  g_assert_cmpstr (kiln_migration_get_release_name (by_default), ==, "worker");
  assert_entry (by_default, "version", KILN_MIGRATION_STATUS_MAPPED, "1.0.0-worker");
  assert_entry (by_default, "release :api", KILN_MIGRATION_STATUS_NEEDS_ATTENTION, "--release api");
  assert_contains (kiln_migration_get_release_options (by_default), "cookie: \"prod_cookie\"");

  migration = prepare_async (dir, "api", "staging");
  g_assert_cmpstr (kiln_migration_get_release_name (migration), ==, "api");
  g_assert_cmpstr (kiln_migration_get_environment (migration), ==, "staging");
  assert_entry (migration, "version", KILN_MIGRATION_STATUS_MAPPED, "project version (2.0.0)");
  assert_entry (migration, "applications", KILN_MIGRATION_STATUS_MAPPED, NULL);
  assert_entry (migration, "cookie", KILN_MIGRATION_STATUS_CHANGED, "environment :staging overrides");
  assert_entry (migration, "output_dir", KILN_MIGRATION_STATUS_MAPPED, "rel_out/api");
  assert_entry (migration, "include_erts", KILN_MIGRATION_STATUS_MAPPED, NULL);
  assert_entry (migration, "release :worker", KILN_MIGRATION_STATUS_NEEDS_ATTENTION, NULL);
  assert_entry (migration, "environment :dev", KILN_MIGRATION_STATUS_NO_EQUIVALENT, ":staging");
  assert_entry (migration, "environment :prod", KILN_MIGRATION_STATUS_NO_EQUIVALENT, NULL);
  g_assert_null (kiln_migration_find_entry (migration, "strip_debug_info"));
  /* The environment's cookie wins over the release's. */
  g_assert_cmpstr (kiln_migration_get_release_options (migration), ==,
                   "[applications: [dmulti: :permanent], cookie: \"staging_cookie\", include_erts: true, "
                   "path: \"rel_out/api\"]");

  apply (migration, KILN_MIGRATION_APPLY_RENAME_CONFIG);
  config_path = g_build_filename (dir, "rel", "config.exs", NULL);
  renamed = g_build_filename (dir, "rel", "config.exs.distillery", NULL);
  g_assert_false (g_file_test (config_path, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (renamed, G_FILE_TEST_IS_REGULAR));

  mix_exs = read_file (dir, "mix.exs");
  assert_contains (mix_exs, "     releases: [worker: [version: \"0.0.1\"],   # kept as it is\n                api: [\n");

  mix_release (dir, "api");
  bin = g_build_filename (dir, "rel_out", "api", "bin", "api", NULL);
  output = release_eval (bin, "Application.load(:dmulti); IO.puts(Dmulti.role())", NULL);
  g_assert_cmpstr (output, ==, "api\n");
  cookie = read_file (dir, "rel_out/api/releases/COOKIE");
  g_assert_cmpstr (cookie, ==, "staging_cookie");

  kiln_test_remove_tree (dir);
}

static void
test_hooks_and_commands (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(KilnMigration) migration = NULL;
  g_autofree char *output = NULL;
  g_autofree char *marks = NULL;
  g_autofree char *release_root = NULL;
  g_autofree char *greet = NULL;
  g_autofree char *shout = NULL;
  g_autofree char *pre_start = NULL;
  g_autofree char *pre_configure = NULL;
  g_autofree char *pre_start_text = NULL;
  const char *env_sh_script = ". \"$RELEASE_ROOT/releases/0.5.0/env.sh\"";

  if (kiln_test_skip_without_toolchain ())
    return;

  dir = kiln_test_copy_fixture ("distillery_hooks");
  migration = prepare (dir, NULL, NULL);

  assert_entry (migration, "pre_start_hooks", KILN_MIGRATION_STATUS_CHANGED, "rel/overlays/hooks/pre_start");
  assert_entry (migration, "pre_configure_hooks", KILN_MIGRATION_STATUS_CHANGED, NULL);
  assert_entry (migration, "post_start_hooks", KILN_MIGRATION_STATUS_NO_EQUIVALENT, "Application.start/2");
  assert_entry (migration, "commands: greet", KILN_MIGRATION_STATUS_CHANGED, "bin/dhooks-greet");
  assert_entry (migration, "commands: shout", KILN_MIGRATION_STATUS_CHANGED, "bin/dhooks-shout");
  assert_entry (migration, "version", KILN_MIGRATION_STATUS_MAPPED, NULL);
  assert_entry (migration, "cookie", KILN_MIGRATION_STATUS_CHANGED, NULL);
  assert_entry (migration, "include_erts", KILN_MIGRATION_STATUS_MAPPED, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (kiln_migration_get_report (migration)), ==, 8);
  g_assert_true (kiln_file_change_get_executable (find_change (migration, "rel/overlays/bin/dhooks-greet")));
  g_assert_nonnull (find_change (migration, "rel/overlays/commands/dhooks/greet.sh"));

  apply (migration, KILN_MIGRATION_APPLY_NONE);
  mix_release (dir, "dhooks");

  release_root = g_build_filename (dir, "_build", "prod", "rel", "dhooks", NULL);
  greet = g_build_filename (release_root, "bin", "dhooks-greet", NULL);
  shout = g_build_filename (release_root, "bin", "dhooks-shout", NULL);
  {
    const char *argv[] = { greet, NULL };
    output = run (argv, NULL, NULL, 0);
    g_assert_cmpstr (output, ==, "hello from a migrated command\n");
    g_clear_pointer (&output, g_free);
  }
  {
    const char *argv[] = { shout, "quiet", "words", NULL };
    output = run (argv, NULL, NULL, 0);
    g_assert_cmpstr (output, ==, "QUIET WORDS\n");
    g_clear_pointer (&output, g_free);
  }

  /* env.sh runs the hooks only for commands that start a node. */
  marks = kiln_test_make_temp_dir ("marks");
  pre_start = g_build_filename (marks, "pre_start", NULL);
  pre_configure = g_build_filename (marks, "pre_configure", NULL);
  {
    const char *argv[] = { "/bin/sh", "-c", env_sh_script, NULL };
    const char *env[] = { "RELEASE_ROOT", release_root, "RELEASE_COMMAND", "eval", "DHOOKS_MARK_DIR", marks, NULL };
    g_free (run (argv, NULL, env, 0));
    g_assert_false (g_file_test (pre_start, G_FILE_TEST_EXISTS));
  }
  {
    const char *argv[] = { "/bin/sh", "-c", env_sh_script, NULL };
    const char *env[] = { "RELEASE_ROOT", release_root, "RELEASE_COMMAND", "daemon", "DHOOKS_MARK_DIR", marks, NULL };
    g_free (run (argv, NULL, env, 0));
  }
  g_file_get_contents (pre_start, &pre_start_text, NULL, NULL);
  g_assert_nonnull (pre_start_text);
  g_assert_true (g_str_has_prefix (pre_start_text, "pre_start ran in /"));
  g_assert_true (g_file_test (pre_configure, G_FILE_TEST_IS_REGULAR));

  kiln_test_remove_tree (dir);
}

static void
test_config_providers (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(KilnMigration) migration = NULL;
  g_autofree char *output = NULL;
  g_autofree char *bin = NULL;
  g_autofree char *etc_config = NULL;

  if (kiln_test_skip_without_toolchain ())
    return;

  dir = kiln_test_copy_fixture ("distillery_providers");
  migration = prepare (dir, NULL, NULL);

  assert_entry (migration, "config_providers: Distillery.Releases.Config.Providers.Elixir",
                KILN_MIGRATION_STATUS_CHANGED, "Config.Reader");
  assert_entry (migration, "config_providers: Toml.Provider", KILN_MIGRATION_STATUS_NEEDS_ATTENTION, NULL);
  assert_entry (migration, "etc/config.exs", KILN_MIGRATION_STATUS_CHANGED, "import Config");
  assert_entry (migration, "overlays: {:copy, \"rel/config/config.exs\", \"etc/config.exs\"}",
                KILN_MIGRATION_STATUS_MAPPED, NULL);
  assert_contains (kiln_migration_get_release_options (migration),
                   "config_providers: [{Config.Reader, {:system, \"RELEASE_ROOT\", \"/etc/config.exs\"}}]");

  apply (migration, KILN_MIGRATION_APPLY_NONE);
  etc_config = read_file (dir, "rel/overlays/etc/config.exs");
  g_assert_cmpstr (etc_config, ==, "import Config\n\nconfig :dprov, source: \"etc/config.exs at boot\"\n");

  mix_release (dir, "dprov");
  bin = g_build_filename (dir, "_build", "prod", "rel", "dprov", "bin", "dprov", NULL);
  output = release_eval (bin, "Application.load(:dprov); IO.puts(Dprov.source())", NULL);
  g_assert_cmpstr (output, ==, "etc/config.exs at boot\n");
  kiln_test_remove_tree (dir);
  g_clear_pointer (&dir, g_free);
  g_clear_object (&migration);

  /* Mix.env() in the provider's file: a release has no Mix, so it would
   * stop at boot; the report says where. */
  dir = kiln_test_copy_fixture ("distillery_providers");
  {
    g_autofree char *source = g_build_filename (dir, "rel", "config", "config.exs", NULL);
    g_autofree char *text = kiln_test_read_file (source);
    g_autofree char *with_mix = g_strconcat (text, "# Mix.env() in a comment is fine\n"
                                             "if Mix.env() == :prod, do: config(:dprov, prod: true)\n", NULL);

    g_assert_true (g_file_set_contents (source, with_mix, -1, NULL));
  }
  migration = prepare (dir, NULL, NULL);
  assert_entry (migration, "etc/config.exs:5", KILN_MIGRATION_STATUS_NEEDS_ATTENTION, "Mix.env()");

  kiln_test_remove_tree (dir);
}

static void
test_computed_values (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(KilnMigration) before_compile = NULL;
  g_autoptr(KilnMigration) migration = NULL;
  g_autofree char *mix_exs = NULL;
  g_autofree char *output = NULL;
  g_autofree char *bin = NULL;
  const char *compile[] = { NULL, "compile", NULL };

  if (kiln_test_skip_without_toolchain ())
    return;

  dir = kiln_test_copy_fixture ("distillery_computed");

  /* The project's own module is not compiled yet: reported, not dropped. */
  before_compile = prepare (dir, NULL, NULL);
  assert_entry (before_compile, "applications", KILN_MIGRATION_STATUS_NEEDS_ATTENTION, "Dcomp.ReleaseConfig");

  compile[0] = kiln_toolchain_get_mix_path (kiln_test_get_toolchain ());
  g_free (run (compile, dir, NULL, 0));

  migration = prepare (dir, NULL, NULL);
  assert_entry (migration, "version", KILN_MIGRATION_STATUS_MAPPED, "0.2.0-dist");
  assert_entry (migration, "applications", KILN_MIGRATION_STATUS_CHANGED, "1 bare");
  assert_entry (migration, "cookie", KILN_MIGRATION_STATUS_CHANGED, NULL);
  assert_entry (migration, "include_erts", KILN_MIGRATION_STATUS_MAPPED, "true");
  assert_entry (migration, "pre_start_hooks", KILN_MIGRATION_STATUS_NEEDS_ATTENTION,
                "DCOMP_HOOKS_DIR_THAT_IS_NOT_SET");
  assert_entry (migration, "executable", KILN_MIGRATION_STATUS_NO_EQUIVALENT, NULL);
  assert_entry (migration, "include_system_libs", KILN_MIGRATION_STATUS_NO_EQUIVALENT, NULL);
  assert_entry (migration, "post_start_hooks", KILN_MIGRATION_STATUS_NO_EQUIVALENT, NULL);
  assert_entry (migration, "pre_configure_hooks", KILN_MIGRATION_STATUS_NEEDS_ATTENTION, "mix compile");
  assert_entry (migration, "appup_transforms", KILN_MIGRATION_STATUS_NO_EQUIVALENT, "upgrades");
  assert_entry (migration, "plugin Dcomp.ReleasePlugin", KILN_MIGRATION_STATUS_NO_EQUIVALENT, "steps");
  g_assert_cmpstr (kiln_migration_entry_get_source (kiln_migration_find_entry (migration, "applications")), ==,
                   "Dcomp.ReleaseConfig.apps()");
  g_assert_cmpstr (kiln_migration_get_release_options (migration), ==,
                   "[version: \"0.2.0-dist\", applications: [runtime_tools: :permanent, sasl: :permanent], "
                   "include_erts: true, "
                   "cookie: \"05DE1D786C4E782F4A2574D8A5ACB3D40A8DD7E5C18D13040BC85EECA8D0A0AB\"]");

  apply (migration, KILN_MIGRATION_APPLY_NONE);
  mix_exs = read_file (dir, "mix.exs");
  assert_contains (mix_exs, "      releases: [dcomp: [\n");
  assert_contains (mix_exs, "],   # replaced by the migration\n        # a comment between releases\n"
                            "        spare:   [include_erts: false]]\n");
  assert_not_contains (mix_exs, "quiet: true");

  mix_release (dir, "dcomp");
  bin = g_build_filename (dir, "_build", "prod", "rel", "dcomp", "bin", "dcomp", NULL);
  output = release_eval (bin, "IO.puts(Dcomp.hello())", NULL);
  g_assert_cmpstr (output, ==, "hello from dcomp\n");
  g_free (output);
  output = read_file (dir, "_build/prod/rel/dcomp/releases/start_erl.data");
  assert_contains (output, " 0.2.0-dist");

  kiln_test_remove_tree (dir);
}

static void
test_refuses_when_mix_exs_changed (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(KilnMigration) migration = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mix_path = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *after = NULL;
  g_autofree char *vm_args = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *original = NULL;

  if (kiln_test_skip_without_toolchain ())
    return;

  dir = kiln_test_copy_fixture ("distillery_single");
  migration = prepare (dir, NULL, NULL);

  original = read_file (dir, "mix.exs");
  edited = g_strconcat (original, "# edited meanwhile\n", NULL);
  mix_path = g_build_filename (dir, "mix.exs", NULL);
  g_file_set_contents (mix_path, edited, -1, &error);
  g_assert_no_error (error);

  g_assert_false (kiln_migration_apply (migration, KILN_MIGRATION_APPLY_RENAME_CONFIG, &error));
  g_assert_error (error, KILN_ERROR, KILN_ERROR_PROJECT_INVALID);
  assert_contains (error->message, "mix.exs");

  after = read_file (dir, "mix.exs");
  g_assert_cmpstr (after, ==, edited);
  vm_args = g_build_filename (dir, "rel", "vm.args.eex", NULL);
  backup = g_build_filename (dir, "mix.exs.kiln-backup", NULL);
  g_assert_false (g_file_test (vm_args, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));
  g_assert_nonnull (kiln_distillery_config_get_config_path (kiln_migration_get_config (migration)));
  g_assert_true (g_file_test (kiln_distillery_config_get_config_path (kiln_migration_get_config (migration)),
                              G_FILE_TEST_IS_REGULAR));

  kiln_test_remove_tree (dir);
}

static void
test_existing_env_sh_is_kept (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(KilnMigration) migration = NULL;
  g_autofree char *env_path = NULL;
  g_autofree char *env_sh = NULL;
  g_autofree char *backup = NULL;
  g_autoptr(GError) error = NULL;
  KilnFileChange *change;

  if (kiln_test_skip_without_toolchain ())
    return;

  dir = kiln_test_copy_fixture ("distillery_hooks");
  env_path = g_build_filename (dir, "rel", "env.sh.eex", NULL);
  g_file_set_contents (env_path, "#!/bin/sh\nexport ALREADY_HERE=1\n", -1, &error);
  g_assert_no_error (error);

  migration = prepare (dir, NULL, NULL);
  change = find_change (migration, "rel/env.sh.eex");
  g_assert_false (kiln_file_change_get_is_new (change));
  assert_contains (kiln_file_change_get_diff (change), "--- a/rel/env.sh.eex\n+++ b/rel/env.sh.eex\n@@ -1,2 +1,");
  assert_contains (kiln_file_change_get_diff (change), " export ALREADY_HERE=1\n+\n+# Added by Kiln");

  apply (migration, KILN_MIGRATION_APPLY_NONE);
  env_sh = read_file (dir, "rel/env.sh.eex");
  g_assert_true (g_str_has_prefix (env_sh, "#!/bin/sh\nexport ALREADY_HERE=1\n\n# Added by Kiln"));
  backup = read_file (dir, "rel/env.sh.eex.kiln-backup");
  g_assert_cmpstr (backup, ==, "#!/bin/sh\nexport ALREADY_HERE=1\n");

  kiln_test_remove_tree (dir);
}

static void
test_errors (void)
{
  g_autofree char *no_config = NULL;
  g_autofree char *not_project = NULL;
  g_autofree char *multi = NULL;
  g_autofree char *broken = NULL;
  g_autofree char *broken_config = NULL;
  g_autoptr(GError) error = NULL;

  if (kiln_test_skip_without_toolchain ())
    return;

  no_config = kiln_test_copy_fixture ("umbrella");
  {
    g_autoptr(KilnMigration) migration = kiln_migration_new (no_config);
    g_assert_false (kiln_migration_prepare (migration, kiln_test_get_toolchain (), NULL, NULL, NULL, &error));
    g_assert_error (error, KILN_ERROR, KILN_ERROR_NOT_A_PROJECT);
    assert_contains (error->message, "rel/config.exs");
    g_clear_error (&error);
  }

  not_project = kiln_test_copy_fixture ("not_a_project");
  {
    g_autoptr(KilnMigration) migration = kiln_migration_new (not_project);
    g_assert_false (kiln_migration_prepare (migration, kiln_test_get_toolchain (), NULL, NULL, NULL, &error));
    g_assert_error (error, KILN_ERROR, KILN_ERROR_NOT_A_PROJECT);
    g_clear_error (&error);
  }

  multi = kiln_test_copy_fixture ("distillery_multi");
  {
    g_autoptr(KilnMigration) migration = kiln_migration_new (multi);
    g_assert_false (kiln_migration_prepare (migration, kiln_test_get_toolchain (), "nope", NULL, NULL, &error));
    g_assert_error (error, KILN_ERROR, KILN_ERROR_PROJECT_INVALID);
    assert_contains (error->message, "worker, api");
    g_clear_error (&error);
  }

  broken = kiln_test_copy_fixture ("distillery_hooks");
  broken_config = g_build_filename (broken, "rel", "config.exs", NULL);
  g_file_set_contents (broken_config, "use Distillery.Releases.Config\nrelease :x do\n  set version: \"1\"\n", -1, &error);
  g_assert_no_error (error);
  {
    g_autoptr(KilnMigration) migration = kiln_migration_new (broken);
    g_assert_false (kiln_migration_prepare (migration, kiln_test_get_toolchain (), NULL, NULL, NULL, &error));
    g_assert_error (error, KILN_ERROR, KILN_ERROR_PROJECT_INVALID);
    assert_contains (error->message, "evaluating it failed");
    g_clear_error (&error);
  }

  kiln_test_remove_tree (no_config);
  kiln_test_remove_tree (not_project);
  kiln_test_remove_tree (multi);
  kiln_test_remove_tree (broken);
}


/* Many settings at once, without a build: each gets its own report entry. */
static void
test_mapping_details (void)
{
  const char *config =
    "use Distillery.Releases.Config, default_release: :dhooks, default_environment: :prod\n"
    "set include_src: true\n"
    "environment :prod do\n"
    "  set include_erts: \"/opt/erlang/erts-13.0\"\n"
    "  set strip_debug_info: true\n"
    "  set output_dir: \"out/dhooks\"\n"
    "end\n"
    "release :dhooks do\n"
    "  set version: 42\n"
    "  set applications: [:runtime_tools, dhooks: :sometimes]\n"
    "  set cookie: System.fetch_env!(\"KILN_TEST_UNSET_COOKIE\")\n"
    "  set erl_opts: \"+sbwt none\"\n"
    "  set vm_args: \"rel/missing.vm.args\"\n"
    "  set sys_config: \"rel/sys.config\"\n"
    "  set config: \"config/config.exs\"\n"
    "  set no_such_setting: 1\n"
    "  set pre_start_hook: \"rel/hooks/pre_start/01_mark.sh\"\n"
    "  set commands: [broken: 12, \"../../escape\": \"rel/hooks/pre_start/01_mark.sh\"]\n"
    "  set overlays: [{:copy, \"rel/nothing-here\", \"etc/x\"}, {:mkdir, \"../outside\"}, {:chmod, \"x\"}]\n"
    "end\n";
  g_autofree char *dir = NULL;
  const char *mix_exs =
    "defmodule Dhooks.MixProject do\n"
    "  use Mix.Project\n"
    "  def project, do: [app: :dhooks, version: \"0.5.0\", deps: deps(), releases: releases()]\n"
    "  defp deps, do: [{:distillery, \"~> 2.1\", runtime: false}]\n"
    "  defp releases, do: []\n"
    "end\n";
  g_autofree char *config_path = NULL;
  g_autofree char *mix_path = NULL;
  g_autoptr(KilnMigration) migration = NULL;
  g_autoptr(GError) error = NULL;

  if (kiln_test_skip_without_toolchain ())
    return;

  dir = kiln_test_copy_fixture ("distillery_hooks");
  config_path = g_build_filename (dir, "rel", "config.exs", NULL);
  g_file_set_contents (config_path, config, -1, &error);
  g_assert_no_error (error);
  mix_path = g_build_filename (dir, "mix.exs", NULL);
  g_file_set_contents (mix_path, mix_exs, -1, &error);
  g_assert_no_error (error);

  migration = prepare (dir, NULL, NULL);
  assert_entry (migration, "include_src", KILN_MIGRATION_STATUS_NEEDS_ATTENTION, "outside any release");
  assert_entry (migration, "include_erts", KILN_MIGRATION_STATUS_MAPPED, "erts-VSN");
  assert_entry (migration, "strip_debug_info", KILN_MIGRATION_STATUS_MAPPED, "strip_beams: true");
  assert_entry (migration, "output_dir", KILN_MIGRATION_STATUS_MAPPED, "out/dhooks");
  assert_entry (migration, "version", KILN_MIGRATION_STATUS_NEEDS_ATTENTION, "42");
  assert_entry (migration, "applications", KILN_MIGRATION_STATUS_NEEDS_ATTENTION, "Entry 2");
  assert_entry (migration, "cookie", KILN_MIGRATION_STATUS_NEEDS_ATTENTION, "KILN_TEST_UNSET_COOKIE");
  assert_entry (migration, "erl_opts", KILN_MIGRATION_STATUS_CHANGED, "rel/vm.args.eex");
  assert_entry (migration, "vm_args", KILN_MIGRATION_STATUS_NEEDS_ATTENTION, "rel/missing.vm.args");
  assert_entry (migration, "sys_config", KILN_MIGRATION_STATUS_NO_EQUIVALENT, "runtime.exs");
  assert_entry (migration, "config", KILN_MIGRATION_STATUS_NO_EQUIVALENT, NULL);
  assert_entry (migration, "no_such_setting", KILN_MIGRATION_STATUS_NEEDS_ATTENTION, "does not know");
  assert_entry (migration, "pre_start_hook", KILN_MIGRATION_STATUS_CHANGED, "1 hook");
  assert_entry (migration, "commands: broken", KILN_MIGRATION_STATUS_NEEDS_ATTENTION, "not `name:");
  /* A command name becomes file names: it may not lead out of rel/overlays. */
  assert_entry (migration, "commands: ../../escape", KILN_MIGRATION_STATUS_NEEDS_ATTENTION, "not `name:");
  for (guint i = 0; i < g_list_model_get_n_items (kiln_migration_get_changes (migration)); i++)
    {
      g_autoptr(KilnFileChange) change = g_list_model_get_item (kiln_migration_get_changes (migration), i);
      assert_not_contains (kiln_file_change_get_path (change), "escape");
    }
  assert_entry (migration, "overlays: {:copy, \"rel/nothing-here\", \"etc/x\"}",
                KILN_MIGRATION_STATUS_NEEDS_ATTENTION, "does not exist");
  assert_entry (migration, "overlays: {:mkdir, \"../outside\"}", KILN_MIGRATION_STATUS_NEEDS_ATTENTION,
                "outside the release");
  assert_entry (migration, "overlays: {:chmod, \"x\"}", KILN_MIGRATION_STATUS_NEEDS_ATTENTION, NULL);
  assert_entry (migration, "deps: :distillery", KILN_MIGRATION_STATUS_NEEDS_ATTENTION, "remove");
  /* releases: is computed: the entry is shown instead of written. */
  assert_entry (migration, "mix.exs", KILN_MIGRATION_STATUS_NEEDS_ATTENTION,
                "by hand: dhooks: [include_erts: \"/opt/erlang/erts-13.0\"");
  g_assert_null (find_change (migration, "mix.exs"));
  g_assert_cmpuint (g_list_model_get_n_items (kiln_migration_get_report (migration)), ==, 20);

  g_assert_cmpstr (kiln_migration_get_release_options (migration), ==,
                   "[include_erts: \"/opt/erlang/erts-13.0\", strip_beams: true, path: \"out/dhooks\"]");
  assert_contains (kiln_file_change_get_diff (find_change (migration, "rel/vm.args.eex")), "+## From Distillery's erl_opts\n++sbwt none\n");
  g_assert_nonnull (find_change (migration, "rel/overlays/hooks/pre_start/01_mark.sh"));
  g_assert_cmpint (kiln_release_profile_get_include_erts (kiln_migration_get_profile (migration)), ==,
                   KILN_INCLUDE_ERTS_PATH);

  kiln_test_remove_tree (dir);
}

static GString *captured;

static void
capture_print (const char *text)
{
  g_string_append (captured, text);
}

static int
run_cli (const char * const *args,
         char              **out)
{
  GPrintFunc old_print, old_printerr;
  int argc = g_strv_length ((char **) args);
  g_auto(GStrv) argv = g_strdupv ((char **) args);
  int status;

  captured = g_string_new (NULL);
  old_print = g_set_print_handler (capture_print);
  old_printerr = g_set_printerr_handler (capture_print);
  status = kiln_cli_run_migrate (argc, argv);
  g_set_print_handler (old_print);
  g_set_printerr_handler (old_printerr);

  *out = g_string_free (g_steal_pointer (&captured), FALSE);
  return status;
}

static void
test_cli (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *no_config = NULL;
  g_autofree char *original = NULL;
  g_autofree char *after = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  char *out = NULL;

  if (kiln_test_skip_without_toolchain ())
    return;

  dir = kiln_test_copy_fixture ("distillery_multi");
  no_config = kiln_test_copy_fixture ("umbrella");
  original = read_file (dir, "mix.exs");

  {
    const char *args[] = { "migrate", NULL };
    g_assert_cmpint (run_cli (args, &out), ==, 2);
    g_clear_pointer (&out, g_free);
  }
  {
    const char *args[] = { "migrate", dir, "--bogus", NULL };
    g_assert_cmpint (run_cli (args, &out), ==, 2);
    g_clear_pointer (&out, g_free);
  }
  {
    const char *args[] = { "migrate", dir, "--rename-config", NULL };
    g_assert_cmpint (run_cli (args, &out), ==, 2);
    g_clear_pointer (&out, g_free);
  }
  {
    const char *args[] = { "migrate", no_config, NULL };
    g_assert_cmpint (run_cli (args, &out), ==, 4);
    assert_contains (out, "rel/config.exs");
    g_clear_pointer (&out, g_free);
  }
  {
    const char *args[] = { "migrate", dir, "--release", "api", "--env", "staging", NULL };
    g_assert_cmpint (run_cli (args, &out), ==, 0);
    assert_contains (out, "Release api, environment staging");
    assert_contains (out, "+++ b/mix.exs\n");
    assert_contains (out, "Nothing was written");
    g_clear_pointer (&out, g_free);
  }
  {
    const char *args[] = { "migrate", dir, "--json", NULL };
    g_assert_cmpint (run_cli (args, &out), ==, 0);
    json_parser_load_from_data (parser, out, -1, &error);
    g_assert_no_error (error);
    root = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpstr (json_object_get_string_member (root, "release"), ==, "worker");
    g_assert_false (json_object_get_boolean_member (root, "applied"));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "report")), >, 5);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                       json_object_get_array_member (root, "files"), 0), "path"), ==, "mix.exs");
    g_clear_pointer (&out, g_free);
  }

  after = read_file (dir, "mix.exs");
  g_assert_cmpstr (after, ==, original);
  g_clear_pointer (&after, g_free);

  {
    const char *args[] = { "migrate", dir, "--apply", "--rename-config", NULL };
    g_assert_cmpint (run_cli (args, &out), ==, 0);
    assert_contains (out, "Written.");
    /* Listed as what was written, not as the files now are. */
    assert_contains (out, "  changed    mix.exs\n");
    g_assert_null (strstr (out, "unchanged"));
    g_clear_pointer (&out, g_free);
  }
  after = read_file (dir, "mix.exs");
  assert_contains (after, "releases: [worker: [\n");
  {
    /* rel/config.exs is gone now: nothing left to migrate. */
    const char *args[] = { "migrate", dir, NULL };
    g_assert_cmpint (run_cli (args, &out), ==, 4);
    g_clear_pointer (&out, g_free);
  }

  kiln_test_remove_tree (dir);
  kiln_test_remove_tree (no_config);
}

static void
assert_members (JsonObject         *object,
                const char * const *expected)
{
  g_autoptr(GList) members = json_object_get_members (object);
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *joined = g_strjoinv (" ", (char **) expected);

  for (GList *l = members; l != NULL; l = l->next)
    g_string_append_printf (names, "%s%s", names->len > 0 ? " " : "", (const char *) l->data);

  g_assert_cmpstr (names->str, ==, joined);
}

/* After --apply the JSON still describes what was written, not the files as
 * they now are (which match the migration and so read as unchanged). */
static void
test_cli_apply_json (void)
{
  static const char * const top[] = { "release", "environment", "release_options", "applied", "report", "files", NULL };
  static const char * const entry[] = { "setting", "status", "message", "source", "line", NULL };
  static const char * const file[] = { "path", "new", "directory", "unchanged", "diff", NULL };
  g_autofree char *dir = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *root, *mix_exs;
  char *out = NULL;

  if (kiln_test_skip_without_toolchain ())
    return;

  dir = kiln_test_copy_fixture ("distillery_multi");
  {
    const char *args[] = { "migrate", dir, "--apply", "--json", NULL };
    g_assert_cmpint (run_cli (args, &out), ==, 0);
  }

  node = json_from_string (out, &error);
  g_assert_no_error (error);
  root = json_node_get_object (node);
  assert_members (root, top);
  assert_members (json_array_get_object_element (json_object_get_array_member (root, "report"), 0), entry);
  g_assert_true (json_object_get_boolean_member (root, "applied"));
  assert_contains (json_object_get_string_member (root, "release_options"), "applications: [");

  mix_exs = json_array_get_object_element (json_object_get_array_member (root, "files"), 0);
  assert_members (mix_exs, file);
  g_assert_cmpstr (json_object_get_string_member (mix_exs, "path"), ==, "mix.exs");
  g_assert_false (json_object_get_boolean_member (mix_exs, "unchanged"));
  g_assert_false (json_object_get_boolean_member (mix_exs, "new"));
  assert_contains (json_object_get_string_member (mix_exs, "diff"), "+++ b/mix.exs\n");

  g_free (out);
  kiln_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  kiln_test_init (&argc, &argv);

  g_test_add_func ("/migrate/errors", test_errors);
  g_test_add_func ("/migrate/refuses-when-mix-exs-changed", test_refuses_when_mix_exs_changed);
  g_test_add_func ("/migrate/existing-env-sh-is-kept", test_existing_env_sh_is_kept);
  g_test_add_func ("/migrate/cli", test_cli);
  g_test_add_func ("/migrate/cli-apply-json", test_cli_apply_json);
  g_test_add_func ("/migrate/mapping-details", test_mapping_details);
  g_test_add_func ("/migrate/single-app", test_single_app);
  g_test_add_func ("/migrate/umbrella", test_umbrella);
  g_test_add_func ("/migrate/several-releases-and-environments", test_several_releases_and_environments);
  g_test_add_func ("/migrate/marks-config-migrated", test_marks_config_migrated);
  g_test_add_func ("/migrate/hooks-and-commands", test_hooks_and_commands);
  g_test_add_func ("/migrate/config-providers", test_config_providers);
  g_test_add_func ("/migrate/computed-values", test_computed_values);

  status = g_test_run ();
  return status;
}
