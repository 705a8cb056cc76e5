#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Command templates for opening a file at a line; {file} and {line} are
 * replaced in each argument. */
#define KILN_EDITOR_GNOME_TEXT_EDITOR "gnome-text-editor +{line} {file}"
#define KILN_EDITOR_BUILDER           "gnome-builder --line={line} {file}"
#define KILN_EDITOR_VSCODE            "code --goto {file}:{line}"

char  *kiln_editor_command_default (void);
char **kiln_editor_command_build   (const char  *template,
                                    const char  *file,
                                    guint        line,
                                    GError     **error);

G_END_DECLS
