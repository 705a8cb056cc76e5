#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "kiln-environment-variable.h"
#include "kiln-overlay-entry.h"
#include "kiln-release-application.h"
#include "kiln-release-template.h"

G_BEGIN_DECLS

#define KILN_PROFILE_FORMAT_VERSION 1
#define KILN_PROFILE_FORMAT         "kiln-release-profile"
/* What records, logs and --json show in place of a cookie. */
#define KILN_COOKIE_REDACTED        "(set)"

typedef enum
{
  KILN_INCLUDE_ERTS_YES,
  KILN_INCLUDE_ERTS_NO,
  KILN_INCLUDE_ERTS_PATH,
} KilnIncludeErts;

typedef enum
{
  KILN_RUNTIME_CONFIG_DEFAULT,
  KILN_RUNTIME_CONFIG_DISABLED,
  KILN_RUNTIME_CONFIG_PATH,
} KilnRuntimeConfig;

#define KILN_TYPE_INCLUDE_ERTS   (kiln_include_erts_get_type ())
#define KILN_TYPE_RUNTIME_CONFIG (kiln_runtime_config_get_type ())
GType kiln_include_erts_get_type   (void) G_GNUC_CONST;
GType kiln_runtime_config_get_type (void) G_GNUC_CONST;

/* One problem found by validation: the profile property it concerns and a
 * sentence a user can act on. */
typedef struct
{
  char *field;
  char *message;
} KilnProfileProblem;

KilnProfileProblem *kiln_profile_problem_new  (const char         *field,
                                               const char         *message);
void                kiln_profile_problem_free (KilnProfileProblem *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KilnProfileProblem, kiln_profile_problem_free)

#define KILN_TYPE_RELEASE_PROFILE (kiln_release_profile_get_type ())
G_DECLARE_FINAL_TYPE (KilnReleaseProfile, kiln_release_profile, KILN, RELEASE_PROFILE, GObject)

KilnReleaseProfile *kiln_release_profile_new                  (const char          *name);
KilnReleaseProfile *kiln_release_profile_new_from_json        (const char          *json,
                                                               GError             **error);
KilnReleaseProfile *kiln_release_profile_new_from_mix_release (const char          *name,
                                                               JsonArray           *options,
                                                               GError             **error);
char               *kiln_release_profile_to_json              (KilnReleaseProfile  *self);
/* The same without secret values: for the build record and --json. */
char               *kiln_release_profile_to_public_json       (KilnReleaseProfile  *self);
KilnReleaseProfile *kiln_release_profile_copy                 (KilnReleaseProfile  *self);

const char         *kiln_release_profile_get_name             (KilnReleaseProfile  *self);
void                kiln_release_profile_set_name             (KilnReleaseProfile  *self,
                                                               const char          *name);
const char         *kiln_release_profile_get_mix_env          (KilnReleaseProfile  *self);
void                kiln_release_profile_set_mix_env          (KilnReleaseProfile  *self,
                                                               const char          *mix_env);
GListModel         *kiln_release_profile_get_applications     (KilnReleaseProfile  *self);
KilnIncludeErts     kiln_release_profile_get_include_erts     (KilnReleaseProfile  *self);
void                kiln_release_profile_set_include_erts     (KilnReleaseProfile  *self,
                                                               KilnIncludeErts      include_erts);
const char         *kiln_release_profile_get_include_erts_path (KilnReleaseProfile *self);
void                kiln_release_profile_set_include_erts_path (KilnReleaseProfile *self,
                                                               const char          *path);
const char         *kiln_release_profile_get_version          (KilnReleaseProfile  *self);
void                kiln_release_profile_set_version          (KilnReleaseProfile  *self,
                                                               const char          *version);
const char         *kiln_release_profile_get_cookie           (KilnReleaseProfile  *self);
void                kiln_release_profile_set_cookie           (KilnReleaseProfile  *self,
                                                               const char          *cookie);
const char         *kiln_release_profile_get_path             (KilnReleaseProfile  *self);
void                kiln_release_profile_set_path             (KilnReleaseProfile  *self,
                                                               const char          *path);
const char         *kiln_release_profile_get_rel_templates_path (KilnReleaseProfile *self);
gboolean            kiln_release_profile_get_steps_include_tar (KilnReleaseProfile *self);
void                kiln_release_profile_set_steps_include_tar (KilnReleaseProfile *self,
                                                               gboolean             include_tar);
GListModel         *kiln_release_profile_get_overlay_entries  (KilnReleaseProfile  *self);
const char         *kiln_release_profile_get_template         (KilnReleaseProfile  *self,
                                                               KilnReleaseTemplate  template_kind);
void                kiln_release_profile_set_template         (KilnReleaseProfile  *self,
                                                               KilnReleaseTemplate  template_kind,
                                                               const char          *contents);
GPtrArray          *kiln_release_profile_dup_template_changes (KilnReleaseProfile  *self,
                                                               const char          *project_dir,
                                                               GError             **error);
gboolean            kiln_release_profile_write_template_changes (KilnReleaseProfile *self,
                                                               GPtrArray           *changes,
                                                               GError             **error);
const char * const *kiln_release_profile_get_package_formats  (KilnReleaseProfile  *self);
void                kiln_release_profile_set_package_formats  (KilnReleaseProfile  *self,
                                                               const char * const  *formats);
