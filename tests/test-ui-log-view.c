#include "config.h"

#include <adwaita.h>

#include "kiln-ansi-attrs.h"
#include "kiln-engine.h"
#include "kiln-log-view.h"
#include "kiln-logs-page.h"
#include "kiln-preferences-window.h"
#include "kiln-test-util.h"
#include "kiln-ui-test-util.h"

/* The engine's spans, as Pango attributes on the plain text. */
static void
test_ansi_colours (void)
{
  g_autoptr(GArray) spans = NULL;
  g_autofree char *text = kiln_ansi_parse ("\033[33mwarning:\033[0m plain \033[1;31mbad\033[0m\033[K", -1, &spans);
  PangoAttrList *attrs = kiln_ansi_attrs_new ((KilnAnsiSpan *) spans->data, spans->len);
  PangoAttrIterator *iter;
  gboolean saw_colour = FALSE;
  gboolean saw_bold = FALSE;

  g_assert_cmpstr (text, ==, "warning: plain bad");
  g_assert_nonnull (attrs);

  iter = pango_attr_list_get_iterator (attrs);
  do
    {
      PangoAttrColor *colour = (PangoAttrColor *) pango_attr_iterator_get (iter, PANGO_ATTR_FOREGROUND);
      int start, end;

      pango_attr_iterator_range (iter, &start, &end);
      if (colour != NULL)
        {
          saw_colour = TRUE;
          g_assert_true ((start == 0 && end == 8) || (start == 15 && end == 18));
          /* The palette's yellow and red. */
          g_assert_cmpuint (colour->color.red, ==, start == 0 ? 0xc8c8 : 0xe0e0);
        }
      if (pango_attr_iterator_get (iter, PANGO_ATTR_WEIGHT) != NULL)
        {
          saw_bold = TRUE;
          g_assert_cmpint (start, ==, 15);
        }
    }
  while (pango_attr_iterator_next (iter));
  pango_attr_iterator_destroy (iter);
  pango_attr_list_unref (attrs);

  g_assert_true (saw_colour);
  g_assert_true (saw_bold);

  g_assert_null (kiln_ansi_attrs_new (NULL, 0));
}

static void
wait_for_filter (KilnLogView *view)
{
  while (kiln_log_view_get_filtering (view))
    g_main_context_iteration (NULL, TRUE);
}

static void
wait_for_search (KilnLogView *view)
{
  while (kiln_log_view_get_searching (view))
    g_main_context_iteration (NULL, TRUE);
}

static GtkWidget *find_label (GtkWidget  *root,
                              const char *text);

/* The row showing @text has the search highlight on [@start, @end), on top
 * of its ANSI colours. */
static void
assert_highlighted (KilnLogView *view,
                    const char  *text,
                    guint        start,
                    guint        end)
{
  GtkWidget *label = find_label (GTK_WIDGET (view), text);
  PangoAttrList *attrs;
  PangoAttrIterator *iter;
  gboolean seen = FALSE;

  g_assert_nonnull (label);
  attrs = gtk_label_get_attributes (GTK_LABEL (label));
  g_assert_nonnull (attrs);
  iter = pango_attr_list_get_iterator (attrs);
  do
    {
      int s, e;

      pango_attr_iterator_range (iter, &s, &e);
      if (pango_attr_iterator_get (iter, PANGO_ATTR_BACKGROUND) != NULL)
        {
          g_assert_cmpint (s, ==, start);
          g_assert_cmpint (e, ==, end);
          seen = TRUE;
        }
    }
  while (pango_attr_iterator_next (iter));
  pango_attr_iterator_destroy (iter);
  g_assert_true (seen);
}

