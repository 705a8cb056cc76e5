#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* How values cross between C and Elixir, in both directions.
 *
 * C → Elixir source: literals that Elixir's parser reads back as exactly the
 * bytes given, with nothing interpolated. Bytes that are not UTF-8 become
 * \xHH, and control, format (bidirectional) and other invisible characters
 * become \u{H}, which Elixir would otherwise refuse or show misleadingly. */
char       *kiln_elixir_quote_string   (const char  *value);
/* :name, :"quoted name", or Foo.Bar for the module atom "Elixir.Foo.Bar". */
char       *kiln_elixir_quote_atom     (const char  *name);
/* name: or "quoted name": as a keyword-list key. */
char       *kiln_elixir_keyword_key    (const char  *name);
/* The Elixir source of a TERM (below), as mix format writes it: lists of
 * pairs with atom keys in keyword syntax, modules as aliases; {"code": …}
 * is copied as it is. */
char       *kiln_elixir_quote_term     (JsonNode    *term);

/* Elixir → C: the TERM encoding, how a helper describes an Elixir value in
 * JSON (Kiln.JSON.term/1): nil → null; booleans, integers and floats as they
 * are; UTF-8 binaries → strings; other atoms → {"atom": "name"} (modules as
 * "Elixir.Foo"); proper lists → arrays; tuples → {"tuple": […]}; maps →
 * {"map": [[key, value], …]}; anything else (other binaries, improper lists,
 * funs, pids…) → {"code": "<inspect text>"}.
 *
 * The readers return NULL / FALSE for any other shape, never warn, and
 * accept a NULL node. */
const char *kiln_term_get_string       (JsonNode    *node);
gboolean    kiln_term_get_boolean      (JsonNode    *node,
                                        gboolean    *value);
gboolean    kiln_term_is_nil           (JsonNode    *node);
const char *kiln_term_get_atom         (JsonNode    *node);
JsonArray  *kiln_term_get_list         (JsonNode    *node);
/* With @size > 0, only a tuple of that many elements. */
JsonArray  *kiln_term_get_tuple        (JsonNode    *node,
                                        guint        size);
/* A list of strings (or of atoms) as a NULL-terminated array; NULL when
 * @node is not a list or any element is something else. */
GStrv       kiln_term_dup_strings      (JsonNode    *node);
GStrv       kiln_term_dup_atoms        (JsonNode    *node);

/* The same encoding built in C, for values Kiln makes up itself. */
JsonNode   *kiln_term_new_string       (const char  *text);
JsonNode   *kiln_term_new_boolean      (gboolean     value);
JsonNode   *kiln_term_new_atom         (const char  *name);
/* Takes the elements; NULL-terminated. */
JsonNode   *kiln_term_new_tuple        (JsonNode    *first,
                                        ...) G_GNUC_NULL_TERMINATED;
/* Takes the array. */
JsonNode   *kiln_term_new_list         (JsonArray   *elements);

G_END_DECLS
