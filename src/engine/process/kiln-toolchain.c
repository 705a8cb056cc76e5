#define G_LOG_DOMAIN "kiln-process"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kiln-error.h"
#include "kiln-toolchain-private.h"

#define MINIMUM_ELIXIR_MAJOR 1
#define MINIMUM_ELIXIR_MINOR 14
/* When PATH is unset or empty, the elixir and erl scripts still need a shell's
 * basic tools (dirname, readlink…). */
#define FALLBACK_PATH "/usr/local/bin:/usr/bin:/bin"

#define VERSION_QUERY \
  "IO.puts(System.version()); " \
  "IO.puts(:erlang.system_info(:otp_release)); " \
  "IO.puts(:erlang.system_info(:version))"

#define INSTALL_HINT \
  N_("Install it with “sudo apt install elixir erlang-dev” (Debian, Ubuntu), " \
     "or with asdf or mise, then try again.")

struct _KilnToolchain
{
  GObject  parent_instance;

  char    *elixir_path;
  char    *mix_path;
  char    *erl_path;
  char    *elixir_version;
  char    *otp_release;
  char    *erts_version;
  char    *source;
  /* Inside Flatpak: the host's PATH, which the sandbox's own says nothing about. */
  char    *base_path;
};

G_DEFINE_FINAL_TYPE (KilnToolchain, kiln_toolchain, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ELIXIR_PATH,
  PROP_MIX_PATH,
  PROP_ERL_PATH,
  PROP_ELIXIR_VERSION,
  PROP_OTP_RELEASE,
  PROP_ERTS_VERSION,
  PROP_SOURCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kiln_toolchain_finalize (GObject *object)
{
  KilnToolchain *self = KILN_TOOLCHAIN (object);

  g_clear_pointer (&self->elixir_path, g_free);
  g_clear_pointer (&self->mix_path, g_free);
  g_clear_pointer (&self->erl_path, g_free);
  g_clear_pointer (&self->elixir_version, g_free);
  g_clear_pointer (&self->otp_release, g_free);
  g_clear_pointer (&self->erts_version, g_free);
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->base_path, g_free);

  G_OBJECT_CLASS (kiln_toolchain_parent_class)->finalize (object);
}

static char **
field_for_property (KilnToolchain *self,
                    guint          prop_id)
{
  switch (prop_id)
    {
    case PROP_ELIXIR_PATH: return &self->elixir_path;
    case PROP_MIX_PATH: return &self->mix_path;
    case PROP_ERL_PATH: return &self->erl_path;
    case PROP_ELIXIR_VERSION: return &self->elixir_version;
    case PROP_OTP_RELEASE: return &self->otp_release;
    case PROP_ERTS_VERSION: return &self->erts_version;
    case PROP_SOURCE: return &self->source;
    default: return NULL;
    }
}

static void
kiln_toolchain_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  char **field = field_for_property (KILN_TOOLCHAIN (object), prop_id);

  if (field == NULL)
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  else
    g_value_set_string (value, *field);
}

static void
kiln_toolchain_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  char **field = field_for_property (KILN_TOOLCHAIN (object), prop_id);

  if (field == NULL)
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  else
    {
      g_free (*field);
      *field = g_value_dup_string (value);
    }
}

