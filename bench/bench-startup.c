/* bench-startup.c: time from exec to the first frame with content, and the
 * memory the program holds once it has settled
 *
 * Usage: bench-startup [-n RUNS] [-w WARMUPS] [-s SETTLE_MS] [-l LOG] [-f FRAME.ppm]
 *                      -- CMD [ARG…]
 *
 * Runs CMD WARMUPS + RUNS times, one after another, on the X display of
 * $DISPLAY. For each run it watches the new top-level windows with XDamage
 * and stops the clock at the first damage after which a window shows more
 * than one colour: the server clearing a freshly mapped window damages it
 * too, and timing that would measure nothing of the program. SETTLE_MS
 * (default 2000) later it reads Rss and Pss from /proc/PID/smaps_rollup,
 * then ends the program with SIGTERM. Prints one line per run and a last
 * line "median first_frame_ms=… rss_mib=… pss_mib=… cpu_ms=… main_cpu_ms=…"
 * for scripts. cpu_ms is the CPU time all the program's threads had used
 * when the frame arrived, main_cpu_ms its main thread's (from
 * /proc/PID/task/TID/schedstat): on a shared machine they move far less
 * than wall time, and tell work from waiting. With -f, the first frame of
 * the last run is written to FRAME.ppm, to check by eye what the clock
 * stopped at.
 *
 * Run it inside the session bus and throw-away HOME the program should
 * see: the caller owns the environment, this program only times.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/Xdamage.h>

#include <glib.h>

#define FRAME_TIMEOUT_S 60

extern char **environ;

typedef struct
{
  double first_frame_ms;
  double rss_mib;
  double pss_mib;
  double cpu_ms;
  double main_cpu_ms;
} Sample;

static int
ignore_x_error (Display     *dpy,
                XErrorEvent *event)
{
  /* Windows of the program under test come and go while we look at them;
   * a BadWindow or BadDamage about one that just went away is expected. */
  return 0;
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* Writes the window's pixels as a binary PPM, so that what was timed can be
 * looked at: the frame must really hold the list and the draft. */
static void
save_image (XImage     *image,
            const char *path)
{
  FILE *out = fopen (path, "wb");

  if (out == NULL)
    {
      g_printerr ("bench-startup: cannot write %s: %s\n", path, g_strerror (errno));
      return;
    }
  fprintf (out, "P6\n%d %d\n255\n", image->width, image->height);
  for (int y = 0; y < image->height; y++)
    for (int x = 0; x < image->width; x++)
      {
        unsigned long pixel = XGetPixel (image, x, y);
        unsigned char rgb[3] = { (pixel >> 16) & 0xff, (pixel >> 8) & 0xff, pixel & 0xff };

        fwrite (rgb, 1, 3, out);
      }
  fclose (out);
}

/* TRUE when the window is mapped and its pixels are not all the same; then
 * the pixels are handed over in @kept, when the caller wants them. */
static gboolean
window_has_content (Display  *dpy,
                    Window    window,
                    XImage  **kept)
{
  XWindowAttributes attrs;
  XImage *image;
  gboolean content = FALSE;
  unsigned long first;

  if (!XGetWindowAttributes (dpy, window, &attrs) || attrs.map_state != IsViewable ||
      attrs.class != InputOutput || attrs.width < 2 || attrs.height < 2)
    return FALSE;

  image = XGetImage (dpy, window, 0, 0, attrs.width, attrs.height, AllPlanes, ZPixmap);
  if (image == NULL)
    return FALSE;

  first = XGetPixel (image, 0, 0);
  if (image->bits_per_pixel == 32)
    {
      /* The usual case, read directly: XGetPixel() per pixel would delay
       * the next damage event by milliseconds. */
      for (int y = 0; y < attrs.height && !content; y++)
        {
          const guint32 *row = (const guint32 *) (image->data + (gsize) y * image->bytes_per_line);

          for (int x = 0; x < attrs.width; x++)
            if ((row[x] & 0xffffff) != (first & 0xffffff))
              {
                content = TRUE;
                break;
              }
        }
    }
  else
    {
      for (int y = 0; y < attrs.height && !content; y++)
        for (int x = 0; x < attrs.width; x++)
          if (XGetPixel (image, x, y) != first)
            {
              content = TRUE;
              break;
            }
    }
  if (content && kept != NULL)
    *kept = image;
  else
    XDestroyImage (image);

  return content;
}

static gboolean
read_smaps_rollup (pid_t   pid,
                   double *rss_mib,
                   double *pss_mib)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/smaps_rollup", (int) pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean found_rss = FALSE, found_pss = FALSE;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      unsigned long kib;

      if (sscanf (lines[i], "Rss: %lu kB", &kib) == 1)
        {
          *rss_mib = kib / 1024.0;
          found_rss = TRUE;
        }
      else if (sscanf (lines[i], "Pss: %lu kB", &kib) == 1)
        {
          *pss_mib = kib / 1024.0;
          found_pss = TRUE;
        }
    }

  return found_rss && found_pss;
}

