#include "config.h"

#include "kiln-elixir-term.h"
#include "kiln-engine.h"
#include "kiln-file-change.h"
#include "kiln-test-util.h"

static void
add_application (KilnReleaseProfile  *profile,
                 const char          *name,
                 KilnApplicationMode  mode)
{
  g_autoptr(KilnReleaseApplication) application = kiln_release_application_new (name, mode);

  g_list_store_append (kiln_release_profile_get_application_store (profile), application);
}

static void
add_overlay_entry (KilnReleaseProfile *profile,
                   const char         *source,
                   const char         *destination)
{
  g_autoptr(KilnOverlayEntry) entry = kiln_overlay_entry_new (source, destination);

  g_list_store_append (kiln_release_profile_get_overlay_entry_store (profile), entry);
}

static void
assert_strv (const char * const *actual,
             const char * const *expected)
{
  g_autofree char *actual_text = g_strjoinv ("|", (char **)actual);
  g_autofree char *expected_text = g_strjoinv ("|", (char **)expected);

  g_assert_cmpstr (actual_text, ==, expected_text);
  g_assert_cmpuint (g_strv_length ((char **)actual), ==, g_strv_length ((char **)expected));
}

/* Every option away from its default, with strings that need escaping. */
static KilnReleaseProfile *
make_full_profile (void)
{
  static const char * const executables[] = { "unix", NULL };
  static const char * const keep[] = { "Docs", "Dbgi", NULL };
  static const char * const overlays[] = { "rel/extra", "more overlays", NULL };
  static const char * const formats[] = { "tar.zst", "zip", NULL };
  KilnReleaseProfile *profile = kiln_release_profile_new ("my_app");

  kiln_release_profile_set_mix_env (profile, "staging");
  add_application (profile, "my_app", KILN_APPLICATION_MODE_PERMANENT);
  add_application (profile, "my-lib", KILN_APPLICATION_MODE_LOAD);
  add_application (profile, "runtime_tools", KILN_APPLICATION_MODE_NONE);
  add_application (profile, "observer", KILN_APPLICATION_MODE_TEMPORARY);
  add_application (profile, "wx", KILN_APPLICATION_MODE_TRANSIENT);
  kiln_release_profile_set_include_executables_for (profile, executables);
  kiln_release_profile_set_include_erts (profile, KILN_INCLUDE_ERTS_PATH);
  kiln_release_profile_set_include_erts_path (profile, "/usr/lib/erlang/erts-13.1.5");
  kiln_release_profile_set_strip_beams_keep (profile, keep);
  kiln_release_profile_set_strip_beams_compress (profile, TRUE);
  kiln_release_profile_set_cookie (profile, "se\"cr\\et #{x} é");
  kiln_release_profile_set_path (profile, "/tmp/rel out");
  kiln_release_profile_set_version (profile, "1.0.0-rc.1");
  kiln_release_profile_set_quiet (profile, TRUE);
  kiln_release_profile_set_steps_include_tar (profile, TRUE);
  kiln_release_profile_set_overlays (profile, overlays);
  kiln_release_profile_set_rel_templates_path (profile, "rel/templates");
  kiln_release_profile_set_runtime_config (profile, KILN_RUNTIME_CONFIG_PATH);
  kiln_release_profile_set_runtime_config_path (profile, "config/prod_runtime.exs");
  kiln_release_profile_set_validate_compile_env (profile, FALSE);
  kiln_release_profile_set_reboot_system_after_config (profile, TRUE);
  kiln_release_profile_set_config_providers (profile,
                                             "[\n  {Config.Reader, {:system, \"RELEASE_ROOT\", \"/extra.exs\"}}\n]");
  kiln_release_profile_set_extra_option (profile, "burrito", "[targets: [linux: [os: :linux, cpu: :x86_64]]]");
  kiln_release_profile_set_extra_option (profile, "skip_mode_validation_for", "[:observer]");
  add_overlay_entry (profile, "/srv/config/app.toml", "etc/app.toml");
  add_overlay_entry (profile, "priv/static", "static");
  kiln_release_profile_set_template (profile, KILN_RELEASE_TEMPLATE_VM_ARGS, "+K true\n-env A \"b\"\n");
  kiln_release_profile_set_template (profile, KILN_RELEASE_TEMPLATE_REMOTE_VM_ARGS, "+A 4\n");
  kiln_release_profile_set_template (profile, KILN_RELEASE_TEMPLATE_ENV_SH, "export X=1\n");
  kiln_release_profile_set_package_formats (profile, formats);
  kiln_release_profile_set_output_dir (profile, "/srv/releases");

  return profile;
}

static void
assert_same_applications (GListModel *a,
                          GListModel *b)
{
  g_assert_cmpuint (g_list_model_get_n_items (a), ==, g_list_model_get_n_items (b));
  for (guint i = 0; i < g_list_model_get_n_items (a); i++)
    {
      g_autoptr(KilnReleaseApplication) x = g_list_model_get_item (a, i);
      g_autoptr(KilnReleaseApplication) y = g_list_model_get_item (b, i);

      g_assert_true (x != y);
      g_assert_cmpstr (kiln_release_application_get_name (x), ==, kiln_release_application_get_name (y));
      g_assert_cmpint (kiln_release_application_get_mode (x), ==, kiln_release_application_get_mode (y));
    }
}

static void
assert_same_overlay_entries (GListModel *a,
                             GListModel *b)
{
  g_assert_cmpuint (g_list_model_get_n_items (a), ==, g_list_model_get_n_items (b));
  for (guint i = 0; i < g_list_model_get_n_items (a); i++)
    {
      g_autoptr(KilnOverlayEntry) x = g_list_model_get_item (a, i);
      g_autoptr(KilnOverlayEntry) y = g_list_model_get_item (b, i);

      g_assert_true (x != y);
      g_assert_cmpstr (kiln_overlay_entry_get_source (x), ==, kiln_overlay_entry_get_source (y));
      g_assert_cmpstr (kiln_overlay_entry_get_destination (x), ==, kiln_overlay_entry_get_destination (y));
    }
}

