#define G_LOG_DOMAIN "kiln-build"

#include "config.h"

#include "kiln-port-wait.h"

typedef struct
{
  GSocketClient *client;
  GSocketAddress *address;
  guint          interval_ms;
} PortWait;

/* A pending retry holds the task, so the data outlives it. */
static void
port_wait_free (PortWait *wait)
{
  g_clear_object (&wait->client);
  g_clear_object (&wait->address);
  g_free (wait);
}

static void try_connect (GTask *task);

static gboolean
retry_cb (gpointer user_data)
{
  try_connect (user_data);

  return G_SOURCE_REMOVE;
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PortWait *wait = g_task_get_task_data (task);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, &error);
  if (connection != NULL)
    {
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  /* Refused: not listening yet. The task keeps its reference in the timeout. */
  g_timeout_add_full (G_PRIORITY_DEFAULT, wait->interval_ms, retry_cb, g_steal_pointer (&task), g_object_unref);
}

static void
try_connect (GTask *task)
{
  PortWait *wait = g_task_get_task_data (task);

  if (g_task_return_error_if_cancelled (task))
    return;

  g_socket_client_connect_async (wait->client, G_SOCKET_CONNECTABLE (wait->address),
                                 g_task_get_cancellable (task), connect_cb, g_object_ref (task));
}

void
kiln_port_wait_async (guint16              port,
                      guint                interval_ms,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  PortWait *wait = g_new0 (PortWait, 1);

  g_task_set_source_tag (task, kiln_port_wait_async);
  wait->client = g_socket_client_new ();
  wait->interval_ms = interval_ms;
  g_socket_client_set_timeout (wait->client, 2);
  /* Loopback needs no proxy, and looking one up reads GSettings, which a
   * CLI on a server may not have. */
  g_socket_client_set_enable_proxy (wait->client, FALSE);
  wait->address = g_inet_socket_address_new_from_string ("127.0.0.1", port);
  g_task_set_task_data (task, wait, (GDestroyNotify) port_wait_free);
  try_connect (task);
}

gboolean
kiln_port_wait_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
