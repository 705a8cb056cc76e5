#define G_LOG_DOMAIN "kiln-build"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kiln-build-plan.h"
#include "kiln-elixir-term.h"
#include "kiln-error.h"
#include "kiln-files-private.h"
#include "kiln-overlay-entry.h"
#include "kiln-paths.h"
#include "kiln-release-tree.h"

static char *
resolve_in_project (const char *project_dir,
                    const char *path)
{
  return g_canonicalize_filename (path, project_dir);
}

static gboolean
profile_has_templates (KilnReleaseProfile *profile)
{
  for (guint i = KILN_RELEASE_TEMPLATE_VM_ARGS; i <= KILN_RELEASE_TEMPLATE_ENV_SH; i++)
    if (kiln_release_profile_get_template (profile, i) != NULL)
      return TRUE;

  return FALSE;
}

KilnBuildPlan *
kiln_build_plan_new (const char         *project_dir,
                     KilnReleaseProfile *profile)
{
  KilnBuildPlan *plan = g_new0 (KilnBuildPlan, 1);
  GListModel *overlays = kiln_release_profile_get_overlay_entries (profile);
  const char *mix_env = kiln_release_profile_get_mix_env (profile);
  const char *path = kiln_release_profile_get_path (profile);
  const char *rel_templates = kiln_release_profile_get_rel_templates_path (profile);
  const char *output_dir = kiln_release_profile_get_output_dir (profile);
  const char * const *formats = kiln_release_profile_get_package_formats (profile);
  guint n_overlays = overlays != NULL ? g_list_model_get_n_items (overlays) : 0;
  g_autofree char *build_env_dir = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *staging_name = NULL;
  g_autofree char *previous_name = NULL;
  g_autofree char *kiln_dir = NULL;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) contents = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) sources = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) destinations = g_strv_builder_new ();

  plan->project_dir = g_canonicalize_filename (project_dir, NULL);
  plan->staged_files = g_ptr_array_new_with_free_func (g_free);
  plan->final_files = g_ptr_array_new_with_free_func (g_free);
  plan->source_date = -1;
  plan->release_name = g_strdup (kiln_release_profile_get_name (profile));
  plan->mix_env = g_strdup (mix_env != NULL && *mix_env != '\0' ? mix_env : "prod");

  build_env_dir = g_build_filename (plan->project_dir, "_build", plan->mix_env, NULL);
  kiln_dir = g_build_filename (build_env_dir, "kiln", NULL);

  if (path != NULL && *path != '\0')
    plan->release_dir = resolve_in_project (plan->project_dir, path);
  else
    plan->release_dir = g_build_filename (build_env_dir, "rel", plan->release_name, NULL);

  /* Mix writes the :tar step's archive into the release when given a path,
   * and into _build/ENV otherwise: the staging path must not move it. */
  if ((path == NULL || *path == '\0') && kiln_release_profile_get_steps_include_tar (profile))
    plan->tar_dir = g_strdup (build_env_dir);

  parent = g_path_get_dirname (plan->release_dir);
  basename = g_path_get_basename (plan->release_dir);
  staging_name = g_strdup_printf (".%s.kiln-staging", basename);
  previous_name = g_strdup_printf (".%s.kiln-previous", basename);
  plan->staging_dir = g_build_filename (parent, staging_name, NULL);
  plan->previous_dir = g_build_filename (parent, previous_name, NULL);

  plan->work_dir = g_build_filename (kiln_dir, plan->release_name, NULL);
  plan->options_path = g_build_filename (plan->work_dir, "release-options.exs", NULL);
  plan->source_templates_dir = kiln_release_template_dup_folder (plan->project_dir, rel_templates);

  if (output_dir != NULL && *output_dir != '\0')
    plan->output_dir = resolve_in_project (plan->project_dir, output_dir);
  else
    plan->output_dir = g_strdup (kiln_dir);

  plan->release_options = kiln_release_profile_render_release_options (profile);
  plan->keep_cookie = kiln_release_profile_get_cookie (profile) == NULL
                      || *kiln_release_profile_get_cookie (profile) == '\0';
  plan->has_formats = formats != NULL && formats[0] != NULL;
  plan->fetch_dependencies = kiln_release_profile_get_fetch_dependencies (profile);
  plan->include_erts = kiln_release_profile_get_include_erts (profile);

  for (guint i = KILN_RELEASE_TEMPLATE_VM_ARGS; i <= KILN_RELEASE_TEMPLATE_ENV_SH; i++)
    {
      const char *text = kiln_release_profile_get_template (profile, i);

      if (text == NULL)
        continue;

      g_strv_builder_add (names, kiln_release_template_get_filename (i));
      g_strv_builder_add (contents, text);
    }

  for (guint i = 0; i < n_overlays; i++)
    {
      g_autoptr(KilnOverlayEntry) entry = g_list_model_get_item (overlays, i);
      const char *source = kiln_overlay_entry_get_source (entry);
      const char *destination = kiln_overlay_entry_get_destination (entry);
      g_autofree char *absolute = resolve_in_project (plan->project_dir, source != NULL ? source : "");

      g_strv_builder_add (sources, absolute);
      g_strv_builder_add (destinations, destination != NULL ? destination : "");
    }

  plan->template_names = g_strv_builder_end (names);
  plan->template_contents = g_strv_builder_end (contents);
  plan->overlay_sources = g_strv_builder_end (sources);
  plan->overlay_destinations = g_strv_builder_end (destinations);

  if (profile_has_templates (profile) || n_overlays > 0)
    plan->templates_dir = g_build_filename (plan->work_dir, "rel", NULL);

  return plan;
}