static void
assert_same_profile (KilnReleaseProfile *a,
                     KilnReleaseProfile *b)
{
  const char * const *keys = kiln_release_profile_get_extra_option_keys (a);

  g_assert_cmpstr (kiln_release_profile_get_name (a), ==, kiln_release_profile_get_name (b));
  g_assert_cmpstr (kiln_release_profile_get_mix_env (a), ==, kiln_release_profile_get_mix_env (b));
  assert_same_applications (kiln_release_profile_get_applications (a), kiln_release_profile_get_applications (b));
  assert_strv (kiln_release_profile_get_include_executables_for (a),
               kiln_release_profile_get_include_executables_for (b));
  g_assert_cmpint (kiln_release_profile_get_include_erts (a), ==, kiln_release_profile_get_include_erts (b));
  g_assert_cmpstr (kiln_release_profile_get_include_erts_path (a), ==, kiln_release_profile_get_include_erts_path (b));
  g_assert_cmpint (kiln_release_profile_get_strip_beams (a), ==, kiln_release_profile_get_strip_beams (b));
  assert_strv (kiln_release_profile_get_strip_beams_keep (a), kiln_release_profile_get_strip_beams_keep (b));
  g_assert_cmpint (kiln_release_profile_get_strip_beams_compress (a), ==,
                   kiln_release_profile_get_strip_beams_compress (b));
  g_assert_cmpstr (kiln_release_profile_get_cookie (a), ==, kiln_release_profile_get_cookie (b));
  g_assert_cmpstr (kiln_release_profile_get_path (a), ==, kiln_release_profile_get_path (b));
  g_assert_cmpstr (kiln_release_profile_get_version (a), ==, kiln_release_profile_get_version (b));
  g_assert_cmpint (kiln_release_profile_get_quiet (a), ==, kiln_release_profile_get_quiet (b));
  g_assert_cmpint (kiln_release_profile_get_steps_include_tar (a), ==, kiln_release_profile_get_steps_include_tar (b));
  assert_strv (kiln_release_profile_get_overlays (a), kiln_release_profile_get_overlays (b));
  g_assert_cmpstr (kiln_release_profile_get_rel_templates_path (a), ==, kiln_release_profile_get_rel_templates_path (b));
  g_assert_cmpint (kiln_release_profile_get_runtime_config (a), ==, kiln_release_profile_get_runtime_config (b));
  g_assert_cmpstr (kiln_release_profile_get_runtime_config_path (a), ==,
                   kiln_release_profile_get_runtime_config_path (b));
  g_assert_cmpint (kiln_release_profile_get_validate_compile_env (a), ==,
                   kiln_release_profile_get_validate_compile_env (b));
  g_assert_cmpint (kiln_release_profile_get_reboot_system_after_config (a), ==,
                   kiln_release_profile_get_reboot_system_after_config (b));
  g_assert_cmpstr (kiln_release_profile_get_config_providers (a), ==, kiln_release_profile_get_config_providers (b));
  assert_same_overlay_entries (kiln_release_profile_get_overlay_entries (a),
                               kiln_release_profile_get_overlay_entries (b));
  for (KilnReleaseTemplate kind = KILN_RELEASE_TEMPLATE_VM_ARGS; kind <= KILN_RELEASE_TEMPLATE_ENV_SH; kind++)
    g_assert_cmpstr (kiln_release_profile_get_template (a, kind), ==, kiln_release_profile_get_template (b, kind));
  assert_strv (kiln_release_profile_get_package_formats (a), kiln_release_profile_get_package_formats (b));
  g_assert_cmpstr (kiln_release_profile_get_output_dir (a), ==, kiln_release_profile_get_output_dir (b));
  assert_strv (keys, kiln_release_profile_get_extra_option_keys (b));
  for (guint i = 0; keys[i] != NULL; i++)
    g_assert_cmpstr (kiln_release_profile_get_extra_option (a, keys[i]), ==,
                     kiln_release_profile_get_extra_option (b, keys[i]));
}

static void
test_defaults (void)
{
  static const char * const unix_and_windows[] = { "unix", "windows", NULL };
  static const char * const tar_gz[] = { "tar.gz", NULL };
  static const char * const none[] = { NULL };
  g_autoptr(KilnReleaseProfile) profile = kiln_release_profile_new ("my_app");
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *options = NULL;
  g_autofree char *snippet = NULL;

  g_assert_cmpstr (kiln_release_profile_get_name (profile), ==, "my_app");
  g_assert_cmpstr (kiln_release_profile_get_mix_env (profile), ==, "prod");
  g_assert_cmpuint (g_list_model_get_n_items (kiln_release_profile_get_applications (profile)), ==, 0);
  g_assert_cmpint (kiln_release_profile_get_include_erts (profile), ==, KILN_INCLUDE_ERTS_YES);
  g_assert_null (kiln_release_profile_get_include_erts_path (profile));
  assert_strv (kiln_release_profile_get_include_executables_for (profile), unix_and_windows);
  g_assert_true (kiln_release_profile_get_strip_beams (profile));
  assert_strv (kiln_release_profile_get_strip_beams_keep (profile), none);
  g_assert_false (kiln_release_profile_get_strip_beams_compress (profile));
  g_assert_null (kiln_release_profile_get_cookie (profile));
  g_assert_null (kiln_release_profile_get_path (profile));
  g_assert_null (kiln_release_profile_get_version (profile));
  g_assert_false (kiln_release_profile_get_quiet (profile));
  g_assert_false (kiln_release_profile_get_steps_include_tar (profile));
  assert_strv (kiln_release_profile_get_overlays (profile), none);
  g_assert_null (kiln_release_profile_get_rel_templates_path (profile));
  g_assert_cmpint (kiln_release_profile_get_runtime_config (profile), ==, KILN_RUNTIME_CONFIG_DEFAULT);
  g_assert_null (kiln_release_profile_get_runtime_config_path (profile));
  g_assert_true (kiln_release_profile_get_validate_compile_env (profile));
  g_assert_false (kiln_release_profile_get_reboot_system_after_config (profile));
  g_assert_null (kiln_release_profile_get_config_providers (profile));
  g_assert_cmpuint (g_list_model_get_n_items (kiln_release_profile_get_overlay_entries (profile)), ==, 0);
  for (KilnReleaseTemplate kind = KILN_RELEASE_TEMPLATE_VM_ARGS; kind <= KILN_RELEASE_TEMPLATE_ENV_SH; kind++)
    g_assert_null (kiln_release_profile_get_template (profile, kind));
  assert_strv (kiln_release_profile_get_package_formats (profile), tar_gz);
  g_assert_null (kiln_release_profile_get_output_dir (profile));
  assert_strv (kiln_release_profile_get_extra_option_keys (profile), none);
  assert_strv (kiln_release_profile_get_warnings (profile), none);

  g_assert_cmpstr (kiln_release_template_get_filename (KILN_RELEASE_TEMPLATE_VM_ARGS), ==, "vm.args.eex");
  g_assert_cmpstr (kiln_release_template_get_filename (KILN_RELEASE_TEMPLATE_REMOTE_VM_ARGS), ==,
                   "remote.vm.args.eex");
  g_assert_cmpstr (kiln_release_template_get_filename (KILN_RELEASE_TEMPLATE_ENV_SH), ==, "env.sh.eex");

  options = kiln_release_profile_render_release_options (profile);
  g_assert_cmpstr (options, ==, "[]");
  snippet = kiln_release_profile_render_mix_exs_snippet (profile);
  g_assert_cmpstr (snippet, ==, "releases: [\n  my_app: []\n]");

  problems = kiln_release_profile_collect_problems (profile, FALSE);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_true (kiln_release_profile_validate (profile, FALSE, NULL));
}

