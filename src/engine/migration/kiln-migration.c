#define G_LOG_DOMAIN "kiln-migration"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "kiln-distillery-mapping-private.h"
#include "kiln-distillery-mark.h"
#include "kiln-elixir-term.h"
#include "kiln-error.h"
#include "kiln-migration-private.h"
#include "kiln-mix-exs-writer.h"

struct _KilnMigration
{
  GObject               parent_instance;

  char                 *project_dir;
  KilnDistilleryConfig *config;
  GListStore           *report;
  GListStore           *changes;
  KilnReleaseProfile   *profile;
  char                 *release_options;
  JsonNode             *written_changes;
  gboolean              prepared;
  gboolean              applied;
};

G_DEFINE_FINAL_TYPE (KilnMigration, kiln_migration, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROJECT_DIR,
  PROP_PREPARED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kiln_migration_finalize (GObject *object)
{
  KilnMigration *self = (KilnMigration *) object;

  g_clear_pointer (&self->project_dir, g_free);
  g_clear_object (&self->config);
  g_clear_object (&self->report);
  g_clear_object (&self->changes);
  g_clear_object (&self->profile);
  g_clear_pointer (&self->release_options, g_free);
  g_clear_pointer (&self->written_changes, json_node_unref);

  G_OBJECT_CLASS (kiln_migration_parent_class)->finalize (object);
}

static void
kiln_migration_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KilnMigration *self = KILN_MIGRATION (object);

  switch (prop_id)
    {
    case PROP_PROJECT_DIR:
      g_value_set_string (value, self->project_dir);
      break;
    case PROP_PREPARED:
      g_value_set_boolean (value, self->prepared);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_migration_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KilnMigration *self = KILN_MIGRATION (object);

  switch (prop_id)
    {
    case PROP_PROJECT_DIR:
      self->project_dir = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_migration_class_init (KilnMigrationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kiln_migration_finalize;
  object_class->get_property = kiln_migration_get_property;
  object_class->set_property = kiln_migration_set_property;

  properties[PROP_PROJECT_DIR] =
    g_param_spec_string ("project-dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PREPARED] =
    g_param_spec_boolean ("prepared", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiln_migration_init (KilnMigration *self)
{
  self->report = g_list_store_new (KILN_TYPE_MIGRATION_ENTRY);
  self->changes = g_list_store_new (KILN_TYPE_FILE_CHANGE);
}

KilnMigration *
kiln_migration_new (const char *project_dir)
{
  g_autofree char *canonical = NULL;

  g_return_val_if_fail (project_dir != NULL, NULL);

  canonical = g_canonicalize_filename (project_dir, NULL);
  return g_object_new (KILN_TYPE_MIGRATION, "project-dir", canonical, NULL);
}

const char *
kiln_migration_get_project_dir (KilnMigration *self)
{
  g_return_val_if_fail (KILN_IS_MIGRATION (self), NULL);
  return self->project_dir;
}

/* A Distillery environment is not a MIX_ENV (":default" is common): its
 * name is one only when Mix knows it or the project configures it. */
static char *
dup_mix_env (const char *project_dir,
             const char *environment)
{
  static const char * const mix_envs[] = { "prod", "dev", "test", NULL };
  g_autofree char *file = g_strdup_printf ("%s.exs", environment);
  g_autofree char *config = g_build_filename (project_dir, "config", file, NULL);

  if (g_strv_contains (mix_envs, environment) || g_file_test (config, G_FILE_TEST_IS_REGULAR))
    return g_strdup (environment);
  return g_strdup ("prod");
}

static KilnReleaseProfile *
build_profile (KilnMigrationMapping *mapping,
               const char           *environment)
{
  g_autofree char *mix_env = dup_mix_env (mapping->project_dir, environment);
  g_autoptr(JsonArray) options = kiln_migration_mapping_dup_options_json (mapping);
  g_autoptr(GError) error = NULL;
  KilnReleaseProfile *profile;

  profile = kiln_release_profile_new_from_mix_release (mapping->name, options, &error);
  if (profile == NULL)
    {
      g_autoptr(KilnMigrationEntry) entry =
        kiln_migration_entry_new ("profile", KILN_MIGRATION_STATUS_NEEDS_ATTENTION, error->message);

      g_list_store_append (mapping->report, entry);
      profile = kiln_release_profile_new (mapping->name);
    }

  kiln_release_profile_set_mix_env (profile, mix_env);
  return profile;
}

/* Everything prepare() works out, computed off the caller's thread and only
 * then swapped into the object, so models a UI has bound never change from a
 * worker thread. */
typedef struct
{
  KilnDistilleryConfig *config;
  GListStore           *report;
  GPtrArray            *changes;
  KilnReleaseProfile   *profile;
  char                 *options;
} Prepared;

static void
prepared_free (Prepared *prepared)
{
  g_clear_object (&prepared->config);
  g_clear_object (&prepared->report);
  g_clear_pointer (&prepared->changes, g_ptr_array_unref);
  g_clear_object (&prepared->profile);
  g_free (prepared->options);
  g_free (prepared);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Prepared, prepared_free)

static Prepared *
compute (const char     *project_dir,
         KilnToolchain  *toolchain,
         const char     *release,
         const char     *environment,
         GCancellable   *cancellable,
         GError        **error)
{
  g_autoptr(KilnToolchain) discovered = NULL;
  g_autoptr(KilnDistilleryConfig) config = NULL;
  g_autoptr(KilnMixExsWriter) writer = NULL;
  g_autoptr(Prepared) prepared = NULL;
  g_autoptr(GError) writer_error = NULL;
  KilnMigrationMapping mapping;
  gboolean ok;

  if (toolchain == NULL && !(toolchain = discovered = kiln_toolchain_discover (cancellable, error)))
    return NULL;

  if (!(config = kiln_distillery_config_load (project_dir, toolchain, release,
                                              environment, cancellable, error)))
    return NULL;

  prepared = g_new0 (Prepared, 1);
  prepared->changes = g_ptr_array_new_with_free_func (g_object_unref);

  kiln_migration_mapping_init (&mapping, config);
  kiln_migration_mapping_run (&mapping);
  prepared->options = kiln_migration_mapping_dup_options_code (&mapping);
  prepared->profile = build_profile (&mapping, kiln_distillery_config_get_environment (config));

  writer = kiln_mix_exs_writer_new (project_dir);
  ok = kiln_mix_exs_writer_prepare (writer, toolchain, mapping.name, prepared->options, cancellable,
                                    &writer_error);
  if (ok)
    g_ptr_array_add (prepared->changes, g_object_ref (kiln_mix_exs_writer_get_change (writer)));
  else if (g_error_matches (writer_error, KILN_ERROR, KILN_ERROR_PROJECT_INVALID))
    {
      /* mix.exs Kiln cannot edit safely: the rest of the migration still
       * stands, and the entry is shown for the user to add. */
      g_autofree char *key = kiln_elixir_keyword_key (mapping.name);

      kiln_mapping_report (&mapping, "mix.exs", KILN_MIGRATION_STATUS_NEEDS_ATTENTION, NULL,
                           _("%s Add this to releases: by hand: %s %s"), writer_error->message, key,
                           prepared->options);
      ok = TRUE;
    }
  else
    g_propagate_error (error, g_steal_pointer (&writer_error));

  if (ok)
    ok = kiln_migration_mapping_collect_changes (&mapping, prepared->changes, error);
  if (ok)
    ok = kiln_mapping_check_templates (&mapping, toolchain, prepared->changes, cancellable, error);

  prepared->report = g_object_ref (mapping.report);
  prepared->config = g_steal_pointer (&config);
  kiln_migration_mapping_clear (&mapping);

  return ok ? g_steal_pointer (&prepared) : NULL;
}

static void
commit (KilnMigration *self,
        Prepared      *prepared)
{
  GListModel *report = G_LIST_MODEL (prepared->report);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (report); i++)
    g_ptr_array_add (entries, g_list_model_get_item (report, i));

  g_set_object (&self->config, prepared->config);
  g_clear_pointer (&self->written_changes, json_node_unref);
  self->applied = FALSE;
  g_set_object (&self->profile, prepared->profile);
  g_free (self->release_options);
  self->release_options = g_strdup (prepared->options);

  g_list_store_splice (self->report, 0, g_list_model_get_n_items (G_LIST_MODEL (self->report)),
                       entries->pdata, entries->len);
  g_list_store_splice (self->changes, 0, g_list_model_get_n_items (G_LIST_MODEL (self->changes)),
                       prepared->changes->pdata, prepared->changes->len);

  if (!self->prepared)
    {
      self->prepared = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREPARED]);
    }
}

gboolean
kiln_migration_prepare (KilnMigration  *self,
                        KilnToolchain  *toolchain,
                        const char     *release,
                        const char     *environment,
                        GCancellable   *cancellable,
                        GError        **error)
{
  g_autoptr(Prepared) prepared = NULL;

  g_return_val_if_fail (KILN_IS_MIGRATION (self), FALSE);
  g_return_val_if_fail (!toolchain || KILN_IS_TOOLCHAIN (toolchain), FALSE);

  if (!(prepared = compute (self->project_dir, toolchain, release, environment, cancellable, error)))
    return FALSE;

  commit (self, prepared);
  return TRUE;
}

typedef struct
{
  char                    *project_dir;
  KilnToolchain           *toolchain;
  char                    *release;
  char                    *environment;
  KilnMigrationApplyFlags  flags;
} TaskData;

static void
task_data_free (TaskData *data)
{
  g_free (data->project_dir);
  g_clear_object (&data->toolchain);
  g_free (data->release);
  g_free (data->environment);
  g_free (data);
}

static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;
  Prepared *prepared;

  prepared = compute (data->project_dir, data->toolchain, data->release, data->environment, cancellable, &error);
  if (prepared != NULL)
    g_task_return_pointer (task, prepared, (GDestroyNotify) prepared_free);
  else
    g_task_return_error (task, error);
}

void
kiln_migration_prepare_async (KilnMigration       *self,
                              KilnToolchain       *toolchain,
                              const char          *release,
                              const char          *environment,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *data;

  g_return_if_fail (KILN_IS_MIGRATION (self));

  data = g_new0 (TaskData, 1);
  data->project_dir = g_strdup (self->project_dir);
  data->toolchain = toolchain ? g_object_ref (toolchain) : NULL;
  data->release = g_strdup (release);
  data->environment = g_strdup (environment);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiln_migration_prepare_async);
  g_task_set_task_data (task, data, (GDestroyNotify) task_data_free);
  g_task_run_in_thread (task, prepare_thread);
}

gboolean
kiln_migration_prepare_finish (KilnMigration  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_autoptr(Prepared) prepared = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!(prepared = g_task_propagate_pointer (G_TASK (result), error)))
    return FALSE;

  commit (self, prepared);
  return TRUE;
}

