#pragma once

#include <gio/gio.h>

#include "kiln-process.h"

G_BEGIN_DECLS

#define KILN_TYPE_TOOLCHAIN (kiln_toolchain_get_type ())
G_DECLARE_FINAL_TYPE (KilnToolchain, kiln_toolchain, KILN, TOOLCHAIN, GObject)

void           kiln_toolchain_discover_async      (GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
KilnToolchain *kiln_toolchain_discover_finish     (GAsyncResult        *result,
                                                   GError             **error);
KilnToolchain *kiln_toolchain_discover            (GCancellable        *cancellable,
                                                   GError             **error);
const char    *kiln_toolchain_get_elixir_path     (KilnToolchain       *self);
const char    *kiln_toolchain_get_mix_path        (KilnToolchain       *self);
const char    *kiln_toolchain_get_erl_path        (KilnToolchain       *self);
const char    *kiln_toolchain_get_elixir_version  (KilnToolchain       *self);
const char    *kiln_toolchain_get_otp_release     (KilnToolchain       *self);
const char    *kiln_toolchain_get_erts_version    (KilnToolchain       *self);
const char    *kiln_toolchain_get_source          (KilnToolchain       *self);
void           kiln_toolchain_prepare_process     (KilnToolchain       *self,
                                                   KilnProcess         *process);
KilnProcess   *kiln_toolchain_new_elixir_process  (KilnToolchain       *self,
                                                   const char          *cwd,
                                                   const char * const  *arguments);

G_END_DECLS
