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
#include "byline-window.h"

/* How long after the window's first frame start-up counts as over: the
 * work deferred past the first frame (the drafts list beyond its first
 * screen, Markdown highlighting, the outbox) starts 300 ms after it. */
#define START_UP_TAIL_MS 1000

/* Start-up allocates and frees large blocks once (Mesa's llvmpipe, GTK's
 * texture uploads, the Markdown language definition), and glibc keeps the
 * freed pages inside its heap. Handing them back once start-up is over
 * lowers the resident memory 2 s after the first frame by 0.3-1.3 MiB
 * (bench/bench-startup, 10,000 drafts, medians of 5 in three alternated
 * rounds: 183.8, 183.5 and 183.3 MiB against 184.1, 184.8 and 184.0; it
 * was 1.4 MiB while the body loaded GtkSourceView's markdown.lang), at no
 * measurable cost. A fixed 64 KiB mmap threshold during start-up gave 2.9 MiB but
 * cost up to 80 ms of CPU time before the first frame, and one malloc
 * arena for all threads 0.8 MiB more but would make the main thread share
 * a lock with the lower-priority store writer; neither is used. */
static gboolean
end_start_up_cb (gpointer user_data)
{
#ifdef __GLIBC__
  malloc_trim (0);
#endif
  return G_SOURCE_REMOVE;
}

static void
first_frame_cb (BylineWindow *window,
                gpointer      user_data)
{
  g_signal_handlers_disconnect_by_func (window, first_frame_cb, user_data);
  g_timeout_add_full (G_PRIORITY_LOW, START_UP_TAIL_MS, end_start_up_cb, NULL, NULL);
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window,
                 gpointer        user_data)
{
  if (!BYLINE_IS_WINDOW (window))
    return;
  g_signal_handlers_disconnect_by_func (app, window_added_cb, user_data);
  g_signal_connect (window, "first-frame", G_CALLBACK (first_frame_cb), NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(BylineApplication) app = NULL;

  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = byline_application_new ();
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), NULL);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