KilnDistilleryConfig *
kiln_migration_get_config (KilnMigration *self)
{
  g_return_val_if_fail (KILN_IS_MIGRATION (self), NULL);
  return self->config;
}

const char *
kiln_migration_get_release_name (KilnMigration *self)
{
  g_return_val_if_fail (KILN_IS_MIGRATION (self), NULL);
  return self->config ? kiln_distillery_config_get_release (self->config) : NULL;
}

const char *
kiln_migration_get_environment (KilnMigration *self)
{
  g_return_val_if_fail (KILN_IS_MIGRATION (self), NULL);
  return self->config ? kiln_distillery_config_get_environment (self->config) : NULL;
}

GListModel *
kiln_migration_get_report (KilnMigration *self)
{
  g_return_val_if_fail (KILN_IS_MIGRATION (self), NULL);
  return G_LIST_MODEL (self->report);
}

KilnMigrationEntry *
kiln_migration_find_entry (KilnMigration *self,
                           const char    *setting)
{
  g_return_val_if_fail (KILN_IS_MIGRATION (self), NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->report)); i++)
    {
      g_autoptr(KilnMigrationEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->report), i);

      if (g_strcmp0 (kiln_migration_entry_get_setting (entry), setting) == 0)
        return entry;
    }

  return NULL;
}

