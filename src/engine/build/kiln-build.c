#define G_LOG_DOMAIN "kiln-build"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "kiln-build.h"
#include "kiln-build-plan.h"
#include "kiln-error.h"
#include "kiln-helper.h"
#include "kiln-packager.h"
#include "kiln-release-verifier.h"

#define HELPER_SCRIPT "kiln-release.exs"
#define MAX_STEP_LINES 400
#define MAX_QUOTED_LINES 12

typedef enum
{
  STEP_CHECK_TOOLCHAIN,
  STEP_DEPENDENCIES,
  STEP_COMPILE,
  STEP_ASSEMBLE,
  STEP_PACKAGE,
  STEP_VERIFY,
  N_STEPS
} StepIndex;

static const struct {
  const char *id;
  const char *title;
  double      weight;
} step_info[N_STEPS] = {
  { "check-toolchain", N_("Check toolchain"), 0.05 },
  { "dependencies", N_("Dependencies"), 0.10 },
  { "compile", N_("Compile"), 0.30 },
  { "assemble", N_("Assemble"), 0.35 },
  { "package", N_("Package"), 0.15 },
  { "verify", N_("Verify"), 0.05 },
};

struct _KilnBuild
{
  GObject             parent_instance;

  char               *project_dir;
  KilnReleaseProfile *profile;
  KilnToolchain      *toolchain;
  KilnLogModel       *log;
  GListStore         *steps;
  KilnBuildStep      *step_objects[N_STEPS];
  GListStore         *artifacts;
  KilnBuildRecord    *record;
  KilnBuildStep      *current_step;
  char               *release_dir;
  double              progress;
  KilnBuildState      state;
  guint               verify : 1;
  guint               is_umbrella : 1;
};

