#define G_LOG_DOMAIN "kiln-project"

#include "config.h"

#include <string.h>

#include "kiln-file-change.h"
#include "kiln-release-profile.h"

/* What "Write to rel/" would change: one KilnFileChange per template the
 * profile edits that differs from the project's file (or that the project
 * does not have yet), in the folder mix release reads templates from. */
GPtrArray *
kiln_release_profile_dup_template_changes (KilnReleaseProfile  *self,
                                           const char          *project_dir,
                                           GError             **error)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_object_unref);
  const char *folder;

  g_return_val_if_fail (KILN_IS_RELEASE_PROFILE (self), NULL);
  g_return_val_if_fail (project_dir != NULL, NULL);

  folder = kiln_release_profile_get_rel_templates_path (self);
  if (folder == NULL || folder[0] == '\0')
    folder = "rel";

  for (KilnReleaseTemplate kind = KILN_RELEASE_TEMPLATE_VM_ARGS; kind <= KILN_RELEASE_TEMPLATE_ENV_SH; kind++)
    {
      const char *text = kiln_release_profile_get_template (self, kind);
      g_autofree char *relative = NULL;
      g_autoptr(GBytes) contents = NULL;
      g_autoptr(KilnFileChange) change = NULL;

      if (text == NULL)
        continue;

      relative = g_build_filename (folder, kiln_release_template_get_filename (kind), NULL);
      contents = g_bytes_new (text, strlen (text));
      change = kiln_file_change_new (project_dir, relative, contents);
      if (!kiln_file_change_read_current (change, error))
        return NULL;
      if (!kiln_file_change_get_is_unchanged (change))
        g_ptr_array_add (changes, g_steal_pointer (&change));
    }

  return g_steal_pointer (&changes);
}

/* Writes CHANGES (from dup_template_changes) with backups, then lets the
 * project's files speak for themselves: the profile stops carrying its
 * own copy of every template that now matches rel/. */
gboolean
kiln_release_profile_write_template_changes (KilnReleaseProfile  *self,
                                             GPtrArray           *changes,
                                             GError             **error)
{
  g_return_val_if_fail (KILN_IS_RELEASE_PROFILE (self), FALSE);

  if (!kiln_file_changes_apply_all (changes, error))
    return FALSE;

  for (KilnReleaseTemplate kind = KILN_RELEASE_TEMPLATE_VM_ARGS; kind <= KILN_RELEASE_TEMPLATE_ENV_SH; kind++)
    kiln_release_profile_set_template (self, kind, NULL);

  return TRUE;
}