static void
test_log_view_filter_search_follow (void)
{
  g_autoptr(KilnLogModel) log = kiln_log_model_new ();
  GtkWidget *window = gtk_window_new ();
  KilnLogView *view = KILN_LOG_VIEW (kiln_log_view_new ());
  GtkAdjustment *adj;

  gtk_window_set_default_size (GTK_WINDOW (window), 600, 300);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  kiln_log_view_set_model (view, G_LIST_MODEL (log));
  gtk_window_present (GTK_WINDOW (window));

  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char *line = g_strdup_printf ("line %u%s", i,
                                               i == 700 ? " \033[33mwarning:\033[0m careful" :
                                               i == 1500 ? " ** (CompileError) boom" :
                                               i == 1800 ? " \033]8;;https://hidden.example\033\\shown\033]8;;\033\\" : "");
      kiln_log_model_append (log, i % 3 ? KILN_STREAM_STDOUT : KILN_STREAM_STDERR, "compile", line);
    }
  kiln_log_model_flush (log);
  g_assert_cmpuint (g_list_model_get_n_items (kiln_log_view_get_visible_lines (view)), ==, 2000);

  gtk_test_widget_wait_for_draw (window);
  while (g_main_context_iteration (NULL, FALSE));

  /* Following the tail: the view sits at the bottom. */
  adj = kiln_log_view_get_vadjustment (view);
  g_assert_true (kiln_log_view_get_following (view));
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), >=,
                     gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj) - 1);

  /* Scrolling up stops following, so new lines do not yank the view. */
  gtk_adjustment_set_value (adj, 0);
  g_assert_false (kiln_log_view_get_following (view));
  kiln_log_model_append (log, KILN_STREAM_STDOUT, "compile", "one more");
  kiln_log_model_flush (log);
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), ==, 0);
  kiln_log_view_set_following (view, TRUE);
  g_assert_true (kiln_log_view_get_following (view));

  kiln_log_view_set_filter (view, KILN_LOG_FILTER_WARNINGS);
  wait_for_filter (view);
  g_assert_cmpuint (g_list_model_get_n_items (kiln_log_view_get_visible_lines (view)), ==, 1);
  kiln_log_view_set_filter (view, KILN_LOG_FILTER_ERRORS);
  wait_for_filter (view);
  g_assert_cmpuint (g_list_model_get_n_items (kiln_log_view_get_visible_lines (view)), ==, 1);
  kiln_log_view_set_filter (view, KILN_LOG_FILTER_ALL);
  g_assert_cmpuint (g_list_model_get_n_items (kiln_log_view_get_visible_lines (view)), ==, 2001);

  kiln_log_view_set_search_text (view, "line 1234");
  wait_for_search (view);
  g_assert_cmpuint (kiln_log_view_get_selected (view), ==, 1234);
  gtk_widget_activate_action (GTK_WIDGET (view), "log.next-match", NULL);
  wait_for_search (view);
  g_assert_cmpuint (kiln_log_view_get_selected (view), ==, 1234);
  g_assert_cmpstr (kiln_log_view_get_match_label (view), ==, "1 of 1");
  kiln_log_view_set_search_text (view, "line 12");
  wait_for_search (view);
  g_assert_cmpuint (kiln_log_view_get_selected (view), ==, 12);
  /* 12, 120–129, 1200–1299. */
  g_assert_cmpuint (kiln_log_view_get_n_matches (view), ==, 111);
  g_assert_cmpstr (kiln_log_view_get_match_label (view), ==, "1 of 111");
  gtk_test_widget_wait_for_draw (window);
  while (g_main_context_iteration (NULL, FALSE));
  assert_highlighted (view, "line 12", 0, 7);
  gtk_widget_activate_action (GTK_WIDGET (view), "log.next-match", NULL);
  wait_for_search (view);
  g_assert_cmpuint (kiln_log_view_get_selected (view), ==, 120);
  g_assert_cmpstr (kiln_log_view_get_match_label (view), ==, "2 of 111");
  gtk_widget_activate_action (GTK_WIDGET (view), "log.previous-match", NULL);
  wait_for_search (view);
  g_assert_cmpuint (kiln_log_view_get_selected (view), ==, 12);
  g_assert_false (kiln_log_view_get_following (view));

  /* The search reads what the rows show: not escape codes, not link targets. */
  kiln_log_view_set_search_text (view, "33m");
  wait_for_search (view);
  g_assert_cmpuint (kiln_log_view_get_selected (view), ==, GTK_INVALID_LIST_POSITION);
  g_assert_cmpuint (kiln_log_view_get_n_matches (view), ==, 0);
  g_assert_cmpstr (kiln_log_view_get_match_label (view), ==, "No matches");
  kiln_log_view_set_search_text (view, "hidden.example");
  wait_for_search (view);
  g_assert_cmpuint (kiln_log_view_get_selected (view), ==, GTK_INVALID_LIST_POSITION);
  kiln_log_view_set_search_text (view, "SHOWN");
  wait_for_search (view);
  g_assert_cmpuint (kiln_log_view_get_selected (view), ==, 1800);

  /* With a filter, only the lines it shows, at their place in the list. */
  kiln_log_view_set_filter (view, KILN_LOG_FILTER_ERRORS);
  wait_for_filter (view);
  kiln_log_view_set_search_text (view, "line 1");
  wait_for_search (view);
  g_assert_cmpuint (kiln_log_view_get_selected (view), ==, 0);
  kiln_log_view_set_search_text (view, "line 7");
  wait_for_search (view);
  g_assert_cmpuint (kiln_log_view_get_selected (view), ==, GTK_INVALID_LIST_POSITION);
  kiln_log_view_set_filter (view, KILN_LOG_FILTER_ALL);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0 &&
      gtk_widget_get_mapped (root))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);
      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Whether a row showing @text lies wholly inside the scrolled window. */
