#include "config.h"

#include <adwaita.h>

#include "kiln-engine.h"
#include "kiln-release-page.h"
#include "kiln-test-util.h"
#include "kiln-ui-test-util.h"
#include "kiln-window.h"

#define BUILD_TIMEOUT_S 600

typedef struct
{
  char            *project_dir;
  KilnWindow      *window;
  KilnSession     *session;
  KilnReleasePage *page;
} Fixture;

static gboolean
fixture_open (Fixture *fixture)
{
  if (kiln_test_skip_without_toolchain ())
    return FALSE;

  fixture->project_dir = kiln_test_copy_sample ();
  fixture->window = kiln_ui_test_new_window ();
  fixture->session = kiln_window_get_session (fixture->window);

  kiln_ui_test_open_project (fixture->window, fixture->project_dir);
  g_assert_null (kiln_session_get_inspect_error (fixture->session));
  kiln_ui_test_next (fixture->window, "release");
  fixture->page = KILN_RELEASE_PAGE (kiln_window_get_page (fixture->window, "release"));
  g_assert_true (kiln_wizard_page_get_complete (KILN_WIZARD_PAGE (fixture->page)));

  return TRUE;
}

static void
fixture_close (Fixture *fixture)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  kiln_test_remove_tree (fixture->project_dir);
  g_free (fixture->project_dir);
}

static KilnReleaseProfile *
profile_of (Fixture *fixture)
{
  return kiln_session_get_profile (fixture->session);
}

static void
assert_preview_has (Fixture    *fixture,
                    const char *code)
{
  const char *preview = kiln_release_page_get_preview (fixture->page);

  if (strstr (preview, code) == NULL)
    g_error ("preview lacks “%s”:\n%s", code, preview);
}

static void
assert_preview_lacks (Fixture    *fixture,
                      const char *code)
{
  const char *preview = kiln_release_page_get_preview (fixture->page);

  if (strstr (preview, code) != NULL)
    g_error ("preview still has “%s”:\n%s", code, preview);
}

static GtkWidget *
widget (Fixture    *fixture,
        const char *field)
{
  GtkWidget *control = kiln_release_page_get_option_widget (fixture->page, field);

  g_assert_nonnull (control);
  return control;
}

static void
set_text (Fixture    *fixture,
          const char *field,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (widget (fixture, field)), text);
}

static void
select_choice (Fixture    *fixture,
               const char *field,
               guint       position)
{
  gtk_drop_down_set_selected (GTK_DROP_DOWN (widget (fixture, field)), position);
}

static const char *
row_subtitle (GtkWidget *row)
{
  if (ADW_IS_EXPANDER_ROW (row))
    return adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row));
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

/* The row shows the engine's own message for the field, and Next refuses. */
static void
assert_field_invalid (Fixture    *fixture,
                      const char *field)
{
  g_autoptr(GPtrArray) problems = kiln_release_profile_collect_problems (profile_of (fixture), FALSE);
  GtkWidget *row = kiln_release_page_get_option_row (fixture->page, field);
  const char *message = NULL;

  for (guint i = 0; i < problems->len && message == NULL; i++)
    {
      KilnProfileProblem *problem = g_ptr_array_index (problems, i);

      if (g_strcmp0 (problem->field, field) == 0)
        message = problem->message;
    }

  g_assert_nonnull (message);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_nonnull (strstr (row_subtitle (row), message));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (row), message));
  g_assert_false (kiln_wizard_page_get_complete (KILN_WIZARD_PAGE (fixture->page)));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "wizard.next", NULL);
  for (guint i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpstr (kiln_window_get_visible_page_name (fixture->window), ==, "release");
}

static void
assert_field_valid (Fixture    *fixture,
                    const char *field)
{
  GtkWidget *row = kiln_release_page_get_option_row (fixture->page, field);

  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_assert_true (kiln_wizard_page_get_complete (KILN_WIZARD_PAGE (fixture->page)));
}

static void
scroll_to (GtkWidget *target)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (target, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;
  graphene_point_t point;

  gtk_test_widget_wait_for_draw (gtk_widget_get_ancestor (target, GTK_TYPE_WINDOW));
  gtk_test_widget_wait_for_draw (gtk_widget_get_ancestor (target, GTK_TYPE_WINDOW));
  g_assert_true (gtk_widget_compute_point (target, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                           &GRAPHENE_POINT_INIT (0, 0), &point));
  /* The viewport's coordinates start at the visible top, not the content's. */
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + point.y - 12);
}

