#define G_LOG_DOMAIN "kiln-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "kiln-log-view-private.h"

/* The view's search is the engine's, over the plain text of the lines its
 * filter shows, run once on a worker thread for every match: "N of M" and
 * next/previous then come from the list of matching lines. What is left
 * here is mapping positions between the log and the filtered list. */

static void search_range (KilnLogView *self,
                          guint        start);

void
kiln_log_view_stop_search (KilnLogView *self)
{
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
}

static void
clear_matches (KilnLogView *self)
{
  kiln_log_view_stop_search (self);
  g_clear_pointer (&self->search, kiln_log_search_unref);
  g_clear_pointer (&self->matches, g_array_unref);
  self->match_index = GTK_INVALID_LIST_POSITION;
  self->searched_end = 0;
}

static guint
get_log_position (KilnLogView *self,
                  guint        visible_position)
{
  g_autoptr(KilnLogLine) line = g_list_model_get_item (G_LIST_MODEL (self->filter_model), visible_position);

  return line ? kiln_log_line_get_number (line) - 1 : GTK_INVALID_LIST_POSITION;
}

/* Lines keep their order through the filter, so a binary search on their
 * numbers finds a log line among the visible ones. */
static guint
get_visible_position (KilnLogView *self,
                      guint        log_position)
{
  guint low = 0;
  guint high = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));

  if (self->filter_kind == KILN_LOG_FILTER_ALL)
    return log_position < high ? log_position : GTK_INVALID_LIST_POSITION;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      guint position = get_log_position (self, middle);

      if (position == log_position)
        return middle;
      if (position < log_position)
        low = middle + 1;
      else
        high = middle;
    }

  return GTK_INVALID_LIST_POSITION;
}

/* The index of the first match at or after @log_position (forward), or the
 * last one before it; wraps around. */
static guint
nearest_match (KilnLogView *self,
               guint        log_position,
               gboolean     forward)
{
  guint low = 0;
  guint high = self->matches->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (g_array_index (self->matches, guint, middle) < log_position)
        low = middle + 1;
      else
        high = middle;
    }

  if (forward)
    return low < self->matches->len ? low : 0;
  return low > 0 ? low - 1 : self->matches->len - 1;
}

static void
update_match_label (KilnLogView *self)
{
  const char *needle = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *text = NULL;

  if (needle[0] == '\0' || self->matches == NULL)
    text = g_strdup ("");
  else if (self->matches->len == 0)
    text = g_strdup (_("No matches"));
  else if (self->match_index == GTK_INVALID_LIST_POSITION)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u match", "%u matches", self->matches->len),
                            self->matches->len);
  else
    /* Translators: the current match and the number of matches, "3 of 12". */
    text = g_strdup_printf (_("%u of %u"), self->match_index + 1, self->matches->len);

  gtk_label_set_label (self->match_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->match_label), text[0] != '\0');

  if (self->matches != NULL && self->matches->len == 0 && needle[0] != '\0')
    gtk_widget_add_css_class (GTK_WIDGET (self->search_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->search_entry), "error");
}

static void
show_match (KilnLogView *self,
            guint        index)
{
  guint visible_position = get_visible_position (self, g_array_index (self->matches, guint, index));

  self->match_index = index;
  update_match_label (self);
  if (visible_position == GTK_INVALID_LIST_POSITION)
    return;

  kiln_log_view_set_following (self, FALSE);
  gtk_single_selection_set_selected (self->selection, visible_position);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", visible_position);
}

static void
search_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(KilnLogView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) found = kiln_log_model_find_all_finish (KILN_LOG_MODEL (object), result, &error);
  gboolean first = self->matches == NULL;
  guint n;

  if (found == NULL)
    return;

  g_clear_object (&self->search_cancellable);
  if (first)
    self->matches = g_array_ref (found);
  else
    g_array_append_vals (self->matches, found->data, found->len);

  kiln_log_view_refresh_highlights (self);
  if (first && self->matches->len > 0)
    show_match (self, 0);
  else
    update_match_label (self);

  /* Lines came in while searching. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  if (n > self->searched_end)
    search_range (self, self->searched_end);
}

static void
search_range (KilnLogView *self,
              guint        start)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  kiln_log_view_stop_search (self);
  self->searched_end = n;
  self->search_cancellable = g_cancellable_new ();
  kiln_log_model_find_all_async (self->model, self->search, start, n, self->search_cancellable,
                                 search_done, g_object_ref (self));
}

/* A new query, or a new filter: every match again, from the top. */
void
kiln_log_view_restart_search (KilnLogView *self)
{
  const char *needle = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  clear_matches (self);
  if (needle[0] != '\0' && self->model != NULL)
    {
      self->search = kiln_log_search_new (needle, KILN_LOG_FIND_IGNORE_CASE | self->filter_flags);
      search_range (self, 0);
    }

  kiln_log_view_refresh_highlights (self);
  update_match_label (self);
}

/* New lines are searched as they arrive; a cleared log is searched anew. */
void
kiln_log_view_search_lines_changed (KilnLogView *self)
{
  guint n = self->model ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;

  if (self->search == NULL)
    return;
  if (n < self->searched_end)
    kiln_log_view_restart_search (self);
  else if (n > self->searched_end && self->search_cancellable == NULL)
    search_range (self, self->searched_end);
}

/* From the match after (or before) the selected line, around the log. */
void
kiln_log_view_find_next (KilnLogView *self,
                         gboolean     forward)
{
  guint selected;
  guint current;
  guint index;

  if (self->matches == NULL || self->matches->len == 0)
    return;

  selected = gtk_single_selection_get_selected (self->selection);
  current = selected != GTK_INVALID_LIST_POSITION ? get_log_position (self, selected) : GTK_INVALID_LIST_POSITION;

  if (current == GTK_INVALID_LIST_POSITION)
    index = forward ? 0 : self->matches->len - 1;
  else
    {
      index = nearest_match (self, current, forward);
      if (g_array_index (self->matches, guint, index) == current)
        index = forward ? (index + 1) % self->matches->len
                        : (index + self->matches->len - 1) % self->matches->len;
    }

  show_match (self, index);
}

guint
kiln_log_view_get_n_matches (KilnLogView *self)
{
  g_return_val_if_fail (KILN_IS_LOG_VIEW (self), 0);
  return self->matches ? self->matches->len : 0;
}

/* 0-based, or GTK_INVALID_LIST_POSITION. */
guint
kiln_log_view_get_match_index (KilnLogView *self)
{
  g_return_val_if_fail (KILN_IS_LOG_VIEW (self), GTK_INVALID_LIST_POSITION);
  return self->match_index;
}

const char *
kiln_log_view_get_match_label (KilnLogView *self)
{
  g_return_val_if_fail (KILN_IS_LOG_VIEW (self), NULL);
  return gtk_label_get_label (self->match_label);
}
