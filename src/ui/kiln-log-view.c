#define G_LOG_DOMAIN "kiln-ui"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kiln-ansi-attrs.h"
#include "kiln-log-view-private.h"
#include "kiln-ui-util.h"

G_DEFINE_FINAL_TYPE (KilnLogView, kiln_log_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_FOLLOWING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const KilnLogFindFlags filter_find_flags[] = {
  [KILN_LOG_FILTER_ALL] = KILN_LOG_FIND_DEFAULT,
  [KILN_LOG_FILTER_ERRORS] = KILN_LOG_FIND_ERRORS_ONLY,
  [KILN_LOG_FILTER_WARNINGS] = KILN_LOG_FIND_WARNINGS_ONLY,
};

static gboolean
filter_line (gpointer item,
             gpointer user_data)
{
  KilnLogView *self = user_data;

  return kiln_log_model_line_matches (self->model, self->filter_search, kiln_log_line_get_number (item) - 1);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
  gtk_list_item_set_child (item, label);
}

/* Every occurrence of the query, over the ANSI colours. */
static void
add_match_attrs (KilnLogView   *self,
                 PangoAttrList *attrs,
                 const char    *text)
{
  gsize length = strlen (text);
  gsize start;
  gsize end;

  for (gsize from = 0;
       kiln_log_search_find_in_text (self->search, text, length, from, &start, &end);
       from = end)
    {
      PangoAttribute *background = pango_attr_background_new (0xf6f6, 0xd3d3, 0x2d2d);
      PangoAttribute *foreground = pango_attr_foreground_new (0, 0, 0);

      background->start_index = foreground->start_index = start;
      background->end_index = foreground->end_index = end;
      pango_attr_list_change (attrs, background);
      pango_attr_list_change (attrs, foreground);
    }
}

static void
apply_row_attrs (KilnLogView *self,
                 GtkListItem *item)
{
  KilnLogLine *line = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  const char *text = kiln_log_line_get_plain_text (line);
  const KilnAnsiSpan *spans;
  PangoAttrList *attrs;
  guint n_spans;

  spans = kiln_log_line_get_spans (line, &n_spans);
  attrs = kiln_ansi_attrs_new (spans, n_spans);
  if (self->search != NULL && kiln_log_search_matches_line (self->search, line))
    {
      if (attrs == NULL)
        attrs = pango_attr_list_new ();
      add_match_attrs (self, attrs, text);
    }
  gtk_label_set_attributes (GTK_LABEL (label), attrs);
  g_clear_pointer (&attrs, pango_attr_list_unref);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  KilnLogView *self = user_data;
  KilnLogLine *line = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_text (GTK_LABEL (label), kiln_log_line_get_plain_text (line));
  apply_row_attrs (self, item);
  g_hash_table_add (self->bound_items, item);

  if (kiln_log_line_get_stream (line) == KILN_STREAM_STDERR)
    gtk_widget_add_css_class (label, "stderr");
  else
    gtk_widget_remove_css_class (label, "stderr");
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  KilnLogView *self = user_data;

  g_hash_table_remove (self->bound_items, item);
}

/* Only the rows on screen are bound, so this is cheap for any log. */
void
kiln_log_view_refresh_highlights (KilnLogView *self)
{
  GHashTableIter iter;
  gpointer item;

  g_hash_table_iter_init (&iter, self->bound_items);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    apply_row_attrs (self, item);
}

static void
scroll_to_end (KilnLogView *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));

  self->scrolling_to_end = TRUE;
  /* Moves the list's anchor to the last row; the value alone may be
   * ignored while the list lays itself out. */
  if (n > 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", n - 1);
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
  self->scrolling_to_end = FALSE;
}

static gboolean
scroll_to_end_idle (gpointer data)
{
  KilnLogView *self = data;

  self->follow_source = 0;
  if (self->following)
    scroll_to_end (self);
  return G_SOURCE_REMOVE;
}

/* GtkListView (4.8) configures its adjustment from its size_allocate with
 * its own value-changed handler blocked: a value set from "changed" moves
 * the scrollbar but not the rows, and the last rows then can't be reached
 * by the wheel. So follow the end after the layout, from an idle. */