static void
count_signal (gpointer  instance,
              guint    *count)
{
  (*count)++;
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_notify_and_changed (void)
{
  g_autoptr(KilnReleaseProfile) profile = kiln_release_profile_new ("my_app");
  g_autoptr(KilnReleaseApplication) application = kiln_release_application_new ("my_app", KILN_APPLICATION_MODE_PERMANENT);
  GListStore *store = kiln_release_profile_get_application_store (profile);
  guint cookie_notifies = 0;
  guint changes = 0;

  g_signal_connect (profile, "notify::cookie", G_CALLBACK (count_notify), &cookie_notifies);
  g_signal_connect (profile, "changed", G_CALLBACK (count_signal), &changes);

  kiln_release_profile_set_cookie (profile, "abc");
  kiln_release_profile_set_cookie (profile, "abc");
  g_assert_cmpuint (cookie_notifies, ==, 1);
  g_assert_cmpuint (changes, ==, 1);

  kiln_release_profile_set_quiet (profile, FALSE);
  kiln_release_profile_set_mix_env (profile, "prod");
  g_assert_cmpuint (changes, ==, 1);

  g_object_freeze_notify (G_OBJECT (profile));
  kiln_release_profile_set_quiet (profile, TRUE);
  kiln_release_profile_set_version (profile, "2.0.0");
  g_object_thaw_notify (G_OBJECT (profile));
  g_assert_cmpuint (changes, ==, 2);

  g_list_store_append (store, application);
  g_assert_cmpuint (changes, ==, 3);
  kiln_release_application_set_mode (application, KILN_APPLICATION_MODE_LOAD);
  g_assert_cmpuint (changes, ==, 4);
  kiln_release_application_set_mode (application, KILN_APPLICATION_MODE_LOAD);
  g_assert_cmpuint (changes, ==, 4);

  kiln_release_profile_set_extra_option (profile, "burrito", "[]");
  g_assert_cmpuint (changes, ==, 5);
  kiln_release_profile_set_extra_option (profile, "burrito", "[]");
  g_assert_cmpuint (changes, ==, 5);

  g_list_store_remove (store, 0);
  g_assert_cmpuint (changes, ==, 6);
  /* no longer part of the profile */
  kiln_release_application_set_name (application, "other");
  g_assert_cmpuint (changes, ==, 6);
}

static void
test_json_round_trip (void)
{
  g_autoptr(KilnReleaseProfile) profile = make_full_profile ();
  g_autoptr(KilnReleaseProfile) loaded = NULL;
  g_autoptr(KilnReleaseProfile) copy = NULL;
  g_autoptr(KilnReleaseApplication) first = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = kiln_release_profile_to_json (profile);
  g_autofree char *json_again = NULL;
  g_autofree char *copy_json = NULL;

  g_assert_nonnull (strstr (json, "\"format\" : \"kiln-release-profile\""));
  g_assert_nonnull (strstr (json, "\"version\" : 1"));

  loaded = kiln_release_profile_new_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  json_again = kiln_release_profile_to_json (loaded);
  g_assert_cmpstr (json, ==, json_again);
  assert_same_profile (profile, loaded);

  copy = kiln_release_profile_copy (profile);
  copy_json = kiln_release_profile_to_json (copy);
  g_assert_cmpstr (json, ==, copy_json);
  assert_same_profile (profile, copy);

  /* deep: editing the copy's lists leaves the original alone */
  first = g_list_model_get_item (kiln_release_profile_get_applications (copy), 0);
  kiln_release_application_set_mode (first, KILN_APPLICATION_MODE_NONE);
  g_list_store_remove (kiln_release_profile_get_overlay_entry_store (copy), 0);
  {
    g_autoptr(KilnReleaseApplication) original_first =
      g_list_model_get_item (kiln_release_profile_get_applications (profile), 0);

    g_assert_cmpint (kiln_release_application_get_mode (original_first), ==, KILN_APPLICATION_MODE_PERMANENT);
    g_assert_cmpuint (g_list_model_get_n_items (kiln_release_profile_get_overlay_entries (profile)), ==, 2);
  }
}

static void
assert_rejected (const char *json,
                 int         code,
                 const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnReleaseProfile) profile = kiln_release_profile_new_from_json (json, &error);

  g_assert_null (profile);
  g_assert_error (error, KILN_ERROR, code);
  if (fragment != NULL && strstr (error->message, fragment) == NULL)
    g_error ("“%s” not in “%s”", fragment, error->message);
}

static void
test_json_rejects (void)
{
  assert_rejected ("{\"format\": \"kiln-release-profile\", \"version\": 1,", KILN_ERROR_PROFILE_CORRUPT, "not valid JSON");
  assert_rejected ("", KILN_ERROR_PROFILE_CORRUPT, NULL);
  assert_rejected ("[1, 2]", KILN_ERROR_PROFILE_CORRUPT, "JSON object");
  assert_rejected ("{\"format\": \"distillery\", \"version\": 1}", KILN_ERROR_PROFILE_CORRUPT, "not a Kiln release profile");
  assert_rejected ("{\"version\": 1, \"name\": \"x\"}", KILN_ERROR_PROFILE_CORRUPT, "not a Kiln release profile");
  assert_rejected ("{\"format\": \"kiln-release-profile\"}", KILN_ERROR_PROFILE_CORRUPT, "version");
  assert_rejected ("{\"format\": \"kiln-release-profile\", \"version\": \"1\"}", KILN_ERROR_PROFILE_CORRUPT, "version");
  assert_rejected ("{\"format\": \"kiln-release-profile\", \"version\": 0}", KILN_ERROR_PROFILE_CORRUPT, "version");
  assert_rejected ("{\"format\": \"kiln-release-profile\", \"version\": 2, \"name\": \"x\"}",
                   KILN_ERROR_PROFILE_UNSUPPORTED_VERSION, "understands format version 1");
  assert_rejected ("{\"format\": \"kiln-release-profile\", \"version\": 1, \"mix\": {\"quiet\": \"yes\"}}",
                   KILN_ERROR_PROFILE_CORRUPT, "“quiet” should be true or false");
  assert_rejected ("{\"format\": \"kiln-release-profile\", \"version\": 1, \"mix\": []}",
                   KILN_ERROR_PROFILE_CORRUPT, "“mix” should be an object");
  assert_rejected ("{\"format\": \"kiln-release-profile\", \"version\": 1, \"mix\": {\"applications\": [{\"name\": \"a\", \"mode\": \"forever\"}]}}",
                   KILN_ERROR_PROFILE_CORRUPT, "mode");
  assert_rejected ("{\"format\": \"kiln-release-profile\", \"version\": 1, \"kiln\": {\"package_formats\": [1]}}",
                   KILN_ERROR_PROFILE_CORRUPT, "“package_formats” should be a list of strings");
  assert_rejected ("{\"format\": \"kiln-release-profile\", \"version\": 1, \"mix\": {\"include_erts\": \"maybe\"}}",
                   KILN_ERROR_PROFILE_CORRUPT, "include_erts");
}

static void
test_json_minimal (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnReleaseProfile) profile =
    kiln_release_profile_new_from_json ("{\"format\": \"kiln-release-profile\", \"version\": 1, \"name\": \"x\"}", &error);
  g_autoptr(KilnReleaseProfile) fresh = kiln_release_profile_new ("x");

  g_assert_no_error (error);
  assert_same_profile (profile, fresh);
}

typedef void (*Mutation) (KilnReleaseProfile *profile);

