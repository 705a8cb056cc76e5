#define G_LOG_DOMAIN "kiln-build"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "kiln-build-environment-private.h"
#include "kiln-environment-variable.h"

#define MASK "••••••••"

static void
put (GPtrArray               *environment,
     KilnEnvironmentVariable *variable)
{
  const char *name = kiln_environment_variable_get_name (variable);

  if (!kiln_environment_variable_name_is_valid (name))
    return;

  for (guint i = 0; i < environment->len; i++)
    if (g_str_equal (kiln_environment_variable_get_name (g_ptr_array_index (environment, i)), name))
      {
        g_ptr_array_remove_index (environment, i);
        break;
      }

  /* A copy: the build must not see later edits of the profile. */
  g_ptr_array_add (environment, kiln_environment_variable_new (name, kiln_environment_variable_get_value (variable),
                                                               kiln_environment_variable_get_secret (variable)));
}

GPtrArray *
kiln_build_environment_new (KilnReleaseProfile *profile,
                            KilnPhoenix        *phoenix)
{
  GPtrArray *environment = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *own = kiln_release_profile_get_environment (profile);

  if (phoenix != NULL && kiln_release_profile_get_phoenix_environment (profile))
    {
      g_autoptr(GPtrArray) defaults = kiln_phoenix_new_check_environment ();

      for (guint i = 0; i < defaults->len; i++)
        put (environment, g_ptr_array_index (defaults, i));
    }

  for (guint i = 0; i < g_list_model_get_n_items (own); i++)
    {
      g_autoptr(KilnEnvironmentVariable) variable = g_list_model_get_item (own, i);

      put (environment, variable);
    }

  return environment;
}

void
kiln_build_environment_apply (GPtrArray         *environment,
                              KilnReleaseRunner *runner)
{
  for (guint i = 0; environment != NULL && i < environment->len; i++)
    {
      KilnEnvironmentVariable *variable = g_ptr_array_index (environment, i);

      kiln_release_runner_setenv (runner, kiln_environment_variable_get_name (variable),
                                  kiln_environment_variable_get_value (variable));
    }
}

char *
kiln_build_environment_describe (GPtrArray *environment)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; environment != NULL && i < environment->len; i++)
    {
      KilnEnvironmentVariable *variable = g_ptr_array_index (environment, i);

      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append_printf (text, "%s=%s", kiln_environment_variable_get_name (variable),
                              kiln_environment_variable_get_display_value (variable));
    }

  return g_string_free (text, FALSE);
}

char *
kiln_build_environment_redact (GPtrArray  *environment,
                               const char *text)
{
  GString *redacted = g_string_new (text);

  for (guint i = 0; environment != NULL && i < environment->len; i++)
    {
      KilnEnvironmentVariable *variable = g_ptr_array_index (environment, i);
      const char *value = kiln_environment_variable_get_value (variable);

      if (kiln_environment_variable_get_secret (variable) && *value != '\0')
        g_string_replace (redacted, value, MASK, 0);
    }

  return g_string_free (redacted, FALSE);
}
