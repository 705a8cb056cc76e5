#include "config.h"

#include <time.h>

#include <adwaita.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiln-engine.h"
#include "kiln-log-view.h"

#define TOTAL_LINES 1000000
#define LINES_PER_BATCH 5000
#define PROBE_INTERVAL_MS 5
#define BATCH_INTERVAL_MS 10

typedef struct
{
  GMainLoop    *loop;
  KilnLogModel *log;
  KilnLogView  *view;
  guint         appended;
  guint64       bytes;
  gint64        last_probe;
  gint64        longest_gap;
  gint64        started;
  gint64        appended_at;
  gboolean      done;
} Bench;

static long
read_status_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, field);
  return line ? atol (line + strlen (field) + 1) : -1;
}

static gboolean
probe (gpointer data)
{
  Bench *bench = data;
  gint64 now = g_get_monotonic_time ();

  if (bench->last_probe != 0)
    bench->longest_gap = MAX (bench->longest_gap, now - bench->last_probe);
  bench->last_probe = now;

  return G_SOURCE_CONTINUE;
}

static gboolean
append_batch (gpointer data)
{
  Bench *bench = data;

  for (guint i = 0; i < LINES_PER_BATCH && bench->appended < TOTAL_LINES; i++, bench->appended++)
    {
      char line[160];
      int length;

      /* Roughly what mix prints: paths, some colour, some stderr. */
      if (bench->appended % 50 == 0)
        length = g_snprintf (line, sizeof line, "\033[33mwarning:\033[0m variable \"x%u\" is unused", bench->appended);
      else
        length = g_snprintf (line, sizeof line, "Compiling lib/my_app/module_%u.ex (elixir) in %u ms",
                             bench->appended, bench->appended % 977);
      bench->bytes += length + 1;
      kiln_log_model_append (bench->log, bench->appended % 7 ? KILN_STREAM_STDOUT : KILN_STREAM_STDERR,
                             "compile", line);
    }

  if (bench->appended < TOTAL_LINES)
    return G_SOURCE_CONTINUE;

  bench->appended_at = g_get_monotonic_time ();
  return G_SOURCE_REMOVE;
}