void
kiln_build_plan_free (KilnBuildPlan *plan)
{
  g_free (plan->assets_task);
  if (plan == NULL)
    return;

  g_free (plan->project_dir);
  g_free (plan->release_name);
  g_free (plan->mix_env);
  g_free (plan->release_dir);
  g_free (plan->staging_dir);
  g_free (plan->previous_dir);
  g_free (plan->work_dir);
  g_free (plan->options_path);
  g_free (plan->source_templates_dir);
  g_free (plan->templates_dir);
  g_free (plan->output_dir);
  g_free (plan->tar_dir);
  g_free (plan->release_options);
  g_strfreev (plan->template_names);
  g_strfreev (plan->template_contents);
  g_strfreev (plan->overlay_sources);
  g_strfreev (plan->overlay_destinations);
  g_ptr_array_unref (plan->staged_files);
  g_ptr_array_unref (plan->final_files);
  g_free (plan->release_version);
  g_free (plan->target_otp);
  g_clear_pointer (&plan->host, kiln_build_host_free);
  g_free (plan);
}

static gboolean
path_is_within (const char *path,
                const char *root)
{
  gsize len = strlen (root);

  if (strcmp (root, "/") == 0)
    return TRUE;

  return strncmp (path, root, len) == 0 && (path[len] == '\0' || path[len] == '/');
}

static gboolean
destination_is_safe (const char *destination)
{
  g_auto(GStrv) components = NULL;

  if (destination == NULL || *destination == '\0' || g_path_is_absolute (destination))
    return FALSE;

  /* Zip readers on Windows, and some elsewhere, take "\\" for "/". */
  components = g_strsplit_set (destination, "/\\", -1);
  for (guint i = 0; components[i] != NULL; i++)
    if (strcmp (components[i], "..") == 0)
      return FALSE;

  return TRUE;
}

/* Both ways: lexically, since a link must stay inside its folder wherever
 * it is copied to (and a dangling one cannot be resolved); and resolved on
 * disk, since "a/../x" through a link "a" to elsewhere is lexically inside
 * and really not. */
