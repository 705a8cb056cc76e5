#define G_LOG_DOMAIN "kiln-engine"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "kiln-files-private.h"
#include "kiln-json-private.h"

/* Writing */

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
kiln_json_builder_add_int (JsonBuilder *builder,
                           const char  *member,
                           gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

void
kiln_json_builder_add_size (JsonBuilder *builder,
                            const char  *member,
                            guint64      value)
{
  kiln_json_builder_add_int (builder, member, (gint64) MIN (value, (guint64) G_MAXINT64));
}

void
kiln_json_builder_add_enum (JsonBuilder *builder,
                            const char  *member,
                            GType        enum_type,
                            int          value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (enum_type);
  GEnumValue *enum_value = g_enum_get_value (klass, value);

  kiln_json_builder_add_string (builder, member, enum_value != NULL ? enum_value->value_nick : NULL);
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

void
kiln_json_builder_add_node (JsonBuilder *builder,
                            const char  *member,
                            JsonNode    *value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_value (builder, value);
}

void
kiln_json_builder_add_objects (JsonBuilder        *builder,
                               const char         *member,
                               GListModel         *model,
                               KilnJsonAddMembers  add_members)
{
  if (member != NULL)
    json_builder_set_member_name (builder, member);

  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      json_builder_begin_object (builder);
      add_members (builder, item);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

char *
kiln_json_node_dup_text (JsonNode *node,
                         gboolean  pretty)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, pretty);
  json_generator_set_indent (generator, 2);

  return json_generator_to_data (generator, NULL);
}

char *
kiln_json_builder_dup_text (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  return kiln_json_node_dup_text (root, TRUE);
}

/* Reading */

static gboolean
set_parse_error (GError     **error,
                 const char  *message)
{
  g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE, message);
  return FALSE;
}

static int
read_hex4 (const char *p)
{
  int value = 0;

  for (guint i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }

  return value;
}

/* The escape at @text[*i] (just after the backslash), as RFC 8259 has them:
 * json-glib also takes some that are not JSON (such as \x41, or lone
 * surrogates), which Kiln could then not write back. */
static gboolean
check_escape (const char *text,
              gsize       length,
              gsize      *i)
{
  int unit, low;

  if (*i >= length)
    return FALSE;

  if (strchr ("\"\\/bfnrt", text[*i]) != NULL && text[*i] != '\0')
    return TRUE;

  if (text[*i] != 'u' || *i + 4 >= length || (unit = read_hex4 (text + *i + 1)) < 0)
    return FALSE;
  *i += 4;

  if (unit >= 0xDC00 && unit <= 0xDFFF)
    return FALSE;
  if (unit < 0xD800 || unit > 0xDBFF)
    return TRUE;

  if (*i + 6 >= length || text[*i + 1] != '\\' || text[*i + 2] != 'u'
      || (low = read_hex4 (text + *i + 3)) < 0xDC00 || low > 0xDFFF)
    return FALSE;
  *i += 6;

  return TRUE;
}

static gboolean
check_text (const char  *text,
            gsize        length,
            GError     **error)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  if (length > KILN_JSON_MAX_SIZE)
    {
      g_autofree char *limit = g_format_size_full (KILN_JSON_MAX_SIZE, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *message = g_strdup_printf (_("it is larger than %s"), limit);

      return set_parse_error (error, message);
    }

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (c == '\\')
            {
              i++;
              if (!check_escape (text, length, &i))
                return set_parse_error (error, _("it holds an escape sequence that is not valid JSON"));
            }
          else if (c == '"')
            in_string = FALSE;
          else if ((guchar) c < 0x20)
            return set_parse_error (error, _("it holds a control character inside a string"));
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '\0')
        return set_parse_error (error, _("it holds a NUL byte"));
      else if (c == '[' || c == '{')
        {
          if (++depth > KILN_JSON_MAX_DEPTH)
            {
              g_autofree char *message = g_strdup_printf (_("it nests more than %u levels deep"),
                                                          KILN_JSON_MAX_DEPTH);
              return set_parse_error (error, message);
            }
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return TRUE;
}

JsonNode *
kiln_json_parse (const char  *text,
                 gssize       length,
                 GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  g_return_val_if_fail (text != NULL, NULL);

  if (length < 0)
    length = strlen (text);

  if (!check_text (text, length, error))
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, text, length, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE, _("it is empty"));
      return NULL;
    }

  return json_node_ref (root);
}

JsonNode *
kiln_json_load_file (const char  *path,
                     gsize        max_size,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  if (!kiln_files_read_regular (path, max_size, &contents, &length, &local_error))
    {
      /* Too large is a fault of the contents: the file is set aside like any other. */
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
        g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE, local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return kiln_json_parse (contents, length, error);
}

gboolean
kiln_json_node_holds (JsonNode *node,
                      GType     value_type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == value_type;
}

const char *
kiln_json_node_get_string (JsonNode *node)
{
  return kiln_json_node_holds (node, G_TYPE_STRING) ? json_node_get_string (node) : NULL;
}

gboolean
kiln_json_node_get_enum (JsonNode *node,
                         GType     enum_type,
                         int      *value)
{
  g_autoptr(GEnumClass) klass = NULL;
  const char *nick = kiln_json_node_get_string (node);
  GEnumValue *enum_value;

  if (nick == NULL)
    return FALSE;

  klass = g_type_class_ref (enum_type);
  if (!(enum_value = g_enum_get_value_by_nick (klass, nick)))
    return FALSE;

  *value = enum_value->value;
  return TRUE;
}

JsonArray *
kiln_json_node_get_objects (JsonNode *node)
{
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, i)))
      return NULL;

  return array;
}

GStrv
kiln_json_node_dup_strv (JsonNode *node)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  array = json_node_get_array (node);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *value = kiln_json_node_get_string (json_array_get_element (array, i));

      if (value == NULL)
        return NULL;
      g_strv_builder_add (builder, value);
    }

  return g_strv_builder_end (builder);
}

JsonNode *
kiln_json_object_get_node (JsonObject *object,
                           const char *member)
{
  return object != NULL ? json_object_get_member (object, member) : NULL;
}

const char *
kiln_json_object_get_string (JsonObject *object,
                             const char *member,
                             const char *fallback)
{
  const char *value = kiln_json_node_get_string (kiln_json_object_get_node (object, member));

  return value != NULL ? value : fallback;
}

gboolean
kiln_json_object_get_boolean (JsonObject *object,
                              const char *member,
                              gboolean    fallback)
{
  JsonNode *node = kiln_json_object_get_node (object, member);

  return kiln_json_node_holds (node, G_TYPE_BOOLEAN) ? json_node_get_boolean (node) : fallback;
}

gint64
kiln_json_object_get_int (JsonObject *object,
                          const char *member,
                          gint64      fallback)
{
  JsonNode *node = kiln_json_object_get_node (object, member);

  return kiln_json_node_holds (node, G_TYPE_INT64) ? json_node_get_int (node) : fallback;
}

JsonArray *
kiln_json_object_get_array (JsonObject *object,
                            const char *member)
{
  JsonNode *node = kiln_json_object_get_node (object, member);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

JsonObject *
kiln_json_object_get_object (JsonObject *object,
                             const char *member)
{
  JsonNode *node = kiln_json_object_get_node (object, member);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonObject *
kiln_json_array_get_object (JsonArray *array,
                            guint      index)
{
  JsonNode *node;

  if (array == NULL || index >= json_array_get_length (array))
    return NULL;

  node = json_array_get_element (array, index);
  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}
