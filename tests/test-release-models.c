#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "kiln-engine.h"
#include "kiln-test-util.h"

static void
write_file (const char *root,
            const char *relative,
            const char *contents)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
test_application_modes (void)
{
  g_autofree char *atoms = kiln_application_mode_dup_choices (":");
  g_autofree char *names = kiln_application_mode_dup_choices ("");
  g_autoptr(GHashTable) descriptions = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GEnumClass) modes = g_type_class_ref (KILN_TYPE_APPLICATION_MODE);
  KilnApplicationMode mode;

  g_assert_cmpstr (atoms, ==, ":permanent, :transient, :temporary, :load or :none");
  g_assert_cmpstr (names, ==, "permanent, transient, temporary, load or none");

  for (guint i = 0; i < modes->n_values; i++)
    {
      const char *description = kiln_application_mode_get_description (modes->values[i].value);

      g_assert_cmpstr (kiln_application_mode_to_string (modes->values[i].value), ==, modes->values[i].value_nick);
      g_assert_true (kiln_application_mode_from_string (modes->values[i].value_nick, &mode));
      g_assert_cmpint (mode, ==, modes->values[i].value);
      g_assert_nonnull (description);
      g_assert_true (g_hash_table_add (descriptions, (char *) description));
    }

  g_assert_false (kiln_application_mode_from_string ("eternal", &mode));
  g_assert_false (kiln_application_mode_from_string (NULL, &mode));
}

static void
test_templates (void)
{
  g_autofree char *project_dir = kiln_test_make_temp_dir ("templates");
  g_autofree char *default_vm_args = kiln_release_template_dup_default (KILN_RELEASE_TEMPLATE_VM_ARGS);
  g_autofree char *default_env_sh = kiln_release_template_dup_default (KILN_RELEASE_TEMPLATE_ENV_SH);
  g_autofree char *text = NULL;
  g_autofree char *folder = NULL;

  /* What mix release.init writes. */
  g_assert_nonnull (strstr (default_vm_args, "-mode/-name/-sname/-setcookie"));
  g_assert_nonnull (strstr (default_env_sh, "RELEASE_DISTRIBUTION"));

  text = kiln_release_template_dup_project_text (KILN_RELEASE_TEMPLATE_VM_ARGS, project_dir, NULL);
  g_assert_cmpstr (text, ==, default_vm_args);
  g_clear_pointer (&text, g_free);

  write_file (project_dir, "rel/vm.args.eex", "+K true\n");
  write_file (project_dir, "deploy/templates/vm.args.eex", "+A 64\n");
  text = kiln_release_template_dup_project_text (KILN_RELEASE_TEMPLATE_VM_ARGS, project_dir, NULL);
  g_assert_cmpstr (text, ==, "+K true\n");
  g_clear_pointer (&text, g_free);

  /* rel_templates_path moves where the project's templates are read. */
  text = kiln_release_template_dup_project_text (KILN_RELEASE_TEMPLATE_VM_ARGS, project_dir, "deploy/templates");
  g_assert_cmpstr (text, ==, "+A 64\n");
  g_clear_pointer (&text, g_free);
  folder = kiln_release_template_dup_folder (project_dir, "deploy/templates/");
  g_assert_true (g_str_has_suffix (folder, "/deploy/templates"));

  /* Text that is not UTF-8 is shown as well as it can be, not refused. */
  write_file (project_dir, "rel/env.sh.eex", "export A=\xff\n");
  text = kiln_release_template_dup_project_text (KILN_RELEASE_TEMPLATE_ENV_SH, project_dir, NULL);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_true (g_str_has_prefix (text, "export A="));

  kiln_test_remove_tree (project_dir);
}

static gboolean
preview_idle (gpointer data)
{
  return !kiln_overlay_preview_get_loading (data);
}

