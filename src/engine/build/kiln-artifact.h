#pragma once

#include <gio/gio.h>

#include "kiln-package-format.h"

G_BEGIN_DECLS

#define KILN_TYPE_ARTIFACT (kiln_artifact_get_type ())
G_DECLARE_FINAL_TYPE (KilnArtifact, kiln_artifact, KILN, ARTIFACT, GObject)

const char       *kiln_artifact_get_path         (KilnArtifact  *self);
KilnPackageFormat kiln_artifact_get_format       (KilnArtifact  *self);
guint64           kiln_artifact_get_size         (KilnArtifact  *self);
const char       *kiln_artifact_get_sha256       (KilnArtifact  *self);
const char       *kiln_artifact_get_sha256_path  (KilnArtifact  *self);
guint             kiln_artifact_get_n_entries    (KilnArtifact  *self);

G_END_DECLS
