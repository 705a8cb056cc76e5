#pragma once

#include "kiln-build-record.h"

G_BEGIN_DECLS

/* For kiln-build-record-json.c: a loaded record lives where it was read. */
void kiln_build_record_set_path (KilnBuildRecord *self,
                                 const char      *path);

const char *kiln_build_record_get_lock_path (KilnBuildRecord *self);
void        kiln_build_record_set_lock_path (KilnBuildRecord *self,
                                             const char      *lock_path);

gint64      kiln_build_record_get_source_date (KilnBuildRecord  *self,
                                               const char      **from);
void        kiln_build_record_set_source_date (KilnBuildRecord  *self,
                                               gint64            source_date,
                                               const char       *from);

G_END_DECLS
