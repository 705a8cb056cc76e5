#pragma once

#include <stdio.h>

#include "kiln-cli.h"
#include "kiln-engine.h"

G_BEGIN_DECLS

/* Shared by the commands: errors, signals and text layout. */
void  kiln_cli_filter_output  (void);
int   kiln_cli_report_error   (const GError  *error);
int   kiln_cli_usage_error    (const char    *command,
                               const char    *message);
void     kiln_cli_add_timeout_option   (GOptionContext *context,
                                        int            *seconds);
gboolean kiln_cli_apply_timeout_option (const char     *command,
                                        int             seconds,
                                        int            *status);
void  kiln_cli_watch_signals  (GCancellable  *cancellable,
                               guint          ids[2]);
void  kiln_cli_unwatch_signals (guint         ids[2]);


char *kiln_cli_pad            (const char    *text,
                               glong          width);
void  kiln_cli_print_field    (const char    *label,
                               const char    *value);

/* The build progress on stderr: a bar on a terminal, a line a step otherwise. */
typedef struct
{
  gboolean  is_tty;
  gboolean  drawn;
  char     *last_step;
} KilnCliProgress;

void  kiln_cli_progress_init  (KilnCliProgress *progress);
void  kiln_cli_progress_draw  (KilnCliProgress *progress,
                               KilnBuild       *build);
void  kiln_cli_progress_erase (KilnCliProgress *progress);
void  kiln_cli_progress_clear (KilnCliProgress *progress);

/* The commands; argv[0] is the command's name. Each returns a KilnExitCode. */
int   kiln_cli_run_inspect    (int             argc,
                               char          **argv);
int   kiln_cli_run_build      (int             argc,
                               char          **argv);

G_END_DECLS