G_DEFINE_FINAL_TYPE (KilnBuild, kiln_build, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (KilnBuildState, kiln_build_state,
                    G_DEFINE_ENUM_VALUE (KILN_BUILD_STATE_IDLE, "idle"),
                    G_DEFINE_ENUM_VALUE (KILN_BUILD_STATE_RUNNING, "running"),
                    G_DEFINE_ENUM_VALUE (KILN_BUILD_STATE_SUCCEEDED, "succeeded"),
                    G_DEFINE_ENUM_VALUE (KILN_BUILD_STATE_FAILED, "failed"),
                    G_DEFINE_ENUM_VALUE (KILN_BUILD_STATE_CANCELLED, "cancelled"))

enum {
  PROP_0,
  PROP_PROJECT_DIR,
  PROP_PROFILE,
  PROP_STATE,
  PROP_PROGRESS,
  PROP_CURRENT_STEP,
  PROP_RELEASE_DIR,
  PROP_LOG,
  PROP_STEPS,
  PROP_ARTIFACTS,
  PROP_RECORD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Everything one run needs, owned by its GTask. */
typedef struct
{
  KilnBuildPlan *plan;
  KilnHelper    *helper;
  GPtrArray     *step_lines;
  GArray        *formats;
  char          *version;
  GError        *error;
  guint64        release_size;
  guint          next_format;
  guint          saw_assemble : 1;
} RunData;

static void
run_data_free (RunData *data)
{
  g_clear_pointer (&data->plan, kiln_build_plan_free);
  g_clear_object (&data->helper);
  g_clear_pointer (&data->step_lines, g_ptr_array_unref);
  g_clear_pointer (&data->formats, g_array_unref);
  g_clear_pointer (&data->version, g_free);
  g_clear_error (&data->error);
  g_free (data);
}

static void run_check_toolchain (GTask *task);
static void run_prepare (GTask *task);
static void run_package_next (GTask *task);
static void run_verify (GTask *task);
static void complete (GTask *task, GError *error);

static void
kiln_build_finalize (GObject *object)
{
  KilnBuild *self = KILN_BUILD (object);

  g_clear_pointer (&self->project_dir, g_free);
  g_clear_pointer (&self->release_dir, g_free);
  g_clear_object (&self->profile);
  g_clear_object (&self->toolchain);
  g_clear_object (&self->log);
  g_clear_object (&self->steps);
  g_clear_object (&self->artifacts);
  g_clear_object (&self->record);
  g_clear_object (&self->current_step);

  G_OBJECT_CLASS (kiln_build_parent_class)->finalize (object);
}

static void
kiln_build_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  KilnBuild *self = KILN_BUILD (object);

  switch (prop_id)
    {
    case PROP_PROJECT_DIR:
      g_value_set_string (value, self->project_dir);
      break;

    case PROP_PROFILE:
      g_value_set_object (value, self->profile);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;

    case PROP_CURRENT_STEP:
      g_value_set_object (value, self->current_step);
      break;

    case PROP_RELEASE_DIR:
      g_value_set_string (value, self->release_dir);
      break;

    case PROP_LOG:
      g_value_set_object (value, self->log);
      break;

    case PROP_STEPS:
      g_value_set_object (value, self->steps);
      break;

    case PROP_ARTIFACTS:
      g_value_set_object (value, self->artifacts);
      break;

    case PROP_RECORD:
      g_value_set_object (value, self->record);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_build_class_init (KilnBuildClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kiln_build_finalize;
  object_class->get_property = kiln_build_get_property;

  properties[PROP_PROJECT_DIR] = g_param_spec_string ("project-dir", NULL, NULL, NULL, flags);
  properties[PROP_PROFILE] = g_param_spec_object ("profile", NULL, NULL, KILN_TYPE_RELEASE_PROFILE, flags);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, KILN_TYPE_BUILD_STATE,
                                              KILN_BUILD_STATE_IDLE, flags);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0, flags);
  properties[PROP_CURRENT_STEP] = g_param_spec_object ("current-step", NULL, NULL, KILN_TYPE_BUILD_STEP, flags);
  properties[PROP_RELEASE_DIR] = g_param_spec_string ("release-dir", NULL, NULL, NULL, flags);
  properties[PROP_LOG] = g_param_spec_object ("log", NULL, NULL, KILN_TYPE_LOG_MODEL, flags);
  properties[PROP_STEPS] = g_param_spec_object ("steps", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  properties[PROP_ARTIFACTS] = g_param_spec_object ("artifacts", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  properties[PROP_RECORD] = g_param_spec_object ("record", NULL, NULL, KILN_TYPE_BUILD_RECORD, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiln_build_init (KilnBuild *self)
{
  self->verify = TRUE;
  self->log = kiln_log_model_new ();
  self->steps = g_list_store_new (KILN_TYPE_BUILD_STEP);
  self->artifacts = g_list_store_new (KILN_TYPE_ARTIFACT);

  for (guint i = 0; i < N_STEPS; i++)
    {
      g_autoptr(KilnBuildStep) step = kiln_build_step_new (step_info[i].id, _(step_info[i].title));

      /* Borrowed: the store keeps the steps for the build's lifetime. */
      self->step_objects[i] = step;
      g_list_store_append (self->steps, step);
    }
}

KilnBuild *
kiln_build_new (const char         *project_dir,
                KilnReleaseProfile *profile)
{
  KilnBuild *self;

  g_return_val_if_fail (project_dir != NULL, NULL);
  g_return_val_if_fail (KILN_IS_RELEASE_PROFILE (profile), NULL);

  self = g_object_new (KILN_TYPE_BUILD, NULL);
  self->project_dir = g_canonicalize_filename (project_dir, NULL);
  /* The build uses the profile as it was when asked for, whatever the user
   * edits meanwhile. */
  self->profile = kiln_release_profile_copy (profile);

  return self;
}

const char *
kiln_build_get_project_dir (KilnBuild *self)
{
  g_return_val_if_fail (KILN_IS_BUILD (self), NULL);

  return self->project_dir;
}

KilnReleaseProfile *
kiln_build_get_profile (KilnBuild *self)
{
  g_return_val_if_fail (KILN_IS_BUILD (self), NULL);

  return self->profile;
}

void
kiln_build_set_toolchain (KilnBuild     *self,
                          KilnToolchain *toolchain)
{
  g_return_if_fail (KILN_IS_BUILD (self));
  g_return_if_fail (!toolchain || KILN_IS_TOOLCHAIN (toolchain));

  g_set_object (&self->toolchain, toolchain);
}

void
kiln_build_set_verify (KilnBuild *self,
                       gboolean   verify)
{
  g_return_if_fail (KILN_IS_BUILD (self));

  self->verify = !!verify;
}

void
kiln_build_set_is_umbrella (KilnBuild *self,
                            gboolean   is_umbrella)
{
  g_return_if_fail (KILN_IS_BUILD (self));

  self->is_umbrella = !!is_umbrella;
}

KilnBuildState
kiln_build_get_state (KilnBuild *self)
{
  g_return_val_if_fail (KILN_IS_BUILD (self), KILN_BUILD_STATE_IDLE);

  return self->state;
}

double
kiln_build_get_progress (KilnBuild *self)
{
  g_return_val_if_fail (KILN_IS_BUILD (self), 0.0);

  return self->progress;
}

KilnBuildStep *
kiln_build_get_current_step (KilnBuild *self)
{
  g_return_val_if_fail (KILN_IS_BUILD (self), NULL);

  return self->current_step;
}

const char *
kiln_build_get_release_dir (KilnBuild *self)
{
  g_return_val_if_fail (KILN_IS_BUILD (self), NULL);

  return self->release_dir;
}

KilnLogModel *
kiln_build_get_log (KilnBuild *self)
{
  g_return_val_if_fail (KILN_IS_BUILD (self), NULL);

  return self->log;
}

GListModel *
kiln_build_get_steps (KilnBuild *self)
{
  g_return_val_if_fail (KILN_IS_BUILD (self), NULL);

  return G_LIST_MODEL (self->steps);
}

static KilnBuildStep *
step_at (KilnBuild *self,
         StepIndex  index)
{
  return self->step_objects[index];
}

KilnBuildStep *
kiln_build_get_step (KilnBuild  *self,
                     const char *id)
{
  g_return_val_if_fail (KILN_IS_BUILD (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < N_STEPS; i++)
    if (strcmp (step_info[i].id, id) == 0)
      return step_at (self, i);

  return NULL;
}

GListModel *
kiln_build_get_artifacts (KilnBuild *self)
{
  g_return_val_if_fail (KILN_IS_BUILD (self), NULL);

  return G_LIST_MODEL (self->artifacts);
}

KilnBuildRecord *
kiln_build_get_record (KilnBuild *self)
{
  g_return_val_if_fail (KILN_IS_BUILD (self), NULL);

  return self->record;
}

static void
set_state (KilnBuild      *self,
           KilnBuildState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_progress (KilnBuild *self,
              double     progress)
{
  progress = CLAMP (progress, 0.0, 1.0);
  if (G_APPROX_VALUE (self->progress, progress, 1e-9))
    return;

  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static void
set_current_step (KilnBuild     *self,
                  KilnBuildStep *step)
{
  if (g_set_object (&self->current_step, step))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_STEP]);
}

static void
set_release_dir (KilnBuild  *self,
                 const char *release_dir)
{
  if (g_strcmp0 (self->release_dir, release_dir) == 0)
    return;

  g_free (self->release_dir);
  self->release_dir = g_strdup (release_dir);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RELEASE_DIR]);
}

static const char *
current_step_id (KilnBuild *self)
{
  return self->current_step != NULL ? kiln_build_step_get_id (self->current_step) : NULL;
}

static void
log_kiln_for_step (KilnBuild  *self,
                   const char *step_id,
                   const char *format,
                   va_list     args) G_GNUC_PRINTF (3, 0);

static void
log_kiln_for_step (KilnBuild  *self,
                   const char *step_id,
                   const char *format,
                   va_list     args)
{
  g_autofree char *text = g_strdup_vprintf (format, args);

  kiln_log_model_append (self->log, KILN_STREAM_STDOUT, step_id, text);
}

/* Kiln's own lines, among Mix's, under the step they are about. */
static void
log_kiln (KilnBuild  *self,
          const char *format,
          ...) G_GNUC_PRINTF (2, 3);

static void
log_kiln (KilnBuild  *self,
          const char *format,
          ...)
{
  va_list args;

  va_start (args, format);
  log_kiln_for_step (self, current_step_id (self), format, args);
  va_end (args);
}

static void
log_step_result (KilnBuild  *self,
                 StepIndex   index,
                 const char *format,
                 ...) G_GNUC_PRINTF (3, 4);

static void
log_step_result (KilnBuild  *self,
                 StepIndex   index,
                 const char *format,
                 ...)
{
  va_list args;

  va_start (args, format);
  log_kiln_for_step (self, step_info[index].id, format, args);
  va_end (args);
}

static void
start_step (GTask     *task,
            StepIndex  index)
{
  KilnBuild *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  KilnBuildStep *step = step_at (self, index);
  double done = 0.0;

  for (guint i = 0; i < index; i++)
    done += step_info[i].weight;

  g_ptr_array_set_size (data->step_lines, 0);
  kiln_build_step_start (step);
  set_current_step (self, step);
  set_progress (self, done);
}

static void
finish_step (KilnBuild          *self,
             StepIndex           index,
             KilnBuildStepState  state,
             const char         *message)
{
  KilnBuildStep *step = step_at (self, index);

  kiln_build_step_finish (step, state, message);

  if (state == KILN_BUILD_STEP_SUCCEEDED)
    log_step_result (self, index, _("%s: done in %.1f s"), _(step_info[index].title),
                     kiln_build_step_get_duration_ms (step) / 1000.0);
  else if (state == KILN_BUILD_STEP_SKIPPED)
    log_step_result (self, index, _("%s: skipped"), _(step_info[index].title));
  else if (state == KILN_BUILD_STEP_CANCELLED)
    log_step_result (self, index, _("%s: cancelled"), _(step_info[index].title));
  else
    log_step_result (self, index, _("%s: failed"), _(step_info[index].title));
}

static gboolean
return_if_cancelled (GTask *task)
{
  g_autoptr(GError) error = NULL;

  if (!g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    return FALSE;

  complete (task, g_steal_pointer (&error));
  return TRUE;
}

/* The lines a failure message quotes: Mix's own error lines when there are
 * some ("** (CompileError) lib/x.ex:3: …"), the last lines otherwise. */
static char *
dup_quoted_output (RunData *data)
{
  g_autoptr(GString) quoted = g_string_new (NULL);
  guint n_lines = data->step_lines->len;
  guint n_quoted = 0;
  guint start;

  for (guint i = 0; i < n_lines; i++)
    {
      const char *line = g_ptr_array_index (data->step_lines, i);

      if (n_quoted < MAX_QUOTED_LINES
          && (g_str_has_prefix (line, "** (") || g_str_has_prefix (line, "== Compilation error")))
        {
          g_string_append_printf (quoted, "%s\n", line);
          n_quoted++;
        }
    }

  if (quoted->len > 0)
    return g_strstrip (g_string_free (g_steal_pointer (&quoted), FALSE));

  start = n_lines > MAX_QUOTED_LINES ? n_lines - MAX_QUOTED_LINES : 0;
  for (guint i = start; i < n_lines; i++)
    g_string_append_printf (quoted, "%s\n", (const char *) g_ptr_array_index (data->step_lines, i));

  return g_strstrip (g_string_free (g_steal_pointer (&quoted), FALSE));
}

static GError *
helper_failure_error (KilnBuild *self,
                      RunData   *data,
                      int        exit_status)
{
  g_autofree char *output = dup_quoted_output (data);
  const char *id = current_step_id (self);
  const char *kind = kiln_helper_get_failure_kind (data->helper);
  const char *text = kiln_helper_get_failure_message (data->helper);

  if (g_strcmp0 (kind, "dependencies") == 0 || g_strcmp0 (kind, "hex_missing") == 0)
    {
      const char *apps = text != NULL && *text != '\0' ? text : _("see the log");

      if (g_strcmp0 (kind, "hex_missing") == 0)
        return g_error_new (KILN_ERROR, KILN_ERROR_DEPENDENCIES,
                            _("This project needs dependencies from Hex (%s), and Hex is not installed "
                              "for this Elixir. Kiln cannot fetch them offline: with a network connection, "
                              "run “mix local.hex” and then “mix deps.get” in the project, then build again."),
                            apps);

      return g_error_new (KILN_ERROR, KILN_ERROR_DEPENDENCIES,
                          _("This project needs dependencies from Hex (%s), which Kiln cannot fetch offline. "
                            "Run “mix deps.get” in the project with a network connection, then build again."),
                          apps);
    }

  if (g_strcmp0 (id, "compile") == 0)
    return g_error_new (KILN_ERROR, KILN_ERROR_BUILD_FAILED,
                        _("The project does not compile. Fix the error below, then build again.\n%s"),
                        output);

  if (g_strcmp0 (id, "assemble") == 0)
    return g_error_new (KILN_ERROR, KILN_ERROR_BUILD_FAILED,
                        _("Mix could not assemble the release. Check the release options and "
                          "templates against the error below, then build again.\n%s"),
                        output);

  return g_error_new (KILN_ERROR, KILN_ERROR_BUILD_FAILED,
                      _("Mix could not load the project or its dependencies (exit status %d). "
                        "Fix the error below, then build again.\n%s"),
                      exit_status, output);
}

static void
swap_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  RunData *data = task_data;
  GError *error = NULL;

  if (!kiln_build_plan_swap (data->plan, &data->version, &data->release_size, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
swap_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KilnBuild *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      complete (task, error);
      return;
    }

  set_release_dir (self, data->plan->release_dir);
  log_kiln (self, _("Release %s %s is at %s"), data->plan->release_name, data->version,
            data->plan->release_dir);
  finish_step (self, STEP_ASSEMBLE, KILN_BUILD_STEP_SUCCEEDED, NULL);

  if (return_if_cancelled (task))
    return;

  run_package_next (task);
}

/* Work that must finish once begun (moving trees, saving), hence no
 * cancellable: the caller checks for cancellation when it returns. */
static void
run_in_thread (GTask               *task,
               GTaskThreadFunc      func,
               GAsyncReadyCallback  callback)
{
  g_autoptr(GTask) thread_task = g_task_new (g_task_get_source_object (task), NULL,
                                             callback, g_object_ref (task));

  g_task_set_task_data (thread_task, g_task_get_task_data (task), NULL);
  g_task_run_in_thread (thread_task, func);
}

static void
helper_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KilnBuild *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  int exit_status;

  if (!kiln_helper_run_finish (KILN_HELPER (object), result, &error)
      && (error->domain != KILN_ERROR || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&error, _("Kiln could not run Elixir: "));
      complete (task, g_steal_pointer (&error));
      return;
    }

  exit_status = kiln_helper_get_exit_status (data->helper);
  log_kiln (self, _("Mix finished with exit status %d"), exit_status);

  if (error != NULL)
    {
      complete (task, helper_failure_error (self, data, exit_status));
      return;
    }

  if (!data->saw_assemble)
    {
      complete (task, g_error_new (KILN_ERROR, KILN_ERROR_HELPER_FAILED,
                                   _("Kiln’s release helper stopped before assembling the release. "
                                     "Check the log, then build again.")));
      return;
    }

  if (return_if_cancelled (task))
    return;

  run_in_thread (task, swap_thread, swap_cb);
}

static void
advance_to_step (GTask      *task,
                 const char *id)
{
  KilnBuild *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  StepIndex target;

  if (g_strcmp0 (id, "dependencies") == 0)
    target = STEP_DEPENDENCIES;
  else if (g_strcmp0 (id, "compile") == 0)
    target = STEP_COMPILE;
  else if (g_strcmp0 (id, "assemble") == 0)
    target = STEP_ASSEMBLE;
  else
    return;

  for (guint i = STEP_DEPENDENCIES; i < target; i++)
    {
      KilnBuildStep *step = step_at (self, i);

      if (kiln_build_step_get_state (step) == KILN_BUILD_STEP_RUNNING)
        finish_step (self, i, KILN_BUILD_STEP_SUCCEEDED, NULL);
    }

  if (target == STEP_ASSEMBLE)
    data->saw_assemble = TRUE;

  if (kiln_build_step_get_state (step_at (self, target)) == KILN_BUILD_STEP_PENDING)
    start_step (task, target);
}

static void
helper_step_cb (KilnHelper *helper,
                const char *id,
                gpointer    user_data)
{
  advance_to_step (user_data, id);
}

static void
helper_line_cb (KilnHelper *helper,
                KilnStream  stream,
                const char *line,
                gpointer    user_data)
{
  GTask *task = user_data;
  KilnBuild *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);

  if (data->step_lines->len < MAX_STEP_LINES)
    g_ptr_array_add (data->step_lines, g_strdup (line));

  kiln_log_model_append (self->log, stream, current_step_id (self), line);
}

static void
run_helper (GTask *task)
{
  KilnBuild *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autofree char *command_line = kiln_helper_dup_command_line (data->helper);

  g_signal_connect (data->helper, "line", G_CALLBACK (helper_line_cb), task);
  g_signal_connect (data->helper, "step", G_CALLBACK (helper_step_cb), task);
  log_kiln (self, _("Running MIX_ENV=%s %s"), data->plan->mix_env, command_line);

  kiln_helper_run_async (data->helper, g_task_get_cancellable (task), helper_cb, g_object_ref (task));
}

static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  KilnBuild *self = source_object;
  RunData *data = task_data;
  GError *error = NULL;

  /* Saved at once, so a crash leaves a trace of the build in the history. */
  if (!kiln_build_record_save (self->record, &error)
      || !kiln_build_plan_prepare (data->plan, &error)
      || !kiln_helper_prepare (data->helper, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
prepare_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_prefix_error (&error, _("Kiln could not prepare the build: "));
      complete (task, error);
      return;
    }

  if (return_if_cancelled (task))
    return;

  run_helper (task);
}

static void
run_prepare (GTask *task)
{
  KilnBuild *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);

  data->helper = kiln_helper_new (self->toolchain, HELPER_SCRIPT, KILN_HELPER_MODE_STREAM);
  kiln_helper_set_cwd (data->helper, data->plan->project_dir);
  kiln_helper_set_mix_env (data->helper, data->plan->mix_env);
  kiln_helper_add_arguments (data->helper,
                             "--project", data->plan->project_dir,
                             "--release", data->plan->release_name,
                             "--options", data->plan->options_path,
                             NULL);
  kiln_helper_set_crash_kind (data->helper, "mix");

  start_step (task, STEP_DEPENDENCIES);
  run_in_thread (task, prepare_thread, prepare_cb);
}

static void
toolchain_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KilnBuild *self = g_task_get_source_object (task);
  g_autoptr(KilnToolchain) toolchain = NULL;
  GError *error = NULL;

  toolchain = kiln_toolchain_discover_finish (result, &error);
  if (toolchain == NULL)
    {
      complete (task, error);
      return;
    }

  g_set_object (&self->toolchain, toolchain);
  run_check_toolchain (task);
}

static void
run_check_toolchain (GTask *task)
{
  KilnBuild *self = g_task_get_source_object (task);

  if (self->toolchain == NULL)
    {
      kiln_toolchain_discover_async (g_task_get_cancellable (task), toolchain_cb, g_object_ref (task));
      return;
    }

  log_kiln (self, _("Elixir %s on Erlang/OTP %s (%s)"),
            kiln_toolchain_get_elixir_version (self->toolchain),
            kiln_toolchain_get_otp_release (self->toolchain),
            kiln_toolchain_get_elixir_path (self->toolchain));
  finish_step (self, STEP_CHECK_TOOLCHAIN, KILN_BUILD_STEP_SUCCEEDED, NULL);

  if (return_if_cancelled (task))
    return;

  run_prepare (task);
}

static void
package_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KilnBuild *self = g_task_get_source_object (task);
  g_autoptr(KilnArtifact) artifact = NULL;
  GError *error = NULL;
  guint64 size;

  artifact = kiln_packager_package_finish (result, &error);
  if (artifact == NULL)
    {
      complete (task, error);
      return;
    }

  size = kiln_artifact_get_size (artifact);
  log_kiln (self, g_dngettext (GETTEXT_PACKAGE, "Packaged %s (%llu byte, sha256 %s)",
                               "Packaged %s (%llu bytes, sha256 %s)", size),
            kiln_artifact_get_path (artifact), (unsigned long long) size,
            kiln_artifact_get_sha256 (artifact));
  g_list_store_append (self->artifacts, artifact);

  run_package_next (task);
}