typedef struct
{
  const char *name;
  Mutation mutate;
  gboolean is_umbrella;
  const char *field;
  const char *message;
} ValidationCase;

static void set_bad_name (KilnReleaseProfile *p) { kiln_release_profile_set_name (p, "My-App"); }
static void set_empty_name (KilnReleaseProfile *p) { kiln_release_profile_set_name (p, ""); }
static void set_nothing (KilnReleaseProfile *p) { }
static void set_empty_version (KilnReleaseProfile *p) { kiln_release_profile_set_version (p, ""); }
static void set_slash_version (KilnReleaseProfile *p) { kiln_release_profile_set_version (p, "1.0/2"); }
static void set_bad_app (KilnReleaseProfile *p) { add_application (p, "Bad-App", KILN_APPLICATION_MODE_LOAD); }
static void set_empty_app (KilnReleaseProfile *p) { add_application (p, "", KILN_APPLICATION_MODE_LOAD); }
static void set_duplicate_app (KilnReleaseProfile *p)
{
  add_application (p, "my_app", KILN_APPLICATION_MODE_LOAD);
  add_application (p, "logger", KILN_APPLICATION_MODE_LOAD);
  add_application (p, "my_app", KILN_APPLICATION_MODE_PERMANENT);
  add_application (p, "my_app", KILN_APPLICATION_MODE_NONE);
}
static void set_bad_erts (KilnReleaseProfile *p)
{
  kiln_release_profile_set_include_erts (p, KILN_INCLUDE_ERTS_PATH);
  kiln_release_profile_set_include_erts_path (p, "/usr/lib/erlang/lib");
}
static void set_missing_erts (KilnReleaseProfile *p) { kiln_release_profile_set_include_erts (p, KILN_INCLUDE_ERTS_PATH); }
static void set_escaping_overlay (KilnReleaseProfile *p) { add_overlay_entry (p, "/srv/x", "../x"); }
static void set_absolute_overlay (KilnReleaseProfile *p) { add_overlay_entry (p, "/srv/y", "/opt/y"); }
static void set_no_destination (KilnReleaseProfile *p) { add_overlay_entry (p, "/srv/app.toml", ""); }
static void set_no_source (KilnReleaseProfile *p) { add_overlay_entry (p, NULL, "etc/a"); }
static void set_bad_format (KilnReleaseProfile *p)
{
  static const char * const formats[] = { "tar.gz", "rar", NULL };
  kiln_release_profile_set_package_formats (p, formats);
}
static void set_relative_output (KilnReleaseProfile *p) { kiln_release_profile_set_output_dir (p, "out/rel"); }
static void set_bad_mix_env (KilnReleaseProfile *p) { kiln_release_profile_set_mix_env (p, "Prod!"); }
static void set_empty_mix_env (KilnReleaseProfile *p) { kiln_release_profile_set_mix_env (p, ""); }
static void set_empty_cookie (KilnReleaseProfile *p) { kiln_release_profile_set_cookie (p, ""); }
static void set_dash_cookie (KilnReleaseProfile *p) { kiln_release_profile_set_cookie (p, "-secret"); }
static void set_newline_cookie (KilnReleaseProfile *p) { kiln_release_profile_set_cookie (p, "sec\nret"); }
static void set_bad_executables (KilnReleaseProfile *p)
{
  static const char * const targets[] = { "unix", "macos", NULL };
  kiln_release_profile_set_include_executables_for (p, targets);
}
static void set_bad_chunk (KilnReleaseProfile *p)
{
  static const char * const keep[] = { "Docs", "Documentation", NULL };
  kiln_release_profile_set_strip_beams_keep (p, keep);
}
static void set_conflicting_extra (KilnReleaseProfile *p) { kiln_release_profile_set_extra_option (p, "cookie", "\"x\""); }
static void set_bad_extra_key (KilnReleaseProfile *p) { kiln_release_profile_set_extra_option (p, "bad key", "1"); }
static void set_blank_extra (KilnReleaseProfile *p) { kiln_release_profile_set_extra_option (p, "burrito", "  \n"); }
static void set_empty_runtime_config (KilnReleaseProfile *p) { kiln_release_profile_set_runtime_config (p, KILN_RUNTIME_CONFIG_PATH); }
static void set_empty_templates (KilnReleaseProfile *p) { kiln_release_profile_set_rel_templates_path (p, ""); }
static void set_empty_path (KilnReleaseProfile *p) { kiln_release_profile_set_path (p, ""); }
static void set_empty_overlay_dir (KilnReleaseProfile *p)
{
  static const char * const overlays[] = { "rel/extra", "", NULL };
  kiln_release_profile_set_overlays (p, overlays);
}

