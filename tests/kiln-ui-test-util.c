#define G_LOG_DOMAIN "kiln-test"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdlib.h>

#include "kiln-test-util.h"
#include "kiln-ui-test-util.h"
#include "kiln-ui-util.h"
#include "kiln-welcome-page.h"

void
kiln_ui_test_init (int    *argc,
                   char ***argv)
{
  g_auto(GStrv) mime_dirs = NULL;
  g_autoptr(GtkCssProvider) css = NULL;
  GtkIconTheme *theme;

  const char *data_dirs = g_getenv ("XDG_DATA_DIRS");

  /* The isolated dirs of g_test_init replace XDG_DATA_DIRS, which would
   * hide the icon theme and the MIME database: keep the real ones. */
  data_dirs = data_dirs != NULL && data_dirs[0] != '\0' ? data_dirs : "/usr/local/share:/usr/share";
  mime_dirs = g_strsplit (data_dirs, ":", -1);

  /* kiln_test_init already calls g_test_init (with isolated dirs), so GTK
   * is initialised here rather than through gtk_test_init. */
  kiln_test_init (argc, argv);

  if (!gtk_init_check ())
    {
      g_printerr ("No display: run the UI tests under xvfb-run.\n");
      exit (77);
    }

  adw_init ();

  theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  for (guint i = 0; mime_dirs[i] != NULL; i++)
    {
      g_autofree char *icons = g_build_filename (mime_dirs[i], "icons", NULL);
      char *mime = g_build_filename (mime_dirs[i], "mime", NULL);

      gtk_icon_theme_add_search_path (theme, icons);
      g_free (mime_dirs[i]);
      mime_dirs[i] = mime;
    }
  g_content_type_set_mime_dirs ((const char * const *) mime_dirs);

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  /* GtkApplication loads the app's style.css from its resource base path; the
   * windows under test have no application, so screenshots need it loaded here. */
  kiln_ui_ensure_resources ();
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/kilnapp/Kiln/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

void
kiln_ui_test_screenshot (GtkWidget  *widget,
                         const char *name)
{
  const char *dir = g_getenv ("KILN_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *filename = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int width, height;

  if (dir == NULL)
    return;

  gtk_test_widget_wait_for_draw (widget);
  /* A newly presented window may need a few more frames before it maps. */
  for (guint i = 0; i < 100 && (!gtk_widget_get_mapped (widget) || gtk_widget_get_width (widget) == 0); i++)
    g_main_context_iteration (NULL, TRUE);
  gtk_test_widget_wait_for_draw (widget);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  g_mkdir_with_parents (dir, 0755);
  filename = g_strdup_printf ("%s.png", name);
  path = g_build_filename (dir, filename, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static gboolean
keep_ticking (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
kiln_ui_wait_for (gboolean (*condition) (gpointer data),
                  gpointer   data,
                  guint      timeout_seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_seconds * G_USEC_PER_SEC;
  /* Wakes the loop so the deadline is noticed even when nothing else happens. */
  guint tick = g_timeout_add (100, keep_ticking, NULL);
  gboolean met;

  while (!(met = condition (data)) && g_get_monotonic_time () <= deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick);

  return met;
}

/* The size the screenshots are taken at. */
KilnWindow *
kiln_ui_test_new_window (void)
{
  KilnWindow *window = kiln_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 1000);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  return window;
}

/* The welcome page looks for Elixir on PATH when the window opens: a window
 * whose check saw only @path. */
KilnWindow *
kiln_ui_test_new_window_with_path (const char *path)
{
  g_autofree char *saved_path = g_strdup (g_getenv ("PATH"));
  KilnWindow *window;

  g_setenv ("PATH", path, TRUE);
  window = kiln_ui_test_new_window ();
  g_assert_true (kiln_ui_wait_for (kiln_ui_test_toolchain_checked, kiln_window_get_page (window, "welcome"), 60));
  g_setenv ("PATH", saved_path, TRUE);

  return window;
}

gboolean
kiln_ui_test_inspection_done (gpointer window)
{
  return !kiln_session_get_inspecting (kiln_window_get_session (window));
}

gboolean
kiln_ui_test_build_done (gpointer window)
{
  return !kiln_session_get_building (kiln_window_get_session (window));
}

gboolean
kiln_ui_test_toolchain_checked (gpointer welcome_page)
{
  return !kiln_welcome_page_get_checking_toolchain (welcome_page);
}

void
kiln_ui_test_open_project (KilnWindow *window,
                           const char *project_dir)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-project", "s", project_dir);
  g_assert_cmpstr (kiln_window_get_visible_page_name (window), ==, "project");
  g_assert_true (kiln_ui_wait_for (kiln_ui_test_inspection_done, window, 300));
}

void
kiln_ui_test_next (KilnWindow *window,
                   const char *expected_page)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "wizard.next", NULL);
  /* apply_async may complete on a later main-loop iteration. */
  for (guint i = 0; i < 50 && g_strcmp0 (kiln_window_get_visible_page_name (window), expected_page) != 0; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpstr (kiln_window_get_visible_page_name (window), ==, expected_page);
}

/* Depth first, in the order the widgets are shown. */
void
kiln_ui_test_collect_visible (GtkWidget *root,
                              GType      type,
                              GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && gtk_widget_is_visible (root))
    g_ptr_array_add (found, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    kiln_ui_test_collect_visible (child, type, found);
}

GtkWidget *
kiln_ui_test_find_group (GtkWidget  *root,
                         const char *title)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new ();

  kiln_ui_test_collect_visible (root, ADW_TYPE_PREFERENCES_GROUP, groups);
  for (guint i = 0; i < groups->len; i++)
    if (g_strcmp0 (adw_preferences_group_get_title (groups->pdata[i]), title) == 0)
      return groups->pdata[i];

  return NULL;
}

typedef struct
{
  const char *name;
  GtkWidget  *found;
} DialogSearch;

static gboolean
dialog_shown (gpointer data)
{
  DialogSearch *search = data;
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  search->found = NULL;
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data) &&
        g_strcmp0 (gtk_widget_get_name (l->data), search->name) == 0)
      search->found = l->data;

  return search->found != NULL;
}

/* The visible message dialog named NAME, once it shows; NULL after the timeout. */
AdwMessageDialog *
kiln_ui_test_wait_for_dialog (const char *name,
                              guint       timeout_seconds)
{
  DialogSearch search = { name, NULL };

  if (!kiln_ui_wait_for (dialog_shown, &search, timeout_seconds))
    return NULL;

  return ADW_MESSAGE_DIALOG (search.found);
}
