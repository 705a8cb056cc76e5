#pragma once

#include <json-glib/json-glib.h>

#include "kiln-process.h"
#include "kiln-toolchain.h"

G_BEGIN_DECLS

typedef enum
{
  KILN_HELPER_MODE_RESULT,
  KILN_HELPER_MODE_STREAM,
} KilnHelperMode;

#define KILN_TYPE_HELPER (kiln_helper_get_type ())
G_DECLARE_FINAL_TYPE (KilnHelper, kiln_helper, KILN, HELPER, GObject)

/* Runs one of Kiln's Elixir helpers (src/engine/helpers/SCRIPT) and speaks
 * its protocol. In RESULT mode the helper answers with one JSON document; in
 * STREAM mode its output is the point, and "line" and "step" are emitted as
 * it comes. A helper that stops with a reason fails with the KilnError of
 * its kind; the "line" signal never sees the protocol's own lines. */
KilnHelper     *kiln_helper_new                 (KilnToolchain        *toolchain,
                                                 const char           *script,
                                                 KilnHelperMode        mode);
void            kiln_helper_set_cwd             (KilnHelper           *self,
                                                 const char           *cwd);
void            kiln_helper_set_mix_env         (KilnHelper           *self,
                                                 const char           *mix_env);
void            kiln_helper_add_arguments       (KilnHelper           *self,
                                                 const char           *first_argument,
                                                 ...) G_GNUC_NULL_TERMINATED;
void            kiln_helper_set_time_limit      (KilnHelper           *self,
                                                 guint                 seconds);
void            kiln_helper_set_crash_kind      (KilnHelper           *self,
                                                 const char           *kind);
gboolean        kiln_helper_prepare             (KilnHelper           *self,
                                                 GError              **error);
char           *kiln_helper_dup_command_line    (KilnHelper           *self);
const char     *kiln_helper_get_script_path     (KilnHelper           *self);

void            kiln_helper_run_async           (KilnHelper           *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean        kiln_helper_run_finish          (KilnHelper           *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);
gboolean        kiln_helper_run                 (KilnHelper           *self,
                                                 GCancellable         *cancellable,
                                                 GError              **error);

JsonNode       *kiln_helper_get_result          (KilnHelper           *self);
int             kiln_helper_get_exit_status     (KilnHelper           *self);
const char     *kiln_helper_get_failure_kind    (KilnHelper           *self);
const char     *kiln_helper_get_failure_message (KilnHelper           *self);

G_END_DECLS