static const ValidationCase validation_cases[] = {
  { "bad-name", set_bad_name, FALSE, "name",
    "The release name “My-App” is not valid. Start it with a lowercase letter and use only lowercase letters, "
    "digits and underscores, such as “my_app”." },
  { "empty-name", set_empty_name, FALSE, "name", "The release needs a name, such as “my_app”." },
  { "umbrella", set_nothing, TRUE, "applications",
    "Umbrella projects must list the applications each release includes. Add at least one of the umbrella's apps." },
  { "empty-version", set_empty_version, FALSE, "version",
    "The version must not be empty. Clear the override to use the project's version." },
  { "slash-version", set_slash_version, FALSE, "version",
    "The version “1.0/2” must not contain spaces or slashes: it names a folder inside the release." },
  { "bad-app", set_bad_app, FALSE, "applications",
    "The application name “Bad-App” is not valid. Start it with a lowercase letter or an underscore and use only "
    "letters, digits and underscores." },
  { "empty-app", set_empty_app, FALSE, "applications",
    "An application in the list has no name. Enter one or remove the row." },
  { "duplicate-app", set_duplicate_app, FALSE, "applications",
    "The application “my_app” is listed more than once. Keep only one entry for it." },
  { "bad-erts", set_bad_erts, FALSE, "include-erts-path",
    "The ERTS path “/usr/lib/erlang/lib” must name an “erts-VERSION” folder, such as “/usr/lib/erlang/erts-13.1.5”." },
  { "missing-erts", set_missing_erts, FALSE, "include-erts-path",
    "Choose the erts-VERSION folder to include, or include the ERTS Kiln runs with." },
  { "escaping-overlay", set_escaping_overlay, FALSE, "overlay-entries",
    "The destination “../x” would be outside the release. Use a path inside it, such as “etc/x”." },
  { "absolute-overlay", set_absolute_overlay, FALSE, "overlay-entries",
    "The destination “/opt/y” would be outside the release. Use a path inside it, such as “opt/y”." },
  { "no-destination", set_no_destination, FALSE, "overlay-entries",
    "The overlay entry for “/srv/app.toml” has no destination. Enter a path inside the release, such as “etc/app.toml”." },
  { "no-source", set_no_source, FALSE, "overlay-entries",
    "An overlay entry has no source. Choose a file or folder to copy, or remove the entry." },
  { "bad-format", set_bad_format, FALSE, "package-formats",
    "Kiln cannot make “rar” packages. Choose tar.gz, tar.zst or zip." },
  { "relative-output", set_relative_output, FALSE, "output-dir",
    "The output folder “out/rel” must be an absolute path, such as “/home/you/releases”." },
  { "bad-mix-env", set_bad_mix_env, FALSE, "mix-env",
    "The Mix environment “Prod!” is not valid. Use lowercase letters, digits and underscores, such as “prod” or “staging”." },
  { "empty-mix-env", set_empty_mix_env, FALSE, "mix-env",
    "The Mix environment must not be empty. Use “prod” unless you need another one." },
  { "empty-cookie", set_empty_cookie, FALSE, "cookie",
    "The cookie must not be empty. Clear it to let mix generate a random cookie." },
  { "dash-cookie", set_dash_cookie, FALSE, "cookie",
    "The cookie must not start with “-”: the Erlang VM would take it for an option and use a random cookie instead." },
  { "newline-cookie", set_newline_cookie, FALSE, "cookie",
    "The cookie must not contain line breaks, tabs or other control characters." },
  { "bad-executables", set_bad_executables, FALSE, "include-executables-for",
    "Executables can be included for “unix” and “windows” only, not “macos”." },
  { "bad-chunk", set_bad_chunk, FALSE, "strip-beams-keep",
    "“Documentation” is not a BEAM chunk name. Chunk names have four letters or digits, such as “Docs” or “Dbgi”." },
  { "conflicting-extra", set_conflicting_extra, FALSE, "extra-options",
    "The extra option “cookie” repeats one of Kiln's own settings. Remove the extra option and use the setting instead." },
  { "bad-extra-key", set_bad_extra_key, FALSE, "extra-options",
    "“bad key” is not a valid option name. Use letters, digits and underscores, starting with a lowercase letter." },
  { "blank-extra", set_blank_extra, FALSE, "extra-options",
    "The extra option “burrito” has no value. Enter Elixir code for it or remove it." },
  { "empty-runtime-config", set_empty_runtime_config, FALSE, "runtime-config-path",
    "Choose the runtime configuration file, or use the default, config/runtime.exs." },
  { "empty-templates", set_empty_templates, FALSE, "rel-templates-path",
    "The templates folder must not be empty. Clear it to use “rel”." },
  { "empty-path", set_empty_path, FALSE, "path",
    "The release path must not be empty. Clear it to use the default, _build/ENV/rel/NAME." },
  { "empty-overlay-dir", set_empty_overlay_dir, FALSE, "overlays",
    "One of the extra overlay folders is empty. Choose a folder or remove the entry." },
};

static void
test_validation_case (gconstpointer data)
{
  const ValidationCase *test_case = data;
  g_autoptr(KilnReleaseProfile) profile = kiln_release_profile_new ("my_app");
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  KilnProfileProblem *problem;

  problems = kiln_release_profile_collect_problems (profile, FALSE);
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);

  test_case->mutate (profile);
  problems = kiln_release_profile_collect_problems (profile, test_case->is_umbrella);

  g_assert_cmpuint (problems->len, ==, 1);
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpstr (problem->field, ==, test_case->field);
  g_assert_cmpstr (problem->message, ==, test_case->message);
  g_assert_nonnull (g_object_class_find_property (G_OBJECT_GET_CLASS (profile), problem->field));

  g_assert_false (kiln_release_profile_validate (profile, test_case->is_umbrella, &error));
  g_assert_error (error, KILN_ERROR, KILN_ERROR_PROFILE_INVALID);
  g_assert_cmpstr (error->message, ==, test_case->message);
}

static void
test_validation_all_at_once (void)
{
  g_autoptr(KilnReleaseProfile) profile = kiln_release_profile_new ("Bad");
  g_autoptr(KilnReleaseProfile) full = make_full_profile ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;

  kiln_release_profile_set_version (profile, "");
  set_relative_output (profile);

  g_assert_false (kiln_release_profile_validate (profile, TRUE, &error));
  g_assert_error (error, KILN_ERROR, KILN_ERROR_PROFILE_INVALID);
  lines = g_strsplit (error->message, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);

  /* only the quoted application name, there to exercise quoting */
  problems = kiln_release_profile_collect_problems (full, FALSE);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpstr (((KilnProfileProblem *)g_ptr_array_index (problems, 0))->field, ==, "applications");
  g_assert_nonnull (strstr (((KilnProfileProblem *)g_ptr_array_index (problems, 0))->message, "“my-lib”"));
}

