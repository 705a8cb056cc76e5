#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One step of a finished build as the record keeps it. */
#define KILN_TYPE_BUILD_RECORD_STEP (kiln_build_record_step_get_type ())
G_DECLARE_FINAL_TYPE (KilnBuildRecordStep, kiln_build_record_step, KILN, BUILD_RECORD_STEP, GObject)

const char *kiln_build_record_step_get_id          (KilnBuildRecordStep *self);
const char *kiln_build_record_step_get_state       (KilnBuildRecordStep *self);
gint64      kiln_build_record_step_get_duration_ms (KilnBuildRecordStep *self);

G_END_DECLS
