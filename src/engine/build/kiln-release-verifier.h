#pragma once

#include <gio/gio.h>

#include "kiln-toolchain.h"

G_BEGIN_DECLS

void     kiln_release_verifier_check_boot_async  (const char          *release_dir,
                                                  const char          *release_name,
                                                  KilnToolchain       *toolchain,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* The same, with ENVIRONMENT (NAME, VALUE, NAME, VALUE, …, NULL) set. */
void     kiln_release_verifier_check_boot_with_environment_async (const char          *release_dir,
                                                                  const char          *release_name,
                                                                  KilnToolchain       *toolchain,
                                                                  const char * const  *environment,
                                                                  GCancellable        *cancellable,
                                                                  GAsyncReadyCallback  callback,
                                                                  gpointer             user_data);
gboolean kiln_release_verifier_check_boot_finish (GAsyncResult        *result,
                                                  char               **version_output,
                                                  GError             **error);

G_END_DECLS
