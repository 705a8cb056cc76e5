#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "kiln-build-test-util.h"
#include "kiln-cli-test-util.h"
#include "kiln-engine.h"
#include "kiln-process.h"
#include "kiln-test-util.h"

/* Dependencies as a real project has them, offline: git repositories each
 * test creates in its temp dir, a rebar3-only Erlang library among them,
 * built through `kiln build` with no Hex in MIX_HOME. */


static void
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* A git repository holding FILES (name, contents, …, NULL) in ROOT/NAME. */
static char *
make_git_repo (const char *root,
               const char *name,
               const char *first_file,
               ...)
{
  char *dir = g_build_filename (root, name, NULL);
  va_list args;

  va_start (args, first_file);
  for (const char *file = first_file; file != NULL; file = va_arg (args, const char *))
    write_file (dir, file, va_arg (args, const char *));
  va_end (args);

  kiln_test_run_git (dir, "init", "-q", NULL);
  kiln_test_run_git (dir, "add", "-A", NULL);
  kiln_test_run_git (dir, "commit", "-q", "-m", "Library for Kiln's tests", NULL);

  return dir;
}

static char *
make_mix_library (const char *root,
                  const char *name,
                  const char *deps)
{
  g_autofree char *module = g_strdup_printf ("Lib%s", name);
  g_autofree char *mix_exs = g_strdup_printf ("defmodule %s.MixProject do\n"
                                              "  use Mix.Project\n"
                                              "  def project, do: [app: :%s, version: \"0.1.0\", deps: [%s]]\n"
                                              "  def application, do: []\n"
                                              "end\n", module, name, deps);
  g_autofree char *source = g_strdup_printf ("defmodule %s do\n  def hello, do: :%s\nend\n", module, name);
  g_autofree char *source_name = g_strdup_printf ("lib/%s.ex", name);

  return make_git_repo (root, name, "mix.exs", mix_exs, source_name, source, NULL);
}

/* rebar.config and src/ only: Mix builds it with rebar3. */
static char *
make_rebar3_library (const char *root)
{
  return make_git_repo (root, "erllib",
                        "rebar.config", "{erl_opts, [debug_info]}.\n{deps, []}.\n",
                        "src/erllib.app.src",
                        "{application, erllib, [{description, \"Kiln test library\"}, {vsn, \"0.2.0\"},\n"
                        "  {registered, []}, {applications, [kernel, stdlib]}, {env, []}]}.\n",
                        "src/erllib.erl", "-module(erllib).\n-export([hello/0]).\nhello() -> erllib.\n",
                        NULL);
}

static char *
make_project (const char *root,
              const char *elixir_requirement,
              const char *deps,
              const char *body)
{
  char *dir = g_build_filename (root, "deps_app", NULL);
  g_autofree char *mix_exs = g_strdup_printf ("defmodule DepsApp.MixProject do\n"
                                              "  use Mix.Project\n"
                                              "  def project, do: [app: :deps_app, version: \"0.3.0\", elixir: \"%s\", deps: [%s]]\n"
                                              "  def application, do: [extra_applications: [:logger]]\n"
                                              "end\n", elixir_requirement, deps);
  g_autofree char *source = g_strdup_printf ("defmodule DepsApp do\n  def hello, do: %s\nend\n", body);

  write_file (dir, "mix.exs", mix_exs);
  write_file (dir, "lib/deps_app.ex", source);

  return dir;
}


static gboolean
skip_without (const char *program)
{
  g_autofree char *path = g_find_program_in_path (program);

  if (path == NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s is not installed", program);

      g_test_skip (message);
      return TRUE;
    }

  return kiln_test_skip_without_toolchain ();
}

/* Deps not fetched: --no-fetch refuses with the command, then Kiln fetches
 * them offline (mix deps.get --only prod), builds the rebar3 library with
 * Debian's rebar3 and the release boots. A dev/test-only dep is neither
 * listed nor fetched; --release APP builds the default release. */
