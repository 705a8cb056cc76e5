#pragma once

#include "kiln-project.h"

G_BEGIN_DECLS

/* kiln-project.c: the model over the inspection document. */
KilnProject *kiln_project_new_from_inspection  (const char  *path,
                                                JsonObject  *inspection,
                                                gboolean     from_cache);
gboolean     kiln_project_inspection_is_valid  (JsonObject  *inspection);
JsonObject  *kiln_project_get_inspection       (KilnProject *self);
const char  *kiln_project_json_string          (JsonObject  *object,
                                                const char  *name);
JsonArray   *kiln_project_json_array           (JsonObject  *object,
                                                const char  *name);
gboolean     kiln_project_json_boolean         (JsonObject  *object,
                                                const char  *name);
JsonObject  *kiln_project_json_element         (JsonArray   *array,
                                                guint        index);

/* kiln-project-cache.c: inspections kept while what they read is unchanged.
 * IDENTITY names the toolchain and the helper that made the inspection. */
JsonObject  *kiln_project_cache_load           (const char  *project_path,
                                                const char  *identity);
char        *kiln_project_cache_stamp          (const char  *project_path,
                                                const char  *identity);
void         kiln_project_cache_store          (const char  *project_path,
                                                const char  *identity,
                                                const char  *stamp,
                                                JsonObject  *inspection);

G_END_DECLS
