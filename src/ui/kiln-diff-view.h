#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A read-only unified diff: monospace, with added and removed lines tinted
 * and their +/- kept, so it reads the same with or without colour. */
#define KILN_TYPE_DIFF_VIEW (kiln_diff_view_get_type ())
G_DECLARE_FINAL_TYPE (KilnDiffView, kiln_diff_view, KILN, DIFF_VIEW, GtkTextView)

GtkWidget  *kiln_diff_view_new      (const char   *diff);
const char *kiln_diff_view_get_diff (KilnDiffView *self);
void        kiln_diff_view_set_diff (KilnDiffView *self,
                                     const char   *diff);

GtkWidget  *kiln_diff_view_new_for_dialog (const char *diff,
                                           const char *accessible_label,
                                           GtkWindow  *parent);

G_END_DECLS
