#pragma once

#include <adwaita.h>

#include "kiln-engine.h"

G_BEGIN_DECLS

void       kiln_migrate_report_show       (KilnMigration *migration,
                                           GtkBox        *report_box,
                                           GtkLabel      *summary_label);
void       kiln_migrate_report_show_files (KilnMigration *migration,
                                           GtkListBox    *files_list,
                                           GPtrArray     *diff_views);
void       kiln_migrate_report_clear      (GtkWidget     *container);
GtkWidget *kiln_migrate_report_row        (const char    *title,
                                           const char    *subtitle);

G_END_DECLS