static void
test_render_exact (void)
{
  static const char * const unix_only[] = { "unix", NULL };
  static const char * const keep_docs[] = { "Docs", NULL };
  g_autoptr(KilnReleaseProfile) fixture_like = kiln_release_profile_new ("single_app");
  g_autoptr(KilnReleaseProfile) one = kiln_release_profile_new ("slim");
  g_autoptr(KilnReleaseProfile) quoted = kiln_release_profile_new ("my-rel");
  g_autoptr(KilnReleaseProfile) many_apps = kiln_release_profile_new ("big");
  g_autoptr(KilnReleaseProfile) kiln_only = kiln_release_profile_new ("k");
  g_autofree char *text = NULL;

  kiln_release_profile_set_include_executables_for (fixture_like, unix_only);
  kiln_release_profile_set_strip_beams_keep (fixture_like, keep_docs);
  kiln_release_profile_set_cookie (fixture_like, "single-app-cookie");
  add_application (fixture_like, "single_app", KILN_APPLICATION_MODE_PERMANENT);
  add_application (fixture_like, "runtime_tools", KILN_APPLICATION_MODE_LOAD);
  text = kiln_release_profile_render_release_options (fixture_like);
  g_assert_cmpstr (text, ==,
                   "[\n"
                   "  include_executables_for: [:unix],\n"
                   "  strip_beams: [keep: [\"Docs\"]],\n"
                   "  cookie: \"single-app-cookie\",\n"
                   "  applications: [single_app: :permanent, runtime_tools: :load]\n"
                   "]");
  g_clear_pointer (&text, g_free);
  text = kiln_release_profile_render_mix_exs_snippet (fixture_like);
  g_assert_cmpstr (text, ==,
                   "releases: [\n"
                   "  single_app: [\n"
                   "    include_executables_for: [:unix],\n"
                   "    strip_beams: [keep: [\"Docs\"]],\n"
                   "    cookie: \"single-app-cookie\",\n"
                   "    applications: [single_app: :permanent, runtime_tools: :load]\n"
                   "  ]\n"
                   "]");
  g_clear_pointer (&text, g_free);

  kiln_release_profile_set_include_erts (one, KILN_INCLUDE_ERTS_NO);
  text = kiln_release_profile_render_release_options (one);
  g_assert_cmpstr (text, ==, "[include_erts: false]");
  g_clear_pointer (&text, g_free);
  text = kiln_release_profile_render_mix_exs_snippet (one);
  g_assert_cmpstr (text, ==, "releases: [\n  slim: [\n    include_erts: false\n  ]\n]");
  g_clear_pointer (&text, g_free);

  kiln_release_profile_set_quiet (quoted, TRUE);
  kiln_release_profile_set_steps_include_tar (quoted, TRUE);
  kiln_release_profile_set_strip_beams (quoted, FALSE);
  kiln_release_profile_set_runtime_config (quoted, KILN_RUNTIME_CONFIG_DISABLED);
  add_application (quoted, "my-lib", KILN_APPLICATION_MODE_NONE);
  kiln_release_profile_set_config_providers (quoted, "[\n  {Config.Reader, \"/etc/x.exs\"}\n]\n");
  kiln_release_profile_set_extra_option (quoted, "burrito", "[targets: [linux: [os: :linux]]]");
  text = kiln_release_profile_render_mix_exs_snippet (quoted);
  g_assert_cmpstr (text, ==,
                   "releases: [\n"
                   "  \"my-rel\": [\n"
                   "    strip_beams: false,\n"
                   "    quiet: true,\n"
                   "    steps: [:assemble, :tar],\n"
                   "    runtime_config_path: false,\n"
                   "    config_providers: [\n"
                   "      {Config.Reader, \"/etc/x.exs\"}\n"
                   "    ],\n"
                   "    applications: [\"my-lib\": :none],\n"
                   "    burrito: [targets: [linux: [os: :linux]]]\n"
                   "  ]\n"
                   "]");
  g_clear_pointer (&text, g_free);

  kiln_release_profile_set_quiet (many_apps, TRUE);
  add_application (many_apps, "aaaaaaaaaaaaaaaaa", KILN_APPLICATION_MODE_PERMANENT);
  add_application (many_apps, "bbbbbbbbbbbbbbbbbbbbbbb", KILN_APPLICATION_MODE_LOAD);
  add_application (many_apps, "cccccccccccccccccccc", KILN_APPLICATION_MODE_NONE);
  add_application (many_apps, "ddddddd", KILN_APPLICATION_MODE_LOAD);
  text = kiln_release_profile_render_release_options (many_apps);
  g_assert_cmpstr (text, ==,
                   "[\n"
                   "  quiet: true,\n"
                   "  applications: [\n"
                   "    aaaaaaaaaaaaaaaaa: :permanent,\n"
                   "    bbbbbbbbbbbbbbbbbbbbbbb: :load,\n"
                   "    cccccccccccccccccccc: :none,\n"
                   "    ddddddd: :load\n"
                   "  ]\n"
                   "]");
  g_clear_pointer (&text, g_free);

  /* Kiln's own settings are not mix options */
  kiln_release_profile_set_mix_env (kiln_only, "staging");
  kiln_release_profile_set_output_dir (kiln_only, "/srv/out");
  kiln_release_profile_set_template (kiln_only, KILN_RELEASE_TEMPLATE_ENV_SH, "export A=1\n");
  add_overlay_entry (kiln_only, "/srv/a", "etc/a");
  text = kiln_release_profile_render_release_options (kiln_only);
  g_assert_cmpstr (text, ==, "[]");
}

static char *
run_elixir (const char *code)
{
  g_autoptr(KilnProcess) process = kiln_process_newv (NULL, "elixir", "-e", code, NULL);
  g_autoptr(GError) error = NULL;
  int exit_status = -1;

  kiln_process_set_capture_output (process, TRUE);
  kiln_process_run_sync (process, NULL, &exit_status, &error);
  g_assert_no_error (error);
  if (exit_status != 0)
    g_error ("elixir failed (%d): %s", exit_status, kiln_process_get_stderr_text (process));

  return g_strstrip (g_strdup (kiln_process_get_stdout_text (process)));
}

/* Evaluates what Kiln renders with the real Elixir and compares it with
 * literals written by hand, and with what the formatter makes of it. */
static void
test_render_evaluates_in_elixir (void)
{
  g_autoptr(KilnReleaseProfile) full = make_full_profile ();
  g_autoptr(GString) code = g_string_new (NULL);
  g_autofree char *options = NULL;
  g_autofree char *snippet = NULL;
  g_autofree char *quoted_options = NULL;
  g_autofree char *quoted_snippet = NULL;
  g_autofree char *output = NULL;

  if (!kiln_test_toolchain_available ())
    {
      g_test_skip ("elixir is not installed");
      return;
    }

  options = kiln_release_profile_render_release_options (full);
  snippet = kiln_release_profile_render_mix_exs_snippet (full);
  quoted_options = kiln_elixir_quote_string (options);
  quoted_snippet = kiln_elixir_quote_string (snippet);

  g_string_append_printf (code, "rendered = %s\n", quoted_options);
  g_string_append_printf (code, "snippet = %s\n", quoted_snippet);
  g_string_append (code,
    "expected = [\n"
    "  include_executables_for: [:unix],\n"
    "  include_erts: \"/usr/lib/erlang/erts-13.1.5\",\n"
    "  strip_beams: [keep: [\"Docs\", \"Dbgi\"], compress: true],\n"
    "  cookie: \"se\\\"cr\\\\et \\#{x} é\",\n"
    "  path: \"/tmp/rel out\",\n"
    "  version: \"1.0.0-rc.1\",\n"
    "  quiet: true,\n"
    "  steps: [:assemble, :tar],\n"
    "  overlays: [\"rel/extra\", \"more overlays\"],\n"
    "  rel_templates_path: \"rel/templates\",\n"
    "  runtime_config_path: \"config/prod_runtime.exs\",\n"
    "  validate_compile_env: false,\n"
    "  reboot_system_after_config: true,\n"
    "  config_providers: [{Config.Reader, {:system, \"RELEASE_ROOT\", \"/extra.exs\"}}],\n"
    "  applications: [{:my_app, :permanent}, {:\"my-lib\", :load}, {:runtime_tools, :none},\n"
    "                 {:observer, :temporary}, {:wx, :transient}],\n"
    "  burrito: [targets: [linux: [os: :linux, cpu: :x86_64]]],\n"
    "  skip_mode_validation_for: [:observer]\n"
    "]\n"
    "{opts, _} = Code.eval_string(rendered)\n"
    "{[releases: [{name, snippet_opts}]], _} = Code.eval_string(\"[\" <> snippet <> \"]\")\n"
    "wrapped = \"[\\n  \" <> String.replace(snippet, \"\\n\", \"\\n  \") <> \"\\n]\"\n"
    "IO.puts(inspect([\n"
    "  opts == expected,\n"
    "  name == :my_app and snippet_opts == expected,\n"
    "  IO.iodata_to_binary(Code.format_string!(rendered)) == rendered,\n"
    "  IO.iodata_to_binary(Code.format_string!(wrapped)) == wrapped\n"
    "]))\n");

  output = run_elixir (code->str);
  g_assert_cmpstr (output, ==, "[true, true, true, true]");
}

static JsonArray *
parse_array (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));

  return json_array_ref (json_node_get_array (json_parser_get_root (parser)));
}

static gboolean
warnings_mention (KilnReleaseProfile *profile,
                  const char         *fragment)
{
  const char * const *warnings = kiln_release_profile_get_warnings (profile);

  for (guint i = 0; warnings[i] != NULL; i++)
    {
      if (strstr (warnings[i], fragment) != NULL)
        return TRUE;
    }

  return FALSE;
}

