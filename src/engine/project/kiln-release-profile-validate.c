#define G_LOG_DOMAIN "kiln-project"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "kiln-error.h"
#include "kiln-release-profile-private.h"

KilnProfileProblem *
kiln_profile_problem_new (const char *field,
                          const char *message)
{
  KilnProfileProblem *problem = g_new0 (KilnProfileProblem, 1);

  problem->field = g_strdup (field);
  problem->message = g_strdup (message);

  return problem;
}

void
kiln_profile_problem_free (KilnProfileProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->field);
  g_free (problem->message);
  g_free (problem);
}

/* Options Kiln models itself; an extra option with one of these keys would
 * silently fight the modelled setting. */
static const char * const modelled_keys[] = {
  "applications", "include_erts", "include_executables_for", "strip_beams", "cookie", "path",
  "version", "quiet", "steps", "overlays", "runtime_config_path", "validate_compile_env",
  "reboot_system_after_config", "config_providers", "rel_templates_path", NULL
};

static const char * const package_formats[] = { "tar.gz", "tar.zst", "zip", NULL };

G_GNUC_PRINTF (3, 4)
static void
add_problem (GPtrArray  *problems,
             const char *field,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (problems, kiln_profile_problem_new (field, message));
}

/* What mix accepts for a release name: ^[a-z][a-z0-9_]*$ */
gboolean
kiln_release_profile_is_valid_release_name (const char *name)
{
  if (name == NULL || !g_ascii_islower (name[0]))
    return FALSE;

  for (const char *p = name + 1; *p != '\0'; p++)
    {
      if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '_'))
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_identifier (const char *name,
               gboolean    allow_upper)
{
  if (name == NULL || !(g_ascii_islower (name[0]) || name[0] == '_'))
    return FALSE;

  for (const char *p = name + 1; *p != '\0'; p++)
    {
      if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '_' ||
            (allow_upper && g_ascii_isupper (*p))))
        return FALSE;
    }

  return TRUE;
}

static gboolean
has_control_characters (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if ((guchar)*p < 0x20 || *p == 0x7f)
        return TRUE;
    }

  return FALSE;
}

gboolean
kiln_release_profile_code_is_blank (const char *text)
{
  for (const char *p = text ? text : ""; *p != '\0'; p++)
    {
      if (!g_ascii_isspace (*p))
        return FALSE;
    }

  return TRUE;
}

static void
check_names (KilnReleaseProfile *self,
             GPtrArray          *problems)
{
  const char *name = kiln_release_profile_get_name (self);
  const char *mix_env = kiln_release_profile_get_mix_env (self);

  if (name == NULL || name[0] == '\0')
    add_problem (problems, "name", _("The release needs a name, such as “my_app”."));
  else if (!kiln_release_profile_is_valid_release_name (name))
    add_problem (problems, "name",
                 _("The release name “%s” is not valid. Start it with a lowercase letter and use only "
                   "lowercase letters, digits and underscores, such as “my_app”."), name);

  if (mix_env == NULL || mix_env[0] == '\0')
    add_problem (problems, "mix-env", _("The Mix environment must not be empty. Use “prod” unless you need another one."));
  else if (!is_identifier (mix_env, FALSE))
    add_problem (problems, "mix-env",
                 _("The Mix environment “%s” is not valid. Use lowercase letters, digits and underscores, "
                   "such as “prod” or “staging”."), mix_env);
}

static void
check_applications (KilnReleaseProfile *self,
                    gboolean            is_umbrella,
                    GPtrArray          *problems)
{
  GListModel *applications = kiln_release_profile_get_applications (self);
  guint n_items = g_list_model_get_n_items (applications);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) reported = g_hash_table_new (g_str_hash, g_str_equal);

  if (is_umbrella && n_items == 0)
    add_problem (problems, "applications",
                 _("Umbrella projects must list the applications each release includes. "
                   "Add at least one of the umbrella's apps."));

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(KilnReleaseApplication) application = g_list_model_get_item (applications, i);
      const char *name = kiln_release_application_get_name (application);

      if (name == NULL || name[0] == '\0')
        add_problem (problems, "applications",
                     _("An application in the list has no name. Enter one or remove the row."));
      else if (!is_identifier (name, TRUE))
        add_problem (problems, "applications",
                     _("The application name “%s” is not valid. Start it with a lowercase letter or an "
                       "underscore and use only letters, digits and underscores."), name);
      else if (!g_hash_table_add (seen, (char *)name) && g_hash_table_add (reported, (char *)name))
        add_problem (problems, "applications",
                     _("The application “%s” is listed more than once. Keep only one entry for it."), name);
    }
}