static void
test_options_edit_profile_and_preview (void)
{
  const char * const unix_only[] = { "unix", NULL };
  const char * const docs[] = { "Docs", NULL };
  const char * const overlays[] = { "rel/extra", "rel/more", NULL };
  Fixture fixture = { 0 };
  KilnReleaseProfile *profile;
  GtkTextBuffer *providers;
  GtkWidget *row;

  if (!fixture_open (&fixture))
    return;
  profile = profile_of (&fixture);

  /* Each control is labelled for assistive technologies by its row's title. */
  g_assert_nonnull (gtk_widget_get_ancestor (widget (&fixture, "overlays"), ADW_TYPE_ACTION_ROW));

  select_choice (&fixture, "include-executables-for", 1);
  g_assert_true (g_strv_equal (kiln_release_profile_get_include_executables_for (profile), unix_only));
  assert_preview_has (&fixture, "include_executables_for: [:unix]");
  select_choice (&fixture, "include-executables-for", 0);
  assert_preview_lacks (&fixture, "include_executables_for");

  set_text (&fixture, "strip-beams-keep", "Docs");
  g_assert_true (g_strv_equal (kiln_release_profile_get_strip_beams_keep (profile), docs));
  assert_preview_has (&fixture, "strip_beams: [keep: [\"Docs\"]]");
  gtk_switch_set_active (GTK_SWITCH (widget (&fixture, "strip-beams-compress")), TRUE);
  g_assert_true (kiln_release_profile_get_strip_beams_compress (profile));
  assert_preview_has (&fixture, "strip_beams: [keep: [\"Docs\"], compress: true]");

  /* Keep and compress only mean something while stripping. */
  gtk_switch_set_active (GTK_SWITCH (widget (&fixture, "strip-beams")), FALSE);
  g_assert_false (gtk_widget_get_visible (kiln_release_page_get_option_row (fixture.page, "strip-beams-keep")));
  g_assert_false (gtk_widget_get_visible (kiln_release_page_get_option_row (fixture.page, "strip-beams-compress")));
  assert_preview_has (&fixture, "strip_beams: false");
  gtk_switch_set_active (GTK_SWITCH (widget (&fixture, "strip-beams")), TRUE);
  g_assert_true (gtk_widget_get_visible (kiln_release_page_get_option_row (fixture.page, "strip-beams-keep")));

  /* An empty chunk, then a misspelt one, are refused with the engine's words. */
  set_text (&fixture, "strip-beams-keep", "Docs, ");
  assert_field_invalid (&fixture, "strip-beams-keep");
  set_text (&fixture, "strip-beams-keep", "Docs, Dbg");
  assert_field_invalid (&fixture, "strip-beams-keep");
  set_text (&fixture, "strip-beams-keep", "Docs");
  assert_field_valid (&fixture, "strip-beams-keep");

  select_choice (&fixture, "runtime-config", 1);
  g_assert_cmpint (kiln_release_profile_get_runtime_config (profile), ==, KILN_RUNTIME_CONFIG_DISABLED);
  assert_preview_has (&fixture, "runtime_config_path: false");
  g_assert_false (gtk_widget_get_visible (kiln_release_page_get_option_row (fixture.page, "runtime-config-path")));
  select_choice (&fixture, "runtime-config", 2);
  g_assert_true (gtk_widget_get_visible (kiln_release_page_get_option_row (fixture.page, "runtime-config-path")));
  assert_field_invalid (&fixture, "runtime-config-path");
  set_text (&fixture, "runtime-config-path", "config/other_runtime.exs");
  g_assert_cmpstr (kiln_release_profile_get_runtime_config_path (profile), ==, "config/other_runtime.exs");
  assert_preview_has (&fixture, "runtime_config_path: \"config/other_runtime.exs\"");
  assert_field_valid (&fixture, "runtime-config-path");
  select_choice (&fixture, "runtime-config", 0);
  assert_preview_lacks (&fixture, "runtime_config_path");

  providers = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget (&fixture, "config-providers")));
  gtk_text_buffer_set_text (providers, "[{MyApp.SecretsProvider, \"/etc/my_app.json\"}]", -1);
  g_assert_cmpstr (kiln_release_profile_get_config_providers (profile), ==,
                   "[{MyApp.SecretsProvider, \"/etc/my_app.json\"}]");
  assert_preview_has (&fixture, "config_providers: [{MyApp.SecretsProvider, \"/etc/my_app.json\"}]");

  set_text (&fixture, "overlays", "rel/extra, rel/more");
  g_assert_true (g_strv_equal (kiln_release_profile_get_overlays (profile), overlays));
  assert_preview_has (&fixture, "overlays: [\"rel/extra\", \"rel/more\"]");
  set_text (&fixture, "overlays", "rel/extra,");
  assert_field_invalid (&fixture, "overlays");
  set_text (&fixture, "overlays", "rel/extra, rel/more");
  assert_field_valid (&fixture, "overlays");

  set_text (&fixture, "rel-templates-path", "rel/custom");
  g_assert_cmpstr (kiln_release_profile_get_rel_templates_path (profile), ==, "rel/custom");
  assert_preview_has (&fixture, "rel_templates_path: \"rel/custom\"");
  set_text (&fixture, "rel-templates-path", "");
  g_assert_null (kiln_release_profile_get_rel_templates_path (profile));

  /* The ERTS folder must be named erts-VSN. */
  select_choice (&fixture, "include-erts", KILN_INCLUDE_ERTS_PATH);
  g_assert_true (gtk_widget_get_visible (kiln_release_page_get_option_row (fixture.page, "include-erts-path")));
  set_text (&fixture, "include-erts-path", "/opt/erlang/runtime");
  assert_field_invalid (&fixture, "include-erts-path");
  set_text (&fixture, "include-erts-path", "/opt/erlang/erts-13.1.5");
  assert_field_valid (&fixture, "include-erts-path");
  assert_preview_has (&fixture, "include_erts: \"/opt/erlang/erts-13.1.5\"");
  select_choice (&fixture, "include-erts", KILN_INCLUDE_ERTS_YES);

  /* Options Kiln does not model are listed read-only, and kept. */
  kiln_release_profile_set_extra_option (profile, "skip_mode", ":fast");
  row = kiln_release_page_get_option_row (fixture.page, "extra:skip_mode");
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP)));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, ":fast");
  assert_preview_has (&fixture, "skip_mode: :fast");
  kiln_release_profile_set_extra_option (profile, "cookie", "\"dup\"");
  g_assert_true (gtk_widget_has_css_class (kiln_release_page_get_option_row (fixture.page, "extra:cookie"), "error"));
  g_assert_false (kiln_wizard_page_get_complete (KILN_WIZARD_PAGE (fixture.page)));
  kiln_release_profile_set_extra_option (profile, "cookie", NULL);
  g_assert_null (kiln_release_page_get_option_row (fixture.page, "extra:cookie"));
  g_assert_true (kiln_wizard_page_get_complete (KILN_WIZARD_PAGE (fixture.page)));

  /* Loading another profile puts its values into the controls. */
  {
    g_autoptr(KilnReleaseProfile) other = kiln_release_profile_new ("other");
    const char * const windows_only[] = { "windows", NULL };
    const char * const chunks[] = { "Attr", "Dbgi", NULL };
    g_autoptr(KilnReleaseProfile) original = g_object_ref (profile);

    kiln_release_profile_set_include_executables_for (other, windows_only);
    kiln_release_profile_set_strip_beams_keep (other, chunks);
    kiln_release_profile_set_runtime_config (other, KILN_RUNTIME_CONFIG_DISABLED);
    kiln_session_set_profile (fixture.session, other);
    g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (widget (&fixture, "include-executables-for"))), ==, 2);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (widget (&fixture, "strip-beams-keep"))), ==, "Attr, Dbgi");
    g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (widget (&fixture, "runtime-config"))), ==, 1);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (widget (&fixture, "overlays"))), ==, "");
    kiln_session_set_profile (fixture.session, original);
    g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (widget (&fixture, "include-executables-for"))), ==, 0);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (widget (&fixture, "overlays"))), ==, "rel/extra, rel/more");
  }

  kiln_ui_test_screenshot (GTK_WIDGET (fixture.window), "03-release");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (kiln_release_page_get_option_row (fixture.page, "config-providers")), TRUE);
  scroll_to (gtk_widget_get_ancestor (kiln_release_page_get_option_row (fixture.page, "include-executables-for"),
                                      ADW_TYPE_PREFERENCES_GROUP));
  kiln_ui_test_screenshot (GTK_WIDGET (fixture.window), "03-release-advanced");
  gtk_window_set_default_size (GTK_WINDOW (fixture.window), 360, 640);
  for (guint i = 0; i < 200 && gtk_widget_get_width (GTK_WIDGET (fixture.window)) > 400; i++)
    g_main_context_iteration (NULL, TRUE);
  scroll_to (gtk_widget_get_ancestor (kiln_release_page_get_option_row (fixture.page, "include-executables-for"),
                                      ADW_TYPE_PREFERENCES_GROUP));
  kiln_ui_test_screenshot (GTK_WIDGET (fixture.window), "03-release-advanced-narrow");

  fixture_close (&fixture);
}

