#define G_LOG_DOMAIN "kiln-ui"

#include "config.h"

#include <stdio.h>

#include "kiln-first-frame.h"

/* Work that touches the disk, the toolchain or Mix waits until the window has
 * been painted once, so that it never delays the first frame. */

#define FIRST_FRAME_DONE "kiln-first-frame-done"

typedef struct
{
  GtkWidget          *widget;
  KilnFirstFrameFunc  func;
  gpointer            user_data;
  GDestroyNotify      destroy;
  GdkFrameClock      *frame_clock;
  gulong              realize_handler;
  gulong              paint_handler;
  gulong              destroy_handler;
  guint               idle;
} Deferred;

static void
deferred_free (Deferred *deferred)
{
  if (deferred->paint_handler != 0)
    g_signal_handler_disconnect (deferred->frame_clock, deferred->paint_handler);
  g_clear_object (&deferred->frame_clock);
  g_clear_signal_handler (&deferred->realize_handler, deferred->widget);
  g_clear_signal_handler (&deferred->destroy_handler, deferred->widget);
  g_clear_handle_id (&deferred->idle, g_source_remove);
  if (deferred->destroy != NULL)
    deferred->destroy (deferred->user_data);
  g_free (deferred);
}

static gboolean
run_deferred (gpointer data)
{
  Deferred *deferred = data;

  deferred->idle = 0;
  deferred->func (deferred->widget, deferred->user_data);
  deferred_free (deferred);

  return G_SOURCE_REMOVE;
}

/* A widget destroyed before its first frame has nothing left to load. */
static void
widget_destroyed_cb (GtkWidget *widget,
                     Deferred  *deferred)
{
  deferred_free (deferred);
}

/* bench/startup: exec → first frame, from the real time the script exec'd us at. */
static void
report_first_frame (void)
{
  const char *exec_us = g_getenv ("KILN_BENCH_EXEC_US");
  static gboolean reported;

  if (reported || g_strcmp0 (g_getenv ("KILN_BENCH_FIRST_FRAME"), "1") != 0)
    return;

  reported = TRUE;
  printf ("first-frame-us %" G_GINT64_FORMAT "\n",
          exec_us != NULL ? g_get_real_time () - g_ascii_strtoll (exec_us, NULL, 10) : (gint64) -1);
  fflush (stdout);
  if (g_application_get_default () != NULL)
    g_application_quit (g_application_get_default ());
}

static void
after_paint_cb (GdkFrameClock *frame_clock,
                Deferred      *deferred)
{
  g_clear_signal_handler (&deferred->paint_handler, frame_clock);
  g_object_set_data (G_OBJECT (deferred->widget), FIRST_FRAME_DONE, GINT_TO_POINTER (TRUE));
  report_first_frame ();
  deferred->idle = g_idle_add (run_deferred, deferred);
}

static void
connect_frame_clock (GtkWidget *widget,
                     Deferred  *deferred)
{
  g_clear_signal_handler (&deferred->realize_handler, widget);
  deferred->frame_clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  deferred->paint_handler = g_signal_connect (deferred->frame_clock, "after-paint",
                                              G_CALLBACK (after_paint_cb), deferred);
}

void
kiln_ui_after_first_frame (GtkWidget          *widget,
                           KilnFirstFrameFunc  func,
                           gpointer            user_data,
                           GDestroyNotify      destroy)
{
  Deferred *deferred;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (func != NULL);

  deferred = g_new0 (Deferred, 1);
  deferred->widget = widget;
  deferred->func = func;
  deferred->user_data = user_data;
  deferred->destroy = destroy;
  deferred->destroy_handler = g_signal_connect (widget, "destroy", G_CALLBACK (widget_destroyed_cb), deferred);

  if (g_object_get_data (G_OBJECT (widget), FIRST_FRAME_DONE) != NULL)
    deferred->idle = g_idle_add (run_deferred, deferred);
  else if (gtk_widget_get_realized (widget))
    connect_frame_clock (widget, deferred);
  else
    deferred->realize_handler = g_signal_connect (widget, "realize", G_CALLBACK (connect_frame_clock), deferred);
}
