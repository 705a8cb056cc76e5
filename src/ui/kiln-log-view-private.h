#pragma once

#include "kiln-log-view.h"

G_BEGIN_DECLS

struct _KilnLogView
{
  GtkWidget            parent_instance;

  KilnLogModel        *model;
  GtkFilterListModel  *filter_model;
  GtkCustomFilter     *filter;
  GtkSingleSelection  *selection;
  KilnLogFilter        filter_kind;
  KilnLogSearch       *filter_search;
  KilnLogFindFlags     filter_flags;
  KilnLogSearch       *search;
  GCancellable        *search_cancellable;
  guint                follow_source;
  guint                search_next;
  guint                search_left;
  guint                search_forward : 1;
  guint                following : 1;
  guint                scrolling_to_end : 1;

  GtkSearchEntry      *search_entry;
  GtkDropDown         *filter_dropdown;
  GtkScrolledWindow   *scroller;
  GtkListView         *list_view;
  GtkButton           *follow_button;
};

void kiln_log_view_find_next   (KilnLogView *self,
                                gboolean     forward);
void kiln_log_view_stop_search (KilnLogView *self);

G_END_DECLS
