#define G_LOG_DOMAIN "kiln-project"

#include "config.h"

#include <string.h>

#include "kiln-elixir-term.h"
#include "kiln-release-profile-private.h"

/* mix format's default line length */
#define LINE_LENGTH 98

typedef struct
{
  char *key;
  char *value;
  /* Elements of a list value, so a line that is too long can be broken
   * the way mix format does it; NULL for other values. */
  GPtrArray *items;
} Option;

static void
option_free (Option *option)
{
  g_free (option->key);
  g_free (option->value);
  g_clear_pointer (&option->items, g_ptr_array_unref);
  g_free (option);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Option, option_free)

static Option *
option_new (const char *key,
            char       *value)
{
  Option *option = g_new0 (Option, 1);

  option->key = kiln_elixir_keyword_key (key);
  option->value = value;

  return option;
}

static Option *
option_new_list (const char *key,
                 GPtrArray  *items)
{
  g_autoptr(GString) value = g_string_new ("[");
  Option *option;

  for (guint i = 0; i < items->len; i++)
    {
      if (i > 0)
        g_string_append (value, ", ");
      g_string_append (value, g_ptr_array_index (items, i));
    }
  g_string_append_c (value, ']');

  option = option_new (key, g_string_free (g_steal_pointer (&value), FALSE));
  option->items = items;

  return option;
}

static Option *
option_new_atoms (const char         *key,
                  const char * const *names)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; names[i] != NULL; i++)
    g_ptr_array_add (items, kiln_elixir_quote_atom (names[i]));

  return option_new_list (key, items);
}

static Option *
option_new_strings (const char         *key,
                    const char * const *values)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; values[i] != NULL; i++)
    g_ptr_array_add (items, kiln_elixir_quote_string (values[i]));

  return option_new_list (key, items);
}

static Option *
option_new_strip_beams (KilnReleaseProfile *self)
{
  const char * const *keep = kiln_release_profile_get_strip_beams_keep (self);
  gboolean compress = kiln_release_profile_get_strip_beams_compress (self);
  GPtrArray *items;

  if (!kiln_release_profile_get_strip_beams (self))
    return option_new ("strip_beams", g_strdup ("false"));

  if (keep[0] == NULL && !compress)
    return NULL;

  items = g_ptr_array_new_with_free_func (g_free);

  if (keep[0] != NULL)
    {
      g_autoptr(Option) keep_option = option_new_strings ("keep", keep);
      g_ptr_array_add (items, g_strconcat (keep_option->key, " ", keep_option->value, NULL));
    }

  if (compress)
    g_ptr_array_add (items, g_strdup ("compress: true"));

  return option_new_list ("strip_beams", items);
}

static Option *
option_new_applications (KilnReleaseProfile *self)
{
  GListModel *applications = kiln_release_profile_get_applications (self);
  guint n_items = g_list_model_get_n_items (applications);
  GPtrArray *items;

  if (n_items == 0)
    return NULL;

  items = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(KilnReleaseApplication) application = g_list_model_get_item (applications, i);
      const char *name = kiln_release_application_get_name (application);
      g_autofree char *key = kiln_elixir_keyword_key (name ? name : "");
      g_autofree char *mode =
        kiln_elixir_quote_atom (kiln_application_mode_to_string (kiln_release_application_get_mode (application)));

      g_ptr_array_add (items, g_strconcat (key, " ", mode, NULL));
    }

  return option_new_list ("applications", items);
}

static Option *
option_new_code (const char *key,
                 const char *code)
{
  g_autofree char *stripped = g_strstrip (g_strdup (code));

  return option_new (key, g_steal_pointer (&stripped));
}

static void
add (GPtrArray *options,
     Option    *option)
{
  if (option != NULL)
    g_ptr_array_add (options, option);
}

/* The order follows the one people write by hand (and the brief's
 * examples): how the release is built first, what goes in it last. */
