#define G_LOG_DOMAIN "kiln-build"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kiln-build-failure-private.h"
#include "kiln-build-private.h"
#include "kiln-project.h"
#include "kiln-error.h"

#define MAX_QUOTED_LINES 12

GError *
kiln_build_failure_new_busy (void)
{
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_BUSY,
                              _("This build has already run. Start a new build."));
}

GError *
kiln_build_failure_new_cancelled (void)
{
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The build was cancelled."));
}

GError *
kiln_build_failure_new_format (const char *format)
{
  return g_error_new (KILN_ERROR, KILN_ERROR_PROFILE_INVALID,
                      _("Kiln cannot package releases as “%s”. Choose tar.gz, tar.zst or zip "
                        "in the profile, then build again."), format);
}

/* The lines a failure message quotes: Mix's own error lines when there are
 * some ("** (CompileError) lib/x.ex:3: …"), the last lines otherwise. */
static char *
dup_quoted_output (GPtrArray *lines)
{
  g_autoptr(GString) quoted = g_string_new (NULL);
  guint n_quoted = 0;
  guint start;

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      if (n_quoted < MAX_QUOTED_LINES
          && (g_str_has_prefix (line, "** (") || g_str_has_prefix (line, "== Compilation error")))
        {
          g_string_append_printf (quoted, "%s\n", line);
          n_quoted++;
        }
    }

  if (quoted->len > 0)
    return g_strstrip (g_string_free (g_steal_pointer (&quoted), FALSE));

  start = lines->len > MAX_QUOTED_LINES ? lines->len - MAX_QUOTED_LINES : 0;
  for (guint i = start; i < lines->len; i++)
    g_string_append_printf (quoted, "%s\n", (const char *) g_ptr_array_index (lines, i));

  return g_strstrip (g_string_free (g_steal_pointer (&quoted), FALSE));
}

static gboolean
output_quotes (const char *output,
               const char *text)
{
  const char *end = strchr (text, '\n');
  g_autofree char *first_line = g_strndup (text, end != NULL ? (gsize) (end - text) : strlen (text));

  return strstr (output, first_line) != NULL;
}

/* The failures kiln-release.exs names before compiling: what the
 * dependencies of MIX_ENV need, worded with the command that fixes it. */
static GError *
new_dependencies_failure (const char *mix_env,
                          const char *kind,
                          const char *apps)
{
  if (g_strcmp0 (kind, "hex_missing") == 0)
    return g_error_new (KILN_ERROR, KILN_ERROR_DEPENDENCIES,
                        _("This project needs dependencies from Hex (%s), and Hex is not installed "
                          "for this Elixir. With a network connection, run “mix local.hex”, then "
                          "build again."),
                        apps);

  if (g_strcmp0 (kind, "rebar_missing") == 0)
    return g_error_new (KILN_ERROR, KILN_ERROR_DEPENDENCIES,
                        _("The dependencies %s are built with rebar3, which this Elixir cannot find. "
                          "Install Debian’s “rebar3” package, or run "
                          "“mix local.rebar rebar3 /usr/bin/rebar3”, then build again."),
                        apps);

  if (g_strcmp0 (kind, "dependencies_not_fetched") == 0)
    return g_error_new (KILN_ERROR, KILN_ERROR_DEPENDENCIES,
                        _("The dependencies %s for MIX_ENV=%s are missing or out of date, and fetching "
                          "them is turned off. Run “mix deps.get --only %s” in the project, or let "
                          "Kiln fetch them (turn on Fetch Dependencies, or leave out --no-fetch), "
                          "then build again."),
                        apps, mix_env, mix_env);

  return g_error_new (KILN_ERROR, KILN_ERROR_DEPENDENCIES,
                      _("Mix cannot use the dependencies of this project for MIX_ENV=%s:\n%s\n"
                        "Fix them in mix.exs, then build again."),
                      mix_env, apps);
}

/* Why the release helper stopped (KIND and TEXT from its fail line, if it
 * said), worded for the step it was at, quoting LINES, that step's output. */
GError *
kiln_build_failure_new_helper (KilnBuild  *build,
                               const char *step_id,
                               const char *kind,
                               const char *text,
                               int         exit_status,
                               GPtrArray  *lines)
{
  g_autofree char *output = dup_quoted_output (lines);

  /* The helper's own word on the error arrives in order with the step
   * markers; the output it echoes may have been read before them. */
  if (text != NULL && *text != '\0' && !output_quotes (output, text))
    {
      char *with_text = *output != '\0' ? g_strconcat (output, "\n", text, NULL) : g_strdup (text);

      g_free (output);
      output = with_text;
    }

  if (g_strcmp0 (kind, "dependencies") == 0 || g_strcmp0 (kind, "hex_missing") == 0
      || g_strcmp0 (kind, "rebar_missing") == 0 || g_strcmp0 (kind, "dependencies_not_fetched") == 0)
    return new_dependencies_failure (kiln_build_get_plan (build)->mix_env, kind,
                                     text != NULL && *text != '\0' ? text : _("see the log"));

  if (g_strcmp0 (kind, "elixir_version") == 0)
    {
      g_autofree char *problem = kiln_project_dup_elixir_problem (text, kiln_toolchain_get_elixir_version (kiln_build_get_toolchain (build)));

      return g_error_new_literal (KILN_ERROR, KILN_ERROR_TOOLCHAIN_TOO_OLD, problem);
    }

  if (g_strcmp0 (step_id, "compile") == 0)
    return g_error_new (KILN_ERROR, KILN_ERROR_BUILD_FAILED,
                        _("The project does not compile. Fix the error below, then build again.\n%s"),
                        output);

  if (g_strcmp0 (step_id, "assets") == 0)
    return g_error_new (KILN_ERROR, KILN_ERROR_BUILD_FAILED,
                        _("“MIX_ENV=%s mix %s” failed, so the static assets were not built. Fix the error "
                          "below (esbuild and tailwind download their tools on first use, which needs a "
                          "network), or build without them (turn off Build Static Assets, or use "
                          "--no-assets), then build again.\n%s"),
                        kiln_build_get_plan (build)->mix_env, kiln_build_get_plan (build)->assets_task, output);

  if (g_strcmp0 (step_id, "assemble") == 0)
    return g_error_new (KILN_ERROR, KILN_ERROR_BUILD_FAILED,
                        _("Mix could not assemble the release. Check the release options and "
                          "templates against the error below, then build again.\n%s"),
                        output);

  return g_error_new (KILN_ERROR, KILN_ERROR_BUILD_FAILED,
                      _("Mix could not load the project or its dependencies (exit status %d). "
                        "Fix the error below, then build again.\n%s"),
                      exit_status, output);
}

GError *
kiln_build_failure_new_incomplete (void)
{
  return g_error_new_literal (KILN_ERROR, KILN_ERROR_HELPER_FAILED,
                              _("Kiln’s release helper stopped before assembling the release. "
                                "Check the log, then build again."));
}

void
kiln_build_failure_prefix_prepare (GError **error)
{
  g_prefix_error (error, _("Kiln could not prepare the build: "));
}

void
kiln_build_failure_prefix_run (GError **error)
{
  g_prefix_error (error, _("Kiln could not run Elixir: "));
}
