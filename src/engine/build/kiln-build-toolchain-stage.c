#define G_LOG_DOMAIN "kiln-build"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kiln-build-private.h"
#include "kiln-build-toolchain-stage.h"

/* The Elixir the build runs: the one it was given, or the one found now. */

struct _KilnBuildToolchainStage
{
  KilnBuildStage parent_instance;
};

G_DEFINE_FINAL_TYPE (KilnBuildToolchainStage, kiln_build_toolchain_stage, KILN_TYPE_BUILD_STAGE)

static void
report_toolchain (GTask *task)
{
  KilnBuild *build = g_task_get_task_data (task);
  KilnToolchain *toolchain = kiln_build_get_toolchain (build);

  kiln_build_log (build, _("Elixir %s on Erlang/OTP %s (%s)"),
                  kiln_toolchain_get_elixir_version (toolchain),
                  kiln_toolchain_get_otp_release (toolchain),
                  kiln_toolchain_get_elixir_path (toolchain));
  g_task_return_boolean (task, TRUE);
}

static void
discover_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(KilnToolchain) toolchain = NULL;
  GError *error = NULL;

  if (!(toolchain = kiln_toolchain_discover_finish (result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  kiln_build_set_toolchain (g_task_get_task_data (task), toolchain);
  report_toolchain (task);
}

static void
kiln_build_toolchain_stage_run_async (KilnBuildStage      *stage,
                                      KilnBuild           *build,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = kiln_build_stage_new_task (stage, build, cancellable, callback, user_data);

  if (kiln_build_get_toolchain (build) == NULL)
    kiln_toolchain_discover_async (cancellable, discover_cb, g_object_ref (task));
  else
    report_toolchain (task);
}

static void
kiln_build_toolchain_stage_class_init (KilnBuildToolchainStageClass *klass)
{
  KILN_BUILD_STAGE_CLASS (klass)->run_async = kiln_build_toolchain_stage_run_async;
}

static void
kiln_build_toolchain_stage_init (KilnBuildToolchainStage *self)
{
}