static char *
find_runtime_exs (const char *release_dir)
{
  g_autofree char *releases = g_build_filename (release_dir, "releases", NULL);
  g_autoptr(GDir) dir = g_dir_open (releases, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      char *candidate = g_build_filename (releases, name, "runtime.exs", NULL);

      if (g_file_test (candidate, G_FILE_TEST_EXISTS))
        return candidate;
      g_free (candidate);
    }

  return NULL;
}

static void
test_options_reach_the_release (void)
{
  Fixture fixture = { 0 };
  g_autofree char *extra_dir = NULL;
  g_autofree char *extra_file = NULL;
  g_autofree char *shipped = NULL;
  g_autofree char *script = NULL;
  g_autofree char *bat = NULL;
  g_autofree char *runtime_exs = NULL;
  const char *release_dir;

  if (!fixture_open (&fixture))
    return;

  extra_dir = g_build_filename (fixture.project_dir, "rel", "extra", NULL);
  extra_file = g_build_filename (extra_dir, "EXTRA.txt", NULL);
  g_assert_cmpint (g_mkdir_with_parents (extra_dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (extra_file, "from an extra overlay\n", -1, NULL));

  select_choice (&fixture, "include-executables-for", 1);
  select_choice (&fixture, "runtime-config", 1);
  set_text (&fixture, "overlays", "rel/extra");
  g_assert_true (kiln_wizard_page_get_complete (KILN_WIZARD_PAGE (fixture.page)));

  kiln_ui_test_next (fixture.window, "overlays");
  kiln_ui_test_next (fixture.window, "build");
  gtk_widget_activate_action (GTK_WIDGET (kiln_window_get_page (fixture.window, "build")), "build.start", NULL);
  g_assert_true (kiln_session_get_building (fixture.session));
  g_assert_true (kiln_ui_wait_for (kiln_ui_test_build_done, fixture.window, BUILD_TIMEOUT_S));
  if (kiln_session_get_build_result (fixture.session) != KILN_BUILD_RESULT_SUCCEEDED)
    g_error ("build failed: %s", kiln_session_get_build_error (fixture.session));

  release_dir = kiln_build_get_release_dir (kiln_session_get_build (fixture.session));
  script = g_build_filename (release_dir, "bin", "hello_release", NULL);
  bat = g_build_filename (release_dir, "bin", "hello_release.bat", NULL);
  shipped = g_build_filename (release_dir, "EXTRA.txt", NULL);
  g_assert_true (g_file_test (script, G_FILE_TEST_IS_EXECUTABLE));
  g_assert_false (g_file_test (bat, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (shipped, G_FILE_TEST_IS_REGULAR));
  runtime_exs = find_runtime_exs (release_dir);
  g_assert_null (runtime_exs);

  fixture_close (&fixture);
}

static char *
dup_popover_text (GtkWidget *help_button)
{
  GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (help_button));
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) links = g_ptr_array_new ();
  GString *text = g_string_new (NULL);

  gtk_menu_button_popup (GTK_MENU_BUTTON (help_button));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  kiln_ui_test_collect_visible (GTK_WIDGET (popover), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    g_string_append_printf (text, "%s\n", gtk_label_get_text (labels->pdata[i]));

  /* The documentation stays one click away, under the answer. */
  kiln_ui_test_collect_visible (GTK_WIDGET (popover), GTK_TYPE_LINK_BUTTON, links);
  g_assert_cmpuint (links->len, ==, 1);
  g_assert_true (g_str_has_prefix (gtk_link_button_get_uri (links->pdata[0]), "https://hexdocs.pm/"));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (help_button));

  return g_string_free (text, FALSE);
}