/* On-CPU time of each thread of the process, in ms: the first field of
 * /proc/PID/task/TID/schedstat is nanoseconds spent running. */
static void
read_cpu_time (pid_t   pid,
               double *all_ms,
               double *main_ms)
{
  g_autofree char *task_dir = g_strdup_printf ("/proc/%d/task", (int) pid);
  g_autoptr(GDir) dir = g_dir_open (task_dir, 0, NULL);
  const char *tid;

  *all_ms = 0;
  *main_ms = 0;
  if (dir == NULL)
    return;
  while ((tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (task_dir, tid, "schedstat", NULL);
      g_autofree char *text = NULL;
      double ms;

      if (!g_file_get_contents (path, &text, NULL, NULL))
        continue;
      ms = g_ascii_strtod (text, NULL) / 1e6;
      *all_ms += ms;
      if (atoi (tid) == (int) pid)
        *main_ms = ms;
    }
}

/* Hands the X events that arrive within timeout_ms to the caller one by one;
 * FALSE when none came in time. */
static gboolean
next_event (Display *dpy,
            XEvent  *event,
            int      timeout_ms)
{
  struct pollfd fd = { ConnectionNumber (dpy), POLLIN, 0 };

  while (XPending (dpy) == 0)
    {
      int ready = poll (&fd, 1, timeout_ms);

      if (ready == 0)
        return FALSE;
      if (ready < 0 && errno != EINTR)
        return FALSE;
    }
  XNextEvent (dpy, event);
  return TRUE;
}

static void
watch_window (Display    *dpy,
              GHashTable *damages,
              Window      window)
{
  XWindowAttributes attrs;
  Damage damage;

  if (g_hash_table_contains (damages, GUINT_TO_POINTER (window)))
    return;
  if (!XGetWindowAttributes (dpy, window, &attrs) || attrs.class != InputOutput)
    return;

  damage = XDamageCreate (dpy, window, XDamageReportNonEmpty);
  g_hash_table_insert (damages, GUINT_TO_POINTER (window), GUINT_TO_POINTER (damage));
}

static void
stop_child (pid_t pid)
{
  int status;

  kill (pid, SIGTERM);
  for (int i = 0; i < 500; i++)
    {
      if (waitpid (pid, &status, WNOHANG) == pid)
        return;
      g_usleep (10000);
    }
  kill (pid, SIGKILL);
  waitpid (pid, &status, 0);
}

static gboolean
run_once (Display    *dpy,
          int         damage_event_base,
          char      **argv,
          const char *log_path,
          const char *frame_path,
          int         settle_ms,
          Sample     *sample)
{
  g_autoptr(GHashTable) damages = g_hash_table_new (NULL, NULL);
  XImage *frame = NULL;
  posix_spawn_file_actions_t actions;
  double start, deadline;
  gboolean seen = FALSE;
  pid_t pid;
  XEvent event;
  int res;

  XSync (dpy, False);
  while (XPending (dpy) > 0)
    XNextEvent (dpy, &event);

  posix_spawn_file_actions_init (&actions);
  posix_spawn_file_actions_addopen (&actions, STDOUT_FILENO, log_path,
                                    O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2 (&actions, STDOUT_FILENO, STDERR_FILENO);

  start = now_ms ();
  res = posix_spawnp (&pid, argv[0], &actions, NULL, argv, environ);
  posix_spawn_file_actions_destroy (&actions);
  if (res != 0)
    {
      g_printerr ("bench-startup: cannot run %s: %s\n", argv[0], g_strerror (res));
      return FALSE;
    }

  deadline = start + FRAME_TIMEOUT_S * 1000.0;
  while (!seen)
    {
      int left = (int) (deadline - now_ms ());

      if (left <= 0 || !next_event (dpy, &event, left))
        {
          g_printerr ("bench-startup: no frame with content within %d s\n", FRAME_TIMEOUT_S);
          stop_child (pid);
          return FALSE;
        }

      if (event.type == CreateNotify)
        watch_window (dpy, damages, event.xcreatewindow.window);
      else if (event.type == MapNotify)
        {
          /* A window created before we looked (never, in practice) is
           * watched from its map on. */
          double at = now_ms ();

          watch_window (dpy, damages, event.xmap.window);
          if (window_has_content (dpy, event.xmap.window, frame_path != NULL ? &frame : NULL))
            {
              sample->first_frame_ms = at - start;
              read_cpu_time (pid, &sample->cpu_ms, &sample->main_cpu_ms);
              seen = TRUE;
            }
        }
      else if (event.type == damage_event_base + XDamageNotify)
        {
          XDamageNotifyEvent *notify = (XDamageNotifyEvent *) &event;
          double at = now_ms ();

          XDamageSubtract (dpy, notify->damage, None, None);
          if (window_has_content (dpy, notify->drawable, frame_path != NULL ? &frame : NULL))
            {
              sample->first_frame_ms = at - start;
              read_cpu_time (pid, &sample->cpu_ms, &sample->main_cpu_ms);
              seen = TRUE;
            }
        }
    }

  if (frame != NULL)
    {
      save_image (frame, frame_path);
      XDestroyImage (frame);
    }

  /* Let the program settle, draining the events meanwhile so that the
   * server never blocks on us. */
  deadline = now_ms () + settle_ms;
  while (now_ms () < deadline)
    {
      if (next_event (dpy, &event, MAX (1, (int) (deadline - now_ms ()))) &&
          event.type == damage_event_base + XDamageNotify)
        XDamageSubtract (dpy, ((XDamageNotifyEvent *) &event)->damage, None, None);
    }

  if (!read_smaps_rollup (pid, &sample->rss_mib, &sample->pss_mib))
    {
      g_printerr ("bench-startup: %s exited before its memory could be read\n", argv[0]);
      stop_child (pid);
      return FALSE;
    }

  stop_child (pid);

  /* Let the bus notice that the application's name is free again, or the
   * next run would find it taken and hand its command line over. */
  g_usleep (300 * 1000);
  return TRUE;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_double);
  if (values->len % 2 == 1)
    return g_array_index (values, double, values->len / 2);
  return (g_array_index (values, double, values->len / 2 - 1) +
          g_array_index (values, double, values->len / 2)) / 2;
}

int
main (int   argc,
      char *argv[])
{
  int runs = 5, warmups = 1, settle_ms = 2000;
  const char *log_path = "/dev/null";
  const char *frame_path = NULL;
  g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) rss = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) pss = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) main_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  int event_base, error_base;
  Display *dpy;
  int opt;

  while ((opt = getopt (argc, argv, "n:w:s:l:f:")) != -1)
    {
      switch (opt)
        {
        case 'n':
          runs = atoi (optarg);
          break;
        case 'w':
          warmups = atoi (optarg);
          break;
        case 's':
          settle_ms = atoi (optarg);
          break;
        case 'l':
          log_path = optarg;
          break;
        case 'f':
          frame_path = optarg;
          break;
        default:
          g_printerr ("usage: bench-startup [-n RUNS] [-w WARMUPS] [-s SETTLE_MS] [-l LOG] "
                      "[-f FRAME.ppm] "
                      "-- CMD [ARG…]\n");
          return 2;
        }
    }
  if (optind >= argc || runs < 1)
    {
      g_printerr ("bench-startup: no command given\n");
      return 2;
    }

  dpy = XOpenDisplay (NULL);
  if (dpy == NULL)
    {
      g_printerr ("bench-startup: cannot open display %s\n", g_getenv ("DISPLAY"));
      return 1;
    }
  if (!XDamageQueryExtension (dpy, &event_base, &error_base))
    {
      g_printerr ("bench-startup: the X server has no DAMAGE extension\n");
      return 1;
    }
  XSetErrorHandler (ignore_x_error);
  XSelectInput (dpy, DefaultRootWindow (dpy), SubstructureNotifyMask);

  for (int i = 0; i < warmups + runs; i++)
    {
      Sample sample = { 0, 0, 0, 0, 0 };

      if (!run_once (dpy, event_base, argv + optind, log_path,
                     i == warmups + runs - 1 ? frame_path : NULL, settle_ms, &sample))
        return 1;

      printf ("%s %d: first frame %.1f ms (CPU %.0f ms, main thread %.0f ms), "
              "RSS %.1f MiB, PSS %.1f MiB\n",
              i < warmups ? "warm-up" : "run", i < warmups ? i + 1 : i - warmups + 1,
              sample.first_frame_ms, sample.cpu_ms, sample.main_cpu_ms, sample.rss_mib,
              sample.pss_mib);
      fflush (stdout);
      if (i < warmups)
        continue;
      g_array_append_val (frames, sample.first_frame_ms);
      g_array_append_val (rss, sample.rss_mib);
      g_array_append_val (pss, sample.pss_mib);
      g_array_append_val (cpu, sample.cpu_ms);
      g_array_append_val (main_cpu, sample.main_cpu_ms);
    }

  printf ("median first_frame_ms=%.1f rss_mib=%.1f pss_mib=%.1f cpu_ms=%.0f main_cpu_ms=%.0f\n",
          median (frames), median (rss), median (pss), median (cpu), median (main_cpu));

  XCloseDisplay (dpy);
  return 0;
}
