#pragma once

#include <json-glib/json-glib.h>

#include "kiln-process.h"

G_BEGIN_DECLS

typedef struct
{
  int   status;
  char *out;
  char *err;
} KilnCliResult;

void          kiln_cli_result_clear         (KilnCliResult       *result);
KilnProcess  *kiln_test_new_kiln_process    (const char * const  *arguments);
KilnCliResult kiln_test_run_kiln            (const char          *path_env,
                                             const char * const  *arguments);
JsonObject   *kiln_test_parse_json_object   (const char          *text);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KilnCliResult, kiln_cli_result_clear)

#define run_kiln(...) kiln_test_run_kiln (NULL, (const char * const[]) { __VA_ARGS__, NULL })
#define run_kiln_on_path(path, ...) kiln_test_run_kiln (path, (const char * const[]) { __VA_ARGS__, NULL })

G_END_DECLS