static GParamSpec *
construct_only_string (const char *name,
                       const char *blurb)
{
  return g_param_spec_string (name, NULL, blurb, NULL,
                              G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                              G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
kiln_toolchain_class_init (KilnToolchainClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kiln_toolchain_finalize;
  object_class->get_property = kiln_toolchain_get_property;
  object_class->set_property = kiln_toolchain_set_property;

  properties[PROP_ELIXIR_PATH] = construct_only_string ("elixir-path", "The elixir executable");
  properties[PROP_MIX_PATH] = construct_only_string ("mix-path", "The mix executable next to elixir");
  properties[PROP_ERL_PATH] = construct_only_string ("erl-path", "The erl executable");
  properties[PROP_ELIXIR_VERSION] = construct_only_string ("elixir-version", "System.version()");
  properties[PROP_OTP_RELEASE] = construct_only_string ("otp-release", "The OTP release, such as 25");
  properties[PROP_ERTS_VERSION] = construct_only_string ("erts-version", "The ERTS version");
  properties[PROP_SOURCE] = construct_only_string ("source", "Where elixir was found: PATH, asdf or mise");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiln_toolchain_init (KilnToolchain *self)
{
}

static char *
dup_prepared_path (const char *elixir_path,
                   const char *erl_path,
                   const char *base_path)
{
  const char *current = base_path != NULL ? base_path : g_getenv ("PATH");
  g_autofree char *elixir_dir = g_path_get_dirname (elixir_path);
  g_autofree char *erl_dir = g_path_get_dirname (erl_path);
  GString *path = g_string_new (elixir_dir);

  if (g_strcmp0 (elixir_dir, erl_dir) != 0)
    g_string_append_printf (path, G_SEARCHPATH_SEPARATOR_S "%s", erl_dir);
  g_string_append_printf (path, G_SEARCHPATH_SEPARATOR_S "%s",
                          current != NULL && *current != '\0' ? current : FALLBACK_PATH);

  return g_string_free (path, FALSE);
}

static gboolean
parse_elixir_version (const char *version,
                      guint      *major,
                      guint      *minor)
{
  char *end = NULL;
  guint64 value;

  if (!g_ascii_isdigit (version[0]))
    return FALSE;
  value = g_ascii_strtoull (version, &end, 10);
  if (*end != '.' || !g_ascii_isdigit (end[1]))
    return FALSE;
  *major = (guint) value;
  *minor = (guint) g_ascii_strtoull (end + 1, NULL, 10);

  return TRUE;
}

static gboolean
query_versions (const char    *elixir_path,
                const char    *erl_path,
                const char    *base_path,
                GCancellable  *cancellable,
                char         **elixir_version,
                char         **otp_release,
                char         **erts_version,
                GError       **error)
{
  g_autoptr(KilnProcess) process = kiln_process_newv (NULL, elixir_path, "-e", VERSION_QUERY, NULL);
  g_autofree char *prepared_path = dup_prepared_path (elixir_path, erl_path, base_path);
  g_autofree char *output = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  int exit_status = -1;
  guint major, minor;

  kiln_process_setenv (process, "PATH", prepared_path);
  kiln_process_set_capture_output (process, TRUE);

  if (!kiln_process_run_sync (process, cancellable, &exit_status, error))
    return FALSE;

  lines = g_strsplit (kiln_process_get_stdout_text (process), "\n", -1);
  for (guint i = g_strv_length (lines); i > 0 && values->len < 3; i--)
    {
      g_strstrip (lines[i - 1]);
      if (lines[i - 1][0] != '\0')
        g_ptr_array_insert (values, 0, lines[i - 1]);
    }

  if (exit_status != 0 || values->len < 3 ||
      !parse_elixir_version (values->pdata[0], &major, &minor))
    {
      output = g_strstrip (g_strconcat (kiln_process_get_stdout_text (process),
                                        kiln_process_get_stderr_text (process), NULL));
      g_set_error (error, KILN_ERROR, KILN_ERROR_TOOLCHAIN_MISSING,
                   _("Could not ask %s for its version (exit status %d). "
                     "Check that Elixir and Erlang are installed correctly, or reinstall them.\n%s"),
                   elixir_path, exit_status, output);
      return FALSE;
    }

  *elixir_version = g_strdup (values->pdata[0]);
  *otp_release = g_strdup (values->pdata[1]);
  *erts_version = g_strdup (values->pdata[2]);

  return TRUE;
}

static gboolean
check_minimum_version (const char  *elixir_path,
                       const char  *elixir_version,
                       GError     **error)
{
  guint major = 0, minor = 0;

  parse_elixir_version (elixir_version, &major, &minor);
  if (major > MINIMUM_ELIXIR_MAJOR ||
      (major == MINIMUM_ELIXIR_MAJOR && minor >= MINIMUM_ELIXIR_MINOR))
    return TRUE;

  g_set_error (error, KILN_ERROR, KILN_ERROR_TOOLCHAIN_TOO_OLD,
               _("Elixir %s (%s) is too old: Kiln needs Elixir %d.%d or newer. "
                 "Install a newer Elixir, for example with asdf or mise, then try again."),
               elixir_version, elixir_path, MINIMUM_ELIXIR_MAJOR, MINIMUM_ELIXIR_MINOR);
  return FALSE;
}

KilnToolchain *
kiln_toolchain_discover (GCancellable  *cancellable,
                         GError       **error)
{
  g_auto(KilnHostProbe) host = { NULL };
  gboolean on_host = kiln_process_runs_on_host ();
  g_autofree char *elixir_path = NULL;
  g_autofree char *mix_path = NULL;
  g_autofree char *erl_path = NULL;
  g_autofree char *bin_dir = NULL;
  g_autofree char *key = NULL;
  g_autofree char *elixir_version = NULL;
  g_autofree char *otp_release = NULL;
  g_autofree char *erts_version = NULL;
  KilnToolchain *toolchain;
  KilnToolchainSource source = KILN_TOOLCHAIN_SOURCE_PATH;

  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (on_host && !kiln_toolchain_probe_host (&host, cancellable, error))
    return NULL;

  if (on_host && host.elixir != NULL)
    elixir_path = g_strdup (host.elixir);
  else
    elixir_path = kiln_toolchain_find_elixir (on_host ? KILN_TOOLCHAIN_SOURCE_ASDF : KILN_TOOLCHAIN_SOURCE_PATH, &source);

  if (elixir_path == NULL)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_TOOLCHAIN_MISSING,
                   _("Elixir was not found. %s"), _(INSTALL_HINT));
      return NULL;
    }

  bin_dir = g_path_get_dirname (elixir_path);
  mix_path = g_build_filename (bin_dir, "mix", NULL);
  if (on_host && source == KILN_TOOLCHAIN_SOURCE_PATH
      ? g_strcmp0 (host.mix, mix_path) != 0
      : !g_file_test (mix_path, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_TOOLCHAIN_MISSING,
                   _("Elixir was found at %s, but mix is missing next to it. "
                     "Reinstall Elixir: %s"), elixir_path, _(INSTALL_HINT));
      return NULL;
    }

  if (on_host && source == KILN_TOOLCHAIN_SOURCE_PATH)
    erl_path = host.erl != NULL ? g_strdup (host.erl) : kiln_toolchain_find_erl_in_managers ();
  else
    erl_path = kiln_toolchain_find_erl (source);

  if (on_host && erl_path == NULL)
    erl_path = g_strdup (host.erl);

  if (erl_path == NULL)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_TOOLCHAIN_MISSING,
                   _("Elixir was found at %s, but Erlang (erl) was not found. %s"),
                   elixir_path, _(INSTALL_HINT));
      return NULL;
    }

  key = kiln_toolchain_cache_dup_key (elixir_path, erl_path);
  if (key == NULL || !kiln_toolchain_cache_lookup (key, &elixir_version, &otp_release, &erts_version))
    {
      if (!query_versions (elixir_path, erl_path, host.path, cancellable,
                           &elixir_version, &otp_release, &erts_version, error))
        return NULL;

      if (key != NULL)
        kiln_toolchain_cache_store (key, elixir_version, otp_release, erts_version);
    }

  if (!check_minimum_version (elixir_path, elixir_version, error))
    return NULL;

  toolchain = g_object_new (KILN_TYPE_TOOLCHAIN,
                            "elixir-path", elixir_path,
                            "mix-path", mix_path,
                            "erl-path", erl_path,
                            "elixir-version", elixir_version,
                            "otp-release", otp_release,
                            "erts-version", erts_version,
                            "source", kiln_toolchain_source_name (source),
                            NULL);
  toolchain->base_path = g_steal_pointer (&host.path);

  return toolchain;
}

