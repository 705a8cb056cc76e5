#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  KILN_PACKAGE_FORMAT_TAR_GZ,
  KILN_PACKAGE_FORMAT_TAR_ZST,
  KILN_PACKAGE_FORMAT_ZIP,
} KilnPackageFormat;

#define KILN_TYPE_PACKAGE_FORMAT (kiln_package_format_get_type ())

GType       kiln_package_format_get_type      (void) G_GNUC_CONST;
gboolean    kiln_package_format_from_string   (const char         *name,
                                               KilnPackageFormat  *format);
const char *kiln_package_format_to_string     (KilnPackageFormat   format);
const char *kiln_package_format_get_extension (KilnPackageFormat   format);

#define KILN_TYPE_ARTIFACT (kiln_artifact_get_type ())
G_DECLARE_FINAL_TYPE (KilnArtifact, kiln_artifact, KILN, ARTIFACT, GObject)

const char       *kiln_artifact_get_path         (KilnArtifact  *self);
KilnPackageFormat kiln_artifact_get_format       (KilnArtifact  *self);
guint64           kiln_artifact_get_size         (KilnArtifact  *self);
const char       *kiln_artifact_get_sha256       (KilnArtifact  *self);
const char       *kiln_artifact_get_sha256_path  (KilnArtifact  *self);
guint             kiln_artifact_get_n_entries    (KilnArtifact  *self);

void          kiln_packager_package_async  (const char          *release_dir,
                                            const char          *archive_path,
                                            KilnPackageFormat    format,
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
