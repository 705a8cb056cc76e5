#define G_LOG_DOMAIN "kiln-project"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kiln-error.h"
#include "kiln-release-choice.h"

static char **
dup_release_names (KilnProject *project)
{
  GListModel *releases = kiln_project_get_releases (project);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < g_list_model_get_n_items (releases); i++)
    {
      g_autoptr(KilnProjectRelease) release = g_list_model_get_item (releases, i);

      g_strv_builder_add (builder, kiln_project_release_get_name (release));
    }

  return g_strv_builder_end (builder);
}

static char *
dup_profile_names (KilnProfileStore *store)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(KilnReleaseProfile) profile = g_list_model_get_item (G_LIST_MODEL (store), i);

      g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", kiln_release_profile_get_name (profile));
    }

  return g_string_free (g_steal_pointer (&names), FALSE);
}

char **
kiln_release_choice_dup_candidates (KilnProject *project)
{
  g_return_val_if_fail (KILN_IS_PROJECT (project), NULL);

  if (kiln_project_get_default_release (project) != NULL ||
      g_list_model_get_n_items (kiln_project_get_releases (project)) < 2)
    return NULL;

  return dup_release_names (project);
}

KilnReleaseProfile *
kiln_release_choice_new_profile (KilnProject *project)
{
  const char *app_name;

  g_return_val_if_fail (KILN_IS_PROJECT (project), NULL);

  app_name = kiln_project_get_app_name (project);
  return kiln_release_profile_new (app_name != NULL ? app_name : "my_release");
}

static KilnReleaseProfile *
choose_saved_profile (KilnProfileStore  *store,
                      const char        *profile_name,
                      GError           **error)
{
  KilnReleaseProfile *profile = store != NULL ? kiln_profile_store_lookup (store, profile_name) : NULL;
  g_autofree char *names = NULL;

  if (profile != NULL)
    return kiln_release_profile_copy (profile);

  if (store != NULL && kiln_profile_store_get_unreadable (store, profile_name) != NULL)
    {
      g_set_error_literal (error, KILN_ERROR, KILN_ERROR_PROFILE_CORRUPT,
                           kiln_profile_store_get_unreadable (store, profile_name));
      return NULL;
    }

  if (store == NULL || g_list_model_get_n_items (G_LIST_MODEL (store)) == 0)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_PROFILE_INVALID,
                   _("There is no saved profile named “%s” for this project."), profile_name);
      return NULL;
    }

  names = dup_profile_names (store);
  g_set_error (error, KILN_ERROR, KILN_ERROR_PROFILE_INVALID,
               _("There is no saved profile named “%s” for this project; its saved profiles are: %s."),
               profile_name, names);
  return NULL;
}

static KilnReleaseProfile *
choose_mix_release (KilnProject  *project,
                    const char   *release_name,
                    GError      **error)
{
  KilnProjectRelease *release = kiln_project_lookup_release (project, release_name);
  g_auto(GStrv) names = NULL;
  g_autofree char *joined = NULL;

  if (release != NULL)
    return kiln_release_profile_new_from_mix_release (release_name,
                                                      kiln_project_release_get_options (release),
                                                      error);

  names = dup_release_names (project);
  /* mix release APP builds the default release of a project without
   * releases:, named after its application. */
  if (names[0] == NULL && !kiln_project_get_is_umbrella (project)
      && g_strcmp0 (release_name, kiln_project_get_app_name (project)) == 0)
    return kiln_release_choice_new_profile (project);

  if (names[0] == NULL && kiln_project_get_app_name (project) != NULL && !kiln_project_get_is_umbrella (project))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_PROFILE_INVALID,
                   _("mix.exs has no release named “%s” and defines none; its default release is named “%s”."),
                   release_name, kiln_project_get_app_name (project));
      return NULL;
    }

  if (names[0] == NULL)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_PROFILE_INVALID,
                   _("mix.exs has no release named “%s”, and defines none."), release_name);
      return NULL;
    }

  joined = g_strjoinv (", ", names);
  g_set_error (error, KILN_ERROR, KILN_ERROR_PROFILE_INVALID,
               _("mix.exs has no release named “%s”; its releases are: %s."), release_name, joined);
  return NULL;
}

KilnReleaseProfile *
kiln_release_choice_choose (KilnProject       *project,
                            KilnProfileStore  *store,
                            const char        *release_name,
                            const char        *profile_name,
                            GError           **error)
{
  GListModel *releases;
  g_auto(GStrv) candidates = NULL;

  g_return_val_if_fail (KILN_IS_PROJECT (project), NULL);
  g_return_val_if_fail (!store || KILN_IS_PROFILE_STORE (store), NULL);
  g_return_val_if_fail (release_name == NULL || profile_name == NULL, NULL);

  if (profile_name != NULL)
    return choose_saved_profile (store, profile_name, error);

  if (release_name != NULL)
    return choose_mix_release (project, release_name, error);

  releases = kiln_project_get_releases (project);
  if (kiln_project_get_default_release (project) != NULL)
    return choose_mix_release (project, kiln_project_get_default_release (project), error);

  if (g_list_model_get_n_items (releases) == 1)
    {
      g_autoptr(KilnProjectRelease) only = g_list_model_get_item (releases, 0);

      return choose_mix_release (project, kiln_project_release_get_name (only), error);
    }

  candidates = kiln_release_choice_dup_candidates (project);
  if (candidates != NULL)
    {
      g_autofree char *names = g_strjoinv (", ", candidates);

      g_set_error (error, KILN_ERROR, KILN_ERROR_PROFILE_INVALID,
                   _("mix.exs defines several releases (%s) and no default_release."), names);
      return NULL;
    }

  if (kiln_project_get_is_umbrella (project))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_PROFILE_INVALID,
                   _("An umbrella project's release must list the applications it includes, and mix.exs "
                     "defines no release. Add one in Kiln, or in mix.exs under “releases:”."));
      return NULL;
    }

  /* No release in mix.exs: mix release's defaults, named after the app. */
  return kiln_release_choice_new_profile (project);
}
