#define G_LOG_DOMAIN "kiln-build"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kiln-paths.h"
#include "kiln-port-wait.h"
#include "kiln-release-runner.h"

#define STOP_GRACE_SECONDS 10

/* Overrides the bin script honours; the release runs as shipped. RELEASE_TMP,
 * RELEASE_NODE and RELEASE_COOKIE are set by the runner itself. */
static const char * const release_overrides[] = {
  "RELEASE_NAME", "RELEASE_VSN", "RELEASE_ROOT", "RELEASE_MODE", "RELEASE_COMMAND",
  "RELEASE_SYS_CONFIG", "RELEASE_VM_ARGS", "RELEASE_REMOTE_VM_ARGS", "RELEASE_BOOT_SCRIPT",
  "RELEASE_BOOT_SCRIPT_CLEAN", "RELEASE_PROG", "RELEASE_DISTRIBUTION",
};

struct _KilnReleaseRunner
{
  GObject        parent_instance;

  char          *release_dir;
  char          *release_name;
  char          *bin_path;
  KilnToolchain *toolchain;
  char          *node_name;
  char          *cookie;
  char          *tmp_dir;
  GHashTable    *environment;
  KilnLogModel  *output;

  KilnProcess   *process;
  GDateTime     *started_at;
  GCancellable  *run_cancellable;
  GCancellable  *stop_cancellable;
  guint          stop_timeout_id;
  char          *url;
  guint16        port;
  guint          stopping : 1;
};

G_DEFINE_FINAL_TYPE (KilnReleaseRunner, kiln_release_runner, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RELEASE_DIR,
  PROP_RELEASE_NAME,
  PROP_TOOLCHAIN,
  PROP_NODE_NAME,
  PROP_COOKIE,
  PROP_RUNNING,
  PROP_OUTPUT,
  PROP_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
random_cookie (void)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  GString *cookie = g_string_sized_new (32);

  for (guint i = 0; i < 32; i++)
    g_string_append_c (cookie, alphabet[g_random_int_range (0, 32)]);

  return g_string_free (cookie, FALSE);
}

static void
kiln_release_runner_constructed (GObject *object)
{
  KilnReleaseRunner *self = (KilnReleaseRunner *)object;

  G_OBJECT_CLASS (kiln_release_runner_parent_class)->constructed (object);

  self->bin_path = g_build_filename (self->release_dir, "bin", self->release_name, NULL);
  /* A node of its own: a release of the same name already running on this
   * machine neither clashes with it nor receives its stop. */
  self->node_name = g_strdup_printf ("kiln_%s_%08x", self->release_name, g_random_int ());
  self->cookie = random_cookie ();
}