static void
run_package_next (GTask *task)
{
  KilnBuild *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  KilnPackageFormat format;
  g_autofree char *filename = NULL;
  g_autofree char *archive = NULL;

  if (data->formats->len == 0)
    {
      finish_step (self, STEP_PACKAGE, KILN_BUILD_STEP_SKIPPED, NULL);
      run_verify (task);
      return;
    }

  if (data->next_format == 0)
    start_step (task, STEP_PACKAGE);
  else if (return_if_cancelled (task))
    return;

  if (data->next_format == data->formats->len)
    {
      finish_step (self, STEP_PACKAGE, KILN_BUILD_STEP_SUCCEEDED, NULL);
      run_verify (task);
      return;
    }

  format = g_array_index (data->formats, KilnPackageFormat, data->next_format++);
  filename = g_strdup_printf ("%s-%s.%s", data->plan->release_name, data->version,
                              kiln_package_format_to_string (format));
  archive = g_build_filename (data->plan->output_dir, filename, NULL);

  kiln_packager_package_async (data->plan->release_dir, archive, format,
                               g_task_get_cancellable (task), package_cb, g_object_ref (task));
}

static void
check_archives_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  GPtrArray *archives = task_data;
  GError *error = NULL;

  for (guint i = 0; i < archives->len; i++)
    {
      if (!kiln_packager_check_archive (g_ptr_array_index (archives, i),
                                        KILN_BUILD (source_object)->release_dir,
                                        cancellable, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }

  g_task_return_boolean (task, TRUE);
}

static void
check_archives_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KilnBuild *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      complete (task, error);
      return;
    }

  log_kiln (self, _("Every archive holds the release, byte for byte"));
  finish_step (self, STEP_VERIFY, KILN_BUILD_STEP_SUCCEEDED, NULL);
  complete (task, NULL);
}

