#define G_LOG_DOMAIN "kiln-history"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "kiln-build-record.h"

static char *
format_duration (gint64 duration_ms)
{
  gint64 seconds = duration_ms / 1000;

  if (duration_ms < 60 * 1000)
    return g_strdup_printf (_("%.1f s"), duration_ms / 1000.0);
  if (seconds < 60 * 60)
    return g_strdup_printf (_("%d min %d s"), (int)(seconds / 60), (int)(seconds % 60));
  return g_strdup_printf (_("%d h %d min"), (int)(seconds / 3600), (int)(seconds / 60 % 60));
}

static char *
describe_result (KilnBuildRecord *self)
{
  KilnBuildResult result = kiln_build_record_get_result (self);
  GDateTime *started_at = kiln_build_record_get_started_at (self);
  gint64 duration_ms = kiln_build_record_get_duration_ms (self);
  g_autofree char *duration = duration_ms >= 0 ? format_duration (duration_ms) : NULL;

  if (result == KILN_BUILD_RESULT_RUNNING && started_at != NULL)
    {
      g_autofree char *time = g_date_time_format (started_at, "%H:%M:%S");
      return g_strdup_printf (_("Running since %s"), time);
    }

  if (duration == NULL || result == KILN_BUILD_RESULT_RUNNING)
    return g_strdup (kiln_build_result_to_label (result));

  switch (result)
    {
    case KILN_BUILD_RESULT_SUCCEEDED: return g_strdup_printf (_("Succeeded in %s"), duration);
    case KILN_BUILD_RESULT_FAILED:    return g_strdup_printf (_("Failed after %s"), duration);
    case KILN_BUILD_RESULT_CANCELLED: return g_strdup_printf (_("Cancelled after %s"), duration);
    case KILN_BUILD_RESULT_INTERRUPTED: return g_strdup_printf (_("Interrupted after %s"), duration);
    case KILN_BUILD_RESULT_RUNNING:
    default:                          g_assert_not_reached ();
    }
}

char *
kiln_build_record_dup_summary (KilnBuildRecord *self)
{
  g_autoptr(GString) summary = NULL;
  g_autofree char *result = NULL;
  const char *error_message;
  guint n_artifacts;

  g_return_val_if_fail (KILN_IS_BUILD_RECORD (self), NULL);

  result = describe_result (self);
  summary = g_string_new (result);

  n_artifacts = g_list_model_get_n_items (kiln_build_record_get_artifacts (self));
  if (n_artifacts > 0)
    {
      g_string_append (summary, " · ");
      g_string_append_printf (summary, g_dngettext (GETTEXT_PACKAGE, "%u archive", "%u archives", n_artifacts),
                              n_artifacts);
    }

  error_message = kiln_build_record_get_error_message (self);
  if (kiln_build_record_get_result (self) == KILN_BUILD_RESULT_FAILED && error_message != NULL && *error_message != '\0')
    {
      const char *newline = strchr (error_message, '\n');
      int length = newline != NULL ? (int)(newline - error_message) : (int)strlen (error_message);

      g_string_append_printf (summary, " · %.*s", length, error_message);
    }

  return g_string_free (g_steal_pointer (&summary), FALSE);
}
