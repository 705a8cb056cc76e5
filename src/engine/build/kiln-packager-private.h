#pragma once

#include <archive.h>
#include <sys/stat.h>

#include <glib.h>

G_BEGIN_DECLS

#define IO_BUFFER_SIZE (1024 * 1024)

/* One entry of the release tree, as it goes into an archive. */
typedef struct
{
  char        *path;
  struct stat  st;
  char        *link_target;
} TreeEntry;

void       tree_entry_free   (TreeEntry       *entry);
GPtrArray *collect_tree      (const char      *root,
                              const char      *archive_path,
                              int              code,
                              GError         **error);
void       set_archive_error (GError         **error,
                              int              code,
                              struct archive  *archive,
                              const char      *what,
                              const char      *path);

G_END_DECLS
