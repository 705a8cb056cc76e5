#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One archive a build produced. */
#define KILN_TYPE_BUILD_RECORD_ARTIFACT (kiln_build_record_artifact_get_type ())
G_DECLARE_FINAL_TYPE (KilnBuildRecordArtifact, kiln_build_record_artifact, KILN, BUILD_RECORD_ARTIFACT, GObject)

const char *kiln_build_record_artifact_get_path   (KilnBuildRecordArtifact *self);
const char *kiln_build_record_artifact_get_format (KilnBuildRecordArtifact *self);
guint64     kiln_build_record_artifact_get_size   (KilnBuildRecordArtifact *self);
const char *kiln_build_record_artifact_get_sha256 (KilnBuildRecordArtifact *self);

G_END_DECLS
