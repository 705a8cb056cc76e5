#define G_LOG_DOMAIN "kiln-ui"

#include "config.h"

#include "kiln-log-view-private.h"

/* The view's search is the engine's, over the plain text of the lines its
 * filter shows; what is left here is mapping positions between the log
 * and the filtered list. */

void
kiln_log_view_stop_search (KilnLogView *self)
{
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_pointer (&self->search, kiln_log_search_unref);
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

static void find_from (KilnLogView *self,
                       guint        from);

static void
show_match (KilnLogView *self,
            guint        visible_position)
{
  kiln_log_view_stop_search (self);
  kiln_log_view_set_following (self, FALSE);
  gtk_single_selection_set_selected (self->selection, visible_position);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", visible_position);
  gtk_widget_remove_css_class (GTK_WIDGET (self->search_entry), "error");
}

static void
show_no_match (KilnLogView *self)
{
  kiln_log_view_stop_search (self);
  gtk_widget_add_css_class (GTK_WIDGET (self->search_entry), "error");
}

static void
find_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KilnLogView) self = user_data;
  g_autoptr(GError) error = NULL;
  guint found;
  guint visible_position;
  guint n;
  guint looked;

  if (!kiln_log_model_find_finish (KILN_LOG_MODEL (object), result, &found, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_no_match (self);
      return;
    }

  visible_position = get_visible_position (self, found);
  if (visible_position != GTK_INVALID_LIST_POSITION)
    {
      show_match (self, visible_position);
      return;
    }

  /* Not through the filter yet: keep looking after it. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  looked = n ? (self->search_forward ? found + n - self->search_next : self->search_next + n - found) % n + 1 : 0;
  if (n == 0 || self->search_left <= looked)
    {
      show_no_match (self);
      return;
    }

  self->search_left -= looked;
  find_from (self, self->search_forward ? (found + 1) % n : (found + n - 1) % n);
}

static void
find_from (KilnLogView *self,
           guint        from)
{
  self->search_next = from;
  g_clear_object (&self->search_cancellable);
  self->search_cancellable = g_cancellable_new ();
  kiln_log_model_find_async (self->model, self->search, from, self->search_forward, self->search_left,
                             self->search_cancellable, find_done, g_object_ref (self));
}

/* From the line after (or before) the selected one, around the whole log
 * once, in the lines the filter shows. */
void
kiln_log_view_find_next (KilnLogView *self,
                         gboolean     forward)
{
  const char *needle = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  guint n = self->model ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;
  guint selected = gtk_single_selection_get_selected (self->selection);
  guint current = selected != GTK_INVALID_LIST_POSITION ? get_log_position (self, selected)
                                                        : GTK_INVALID_LIST_POSITION;

  kiln_log_view_stop_search (self);

  if (needle[0] == '\0' || n == 0)
    return;

  self->search = kiln_log_search_new (needle, KILN_LOG_FIND_IGNORE_CASE | self->filter_flags);
  self->search_forward = !!forward;
  self->search_left = n;
  if (current >= n)
    find_from (self, self->search_forward ? 0 : n - 1);
  else
    find_from (self, self->search_forward ? (current + 1) % n : (current + n - 1) % n);
}
