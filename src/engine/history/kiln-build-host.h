#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The machine a release was built on, and what that asks of the machines it
 * runs on: a release with ERTS carries this machine's runtime, linked
 * against its C library; one without needs the target's own Erlang/OTP. */
typedef struct _KilnBuildHost KilnBuildHost;

#define KILN_TYPE_BUILD_HOST (kiln_build_host_get_type ())

GType          kiln_build_host_get_type         (void) G_GNUC_CONST;
KilnBuildHost *kiln_build_host_new              (const char          *os,
                                                 const char          *system,
                                                 const char          *arch,
                                                 const char          *glibc,
                                                 const char          *target_otp);
/* Reads /etc/os-release: call it off the main thread. */
KilnBuildHost *kiln_build_host_new_for_this_machine (const char      *target_otp);
KilnBuildHost *kiln_build_host_copy             (const KilnBuildHost *self);
void           kiln_build_host_free             (KilnBuildHost       *self);

const char    *kiln_build_host_get_os           (const KilnBuildHost *self);
const char    *kiln_build_host_get_system       (const KilnBuildHost *self);
const char    *kiln_build_host_get_arch         (const KilnBuildHost *self);
const char    *kiln_build_host_get_glibc        (const KilnBuildHost *self);
const char    *kiln_build_host_get_target_otp   (const KilnBuildHost *self);

char          *kiln_build_host_dup_description  (const KilnBuildHost *self);
char          *kiln_build_host_dup_requirements (const KilnBuildHost *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KilnBuildHost, kiln_build_host_free)

G_END_DECLS
