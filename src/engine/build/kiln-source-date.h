#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Where the time that archive mtimes are clamped to came from. */
typedef enum
{
  KILN_SOURCE_DATE_NONE,
  KILN_SOURCE_DATE_ENVIRONMENT,   /* SOURCE_DATE_EPOCH */
  KILN_SOURCE_DATE_GIT,           /* the last commit touching the project */
  KILN_SOURCE_DATE_SOURCES,       /* the newest of the project's own sources */
} KilnSourceDateOrigin;

gint64      kiln_source_date_from_environment (void);
gint64      kiln_source_date_find           (const char           *project_dir,
                                             KilnSourceDateOrigin *origin,
                                             GCancellable         *cancellable);
const char *kiln_source_date_origin_to_string (KilnSourceDateOrigin origin);

G_END_DECLS
