#pragma once

#include <gio/gio.h>

#include "kiln-log-model.h"
#include "kiln-process.h"
#include "kiln-toolchain.h"

G_BEGIN_DECLS

/* Runs an assembled release's bin/NAME the way Kiln checks it: the release
 * as shipped (the caller's RELEASE_* overrides removed), its own node name and
 * cookie so it meets no other node, and its temporary files outside the
 * release. Verify and Run Release both go through it. */
#define KILN_TYPE_RELEASE_RUNNER (kiln_release_runner_get_type ())
G_DECLARE_FINAL_TYPE (KilnReleaseRunner, kiln_release_runner, KILN, RELEASE_RUNNER, GObject)

KilnReleaseRunner *kiln_release_runner_new              (const char          *release_dir,
                                                         const char          *release_name,
                                                         KilnToolchain       *toolchain);
const char        *kiln_release_runner_get_release_dir  (KilnReleaseRunner   *self);
const char        *kiln_release_runner_get_release_name (KilnReleaseRunner   *self);
const char        *kiln_release_runner_get_node_name    (KilnReleaseRunner   *self);
const char        *kiln_release_runner_get_cookie       (KilnReleaseRunner   *self);
gboolean           kiln_release_runner_get_running      (KilnReleaseRunner   *self);
char              *kiln_release_runner_dup_status       (KilnReleaseRunner   *self);
KilnLogModel      *kiln_release_runner_get_output       (KilnReleaseRunner   *self);
const char        *kiln_release_runner_get_url          (KilnReleaseRunner   *self);

/* Set for every later command, on top of the release's environment. */
void               kiln_release_runner_setenv           (KilnReleaseRunner   *self,
                                                         const char          *variable,
                                                         const char          *value);

/* `bin/NAME ARGUMENTS…` (e.g. { "eval", "IO.puts(1)", NULL }) ready to run. */
KilnProcess       *kiln_release_runner_new_process      (KilnReleaseRunner   *self,
                                                         const char * const  *arguments,
                                                         GError             **error);

/* `bin/NAME start` in the foreground: :running until it ends, its lines in
 * :output. stop asks the node to stop (`bin/NAME stop`) and kills it if it
 * has not gone after a grace period; kill ends it at once. */
gboolean           kiln_release_runner_start            (KilnReleaseRunner   *self,
                                                         GError             **error);
void               kiln_release_runner_stop             (KilnReleaseRunner   *self);
void               kiln_release_runner_kill             (KilnReleaseRunner   *self);

G_END_DECLS
