#pragma once

#include <gio/gio.h>

#include "kiln-file-change.h"
#include "kiln-release-profile.h"
#include "kiln-toolchain.h"

G_BEGIN_DECLS

typedef enum
{
  KILN_MIX_EXS_EDIT_NONE,
  KILN_MIX_EXS_EDIT_REPLACE_RELEASE,  /* the release already had an entry */
  KILN_MIX_EXS_EDIT_ADD_RELEASE,      /* added to an existing releases: list */
  KILN_MIX_EXS_EDIT_ADD_RELEASES,     /* releases: added to the project list */
} KilnMixExsEdit;

/* "Save to mix.exs": puts one release's entry into `releases:` and keeps the
 * rest of mix.exs byte for byte. prepare() computes the new text and its
 * diff (nothing is written); apply() writes it, after a backup, and refuses
 * when mix.exs changed in between. */
#define KILN_TYPE_MIX_EXS_WRITER (kiln_mix_exs_writer_get_type ())
G_DECLARE_FINAL_TYPE (KilnMixExsWriter, kiln_mix_exs_writer, KILN, MIX_EXS_WRITER, GObject)

KilnMixExsWriter *kiln_mix_exs_writer_new                   (const char           *project_dir);
const char       *kiln_mix_exs_writer_get_project_dir       (KilnMixExsWriter     *self);
gboolean          kiln_mix_exs_writer_prepare               (KilnMixExsWriter     *self,
                                                             KilnToolchain        *toolchain,
                                                             const char           *release_name,
                                                             const char           *options_text,
                                                             GCancellable         *cancellable,
                                                             GError              **error);
gboolean          kiln_mix_exs_writer_prepare_profile       (KilnMixExsWriter     *self,
                                                             KilnToolchain        *toolchain,
                                                             KilnReleaseProfile   *profile,
                                                             GCancellable         *cancellable,
                                                             GError              **error);
void              kiln_mix_exs_writer_prepare_profile_async (KilnMixExsWriter     *self,
                                                             KilnToolchain        *toolchain,
                                                             KilnReleaseProfile   *profile,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean          kiln_mix_exs_writer_prepare_profile_finish (KilnMixExsWriter    *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
KilnMixExsEdit    kiln_mix_exs_writer_get_edit              (KilnMixExsWriter     *self);
KilnFileChange   *kiln_mix_exs_writer_get_change            (KilnMixExsWriter     *self);
const char       *kiln_mix_exs_writer_get_diff              (KilnMixExsWriter     *self);
gsize             kiln_mix_exs_writer_get_range_start       (KilnMixExsWriter     *self);
gsize             kiln_mix_exs_writer_get_range_end         (KilnMixExsWriter     *self);
gsize             kiln_mix_exs_writer_get_replacement_length (KilnMixExsWriter    *self);
gboolean          kiln_mix_exs_writer_apply                 (KilnMixExsWriter     *self,
                                                             GError              **error);
void              kiln_mix_exs_writer_apply_async           (KilnMixExsWriter     *self,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean          kiln_mix_exs_writer_apply_finish          (KilnMixExsWriter     *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);

G_END_DECLS
