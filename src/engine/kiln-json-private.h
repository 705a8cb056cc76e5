#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Builders shared by every JSON file Kiln writes (profiles, records, the
 * inspection output). A NULL string is written as null. */
void kiln_json_builder_add_string  (JsonBuilder        *builder,
                                    const char         *member,
                                    const char         *value);
void kiln_json_builder_add_boolean (JsonBuilder        *builder,
                                    const char         *member,
                                    gboolean            value);
void kiln_json_builder_add_strv    (JsonBuilder        *builder,
                                    const char         *member,
                                    const char * const *values);

G_END_DECLS
