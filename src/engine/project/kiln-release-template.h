#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The EEx templates mix release renders into a release. */
typedef enum
{
  KILN_RELEASE_TEMPLATE_VM_ARGS,
  KILN_RELEASE_TEMPLATE_REMOTE_VM_ARGS,
  KILN_RELEASE_TEMPLATE_ENV_SH,
} KilnReleaseTemplate;

const char *kiln_release_template_get_filename     (KilnReleaseTemplate  template_kind);
char       *kiln_release_template_dup_default      (KilnReleaseTemplate  template_kind);
char       *kiln_release_template_dup_folder       (const char          *project_dir,
                                                    const char          *rel_templates_path);
char       *kiln_release_template_dup_project_text (KilnReleaseTemplate  template_kind,
                                                    const char          *project_dir,
                                                    const char          *rel_templates_path);

G_END_DECLS