static void
check_erts_and_executables (KilnReleaseProfile *self,
                            GPtrArray          *problems)
{
  const char * const *targets = kiln_release_profile_get_include_executables_for (self);
  const char * const *keep = kiln_release_profile_get_strip_beams_keep (self);
  const char *erts_path = kiln_release_profile_get_include_erts_path (self);

  for (guint i = 0; targets[i] != NULL; i++)
    {
      if (!g_str_equal (targets[i], "unix") && !g_str_equal (targets[i], "windows"))
        add_problem (problems, "include-executables-for",
                     _("Executables can be included for “unix” and “windows” only, not “%s”."), targets[i]);
    }

  if (kiln_release_profile_get_include_erts (self) == KILN_INCLUDE_ERTS_PATH)
    {
      g_autofree char *basename = erts_path && erts_path[0] ? g_path_get_basename (erts_path) : NULL;
      g_auto(GStrv) parts = basename ? g_strsplit (basename, "-", -1) : NULL;

      /* mix splits the folder name on "-" and expects exactly "erts" and a version */
      if (basename == NULL)
        add_problem (problems, "include-erts-path",
                     _("Choose the erts-VERSION folder to include, or include the ERTS Kiln runs with."));
      else if (g_strv_length (parts) != 2 || !g_str_equal (parts[0], "erts") ||
               !g_ascii_isdigit (parts[1][0]))
        add_problem (problems, "include-erts-path",
                     _("The ERTS path “%s” must name an “erts-VERSION” folder, such as "
                       "“/usr/lib/erlang/erts-13.1.5”."), erts_path);
    }

  for (guint i = 0; keep[i] != NULL; i++)
    {
      gboolean valid = strlen (keep[i]) == 4;

      for (guint j = 0; valid && j < 4; j++)
        valid = g_ascii_isalnum (keep[i][j]);

      if (!valid)
        add_problem (problems, "strip-beams-keep",
                     _("“%s” is not a BEAM chunk name. Chunk names have four letters or digits, "
                       "such as “Docs” or “Dbgi”."), keep[i]);
    }
}

/* mix 1.14 writes any string cookie to releases/COOKIE as is; these are
 * the ones that then break or weaken the release when it starts. */
static void
check_cookie (KilnReleaseProfile *self,
              GPtrArray          *problems)
{
  const char *cookie = kiln_release_profile_get_cookie (self);

  if (cookie == NULL)
    return;

  if (cookie[0] == '\0')
    add_problem (problems, "cookie",
                 _("The cookie must not be empty. Clear it to let mix generate a random cookie."));
  else if (cookie[0] == '-')
    add_problem (problems, "cookie",
                 _("The cookie must not start with “-”: the Erlang VM would take it for an option and "
                   "use a random cookie instead."));
  else if (has_control_characters (cookie))
    add_problem (problems, "cookie",
                 _("The cookie must not contain line breaks, tabs or other control characters."));
}

static void
check_paths (KilnReleaseProfile *self,
             GPtrArray          *problems)
{
  const char * const *overlays = kiln_release_profile_get_overlays (self);
  const char *version = kiln_release_profile_get_version (self);
  const char *path = kiln_release_profile_get_path (self);
  const char *templates = kiln_release_profile_get_rel_templates_path (self);
  const char *runtime_config = kiln_release_profile_get_runtime_config_path (self);
  const char *output_dir = kiln_release_profile_get_output_dir (self);

  if (version != NULL && version[0] == '\0')
    add_problem (problems, "version",
                 _("The version must not be empty. Clear the override to use the project's version."));
  else if (version != NULL && (strpbrk (version, "/\\ ") != NULL || has_control_characters (version)))
    add_problem (problems, "version",
                 _("The version “%s” must not contain spaces or slashes: it names a folder inside the release."),
                 version);

  if (path != NULL && path[0] == '\0')
    add_problem (problems, "path",
                 _("The release path must not be empty. Clear it to use the default, _build/ENV/rel/NAME."));

  for (guint i = 0; overlays[i] != NULL; i++)
    {
      if (overlays[i][0] == '\0')
        {
          add_problem (problems, "overlays",
                       _("One of the extra overlay folders is empty. Choose a folder or remove the entry."));
          break;
        }
    }

  if (templates != NULL && templates[0] == '\0')
    add_problem (problems, "rel-templates-path",
                 _("The templates folder must not be empty. Clear it to use “rel”."));

  if (kiln_release_profile_get_runtime_config (self) == KILN_RUNTIME_CONFIG_PATH &&
      (runtime_config == NULL || runtime_config[0] == '\0'))
    add_problem (problems, "runtime-config-path",
                 _("Choose the runtime configuration file, or use the default, config/runtime.exs."));

  if (output_dir != NULL && !g_path_is_absolute (output_dir))
    add_problem (problems, "output-dir",
                 _("The output folder “%s” must be an absolute path, such as “/home/you/releases”."),
                 output_dir);
}

