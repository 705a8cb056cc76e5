#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef void (*KilnFirstFrameFunc) (GtkWidget *widget,
                                    gpointer   user_data);

void kiln_ui_after_first_frame (GtkWidget          *widget,
                                KilnFirstFrameFunc  func,
                                gpointer            user_data,
                                GDestroyNotify      destroy);

G_END_DECLS
