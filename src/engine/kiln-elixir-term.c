#define G_LOG_DOMAIN "kiln-engine"

#include "config.h"

#include <string.h>

#include "kiln-elixir-term.h"
#include "kiln-json-private.h"

/* Elixir literals */

static gboolean
is_plain_identifier (const char *name)
{
  const char *p = name;

  if (!(g_ascii_islower (*p) || *p == '_'))
    return FALSE;

  for (p++; g_ascii_isalnum (*p) || *p == '_'; p++)
    ;

  if (*p == '?' || *p == '!')
    p++;

  return *p == '\0';
}

/* Foo.Bar, but not Elixir.Foo: the alias Elixir is the atom :Elixir itself. */
static gboolean
is_alias (const char *name)
{
  g_auto(GStrv) segments = g_strsplit (name, ".", -1);

  if (segments[0] == NULL || g_str_equal (segments[0], "Elixir"))
    return FALSE;

  for (guint i = 0; segments[i] != NULL; i++)
    {
      const char *p = segments[i];

      if (!g_ascii_isupper (*p))
        return FALSE;
      for (p++; g_ascii_isalnum (*p) || *p == '_'; p++)
        ;
      if (*p != '\0')
        return FALSE;
    }

  return TRUE;
}

static gboolean
needs_unicode_escape (gunichar c)
{
  GUnicodeType type;

  if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
    return TRUE;
  if (c < 0x80)
    return FALSE;

  type = g_unichar_type (c);
  return !g_unichar_isprint (c)
      || type == G_UNICODE_FORMAT
      || type == G_UNICODE_LINE_SEPARATOR
      || type == G_UNICODE_PARAGRAPH_SEPARATOR;
}

static void
append_escaped (GString    *out,
                const char *value)
{
  const char *end = value + strlen (value);
  const char *p = value;

  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02X", (guint) (guchar) *p);
          p++;
          continue;
        }

      switch (c)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '#':  g_string_append (out, p[1] == '{' ? "\\#" : "#"); break;
        default:
          if (needs_unicode_escape (c))
            g_string_append_printf (out, "\\u{%X}", c);
          else
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
        }

      p = g_utf8_next_char (p);
    }
}

char *
kiln_elixir_quote_string (const char *value)
{
  GString *out = g_string_new ("\"");

  append_escaped (out, value ? value : "");
  g_string_append_c (out, '"');

  return g_string_free (out, FALSE);
}

char *
kiln_elixir_quote_atom (const char *name)
{
  g_autofree char *quoted = NULL;

  g_return_val_if_fail (name != NULL, NULL);

  if (is_plain_identifier (name))
    return g_strconcat (":", name, NULL);

  if (g_str_has_prefix (name, "Elixir.") && is_alias (name + strlen ("Elixir.")))
    return g_strdup (name + strlen ("Elixir."));

  quoted = kiln_elixir_quote_string (name);
  return g_strconcat (":", quoted, NULL);
}

char *
kiln_elixir_keyword_key (const char *name)
{
  g_autofree char *quoted = NULL;

  g_return_val_if_fail (name != NULL, NULL);

  if (is_plain_identifier (name))
    return g_strconcat (name, ":", NULL);

  quoted = kiln_elixir_quote_string (name);
  return g_strconcat (quoted, ":", NULL);
}

static void      append_term (GString    *out,
                               JsonNode   *term);
static JsonNode *wrapped     (JsonNode   *node,
                               const char *kind);

static void
append_elements (GString   *out,
                 JsonArray *elements)
{
  for (guint i = 0; i < json_array_get_length (elements); i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      append_term (out, json_array_get_element (elements, i));
    }
}

/* Keyword syntax only where inspect uses it: every key an atom that is not a module. */
static gboolean
is_keyword_list (JsonArray *list)
{
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonArray *pair = kiln_term_get_tuple (json_array_get_element (list, i), 2);
      const char *key = pair ? kiln_term_get_atom (json_array_get_element (pair, 0)) : NULL;

      if (key == NULL || g_str_has_prefix (key, "Elixir."))
        return FALSE;
    }

  return json_array_get_length (list) > 0;
}

static void
append_list (GString   *out,
             JsonArray *list)
{
  g_string_append_c (out, '[');

  if (!is_keyword_list (list))
    append_elements (out, list);
  else
    for (guint i = 0; i < json_array_get_length (list); i++)
      {
        JsonArray *pair = kiln_term_get_tuple (json_array_get_element (list, i), 2);
        g_autofree char *key = kiln_elixir_keyword_key (kiln_term_get_atom (json_array_get_element (pair, 0)));

        g_string_append_printf (out, "%s%s ", i > 0 ? ", " : "", key);
        append_term (out, json_array_get_element (pair, 1));
      }

  g_string_append_c (out, ']');
}

static void
append_map (GString   *out,
            JsonArray *pairs)
{
  g_string_append (out, "%{");
  for (guint i = 0; pairs != NULL && i < json_array_get_length (pairs); i++)
    {
      JsonArray *pair = kiln_term_get_list (json_array_get_element (pairs, i));

      if (pair == NULL || json_array_get_length (pair) != 2)
        continue;
      if (i > 0)
        g_string_append (out, ", ");
      append_term (out, json_array_get_element (pair, 0));
      g_string_append (out, " => ");
      append_term (out, json_array_get_element (pair, 1));
    }
  g_string_append_c (out, '}');
}