static void
test_from_mix_release (void)
{
  static const char * const unix_only[] = { "unix", NULL };
  static const char * const keep_docs[] = { "Docs", NULL };
  static const char * const overlays[] = { "rel/overlays_extra", NULL };
  g_autoptr(JsonArray) options = parse_array (
    "["
    " {\"key\": \"include_executables_for\", \"value\": [{\"atom\": \"unix\"}], \"code\": \"[:unix]\", \"code_valid\": true},"
    " {\"key\": \"strip_beams\", \"value\": [{\"tuple\": [{\"atom\": \"keep\"}, [\"Docs\"]]}, {\"tuple\": [{\"atom\": \"compress\"}, true]}],"
    "  \"code\": \"[keep: [\\\"Docs\\\"], compress: true]\", \"code_valid\": true},"
    " {\"key\": \"cookie\", \"value\": \"single-app-cookie\", \"code\": \"\\\"single-app-cookie\\\"\", \"code_valid\": true},"
    " {\"key\": \"applications\", \"value\": [{\"tuple\": [{\"atom\": \"single_app\"}, {\"atom\": \"permanent\"}]},"
    "   {\"tuple\": [{\"atom\": \"runtime_tools\"}, {\"atom\": \"load\"}]}, {\"tuple\": [{\"atom\": \"bad\"}, {\"atom\": \"forever\"}]}],"
    "  \"code\": \"[single_app: :permanent, runtime_tools: :load, bad: :forever]\", \"code_valid\": true},"
    " {\"key\": \"version\", \"value\": \"2.0.0\", \"code\": \"\\\"2.0.0\\\"\", \"code_valid\": true},"
    " {\"key\": \"quiet\", \"value\": true, \"code\": \"true\", \"code_valid\": true},"
    " {\"key\": \"overlays\", \"value\": [\"rel/overlays_extra\"], \"code\": \"[\\\"rel/overlays_extra\\\"]\", \"code_valid\": true},"
    " {\"key\": \"runtime_config_path\", \"value\": false, \"code\": \"false\", \"code_valid\": true},"
    " {\"key\": \"validate_compile_env\", \"value\": false, \"code\": \"false\", \"code_valid\": true},"
    " {\"key\": \"config_providers\", \"value\": [{\"tuple\": [{\"atom\": \"Elixir.Config.Reader\"}, \"/etc/x.exs\"]}],"
    "  \"code\": \"[{Config.Reader, \\\"/etc/x.exs\\\"}]\", \"code_valid\": true},"
    " {\"key\": \"steps\", \"value\": [{\"atom\": \"assemble\"}, {\"code\": \"#Function<0.1234/1 in MyApp.MixProject.project/0>\"}, {\"atom\": \"tar\"}],"
    "  \"code\": \"[:assemble, #Function<0.1234/1 in MyApp.MixProject.project/0>, :tar]\", \"code_valid\": false},"
    " {\"key\": \"include_erts\", \"value\": {\"code\": \"#Function<1.5678/0 in MyApp.MixProject.project/0>\"},"
    "  \"code\": \"#Function<1.5678/0 in MyApp.MixProject.project/0>\", \"code_valid\": false},"
    " {\"key\": \"burrito\", \"value\": [{\"tuple\": [{\"atom\": \"targets\"}, [{\"tuple\": [{\"atom\": \"linux\"}, [{\"tuple\": [{\"atom\": \"os\"}, {\"atom\": \"linux\"}]}]]}]]}],"
    "  \"code\": \"[targets: [linux: [os: :linux]]]\", \"code_valid\": true},"
    " {\"key\": \"hook\", \"value\": {\"code\": \"#PID<0.93.0>\"}, \"code\": \"#PID<0.93.0>\", \"code_valid\": false}"
    "]");
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnReleaseProfile) profile = kiln_release_profile_new_from_mix_release ("single_app", options, &error);
  g_autoptr(KilnReleaseApplication) first = NULL;
  g_autoptr(KilnReleaseApplication) second = NULL;
  g_autofree char *rendered = NULL;
  GListModel *applications;

  g_assert_no_error (error);
  g_assert_nonnull (profile);

  g_assert_cmpstr (kiln_release_profile_get_name (profile), ==, "single_app");
  assert_strv (kiln_release_profile_get_include_executables_for (profile), unix_only);
  g_assert_true (kiln_release_profile_get_strip_beams (profile));
  assert_strv (kiln_release_profile_get_strip_beams_keep (profile), keep_docs);
  g_assert_true (kiln_release_profile_get_strip_beams_compress (profile));
  g_assert_cmpstr (kiln_release_profile_get_cookie (profile), ==, "single-app-cookie");
  g_assert_cmpstr (kiln_release_profile_get_version (profile), ==, "2.0.0");
  g_assert_true (kiln_release_profile_get_quiet (profile));
  assert_strv (kiln_release_profile_get_overlays (profile), overlays);
  g_assert_cmpint (kiln_release_profile_get_runtime_config (profile), ==, KILN_RUNTIME_CONFIG_DISABLED);
  g_assert_false (kiln_release_profile_get_validate_compile_env (profile));
  g_assert_cmpstr (kiln_release_profile_get_config_providers (profile), ==, "[{Config.Reader, \"/etc/x.exs\"}]");
  g_assert_true (kiln_release_profile_get_steps_include_tar (profile));
  g_assert_cmpint (kiln_release_profile_get_include_erts (profile), ==, KILN_INCLUDE_ERTS_YES);

  applications = kiln_release_profile_get_applications (profile);
  g_assert_cmpuint (g_list_model_get_n_items (applications), ==, 2);
  first = g_list_model_get_item (applications, 0);
  second = g_list_model_get_item (applications, 1);
  g_assert_cmpstr (kiln_release_application_get_name (first), ==, "single_app");
  g_assert_cmpint (kiln_release_application_get_mode (first), ==, KILN_APPLICATION_MODE_PERMANENT);
  g_assert_cmpstr (kiln_release_application_get_name (second), ==, "runtime_tools");
  g_assert_cmpint (kiln_release_application_get_mode (second), ==, KILN_APPLICATION_MODE_LOAD);

  g_assert_cmpstr (kiln_release_profile_get_extra_option (profile, "burrito"), ==, "[targets: [linux: [os: :linux]]]");
  g_assert_null (kiln_release_profile_get_extra_option (profile, "hook"));

  /* Nothing dropped silently: one warning for each thing left out */
  g_assert_cmpuint (g_strv_length ((char **)kiln_release_profile_get_warnings (profile)), ==, 4);
  g_assert_true (warnings_mention (profile, "Entry 3 of the :applications option"));
  g_assert_true (warnings_mention (profile, "The :steps option ([:assemble, #Function<0.1234/1"));
  g_assert_true (warnings_mention (profile, "The :include_erts option (#Function<1.5678/0"));
  g_assert_true (warnings_mention (profile, "The :hook option (#PID<0.93.0>)"));

  rendered = kiln_release_profile_render_release_options (profile);
  g_assert_cmpstr (rendered, ==,
                   "[\n"
                   "  include_executables_for: [:unix],\n"
                   "  strip_beams: [keep: [\"Docs\"], compress: true],\n"
                   "  cookie: \"single-app-cookie\",\n"
                   "  version: \"2.0.0\",\n"
                   "  quiet: true,\n"
                   "  steps: [:assemble, :tar],\n"
                   "  overlays: [\"rel/overlays_extra\"],\n"
                   "  runtime_config_path: false,\n"
                   "  validate_compile_env: false,\n"
                   "  config_providers: [{Config.Reader, \"/etc/x.exs\"}],\n"
                   "  applications: [single_app: :permanent, runtime_tools: :load],\n"
                   "  burrito: [targets: [linux: [os: :linux]]]\n"
                   "]");
}