static void
check_boot_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KilnBuild *self = g_task_get_source_object (task);
  g_autoptr(GTask) thread_task = NULL;
  g_autoptr(GPtrArray) archives = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *version_output = NULL;
  guint n_artifacts = g_list_model_get_n_items (G_LIST_MODEL (self->artifacts));
  GError *error = NULL;

  if (!kiln_release_verifier_check_boot_finish (result, &version_output, &error))
    {
      complete (task, error);
      return;
    }

  log_kiln (self, _("The release boots: %s"), version_output != NULL ? g_strstrip (version_output) : "");

  for (guint i = 0; i < n_artifacts; i++)
    {
      g_autoptr(KilnArtifact) artifact = g_list_model_get_item (G_LIST_MODEL (self->artifacts), i);
      g_ptr_array_add (archives, g_strdup (kiln_artifact_get_path (artifact)));
    }

  thread_task = g_task_new (self, g_task_get_cancellable (task), check_archives_cb, g_object_ref (task));
  g_task_set_task_data (thread_task, g_steal_pointer (&archives), (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (thread_task, check_archives_thread);
}

static void
run_verify (GTask *task)
{
  KilnBuild *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);

  if (!self->verify)
    {
      finish_step (self, STEP_VERIFY, KILN_BUILD_STEP_SKIPPED, NULL);
      complete (task, NULL);
      return;
    }

  if (return_if_cancelled (task))
    return;

  start_step (task, STEP_VERIFY);
  kiln_release_verifier_check_boot_async (data->plan->release_dir, data->plan->release_name,
                                          self->toolchain, g_task_get_cancellable (task),
                                          check_boot_cb, g_object_ref (task));
}

