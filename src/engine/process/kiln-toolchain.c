#define G_LOG_DOMAIN "kiln-process"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kiln-error.h"
#include "kiln-paths.h"
#include "kiln-toolchain.h"

#define MINIMUM_ELIXIR_MAJOR 1
#define MINIMUM_ELIXIR_MINOR 14
#define CACHE_FORMAT_VERSION 1
#define CACHE_MAX_ENTRIES 8
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

typedef enum
{
  SOURCE_PATH,
  SOURCE_ASDF,
  SOURCE_MISE,
  N_SOURCES
} Source;

static const char * const source_names[N_SOURCES] = { "PATH", "asdf", "mise" };

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

/* Searching PATH by hand, rather than with g_find_program_in_path(), keeps an
 * empty PATH empty instead of meaning “the current folder”. */
static char *
find_in_path (const char *program)
{
  const char *path = g_getenv ("PATH");
  g_auto(GStrv) dirs = NULL;

  if (path == NULL || *path == '\0')
    return NULL;

  dirs = g_strsplit (path, G_SEARCHPATH_SEPARATOR_S, -1);
  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *candidate = NULL;

      if (!g_path_is_absolute (dirs[i]))
        continue;

      candidate = g_build_filename (dirs[i], program, NULL);
      if (g_file_test (candidate, G_FILE_TEST_IS_REGULAR) &&
          g_file_test (candidate, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&candidate);
    }

  return NULL;
}

static char *
dup_manager_data_dir (Source source)
{
  const char *variable = source == SOURCE_ASDF ? "ASDF_DATA_DIR" : "MISE_DATA_DIR";
  const char *override = g_getenv (variable);
  const char *home = g_get_home_dir ();

  if (override != NULL && *override != '\0')
    return g_strdup (override);

  if (source == SOURCE_ASDF)
    return g_build_filename (home, ".asdf", NULL);
  else
    return g_build_filename (home, ".local", "share", "mise", NULL);
}

static int
compare_versions_newest_first (gconstpointer a,
                               gconstpointer b)
{
  return -strverscmp (*(const char * const *) a, *(const char * const *) b);
}

static char *
find_in_manager (Source      source,
                 const char *tool,
                 const char *program)
{
  g_autofree char *data_dir = dup_manager_data_dir (source);
  g_autofree char *installs = g_build_filename (data_dir, "installs", tool, NULL);
  g_autoptr(GPtrArray) versions = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (installs, 0, NULL);
  const char *name;

  if (dir == NULL)
    return NULL;

  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (versions, g_strdup (name));
  g_ptr_array_sort (versions, compare_versions_newest_first);

  for (guint i = 0; i < versions->len; i++)
    {
      g_autofree char *candidate = g_build_filename (installs, versions->pdata[i], "bin", program, NULL);

      if (g_file_test (candidate, G_FILE_TEST_IS_REGULAR) &&
          g_file_test (candidate, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&candidate);
    }

  return NULL;
}

static char *
find_program (Source      source,
              const char *tool,
              const char *program)
{
  if (source == SOURCE_PATH)
    return find_in_path (program);
  return find_in_manager (source, tool, program);
}

static char *
find_elixir (Source  first,
             Source *found_in)
{
  for (Source source = first; source < N_SOURCES; source++)
    {
      char *path = find_program (source, "elixir", "elixir");

      if (path != NULL)
        {
          *found_in = source;
          return path;
        }
    }

  return NULL;
}

static char *
find_erl_in_managers (void)
{
  char *path = find_program (SOURCE_ASDF, "erlang", "erl");

  return path != NULL ? path : find_program (SOURCE_MISE, "erlang", "erl");
}

/* An Elixir from a version manager is built for that manager's Erlang, so
 * its erl is preferred over the one on PATH. */
static char *
find_erl (Source elixir_source)
{
  Source order[N_SOURCES] = { SOURCE_PATH, SOURCE_ASDF, SOURCE_MISE };

  if (elixir_source != SOURCE_PATH)
    {
      order[0] = elixir_source;
      order[1] = SOURCE_PATH;
      order[2] = elixir_source == SOURCE_ASDF ? SOURCE_MISE : SOURCE_ASDF;
    }

  for (guint i = 0; i < N_SOURCES; i++)
    {
      char *path = find_program (order[i], "erlang", "erl");

      if (path != NULL)
        return path;
    }

  return NULL;
}

static gboolean
append_file_identity (GString     *key,
                      const char  *label,
                      const char  *path)
{
  g_autofree char *resolved = realpath (path, NULL);
  struct stat st;

  if (resolved == NULL || stat (resolved, &st) != 0)
    return FALSE;

  g_string_append_printf (key, "%s=%s:%lld.%09ld:%lld;",
                          label, resolved,
                          (long long) st.st_mtim.tv_sec, (long) st.st_mtim.tv_nsec,
                          (long long) st.st_size);
  return TRUE;
}

static char *
dup_cache_key (const char *elixir_path,
               const char *erl_path)
{
  g_autoptr(GString) key = g_string_new (NULL);

  if (!append_file_identity (key, "elixir", elixir_path) ||
      !append_file_identity (key, "erl", erl_path))
    return NULL;

  return g_string_free (g_steal_pointer (&key), FALSE);
}

static char *
dup_cache_path (void)
{
  g_autofree char *cache_dir = kiln_paths_dup_cache_dir ();

  return g_build_filename (cache_dir, "toolchain.json", NULL);
}

/* Returns the cached entries; anything unreadable is treated as no cache. */
static JsonArray *
load_cache_entries (void)
{
  g_autofree char *path = dup_cache_path ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *entries;

  if (!json_parser_load_from_mapped_file (parser, path, NULL))
    return json_array_new ();

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return json_array_new ();

  root = json_node_get_object (json_parser_get_root (parser));
  if (json_object_get_int_member_with_default (root, "kiln_toolchain_cache", 0) != CACHE_FORMAT_VERSION ||
      !json_object_has_member (root, "entries") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "entries")))
    return json_array_new ();

  entries = json_object_get_array_member (root, "entries");
  return json_array_ref (entries);
}