GListModel *
kiln_migration_get_changes (KilnMigration *self)
{
  g_return_val_if_fail (KILN_IS_MIGRATION (self), NULL);
  return G_LIST_MODEL (self->changes);
}

KilnReleaseProfile *
kiln_migration_get_profile (KilnMigration *self)
{
  g_return_val_if_fail (KILN_IS_MIGRATION (self), NULL);
  return self->profile;
}

const char *
kiln_migration_get_release_options (KilnMigration *self)
{
  g_return_val_if_fail (KILN_IS_MIGRATION (self), NULL);
  return self->release_options;
}

char *
kiln_migration_dup_diff (KilnMigration *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (KILN_IS_MIGRATION (self), NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->changes)); i++)
    {
      g_autoptr(KilnFileChange) change = g_list_model_get_item (G_LIST_MODEL (self->changes), i);
      g_string_append (out, kiln_file_change_get_diff (change));
    }

  return g_string_free (out, FALSE);
}

gboolean
kiln_migration_apply (KilnMigration            *self,
                      KilnMigrationApplyFlags   flags,
                      GError                  **error)
{
  GListModel *changes = G_LIST_MODEL (self->changes);
  g_autofree char *config_path = NULL;
  g_autofree char *renamed_path = NULL;
  guint n_changes;

  g_return_val_if_fail (KILN_IS_MIGRATION (self), FALSE);

  if (!self->prepared)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           _("Nothing to apply yet: the migration has not been prepared."));
      return FALSE;
    }

  n_changes = g_list_model_get_n_items (changes);
  config_path = g_build_filename (self->project_dir, "rel", "config.exs", NULL);
  renamed_path = g_strconcat (config_path, ".distillery", NULL);

  /* Check everything before writing anything, so a refusal leaves the
   * project exactly as it was. */
  for (guint i = 0; i < n_changes; i++)
    {
      g_autoptr(KilnFileChange) change = g_list_model_get_item (changes, i);

      if (!kiln_file_change_verify (change, error))
        return FALSE;
    }

  if ((flags & KILN_MIGRATION_APPLY_RENAME_CONFIG) && g_file_test (renamed_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_PROJECT_INVALID,
                   _("rel/config.exs.distillery already exists, so rel/config.exs cannot be renamed to it. "
                     "Move it aside, then apply again."));
      return FALSE;
    }

  g_clear_pointer (&self->written_changes, json_node_unref);
  self->written_changes = kiln_migration_describe_changes (changes);

  for (guint i = 0; i < n_changes; i++)
    {
      g_autoptr(KilnFileChange) change = g_list_model_get_item (changes, i);

      if (!kiln_file_change_apply (change, error))
        {
          g_prefix_error (error, _("The migration stopped after %u of %u files (each replaced file has a "
                                   ".kiln-backup copy): "), i, n_changes);
          return FALSE;
        }
    }

  self->applied = TRUE;

  /* Only what the Project page offers depends on it: a mark that cannot be
   * written leaves the offer, never the migration, undone. */
  {
    g_autoptr(GError) mark_error = NULL;

    if (!kiln_distillery_mark_save (self->project_dir, &mark_error))
      g_debug ("Could not remember the migration: %s", mark_error->message);
  }

  if ((flags & KILN_MIGRATION_APPLY_RENAME_CONFIG) && g_rename (config_path, renamed_path) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("The migration was written, but rel/config.exs could not be renamed: %s"),
                   g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

JsonNode *
kiln_migration_get_written_changes (KilnMigration *self)
{
  return self->written_changes;
}

gboolean
kiln_migration_get_applied (KilnMigration *self)
{
  return self->applied;
}

static void
apply_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;

  if (kiln_migration_apply (source_object, data->flags, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
kiln_migration_apply_async (KilnMigration           *self,
                            KilnMigrationApplyFlags  flags,
                            GCancellable            *cancellable,
                            GAsyncReadyCallback      callback,
                            gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *data;

  g_return_if_fail (KILN_IS_MIGRATION (self));

  data = g_new0 (TaskData, 1);
  data->flags = flags;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiln_migration_apply_async);
  g_task_set_task_data (task, data, (GDestroyNotify) task_data_free);
  g_task_run_in_thread (task, apply_thread);
}

gboolean
kiln_migration_apply_finish (KilnMigration  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The MIX_ENV the migrated release builds in. */
const char *
kiln_migration_get_mix_env (KilnMigration *self)
{
  g_return_val_if_fail (KILN_IS_MIGRATION (self), NULL);

  return self->profile ? kiln_release_profile_get_mix_env (self->profile) : NULL;
}
