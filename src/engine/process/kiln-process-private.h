#pragma once

#include "kiln-process.h"

G_BEGIN_DECLS

/* Shared by kiln-process.c (running) and kiln-process-command.c (the
 * command line, and the same command on the host from inside Flatpak). */
struct _KilnProcess
{
  GObject              parent_instance;

  GStrv                argv;
  char                *cwd;
  GHashTable          *environment;
  KilnProcessLineFunc  line_func;
  gpointer             line_func_data;
  GDestroyNotify       line_func_destroy;
  GString             *stdout_text;
  GString             *stderr_text;
  GPid                 pid;
  guint                time_limit_s;
  guint                capture_output : 1;
  guint                running : 1;
};

GStrv kiln_process_build_host_argv (KilnProcess *self);

G_END_DECLS
