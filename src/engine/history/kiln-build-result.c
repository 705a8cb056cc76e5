#define G_LOG_DOMAIN "kiln-history"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kiln-build-result.h"

G_DEFINE_ENUM_TYPE (KilnBuildResult, kiln_build_result,
  G_DEFINE_ENUM_VALUE (KILN_BUILD_RESULT_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (KILN_BUILD_RESULT_SUCCEEDED, "succeeded"),
  G_DEFINE_ENUM_VALUE (KILN_BUILD_RESULT_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (KILN_BUILD_RESULT_CANCELLED, "cancelled"),
  G_DEFINE_ENUM_VALUE (KILN_BUILD_RESULT_INTERRUPTED, "interrupted"))

/* The nicks above are what files and JSON hold. */
const char *
kiln_build_result_to_string (KilnBuildResult result)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (KILN_TYPE_BUILD_RESULT);
  GEnumValue *value = g_enum_get_value (klass, result);

  return value != NULL ? value->value_nick : NULL;
}

gboolean
kiln_build_result_from_string (const char      *name,
                               KilnBuildResult *result)
{
  g_autoptr(GEnumClass) klass = NULL;
  GEnumValue *value;

  if (name == NULL)
    return FALSE;

  klass = g_type_class_ref (KILN_TYPE_BUILD_RESULT);
  if (!(value = g_enum_get_value_by_nick (klass, name)))
    return FALSE;

  if (result != NULL)
    *result = value->value;
  return TRUE;
}

/* For people, translated. */
const char *
kiln_build_result_to_label (KilnBuildResult result)
{
  switch (result)
    {
    case KILN_BUILD_RESULT_RUNNING:   return _("Running");
    case KILN_BUILD_RESULT_SUCCEEDED: return _("Succeeded");
    case KILN_BUILD_RESULT_FAILED:    return _("Failed");
    case KILN_BUILD_RESULT_CANCELLED: return _("Cancelled");
    case KILN_BUILD_RESULT_INTERRUPTED: return _("Interrupted");
    default:                          return NULL;
    }
}