static void
test_fetch_offline (void)
{
  g_autofree char *root = NULL;
  g_autofree char *mixlib = NULL;
  g_autofree char *erllib = NULL;
  g_autofree char *deps = NULL;
  g_autofree char *project = NULL;
  g_autofree char *bin = NULL;
  g_autofree char *erllib_beam = NULL;
  g_autofree char *deps_dir = NULL;
  g_autofree char *devonly = NULL;
  g_autoptr(JsonObject) inspection = NULL;
  g_autoptr(JsonObject) record = NULL;
  JsonArray *listed;
  KilnCliResult result;

  if (skip_without ("rebar3") || skip_without ("git"))
    return;

  root = kiln_test_make_temp_dir ("git-deps");
  mixlib = make_mix_library (root, "mixlib", "");
  erllib = make_rebar3_library (root);
  deps = g_strdup_printf ("{:mixlib, git: \"%s\"}, {:erllib, git: \"%s\"}, "
                          "{:devonly, path: \"does-not-exist\", only: [:dev, :test]}", mixlib, erllib);
  project = make_project (root, "~> 1.14", deps, "{LibMixlib.hello(), :erllib.hello()}");

  result = run_kiln ("inspect", project, "--json");
  g_assert_cmpint (result.status, ==, 0);
  inspection = kiln_test_parse_json_object (result.out);
  listed = json_object_get_array_member (inspection, "deps");
  g_assert_cmpuint (json_array_get_length (listed), ==, 2);
  g_assert_null (strstr (result.out, "devonly"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (inspection, "problems")), ==, 0);
  listed = json_object_get_array_member (inspection, "unfetched_deps");
  g_assert_cmpuint (json_array_get_length (listed), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (listed, 0), ==, "mixlib");
  kiln_cli_result_clear (&result);

  result = run_kiln ("inspect", project);
  g_assert_nonnull (strstr (result.out, "mixlib, erllib (kiln build fetches them first"));
  kiln_cli_result_clear (&result);

  result = run_kiln ("build", project, "--no-fetch", "--format", "none");
  g_assert_cmpint (result.status, ==, 5);
  g_assert_nonnull (strstr (result.err, "mixlib, erllib"));
  g_assert_nonnull (strstr (result.err, "mix deps.get --only prod"));
  deps_dir = g_build_filename (project, "deps", NULL);
  g_assert_false (g_file_test (deps_dir, G_FILE_TEST_EXISTS));
  kiln_cli_result_clear (&result);

  /* No releases: in mix.exs, and mix release deps_app builds the default. */
  result = run_kiln ("build", project, "--release", "deps_app", "--format", "none", "--json", "--verbose");
  g_assert_cmpint (result.status, ==, 0);
  record = kiln_test_parse_json_object (result.out);
  g_assert_cmpstr (json_object_get_string_member (record, "result"), ==, "succeeded");
  g_assert_cmpstr (json_object_get_string_member (record, "release_name"), ==, "deps_app");
  g_assert_nonnull (strstr (result.err, "mix deps.get --only prod"));
  kiln_cli_result_clear (&result);

  bin = g_build_filename (project, "_build", "prod", "rel", "deps_app", "bin", "deps_app", NULL);
  g_assert_true (g_file_test (bin, G_FILE_TEST_IS_EXECUTABLE));
  erllib_beam = g_build_filename (project, "_build", "prod", "lib", "erllib", "ebin", "erllib.beam", NULL);
  g_assert_true (g_file_test (erllib_beam, G_FILE_TEST_IS_REGULAR));
  devonly = g_build_filename (deps_dir, "devonly", NULL);
  g_assert_false (g_file_test (devonly, G_FILE_TEST_EXISTS));

  /* Fetched now: the next build fetches nothing. */
  result = run_kiln ("build", project, "--no-fetch", "--format", "none", "--no-verify");
  g_assert_cmpint (result.status, ==, 0);
  kiln_cli_result_clear (&result);

  result = run_kiln ("inspect", project);
  g_assert_null (strstr (result.out, "kiln build fetches them first"));
  kiln_cli_result_clear (&result);

  kiln_test_remove_tree (root);
}

/* A git dep whose own mix.exs asks Hex for plug: Hex is needed although
 * every top-level dep is a git dep. */