static gboolean
link_stays_within (const char *link_path,
                   const char *root)
{
  g_autofree char *target = g_file_read_link (link_path, NULL);
  g_autofree char *link_dir = NULL;
  g_autofree char *resolved = NULL;
  g_autofree char *real_link = NULL;
  g_autofree char *real_root = NULL;

  if (target == NULL || g_path_is_absolute (target))
    return FALSE;

  link_dir = g_path_get_dirname (link_path);
  resolved = g_canonicalize_filename (target, link_dir);
  if (!path_is_within (resolved, root))
    return FALSE;

  real_link = realpath (link_path, NULL);
  real_root = realpath (root, NULL);
  if (real_link == NULL || real_root == NULL)
    return errno == ENOENT;

  return path_is_within (real_link, real_root);
}

/* An unreadable folder is left to the copy, which reports it. */
static char *
find_escaping_link (const char *dir,
                    const char *root)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return NULL;

  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);
      GStatBuf buf;

      if (g_lstat (child, &buf) != 0)
        continue;

      if (S_ISLNK (buf.st_mode) && !link_stays_within (child, root))
        return g_steal_pointer (&child);

      if (S_ISDIR (buf.st_mode))
        {
          char *escaping = find_escaping_link (child, root);

          if (escaping != NULL)
            return escaping;
        }
    }

  return NULL;
}

/* mix release copies the overlays folder beside the templates as it is,
 * links and all. */
static gboolean
check_project_overlays (KilnBuildPlan  *plan,
                        GError        **error)
{
  g_autofree char *overlays = g_build_filename (plan->source_templates_dir, "overlays", NULL);
  g_autofree char *escaping = NULL;

  if (!g_file_test (overlays, G_FILE_TEST_IS_DIR) || g_file_test (overlays, G_FILE_TEST_IS_SYMLINK))
    return TRUE;

  if (!(escaping = find_escaping_link (overlays, overlays)))
    return TRUE;

  g_set_error (error, KILN_ERROR, KILN_ERROR_OVERLAY_ESCAPE,
               _("%s contains the link %s, which points outside it, and mix release would copy it into "
                 "the release. Replace the link with the file itself, then build again."),
               overlays, escaping);
  return FALSE;
}

gboolean
kiln_build_plan_check_overlays (KilnBuildPlan  *plan,
                                GError        **error)
{
  for (guint i = 0; plan->overlay_sources[i] != NULL; i++)
    {
      const char *source = plan->overlay_sources[i];
      const char *destination = plan->overlay_destinations[i];
      g_autofree char *escaping = NULL;
      GStatBuf buf;

      if (!destination_is_safe (destination))
        {
          g_set_error (error, KILN_ERROR, KILN_ERROR_OVERLAY_ESCAPE,
                       _("The overlay destination “%s” must be a relative path inside the release, "
                         "without “..”. Change it in the profile, then build again."),
                       destination);
          return FALSE;
        }

      if (g_lstat (source, &buf) != 0)
        {
          g_set_error (error, KILN_ERROR, KILN_ERROR_PROFILE_INVALID,
                       _("The overlay source %s does not exist. Choose another file or folder, "
                         "or remove the overlay from the profile."),
                       source);
          return FALSE;
        }

      if (S_ISLNK (buf.st_mode))
        {
          g_autofree char *source_dir = g_path_get_dirname (source);

          if (!link_stays_within (source, source_dir))
            escaping = g_strdup (source);
        }
      else if (S_ISDIR (buf.st_mode))
        escaping = find_escaping_link (source, source);

      if (escaping != NULL)
        {
          g_set_error (error, KILN_ERROR, KILN_ERROR_OVERLAY_ESCAPE,
                       _("The overlay source %s contains the link %s, which points outside it. "
                         "Replace the link with the file itself, then build again."),
                       source, escaping);
          return FALSE;
        }
    }

  return check_project_overlays (plan, error);
}

static gboolean
dir_is_empty (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);

  return dir != NULL && g_dir_read_name (dir) == NULL;
}

