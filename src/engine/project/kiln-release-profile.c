#define G_LOG_DOMAIN "kiln-project"

#include "config.h"

#include "kiln-release-profile.h"

enum {
  PROP_0,
  PROP_NAME,
  PROP_MIX_ENV,
  PROP_APPLICATIONS,
  PROP_INCLUDE_ERTS,
  PROP_INCLUDE_ERTS_PATH,
  PROP_INCLUDE_EXECUTABLES_FOR,
  PROP_STRIP_BEAMS,
  PROP_STRIP_BEAMS_KEEP,
  PROP_STRIP_BEAMS_COMPRESS,
  PROP_COOKIE,
  PROP_PATH,
  PROP_VERSION,
  PROP_QUIET,
  PROP_STEPS_INCLUDE_TAR,
  PROP_OVERLAYS,
  PROP_RUNTIME_CONFIG,
  PROP_RUNTIME_CONFIG_PATH,
  PROP_VALIDATE_COMPILE_ENV,
  PROP_REBOOT_SYSTEM_AFTER_CONFIG,
  PROP_CONFIG_PROVIDERS,
  PROP_REL_TEMPLATES_PATH,
  PROP_OVERLAY_ENTRIES,
  PROP_VM_ARGS_TEMPLATE,
  PROP_REMOTE_VM_ARGS_TEMPLATE,
  PROP_ENV_SH_TEMPLATE,
  PROP_PACKAGE_FORMATS,
  PROP_OUTPUT_DIR,
  PROP_FETCH_DEPENDENCIES,
  PROP_EXTRA_OPTIONS,
  PROP_WARNINGS,
  PROP_RUN_ASSETS,
  PROP_PHOENIX_ENVIRONMENT,
  PROP_ENVIRONMENT,
  N_PROPS
};

/* Scalar settings live in per-kind arrays indexed by property id, so every
 * setter shares one compare-store-notify path. */
struct _KilnReleaseProfile
{
  GObject parent_instance;

  GListStore *applications;
  GListStore *overlay_entries;
  GListStore *environment;

  GPtrArray *extra_keys;
  GPtrArray *extra_codes;
  GPtrArray *warnings;

  char *strings[N_PROPS];
  char **strvs[N_PROPS];
  gboolean bools[N_PROPS];
  int enums[N_PROPS];
};

