#pragma once

#include <gio/gio.h>

#include "kiln-release-profile.h"

G_BEGIN_DECLS

#define KILN_TYPE_PROFILE_STORE (kiln_profile_store_get_type ())
G_DECLARE_FINAL_TYPE (KilnProfileStore, kiln_profile_store, KILN, PROFILE_STORE, GObject)

/* The saved release profiles of one project, as a GListModel of
 * KilnReleaseProfile sorted by name. Files live in
 * kiln_paths_dup_project_data_dir (project_dir)/profiles/NAME.json. */
KilnProfileStore   *kiln_profile_store_new             (const char         *project_dir);
const char         *kiln_profile_store_get_directory   (KilnProfileStore   *self);

/* Replaces the list with what is on disk. Damaged files are renamed to
 * NAME.json.corrupt-YYYYMMDD-HHMMSS (never overwritten or deleted); files
 * from a newer Kiln, and anything that is not a regular file, are left in
 * place. All are described in get_problems, and per name in
 * get_unreadable; they do not make loading fail. FALSE only when the folder
 * itself cannot be read. */
gboolean            kiln_profile_store_load            (KilnProfileStore   *self,
                                                        GError            **error);
const char * const *kiln_profile_store_get_problems    (KilnProfileStore   *self);
const char         *kiln_profile_store_get_unreadable  (KilnProfileStore   *self,
                                                        const char         *name);

/* Writes atomically and puts a copy of @profile in the list, replacing the
 * one with the same name; edit a copy and save again to change it. */
gboolean            kiln_profile_store_save            (KilnProfileStore   *self,
                                                        KilnReleaseProfile *profile,
                                                        GError            **error);
KilnReleaseProfile *kiln_profile_store_lookup          (KilnProfileStore   *self,
                                                        const char         *name);
gboolean            kiln_profile_store_remove          (KilnProfileStore   *self,
                                                        const char         *name,
                                                        GError            **error);

G_END_DECLS