static void
test_hex_deep_in_tree (void)
{
  g_autofree char *root = NULL;
  g_autofree char *needs_hex = NULL;
  g_autofree char *deps = NULL;
  g_autofree char *project = NULL;
  KilnCliResult result;

  if (skip_without ("git"))
    return;

  root = kiln_test_make_temp_dir ("hex-deep");
  needs_hex = make_mix_library (root, "webby", "{:plug, \"~> 1.0\"}");
  deps = g_strdup_printf ("{:webby, git: \"%s\"}", needs_hex);
  project = make_project (root, "~> 1.14", deps, ":ok");

  result = run_kiln ("build", project, "--format", "none");
  g_assert_cmpint (result.status, ==, 5);
  g_assert_nonnull (strstr (result.err, "(plug)"));
  g_assert_nonnull (strstr (result.err, "mix local.hex"));
  g_assert_null (strstr (result.err, "Could not find an SCM"));
  kiln_cli_result_clear (&result);

  kiln_test_remove_tree (root);
}

/* PATH without rebar3 (every other program of /usr/bin still there). */
static char *
make_path_without_rebar3 (const char *root)
{
  g_autofree char *bin = g_build_filename (root, "bin", NULL);
  g_autoptr(GDir) dir = g_dir_open ("/usr/bin", 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  g_assert_cmpint (g_mkdir_with_parents (bin, 0755), ==, 0);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *target = g_build_filename ("/usr/bin", name, NULL);
      g_autofree char *link = g_build_filename (bin, name, NULL);

      if (!g_str_has_prefix (name, "rebar"))
        g_assert_cmpint (symlink (target, link), ==, 0);
    }

  return g_steal_pointer (&bin);
}

static void
test_rebar_missing (void)
{
  g_autofree char *root = NULL;
  g_autofree char *erllib = NULL;
  g_autofree char *deps = NULL;
  g_autofree char *project = NULL;
  g_autofree char *path = NULL;
  KilnCliResult result;

  if (skip_without ("git"))
    return;

  root = kiln_test_make_temp_dir ("no-rebar3");
  erllib = make_rebar3_library (root);
  deps = g_strdup_printf ("{:erllib, git: \"%s\"}", erllib);
  project = make_project (root, "~> 1.14", deps, ":erllib.hello()");
  path = make_path_without_rebar3 (root);

  result = run_kiln_on_path (path, "build", project, "--format", "none");
  g_assert_cmpint (result.status, ==, 5);
  g_assert_nonnull (strstr (result.err, "erllib"));
  g_assert_nonnull (strstr (result.err, "“rebar3” package"));
  g_assert_nonnull (strstr (result.err, "mix local.rebar rebar3 /usr/bin/rebar3"));
  kiln_cli_result_clear (&result);

  kiln_test_remove_tree (root);
}

/* elixir: "~> 99.0": a problem in inspection, and no build starts. */
static void
test_elixir_requirement (void)
{
  g_autofree char *root = NULL;
  g_autofree char *project = NULL;
  g_autofree char *build_dir = NULL;
  g_autofree char *problem = NULL;
  g_autoptr(KilnProject) inspected = NULL;
  g_autoptr(KilnReleaseProfile) profile = NULL;
  g_autoptr(KilnBuild) build = NULL;
  g_autoptr(KilnBuildRecord) record = NULL;
  g_autoptr(JsonObject) inspection = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *problems;
  KilnCliResult result;

  if (kiln_test_skip_without_toolchain ())
    return;

  root = kiln_test_make_temp_dir ("elixir-requirement");
  project = make_project (root, "~> 99.0", "", ":ok");

  inspected = kiln_project_inspect (project, kiln_test_get_toolchain (), NULL, &error);
  g_assert_no_error (error);
  problem = kiln_project_dup_toolchain_problem (inspected);
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem, "“~> 99.0”"));
  g_assert_nonnull (strstr (problem, kiln_toolchain_get_elixir_version (kiln_test_get_toolchain ())));

  result = run_kiln ("inspect", project);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, problem));
  kiln_cli_result_clear (&result);

  result = run_kiln ("inspect", project, "--json");
  inspection = kiln_test_parse_json_object (result.out);
  problems = json_object_get_array_member (inspection, "problems");
  g_assert_cmpuint (json_array_get_length (problems), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (problems, 0), "message"), ==, problem);
  kiln_cli_result_clear (&result);

  result = run_kiln ("build", project, "--format", "none");
  g_assert_cmpint (result.status, ==, 3);
  g_assert_nonnull (strstr (result.err, problem));
  kiln_cli_result_clear (&result);
  build_dir = g_build_filename (project, "_build", NULL);
  g_assert_false (g_file_test (build_dir, G_FILE_TEST_EXISTS));

  /* The engine refuses too, before the Dependencies step, for front-ends
   * that start a build without looking. */
  profile = kiln_release_profile_new ("deps_app");
  kiln_release_profile_set_package_formats (profile, (const char * const[]) { NULL });
  build = kiln_build_new (project, profile);
  kiln_build_set_toolchain (build, kiln_test_get_toolchain ());
  kiln_build_set_verify (build, FALSE);
  record = kiln_test_run_build (build, NULL, &error);
  g_assert_error (error, KILN_ERROR, KILN_ERROR_TOOLCHAIN_TOO_OLD);
  g_assert_cmpstr (error->message, ==, problem);
  g_assert_cmpint (kiln_build_step_get_state (kiln_build_get_step (build, "compile")), ==, KILN_BUILD_STEP_PENDING);

  kiln_test_remove_tree (root);
}

