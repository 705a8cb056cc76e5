#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

const char *kiln_help_get_details      (const char *topic);
GtkWidget  *kiln_help_button_new       (const char *topic,
                                        const char *title,
                                        const char *summary,
                                        const char *uri);

G_END_DECLS
