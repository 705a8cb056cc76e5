#define G_LOG_DOMAIN "kiln-migration"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "kiln-error.h"
#include "kiln-helper.h"
#include "kiln-json-private.h"
#include "kiln-mix-exs-writer.h"

struct _KilnMixExsWriter
{
  GObject         parent_instance;

  char           *project_dir;
  KilnFileChange *change;
  KilnMixExsEdit  edit;
  gsize           range_start;
  gsize           range_end;
  gsize           replacement_length;
};

G_DEFINE_FINAL_TYPE (KilnMixExsWriter, kiln_mix_exs_writer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROJECT_DIR,
  PROP_CHANGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kiln_mix_exs_writer_finalize (GObject *object)
{
  KilnMixExsWriter *self = (KilnMixExsWriter *) object;

  g_clear_pointer (&self->project_dir, g_free);
  g_clear_object (&self->change);

  G_OBJECT_CLASS (kiln_mix_exs_writer_parent_class)->finalize (object);
}

static void
kiln_mix_exs_writer_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  KilnMixExsWriter *self = KILN_MIX_EXS_WRITER (object);

  switch (prop_id)
    {
    case PROP_PROJECT_DIR:
      g_value_set_string (value, self->project_dir);
      break;
    case PROP_CHANGE:
      g_value_set_object (value, self->change);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_mix_exs_writer_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  KilnMixExsWriter *self = KILN_MIX_EXS_WRITER (object);

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
kiln_mix_exs_writer_class_init (KilnMixExsWriterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kiln_mix_exs_writer_finalize;
  object_class->get_property = kiln_mix_exs_writer_get_property;
  object_class->set_property = kiln_mix_exs_writer_set_property;

  properties[PROP_PROJECT_DIR] =
    g_param_spec_string ("project-dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHANGE] =
    g_param_spec_object ("change", NULL, NULL, KILN_TYPE_FILE_CHANGE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiln_mix_exs_writer_init (KilnMixExsWriter *self)
{
}

KilnMixExsWriter *
kiln_mix_exs_writer_new (const char *project_dir)
{
  g_autofree char *canonical = NULL;

  g_return_val_if_fail (project_dir != NULL, NULL);

  canonical = g_canonicalize_filename (project_dir, NULL);
  return g_object_new (KILN_TYPE_MIX_EXS_WRITER, "project-dir", canonical, NULL);
}

const char *
kiln_mix_exs_writer_get_project_dir (KilnMixExsWriter *self)
{
  g_return_val_if_fail (KILN_IS_MIX_EXS_WRITER (self), NULL);
  return self->project_dir;
}

static KilnMixExsEdit
edit_from_mode (const char *mode)
{
  if (g_strcmp0 (mode, "replace_release") == 0)
    return KILN_MIX_EXS_EDIT_REPLACE_RELEASE;
  if (g_strcmp0 (mode, "add_release") == 0)
    return KILN_MIX_EXS_EDIT_ADD_RELEASE;
  if (g_strcmp0 (mode, "add_releases") == 0)
    return KILN_MIX_EXS_EDIT_ADD_RELEASES;
  return KILN_MIX_EXS_EDIT_NONE;
}

static char *
write_options_file (const char  *options_text,
                    GError     **error)
{
  g_autofree char *path = NULL;
  int fd;

  if ((fd = g_file_open_tmp ("kiln-release-options-XXXXXX.exs", &path, error)) < 0)
    return NULL;
  close (fd);

  if (!g_file_set_contents (path, options_text, -1, error))
    {
      g_unlink (path);
      return NULL;
    }

  return g_steal_pointer (&path);
}

/* The outcome of a prepare, computed on any thread and committed to the
 * writer on its owner's thread (properties notify there). */
typedef struct
{
  KilnFileChange *change;
  KilnMixExsEdit  edit;
  gsize           range_start;
  gsize           range_end;
  gsize           replacement_length;
} Edit;

static void
edit_free (Edit *edit)
{
  g_clear_object (&edit->change);
  g_free (edit);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Edit, edit_free)

static void
commit (KilnMixExsWriter *self,
        Edit             *edit)
{
  self->edit = edit->edit;
  self->range_start = edit->range_start;
  self->range_end = edit->range_end;
  self->replacement_length = edit->replacement_length;

  if (g_set_object (&self->change, edit->change))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANGE]);
}

static Edit *
compute (const char     *project_dir,
         KilnToolchain  *toolchain,
         const char     *release_name,
         const char     *options_text,
         GCancellable   *cancellable,
         GError        **error)
{
  g_autoptr(Edit) result = NULL;
  g_autoptr(KilnToolchain) discovered = NULL;
  g_autoptr(KilnFileChange) change = NULL;
  g_autoptr(KilnHelper) helper = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *mix_exs = NULL;
  g_autofree char *options_path = NULL;
  g_autofree char *contents = NULL;
  GString *updated;
  JsonObject *object;
  const char *text;
  gsize length = 0;
  gint64 start, end;

  mix_exs = g_build_filename (project_dir, "mix.exs", NULL);
  if (!g_file_get_contents (mix_exs, &contents, &length, NULL))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_NOT_A_PROJECT,
                   _("“%s” is not a Mix project: it has no readable mix.exs. "
                     "Choose the folder that contains mix.exs."), project_dir);
      return NULL;
    }
  before = g_bytes_new_take (g_steal_pointer (&contents), length);

  if (toolchain == NULL && !(toolchain = discovered = kiln_toolchain_discover (cancellable, error)))
    return NULL;

  if (!(options_path = write_options_file (options_text, error)))
    return NULL;

  helper = kiln_helper_new (toolchain, "kiln-mix-exs.exs", KILN_HELPER_MODE_RESULT);
  kiln_helper_set_cwd (helper, project_dir);
  kiln_helper_add_arguments (helper, mix_exs, release_name, options_path, NULL);
  if (kiln_helper_run (helper, cancellable, error))
    answer = json_node_ref (kiln_helper_get_result (helper));
  g_unlink (options_path);
  if (answer == NULL)
    return NULL;

  object = JSON_NODE_HOLDS_OBJECT (answer) ? json_node_get_object (answer) : NULL;
  start = kiln_json_object_get_int (object, "start", -1);
  end = kiln_json_object_get_int (object, "end", -1);
  text = kiln_json_object_get_string (object, "text", NULL);
  if (start < 0 || end < start || (gsize) end > g_bytes_get_size (before) || text == NULL)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_HELPER_FAILED,
                   _("Kiln’s mix.exs helper gave an impossible range (%lld–%lld). "
                     "This is a bug in Kiln; please report it."), (long long) start, (long long) end);
      return NULL;
    }

  updated = g_string_new_len (g_bytes_get_data (before, NULL), start);
  g_string_append (updated, text);
  g_string_append_len (updated, (const char *) g_bytes_get_data (before, NULL) + end,
                       g_bytes_get_size (before) - end);
  after = g_string_free_to_bytes (updated);

  change = kiln_file_change_new (project_dir, "mix.exs", after);
  if (!kiln_file_change_read_current (change, error))
    return NULL;

  if (kiln_file_change_get_old_contents (change) == NULL ||
      !g_bytes_equal (kiln_file_change_get_old_contents (change), before))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_PROJECT_INVALID,
                   _("mix.exs changed while Kiln was reading it. Try again."));
      return NULL;
    }

  result = g_new0 (Edit, 1);
  result->edit = edit_from_mode (kiln_json_object_get_string (object, "mode", NULL));
  result->range_start = start;
  result->range_end = end;
  result->replacement_length = strlen (text);
  result->change = g_steal_pointer (&change);

  return g_steal_pointer (&result);
}

