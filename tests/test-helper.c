#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "kiln-build-mix-stage.h"
#include "kiln-build-pipeline-private.h"
#include "kiln-engine-resources.h"
#include "kiln-helper-private.h"
#include "kiln-test-util.h"

#define HELPERS_RESOURCE "/io/github/kilnapp/Kiln/engine/"

typedef struct
{
  GPtrArray    *events;
  GCancellable *cancel_on_line;
  GAsyncResult *result;
} Run;

static void
line_cb (KilnHelper *helper,
         KilnStream  stream,
         const char *line,
         gpointer    user_data)
{
  Run *run = user_data;

  g_ptr_array_add (run->events, g_strdup_printf ("%s %s", stream == KILN_STREAM_STDOUT ? "out" : "err", line));
  if (run->cancel_on_line != NULL)
    g_cancellable_cancel (run->cancel_on_line);
}

static void
step_cb (KilnHelper *helper,
         const char *id,
         gpointer    user_data)
{
  Run *run = user_data;

  g_ptr_array_add (run->events, g_strdup_printf ("step %s", id));
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Run *run = user_data;

  run->result = g_object_ref (result);
}

static KilnHelper *
new_helper (const char     *script,
            KilnHelperMode  mode)
{
  g_autoptr(GBytes) source = g_bytes_new (script, strlen (script));

  return kiln_helper_new_for_source (kiln_test_get_toolchain (), "kiln-test.exs", source, mode);
}

/* Runs the helper the way the build does: asynchronously, on this thread. */
static gboolean
run_async (KilnHelper    *helper,
           Run           *run,
           GCancellable  *cancellable,
           GError       **error)
{
  gboolean ok;

  run->events = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (helper, "line", G_CALLBACK (line_cb), run);
  g_signal_connect (helper, "step", G_CALLBACK (step_cb), run);

  kiln_helper_run_async (helper, cancellable, run_done_cb, run);
  while (run->result == NULL)
    g_main_context_iteration (NULL, TRUE);

  ok = kiln_helper_run_finish (helper, run->result, error);
  g_clear_object (&run->result);

  return ok;
}