const char         *kiln_release_profile_get_output_dir       (KilnReleaseProfile  *self);
void                kiln_release_profile_set_output_dir       (KilnReleaseProfile  *self,
                                                               const char          *output_dir);

/* The stores behind these models are GListStores the UI may edit. */
GListStore         *kiln_release_profile_get_application_store (KilnReleaseProfile *self);
GListStore         *kiln_release_profile_get_overlay_entry_store (KilnReleaseProfile *self);
void                kiln_release_profile_set_rel_templates_path (KilnReleaseProfile *self,
                                                               const char          *path);
const char * const *kiln_release_profile_get_include_executables_for (KilnReleaseProfile *self);
void                kiln_release_profile_set_include_executables_for (KilnReleaseProfile *self,
                                                                      const char * const *targets);
gboolean            kiln_release_profile_get_strip_beams      (KilnReleaseProfile  *self);
void                kiln_release_profile_set_strip_beams      (KilnReleaseProfile  *self,
                                                               gboolean             strip_beams);
const char * const *kiln_release_profile_get_strip_beams_keep (KilnReleaseProfile  *self);
void                kiln_release_profile_set_strip_beams_keep (KilnReleaseProfile  *self,
                                                               const char * const  *chunks);
gboolean            kiln_release_profile_get_strip_beams_compress (KilnReleaseProfile *self);
void                kiln_release_profile_set_strip_beams_compress (KilnReleaseProfile *self,
                                                                   gboolean            compress);
gboolean            kiln_release_profile_get_fetch_dependencies (KilnReleaseProfile *self);
void                kiln_release_profile_set_fetch_dependencies (KilnReleaseProfile *self,
                                                                 gboolean            fetch);
gboolean            kiln_release_profile_get_quiet            (KilnReleaseProfile  *self);
void                kiln_release_profile_set_quiet            (KilnReleaseProfile  *self,
                                                               gboolean             quiet);
const char * const *kiln_release_profile_get_overlays         (KilnReleaseProfile  *self);
void                kiln_release_profile_set_overlays         (KilnReleaseProfile  *self,
                                                               const char * const  *overlays);
KilnRuntimeConfig   kiln_release_profile_get_runtime_config   (KilnReleaseProfile  *self);
void                kiln_release_profile_set_runtime_config   (KilnReleaseProfile  *self,
                                                               KilnRuntimeConfig    runtime_config);
const char         *kiln_release_profile_get_runtime_config_path (KilnReleaseProfile *self);
void                kiln_release_profile_set_runtime_config_path (KilnReleaseProfile *self,
                                                                  const char         *path);
gboolean            kiln_release_profile_get_validate_compile_env (KilnReleaseProfile *self);
void                kiln_release_profile_set_validate_compile_env (KilnReleaseProfile *self,
                                                                   gboolean            validate);
gboolean            kiln_release_profile_get_reboot_system_after_config (KilnReleaseProfile *self);
void                kiln_release_profile_set_reboot_system_after_config (KilnReleaseProfile *self,
                                                                         gboolean            reboot);
const char         *kiln_release_profile_get_config_providers (KilnReleaseProfile  *self);
void                kiln_release_profile_set_config_providers (KilnReleaseProfile  *self,
                                                               const char          *code);

/* The Assets step (Phoenix), Kiln's own Phoenix variables for checks, and
 * the profile's "Environment for checks and Run Release", which wins over
 * Kiln's. */
gboolean            kiln_release_profile_get_run_assets       (KilnReleaseProfile  *self);
void                kiln_release_profile_set_run_assets       (KilnReleaseProfile  *self,
                                                               gboolean             run_assets);
gboolean            kiln_release_profile_get_phoenix_environment (KilnReleaseProfile *self);
void                kiln_release_profile_set_phoenix_environment (KilnReleaseProfile *self,
                                                                  gboolean            fill);
GListModel         *kiln_release_profile_get_environment      (KilnReleaseProfile  *self);
GListStore         *kiln_release_profile_get_environment_store (KilnReleaseProfile *self);

/* Options Kiln does not model, kept as Elixir code and rendered untouched,
 * in the order they were added. A NULL code removes the option. */
const char * const *kiln_release_profile_get_extra_option_keys (KilnReleaseProfile *self);
const char         *kiln_release_profile_get_extra_option     (KilnReleaseProfile  *self,
                                                               const char          *key);
void                kiln_release_profile_set_extra_option     (KilnReleaseProfile  *self,
                                                               const char          *key,
                                                               const char          *code);

/* Sentences about what could not be imported from mix.exs. */
const char * const *kiln_release_profile_get_warnings         (KilnReleaseProfile  *self);
void                kiln_release_profile_add_warning          (KilnReleaseProfile  *self,
                                                               const char          *warning);

gboolean            kiln_release_profile_is_valid_release_name (const char         *name);

GPtrArray          *kiln_release_profile_collect_problems     (KilnReleaseProfile  *self,
                                                               gboolean             is_umbrella);
gboolean            kiln_release_profile_validate             (KilnReleaseProfile  *self,
                                                               gboolean             is_umbrella,
                                                               GError             **error);


char               *kiln_release_profile_render_release_options (KilnReleaseProfile *self);
char               *kiln_release_profile_render_mix_exs_snippet  (KilnReleaseProfile *self);

G_END_DECLS
