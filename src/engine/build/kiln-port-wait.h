#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Completes once something accepts connections on localhost:PORT (a
 * Phoenix endpoint that finished booting), trying again every
 * INTERVAL_MS; only cancelling ends it otherwise (noticed at the next try). */
void     kiln_port_wait_async  (guint16               port,
                                guint                 interval_ms,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data);
gboolean kiln_port_wait_finish (GAsyncResult         *result,
                                GError              **error);

G_END_DECLS