enum {
  CHANGED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (KilnReleaseProfile, kiln_release_profile, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char * const empty_strv[] = { NULL };

static const char * const *
as_strv (GPtrArray *null_terminated)
{
  if (null_terminated->pdata == NULL)
    return empty_strv;

  return (const char * const *)null_terminated->pdata;
}

static void
set_string (KilnReleaseProfile *self,
            guint               prop_id,
            const char         *value)
{
  if (g_strcmp0 (self->strings[prop_id], value) == 0)
    return;

  g_free (self->strings[prop_id]);
  self->strings[prop_id] = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_strv (KilnReleaseProfile *self,
          guint               prop_id,
          const char * const *value)
{
  if (value == NULL)
    value = empty_strv;

  if (g_strv_equal ((const char * const *)self->strvs[prop_id], value))
    return;

  g_strfreev (self->strvs[prop_id]);
  self->strvs[prop_id] = g_strdupv ((char **)value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_bool (KilnReleaseProfile *self,
          guint               prop_id,
          gboolean            value)
{
  value = !!value;

  if (self->bools[prop_id] == value)
    return;

  self->bools[prop_id] = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_enum (KilnReleaseProfile *self,
          guint               prop_id,
          int                 value)
{
  if (self->enums[prop_id] == value)
    return;

  self->enums[prop_id] = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
emit_changed (KilnReleaseProfile *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Items removed from a store may live on elsewhere; only items still in one
 * of our stores count as a change to this profile. */
static void
on_item_notify (KilnReleaseProfile *self,
                GParamSpec         *pspec,
                GObject            *item)
{
  GListStore *store = KILN_IS_RELEASE_APPLICATION (item) ? self->applications
                      : KILN_IS_ENVIRONMENT_VARIABLE (item) ? self->environment
                      : self->overlay_entries;

  if (g_list_store_find (store, item, NULL))
    emit_changed (self);
}

static void
on_items_changed (KilnReleaseProfile *self,
                  guint               position,
                  guint               removed,
                  guint               added,
                  GListModel         *model)
{
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, position + i);

      g_signal_handlers_disconnect_by_func (item, on_item_notify, self);
      g_signal_connect_object (item, "notify", G_CALLBACK (on_item_notify), self, G_CONNECT_SWAPPED);
    }

  emit_changed (self);
}

static void
kiln_release_profile_dispatch_properties_changed (GObject     *object,
                                                  guint        n_pspecs,
                                                  GParamSpec **pspecs)
{
  G_OBJECT_CLASS (kiln_release_profile_parent_class)->dispatch_properties_changed (object, n_pspecs, pspecs);

  emit_changed (KILN_RELEASE_PROFILE (object));
}

static void
kiln_release_profile_finalize (GObject *object)
{
  KilnReleaseProfile *self = (KilnReleaseProfile *)object;

  g_clear_object (&self->applications);
  g_clear_object (&self->overlay_entries);
  g_clear_object (&self->environment);
  g_clear_pointer (&self->extra_keys, g_ptr_array_unref);
  g_clear_pointer (&self->extra_codes, g_ptr_array_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);

  for (guint i = 0; i < N_PROPS; i++)
    {
      g_clear_pointer (&self->strings[i], g_free);
      g_clear_pointer (&self->strvs[i], g_strfreev);
    }

  G_OBJECT_CLASS (kiln_release_profile_parent_class)->finalize (object);
}

static void
kiln_release_profile_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  KilnReleaseProfile *self = KILN_RELEASE_PROFILE (object);

  switch (prop_id)
    {
    case PROP_APPLICATIONS:
      g_value_set_object (value, self->applications);
      break;

    case PROP_OVERLAY_ENTRIES:
      g_value_set_object (value, self->overlay_entries);
      break;

    case PROP_ENVIRONMENT:
      g_value_set_object (value, self->environment);
      break;

    case PROP_WARNINGS:
      g_value_set_boxed (value, kiln_release_profile_get_warnings (self));
      break;

    case PROP_EXTRA_OPTIONS:
      g_value_set_boxed (value, kiln_release_profile_get_extra_option_keys (self));
      break;

    default:
      if (prop_id >= N_PROPS)
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      else if (G_IS_PARAM_SPEC_STRING (pspec))
        g_value_set_string (value, self->strings[prop_id]);
      else if (G_IS_PARAM_SPEC_BOOLEAN (pspec))
        g_value_set_boolean (value, self->bools[prop_id]);
      else if (G_IS_PARAM_SPEC_ENUM (pspec))
        g_value_set_enum (value, self->enums[prop_id]);
      else if (G_IS_PARAM_SPEC_BOXED (pspec))
        g_value_set_boxed (value, self->strvs[prop_id]);
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_release_profile_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  KilnReleaseProfile *self = KILN_RELEASE_PROFILE (object);

  if (prop_id >= N_PROPS)
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  else if (G_IS_PARAM_SPEC_STRING (pspec))
    set_string (self, prop_id, g_value_get_string (value));
  else if (G_IS_PARAM_SPEC_BOOLEAN (pspec))
    set_bool (self, prop_id, g_value_get_boolean (value));
  else if (G_IS_PARAM_SPEC_ENUM (pspec))
    set_enum (self, prop_id, g_value_get_enum (value));
  else if (G_IS_PARAM_SPEC_BOXED (pspec))
    set_strv (self, prop_id, g_value_get_boxed (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

#define RW_FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)
#define RO_FLAGS (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)

static void
install_string (guint       prop_id,
                const char *name,
                const char *default_value)
{
  properties[prop_id] = g_param_spec_string (name, NULL, NULL, default_value, RW_FLAGS);
}

static void
install_bool (guint       prop_id,
              const char *name,
              gboolean    default_value)
{
  properties[prop_id] = g_param_spec_boolean (name, NULL, NULL, default_value, RW_FLAGS);
}

static void
install_strv (guint       prop_id,
              const char *name)
{
  properties[prop_id] = g_param_spec_boxed (name, NULL, NULL, G_TYPE_STRV, RW_FLAGS);
}

static void
kiln_release_profile_class_init (KilnReleaseProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kiln_release_profile_finalize;
  object_class->get_property = kiln_release_profile_get_property;
  object_class->set_property = kiln_release_profile_set_property;
  object_class->dispatch_properties_changed = kiln_release_profile_dispatch_properties_changed;

  install_string (PROP_NAME, "name", NULL);
  install_string (PROP_MIX_ENV, "mix-env", "prod");
  properties[PROP_APPLICATIONS] =
    g_param_spec_object ("applications", NULL, NULL, G_TYPE_LIST_MODEL, RO_FLAGS);
  properties[PROP_INCLUDE_ERTS] =
    g_param_spec_enum ("include-erts", NULL, NULL,
                       KILN_TYPE_INCLUDE_ERTS, KILN_INCLUDE_ERTS_YES, RW_FLAGS);
  install_string (PROP_INCLUDE_ERTS_PATH, "include-erts-path", NULL);
  install_strv (PROP_INCLUDE_EXECUTABLES_FOR, "include-executables-for");
  install_bool (PROP_STRIP_BEAMS, "strip-beams", TRUE);
  install_strv (PROP_STRIP_BEAMS_KEEP, "strip-beams-keep");
  install_bool (PROP_STRIP_BEAMS_COMPRESS, "strip-beams-compress", FALSE);
  install_string (PROP_COOKIE, "cookie", NULL);
  install_string (PROP_PATH, "path", NULL);
  install_string (PROP_VERSION, "version", NULL);
  install_bool (PROP_QUIET, "quiet", FALSE);
  install_bool (PROP_STEPS_INCLUDE_TAR, "steps-include-tar", FALSE);
  install_strv (PROP_OVERLAYS, "overlays");
  properties[PROP_RUNTIME_CONFIG] =
    g_param_spec_enum ("runtime-config", NULL, NULL,
                       KILN_TYPE_RUNTIME_CONFIG, KILN_RUNTIME_CONFIG_DEFAULT, RW_FLAGS);
  install_string (PROP_RUNTIME_CONFIG_PATH, "runtime-config-path", NULL);
  install_bool (PROP_VALIDATE_COMPILE_ENV, "validate-compile-env", TRUE);
  install_bool (PROP_REBOOT_SYSTEM_AFTER_CONFIG, "reboot-system-after-config", FALSE);
  install_string (PROP_CONFIG_PROVIDERS, "config-providers", NULL);
  install_string (PROP_REL_TEMPLATES_PATH, "rel-templates-path", NULL);
  properties[PROP_OVERLAY_ENTRIES] =
    g_param_spec_object ("overlay-entries", NULL, NULL, G_TYPE_LIST_MODEL, RO_FLAGS);
  install_string (PROP_VM_ARGS_TEMPLATE, "vm-args-template", NULL);
  install_string (PROP_REMOTE_VM_ARGS_TEMPLATE, "remote-vm-args-template", NULL);
  install_string (PROP_ENV_SH_TEMPLATE, "env-sh-template", NULL);
  install_strv (PROP_PACKAGE_FORMATS, "package-formats");
  install_string (PROP_OUTPUT_DIR, "output-dir", NULL);
  /* Whether the build may run mix deps.get when dependencies are missing. */
  install_bool (PROP_FETCH_DEPENDENCIES, "fetch-dependencies", TRUE);
  /* The keys of the extra options, in order. */
  properties[PROP_EXTRA_OPTIONS] =
    g_param_spec_boxed ("extra-options", NULL, NULL, G_TYPE_STRV, RO_FLAGS);
  properties[PROP_WARNINGS] =
    g_param_spec_boxed ("warnings", NULL, NULL, G_TYPE_STRV, RO_FLAGS);
  /* Phoenix: the Assets step, and Kiln's own variables for checks. */
  install_bool (PROP_RUN_ASSETS, "run-assets", TRUE);
  install_bool (PROP_PHOENIX_ENVIRONMENT, "phoenix-environment", TRUE);
  properties[PROP_ENVIRONMENT] =
    g_param_spec_object ("environment", NULL, NULL, G_TYPE_LIST_MODEL, RO_FLAGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted once per batch of property notifications and for every edit of
   * the application or overlay lists, extra options and warnings. */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
kiln_release_profile_init (KilnReleaseProfile *self)
{
  static const char * const default_executables[] = { "unix", "windows", NULL };
  static const char * const default_formats[] = { "tar.gz", NULL };

  self->applications = g_list_store_new (KILN_TYPE_RELEASE_APPLICATION);
  self->overlay_entries = g_list_store_new (KILN_TYPE_OVERLAY_ENTRY);
  self->environment = g_list_store_new (KILN_TYPE_ENVIRONMENT_VARIABLE);
  self->extra_keys = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  self->extra_codes = g_ptr_array_new_with_free_func (g_free);
  self->warnings = g_ptr_array_new_null_terminated (4, g_free, TRUE);

  g_signal_connect_object (self->applications, "items-changed",
                           G_CALLBACK (on_items_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->overlay_entries, "items-changed",
                           G_CALLBACK (on_items_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->environment, "items-changed",
                           G_CALLBACK (on_items_changed), self, G_CONNECT_SWAPPED);

  for (guint i = 0; i < N_PROPS; i++)
    {
      if (properties[i] != NULL && G_IS_PARAM_SPEC_BOXED (properties[i]) &&
          i != PROP_WARNINGS && i != PROP_EXTRA_OPTIONS)
        self->strvs[i] = g_strdupv ((char **)empty_strv);
    }

  g_strfreev (self->strvs[PROP_INCLUDE_EXECUTABLES_FOR]);
  self->strvs[PROP_INCLUDE_EXECUTABLES_FOR] = g_strdupv ((char **)default_executables);
  g_strfreev (self->strvs[PROP_PACKAGE_FORMATS]);
  self->strvs[PROP_PACKAGE_FORMATS] = g_strdupv ((char **)default_formats);

  self->strings[PROP_MIX_ENV] = g_strdup ("prod");
  self->bools[PROP_STRIP_BEAMS] = TRUE;
  self->bools[PROP_VALIDATE_COMPILE_ENV] = TRUE;
  self->bools[PROP_RUN_ASSETS] = TRUE;
  self->bools[PROP_PHOENIX_ENVIRONMENT] = TRUE;
  self->bools[PROP_FETCH_DEPENDENCIES] = TRUE;
  self->enums[PROP_INCLUDE_ERTS] = KILN_INCLUDE_ERTS_YES;
  self->enums[PROP_RUNTIME_CONFIG] = KILN_RUNTIME_CONFIG_DEFAULT;
}

KilnReleaseProfile *
kiln_release_profile_new (const char *name)
{
  return g_object_new (KILN_TYPE_RELEASE_PROFILE,
                       "name", name,
                       NULL);
}

#define STRING_ACCESSORS(field, PROP)                                           \
  const char *                                                                  \
  kiln_release_profile_get_##field (KilnReleaseProfile *self)                   \
  {                                                                             \
    g_return_val_if_fail (KILN_IS_RELEASE_PROFILE (self), NULL);                \
    return self->strings[PROP];                                                 \
  }                                                                             \
  void                                                                          \
  kiln_release_profile_set_##field (KilnReleaseProfile *self,                   \
                                    const char         *value)                  \
  {                                                                             \
    g_return_if_fail (KILN_IS_RELEASE_PROFILE (self));                          \
    set_string (self, PROP, value);                                             \
  }

#define STRV_ACCESSORS(field, PROP)                                             \
  const char * const *                                                          \
  kiln_release_profile_get_##field (KilnReleaseProfile *self)                   \
  {                                                                             \
    g_return_val_if_fail (KILN_IS_RELEASE_PROFILE (self), NULL);                \
    return (const char * const *)self->strvs[PROP];                             \
  }                                                                             \
  void                                                                          \
  kiln_release_profile_set_##field (KilnReleaseProfile *self,                   \
                                    const char * const *value)                  \
  {                                                                             \
    g_return_if_fail (KILN_IS_RELEASE_PROFILE (self));                          \
    set_strv (self, PROP, value);                                               \
  }

#define BOOL_ACCESSORS(field, PROP)                                             \
  gboolean                                                                      \
  kiln_release_profile_get_##field (KilnReleaseProfile *self)                   \
  {                                                                             \
    g_return_val_if_fail (KILN_IS_RELEASE_PROFILE (self), FALSE);               \
    return self->bools[PROP];                                                   \
  }                                                                             \
  void                                                                          \
  kiln_release_profile_set_##field (KilnReleaseProfile *self,                   \
                                    gboolean            value)                  \
  {                                                                             \
    g_return_if_fail (KILN_IS_RELEASE_PROFILE (self));                          \
    set_bool (self, PROP, value);                                               \
  }

STRING_ACCESSORS (name, PROP_NAME)
STRING_ACCESSORS (mix_env, PROP_MIX_ENV)
STRING_ACCESSORS (include_erts_path, PROP_INCLUDE_ERTS_PATH)
STRING_ACCESSORS (version, PROP_VERSION)
STRING_ACCESSORS (cookie, PROP_COOKIE)
STRING_ACCESSORS (path, PROP_PATH)
STRING_ACCESSORS (rel_templates_path, PROP_REL_TEMPLATES_PATH)
STRING_ACCESSORS (runtime_config_path, PROP_RUNTIME_CONFIG_PATH)
STRING_ACCESSORS (config_providers, PROP_CONFIG_PROVIDERS)
STRING_ACCESSORS (output_dir, PROP_OUTPUT_DIR)
STRV_ACCESSORS (include_executables_for, PROP_INCLUDE_EXECUTABLES_FOR)
STRV_ACCESSORS (strip_beams_keep, PROP_STRIP_BEAMS_KEEP)
STRV_ACCESSORS (overlays, PROP_OVERLAYS)
STRV_ACCESSORS (package_formats, PROP_PACKAGE_FORMATS)
BOOL_ACCESSORS (strip_beams, PROP_STRIP_BEAMS)
BOOL_ACCESSORS (strip_beams_compress, PROP_STRIP_BEAMS_COMPRESS)
BOOL_ACCESSORS (quiet, PROP_QUIET)
BOOL_ACCESSORS (steps_include_tar, PROP_STEPS_INCLUDE_TAR)
BOOL_ACCESSORS (validate_compile_env, PROP_VALIDATE_COMPILE_ENV)
BOOL_ACCESSORS (reboot_system_after_config, PROP_REBOOT_SYSTEM_AFTER_CONFIG)
BOOL_ACCESSORS (run_assets, PROP_RUN_ASSETS)
BOOL_ACCESSORS (phoenix_environment, PROP_PHOENIX_ENVIRONMENT)

GListModel *
kiln_release_profile_get_environment (KilnReleaseProfile *self)
{
  g_return_val_if_fail (KILN_IS_RELEASE_PROFILE (self), NULL);

  return G_LIST_MODEL (self->environment);
}

GListStore *
kiln_release_profile_get_environment_store (KilnReleaseProfile *self)
{
  g_return_val_if_fail (KILN_IS_RELEASE_PROFILE (self), NULL);

  return self->environment;
}
BOOL_ACCESSORS (fetch_dependencies, PROP_FETCH_DEPENDENCIES)

KilnIncludeErts
kiln_release_profile_get_include_erts (KilnReleaseProfile *self)
{
  g_return_val_if_fail (KILN_IS_RELEASE_PROFILE (self), KILN_INCLUDE_ERTS_YES);

  return self->enums[PROP_INCLUDE_ERTS];
}

void
kiln_release_profile_set_include_erts (KilnReleaseProfile *self,
                                       KilnIncludeErts     include_erts)
{
  g_return_if_fail (KILN_IS_RELEASE_PROFILE (self));
  g_return_if_fail (include_erts <= KILN_INCLUDE_ERTS_PATH);

  set_enum (self, PROP_INCLUDE_ERTS, include_erts);
}

KilnRuntimeConfig
kiln_release_profile_get_runtime_config (KilnReleaseProfile *self)
{
  g_return_val_if_fail (KILN_IS_RELEASE_PROFILE (self), KILN_RUNTIME_CONFIG_DEFAULT);

  return self->enums[PROP_RUNTIME_CONFIG];
}

void
kiln_release_profile_set_runtime_config (KilnReleaseProfile *self,
                                         KilnRuntimeConfig   runtime_config)
{
  g_return_if_fail (KILN_IS_RELEASE_PROFILE (self));
  g_return_if_fail (runtime_config <= KILN_RUNTIME_CONFIG_PATH);

  set_enum (self, PROP_RUNTIME_CONFIG, runtime_config);
}

static guint
template_prop (KilnReleaseTemplate template_kind)
{
  return PROP_VM_ARGS_TEMPLATE + template_kind;
}

const char *
kiln_release_profile_get_template (KilnReleaseProfile  *self,
                                   KilnReleaseTemplate  template_kind)
{
  g_return_val_if_fail (KILN_IS_RELEASE_PROFILE (self), NULL);
  g_return_val_if_fail (template_kind <= KILN_RELEASE_TEMPLATE_ENV_SH, NULL);

  return self->strings[template_prop (template_kind)];
}

void
kiln_release_profile_set_template (KilnReleaseProfile  *self,
                                   KilnReleaseTemplate  template_kind,
                                   const char          *contents)
{
  g_return_if_fail (KILN_IS_RELEASE_PROFILE (self));
  g_return_if_fail (template_kind <= KILN_RELEASE_TEMPLATE_ENV_SH);

  set_string (self, template_prop (template_kind), contents);
}

GListModel *
kiln_release_profile_get_applications (KilnReleaseProfile *self)
{
  g_return_val_if_fail (KILN_IS_RELEASE_PROFILE (self), NULL);

  return G_LIST_MODEL (self->applications);
}

GListStore *
kiln_release_profile_get_application_store (KilnReleaseProfile *self)
{
  g_return_val_if_fail (KILN_IS_RELEASE_PROFILE (self), NULL);

  return self->applications;
}

GListModel *
kiln_release_profile_get_overlay_entries (KilnReleaseProfile *self)
{
  g_return_val_if_fail (KILN_IS_RELEASE_PROFILE (self), NULL);

  return G_LIST_MODEL (self->overlay_entries);
}

GListStore *
kiln_release_profile_get_overlay_entry_store (KilnReleaseProfile *self)
{
  g_return_val_if_fail (KILN_IS_RELEASE_PROFILE (self), NULL);

  return self->overlay_entries;
}

const char * const *
kiln_release_profile_get_extra_option_keys (KilnReleaseProfile *self)
{
  g_return_val_if_fail (KILN_IS_RELEASE_PROFILE (self), NULL);

  return as_strv (self->extra_keys);
}

static gboolean
find_extra_option (KilnReleaseProfile *self,
                   const char         *key,
                   guint              *index)
{
  return g_ptr_array_find_with_equal_func (self->extra_keys, key, g_str_equal, index);
}

const char *
kiln_release_profile_get_extra_option (KilnReleaseProfile *self,
                                       const char         *key)
{
  guint index;

  g_return_val_if_fail (KILN_IS_RELEASE_PROFILE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (!find_extra_option (self, key, &index))
    return NULL;

  return g_ptr_array_index (self->extra_codes, index);
}

void
kiln_release_profile_set_extra_option (KilnReleaseProfile *self,
                                       const char         *key,
                                       const char         *code)
{
  guint index;

  g_return_if_fail (KILN_IS_RELEASE_PROFILE (self));
  g_return_if_fail (key != NULL);

  if (find_extra_option (self, key, &index))
    {
      if (g_strcmp0 (g_ptr_array_index (self->extra_codes, index), code) == 0)
        return;

      if (code == NULL)
        {
          g_ptr_array_remove_index (self->extra_keys, index);
          g_ptr_array_remove_index (self->extra_codes, index);
        }
      else
        {
          g_free (g_ptr_array_index (self->extra_codes, index));
          g_ptr_array_index (self->extra_codes, index) = g_strdup (code);
        }
    }
  else if (code != NULL)
    {
      g_ptr_array_add (self->extra_keys, g_strdup (key));
      g_ptr_array_add (self->extra_codes, g_strdup (code));
    }
  else
    {
      return;
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXTRA_OPTIONS]);
}

const char * const *
kiln_release_profile_get_warnings (KilnReleaseProfile *self)
{
  g_return_val_if_fail (KILN_IS_RELEASE_PROFILE (self), NULL);

  return as_strv (self->warnings);
}

void
kiln_release_profile_add_warning (KilnReleaseProfile *self,
                                  const char         *warning)
{
  g_return_if_fail (KILN_IS_RELEASE_PROFILE (self));
  g_return_if_fail (warning != NULL);

  g_ptr_array_add (self->warnings, g_strdup (warning));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WARNINGS]);
}
