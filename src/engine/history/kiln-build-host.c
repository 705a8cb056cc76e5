#define G_LOG_DOMAIN "kiln-history"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <sys/utsname.h>
#ifdef __GLIBC__
# include <gnu/libc-version.h>
#endif

#include "kiln-build-host.h"

struct _KilnBuildHost
{
  char *os;
  char *system;
  char *arch;
  char *glibc;
  char *target_otp;
};

G_DEFINE_BOXED_TYPE (KilnBuildHost, kiln_build_host, kiln_build_host_copy, kiln_build_host_free)

KilnBuildHost *
kiln_build_host_new (const char *os,
                     const char *system,
                     const char *arch,
                     const char *glibc,
                     const char *target_otp)
{
  KilnBuildHost *self = g_new0 (KilnBuildHost, 1);

  self->os = g_strdup (os);
  self->system = g_strdup (system);
  self->arch = g_strdup (arch);
  self->glibc = g_strdup (glibc);
  self->target_otp = g_strdup (target_otp);

  return self;
}

KilnBuildHost *
kiln_build_host_new_for_this_machine (const char *target_otp)
{
  g_autofree char *os = g_get_os_info (G_OS_INFO_KEY_PRETTY_NAME);
  const char *glibc = NULL;
  struct utsname names;
  gboolean named = uname (&names) == 0;

#ifdef __GLIBC__
  glibc = gnu_get_libc_version ();
#endif

  return kiln_build_host_new (os, named ? names.sysname : NULL, named ? names.machine : NULL,
                              glibc, target_otp);
}

KilnBuildHost *
kiln_build_host_copy (const KilnBuildHost *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return kiln_build_host_new (self->os, self->system, self->arch, self->glibc, self->target_otp);
}

void
kiln_build_host_free (KilnBuildHost *self)
{
  if (self == NULL)
    return;

  g_free (self->os);
  g_free (self->system);
  g_free (self->arch);
  g_free (self->glibc);
  g_free (self->target_otp);
  g_free (self);
}

const char *
kiln_build_host_get_os (const KilnBuildHost *self)
{
  return self->os;
}

const char *
kiln_build_host_get_system (const KilnBuildHost *self)
{
  return self->system;
}

const char *
kiln_build_host_get_arch (const KilnBuildHost *self)
{
  return self->arch;
}

const char *
kiln_build_host_get_glibc (const KilnBuildHost *self)
{
  return self->glibc;
}

/* The OTP release the target must have installed, or NULL when the release
 * carries ERTS. */
const char *
kiln_build_host_get_target_otp (const KilnBuildHost *self)
{
  return self->target_otp;
}

static void
append_part (GString    *text,
             const char *part)
{
  if (part == NULL || *part == '\0')
    return;
  if (text->len > 0)
    g_string_append (text, ", ");
  g_string_append (text, part);
}

/* "Debian GNU/Linux 12 (bookworm), x86_64, glibc 2.36" */
char *
kiln_build_host_dup_description (const KilnBuildHost *self)
{
  GString *text = g_string_new (NULL);
  g_autofree char *glibc = self->glibc ? g_strdup_printf ("glibc %s", self->glibc) : NULL;

  append_part (text, self->os ? self->os : self->system);
  append_part (text, self->arch);
  append_part (text, glibc);

  return g_string_free (text, text->len == 0);
}

/* What a machine needs to run the release, as one sentence. */
char *
kiln_build_host_dup_requirements (const KilnBuildHost *self)
{
  g_autofree char *joined = NULL;
  const char *platform;

  g_return_val_if_fail (self != NULL, NULL);

  joined = g_strjoin (" ", self->system ? self->system : "", self->arch ? self->arch : "", NULL);
  platform = *g_strstrip (joined) != '\0' ? joined : _("the same system");

  if (self->glibc != NULL && self->target_otp != NULL)
    /* Translators: "Runs on Linux x86_64 with glibc 2.36 or newer and Erlang/OTP 25 installed…" */
    return g_strdup_printf (_("Runs on %s with glibc %s or newer and Erlang/OTP %s installed, "
                              "since the release does not include ERTS."),
                            platform, self->glibc, self->target_otp);
  if (self->glibc != NULL)
    return g_strdup_printf (_("Runs on %s with glibc %s or newer: the included ERTS is linked against "
                              "this machine’s C library."), platform, self->glibc);
  if (self->target_otp != NULL)
    return g_strdup_printf (_("Runs on %s with Erlang/OTP %s installed, since the release does not "
                              "include ERTS."), platform, self->target_otp);
  return g_strdup_printf (_("Runs on %s: the included ERTS was built for it."), platform);
}