static gboolean
lookup_cache (const char  *key,
              char       **elixir_version,
              char       **otp_release,
              char       **erts_version)
{
  g_autoptr(JsonArray) entries = load_cache_entries ();

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonNode *node = json_array_get_element (entries, i);
      JsonObject *entry;
      const char *elixir, *otp, *erts;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;

      entry = json_node_get_object (node);
      if (g_strcmp0 (json_object_get_string_member_with_default (entry, "key", NULL), key) != 0)
        continue;

      elixir = json_object_get_string_member_with_default (entry, "elixir_version", NULL);
      otp = json_object_get_string_member_with_default (entry, "otp_release", NULL);
      erts = json_object_get_string_member_with_default (entry, "erts_version", NULL);
      if (elixir == NULL || otp == NULL || erts == NULL)
        return FALSE;

      *elixir_version = g_strdup (elixir);
      *otp_release = g_strdup (otp);
      *erts_version = g_strdup (erts);
      return TRUE;
    }

  return FALSE;
}

/* Best effort: a cache that cannot be written only costs a BEAM boot later. */
static void
store_cache (const char *key,
             const char *elixir_version,
             const char *otp_release,
             const char *erts_version)
{
  g_autoptr(JsonArray) old_entries = load_cache_entries ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = dup_cache_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *text = NULL;
  guint kept = 1;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kiln_toolchain_cache");
  json_builder_add_int_value (builder, CACHE_FORMAT_VERSION);
  json_builder_set_member_name (builder, "entries");
  json_builder_begin_array (builder);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "key");
  json_builder_add_string_value (builder, key);
  json_builder_set_member_name (builder, "elixir_version");
  json_builder_add_string_value (builder, elixir_version);
  json_builder_set_member_name (builder, "otp_release");
  json_builder_add_string_value (builder, otp_release);
  json_builder_set_member_name (builder, "erts_version");
  json_builder_add_string_value (builder, erts_version);
  json_builder_end_object (builder);

  for (guint i = 0; i < json_array_get_length (old_entries) && kept < CACHE_MAX_ENTRIES; i++)
    {
      JsonNode *node = json_array_get_element (old_entries, i);

      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (node), "key", NULL), key) == 0)
        continue;

      json_builder_add_value (builder, json_node_copy (node));
      kept++;
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents (path, text, -1, &error))
    g_debug ("Could not write the toolchain cache %s: %s",
             path, error != NULL ? error->message : g_strerror (errno));
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

