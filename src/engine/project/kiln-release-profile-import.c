#define G_LOG_DOMAIN "kiln-project"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kiln-elixir-term.h"
#include "kiln-error.h"
#include "kiln-json-private.h"
#include "kiln-release-profile.h"

/* Reads the release options of mix.exs in the TERM encoding of the
 * inspection helper (kiln-elixir-term.h). */

typedef struct
{
  KilnReleaseProfile *profile;
  const char *key;
  const char *code;
  gboolean code_valid;
} Option;

static char *
shorten (const char *code)
{
  g_autofree char *flat = g_strdup (code ? code : "?");

  g_strdelimit (flat, "\n\t", ' ');
  if (g_utf8_strlen (flat, -1) > 60)
    {
      g_autofree char *head = g_utf8_substring (flat, 0, 57);
      return g_strconcat (head, "…", NULL);
    }

  return g_steal_pointer (&flat);
}

static void
warn (Option     *option,
      const char *why)
{
  g_autofree char *code = shorten (option->code);
  g_autofree char *warning =
    g_strdup_printf (_("The :%s option (%s) was left out of this profile: %s"), option->key, code, why);

  kiln_release_profile_add_warning (option->profile, warning);
}

static void
import_applications (Option   *option,
                     JsonNode *value)
{
  GListStore *store = kiln_release_profile_get_application_store (option->profile);
  JsonArray *array = kiln_term_get_list (value);

  if (array == NULL)
    {
      warn (option, _("it should be a keyword list such as [my_app: :permanent]."));
      return;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonArray *pair = kiln_term_get_tuple (element, 2);
      const char *name = pair ? kiln_term_get_atom (json_array_get_element (pair, 0)) : NULL;
      const char *mode_name = pair ? kiln_term_get_atom (json_array_get_element (pair, 1)) : NULL;
      KilnApplicationMode mode;
      g_autoptr(KilnReleaseApplication) application = NULL;

      if (name == NULL || mode_name == NULL || !kiln_application_mode_from_string (mode_name, &mode))
        {
          g_autofree char *choices = kiln_application_mode_dup_choices (":");
          g_autofree char *warning = NULL;

          warning = g_strdup_printf (_("Entry %u of the :applications option was left out of this profile: "
                                       "each entry should be an application name with a mode (%s)."),
                                     i + 1, choices);
          kiln_release_profile_add_warning (option->profile, warning);
          continue;
        }

      application = kiln_release_application_new (name, mode);
      g_list_store_append (store, application);
    }
}

static void
import_strip_beams (Option   *option,
                    JsonNode *value)
{
  KilnReleaseProfile *self = option->profile;
  gboolean strip;
  JsonArray *array;

  if (kiln_term_get_boolean (value, &strip))
    {
      kiln_release_profile_set_strip_beams (self, strip);
      return;
    }

  if (!(array = kiln_term_get_list (value)))
    {
      warn (option, _("it should be true, false or a keyword list with :keep and :compress."));
      return;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonArray *pair = kiln_term_get_tuple (json_array_get_element (array, i), 2);
      const char *name = pair ? kiln_term_get_atom (json_array_get_element (pair, 0)) : NULL;
      JsonNode *setting = pair ? json_array_get_element (pair, 1) : NULL;
      g_auto(GStrv) keep = NULL;
      gboolean compress;

      if (g_strcmp0 (name, "keep") == 0 && (keep = kiln_term_dup_strings (setting)))
        kiln_release_profile_set_strip_beams_keep (self, (const char * const *)keep);
      else if (g_strcmp0 (name, "compress") == 0 && kiln_term_get_boolean (setting, &compress))
        kiln_release_profile_set_strip_beams_compress (self, compress);
      else
        {
          warn (option, _("Kiln understands only keep: [\"Chunk\", …] and compress: true or false in it."));
          kiln_release_profile_set_strip_beams_keep (self, NULL);
          kiln_release_profile_set_strip_beams_compress (self, FALSE);
          return;
        }
    }

  kiln_release_profile_set_strip_beams (self, TRUE);
}

static void
import_steps (Option   *option,
              JsonNode *value)
{
  JsonArray *array = kiln_term_get_list (value);
  gboolean tar = FALSE;
  gboolean custom = FALSE;

  if (array == NULL)
    {
      warn (option, _("it should be a list such as [:assemble, :tar]."));
      return;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *step = kiln_term_get_atom (json_array_get_element (array, i));

      if (g_strcmp0 (step, "tar") == 0)
        tar = TRUE;
      else if (g_strcmp0 (step, "assemble") != 0)
        custom = TRUE;
    }

  kiln_release_profile_set_steps_include_tar (option->profile, tar);

  if (custom)
    {
      g_autofree char *code = shorten (option->code);
      g_autofree char *warning =
        g_strdup_printf (_("The :steps option (%s) has custom steps that were left out of this profile: "
                           "Kiln runs only :assemble%s. Keep the custom steps in mix.exs if you need them."),
                         code, tar ? _(" and :tar") : _(" (and :tar if chosen)"));

      kiln_release_profile_add_warning (option->profile, warning);
    }
}

static void
import_string (Option     *option,
               JsonNode   *value,
               const char *property)
{
  const char *string = kiln_term_get_string (value);

  if (string == NULL)
    {
      warn (option, _("Kiln can keep it only as a plain string."));
      return;
    }

  g_object_set (option->profile, property, string, NULL);
}

static void
import_boolean (Option     *option,
                JsonNode   *value,
                const char *property)
{
  gboolean flag;

  if (!kiln_term_get_boolean (value, &flag))
    {
      warn (option, _("it should be true or false."));
      return;
    }

  g_object_set (option->profile, property, flag, NULL);
}

