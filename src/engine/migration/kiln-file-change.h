#pragma once

#include <gio/gio.h>

#include "kiln-unified-diff.h"

G_BEGIN_DECLS

/* One file Kiln proposes to create or replace inside a project: what is on
 * disk now, what will be written, and the unified diff between them, so a
 * user sees every change before agreeing to it. */
#define KILN_TYPE_FILE_CHANGE (kiln_file_change_get_type ())
G_DECLARE_FINAL_TYPE (KilnFileChange, kiln_file_change, KILN, FILE_CHANGE, GObject)

KilnFileChange *kiln_file_change_new               (const char      *root,
                                                    const char      *relative_path,
                                                    GBytes          *new_contents);
KilnFileChange *kiln_file_change_new_directory     (const char      *root,
                                                    const char      *relative_path);
gboolean        kiln_file_change_read_current      (KilnFileChange  *self,
                                                    GError         **error);
const char     *kiln_file_change_get_path          (KilnFileChange  *self);
const char     *kiln_file_change_get_absolute_path (KilnFileChange  *self);
GBytes         *kiln_file_change_get_old_contents  (KilnFileChange  *self);
GBytes         *kiln_file_change_get_new_contents  (KilnFileChange  *self);
gboolean        kiln_file_change_get_is_new        (KilnFileChange  *self);
gboolean        kiln_file_change_get_is_directory  (KilnFileChange  *self);
gboolean        kiln_file_change_get_is_unchanged  (KilnFileChange  *self);
gboolean        kiln_file_change_get_executable    (KilnFileChange  *self);
void            kiln_file_change_set_executable    (KilnFileChange  *self,
                                                    gboolean         executable);
const char     *kiln_file_change_get_diff          (KilnFileChange  *self);
const char     *kiln_file_change_get_backup_path   (KilnFileChange  *self);
gboolean        kiln_file_change_verify            (KilnFileChange  *self,
                                                    GError         **error);
gboolean        kiln_file_change_apply             (KilnFileChange  *self,
                                                    GError         **error);

gboolean        kiln_file_changes_apply_all        (GPtrArray       *changes,
                                                    GError         **error);

G_END_DECLS