static void
queue_scroll_to_end (KilnLogView *self)
{
  if (self->follow_source == 0)
    self->follow_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, scroll_to_end_idle, self, NULL);
}

static void
on_adjustment_changed (GtkAdjustment *adj,
                       KilnLogView   *self)
{
  if (self->following)
    queue_scroll_to_end (self);
}

static void
kiln_log_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (kiln_log_view_parent_class)->map (widget);

  /* The list only knows its height once mapped. */
  queue_scroll_to_end (KILN_LOG_VIEW (widget));
}

static void
on_adjustment_value_changed (GtkAdjustment *adj,
                             KilnLogView   *self)
{
  gboolean at_end;

  /* Unmapped views get their adjustment reset by GTK, not by the user. */
  if (self->scrolling_to_end || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  /* A user scrolling up stops following; scrolling back down resumes it. */
  at_end = gtk_adjustment_get_value (adj) >=
           gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj) - 1.0;
  /* The list moving its rows while a follow is queued is layout, not the
   * user: the idle puts the end back in view. */
  if (self->following && !at_end && self->follow_source != 0)
    return;
  kiln_log_view_set_following (self, at_end);
}

static void
next_match_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  kiln_log_view_find_next (KILN_LOG_VIEW (widget), TRUE);
}

static void
previous_match_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  kiln_log_view_find_next (KILN_LOG_VIEW (widget), FALSE);
}

static void
on_search_changed (KilnLogView *self)
{
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  kiln_log_view_restart_search (self);
}

static void
on_search_activate (KilnLogView *self)
{
  kiln_log_view_find_next (self, TRUE);
}

/* Shift+Enter goes back, as in GNOME Text Editor. */
static gboolean
on_search_key_pressed (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       KilnLogView           *self)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter) && (state & GDK_SHIFT_MASK))
    {
      kiln_log_view_find_next (self, FALSE);
      return TRUE;
    }

  return FALSE;
}

static void
follow_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  kiln_log_view_set_following (KILN_LOG_VIEW (widget), TRUE);
}

static char *
dup_visible_text (KilnLogView *self)
{
  GListModel *lines = G_LIST_MODEL (self->filter_model);
  guint n = g_list_model_get_n_items (lines);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KilnLogLine) line = g_list_model_get_item (lines, i);

      g_string_append (text, kiln_log_line_get_plain_text (line));
      g_string_append_c (text, '\n');
    }

  return g_string_free (text, FALSE);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_autofree char *text = dup_visible_text (KILN_LOG_VIEW (widget));

  kiln_ui_copy_text (widget, text);
}

static void
on_save_response (GtkNativeDialog *native,
                  int              response,
                  KilnLogView     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autoptr(GError) error = NULL;
      gboolean saved;

      if (self->model != NULL && self->filter_kind == KILN_LOG_FILTER_ALL)
        saved = kiln_log_model_save (self->model, g_file_peek_path (file), &error);
      else
        {
          g_autofree char *text = dup_visible_text (self);
          saved = g_file_set_contents (g_file_peek_path (file), text, -1, &error);
        }

      kiln_ui_toast (GTK_WIDGET (self), saved ? _("Log saved") : error->message);
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Save Log"),
                                        kiln_ui_get_window (widget),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), "build.log");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (on_save_response), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* A filter that leaves nothing says so instead of showing a blank pane. */
static void
update_empty_state (KilnLogView *self)
{
  gboolean empty = self->filter_kind != KILN_LOG_FILTER_ALL &&
                   self->model != NULL &&
                   g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) == 0 &&
                   gtk_filter_list_model_get_pending (self->filter_model) == 0;

  if (empty)
    {
      gboolean errors = self->filter_kind == KILN_LOG_FILTER_ERRORS;

      adw_status_page_set_title (self->empty_page, errors ? _("No Errors") : _("No Warnings"));
      adw_status_page_set_description (self->empty_page,
                                       errors ? _("No line of this log reports an error.")
                                              : _("No line of this log reports a warning."));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->empty_page), empty);
}

