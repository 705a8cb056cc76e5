#pragma once

#include <adwaita.h>

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
  GArray              *matches;
  guint                match_index;
  guint                searched_end;
  GHashTable          *bound_items;
  guint                follow_source;
  guint                following : 1;
  guint                scrolling_to_end : 1;

  GtkSearchEntry      *search_entry;
  GtkLabel            *match_label;
  GtkDropDown         *filter_dropdown;
  GtkScrolledWindow   *scroller;
  GtkListView         *list_view;
  GtkButton           *follow_button;
  AdwStatusPage       *empty_page;
};

void kiln_log_view_find_next            (KilnLogView *self,
                                         gboolean     forward);
void kiln_log_view_stop_search          (KilnLogView *self);
void kiln_log_view_restart_search       (KilnLogView *self);
void kiln_log_view_search_lines_changed (KilnLogView *self);
void kiln_log_view_refresh_highlights   (KilnLogView *self);

G_END_DECLS