static void
test_from_mix_release_odd_values (void)
{
  g_autoptr(JsonArray) options = parse_array (
    "["
    " {\"key\": \"cookie\", \"value\": {\"atom\": \"secret\"}, \"code\": \":secret\", \"code_valid\": true},"
    " {\"key\": \"version\", \"value\": {\"tuple\": [{\"atom\": \"from_app\"}, {\"atom\": \"my_app\"}]},"
    "  \"code\": \"{:from_app, :my_app}\", \"code_valid\": true},"
    " {\"key\": \"include_erts\", \"value\": \"/opt/erlang/erts-13.1.5\", \"code\": \"\\\"/opt/erlang/erts-13.1.5\\\"\", \"code_valid\": true},"
    " {\"key\": \"strip_beams\", \"value\": false, \"code\": \"false\", \"code_valid\": true},"
    " {\"key\": \"runtime_config_path\", \"value\": \"config/other.exs\", \"code\": \"\\\"config/other.exs\\\"\", \"code_valid\": true},"
    " {\"key\": \"strip_beams\", \"value\": true, \"code\": \"true\", \"code_valid\": true}"
    "]");
  g_autoptr(JsonArray) malformed = parse_array ("[{\"value\": 1}]");
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnReleaseProfile) profile = kiln_release_profile_new_from_mix_release ("my_app", options, &error);
  g_autoptr(KilnReleaseProfile) broken = NULL;

  g_assert_no_error (error);
  g_assert_null (kiln_release_profile_get_cookie (profile));
  g_assert_null (kiln_release_profile_get_version (profile));
  g_assert_true (warnings_mention (profile, "The :cookie option (:secret)"));
  g_assert_true (warnings_mention (profile, "The :version option ({:from_app, :my_app})"));
  g_assert_cmpint (kiln_release_profile_get_include_erts (profile), ==, KILN_INCLUDE_ERTS_PATH);
  g_assert_cmpstr (kiln_release_profile_get_include_erts_path (profile), ==, "/opt/erlang/erts-13.1.5");
  g_assert_false (kiln_release_profile_get_strip_beams (profile));
  g_assert_true (warnings_mention (profile, "The :strip_beams option appears more than once"));
  g_assert_cmpint (kiln_release_profile_get_runtime_config (profile), ==, KILN_RUNTIME_CONFIG_PATH);
  g_assert_cmpstr (kiln_release_profile_get_runtime_config_path (profile), ==, "config/other.exs");

  broken = kiln_release_profile_new_from_mix_release ("my_app", malformed, &error);
  g_assert_null (broken);
  g_assert_error (error, KILN_ERROR, KILN_ERROR_HELPER_FAILED);
}

/* "Write to rel/": only the templates the profile edits and that differ
 * from the project's files, each with a diff; written with a backup of the
 * old file, after which the profile stops carrying its own copies. */
static void
test_write_templates_to_rel (void)
{
  g_autofree char *project = kiln_test_make_temp_dir ("write-templates");
  g_autofree char *rel = g_build_filename (project, "rel", NULL);
  g_autofree char *vm_args = g_build_filename (rel, "vm.args.eex", NULL);
  g_autofree char *env_sh = g_build_filename (rel, "env.sh.eex", NULL);
  g_autofree char *written = NULL;
  g_autoptr(KilnReleaseProfile) profile = kiln_release_profile_new ("shop");
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (rel, 0755), ==, 0);
  g_assert_true (g_file_set_contents (vm_args, "-name old\n", -1, NULL));
  g_assert_true (g_file_set_contents (env_sh, "#!/bin/sh\n", -1, NULL));

  kiln_release_profile_set_template (profile, KILN_RELEASE_TEMPLATE_VM_ARGS, "-name new\n");
  kiln_release_profile_set_template (profile, KILN_RELEASE_TEMPLATE_ENV_SH, "#!/bin/sh\n");
  kiln_release_profile_set_template (profile, KILN_RELEASE_TEMPLATE_REMOTE_VM_ARGS, "-hidden\n");

  changes = kiln_release_profile_dup_template_changes (profile, project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 2);
  g_assert_cmpstr (kiln_file_change_get_path (changes->pdata[0]), ==, "rel/vm.args.eex");
  g_assert_nonnull (strstr (kiln_file_change_get_diff (changes->pdata[0]), "+-name new"));
  g_assert_cmpstr (kiln_file_change_get_path (changes->pdata[1]), ==, "rel/remote.vm.args.eex");
  g_assert_true (kiln_file_change_get_is_new (changes->pdata[1]));

  g_assert_true (kiln_release_profile_write_template_changes (profile, changes, &error));
  g_assert_no_error (error);
  written = kiln_test_read_file (vm_args);
  g_assert_cmpstr (written, ==, "-name new\n");
  g_assert_nonnull (kiln_file_change_get_backup_path (changes->pdata[0]));
  g_assert_null (kiln_release_profile_get_template (profile, KILN_RELEASE_TEMPLATE_VM_ARGS));

  none = kiln_release_profile_dup_template_changes (profile, project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);

  kiln_test_remove_tree (project);
}

int
main (int   argc,
      char *argv[])
{
  kiln_test_init (&argc, &argv);

  g_test_add_func ("/profile/defaults", test_defaults);
  g_test_add_func ("/profile/notify-and-changed", test_notify_and_changed);
  g_test_add_func ("/profile/json/round-trip", test_json_round_trip);
  g_test_add_func ("/profile/json/rejects", test_json_rejects);
  g_test_add_func ("/profile/json/minimal", test_json_minimal);
  for (guint i = 0; i < G_N_ELEMENTS (validation_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/profile/validation/%s", validation_cases[i].name);
      g_test_add_data_func (path, &validation_cases[i], test_validation_case);
    }
  g_test_add_func ("/profile/validation/all-at-once", test_validation_all_at_once);
  g_test_add_func ("/profile/render/exact", test_render_exact);
  g_test_add_func ("/profile/render/evaluates-in-elixir", test_render_evaluates_in_elixir);
  g_test_add_func ("/profile/from-mix-release", test_from_mix_release);
  g_test_add_func ("/profile/from-mix-release/odd-values", test_from_mix_release_odd_values);
  g_test_add_func ("/profile/write-templates-to-rel", test_write_templates_to_rel);

  return g_test_run ();
}