static void
test_result_mode (void)
{
  g_autoptr(KilnHelper) helper = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *answer;

  if (kiln_test_skip_without_toolchain ())
    return;

  /* Output of its own before the answer, even an unfinished line, is not
   * mistaken for it. */
  helper = new_helper ("IO.puts(\"chatter\"); IO.write(\"half a line\")\n"
                       "[arg] = System.argv()\n"
                       "Kiln.Helper.result(Kiln.JSON.object([{\"arg\", Kiln.JSON.string(arg)},"
                       " {\"mix_env\", Kiln.JSON.string(System.get_env(\"MIX_ENV\"))}]))\n",
                       KILN_HELPER_MODE_RESULT);
  kiln_helper_set_mix_env (helper, "staging");
  kiln_helper_add_arguments (helper, "two words \"quoted\"\n", NULL);

  g_assert_true (kiln_helper_run (helper, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kiln_helper_get_exit_status (helper), ==, 0);
  g_assert_null (kiln_helper_get_failure_kind (helper));

  answer = json_node_get_object (kiln_helper_get_result (helper));
  g_assert_cmpstr (json_object_get_string_member (answer, "arg"), ==, "two words \"quoted\"\n");
  g_assert_cmpstr (json_object_get_string_member (answer, "mix_env"), ==, "staging");
  g_assert_true (g_str_has_suffix (kiln_helper_get_script_path (helper), "-kiln-test.exs"));
}

static void
test_stream_mode (void)
{
  g_autoptr(KilnHelper) helper = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *joined = NULL;
  g_autoptr(GPtrArray) stdout_events = g_ptr_array_new ();
  Run run = { NULL };

  if (kiln_test_skip_without_toolchain ())
    return;

  helper = new_helper ("IO.puts(\"one\")\n"
                       "Kiln.Helper.step(:compile)\n"
                       "IO.puts(:stderr, \"to stderr\")\n"
                       "IO.write(\"unfinished\"); Kiln.Helper.step(:assemble)\n"
                       "IO.puts(\"three\")\n",
                       KILN_HELPER_MODE_STREAM);

  g_assert_true (run_async (helper, &run, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (kiln_helper_get_result (helper));

  /* The two pipes are read independently: compare stdout's order only. */
  for (guint i = 0; i < run.events->len; i++)
    if (!g_str_has_prefix (g_ptr_array_index (run.events, i), "err "))
      g_ptr_array_add (stdout_events, g_ptr_array_index (run.events, i));
  g_ptr_array_add (stdout_events, NULL);
  joined = g_strjoinv ("|", (char **) stdout_events->pdata);
  g_assert_cmpstr (joined, ==, "out one|step compile|out unfinished|step assemble|out three");
  g_assert_true (g_ptr_array_find_with_equal_func (run.events, "err to stderr", g_str_equal, NULL));

  g_ptr_array_unref (run.events);
}

static void
test_failure (void)
{
  g_autoptr(KilnHelper) helper = NULL;
  g_autoptr(KilnHelper) explained = NULL;
  g_autoptr(GError) error = NULL;
  guint n_variables;
  const KilnHelperVariable *protocol = kiln_helper_get_protocol (&n_variables);
  const char *failed_status = NULL;
  Run run = { NULL };

  if (kiln_test_skip_without_toolchain ())
    return;

  for (guint i = 0; i < n_variables; i++)
    if (g_str_equal (protocol[i].variable, "KILN_HELPER_FAILED_STATUS"))
      failed_status = protocol[i].value;
  g_assert_nonnull (failed_status);

  helper = new_helper ("IO.puts(\"working\")\n"
                       "Kiln.Helper.fail(:dependencies, \"jason\\nplug \\\\n\\r\")\n"
                       "IO.puts(\"never\")\n",
                       KILN_HELPER_MODE_RESULT);

  g_assert_false (run_async (helper, &run, NULL, &error));
  g_assert_error (error, KILN_ERROR, KILN_ERROR_DEPENDENCIES);
  g_assert_cmpstr (error->message, ==, "jason\nplug \\n\r");
  g_assert_cmpstr (kiln_helper_get_failure_kind (helper), ==, "dependencies");
  g_assert_cmpstr (kiln_helper_get_failure_message (helper), ==, "jason\nplug \\n\r");
  g_assert_cmpint (kiln_helper_get_exit_status (helper), ==, atoi (failed_status));
  g_assert_cmpuint (run.events->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (run.events, 0), ==, "out working");
  g_clear_error (&error);

  /* What went to stderr before leads up to the reason. */
  explained = new_helper ("IO.puts(:stderr, \"Mix: cannot load\")\n"
                          "Kiln.Helper.fail(:project, \"the reason\")\n",
                          KILN_HELPER_MODE_RESULT);
  g_assert_false (kiln_helper_run (explained, NULL, &error));
  g_assert_error (error, KILN_ERROR, KILN_ERROR_PROJECT_INVALID);
  g_assert_cmpstr (error->message, ==, "Mix: cannot load\nthe reason");
  g_assert_cmpstr (kiln_helper_get_failure_message (explained), ==, "the reason");

  g_ptr_array_unref (run.events);
}

/* A helper that dies without a word: a bug in Kiln, unless it ran code of
 * the project's that may stop the BEAM. */
static void
test_crash (void)
{
  const char *script = "IO.puts(\"partial\"); raise \"boom\"\n";
  g_autoptr(KilnHelper) helper = NULL;
  g_autoptr(KilnHelper) project_helper = NULL;
  g_autoptr(KilnHelper) silent = NULL;
  g_autoptr(GError) error = NULL;

  if (kiln_test_skip_without_toolchain ())
    return;

  helper = new_helper (script, KILN_HELPER_MODE_RESULT);
  g_assert_false (kiln_helper_run (helper, NULL, &error));
  g_assert_error (error, KILN_ERROR, KILN_ERROR_HELPER_FAILED);
  g_assert_nonnull (strstr (error->message, "kiln-test.exs"));
  g_assert_nonnull (strstr (error->message, "(RuntimeError) boom"));
  g_assert_null (kiln_helper_get_failure_kind (helper));
  g_assert_cmpint (kiln_helper_get_exit_status (helper), !=, 0);
  g_clear_error (&error);

  project_helper = new_helper (script, KILN_HELPER_MODE_RESULT);
  kiln_helper_set_crash_kind (project_helper, "project");
  g_assert_false (kiln_helper_run (project_helper, NULL, &error));
  g_assert_error (error, KILN_ERROR, KILN_ERROR_PROJECT_INVALID);
  g_assert_cmpstr (kiln_helper_get_failure_kind (project_helper), ==, "project");
  g_assert_nonnull (strstr (kiln_helper_get_failure_message (project_helper), "(RuntimeError) boom"));
  g_clear_error (&error);

  /* Exiting well without the answer is no answer either. */
  silent = new_helper ("IO.puts(\"nothing to say\")\n", KILN_HELPER_MODE_RESULT);
  g_assert_false (kiln_helper_run (silent, NULL, &error));
  g_assert_error (error, KILN_ERROR, KILN_ERROR_HELPER_FAILED);
  g_assert_nonnull (strstr (error->message, "nothing to say"));
}

static void
test_unreadable_answer (void)
{
  g_autoptr(KilnHelper) helper = NULL;
  g_autoptr(GError) error = NULL;

  if (kiln_test_skip_without_toolchain ())
    return;

  helper = new_helper ("Kiln.Helper.result(\"{not json\")\n", KILN_HELPER_MODE_RESULT);
  g_assert_false (kiln_helper_run (helper, NULL, &error));
  g_assert_error (error, KILN_ERROR, KILN_ERROR_HELPER_FAILED);
  g_assert_nonnull (strstr (error->message, "kiln-test.exs"));
  g_assert_null (kiln_helper_get_result (helper));
}

static void
test_cancel (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(KilnHelper) helper = NULL;
  g_autoptr(GError) error = NULL;
  Run run = { NULL, cancellable, NULL };
  gint64 started;

  if (kiln_test_skip_without_toolchain ())
    return;

  helper = new_helper ("IO.puts(\"ready\"); Process.sleep(120_000)\n", KILN_HELPER_MODE_STREAM);
  started = g_get_monotonic_time ();
  g_assert_false (run_async (helper, &run, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 60 * G_USEC_PER_SEC);
  g_assert_cmpstr (g_ptr_array_index (run.events, 0), ==, "out ready");

  g_ptr_array_unref (run.events);
}

static GPtrArray *
find_all (const char *pattern,
          const char *text)
{
  g_autoptr(GRegex) regex = g_regex_new (pattern, G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);

  g_assert_nonnull (regex);
  for (g_regex_match (regex, text, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL))
    g_ptr_array_add (found, g_match_info_fetch (match, 1));

  return found;
}

static gboolean
contains (GPtrArray  *strings,
          const char *string)
{
  return g_ptr_array_find_with_equal_func (strings, string, g_str_equal, NULL);
}

static char *
read_helper (const char *name)
{
  g_autofree char *path = g_strconcat (HELPERS_RESOURCE, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_resource_lookup_data (kiln_engine_get_resource (), path, 0, &error);

  g_assert_no_error (error);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* The protocol's words are the C side's: kiln-helper.exs reads exactly the
 * variables Kiln sets, no helper spells a marker or an exit status, and
 * every step and error kind a helper names is one the engine knows. */
static void
test_protocol_defined_once (void)
{
  g_auto(GStrv) names = g_resource_enumerate_children (kiln_engine_get_resource (), HELPERS_RESOURCE, 0, NULL);
  g_autofree char *protocol_source = read_helper ("kiln-helper.exs");
  g_autoptr(GPtrArray) read_variables = find_all ("\"(KILN_HELPER_[A-Z_]+)\"", protocol_source);
  g_autoptr(GPtrArray) used_kinds = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) announced_steps = NULL;
  const KilnBuildPipelineStage *stages, *mix_stage = NULL;
  const KilnHelperVariable *variables;
  const KilnHelperErrorKind *kinds;
  guint n_variables, n_kinds, n_stages;

  variables = kiln_helper_get_protocol (&n_variables);
  g_assert_cmpuint (read_variables->len, ==, n_variables);
  for (guint i = 0; i < n_variables; i++)
    g_assert_true (contains (read_variables, variables[i].variable));

  kinds = kiln_helper_get_error_kinds (&n_kinds);
  g_assert_nonnull (names);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *source = read_helper (names[i]);
      g_autoptr(GPtrArray) fails = find_all ("fail\\((.{0,40})", source);
      g_autoptr(GPtrArray) steps = find_all ("Kiln\\.Helper\\.step\\((.{0,40})", source);

      if (!g_str_equal (names[i], "kiln-helper.exs"))
        {
          g_assert_null (strstr (source, "KILN_HELPER"));
          g_assert_null (strstr (source, "\\x1e"));
          g_assert_null (strstr (source, "System.halt"));
        }

      for (guint j = 0; j < fails->len; j++)
        {
          g_autoptr(GPtrArray) kind = find_all ("^:([a-z_]+),", g_ptr_array_index (fails, j));
          const char *call = g_ptr_array_index (fails, j);

          /* Only kiln-helper.exs passes the kind on. */
          if (g_str_equal (names[i], "kiln-helper.exs") && g_str_has_prefix (call, "kind, message)"))
            continue;
          g_assert_cmpuint (kind->len, ==, 1);
          g_ptr_array_add (used_kinds, g_strdup (g_ptr_array_index (kind, 0)));
        }

      if (g_str_equal (names[i], "kiln-release.exs"))
        announced_steps = g_ptr_array_ref (steps);
      else if (!g_str_equal (names[i], "kiln-helper.exs"))
        g_assert_cmpuint (steps->len, ==, 0);
    }

  for (guint i = 0; i < used_kinds->len; i++)
    {
      gboolean known = FALSE;

      for (guint j = 0; j < n_kinds; j++)
        known |= g_str_equal (kinds[j].kind, g_ptr_array_index (used_kinds, i));
      if (!known)
        g_error ("a helper fails with :%s, which kiln-helper.c does not know",
                 (char *) g_ptr_array_index (used_kinds, i));
    }
  for (guint j = 0; j < n_kinds; j++)
    if (!contains (used_kinds, kinds[j].kind))
      g_error ("kiln-helper.c knows the error kind %s, which no helper uses", kinds[j].kind);

  /* The release helper announces the steps of the build stage it drives,
   * all of them, in order. */
  stages = kiln_build_pipeline_get_stages (&n_stages);
  for (guint i = 0; i < n_stages; i++)
    if (stages[i].get_type == kiln_build_mix_stage_get_type)
      mix_stage = &stages[i];
  g_assert_nonnull (mix_stage);
  g_assert_nonnull (announced_steps);
  g_assert_cmpuint (announced_steps->len, ==, kiln_build_pipeline_count_steps (mix_stage));
  for (guint i = 0; i < announced_steps->len; i++)
    {
      g_autoptr(GPtrArray) id = find_all ("^:([a-z_]+)\\)", g_ptr_array_index (announced_steps, i));

      g_assert_cmpuint (id->len, ==, 1);
      g_assert_cmpstr (g_ptr_array_index (id, 0), ==, mix_stage->steps[i].id);
    }
}

int
main (int   argc,
      char *argv[])
{
  kiln_test_init (&argc, &argv);

  g_test_add_func ("/helper/result-mode", test_result_mode);
  g_test_add_func ("/helper/stream-mode", test_stream_mode);
  g_test_add_func ("/helper/failure", test_failure);
  g_test_add_func ("/helper/crash", test_crash);
  g_test_add_func ("/helper/unreadable-answer", test_unreadable_answer);
  g_test_add_func ("/helper/cancel", test_cancel);
  g_test_add_func ("/helper/protocol-defined-once", test_protocol_defined_once);

  return g_test_run ();
}