gboolean
kiln_mix_exs_writer_prepare (KilnMixExsWriter  *self,
                             KilnToolchain     *toolchain,
                             const char        *release_name,
                             const char        *options_text,
                             GCancellable      *cancellable,
                             GError           **error)
{
  g_autoptr(Edit) edit = NULL;

  g_return_val_if_fail (KILN_IS_MIX_EXS_WRITER (self), FALSE);
  g_return_val_if_fail (!toolchain || KILN_IS_TOOLCHAIN (toolchain), FALSE);
  g_return_val_if_fail (release_name != NULL && *release_name != '\0', FALSE);
  g_return_val_if_fail (options_text != NULL, FALSE);

  if (!(edit = compute (self->project_dir, toolchain, release_name, options_text, cancellable, error)))
    return FALSE;

  commit (self, edit);
  return TRUE;
}

gboolean
kiln_mix_exs_writer_prepare_profile (KilnMixExsWriter    *self,
                                     KilnToolchain       *toolchain,
                                     KilnReleaseProfile  *profile,
                                     GCancellable        *cancellable,
                                     GError             **error)
{
  g_autofree char *options = NULL;

  g_return_val_if_fail (KILN_IS_MIX_EXS_WRITER (self), FALSE);
  g_return_val_if_fail (KILN_IS_RELEASE_PROFILE (profile), FALSE);

  options = kiln_release_profile_render_release_options (profile);
  return kiln_mix_exs_writer_prepare (self, toolchain, kiln_release_profile_get_name (profile),
                                      options, cancellable, error);
}