static char *
list_preview (KilnOverlayPreview *preview)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!preview_idle (preview) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (kiln_overlay_preview_get_loading (preview));

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (preview)); i++)
    {
      g_autoptr(KilnOverlayEntry) file = g_list_model_get_item (G_LIST_MODEL (preview), i);

      g_assert_true (g_file_test (kiln_overlay_entry_get_source (file), G_FILE_TEST_EXISTS));
      g_string_append_printf (out, "%s%s", i > 0 ? " " : "", kiln_overlay_entry_get_destination (file));
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_overlay_preview (void)
{
  g_autofree char *project_dir = kiln_test_make_temp_dir ("overlays");
  g_autofree char *notice = g_build_filename (project_dir, "NOTICE.txt", NULL);
  g_autoptr(KilnReleaseProfile) profile = kiln_release_profile_new ("app");
  g_autoptr(KilnOverlayPreview) preview = kiln_overlay_preview_new ();
  g_autoptr(KilnOverlayEntry) entry = NULL;
  const char * const extra[] = { "extra", NULL };
  g_autofree char *listed = NULL;

  write_file (project_dir, "rel/overlays/DEFAULT.txt", "default\n");
  write_file (project_dir, "deploy/templates/overlays/etc/b.conf", "b\n");
  write_file (project_dir, "deploy/templates/overlays/etc/a.conf", "a\n");
  write_file (project_dir, "extra/EXTRA.txt", "extra\n");
  write_file (project_dir, "extra/etc/a.conf", "overrides a\n");
  write_file (project_dir, "NOTICE.txt", "notice\n");

  kiln_overlay_preview_set_project_dir (preview, project_dir);
  kiln_overlay_preview_set_profile (preview, profile);
  g_assert_true (kiln_overlay_preview_get_loading (preview));
  listed = list_preview (preview);
  g_assert_cmpstr (listed, ==, "DEFAULT.txt");
  g_clear_pointer (&listed, g_free);

  /* Sources of entries are relative to the project, like the build reads them. */
  entry = kiln_overlay_entry_new ("NOTICE.txt", "docs/NOTICE.txt");
  g_list_store_append (kiln_release_profile_get_overlay_entry_store (profile), entry);
  listed = list_preview (preview);
  g_assert_cmpstr (listed, ==, "DEFAULT.txt docs/NOTICE.txt");
  g_clear_pointer (&listed, g_free);

  /* With another rel_templates_path, mix takes its overlays from there. */
  kiln_release_profile_set_rel_templates_path (profile, "deploy/templates");
  listed = list_preview (preview);
  g_assert_cmpstr (listed, ==, "etc/a.conf etc/b.conf docs/NOTICE.txt");
  g_clear_pointer (&listed, g_free);

  /* Extra overlays: folders come last; a file they repeat is listed once. */
  kiln_release_profile_set_overlays (profile, extra);
  listed = list_preview (preview);
  g_assert_cmpstr (listed, ==, "etc/a.conf etc/b.conf docs/NOTICE.txt EXTRA.txt");
  g_clear_pointer (&listed, g_free);

  /* Editing a destination lists again. */
  kiln_overlay_entry_set_destination (entry, "NOTICE");
  listed = list_preview (preview);
  g_assert_cmpstr (listed, ==, "etc/a.conf etc/b.conf NOTICE EXTRA.txt");
  g_clear_pointer (&listed, g_free);

  /* Edits elsewhere in the profile do not start a listing. */
  kiln_release_profile_set_cookie (profile, "secret");
  g_assert_false (kiln_overlay_preview_get_loading (preview));

  kiln_overlay_preview_set_profile (preview, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (preview)), ==, 0);
  g_assert_false (kiln_overlay_preview_get_loading (preview));

  g_assert_true (g_file_test (notice, G_FILE_TEST_IS_REGULAR));
  kiln_test_remove_tree (project_dir);
}

static void
test_overlay_preview_limits (void)
{
  g_autofree char *project_dir = kiln_test_make_temp_dir ("overlays");
  g_autofree char *loop = g_build_filename (project_dir, "rel", "overlays", "loop", NULL);
  g_autoptr(KilnReleaseProfile) profile = kiln_release_profile_new ("app");
  g_autoptr(KilnOverlayPreview) preview = kiln_overlay_preview_new ();
  g_autofree char *listed = NULL;

  write_file (project_dir, "rel/overlays/a.txt", "a\n");
  g_assert_cmpint (symlink (".", loop), ==, 0);
  kiln_overlay_preview_set_project_dir (preview, project_dir);
  kiln_overlay_preview_set_profile (preview, profile);

  /* A link is listed, never followed: a loop cannot trap the walk. */
  listed = list_preview (preview);
  g_assert_cmpstr (listed, ==, "a.txt loop");
  g_assert_false (kiln_overlay_preview_get_truncated (preview));

  for (guint i = 0; i < KILN_OVERLAY_PREVIEW_MAX_FILES + 10; i++)
    {
      g_autofree char *name = g_strdup_printf ("rel/overlays/many/%03u", i);
      write_file (project_dir, name, "");
    }
  kiln_overlay_preview_refresh (preview);
  g_clear_pointer (&listed, g_free);
  listed = list_preview (preview);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (preview)), ==, KILN_OVERLAY_PREVIEW_MAX_FILES);
  g_assert_true (kiln_overlay_preview_get_truncated (preview));

  kiln_test_remove_tree (project_dir);
}

