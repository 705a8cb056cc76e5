#define G_LOG_DOMAIN "kiln-build"

#include "config.h"

#include <string.h>

#include "kiln-package-format.h"

static const struct {
  KilnPackageFormat format;
  const char *name;
  const char *extension;
} formats[] = {
  { KILN_PACKAGE_FORMAT_TAR_GZ, "tar.gz", ".tar.gz" },
  { KILN_PACKAGE_FORMAT_TAR_ZST, "tar.zst", ".tar.zst" },
  { KILN_PACKAGE_FORMAT_ZIP, "zip", ".zip" },
};

GType
kiln_package_format_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { KILN_PACKAGE_FORMAT_TAR_GZ, "KILN_PACKAGE_FORMAT_TAR_GZ", "tar.gz" },
        { KILN_PACKAGE_FORMAT_TAR_ZST, "KILN_PACKAGE_FORMAT_TAR_ZST", "tar.zst" },
        { KILN_PACKAGE_FORMAT_ZIP, "KILN_PACKAGE_FORMAT_ZIP", "zip" },
        { 0, NULL, NULL },
      };
      GType type = g_enum_register_static (g_intern_static_string ("KilnPackageFormat"), values);

      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

gboolean
kiln_package_format_from_string (const char        *name,
                                 KilnPackageFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  if (name == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      if (g_ascii_strcasecmp (name, formats[i].name) == 0)
        {
          *format = formats[i].format;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
kiln_package_format_to_string (KilnPackageFormat format)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      if (formats[i].format == format)
        return formats[i].name;
    }

  g_return_val_if_reached (NULL);
}

/* With the leading dot: ".tar.gz", ".tar.zst", ".zip". */
const char *
kiln_package_format_get_extension (KilnPackageFormat format)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      if (formats[i].format == format)
        return formats[i].extension;
    }

  g_return_val_if_reached (NULL);
}