typedef struct
{
  char          *project_dir;
  KilnToolchain *toolchain;
  char          *name;
  char          *options;
} PrepareData;

static void
prepare_data_free (PrepareData *data)
{
  g_free (data->project_dir);
  g_clear_object (&data->toolchain);
  g_free (data->name);
  g_free (data->options);
  g_free (data);
}

static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PrepareData *data = task_data;
  GError *error = NULL;
  Edit *edit;

  edit = compute (data->project_dir, data->toolchain, data->name, data->options, cancellable, &error);
  if (edit != NULL)
    g_task_return_pointer (task, edit, (GDestroyNotify) edit_free);
  else
    g_task_return_error (task, error);
}

void
kiln_mix_exs_writer_prepare_profile_async (KilnMixExsWriter    *self,
                                           KilnToolchain       *toolchain,
                                           KilnReleaseProfile  *profile,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PrepareData *data;

  g_return_if_fail (KILN_IS_MIX_EXS_WRITER (self));
  g_return_if_fail (KILN_IS_RELEASE_PROFILE (profile));

  /* Rendered now, so edits made in the UI meanwhile do not race the worker. */
  data = g_new0 (PrepareData, 1);
  data->project_dir = g_strdup (self->project_dir);
  data->toolchain = toolchain ? g_object_ref (toolchain) : NULL;
  data->name = g_strdup (kiln_release_profile_get_name (profile));
  data->options = kiln_release_profile_render_release_options (profile);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiln_mix_exs_writer_prepare_profile_async);
  g_task_set_task_data (task, data, (GDestroyNotify) prepare_data_free);
  g_task_run_in_thread (task, prepare_thread);
}

gboolean
kiln_mix_exs_writer_prepare_profile_finish (KilnMixExsWriter  *self,
                                            GAsyncResult      *result,
                                            GError           **error)
{
  g_autoptr(Edit) edit = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!(edit = g_task_propagate_pointer (G_TASK (result), error)))
    return FALSE;

  commit (self, edit);
  return TRUE;
}

KilnMixExsEdit
kiln_mix_exs_writer_get_edit (KilnMixExsWriter *self)
{
  g_return_val_if_fail (KILN_IS_MIX_EXS_WRITER (self), KILN_MIX_EXS_EDIT_NONE);
  return self->edit;
}

KilnFileChange *
kiln_mix_exs_writer_get_change (KilnMixExsWriter *self)
{
  g_return_val_if_fail (KILN_IS_MIX_EXS_WRITER (self), NULL);
  return self->change;
}

const char *
kiln_mix_exs_writer_get_diff (KilnMixExsWriter *self)
{
  g_return_val_if_fail (KILN_IS_MIX_EXS_WRITER (self), NULL);
  return self->change ? kiln_file_change_get_diff (self->change) : NULL;
}

gsize
kiln_mix_exs_writer_get_range_start (KilnMixExsWriter *self)
{
  g_return_val_if_fail (KILN_IS_MIX_EXS_WRITER (self), 0);
  return self->range_start;
}

gsize
kiln_mix_exs_writer_get_range_end (KilnMixExsWriter *self)
{
  g_return_val_if_fail (KILN_IS_MIX_EXS_WRITER (self), 0);
  return self->range_end;
}

gsize
kiln_mix_exs_writer_get_replacement_length (KilnMixExsWriter *self)
{
  g_return_val_if_fail (KILN_IS_MIX_EXS_WRITER (self), 0);
  return self->replacement_length;
}

gboolean
kiln_mix_exs_writer_apply (KilnMixExsWriter  *self,
                           GError           **error)
{
  g_return_val_if_fail (KILN_IS_MIX_EXS_WRITER (self), FALSE);

  if (self->change == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           _("Nothing to save yet: Kiln has not prepared the change to mix.exs."));
      return FALSE;
    }

  return kiln_file_change_apply (self->change, error);
}

static void
apply_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;

  if (kiln_mix_exs_writer_apply (source_object, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
kiln_mix_exs_writer_apply_async (KilnMixExsWriter    *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KILN_IS_MIX_EXS_WRITER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiln_mix_exs_writer_apply_async);
  g_task_run_in_thread (task, apply_thread);
}

gboolean
kiln_mix_exs_writer_apply_finish (KilnMixExsWriter  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