static gboolean
row_shown (KilnLogView *view,
           const char  *text)
{
  GtkWidget *label = find_label (GTK_WIDGET (view), text);
  GtkWidget *scroller;
  graphene_rect_t bounds;

  if (label == NULL)
    return FALSE;
  scroller = gtk_widget_get_ancestor (label, GTK_TYPE_SCROLLED_WINDOW);
  if (!gtk_widget_compute_bounds (label, scroller, &bounds))
    return FALSE;

  return bounds.origin.y >= 0 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scroller) + 0.5;
}

/* A build feeds its log from output as it comes and flushes at the end: the
 * view follows to the very last line, and a wheel scroll to the bottom
 * reaches it too. */
static void
test_log_view_live_build_reaches_end (void)
{
  g_autoptr(KilnLogModel) log = kiln_log_model_new ();
  GtkWidget *window = gtk_window_new ();
  KilnLogView *view = KILN_LOG_VIEW (kiln_log_view_new ());
  GtkAdjustment *adj;
  guint n_lines = 0;

  gtk_window_set_default_size (GTK_WINDOW (window), 600, 300);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  kiln_log_view_set_model (view, G_LIST_MODEL (log));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);

  for (guint batch = 0; batch < 40; batch++)
    {
      for (guint i = 0; i < 1 + batch % 7 * 9; i++)
        {
          g_autofree char *line = g_strdup_printf ("%s output %u", batch % 5 ? "==> compiling" : "", n_lines++);
          kiln_log_model_append (log, batch % 4 ? KILN_STREAM_STDOUT : KILN_STREAM_STDERR, "compile", line);
        }
      run_for (20 + batch % 3 * 40);
    }
  kiln_log_model_append (log, KILN_STREAM_STDOUT, "finish", "The build succeeded.");
  kiln_log_model_flush (log);
  n_lines++;
  run_for (300);

  g_assert_cmpuint (g_list_model_get_n_items (kiln_log_view_get_visible_lines (view)), ==, n_lines);
  g_assert_true (kiln_log_view_get_following (view));
  adj = kiln_log_view_get_vadjustment (view);
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), >=,
                     gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj) - 1);
  g_assert_true (row_shown (view, "The build succeeded."));

  /* Up and back down as a wheel would: the last line is reachable. */
  gtk_adjustment_set_value (adj, 0);
  run_for (100);
  g_assert_false (row_shown (view, "The build succeeded."));
  for (guint i = 0; i < 400 && !row_shown (view, "The build succeeded."); i++)
    {
      gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + 100);
      run_for (10);
    }
  g_assert_true (row_shown (view, "The build succeeded."));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A warning keeps the lines that locate it; a filter with nothing to show
 * says so. */
