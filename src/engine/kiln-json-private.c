#define G_LOG_DOMAIN "kiln-engine"

#include "config.h"

#include "kiln-json-private.h"

void
kiln_json_builder_add_string (JsonBuilder *builder,
                              const char  *member,
                              const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
kiln_json_builder_add_boolean (JsonBuilder *builder,
                               const char  *member,
                               gboolean     value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_boolean_value (builder, value);
}

void
kiln_json_builder_add_strv (JsonBuilder        *builder,
                            const char         *member,
                            const char * const *values)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}
