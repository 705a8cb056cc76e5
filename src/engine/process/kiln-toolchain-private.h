#pragma once

#include "kiln-toolchain.h"

G_BEGIN_DECLS

typedef enum
{
  KILN_TOOLCHAIN_SOURCE_PATH,
  KILN_TOOLCHAIN_SOURCE_ASDF,
  KILN_TOOLCHAIN_SOURCE_MISE,
  KILN_TOOLCHAIN_N_SOURCES
} KilnToolchainSource;

/* The host's view, inside Flatpak: its PATH and what is found on it. */
typedef struct
{
  char *path;
  char *elixir;
  char *mix;
  char *erl;
} KilnHostProbe;

/* kiln-toolchain-locate.c */
const char *kiln_toolchain_source_name          (KilnToolchainSource   source);
char       *kiln_toolchain_find_elixir          (KilnToolchainSource   first,
                                                 KilnToolchainSource  *found_in);
char       *kiln_toolchain_find_erl             (KilnToolchainSource   elixir_source);
char       *kiln_toolchain_find_erl_in_managers (void);
gboolean    kiln_toolchain_probe_host           (KilnHostProbe        *probe,
                                                 GCancellable         *cancellable,
                                                 GError              **error);
void        kiln_host_probe_clear               (KilnHostProbe        *probe);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KilnHostProbe, kiln_host_probe_clear)

/* kiln-toolchain-cache.c */
char       *kiln_toolchain_cache_dup_key        (const char           *elixir_path,
                                                 const char           *erl_path);
gboolean    kiln_toolchain_cache_lookup         (const char           *key,
                                                 char                **elixir_version,
                                                 char                **otp_release,
                                                 char                **erts_version);
void        kiln_toolchain_cache_store          (const char           *key,
                                                 const char           *elixir_version,
                                                 const char           *otp_release,
                                                 const char           *erts_version);

G_END_DECLS