static void
test_log_view_warning_lines_and_empty_filter (void)
{
  g_autoptr(KilnLogModel) log = kiln_log_model_new ();
  g_autoptr(GtkWidget) view = g_object_ref_sink (kiln_log_view_new ());
  const char *lines[] = {
    "Compiling 2 files (.ex)",
    "\033[33mwarning:\033[0m variable \"x\" is unused",
    "  lib/foo.ex:12: Foo.bar/0",
    "",
    "    warning: Foo.old/0 is deprecated. Use Foo.new/0 instead",
    "    │",
    " 14 │     Foo.old()",
    "    └─ lib/foo.ex:14:9: Foo.baz/0",
    "Generated hello app",
    "  indented but no diagnostic above",
  };

  kiln_log_view_set_model (KILN_LOG_VIEW (view), G_LIST_MODEL (log));
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    kiln_log_model_append (log, KILN_STREAM_STDERR, "compile", lines[i]);
  kiln_log_model_flush (log);

  kiln_log_view_set_filter (KILN_LOG_VIEW (view), KILN_LOG_FILTER_WARNINGS);
  wait_for_filter (KILN_LOG_VIEW (view));
  g_assert_cmpuint (g_list_model_get_n_items (kiln_log_view_get_visible_lines (KILN_LOG_VIEW (view))), ==, 6);
  g_assert_false (kiln_log_view_get_showing_empty_state (KILN_LOG_VIEW (view)));

  kiln_log_view_set_filter (KILN_LOG_VIEW (view), KILN_LOG_FILTER_ERRORS);
  wait_for_filter (KILN_LOG_VIEW (view));
  g_assert_cmpuint (g_list_model_get_n_items (kiln_log_view_get_visible_lines (KILN_LOG_VIEW (view))), ==, 0);
  g_assert_true (kiln_log_view_get_showing_empty_state (KILN_LOG_VIEW (view)));

  kiln_log_view_set_filter (KILN_LOG_VIEW (view), KILN_LOG_FILTER_ALL);
  g_assert_false (kiln_log_view_get_showing_empty_state (KILN_LOG_VIEW (view)));
}

/* The problems sit in a pane the user can make taller. */
static void
test_logs_page_problems_pane (void)
{
  g_autoptr(GtkWidget) page = g_object_ref_sink (g_object_new (KILN_TYPE_LOGS_PAGE, NULL));
  GtkWidget *view = GTK_WIDGET (kiln_logs_page_get_log_view (KILN_LOGS_PAGE (page)));

  g_assert_true (GTK_IS_PANED (gtk_widget_get_parent (view)));
}

/* The editor command is a preference, next to the other ones. */
static void
test_preferences_editor_row (void)
{
  KilnPreferencesWindow *prefs = kiln_preferences_window_new ();
  GPtrArray *rows = g_ptr_array_new ();
  gboolean found = FALSE;

  gtk_window_present (GTK_WINDOW (prefs));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (prefs));
  kiln_ui_test_collect_visible (GTK_WIDGET (prefs), ADW_TYPE_ENTRY_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    found |= g_strcmp0 (adw_preferences_row_get_title (rows->pdata[i]), "Editor Command") == 0;
  g_assert_true (found);
  g_ptr_array_unref (rows);
  gtk_window_destroy (GTK_WINDOW (prefs));
}

/* Big logs are searched in slices, so the search finishes later. */
static void
test_log_view_search_in_slices (void)
{
  g_autoptr(KilnLogModel) log = kiln_log_model_new ();
  g_autoptr(GtkWidget) view = g_object_ref_sink (kiln_log_view_new ());

  kiln_log_view_set_model (KILN_LOG_VIEW (view), G_LIST_MODEL (log));
  for (guint i = 0; i < 100000; i++)
    {
      g_autofree char *line = g_strdup_printf ("entry %06u", i);
      kiln_log_model_append (log, KILN_STREAM_STDOUT, NULL, line);
    }
  kiln_log_model_flush (log);

  kiln_log_view_set_search_text (KILN_LOG_VIEW (view), "entry 099998");
  g_assert_true (kiln_log_view_get_searching (KILN_LOG_VIEW (view)));
  wait_for_search (KILN_LOG_VIEW (view));
  g_assert_cmpuint (kiln_log_view_get_selected (KILN_LOG_VIEW (view)), ==, 99998);

  kiln_log_view_set_search_text (KILN_LOG_VIEW (view), "no such entry");
  wait_for_search (KILN_LOG_VIEW (view));
  g_assert_cmpuint (kiln_log_view_get_selected (KILN_LOG_VIEW (view)), ==, GTK_INVALID_LIST_POSITION);
}

int
main (int    argc,
      char **argv)
{
  kiln_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/ansi/colours", test_ansi_colours);
  g_test_add_func ("/ui/log-view/filter-search-follow", test_log_view_filter_search_follow);
  g_test_add_func ("/ui/log-view/live-build-reaches-end", test_log_view_live_build_reaches_end);
  g_test_add_func ("/ui/log-view/warning-lines-empty-filter", test_log_view_warning_lines_and_empty_filter);
  g_test_add_func ("/ui/logs-page/problems-pane", test_logs_page_problems_pane);
  g_test_add_func ("/ui/preferences/editor-row", test_preferences_editor_row);
  g_test_add_func ("/ui/log-view/search-in-slices", test_log_view_search_in_slices);

  return g_test_run ();
}