static void
finish_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  KilnBuild *self = source_object;
  RunData *data = task_data;
  g_autoptr(GError) error = NULL;

  if (kiln_build_record_get_result (self->record) != KILN_BUILD_RESULT_SUCCEEDED)
    kiln_build_plan_discard (data->plan);

  if (!kiln_log_model_save (self->log, kiln_build_record_get_log_path (self->record), &error))
    {
      g_message ("Could not save the build log: %s", error->message);
      g_clear_error (&error);
    }

  if (!kiln_build_record_save (self->record, &error))
    g_message ("Could not save the build record: %s", error->message);

  g_task_return_boolean (task, TRUE);
}

static void
finish_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KilnBuild *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);

  if (result != NULL)
    g_task_propagate_boolean (G_TASK (result), NULL);

  if (data->error != NULL)
    {
      set_state (self, g_error_matches (data->error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                 ? KILN_BUILD_STATE_CANCELLED : KILN_BUILD_STATE_FAILED);
      g_task_return_error (task, g_steal_pointer (&data->error));
      return;
    }

  set_progress (self, 1.0);
  set_state (self, KILN_BUILD_STATE_SUCCEEDED);
  g_task_return_pointer (task, g_object_ref (self->record), g_object_unref);
}

static void
record_outcome (KilnBuild *self,
                GError    *error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  guint n_artifacts = g_list_model_get_n_items (G_LIST_MODEL (self->artifacts));
  KilnBuildResult result = KILN_BUILD_RESULT_SUCCEEDED;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    result = KILN_BUILD_RESULT_CANCELLED;
  else if (error != NULL)
    result = KILN_BUILD_RESULT_FAILED;

  for (guint i = 0; i < N_STEPS; i++)
    {
      KilnBuildStep *step = step_at (self, i);

      kiln_build_record_add_step (self->record, step_info[i].id,
                                  kiln_build_step_state_to_string (kiln_build_step_get_state (step)),
                                  kiln_build_step_get_duration_ms (step));
    }

  for (guint i = 0; i < n_artifacts; i++)
    {
      g_autoptr(KilnArtifact) artifact = g_list_model_get_item (G_LIST_MODEL (self->artifacts), i);

      kiln_build_record_add_artifact (self->record,
                                      kiln_artifact_get_path (artifact),
                                      kiln_package_format_to_string (kiln_artifact_get_format (artifact)),
                                      kiln_artifact_get_size (artifact),
                                      kiln_artifact_get_sha256 (artifact));
    }

  kiln_build_record_set_result (self->record, result);
  kiln_build_record_set_error_message (self->record, error != NULL ? error->message : NULL);
  kiln_build_record_set_finished_at (self->record, now);
}

