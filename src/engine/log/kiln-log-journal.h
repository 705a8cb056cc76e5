#pragma once

#include "kiln-log-model.h"

G_BEGIN_DECLS

/* Copies a build's log to its file while the build runs, so that a Kiln
 * killed outright still leaves the log up to its last moments. The build's
 * final save replaces the file with the whole log. */
typedef struct _KilnLogJournal KilnLogJournal;

KilnLogJournal *kiln_log_journal_start (KilnLogModel   *log,
                                        const char     *path);
void            kiln_log_journal_stop  (KilnLogJournal *journal);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KilnLogJournal, kiln_log_journal_stop)

G_END_DECLS
