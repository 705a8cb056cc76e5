#define G_LOG_DOMAIN "kiln-project"

#include "config.h"

#include <string.h>

#include "kiln-file-change.h"
#include "kiln-phoenix.h"

/* The scripts `mix phx.gen.release` adds, so that a release of a Phoenix
 * project serves (bin/server sets PHX_SERVER) and migrates its database
 * without Mix on the target (bin/migrate calls APP.Release.migrate). */

static const char server_sh[] =
  "#!/bin/sh\n"
  "set -eu\n"
  "\n"
  "cd -P -- \"$(dirname -- \"$0\")\"\n"
  "PHX_SERVER=true exec ./%s start\n";

static const char server_bat[] =
  "set PHX_SERVER=true\r\n"
  "call \"%%~dp0\\%s\" start\r\n";

static const char migrate_sh[] =
  "#!/bin/sh\n"
  "set -eu\n"
  "\n"
  "cd -P -- \"$(dirname -- \"$0\")\"\n"
  "exec ./%s eval %s.Release.migrate\n";

static const char migrate_bat[] =
  "call \"%%~dp0\\%s\" eval %s.Release.migrate\r\n";

static const char release_ex[] =
  "defmodule %s.Release do\n"
  "  @moduledoc \"\"\"\n"
  "  Database tasks for the release, where Mix is not installed:\n"
  "  `bin/migrate`, or `bin/%s eval \"%s.Release.rollback(Repo, version)\"`.\n"
  "  \"\"\"\n"
  "  @app :%s\n"
  "\n"
  "  def migrate do\n"
  "    Application.load(@app)\n"
  "\n"
  "    for repo <- Application.fetch_env!(@app, :ecto_repos) do\n"
  "      {:ok, _, _} = Ecto.Migrator.with_repo(repo, &Ecto.Migrator.run(&1, :up, all: true))\n"
  "    end\n"
  "  end\n"
  "\n"
  "  def rollback(repo, version) do\n"
  "    Application.load(@app)\n"
  "    {:ok, _, _} = Ecto.Migrator.with_repo(repo, &Ecto.Migrator.run(&1, :down, to: version))\n"
  "  end\n"
  "end\n";

/* ShopWeb.Endpoint → Shop; Shop.Endpoint → Shop; else the app's name camelized. */
static char *
dup_base_module (KilnPhoenix *self,
                 const char  *app_name)
{
  const char *endpoint = kiln_phoenix_get_endpoint (self);
  GString *module;
  gboolean upper = TRUE;

  if (endpoint != NULL && g_str_has_suffix (endpoint, ".Endpoint"))
    {
      g_autofree char *base = g_strndup (endpoint, strlen (endpoint) - strlen (".Endpoint"));

      if (g_str_has_suffix (base, "Web") && strlen (base) > 3)
        base[strlen (base) - 3] = '\0';
      if (strchr (base, '.') == NULL)
        return g_steal_pointer (&base);
    }

  module = g_string_new (NULL);
  for (const char *p = app_name; *p != '\0'; p++)
    {
      if (*p == '_')
        upper = TRUE;
      else
        {
          g_string_append_c (module, upper ? g_ascii_toupper (*p) : *p);
          upper = FALSE;
        }
    }

  return g_string_free (module, FALSE);
}

static gboolean
add_if_missing (GPtrArray   *changes,
                const char  *project_dir,
                const char  *relative_path,
                char        *contents,
                gboolean     executable,
                GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new_take (contents, strlen (contents));
  g_autoptr(KilnFileChange) change = kiln_file_change_new (project_dir, relative_path, bytes);

  if (!kiln_file_change_read_current (change, error))
    return FALSE;

  /* A script the project already has is its own: never replaced. */
  if (kiln_file_change_get_is_new (change))
    {
      kiln_file_change_set_executable (change, executable);
      g_ptr_array_add (changes, g_steal_pointer (&change));
    }

  return TRUE;
}

GPtrArray *
kiln_phoenix_dup_script_changes (KilnPhoenix  *self,
                                 const char   *project_dir,
                                 const char   *app_name,
                                 const char   *release_name,
                                 GError      **error)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *module = NULL;
  g_autofree char *release_path = NULL;

  g_return_val_if_fail (KILN_IS_PHOENIX (self), NULL);
  g_return_val_if_fail (project_dir != NULL && app_name != NULL && release_name != NULL, NULL);

  module = dup_base_module (self, app_name);
  release_path = g_strdup_printf ("lib/%s/release.ex", app_name);

  if (!add_if_missing (changes, project_dir, "rel/overlays/bin/server",
                       g_strdup_printf (server_sh, release_name), TRUE, error) ||
      !add_if_missing (changes, project_dir, "rel/overlays/bin/server.bat",
                       g_strdup_printf (server_bat, release_name), FALSE, error))
    return NULL;

  if (kiln_phoenix_get_uses_ecto (self) &&
      (!add_if_missing (changes, project_dir, "rel/overlays/bin/migrate",
                        g_strdup_printf (migrate_sh, release_name, module), TRUE, error) ||
       !add_if_missing (changes, project_dir, "rel/overlays/bin/migrate.bat",
                        g_strdup_printf (migrate_bat, release_name, module), FALSE, error) ||
       !add_if_missing (changes, project_dir, release_path,
                        g_strdup_printf (release_ex, module, release_name, module, app_name), FALSE, error)))
    return NULL;

  return g_steal_pointer (&changes);
}