static GPtrArray *
collect_options (KilnReleaseProfile *self)
{
  static const char * const default_executables[] = { "unix", "windows", NULL };
  GPtrArray *options = g_ptr_array_new_with_free_func ((GDestroyNotify)option_free);
  const char * const *executables = kiln_release_profile_get_include_executables_for (self);
  const char * const *overlays = kiln_release_profile_get_overlays (self);
  const char * const *extra_keys = kiln_release_profile_get_extra_option_keys (self);
  const char *value;

  if (!g_strv_equal (executables, default_executables))
    add (options, option_new_atoms ("include_executables_for", executables));

  switch (kiln_release_profile_get_include_erts (self))
    {
    case KILN_INCLUDE_ERTS_NO:
      add (options, option_new ("include_erts", g_strdup ("false")));
      break;
    case KILN_INCLUDE_ERTS_PATH:
      value = kiln_release_profile_get_include_erts_path (self);
      add (options, option_new ("include_erts", kiln_elixir_quote_string (value)));
      break;
    case KILN_INCLUDE_ERTS_YES:
    default:
      break;
    }

  add (options, option_new_strip_beams (self));

  if ((value = kiln_release_profile_get_cookie (self)))
    add (options, option_new ("cookie", kiln_elixir_quote_string (value)));
  if ((value = kiln_release_profile_get_path (self)))
    add (options, option_new ("path", kiln_elixir_quote_string (value)));
  if ((value = kiln_release_profile_get_version (self)))
    add (options, option_new ("version", kiln_elixir_quote_string (value)));
  if (kiln_release_profile_get_quiet (self))
    add (options, option_new ("quiet", g_strdup ("true")));
  if (kiln_release_profile_get_steps_include_tar (self))
    add (options, option_new ("steps", g_strdup ("[:assemble, :tar]")));
  if (overlays[0] != NULL)
    add (options, option_new_strings ("overlays", overlays));
  if ((value = kiln_release_profile_get_rel_templates_path (self)))
    add (options, option_new ("rel_templates_path", kiln_elixir_quote_string (value)));

  switch (kiln_release_profile_get_runtime_config (self))
    {
    case KILN_RUNTIME_CONFIG_DISABLED:
      add (options, option_new ("runtime_config_path", g_strdup ("false")));
      break;
    case KILN_RUNTIME_CONFIG_PATH:
      value = kiln_release_profile_get_runtime_config_path (self);
      add (options, option_new ("runtime_config_path", kiln_elixir_quote_string (value)));
      break;
    case KILN_RUNTIME_CONFIG_DEFAULT:
    default:
      break;
    }

  if (!kiln_release_profile_get_validate_compile_env (self))
    add (options, option_new ("validate_compile_env", g_strdup ("false")));
  if (kiln_release_profile_get_reboot_system_after_config (self))
    add (options, option_new ("reboot_system_after_config", g_strdup ("true")));
  if (!kiln_release_profile_code_is_blank ((value = kiln_release_profile_get_config_providers (self))))
    add (options, option_new_code ("config_providers", value));

  add (options, option_new_applications (self));

  for (guint i = 0; extra_keys[i] != NULL; i++)
    {
      value = kiln_release_profile_get_extra_option (self, extra_keys[i]);
      add (options, option_new_code (extra_keys[i], kiln_release_profile_code_is_blank (value) ? "nil" : value));
    }

  return options;
}

static void
append_indented (GString    *out,
                 const char *text,
                 guint       indent)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      g_string_append_c (out, *p);
      if (*p == '\n' && p[1] != '\n' && p[1] != '\0')
        g_string_append_printf (out, "%*s", indent, "");
    }
}

static void
append_option (GString *out,
               Option  *option,
               guint    indent,
               gboolean last)
{
  gsize width = indent + strlen (option->key) + 1 + strlen (option->value) + (last ? 0 : 1);

  g_string_append_printf (out, "%*s%s ", indent, "", option->key);

  if (width > LINE_LENGTH && option->items != NULL && option->items->len > 0)
    {
      g_string_append (out, "[\n");
      for (guint i = 0; i < option->items->len; i++)
        g_string_append_printf (out, "%*s%s%s\n", indent + 2, "",
                                (const char *)g_ptr_array_index (option->items, i),
                                i + 1 < option->items->len ? "," : "");
      g_string_append_printf (out, "%*s]", indent, "");
    }
  else
    {
      append_indented (out, option->value, indent);
    }

  g_string_append (out, last ? "\n" : ",\n");
}

/* Renders "[...]" whose closing bracket sits at @indent. */
static void
append_keyword_list (GString   *out,
                     GPtrArray *options,
                     guint      indent,
                     gsize      prefix_width,
                     gboolean   always_break)
{
  if (options->len == 0)
    {
      g_string_append (out, "[]");
      return;
    }

  if (options->len == 1 && !always_break)
    {
      Option *option = g_ptr_array_index (options, 0);
      gsize width = prefix_width + 1 + strlen (option->key) + 1 + strlen (option->value) + 1;

      if (width <= LINE_LENGTH && strchr (option->value, '\n') == NULL)
        {
          g_string_append_printf (out, "[%s %s]", option->key, option->value);
          return;
        }
    }

  g_string_append (out, "[\n");
  for (guint i = 0; i < options->len; i++)
    append_option (out, g_ptr_array_index (options, i), indent + 2, i + 1 == options->len);
  g_string_append_printf (out, "%*s]", indent, "");
}

char *
kiln_release_profile_render_release_options (KilnReleaseProfile *self)
{
  g_autoptr(GPtrArray) options = NULL;
  GString *out;

  g_return_val_if_fail (KILN_IS_RELEASE_PROFILE (self), NULL);

  options = collect_options (self);
  out = g_string_new (NULL);
  append_keyword_list (out, options, 0, 0, FALSE);

  return g_string_free (out, FALSE);
}

char *
kiln_release_profile_render_mix_exs_snippet (KilnReleaseProfile *self)
{
  g_autoptr(GPtrArray) options = NULL;
  g_autofree char *key = NULL;
  const char *name;
  GString *out;

  g_return_val_if_fail (KILN_IS_RELEASE_PROFILE (self), NULL);

  name = kiln_release_profile_get_name (self);
  key = kiln_elixir_keyword_key (name ? name : "");
  options = collect_options (self);

  out = g_string_new ("releases: [\n  ");
  g_string_append_printf (out, "%s ", key);
  append_keyword_list (out, options, 2, 2 + strlen (key) + 1, TRUE);
  g_string_append (out, "\n]");

  return g_string_free (out, FALSE);
}