static void
append_float (GString *out,
              double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  const char *exponent;

  g_ascii_dtostr (buffer, sizeof buffer, value);
  exponent = strpbrk (buffer, "eE");

  /* Elixir floats need a fraction: 1.0, 1.0e20. */
  if (strchr (buffer, '.') != NULL)
    g_string_append (out, buffer);
  else if (exponent != NULL)
    g_string_append_printf (out, "%.*s.0%s", (int) (exponent - buffer), buffer, exponent);
  else
    g_string_append_printf (out, "%s.0", buffer);
}

static void
append_term (GString  *out,
             JsonNode *term)
{
  JsonArray *elements;
  const char *text;
  gboolean flag;

  if (term == NULL || kiln_term_is_nil (term))
    g_string_append (out, "nil");
  else if (kiln_term_get_boolean (term, &flag))
    g_string_append (out, flag ? "true" : "false");
  else if (kiln_json_node_holds (term, G_TYPE_INT64))
    g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (term));
  else if (kiln_json_node_holds (term, G_TYPE_DOUBLE))
    append_float (out, json_node_get_double (term));
  else if ((text = kiln_term_get_string (term)))
    {
      g_autofree char *quoted = kiln_elixir_quote_string (text);
      g_string_append (out, quoted);
    }
  else if ((text = kiln_term_get_atom (term)))
    {
      g_autofree char *quoted = kiln_elixir_quote_atom (text);
      g_string_append (out, quoted);
    }
  else if ((elements = kiln_term_get_list (term)))
    append_list (out, elements);
  else if ((elements = kiln_term_get_tuple (term, 0)))
    {
      g_string_append_c (out, '{');
      append_elements (out, elements);
      g_string_append_c (out, '}');
    }
  else if ((text = kiln_term_get_string (wrapped (term, "code"))))
    g_string_append (out, text);
  else if (wrapped (term, "map") != NULL)
    append_map (out, kiln_term_get_list (wrapped (term, "map")));
  else
    g_string_append (out, "nil");
}

char *
kiln_elixir_quote_term (JsonNode *term)
{
  GString *out = g_string_new (NULL);

  append_term (out, term);
  return g_string_free (out, FALSE);
}

/* Reading the TERM encoding */

/* The one member of a {"atom": …} / {"tuple": …} wrapper, or NULL. */
static JsonNode *
wrapped (JsonNode   *node,
         const char *kind)
{
  JsonObject *object;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  object = json_node_get_object (node);
  if (json_object_get_size (object) != 1)
    return NULL;

  return json_object_get_member (object, kind);
}

const char *
kiln_term_get_string (JsonNode *node)
{
  return kiln_json_node_get_string (node);
}

gboolean
kiln_term_get_boolean (JsonNode *node,
                       gboolean *value)
{
  if (!kiln_json_node_holds (node, G_TYPE_BOOLEAN))
    return FALSE;

  *value = json_node_get_boolean (node);
  return TRUE;
}

gboolean
kiln_term_is_nil (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_NULL (node);
}

const char *
kiln_term_get_atom (JsonNode *node)
{
  return kiln_term_get_string (wrapped (node, "atom"));
}

JsonArray *
kiln_term_get_list (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

JsonArray *
kiln_term_get_tuple (JsonNode *node,
                     guint     size)
{
  JsonArray *elements = kiln_term_get_list (wrapped (node, "tuple"));

  if (elements == NULL || (size > 0 && json_array_get_length (elements) != size))
    return NULL;

  return elements;
}

GStrv
kiln_term_dup_strings (JsonNode *node)
{
  return kiln_json_node_dup_strv (node);
}

GStrv
kiln_term_dup_atoms (JsonNode *node)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *list = kiln_term_get_list (node);

  if (list == NULL)
    return NULL;

  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      const char *name = kiln_term_get_atom (json_array_get_element (list, i));

      if (name == NULL)
        return NULL;
      g_strv_builder_add (builder, name);
    }

  return g_strv_builder_end (builder);
}

/* Building it */

JsonNode *
kiln_term_new_string (const char *text)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, text);
  return node;
}

JsonNode *
kiln_term_new_boolean (gboolean value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_boolean (node, value);
  return node;
}

static JsonNode *
new_wrapped (const char *kind,
             JsonNode   *value)
{
  JsonObject *object = json_object_new ();
  JsonNode *node;

  json_object_set_member (object, kind, value);
  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);

  return node;
}

JsonNode *
kiln_term_new_atom (const char *name)
{
  return new_wrapped ("atom", kiln_term_new_string (name));
}

JsonNode *
kiln_term_new_list (JsonArray *elements)
{
  JsonNode *node = json_node_init_array (json_node_alloc (), elements);

  json_array_unref (elements);
  return node;
}

JsonNode *
kiln_term_new_tuple (JsonNode *first,
                     ...)
{
  JsonArray *elements = json_array_new ();
  va_list args;

  va_start (args, first);
  for (JsonNode *node = first; node != NULL; node = va_arg (args, JsonNode *))
    json_array_add_element (elements, node);
  va_end (args);

  return new_wrapped ("tuple", kiln_term_new_list (elements));
}