static void
on_filter_selected (KilnLogView *self)
{
  guint selected = gtk_drop_down_get_selected (self->filter_dropdown);

  if (selected < G_N_ELEMENTS (filter_find_flags))
    kiln_log_view_set_filter (self, selected);
}

static void
kiln_log_view_dispose (GObject *object)
{
  KilnLogView *self = (KilnLogView *)object;

  GtkWidget *child;

  kiln_log_view_stop_search (self);
  g_clear_handle_id (&self->follow_source, g_source_remove);
  g_clear_pointer (&self->search, kiln_log_search_unref);
  g_clear_pointer (&self->matches, g_array_unref);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KILN_TYPE_LOG_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_pointer (&self->filter_search, kiln_log_search_unref);
  g_clear_object (&self->model);
  g_clear_pointer (&self->bound_items, g_hash_table_unref);

  G_OBJECT_CLASS (kiln_log_view_parent_class)->dispose (object);
}

static void
kiln_log_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KilnLogView *self = KILN_LOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_FOLLOWING:
      g_value_set_boolean (value, self->following);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_log_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KilnLogView *self = KILN_LOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      kiln_log_view_set_model (self, g_value_get_object (value));
      break;
    case PROP_FOLLOWING:
      kiln_log_view_set_following (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_log_view_class_init (KilnLogViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiln_log_view_dispose;
  object_class->get_property = kiln_log_view_get_property;
  object_class->set_property = kiln_log_view_set_property;
  widget_class->map = kiln_log_view_map;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, KILN_TYPE_LOG_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLLOWING] =
    g_param_spec_boolean ("following", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kilnapp/Kiln/kiln-log-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KilnLogView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KilnLogView, match_label);
  gtk_widget_class_bind_template_child (widget_class, KilnLogView, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KilnLogView, scroller);
  gtk_widget_class_bind_template_child (widget_class, KilnLogView, list_view);
  gtk_widget_class_bind_template_child (widget_class, KilnLogView, follow_button);
  gtk_widget_class_bind_template_child (widget_class, KilnLogView, empty_page);

  gtk_widget_class_install_action (widget_class, "log.next-match", NULL, next_match_action);
  gtk_widget_class_install_action (widget_class, "log.previous-match", NULL, previous_match_action);
  gtk_widget_class_install_action (widget_class, "log.follow", NULL, follow_action);
  gtk_widget_class_install_action (widget_class, "log.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "log.save", NULL, save_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "log.next-match", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "log.previous-match", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "log.save", NULL);
}

static void
kiln_log_view_init (KilnLogView *self)
{
  GtkListItemFactory *factory;
  GtkEventController *keys;
  GtkAdjustment *adj;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->bound_items = g_hash_table_new (NULL, NULL);
  self->match_index = GTK_INVALID_LIST_POSITION;

  self->following = TRUE;
  self->filter = gtk_custom_filter_new (filter_line, self, NULL);
  self->filter_model = gtk_filter_list_model_new (NULL, NULL);
  /* Filtering a million lines at once would freeze the window. */
  gtk_filter_list_model_set_incremental (self->filter_model, TRUE);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filter_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect (adj, "changed", G_CALLBACK (on_adjustment_changed), self);
  g_signal_connect (adj, "value-changed", G_CALLBACK (on_adjustment_value_changed), self);
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect_swapped (self->search_entry, "activate", G_CALLBACK (on_search_activate), self);
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_search_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);
  g_signal_connect_swapped (self->filter_dropdown, "notify::selected", G_CALLBACK (on_filter_selected), self);
  g_signal_connect_swapped (self->filter_model, "items-changed", G_CALLBACK (update_empty_state), self);
  g_signal_connect_swapped (self->filter_model, "notify::pending", G_CALLBACK (update_empty_state), self);
}

GtkWidget *
kiln_log_view_new (void)
{
  return g_object_new (KILN_TYPE_LOG_VIEW, NULL);
}

GListModel *
kiln_log_view_get_model (KilnLogView *self)
{
  g_return_val_if_fail (KILN_IS_LOG_VIEW (self), NULL);
  return G_LIST_MODEL (self->model);
}

