#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How Kiln writes the files it keeps (profiles, build records) and the
 * project files it changes (the migration, Save to mix.exs). */

/* Saves @data as @path: written to a temporary file beside it, flushed to
 * disk and renamed over @path, so a crash leaves the old file or the new one
 * and never part of either. A new file gets @mode (less the umask).
 *
 * With @backup_suffix, a file already at @path is kept first with
 * kiln_files_set_aside(); where it went is returned in @backup_path (NULL
 * when there was nothing to keep). */
gboolean kiln_files_replace   (const char  *path,
                               const char  *data,
                               gssize       length,
                               int          mode,
                               const char  *backup_suffix,
                               char       **backup_path,
                               GError     **error);

/* Gives the file at @path a second name beside it: @path@suffix, or
 * @path@suffix-2, -3… when that is taken. An existing file is never
 * replaced, even by another Kiln doing the same at once. Without
 * @keep_original the file leaves @path (it is moved); with it, @path stays
 * as it is and the new name holds the same contents. Returns the new path. */
char    *kiln_files_set_aside (const char  *path,
                               const char  *suffix,
                               gboolean     keep_original,
                               GError     **error);

/* Reads the regular file at @path, refusing anything else (a FIFO or a
 * device would block or never end) and anything larger than @max_size, both
 * checked before reading. The contents are NUL-terminated. Those two fail
 * with G_IO_ERROR_NOT_REGULAR_FILE and G_IO_ERROR_MESSAGE_TOO_LARGE; what
 * open() or read() said is a G_FILE_ERROR. */
gboolean kiln_files_read_regular (const char  *path,
                                  gsize        max_size,
                                  char       **contents,
                                  gsize       *length,
                                  GError     **error);

G_END_DECLS