static void
clear_run (KilnReleaseRunner *self)
{
  g_cancellable_cancel (self->stop_cancellable);
  g_clear_handle_id (&self->stop_timeout_id, g_source_remove);
  g_clear_object (&self->stop_cancellable);
  /* Also ends the wait for the port of a release that exited. */
  g_cancellable_cancel (self->run_cancellable);
  g_clear_object (&self->run_cancellable);
  g_clear_object (&self->process);
  self->stopping = FALSE;
  if (self->url != NULL)
    {
      g_clear_pointer (&self->url, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
    }
}

static void
kiln_release_runner_dispose (GObject *object)
{
  KilnReleaseRunner *self = (KilnReleaseRunner *)object;

  g_cancellable_cancel (self->run_cancellable);
  clear_run (self);
  g_clear_object (&self->toolchain);
  g_clear_object (&self->output);

  G_OBJECT_CLASS (kiln_release_runner_parent_class)->dispose (object);
}

static void
kiln_release_runner_finalize (GObject *object)
{
  KilnReleaseRunner *self = (KilnReleaseRunner *)object;

  if (self->tmp_dir != NULL)
    kiln_paths_remove_tree (self->tmp_dir, NULL);

  g_free (self->release_dir);
  g_free (self->release_name);
  g_free (self->bin_path);
  g_free (self->node_name);
  g_free (self->cookie);
  g_free (self->tmp_dir);
  g_clear_pointer (&self->started_at, g_date_time_unref);
  g_hash_table_unref (self->environment);

  G_OBJECT_CLASS (kiln_release_runner_parent_class)->finalize (object);
}

static void
kiln_release_runner_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  KilnReleaseRunner *self = KILN_RELEASE_RUNNER (object);

  switch (prop_id)
    {
    case PROP_RELEASE_DIR:
      g_value_set_string (value, self->release_dir);
      break;
    case PROP_RELEASE_NAME:
      g_value_set_string (value, self->release_name);
      break;
    case PROP_TOOLCHAIN:
      g_value_set_object (value, self->toolchain);
      break;
    case PROP_NODE_NAME:
      g_value_set_string (value, self->node_name);
      break;
    case PROP_COOKIE:
      g_value_set_string (value, self->cookie);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, kiln_release_runner_get_running (self));
      break;
    case PROP_OUTPUT:
      g_value_set_object (value, self->output);
      break;
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_release_runner_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  KilnReleaseRunner *self = KILN_RELEASE_RUNNER (object);

  switch (prop_id)
    {
    case PROP_RELEASE_DIR:
      self->release_dir = g_value_dup_string (value);
      break;
    case PROP_RELEASE_NAME:
      self->release_name = g_value_dup_string (value);
      break;
    case PROP_TOOLCHAIN:
      self->toolchain = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_release_runner_class_init (KilnReleaseRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = kiln_release_runner_constructed;
  object_class->dispose = kiln_release_runner_dispose;
  object_class->finalize = kiln_release_runner_finalize;
  object_class->get_property = kiln_release_runner_get_property;
  object_class->set_property = kiln_release_runner_set_property;

  properties[PROP_RELEASE_DIR] =
    g_param_spec_string ("release-dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RELEASE_NAME] =
    g_param_spec_string ("release-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOOLCHAIN] =
    g_param_spec_object ("toolchain", NULL, NULL, KILN_TYPE_TOOLCHAIN,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NODE_NAME] =
    g_param_spec_string ("node-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_COOKIE] =
    g_param_spec_string ("cookie", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OUTPUT] =
    g_param_spec_object ("output", NULL, NULL, KILN_TYPE_LOG_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiln_release_runner_init (KilnReleaseRunner *self)
{
  self->environment = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->output = kiln_log_model_new ();
}

KilnReleaseRunner *
kiln_release_runner_new (const char    *release_dir,
                         const char    *release_name,
                         KilnToolchain *toolchain)
{
  g_return_val_if_fail (release_dir != NULL, NULL);
  g_return_val_if_fail (release_name != NULL, NULL);
  g_return_val_if_fail (!toolchain || KILN_IS_TOOLCHAIN (toolchain), NULL);

  return g_object_new (KILN_TYPE_RELEASE_RUNNER,
                       "release-dir", release_dir,
                       "release-name", release_name,
                       "toolchain", toolchain,
                       NULL);
}

const char *
kiln_release_runner_get_release_dir (KilnReleaseRunner *self)
{
  g_return_val_if_fail (KILN_IS_RELEASE_RUNNER (self), NULL);
  return self->release_dir;
}

const char *
kiln_release_runner_get_release_name (KilnReleaseRunner *self)
{
  g_return_val_if_fail (KILN_IS_RELEASE_RUNNER (self), NULL);
  return self->release_name;
}

const char *
kiln_release_runner_get_node_name (KilnReleaseRunner *self)
{
  g_return_val_if_fail (KILN_IS_RELEASE_RUNNER (self), NULL);
  return self->node_name;
}

const char *
kiln_release_runner_get_cookie (KilnReleaseRunner *self)
{
  g_return_val_if_fail (KILN_IS_RELEASE_RUNNER (self), NULL);
  return self->cookie;
}

gboolean
kiln_release_runner_get_running (KilnReleaseRunner *self)
{
  g_return_val_if_fail (KILN_IS_RELEASE_RUNNER (self), FALSE);
  return self->process != NULL;
}

/* One line for people while it runs: since when, its pid, and what to try. */
char *
kiln_release_runner_dup_status (KilnReleaseRunner *self)
{
  g_autofree char *time = NULL;

  g_return_val_if_fail (KILN_IS_RELEASE_RUNNER (self), NULL);

  if (self->process == NULL || self->started_at == NULL)
    return NULL;

  time = g_date_time_format (self->started_at, "%H:%M:%S");
  if (self->url != NULL)
    /* Translators: since a time, the operating system's process id, a URL, the release's name twice */
    return g_strdup_printf (_("Running since %s, pid %d, serving %s. Try bin/%s remote or bin/%s rpc from a "
                              "terminal, with the node and cookie from the log."),
                            time, (int) kiln_process_get_pid (self->process), self->url,
                            self->release_name, self->release_name);
  /* Translators: since a time, the operating system's process id, the release's name twice */
  return g_strdup_printf (_("Running since %s, pid %d. Try bin/%s remote or bin/%s rpc from a terminal, "
                            "with the node and cookie from the log."),
                          time, (int) kiln_process_get_pid (self->process), self->release_name, self->release_name);
}

/* Where the running release serves web requests, once it does; else NULL. */
const char *
kiln_release_runner_get_url (KilnReleaseRunner *self)
{
  g_return_val_if_fail (KILN_IS_RELEASE_RUNNER (self), NULL);
  return self->url;
}

KilnLogModel *
kiln_release_runner_get_output (KilnReleaseRunner *self)
{
  g_return_val_if_fail (KILN_IS_RELEASE_RUNNER (self), NULL);
  return self->output;
}

void
kiln_release_runner_setenv (KilnReleaseRunner *self,
                            const char        *variable,
                            const char        *value)
{
  g_return_if_fail (KILN_IS_RELEASE_RUNNER (self));
  g_return_if_fail (variable != NULL);

  g_hash_table_replace (self->environment, g_strdup (variable), g_strdup (value));
}

/* Booting writes to RELEASE_TMP and a failed boot writes erl_crash.dump to
 * the working folder: both outside the release, which stays as built. */
static gboolean
ensure_tmp_dir (KilnReleaseRunner  *self,
                GError            **error)
{
  g_autoptr(GError) local_error = NULL;

  if (self->tmp_dir != NULL)
    return TRUE;

  self->tmp_dir = g_dir_make_tmp ("kiln-release-tmp-XXXXXX", &local_error);
  if (self->tmp_dir == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not create a temporary folder to boot the release: %s"),
                   local_error->message);
      return FALSE;
    }

  return TRUE;
}

KilnProcess *
kiln_release_runner_new_process (KilnReleaseRunner   *self,
                                 const char * const  *arguments,
                                 GError             **error)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) argv = NULL;
  GHashTableIter iter;
  gpointer variable, value;
  KilnProcess *process;

  g_return_val_if_fail (KILN_IS_RELEASE_RUNNER (self), NULL);

  if (!g_file_test (self->bin_path, G_FILE_TEST_IS_EXECUTABLE) ||
      g_file_test (self->bin_path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("“%s” is missing or not executable; is “%s” a release of %s?"),
                   self->bin_path, self->release_dir, self->release_name);
      return NULL;
    }

  if (!ensure_tmp_dir (self, error))
    return NULL;

  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, self->bin_path);
  if (arguments != NULL)
    g_strv_builder_addv (builder, (const char **) arguments);
  argv = g_strv_builder_end (builder);

  process = kiln_process_new ((const char * const *) argv, self->tmp_dir);
  if (self->toolchain != NULL)
    kiln_toolchain_prepare_process (self->toolchain, process);
  for (guint i = 0; i < G_N_ELEMENTS (release_overrides); i++)
    kiln_process_unsetenv (process, release_overrides[i]);
  kiln_process_setenv (process, "RELEASE_TMP", self->tmp_dir);
  kiln_process_setenv (process, "RELEASE_NODE", self->node_name);
  kiln_process_setenv (process, "RELEASE_COOKIE", self->cookie);

  g_hash_table_iter_init (&iter, self->environment);
  while (g_hash_table_iter_next (&iter, &variable, &value))
    kiln_process_setenv (process, variable, value);

  return process;
}

static void
on_output_line (KilnProcess *process,
                KilnStream   stream,
                const char  *line,
                gpointer     user_data)
{
  KilnReleaseRunner *self = user_data;

  kiln_log_model_append (self->output, stream, "run", line);
}

static void
finish_run (KilnReleaseRunner *self,
            const char        *message)
{
  kiln_log_model_append (self->output, KILN_STREAM_STDOUT, "run", message);
  kiln_log_model_flush (self->output);
  clear_run (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
start_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(KilnReleaseRunner) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  int status = 0;

  if (!kiln_process_run_finish (KILN_PROCESS (object), result, &status, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    message = g_strdup_printf (_("— could not run: %s"), error->message);
  else if (error != NULL || self->stopping)
    message = g_strdup (_("— stopped"));
  else
    message = g_strdup_printf (_("— exited with status %d"), status);

  finish_run (self, message);
}

static void
port_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(KilnReleaseRunner) self = user_data;
  g_autofree char *message = NULL;

  if (!kiln_port_wait_finish (result, NULL) || self->process == NULL)
    return;

  self->url = g_strdup_printf ("http://localhost:%u/", self->port);
  message = g_strdup_printf (_("— listening on %s"), self->url);
  kiln_log_model_append (self->output, KILN_STREAM_STDOUT, "run", message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
}

/* A web release (Phoenix: PORT given, PHX_SERVER on) can be opened once its
 * endpoint accepts connections. */
static void
watch_port (KilnReleaseRunner *self)
{
  const char *port_text = g_hash_table_lookup (self->environment, "PORT");
  guint64 port = 0;

  if (port_text == NULL || g_hash_table_lookup (self->environment, "PHX_SERVER") == NULL
      || !g_ascii_string_to_unsigned (port_text, 10, 1, 65535, &port, NULL))
    return;

  self->port = (guint16) port;
  kiln_port_wait_async (self->port, 250, self->run_cancellable, port_cb, g_object_ref (self));
}

gboolean
kiln_release_runner_start (KilnReleaseRunner  *self,
                           GError            **error)
{
  g_autoptr(KilnProcess) process = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *command = NULL;
  g_autofree char *reach = NULL;

  g_return_val_if_fail (KILN_IS_RELEASE_RUNNER (self), FALSE);
  g_return_val_if_fail (!kiln_release_runner_get_running (self), FALSE);

  kiln_log_model_clear (self->output);
  command = g_strdup_printf ("$ bin/%s start", self->release_name);
  kiln_log_model_append (self->output, KILN_STREAM_STDOUT, "run", command);

  process = kiln_release_runner_new_process (self, (const char * const[]) { "start", NULL }, &local_error);
  if (process == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("— could not run: %s"), local_error->message);

      kiln_log_model_append (self->output, KILN_STREAM_STDOUT, "run", message);
      kiln_log_model_flush (self->output);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* The private node is reachable from a terminal too, when told where. */
  reach = g_strdup_printf (_("(node %s, cookie %s: set RELEASE_NODE and RELEASE_COOKIE to these to reach it "
                             "with bin/%s remote, rpc, pid or stop)"),
                           self->node_name, self->cookie, self->release_name);
  kiln_log_model_append (self->output, KILN_STREAM_STDOUT, "run", reach);

  /* The running process holds a reference: the callback never outlives self. */
  kiln_process_set_line_func (process, on_output_line, self, NULL);
  self->process = g_steal_pointer (&process);
  g_clear_pointer (&self->started_at, g_date_time_unref);
  self->started_at = g_date_time_new_now_local ();
  self->run_cancellable = g_cancellable_new ();
  kiln_process_run_async (self->process, self->run_cancellable, start_cb, g_object_ref (self));
  watch_port (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  return TRUE;
}

void
kiln_release_runner_kill (KilnReleaseRunner *self)
{
  g_return_if_fail (KILN_IS_RELEASE_RUNNER (self));

  /* Cancelling kills the release's whole process group. */
  g_cancellable_cancel (self->run_cancellable);
}

static gboolean
stop_timeout_cb (gpointer user_data)
{
  KilnReleaseRunner *self = user_data;

  self->stop_timeout_id = 0;
  kiln_release_runner_kill (self);

  return G_SOURCE_REMOVE;
}

static void
stop_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(KilnReleaseRunner) self = user_data;
  int status = -1;

  /* The node did not take the request (distribution off, a cookie of its
   * own in env.sh…): do not wait for the grace period. */
  if ((!kiln_process_run_finish (KILN_PROCESS (object), result, &status, NULL) || status != 0) &&
      self->stopping)
    kiln_release_runner_kill (self);
}

void
kiln_release_runner_stop (KilnReleaseRunner *self)
{
  g_autoptr(KilnProcess) stop = NULL;

  g_return_if_fail (KILN_IS_RELEASE_RUNNER (self));

  if (!kiln_release_runner_get_running (self) || self->stopping)
    return;

  self->stopping = TRUE;
  stop = kiln_release_runner_new_process (self, (const char * const[]) { "stop", NULL }, NULL);
  if (stop == NULL)
    {
      kiln_release_runner_kill (self);
      return;
    }

  self->stop_timeout_id = g_timeout_add_seconds (STOP_GRACE_SECONDS, stop_timeout_cb, self);
  self->stop_cancellable = g_cancellable_new ();
  kiln_process_set_capture_output (stop, TRUE);
  kiln_process_run_async (stop, self->stop_cancellable, stop_cb, g_object_ref (self));
}