static gboolean
check_done (gpointer data)
{
  Bench *bench = data;

  if (bench->appended_at == 0 ||
      g_list_model_get_n_items (G_LIST_MODEL (bench->log)) < TOTAL_LINES)
    return G_SOURCE_CONTINUE;

  /* Give the view a moment to lay out the tail before measuring. */
  if (g_get_monotonic_time () - bench->appended_at < 500 * 1000)
    return G_SOURCE_CONTINUE;

  g_main_loop_quit (bench->loop);
  return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
  Bench bench = { 0 };
  GtkWidget *window;
  long rss_before, hwm_after;
  double append_stall_ms, search_ms, search_stall_ms, filter_ms, filter_stall_ms;
  guint found;
  g_autofree char *match_label = NULL;
  double engine_wall_ms, engine_cpu_ms;
  guint engine_matches;
  GtkAdjustment *adj;

  if (!gtk_init_check ())
    {
      g_printerr ("kiln-log-view-bench: needs a display (run bench/log-view)\n");
      return 77;
    }
  adw_init ();

  bench.loop = g_main_loop_new (NULL, FALSE);
  bench.log = kiln_log_model_new ();
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  bench.view = KILN_LOG_VIEW (kiln_log_view_new ());
  kiln_log_view_set_model (bench.view, G_LIST_MODEL (bench.log));
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (bench.view));
  gtk_window_present (GTK_WINDOW (window));

  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);

  rss_before = read_status_kib ("VmRSS:");
  bench.started = g_get_monotonic_time ();

  g_timeout_add_full (G_PRIORITY_HIGH, PROBE_INTERVAL_MS, probe, &bench, NULL);
  /* Batches spaced like a fast build's output, so the view redraws and
   * follows the tail many times along the way. */
  g_timeout_add (BATCH_INTERVAL_MS, append_batch, &bench);
  g_timeout_add (50, check_done, &bench);
  g_main_loop_run (bench.loop);

  hwm_after = read_status_kib ("VmHWM:");
  append_stall_ms = MAX (0, bench.longest_gap / 1000.0 - PROBE_INTERVAL_MS);

  /* What a user does next with a huge log: search near its end, filter it. */
  {
    gint64 start = g_get_monotonic_time ();
    bench.longest_gap = 0;
    bench.last_probe = 0;
    kiln_log_view_set_search_text (bench.view, "module_999990.ex");
    while (kiln_log_view_get_searching (bench.view))
      g_main_context_iteration (NULL, TRUE);
    search_ms = (g_get_monotonic_time () - start) / 1000.0;
    search_stall_ms = MAX (0, bench.longest_gap / 1000.0 - PROBE_INTERVAL_MS);
    found = kiln_log_view_get_selected (bench.view);
    match_label = g_strdup (kiln_log_view_get_match_label (bench.view));

    /* The same search alone, on this thread: what the worker costs,
     * whatever else the machine runs. */
    {
      g_autoptr(KilnLogSearch) search = kiln_log_search_new ("module_999990.ex", KILN_LOG_FIND_IGNORE_CASE);
      g_autoptr(GArray) matches = NULL;
      struct timespec cpu_start, cpu_end;
      gint64 wall_start = g_get_monotonic_time ();

      clock_gettime (CLOCK_THREAD_CPUTIME_ID, &cpu_start);
      matches = kiln_log_model_find_all (bench.log, search, 0, G_MAXUINT, NULL);
      clock_gettime (CLOCK_THREAD_CPUTIME_ID, &cpu_end);
      engine_wall_ms = (g_get_monotonic_time () - wall_start) / 1000.0;
      engine_cpu_ms = (cpu_end.tv_sec - cpu_start.tv_sec) * 1000.0 + (cpu_end.tv_nsec - cpu_start.tv_nsec) / 1e6;
      engine_matches = matches->len;
    }

    bench.longest_gap = 0;
    bench.last_probe = 0;
    start = g_get_monotonic_time ();
    kiln_log_view_set_filter (bench.view, KILN_LOG_FILTER_WARNINGS);
    while (kiln_log_view_get_filtering (bench.view))
      g_main_context_iteration (NULL, TRUE);
    filter_ms = (g_get_monotonic_time () - start) / 1000.0;
    filter_stall_ms = MAX (0, bench.longest_gap / 1000.0 - PROBE_INTERVAL_MS);
  }
  adj = kiln_log_view_get_vadjustment (bench.view);

  printf ("lines:                 %u\n", g_list_model_get_n_items (G_LIST_MODEL (bench.log)));
  printf ("log bytes:             %.1f MiB\n", bench.bytes / 1048576.0);
  printf ("appending took:        %.2f s (%d lines every %d ms)\n", (bench.appended_at - bench.started) / 1e6,
          LINES_PER_BATCH, BATCH_INTERVAL_MS);
  printf ("longest main-loop stall: %.1f ms (probe every %d ms)\n", append_stall_ms, PROBE_INTERVAL_MS);
  printf ("peak RSS growth:       %.1f MiB (%.2f× the log's bytes)\n",
          (hwm_after - rss_before) / 1024.0, (hwm_after - rss_before) * 1024.0 / bench.bytes);
  printf ("search to the end:     %.0f ms, longest stall %.1f ms (found line %u, %s)\n", search_ms, search_stall_ms, found,
          match_label);
  printf ("  engine pass alone:   %.0f ms wall, %.0f ms CPU, %u matches\n", engine_wall_ms, engine_cpu_ms, engine_matches);
  printf ("filter to warnings:    %.0f ms, longest stall %.1f ms, %u lines\n", filter_ms, filter_stall_ms,
          g_list_model_get_n_items (kiln_log_view_get_visible_lines (bench.view)));
  printf ("following the tail:    %s (value %.0f of %.0f)\n",
          kiln_log_view_get_following (bench.view) ? "yes" : "no",
          gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj), gtk_adjustment_get_upper (adj));

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (bench.log);
  g_main_loop_unref (bench.loop);

  return 0;
}