static void
test_overlay_entry_for_source (void)
{
  g_autofree char *dir = kiln_test_make_temp_dir ("entry");
  g_autofree char *script = g_build_filename (dir, "migrate.sh", NULL);
  g_autofree char *readme = g_build_filename (dir, "README", NULL);
  g_autoptr(KilnOverlayEntry) script_entry = NULL;
  g_autoptr(KilnOverlayEntry) readme_entry = NULL;
  g_autoptr(KilnOverlayEntry) dir_entry = NULL;
  g_autofree char *dir_name = g_path_get_basename (dir);

  write_file (dir, "migrate.sh", "#!/bin/sh\n");
  write_file (dir, "README", "read me\n");
  g_assert_cmpint (g_chmod (script, 0755), ==, 0);

  /* Scripts go next to the start script, the rest to the top of the release. */
  script_entry = kiln_overlay_entry_new_for_source (script);
  readme_entry = kiln_overlay_entry_new_for_source (readme);
  dir_entry = kiln_overlay_entry_new_for_source (dir);
  g_assert_cmpstr (kiln_overlay_entry_get_destination (script_entry), ==, "bin/migrate.sh");
  g_assert_cmpstr (kiln_overlay_entry_get_destination (readme_entry), ==, "README");
  g_assert_cmpstr (kiln_overlay_entry_get_destination (dir_entry), ==, dir_name);
  g_assert_cmpstr (kiln_overlay_entry_get_source (script_entry), ==, script);

  kiln_test_remove_tree (dir);
}

static void
tree_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static KilnReleaseTree *
load_tree (const char  *release_dir,
           GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  kiln_release_tree_new_async (release_dir, NULL, tree_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return kiln_release_tree_new_finish (result, error);
}

static void
test_release_tree (void)
{
  g_autofree char *release_dir = kiln_test_make_temp_dir ("release");
  g_autofree char *link = g_build_filename (release_dir, "lib", "outside", NULL);
  g_autofree char *missing = g_build_filename (release_dir, "missing", NULL);
  g_autoptr(KilnReleaseTree) tree = NULL;
  g_autoptr(KilnReleaseTree) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) listed = g_string_new (NULL);
  GListModel *entries;

  write_file (release_dir, "bin/app", "0123456789");
  write_file (release_dir, "erts-13.1.5/bin/beam.smp", "0123456789012345678901234567890123456789");
  write_file (release_dir, "lib/app-0.1.0/ebin/app.app", "01234567890123456789");
  write_file (release_dir, "releases/0.1.0/vm.args", "01234");
  write_file (release_dir, "releases/COOKIE", "012");
  write_file (release_dir, "NOTICE.txt", "0123");
  /* Not followed: it counts as the link itself. */
  g_assert_cmpint (symlink ("/", link), ==, 0);

  tree = load_tree (release_dir, &error);
  g_assert_no_error (error);
  entries = G_LIST_MODEL (tree);
  g_assert_true (g_list_model_get_item_type (entries) == KILN_TYPE_RELEASE_TREE_ENTRY);

  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(KilnReleaseTreeEntry) entry = g_list_model_get_item (entries, i);

      g_assert_nonnull (kiln_release_tree_entry_get_explanation (entry));
      g_string_append_printf (listed, "%s%s%s=%" G_GUINT64_FORMAT, i > 0 ? " " : "",
                              kiln_release_tree_entry_get_path (entry),
                              kiln_release_tree_entry_get_is_directory (entry) ? "/" : "",
                              kiln_release_tree_entry_get_size (entry));
    }

  g_assert_cmpstr (listed->str, ==,
                   "NOTICE.txt=4 bin/=10 erts-13.1.5/=40 lib/=21 releases/=8 releases/0.1.0/=5");
  g_assert_cmpuint (kiln_release_tree_get_size (tree), ==, 4 + 10 + 40 + 21 + 8);
  g_assert_cmpuint (kiln_release_tree_measure (release_dir), ==, kiln_release_tree_get_size (tree));
  g_assert_cmpstr (kiln_release_tree_get_release_dir (tree), ==, release_dir);

  none = load_tree (missing, &error);
  g_assert_null (none);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);

  kiln_test_remove_tree (release_dir);
}

int
main (int    argc,
      char **argv)
{
  kiln_test_init (&argc, &argv);

  g_test_add_func ("/release-models/application-modes", test_application_modes);
  g_test_add_func ("/release-models/templates", test_templates);
  g_test_add_func ("/release-models/overlay-preview", test_overlay_preview);
  g_test_add_func ("/release-models/overlay-preview/limits", test_overlay_preview_limits);
  g_test_add_func ("/release-models/overlay-entry-for-source", test_overlay_entry_for_source);
  g_test_add_func ("/release-models/release-tree", test_release_tree);

  return g_test_run ();
}
