#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  KILN_PACKAGE_FORMAT_TAR_GZ,
  KILN_PACKAGE_FORMAT_TAR_ZST,
  KILN_PACKAGE_FORMAT_ZIP,
} KilnPackageFormat;

#define KILN_TYPE_PACKAGE_FORMAT (kiln_package_format_get_type ())

GType       kiln_package_format_get_type      (void) G_GNUC_CONST;
gboolean    kiln_package_format_from_string   (const char         *name,
                                               KilnPackageFormat  *format);
const char *kiln_package_format_to_string     (KilnPackageFormat   format);
const char *kiln_package_format_get_extension (KilnPackageFormat   format);

G_END_DECLS
