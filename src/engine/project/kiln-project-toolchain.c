#define G_LOG_DOMAIN "kiln-project"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kiln-project-private.h"

/* The project against the Elixir that inspected it: the inspection helper
 * asks that Elixir's Version module whether mix.exs's elixir: matches. */

char *
kiln_project_dup_elixir_problem (const char *requirement,
                                 const char *elixir_version)
{
  g_return_val_if_fail (requirement != NULL, NULL);

  return g_strdup_printf (_("This project asks for Elixir “%s” (elixir: in mix.exs), but the Elixir "
                            "Kiln found is %s. Install an Elixir that matches, or change the "
                            "requirement in mix.exs, then try again."),
                          requirement, elixir_version != NULL ? elixir_version : _("another version"));
}

char *
kiln_project_dup_toolchain_problem (KilnProject *self)
{
  JsonObject *inspection;

  g_return_val_if_fail (KILN_IS_PROJECT (self), NULL);

  inspection = kiln_project_get_inspection (self);
  if (kiln_project_get_elixir_requirement (self) == NULL
      || !json_object_has_member (inspection, "elixir_requirement_met")
      || kiln_project_json_boolean (inspection, "elixir_requirement_met"))
    return NULL;

  return kiln_project_dup_elixir_problem (kiln_project_get_elixir_requirement (self),
                                          kiln_project_json_string (inspection, "elixir_version"));
}