/* The profile switch: saved in the profile's JSON (on by default), and off
 * it makes the build refuse instead of fetching. */
static void
test_profile_switch (void)
{
  g_autofree char *root = NULL;
  g_autofree char *mixlib = NULL;
  g_autofree char *deps = NULL;
  g_autofree char *project = NULL;
  g_autofree char *json = NULL;
  g_autofree char *deps_dir = NULL;
  g_autoptr(KilnReleaseProfile) fresh = kiln_release_profile_new ("deps_app");
  g_autoptr(KilnReleaseProfile) profile = kiln_release_profile_new ("deps_app");
  g_autoptr(KilnReleaseProfile) loaded = NULL;
  g_autoptr(KilnBuild) build = NULL;
  g_autoptr(KilnBuildRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (kiln_release_profile_get_fetch_dependencies (fresh));
  kiln_release_profile_set_fetch_dependencies (profile, FALSE);
  kiln_release_profile_set_package_formats (profile, (const char * const[]) { NULL });
  json = kiln_release_profile_to_json (profile);
  g_assert_nonnull (strstr (json, "\"fetch_dependencies\" : false"));
  loaded = kiln_release_profile_new_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_false (kiln_release_profile_get_fetch_dependencies (loaded));

  if (skip_without ("git"))
    return;

  root = kiln_test_make_temp_dir ("profile-switch");
  mixlib = make_mix_library (root, "mixlib", "");
  deps = g_strdup_printf ("{:mixlib, git: \"%s\"}", mixlib);
  project = make_project (root, "~> 1.14", deps, "LibMixlib.hello()");

  build = kiln_build_new (project, loaded);
  kiln_build_set_toolchain (build, kiln_test_get_toolchain ());
  kiln_build_set_verify (build, FALSE);
  record = kiln_test_run_build (build, NULL, &error);
  g_assert_error (error, KILN_ERROR, KILN_ERROR_DEPENDENCIES);
  g_assert_nonnull (strstr (error->message, "mixlib"));
  g_assert_nonnull (strstr (error->message, "mix deps.get --only prod"));
  g_assert_cmpint (kiln_build_step_get_state (kiln_build_get_step (build, "dependencies")), ==, KILN_BUILD_STEP_FAILED);
  deps_dir = g_build_filename (project, "deps", NULL);
  g_assert_false (g_file_test (deps_dir, G_FILE_TEST_EXISTS));

  kiln_test_remove_tree (root);
}

int
main (int    argc,
      char **argv)
{
  kiln_test_init (&argc, &argv);

  g_test_add_func ("/deps/fetch-offline", test_fetch_offline);
  g_test_add_func ("/deps/hex-deep-in-tree", test_hex_deep_in_tree);
  g_test_add_func ("/deps/rebar3-missing", test_rebar_missing);
  g_test_add_func ("/deps/elixir-requirement", test_elixir_requirement);
  g_test_add_func ("/deps/profile-switch", test_profile_switch);

  return g_test_run ();
}