static void
discover_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GError *error = NULL;
  KilnToolchain *toolchain = kiln_toolchain_discover (cancellable, &error);

  if (toolchain == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, toolchain, g_object_unref);
}

void
kiln_toolchain_discover_async (GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiln_toolchain_discover_async);
  g_task_run_in_thread (task, discover_thread);
}

KilnToolchain *
kiln_toolchain_discover_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kiln_toolchain_discover_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
kiln_toolchain_get_elixir_path (KilnToolchain *self)
{
  g_return_val_if_fail (KILN_IS_TOOLCHAIN (self), NULL);

  return self->elixir_path;
}

const char *
kiln_toolchain_get_mix_path (KilnToolchain *self)
{
  g_return_val_if_fail (KILN_IS_TOOLCHAIN (self), NULL);

  return self->mix_path;
}

const char *
kiln_toolchain_get_erl_path (KilnToolchain *self)
{
  g_return_val_if_fail (KILN_IS_TOOLCHAIN (self), NULL);

  return self->erl_path;
}

const char *
kiln_toolchain_get_elixir_version (KilnToolchain *self)
{
  g_return_val_if_fail (KILN_IS_TOOLCHAIN (self), NULL);

  return self->elixir_version;
}

const char *
kiln_toolchain_get_otp_release (KilnToolchain *self)
{
  g_return_val_if_fail (KILN_IS_TOOLCHAIN (self), NULL);

  return self->otp_release;
}

const char *
kiln_toolchain_get_erts_version (KilnToolchain *self)
{
  g_return_val_if_fail (KILN_IS_TOOLCHAIN (self), NULL);

  return self->erts_version;
}

const char *
kiln_toolchain_get_source (KilnToolchain *self)
{
  g_return_val_if_fail (KILN_IS_TOOLCHAIN (self), NULL);

  return self->source;
}

void
kiln_toolchain_prepare_process (KilnToolchain *self,
                                KilnProcess   *process)
{
  g_autofree char *path = NULL;

  g_return_if_fail (KILN_IS_TOOLCHAIN (self));
  g_return_if_fail (KILN_IS_PROCESS (process));

  path = dup_prepared_path (self->elixir_path, self->erl_path, self->base_path);
  kiln_process_setenv (process, "PATH", path);
}

KilnProcess *
kiln_toolchain_new_elixir_process (KilnToolchain      *self,
                                   const char         *cwd,
                                   const char * const *arguments)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  KilnProcess *process;

  g_return_val_if_fail (KILN_IS_TOOLCHAIN (self), NULL);

  g_strv_builder_add (builder, self->elixir_path);
  if (arguments != NULL)
    g_strv_builder_addv (builder, (const char **) arguments);
  argv = g_strv_builder_end (builder);

  process = kiln_process_new ((const char * const *) argv, cwd);
  kiln_toolchain_prepare_process (self, process);

  return process;
}
