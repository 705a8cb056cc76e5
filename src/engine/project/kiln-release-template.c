#define G_LOG_DOMAIN "kiln-project"

#include "config.h"

#include "kiln-release-template.h"
#include "kiln-release-templates.h"

#define TEMPLATE_RESOURCE_PREFIX "/io/github/kilnapp/Kiln/engine/templates/"

const char *
kiln_release_template_get_filename (KilnReleaseTemplate template_kind)
{
  switch (template_kind)
    {
    case KILN_RELEASE_TEMPLATE_VM_ARGS:
      return "vm.args.eex";
    case KILN_RELEASE_TEMPLATE_REMOTE_VM_ARGS:
      return "remote.vm.args.eex";
    case KILN_RELEASE_TEMPLATE_ENV_SH:
      return "env.sh.eex";
    default:
      g_return_val_if_reached (NULL);
    }
}

/* What `mix release.init` writes, compiled into Kiln. */
char *
kiln_release_template_dup_default (KilnReleaseTemplate template_kind)
{
  const char *filename = kiln_release_template_get_filename (template_kind);
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (filename != NULL, NULL);

  path = g_strconcat (TEMPLATE_RESOURCE_PREFIX, filename, NULL);
  bytes = g_resource_lookup_data (kiln_release_templates_get_resource (), path,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_assert (bytes != NULL);

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* Where mix looks for templates and overlays: rel_templates_path, relative
 * to the project, or rel/ when it is not set. */
char *
kiln_release_template_dup_folder (const char *project_dir,
                                  const char *rel_templates_path)
{
  g_return_val_if_fail (project_dir != NULL, NULL);

  if (rel_templates_path == NULL || rel_templates_path[0] == '\0')
    rel_templates_path = "rel";

  return g_canonicalize_filename (rel_templates_path, project_dir);
}

/* The project's own template when it has one, else the default. */
char *
kiln_release_template_dup_project_text (KilnReleaseTemplate  template_kind,
                                        const char          *project_dir,
                                        const char          *rel_templates_path)
{
  const char *filename = kiln_release_template_get_filename (template_kind);
  g_autofree char *folder = NULL;
  g_autofree char *path = NULL;
  char *contents = NULL;

  g_return_val_if_fail (filename != NULL, NULL);

  if (project_dir == NULL)
    return kiln_release_template_dup_default (template_kind);

  folder = kiln_release_template_dup_folder (project_dir, rel_templates_path);
  path = g_build_filename (folder, filename, NULL);
  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return kiln_release_template_dup_default (template_kind);

  /* Text views refuse invalid UTF-8; show what can be shown. */
  if (!g_utf8_validate (contents, -1, NULL))
    {
      char *valid = g_utf8_make_valid (contents, -1);

      g_free (contents);
      contents = valid;
    }

  return contents;
}