/* Every way out goes through here: the running step takes the outcome, the
 * record and log are saved, and a failed build leaves no staging behind. */
static void
complete (GTask  *task,
          GError *error)
{
  KilnBuild *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  if (cancelled)
    {
      g_clear_error (&error);
      error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The build was cancelled."));
    }

  for (guint i = 0; i < N_STEPS; i++)
    {
      KilnBuildStep *step = step_at (self, i);

      if (kiln_build_step_get_state (step) != KILN_BUILD_STEP_RUNNING)
        continue;

      if (error == NULL)
        finish_step (self, i, KILN_BUILD_STEP_SUCCEEDED, NULL);
      else
        finish_step (self, i, cancelled ? KILN_BUILD_STEP_CANCELLED : KILN_BUILD_STEP_FAILED,
                     error->message);
    }

  if (error != NULL)
    log_kiln (self, "%s", error->message);
  else
    log_kiln (self, _("The build succeeded."));

  kiln_log_model_flush (self->log);

  data->error = error;

  /* Validation refused the build before it began: nothing to record. */
  if (self->record == NULL)
    {
      finish_cb (NULL, NULL, g_object_ref (task));
      return;
    }

  record_outcome (self, error);
  if (data->release_size > 0)
    {
      kiln_build_record_set_release_dir (self->record, data->plan->release_dir);
      kiln_build_record_set_release_size (self->record, data->release_size);
    }

  run_in_thread (task, finish_thread, finish_cb);
}

