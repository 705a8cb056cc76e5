#pragma once

#include <gio/gio.h>

#include "kiln-engine.h"

G_BEGIN_DECLS

/* What the wizard pages share: the open project, the release being edited
 * and the current build. It only holds and forwards engine objects. */
#define KILN_TYPE_SESSION (kiln_session_get_type ())
G_DECLARE_FINAL_TYPE (KilnSession, kiln_session, KILN, SESSION, GObject)

KilnSession        *kiln_session_new                    (void);
const char         *kiln_session_get_project_dir        (KilnSession        *self);
gboolean            kiln_session_get_inspecting         (KilnSession        *self);
KilnToolchain      *kiln_session_get_toolchain          (KilnSession        *self);
KilnProject        *kiln_session_get_project            (KilnSession        *self);
const GError       *kiln_session_get_inspect_error      (KilnSession        *self);
void                kiln_session_open_project           (KilnSession        *self,
                                                         const char         *project_dir);
void                kiln_session_open_project_at_release (KilnSession       *self,
                                                         const char         *project_dir,
                                                         const char         *release_name);
KilnReleaseProfile *kiln_session_get_profile            (KilnSession        *self);
void                kiln_session_set_profile            (KilnSession        *self,
                                                         KilnReleaseProfile *profile);
const GError       *kiln_session_get_choice_error       (KilnSession        *self);
KilnProfileStore   *kiln_session_get_profile_store      (KilnSession        *self);
KilnBuild          *kiln_session_get_build              (KilnSession        *self);
gboolean            kiln_session_get_building           (KilnSession        *self);
KilnBuildResult     kiln_session_get_build_result       (KilnSession        *self);
const char         *kiln_session_get_build_error        (KilnSession        *self);
KilnLogModel       *kiln_session_get_log                (KilnSession        *self);
gboolean            kiln_session_start_build            (KilnSession        *self,
                                                         GError            **error);
void                kiln_session_cancel_build           (KilnSession        *self);
gboolean            kiln_session_get_is_umbrella        (KilnSession        *self);

G_END_DECLS

G_BEGIN_DECLS
void kiln_session_set_defaults   (KilnSession        *self,
                                  const char * const *formats,
                                  const char         *output_dir);
void kiln_session_apply_defaults (KilnSession        *self,
                                  KilnReleaseProfile *profile);
G_END_DECLS
