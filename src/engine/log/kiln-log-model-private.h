#pragma once

#include "kiln-log-model.h"
#include "kiln-log-store-private.h"
#include "kiln-problem-list-private.h"

G_BEGIN_DECLS

struct _KilnLogModel
{
  GObject          parent_instance;

  /* The store and the flush source may be touched by appending threads:
   * always under the mutex. */
  GMutex           mutex;
  KilnLogStore     store;
  GSource         *flush_source;
  GMainContext    *context;

  /* Written by the thread of context only, and under the mutex, so that
   * any thread may read them while holding it. */
  guint            n_visible;
  guint            n_stderr_visible;

  /* Created on demand, fed at each flush. */
  KilnProblemList *problems;
};

gboolean kiln_log_model_write_plain_from (KilnLogModel   *self,
                                          GOutputStream  *stream,
                                          guint          *position,
                                          GError        **error);

G_END_DECLS