static void
start_build (GTask *task)
{
  KilnBuild *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *profile_json = kiln_release_profile_to_json (self->profile);

  g_clear_object (&self->record);
  self->record = kiln_build_record_new (self->project_dir, data->plan->release_name);
  kiln_build_record_set_mix_env (self->record, data->plan->mix_env);
  kiln_build_record_set_profile_json (self->record, profile_json);
  kiln_build_record_set_started_at (self->record, now);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORD]);

  start_step (task, STEP_CHECK_TOOLCHAIN);
  log_kiln (self, _("Building release %s of %s (MIX_ENV=%s)"),
            data->plan->release_name, self->project_dir, data->plan->mix_env);
  run_check_toolchain (task);
}

static GArray *
parse_formats (KilnReleaseProfile  *profile,
               GError             **error)
{
  const char * const *names = kiln_release_profile_get_package_formats (profile);
  g_autoptr(GArray) formats = g_array_new (FALSE, FALSE, sizeof (KilnPackageFormat));

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      KilnPackageFormat format;

      if (!kiln_package_format_from_string (names[i], &format))
        {
          g_set_error (error, KILN_ERROR, KILN_ERROR_PROFILE_INVALID,
                       _("Kiln cannot package releases as “%s”. Choose tar.gz, tar.zst or zip "
                         "in the profile, then build again."), names[i]);
          return NULL;
        }

      g_array_append_val (formats, format);
    }

  return g_steal_pointer (&formats);
}