/* "../x" → "etc/x", "/opt/x" → "opt/x": the same path, made relative. */
static char *
suggest_destination (const char *destination,
                     const char *source)
{
  g_auto(GStrv) parts = g_strsplit (destination, "/", -1);
  g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
  g_auto(GStrv) kept_parts = NULL;
  g_autofree char *joined = NULL;
  gboolean climbed = FALSE;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (g_str_equal (parts[i], ".."))
        climbed = TRUE;
      else if (parts[i][0] != '\0' && !g_str_equal (parts[i], "."))
        g_strv_builder_add (kept, parts[i]);
    }

  kept_parts = g_strv_builder_end (kept);
  joined = g_strjoinv ("/", kept_parts);

  if (joined[0] == '\0')
    {
      g_free (joined);
      joined = source && source[0] ? g_path_get_basename (source) : g_strdup ("file");
      climbed = TRUE;
    }

  return climbed ? g_strconcat ("etc/", joined, NULL) : g_steal_pointer (&joined);
}

static gboolean
destination_escapes (const char *destination)
{
  g_auto(GStrv) parts = NULL;

  if (g_path_is_absolute (destination) || destination[0] == '~')
    return TRUE;

  parts = g_strsplit (destination, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (g_str_equal (parts[i], ".."))
        return TRUE;
    }

  return FALSE;
}

static void
check_overlay_entries (KilnReleaseProfile *self,
                       GPtrArray          *problems)
{
  GListModel *entries = kiln_release_profile_get_overlay_entries (self);

  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(KilnOverlayEntry) entry = g_list_model_get_item (entries, i);
      const char *source = kiln_overlay_entry_get_source (entry);
      const char *destination = kiln_overlay_entry_get_destination (entry);

      if (source == NULL || source[0] == '\0')
        add_problem (problems, "overlay-entries",
                     _("An overlay entry has no source. Choose a file or folder to copy, or remove the entry."));

      if (destination == NULL || destination[0] == '\0')
        {
          g_autofree char *basename = source && source[0] ? g_path_get_basename (source) : g_strdup ("file");

          add_problem (problems, "overlay-entries",
                       _("The overlay entry for “%s” has no destination. Enter a path inside the release, "
                         "such as “etc/%s”."), source ? source : "", basename);
        }
      else if (destination_escapes (destination))
        {
          g_autofree char *suggestion = suggest_destination (destination, source);

          add_problem (problems, "overlay-entries",
                       _("The destination “%s” would be outside the release. Use a path inside it, such as “%s”."),
                       destination, suggestion);
        }
    }
}

static void
check_packaging (KilnReleaseProfile *self,
                 GPtrArray          *problems)
{
  const char * const *formats = kiln_release_profile_get_package_formats (self);

  for (guint i = 0; formats[i] != NULL; i++)
    {
      if (!g_strv_contains (package_formats, formats[i]))
        add_problem (problems, "package-formats",
                     _("Kiln cannot make “%s” packages. Choose tar.gz, tar.zst or zip."), formats[i]);
    }
}

static void
check_extra_options (KilnReleaseProfile *self,
                     GPtrArray          *problems)
{
  const char * const *keys = kiln_release_profile_get_extra_option_keys (self);

  for (guint i = 0; keys[i] != NULL; i++)
    {
      const char *code = kiln_release_profile_get_extra_option (self, keys[i]);

      if (g_strv_contains (modelled_keys, keys[i]))
        add_problem (problems, "extra-options",
                     _("The extra option “%s” repeats one of Kiln's own settings. Remove the extra option "
                       "and use the setting instead."), keys[i]);
      else if (!is_identifier (keys[i], TRUE))
        add_problem (problems, "extra-options",
                     _("“%s” is not a valid option name. Use letters, digits and underscores, "
                       "starting with a lowercase letter."), keys[i]);
      else if (kiln_release_profile_code_is_blank (code))
        add_problem (problems, "extra-options",
                     _("The extra option “%s” has no value. Enter Elixir code for it or remove it."), keys[i]);
    }
}

GPtrArray *
kiln_release_profile_collect_problems (KilnReleaseProfile *self,
                                       gboolean            is_umbrella)
{
  GPtrArray *problems;

  g_return_val_if_fail (KILN_IS_RELEASE_PROFILE (self), NULL);

  problems = g_ptr_array_new_with_free_func ((GDestroyNotify)kiln_profile_problem_free);

  check_names (self, problems);
  check_applications (self, is_umbrella, problems);
  check_erts_and_executables (self, problems);
  check_cookie (self, problems);
  check_paths (self, problems);
  check_overlay_entries (self, problems);
  check_packaging (self, problems);
  check_extra_options (self, problems);

  return problems;
}

gboolean
kiln_release_profile_validate (KilnReleaseProfile  *self,
                               gboolean             is_umbrella,
                               GError             **error)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GString) message = NULL;

  g_return_val_if_fail (KILN_IS_RELEASE_PROFILE (self), FALSE);

  problems = kiln_release_profile_collect_problems (self, is_umbrella);
  if (problems->len == 0)
    return TRUE;

  message = g_string_new (NULL);
  for (guint i = 0; i < problems->len; i++)
    {
      KilnProfileProblem *problem = g_ptr_array_index (problems, i);

      if (i > 0)
        g_string_append_c (message, '\n');
      g_string_append (message, problem->message);
    }

  g_set_error_literal (error, KILN_ERROR, KILN_ERROR_PROFILE_INVALID, message->str);
  return FALSE;
}