static void
assert_help_says (Fixture    *fixture,
                  const char *property,
                  const char *first_needle,
                  ...)
{
  GtkWidget *row = kiln_release_page_get_option_row (fixture->page, property);
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  g_autofree char *text = NULL;
  va_list args;

  kiln_ui_test_collect_visible (row, GTK_TYPE_MENU_BUTTON, buttons);
  g_assert_cmpuint (buttons->len, ==, 1);
  text = dup_popover_text (buttons->pdata[0]);

  va_start (args, first_needle);
  for (const char *needle = first_needle; needle != NULL; needle = va_arg (args, const char *))
    if (strstr (text, needle) == NULL)
      g_error ("Learn more for %s does not say “%s”:\n%s", property, needle, text);
  va_end (args);
}

/* "Learn more" answers in the app, offline: the questions people ask. */
static void
test_options_learn_more (void)
{
  Fixture fixture = { 0 };

  if (!fixture_open (&fixture))
    return;

  assert_help_says (&fixture, "include-erts", "glibc", "OTP", "operating system", NULL);
  assert_help_says (&fixture, "runtime-config", "sys.config", "runtime.exs", NULL);
  assert_help_says (&fixture, "cookie", "RELEASE_COOKIE", NULL);
  assert_help_says (&fixture, "strip-beams", "Remove debug information", NULL);

  fixture_close (&fixture);
}

int
main (int    argc,
      char **argv)
{
  kiln_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/release-options/edit", test_options_edit_profile_and_preview);
  g_test_add_func ("/ui/release-options/learn-more", test_options_learn_more);
  g_test_add_func ("/ui/release-options/build", test_options_reach_the_release);

  return g_test_run ();
}
