#pragma once

#include <gio/gio.h>

#include "kiln-artifact.h"
#include "kiln-package-format.h"

G_BEGIN_DECLS

void          kiln_packager_package_async  (const char          *release_dir,
                                            const char          *archive_path,
                                            KilnPackageFormat    format,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* SOURCE_DATE clamps every mtime when >= 0. */
void          kiln_packager_package_staged_async (const char          *release_dir,
                                                  const char          *archive_path,
                                                  const char          *staged_archive,
                                                  const char          *staged_sha256,
                                                  KilnPackageFormat    format,
                                                  gint64               source_date,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
KilnArtifact *kiln_packager_package_finish (GAsyncResult        *result,
                                            GError             **error);
KilnArtifact *kiln_packager_package        (const char          *release_dir,
                                            const char          *archive_path,
                                            KilnPackageFormat    format,
                                            GCancellable        *cancellable,
                                            GError             **error);
gboolean      kiln_packager_check_archive  (const char          *archive_path,
                                            const char          *release_dir,
                                            GCancellable        *cancellable,
                                            GError             **error);

G_END_DECLS
