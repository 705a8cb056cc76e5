#define G_LOG_DOMAIN "kiln-project"

#include "config.h"

#include "kiln-release-profile.h"

/* The nicks are what profiles hold in JSON. */
static const GEnumValue include_erts_values[] = {
  { KILN_INCLUDE_ERTS_YES, "KILN_INCLUDE_ERTS_YES", "yes" },
  { KILN_INCLUDE_ERTS_NO, "KILN_INCLUDE_ERTS_NO", "no" },
  { KILN_INCLUDE_ERTS_PATH, "KILN_INCLUDE_ERTS_PATH", "path" },
  { 0, NULL, NULL }
};

static const GEnumValue runtime_config_values[] = {
  { KILN_RUNTIME_CONFIG_DEFAULT, "KILN_RUNTIME_CONFIG_DEFAULT", "default" },
  { KILN_RUNTIME_CONFIG_DISABLED, "KILN_RUNTIME_CONFIG_DISABLED", "disabled" },
  { KILN_RUNTIME_CONFIG_PATH, "KILN_RUNTIME_CONFIG_PATH", "path" },
  { 0, NULL, NULL }
};

GType
kiln_include_erts_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    g_once_init_leave (&type_id, g_enum_register_static ("KilnIncludeErts", include_erts_values));

  return type_id;
}

GType
kiln_runtime_config_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    g_once_init_leave (&type_id, g_enum_register_static ("KilnRuntimeConfig", runtime_config_values));

  return type_id;
}