void
kiln_log_view_set_model (KilnLogView *self,
                         GListModel  *model)
{
  g_return_if_fail (KILN_IS_LOG_VIEW (self));
  g_return_if_fail (model == NULL || KILN_IS_LOG_MODEL (model));

  if (self->model == KILN_LOG_MODEL (model))
    return;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->model, KILN_LOG_MODEL (model));
  if (model != NULL)
    g_signal_connect_swapped (model, "items-changed", G_CALLBACK (kiln_log_view_search_lines_changed), self);

  gtk_filter_list_model_set_model (self->filter_model, model);
  kiln_log_view_restart_search (self);
  kiln_log_view_set_following (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

GListModel *
kiln_log_view_get_visible_lines (KilnLogView *self)
{
  g_return_val_if_fail (KILN_IS_LOG_VIEW (self), NULL);
  return G_LIST_MODEL (self->filter_model);
}

gboolean
kiln_log_view_get_following (KilnLogView *self)
{
  g_return_val_if_fail (KILN_IS_LOG_VIEW (self), FALSE);
  return self->following;
}

void
kiln_log_view_set_following (KilnLogView *self,
                             gboolean     following)
{
  g_return_if_fail (KILN_IS_LOG_VIEW (self));

  following = !!following;
  if (following)
    scroll_to_end (self);

  if (self->following == following)
    return;

  self->following = following;
  gtk_widget_set_visible (GTK_WIDGET (self->follow_button), !following);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOWING]);
}

void
kiln_log_view_set_filter (KilnLogView   *self,
                          KilnLogFilter  filter)
{
  g_return_if_fail (KILN_IS_LOG_VIEW (self));
  g_return_if_fail (filter < G_N_ELEMENTS (filter_find_flags));

  if (self->filter_kind == filter)
    return;

  self->filter_kind = filter;
  g_clear_pointer (&self->filter_search, kiln_log_search_unref);
  self->filter_flags = filter_find_flags[filter];
  self->filter_search = kiln_log_search_new ("", self->filter_flags);
  /* With no filter the model passes items straight through, which is what
   * keeps a million lines cheap. */
  gtk_filter_list_model_set_filter (self->filter_model,
                                    filter == KILN_LOG_FILTER_ALL ? NULL : GTK_FILTER (self->filter));
  if (filter != KILN_LOG_FILTER_ALL)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  kiln_log_view_restart_search (self);
  update_empty_state (self);
  if (gtk_drop_down_get_selected (self->filter_dropdown) != filter)
    gtk_drop_down_set_selected (self->filter_dropdown, filter);
}

void
kiln_log_view_set_search_text (KilnLogView *self,
                               const char  *text)
{
  g_return_if_fail (KILN_IS_LOG_VIEW (self));
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  on_search_changed (self);
}

guint
kiln_log_view_get_selected (KilnLogView *self)
{
  g_return_val_if_fail (KILN_IS_LOG_VIEW (self), GTK_INVALID_LIST_POSITION);
  return gtk_single_selection_get_selected (self->selection);
}

gboolean
kiln_log_view_get_showing_empty_state (KilnLogView *self)
{
  g_return_val_if_fail (KILN_IS_LOG_VIEW (self), FALSE);
  return gtk_widget_get_visible (GTK_WIDGET (self->empty_page));
}

GtkAdjustment *
kiln_log_view_get_vadjustment (KilnLogView *self)
{
  g_return_val_if_fail (KILN_IS_LOG_VIEW (self), NULL);
  return gtk_scrolled_window_get_vadjustment (self->scroller);
}

gboolean
kiln_log_view_get_filtering (KilnLogView *self)
{
  g_return_val_if_fail (KILN_IS_LOG_VIEW (self), FALSE);
  return gtk_filter_list_model_get_pending (self->filter_model) > 0;
}

gboolean
kiln_log_view_get_searching (KilnLogView *self)
{
  g_return_val_if_fail (KILN_IS_LOG_VIEW (self), FALSE);
  return self->search_cancellable != NULL;
}
