#pragma once

#include <glib.h>

#include "kiln-toolchain.h"

G_BEGIN_DECLS

void     kiln_test_init                (int          *argc,
                                        char       ***argv);
char    *kiln_test_copy_fixture        (const char   *name);
char    *kiln_test_copy_sample         (void);
char    *kiln_test_read_file           (const char   *path);
char    *kiln_test_make_temp_dir       (const char   *purpose);
void     kiln_test_remove_tree         (const char   *path);
gboolean kiln_test_toolchain_available (void);
gboolean kiln_test_skip_without_toolchain (void);
KilnToolchain *kiln_test_get_toolchain (void);
const char *kiln_test_fixtures_dir     (void);
gboolean kiln_test_no_process_mentions (const char *needle);

void     kiln_test_run_git             (const char   *dir,
                                        const char   *first_argument,
                                        ...) G_GNUC_NULL_TERMINATED;
G_END_DECLS