static void
import_names (Option     *option,
              JsonNode   *value,
              gboolean    atoms,
              const char *property)
{
  g_auto(GStrv) names = atoms ? kiln_term_dup_atoms (value) : kiln_term_dup_strings (value);

  if (names == NULL)
    {
      warn (option, atoms ? _("it should be a list of atoms.") : _("it should be a list of strings."));
      return;
    }

  g_object_set (option->profile, property, names, NULL);
}

static void
import_option (Option   *option,
               JsonNode *value)
{
  KilnReleaseProfile *self = option->profile;
  const char *key = option->key;
  const char *string;
  JsonArray *list;
  gboolean flag;

  if (g_str_equal (key, "applications"))
    import_applications (option, value);
  else if (g_str_equal (key, "include_executables_for"))
    import_names (option, value, TRUE, "include-executables-for");
  else if (g_str_equal (key, "include_erts"))
    {
      gboolean include;

      if (kiln_term_get_boolean (value, &include))
        kiln_release_profile_set_include_erts (self, include ? KILN_INCLUDE_ERTS_YES : KILN_INCLUDE_ERTS_NO);
      else if ((string = kiln_term_get_string (value)))
        {
          kiln_release_profile_set_include_erts_path (self, string);
          kiln_release_profile_set_include_erts (self, KILN_INCLUDE_ERTS_PATH);
        }
      else
        warn (option, _("Kiln can use true, false or the path of an erts-VERSION folder; "
                        "the ERTS Kiln runs with will be included."));
    }
  else if (g_str_equal (key, "strip_beams"))
    import_strip_beams (option, value);
  else if (g_str_equal (key, "cookie"))
    import_string (option, value, "cookie");
  else if (g_str_equal (key, "path"))
    import_string (option, value, "path");
  else if (g_str_equal (key, "version"))
    {
      if (kiln_term_get_string (value) == NULL)
        warn (option, _("Kiln can keep only a plain version string; the project's version will be used."));
      else
        import_string (option, value, "version");
    }
  else if (g_str_equal (key, "rel_templates_path"))
    import_string (option, value, "rel-templates-path");
  else if (g_str_equal (key, "quiet"))
    import_boolean (option, value, "quiet");
  else if (g_str_equal (key, "validate_compile_env"))
    import_boolean (option, value, "validate-compile-env");
  else if (g_str_equal (key, "reboot_system_after_config"))
    import_boolean (option, value, "reboot-system-after-config");
  else if (g_str_equal (key, "steps"))
    import_steps (option, value);
  else if (g_str_equal (key, "overlays"))
    import_names (option, value, FALSE, "overlays");
  else if (g_str_equal (key, "runtime_config_path"))
    {
      if (kiln_term_is_nil (value))
        kiln_release_profile_set_runtime_config (self, KILN_RUNTIME_CONFIG_DEFAULT);
      else if (kiln_term_get_boolean (value, &flag) && !flag)
        kiln_release_profile_set_runtime_config (self, KILN_RUNTIME_CONFIG_DISABLED);
      else if ((string = kiln_term_get_string (value)))
        {
          kiln_release_profile_set_runtime_config_path (self, string);
          kiln_release_profile_set_runtime_config (self, KILN_RUNTIME_CONFIG_PATH);
        }
      else
        warn (option, _("it should be false or a path."));
    }
  else if (g_str_equal (key, "config_providers"))
    {
      if (!option->code_valid || option->code == NULL)
        warn (option, _("its value cannot be written back as Elixir code."));
      else if (!((list = kiln_term_get_list (value)) && json_array_get_length (list) == 0))
        kiln_release_profile_set_config_providers (self, option->code);
    }
  else if (option->code_valid && option->code != NULL)
    kiln_release_profile_set_extra_option (self, key, option->code);
  else
    warn (option, _("its value cannot be written back as Elixir code."));
}

KilnReleaseProfile *
kiln_release_profile_new_from_mix_release (const char  *name,
                                           JsonArray   *options,
                                           GError     **error)
{
  g_autoptr(KilnReleaseProfile) self = NULL;
  g_autoptr(GHashTable) seen = NULL;

  g_return_val_if_fail (options != NULL, NULL);

  self = kiln_release_profile_new (name);
  seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < json_array_get_length (options); i++)
    {
      JsonObject *object = kiln_json_array_get_object (options, i);
      JsonNode *value = kiln_json_object_get_node (object, "value");
      Option option = { self, NULL, NULL, FALSE };

      option.key = kiln_json_object_get_string (object, "key", NULL);
      if (option.key == NULL || value == NULL)
        {
          g_set_error (error, KILN_ERROR, KILN_ERROR_HELPER_FAILED,
                       _("Kiln could not read the options of release “%s” from mix.exs: "
                         "entry %u has no key or value. This is a bug in Kiln; please report it."),
                       name ? name : "", i + 1);
          return NULL;
        }

      /* mix reads options with Keyword.get, so the first one wins. */
      if (!g_hash_table_add (seen, (char *)option.key))
        {
          g_autofree char *warning =
            g_strdup_printf (_("The :%s option appears more than once; like mix, Kiln uses the first one."),
                             option.key);

          kiln_release_profile_add_warning (self, warning);
          continue;
        }

      option.code = kiln_json_object_get_string (object, "code", NULL);
      option.code_valid = kiln_json_object_get_boolean (object, "code_valid", FALSE);
      import_option (&option, value);
    }

  return g_steal_pointer (&self);
}
