#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdlib.h>

#include "kiln-test-util.h"
#include "kiln-ui-test-util.h"

void
kiln_ui_test_init (int    *argc,
                   char ***argv)
{
  g_auto(GStrv) mime_dirs = NULL;
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