static void
check_overlays_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  RunData *data = task_data;
  GError *error = NULL;

  if (!kiln_build_plan_check_overlays (data->plan, &error)
      || !kiln_build_plan_check_release_dir (data->plan, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
check_overlays_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KilnBuild *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error)
      || !kiln_release_profile_validate (self->profile, self->is_umbrella, &error)
      || (data->formats = parse_formats (self->profile, &error)) == NULL)
    {
      complete (task, error);
      return;
    }

  if (return_if_cancelled (task))
    return;

  start_build (task);
}

void
kiln_build_run_async (KilnBuild           *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *data;

  g_return_if_fail (KILN_IS_BUILD (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiln_build_run_async);

  if (self->state != KILN_BUILD_STATE_IDLE)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("This build has already run. Start a new build."));
      return;
    }

  data = g_new0 (RunData, 1);
  data->step_lines = g_ptr_array_new_with_free_func (g_free);
  data->plan = kiln_build_plan_new (self->project_dir, self->profile);
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);

  set_state (self, KILN_BUILD_STATE_RUNNING);

  /* Overlays first, so an escaping one is always reported as such; their
   * sources may be big folders, hence a thread. Nothing is created or
   * started before the profile passes. */
  run_in_thread (task, check_overlays_thread, check_overlays_cb);
}

KilnBuildRecord *
kiln_build_run_finish (KilnBuild     *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (KILN_IS_BUILD (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
