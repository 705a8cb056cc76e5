#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The one way Kiln writes and reads JSON in C: profiles, build records, the
 * migration report, the inspection output, the helpers' answers. */

/* Writing. A NULL string is written as null. */
void        kiln_json_builder_add_string  (JsonBuilder        *builder,
                                           const char         *member,
                                           const char         *value);
void        kiln_json_builder_add_boolean (JsonBuilder        *builder,
                                           const char         *member,
                                           gboolean            value);
void        kiln_json_builder_add_int     (JsonBuilder        *builder,
                                           const char         *member,
                                           gint64              value);
/* Sizes: clamped to the largest integer JSON readers keep exactly. */
void        kiln_json_builder_add_size    (JsonBuilder        *builder,
                                           const char         *member,
                                           guint64             value);
/* The value's nick. */
void        kiln_json_builder_add_enum    (JsonBuilder        *builder,
                                           const char         *member,
                                           GType               enum_type,
                                           int                 value);
void        kiln_json_builder_add_strv    (JsonBuilder        *builder,
                                           const char         *member,
                                           const char * const *values);
/* Takes @value. */
void        kiln_json_builder_add_node    (JsonBuilder        *builder,
                                           const char         *member,
                                           JsonNode           *value);
/* An array with one object per item of @model, whose members @add_members
 * adds; with a NULL @member, the array is the next value (an element or the
 * root). */
typedef void (*KilnJsonAddMembers)        (JsonBuilder        *builder,
                                           gpointer            item);
void        kiln_json_builder_add_objects (JsonBuilder        *builder,
                                           const char         *member,
                                           GListModel         *model,
                                           KilnJsonAddMembers  add_members);
/* The finished document, indented by two spaces. */
char       *kiln_json_builder_dup_text    (JsonBuilder        *builder);
char       *kiln_json_node_dup_text       (JsonNode           *node,
                                           gboolean            pretty);

/* Reading. json-glib has no nesting limit and overflows the stack on a few
 * tens of thousands of brackets, so deeper documents are refused first. */
#define KILN_JSON_MAX_DEPTH 512
/* Documents are also refused above a size (the inspection of a big umbrella
 * is the largest Kiln reads; the files it keeps have a smaller limit), and
 * when they hold escapes or control characters JSON does not allow. */
#define KILN_JSON_MAX_SIZE      (64 * 1024 * 1024)
#define KILN_JSON_MAX_FILE_SIZE (16 * 1024 * 1024)

JsonNode   *kiln_json_parse               (const char         *text,
                                           gssize              length,
                                           GError            **error);

/* A file Kiln keeps, read with kiln_files_read_regular() and at most
 * @max_size bytes. A document that cannot be read at all fails in
 * G_IO_ERROR; one whose contents are refused, in JSON_PARSER_ERROR. */
JsonNode   *kiln_json_load_file           (const char         *path,
                                           gsize               max_size,
                                           GError            **error);

/* These never warn, whatever the shape: a member of another type reads as
 * missing (NULL, or @fallback). NULL objects and arrays are accepted. */
JsonNode   *kiln_json_object_get_node     (JsonObject         *object,
                                           const char         *member);
const char *kiln_json_object_get_string   (JsonObject         *object,
                                           const char         *member,
                                           const char         *fallback);
gboolean    kiln_json_object_get_boolean  (JsonObject         *object,
                                           const char         *member,
                                           gboolean            fallback);
gint64      kiln_json_object_get_int      (JsonObject         *object,
                                           const char         *member,
                                           gint64              fallback);
JsonArray  *kiln_json_object_get_array    (JsonObject         *object,
                                           const char         *member);
JsonObject *kiln_json_object_get_object   (JsonObject         *object,
                                           const char         *member);
JsonObject *kiln_json_array_get_object    (JsonArray          *array,
                                           guint               index);
gboolean    kiln_json_node_holds          (JsonNode           *node,
                                           GType               value_type);
const char *kiln_json_node_get_string     (JsonNode           *node);
/* An array whose elements are all objects, or NULL. */
JsonArray  *kiln_json_node_get_objects    (JsonNode           *node);
/* A string that is the nick of one of @enum_type's values. */
gboolean    kiln_json_node_get_enum       (JsonNode           *node,
                                           GType               enum_type,
                                           int                *value);
/* NULL unless @node is an array of strings. */
GStrv       kiln_json_node_dup_strv       (JsonNode           *node);

G_END_DECLS
