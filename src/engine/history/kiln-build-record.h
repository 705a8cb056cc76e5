#pragma once

#include <gio/gio.h>

#include "kiln-build-host.h"
#include "kiln-build-record-artifact.h"
#include "kiln-build-record-step.h"
#include "kiln-build-result.h"

G_BEGIN_DECLS

#define KILN_BUILD_RECORD_FORMAT_VERSION 1

#define KILN_TYPE_BUILD_RECORD (kiln_build_record_get_type ())
G_DECLARE_FINAL_TYPE (KilnBuildRecord, kiln_build_record, KILN, BUILD_RECORD, GObject)

KilnBuildRecord *kiln_build_record_new                (const char       *project_dir,
                                                       const char       *release_name);
KilnBuildRecord *kiln_build_record_load               (const char       *path,
                                                       GError          **error);
gboolean         kiln_build_record_save               (KilnBuildRecord  *self,
                                                       GError          **error);
char            *kiln_build_record_to_json            (KilnBuildRecord  *self);

const char      *kiln_build_record_get_id             (KilnBuildRecord  *self);
const char      *kiln_build_record_get_project_dir    (KilnBuildRecord  *self);
const char      *kiln_build_record_get_release_name   (KilnBuildRecord  *self);
const char      *kiln_build_record_get_mix_env        (KilnBuildRecord  *self);
void             kiln_build_record_set_mix_env        (KilnBuildRecord  *self,
                                                       const char       *mix_env);
const char      *kiln_build_record_get_profile_json   (KilnBuildRecord  *self);
void             kiln_build_record_set_profile_json   (KilnBuildRecord  *self,
                                                       const char       *profile_json);
GDateTime       *kiln_build_record_get_started_at     (KilnBuildRecord  *self);
void             kiln_build_record_set_started_at     (KilnBuildRecord  *self,
                                                       GDateTime        *started_at);
GDateTime       *kiln_build_record_get_finished_at    (KilnBuildRecord  *self);
void             kiln_build_record_set_finished_at    (KilnBuildRecord  *self,
                                                       GDateTime        *finished_at);
/* The machine it was built on, or NULL (older records, an ERTS from a path). */
KilnBuildHost   *kiln_build_record_get_host           (KilnBuildRecord  *self);
void             kiln_build_record_set_host           (KilnBuildRecord  *self,
                                                       KilnBuildHost    *host);
KilnBuildResult  kiln_build_record_get_result         (KilnBuildRecord  *self);
void             kiln_build_record_set_result         (KilnBuildRecord  *self,
                                                       KilnBuildResult   result);
const char      *kiln_build_record_get_error_message  (KilnBuildRecord  *self);
void             kiln_build_record_set_error_message  (KilnBuildRecord  *self,
                                                       const char       *message);
const char      *kiln_build_record_get_release_dir    (KilnBuildRecord  *self);
void             kiln_build_record_set_release_dir    (KilnBuildRecord  *self,
                                                       const char       *release_dir);
guint64          kiln_build_record_get_release_size   (KilnBuildRecord  *self);
void             kiln_build_record_set_release_size   (KilnBuildRecord  *self,
                                                       guint64           size);
const char      *kiln_build_record_get_log_path       (KilnBuildRecord  *self);
GListModel      *kiln_build_record_get_steps          (KilnBuildRecord  *self);
void             kiln_build_record_add_step           (KilnBuildRecord  *self,
                                                       const char       *id,
                                                       const char       *state,
                                                       gint64            duration_ms);
GListModel      *kiln_build_record_get_artifacts      (KilnBuildRecord  *self);
void             kiln_build_record_add_artifact       (KilnBuildRecord  *self,
                                                       const char       *path,
                                                       const char       *format,
                                                       guint64           size,
                                                       const char       *sha256);

/* Where the record is saved: PROJECT-DATA-DIR/builds/ID.json, or the file it
 * was loaded from. The log lives beside it as ID.log (get_log_path); the
 * folder exists once the record has been saved, so save the running record
 * before opening the log. */
const char      *kiln_build_record_get_path           (KilnBuildRecord  *self);
/* Milliseconds from start to finish, or -1 while the build has no finish time. */
gint64           kiln_build_record_get_duration_ms    (KilnBuildRecord  *self);
/* One line for lists and the CLI, e.g. "Succeeded in 12.4 s · 2 archives". */
char            *kiln_build_record_dup_summary        (KilnBuildRecord  *self);

G_END_DECLS
