/* main.c: the byline executable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "byline-application.h"

/* How long after the window's first frame start-up counts as over: the
 * work deferred past the first frame (the drafts list beyond its first
 * screen, Markdown highlighting, the outbox) starts 300 ms after it. */
#define START_UP_TAIL_MS 1000

/* Start-up allocates and frees large blocks once (Mesa's llvmpipe, GTK's
 * texture uploads, GtkSourceView's language files). Each large block glibc
 * frees raises its mmap threshold, so later large blocks are carved from
 * the heap and their pages stay resident; and every thread that allocates
 * (the store writer, GIO workers, llvmpipe) gets an arena of its own. With
 * a fixed 64 KiB threshold until start-up is over and one arena, the
 * resident memory 2 s after the first frame is 3.4 MiB lower
 * (bench/bench-startup, 10,000 drafts, medians of 5 in three alternated
 * rounds: 184.5 MiB against 188.1), with the same CPU time to the first
 * frame. Must run before any thread starts. */
static void
tune_malloc_for_start_up (void)
{
#ifdef __GLIBC__
  mallopt (M_MMAP_THRESHOLD, 64 * 1024);
  mallopt (M_ARENA_MAX, 1);
#endif
}

/* While editing, a 64 KiB threshold would map and unmap the large blocks
 * of each keystroke in a long body: 9,580 mmap and 8,791 munmap calls in
 * one run of bench/bench-typing (240 keystrokes each into Byline's form
 * and a bare GtkSourceView, 200,000 characters), against 835 and 134 with
 * glibc's defaults. Once start-up is over, large blocks come from the heap
 * again up to 4 MiB, more than the copy of a 200,000-character body; the
 * heap is trimmed at twice that, as glibc does once it has raised its
 * threshold by itself. */
static gboolean
end_start_up_tuning_cb (gpointer user_data)
{
#ifdef __GLIBC__
  mallopt (M_MMAP_THRESHOLD, 4 * 1024 * 1024);
  mallopt (M_TRIM_THRESHOLD, 8 * 1024 * 1024);
#endif
  return G_SOURCE_REMOVE;
}

static void
first_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  g_signal_handlers_disconnect_by_func (clock, first_paint_cb, user_data);
  g_timeout_add_full (G_PRIORITY_LOW, START_UP_TAIL_MS, end_start_up_tuning_cb, NULL, NULL);
}

static void
first_window_map_cb (GtkWidget *window,
                     gpointer   user_data)
{
  g_signal_handlers_disconnect_by_func (window, first_window_map_cb, user_data);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (first_paint_cb), NULL);
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window,
                 gpointer        user_data)
{
  g_signal_handlers_disconnect_by_func (app, window_added_cb, user_data);
  g_signal_connect (window, "map", G_CALLBACK (first_window_map_cb), NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(BylineApplication) app = NULL;

  tune_malloc_for_start_up ();

  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = byline_application_new ();
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), NULL);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