/* A successful build replaces the release folder as a whole, so it must hold
 * a release (or nothing): never a folder of the user's that merely shares
 * the path, nor the project itself. */
gboolean
kiln_build_plan_check_release_dir (KilnBuildPlan  *plan,
                                   GError        **error)
{
  g_autofree char *start_erl = g_build_filename (plan->release_dir, "releases", "start_erl.data", NULL);
  g_autofree char *script = g_build_filename (plan->release_dir, "bin", plan->release_name, NULL);
  GStatBuf buf;

  if (g_lstat (plan->release_dir, &buf) != 0)
    return TRUE;

  if (S_ISDIR (buf.st_mode)
      && !path_is_within (plan->project_dir, plan->release_dir)
      && (dir_is_empty (plan->release_dir)
          || g_file_test (start_erl, G_FILE_TEST_IS_REGULAR)
          || g_file_test (script, G_FILE_TEST_IS_REGULAR)))
    return TRUE;

  g_set_error (error, KILN_ERROR, KILN_ERROR_PROFILE_INVALID,
               _("%s already exists and is not a release of %s, so Kiln will not replace it. "
                 "Choose another release path in the profile, or move that folder away, then build again."),
               plan->release_dir, plan->release_name);
  return FALSE;
}

static gboolean
make_dir (const char  *path,
          GError     **error)
{
  if (g_mkdir_with_parents (path, 0755) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create %s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

static gboolean
copy_path (const char  *source,
           const char  *destination,
           GError     **error)
{
  g_autoptr(GFile) source_file = g_file_new_for_path (source);
  g_autoptr(GFile) destination_file = g_file_new_for_path (destination);
  g_autofree char *parent = g_path_get_dirname (destination);

  if (!make_dir (parent, error))
    return FALSE;

  if (g_file_test (source, G_FILE_TEST_IS_DIR) && !g_file_test (source, G_FILE_TEST_IS_SYMLINK))
    return kiln_paths_copy_tree (source, destination, error);

  return g_file_copy (source_file, destination_file,
                      G_FILE_COPY_OVERWRITE | G_FILE_COPY_NOFOLLOW_SYMLINKS | G_FILE_COPY_ALL_METADATA,
                      NULL, NULL, NULL, error);
}

static gboolean
stage_templates (KilnBuildPlan  *plan,
                 GError        **error)
{
  if (!kiln_paths_remove_tree (plan->templates_dir, error))
    return FALSE;

  if (g_file_test (plan->source_templates_dir, G_FILE_TEST_IS_DIR))
    {
      if (!kiln_paths_copy_tree (plan->source_templates_dir, plan->templates_dir, error))
        return FALSE;
    }
  else if (!make_dir (plan->templates_dir, error))
    return FALSE;

  for (guint i = 0; plan->template_names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (plan->templates_dir, plan->template_names[i], NULL);

      if (!g_file_set_contents (path, plan->template_contents[i], -1, error))
        return FALSE;
    }

  for (guint i = 0; plan->overlay_sources[i] != NULL; i++)
    {
      g_autofree char *destination = g_build_filename (plan->templates_dir, "overlays",
                                                       plan->overlay_destinations[i], NULL);

      if (!copy_path (plan->overlay_sources[i], destination, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
write_options (KilnBuildPlan  *plan,
               GError        **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *path = kiln_elixir_quote_string (plan->staging_dir);
  const char *options = plan->release_options;

  g_string_append_printf (text, "Keyword.merge(\n%s,\n[path: %s",
                          options != NULL && *options != '\0' ? options : "[]", path);
  if (plan->templates_dir != NULL)
    {
      g_autofree char *templates = kiln_elixir_quote_string (plan->templates_dir);
      g_string_append_printf (text, ", rel_templates_path: %s", templates);
    }
  g_string_append (text, "])\n");

  /* The options carry the cookie: readable by the user alone. */
  return kiln_files_replace (plan->options_path, text->str, text->len, 0600, NULL, NULL, error);
}

/* Mix keeps an existing releases/COOKIE and makes up a new one otherwise, so
 * without this every build into a fresh staging folder would change it. */
static gboolean
carry_over_cookie (KilnBuildPlan  *plan,
                   GError        **error)
{
  g_autofree char *previous = g_build_filename (plan->release_dir, "releases", "COOKIE", NULL);
  g_autofree char *staged = g_build_filename (plan->staging_dir, "releases", "COOKIE", NULL);

  if (!plan->keep_cookie
      || !g_file_test (previous, G_FILE_TEST_IS_REGULAR)
      || g_file_test (previous, G_FILE_TEST_IS_SYMLINK))
    return TRUE;

  return copy_path (previous, staged, error);
}

gboolean
kiln_build_plan_prepare (KilnBuildPlan  *plan,
                         GError        **error)
{
  if (!kiln_paths_remove_tree (plan->staging_dir, error)
      || !make_dir (plan->staging_dir, error)
      || !carry_over_cookie (plan, error)
      || !make_dir (plan->work_dir, error))
    return FALSE;

  if (plan->templates_dir != NULL && !stage_templates (plan, error))
    return FALSE;

  if (plan->has_formats && !make_dir (plan->output_dir, error))
    return FALSE;

  return write_options (plan, error);
}

void
kiln_build_plan_discard (KilnBuildPlan *plan)
{
  g_autoptr(GError) error = NULL;

  if (!kiln_paths_remove_tree (plan->staging_dir, &error))
    g_message ("Could not remove %s: %s", plan->staging_dir, error->message);

  for (guint i = 0; i < plan->staged_files->len; i++)
    g_unlink (g_ptr_array_index (plan->staged_files, i));
}

/* Lines that name the staging directory, rewritten to name the release
 * directory it becomes once swapped in (mix prints the staging path, which
 * is gone after the build). Follows staging_dir, wherever it is computed.
 * Returns NULL when @line does not name it. */
char *
kiln_build_plan_rewrite_staging_path (KilnBuildPlan *plan,
                                      const char    *line)
{
  g_autofree char *staging_name = NULL;
  g_autofree char *release_name = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  GString *rewritten;

  if (plan == NULL || plan->staging_dir == NULL || plan->release_dir == NULL || line == NULL)
    return NULL;

  staging_name = g_path_get_basename (plan->staging_dir);
  if (strstr (line, staging_name) == NULL)
    return NULL;

  release_name = g_path_get_basename (plan->release_dir);
  from = g_strconcat (G_DIR_SEPARATOR_S, staging_name, NULL);
  to = g_strconcat (G_DIR_SEPARATOR_S, release_name, NULL);
  rewritten = g_string_new (line);
  g_string_replace (rewritten, from, to, 0);

  return g_string_free (rewritten, FALSE);
}

/* Plain words as they are, anything else quoted for the shell. */
static char *
shell_word (const char *word)
{
  for (const char *p = word; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-' && *p != '.')
      return g_shell_quote (word);

  return *word != '\0' ? g_strdup (word) : g_shell_quote (word);
}

char *
kiln_build_plan_dup_equivalent_commands (KilnBuildPlan *plan)
{
  GString *text = g_string_new (NULL);
  g_autofree char *env = shell_word (plan->mix_env);
  g_autofree char *release = shell_word (plan->release_name);

  g_string_append_printf (text, "MIX_ENV=%s mix deps.loadpaths\n", env);
  g_string_append_printf (text, "MIX_ENV=%s mix compile\n", env);
  if (plan->assets_task != NULL)
    g_string_append_printf (text, "MIX_ENV=%s mix %s\n", env, plan->assets_task);
  g_string_append_printf (text, "MIX_ENV=%s mix release %s --overwrite", env, release);

  return g_string_free (text, FALSE);
}