typedef struct
{
  char *path;
  char *elixir;
  char *mix;
  char *erl;
} HostProbe;

static void
host_probe_clear (HostProbe *probe)
{
  g_clear_pointer (&probe->path, g_free);
  g_clear_pointer (&probe->elixir, g_free);
  g_clear_pointer (&probe->mix, g_free);
  g_clear_pointer (&probe->erl, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HostProbe, host_probe_clear)

/* Inside Flatpak the host's programs are neither on the sandbox's PATH nor
 * visible to g_file_test(), so the host's own shell looks them up. The
 * version managers live under $HOME, which the sandbox shares. */
static gboolean
probe_host (HostProbe     *probe,
            GCancellable  *cancellable,
            GError       **error)
{
  static const char script[] =
    "printf 'path=%s\\n' \"$PATH\"\n"
    "for p in elixir mix erl; do\n"
    "  f=$(command -v \"$p\") && printf '%s=%s\\n' \"$p\" \"$f\"\n"
    "done\n"
    "exit 0\n";
  g_autoptr(KilnProcess) process = kiln_process_newv (NULL, "sh", "-c", script, NULL);
  g_auto(GStrv) lines = NULL;
  int exit_status = -1;

  kiln_process_set_capture_output (process, TRUE);
  if (!kiln_process_run_sync (process, cancellable, &exit_status, error))
    {
      g_prefix_error (error, _("Could not look for Elixir on the host: "));
      return FALSE;
    }

  lines = g_strsplit (kiln_process_get_stdout_text (process), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char **field = NULL;
      char *value = strchr (lines[i], '=');

      if (value == NULL)
        continue;
      *value++ = '\0';

      if (g_str_equal (lines[i], "path"))
        field = &probe->path;
      else if (g_str_equal (lines[i], "elixir"))
        field = &probe->elixir;
      else if (g_str_equal (lines[i], "mix"))
        field = &probe->mix;
      else if (g_str_equal (lines[i], "erl"))
        field = &probe->erl;

      if (field == NULL || (field != &probe->path && !g_path_is_absolute (value)))
        continue;

      g_free (*field);
      *field = g_strdup (value);
    }

  return TRUE;
}

KilnToolchain *
kiln_toolchain_discover (GCancellable  *cancellable,
                         GError       **error)
{
  g_auto(HostProbe) host = { NULL };
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
  Source source = SOURCE_PATH;

  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (on_host && !probe_host (&host, cancellable, error))
    return NULL;

  if (on_host && host.elixir != NULL)
    elixir_path = g_strdup (host.elixir);
  else
    elixir_path = find_elixir (on_host ? SOURCE_ASDF : SOURCE_PATH, &source);

  if (elixir_path == NULL)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_TOOLCHAIN_MISSING,
                   _("Elixir was not found. %s"), _(INSTALL_HINT));
      return NULL;
    }

  bin_dir = g_path_get_dirname (elixir_path);
  mix_path = g_build_filename (bin_dir, "mix", NULL);
  if (on_host && source == SOURCE_PATH
      ? g_strcmp0 (host.mix, mix_path) != 0
      : !g_file_test (mix_path, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_TOOLCHAIN_MISSING,
                   _("Elixir was found at %s, but mix is missing next to it. "
                     "Reinstall Elixir: %s"), elixir_path, _(INSTALL_HINT));
      return NULL;
    }

  if (on_host && source == SOURCE_PATH)
    erl_path = host.erl != NULL ? g_strdup (host.erl) : find_erl_in_managers ();
  else
    erl_path = find_erl (source);

  if (on_host && erl_path == NULL)
    erl_path = g_strdup (host.erl);

  if (erl_path == NULL)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_TOOLCHAIN_MISSING,
                   _("Elixir was found at %s, but Erlang (erl) was not found. %s"),
                   elixir_path, _(INSTALL_HINT));
      return NULL;
    }

  key = dup_cache_key (elixir_path, erl_path);
  if (key == NULL || !lookup_cache (key, &elixir_version, &otp_release, &erts_version))
    {
      if (!query_versions (elixir_path, erl_path, host.path, cancellable,
                           &elixir_version, &otp_release, &erts_version, error))
        return NULL;

      if (key != NULL)
        store_cache (key, elixir_version, otp_release, erts_version);
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
                            "source", source_names[source],
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
