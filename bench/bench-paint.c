/* bench-paint.c: what drawing the whole window costs, part by part
 *
 * Usage: bench-paint [-r RENDERS] [-d DEPTH] [STORE_DIR]
 *
 * On this platform's software GL (llvmpipe under Xvfb, no compositor)
 * neither GLX nor EGL tells GTK 4.8 the back buffer's age, so GTK draws the
 * whole window on every frame: llvmpipe's samples-passed counter
 * (GALLIUM_HUD=samples-passed with GALLIUM_HUD_DUMP_DIR) reads ~2.1 M
 * fragments for every frame of bench-scroll and ~3.2 M for every keystroke
 * of bench-typing, for windows of 0.9-1 M pixels, and the same with
 * GDK_DEBUG=gl-egl. What a frame costs is then what drawing every part
 * costs, unless GTK's GL renderer keeps a part as a texture (see the
 * opacity rule in ui/style.css). The window frame's inset shadows, which
 * covered the whole window, were half of bench-scroll's CPU time. This
 * program opens the real window over STORE_DIR (default: bench-scroll's
 * store of 1,000 drafts), lets it settle, then
 * renders the window's render nodes, and those of each widget down to
 * DEPTH levels, RENDERS times each with the window's own renderer into a
 * texture, and prints the median CPU time of a render (all threads: the
 * GL driver renders on threads of its own) and the render nodes each part
 * is made of. BYLINE_BENCH_CSS="…" lays a style sheet over the program's;
 * BYLINE_BENCH_NODES=FILE saves the window's render nodes to FILE and
 * BYLINE_BENCH_PNG=FILE what they draw, to see what a style change did.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include <adwaita.h>

#include "byline-window.h"

#include "bench-window-util.h"

static int n_renders = 20;
static int max_depth = 6;

static double
cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0 +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
count_nodes (GskRenderNode *node,
             guint         *counts)
{
  GskRenderNodeType type = gsk_render_node_get_node_type (node);

  counts[type]++;
  switch ((int) type)
    {
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        count_nodes (gsk_container_node_get_child (node, i), counts);
      break;
    case GSK_TRANSFORM_NODE:
      count_nodes (gsk_transform_node_get_child (node), counts);
      break;
    case GSK_OPACITY_NODE:
      count_nodes (gsk_opacity_node_get_child (node), counts);
      break;
    case GSK_COLOR_MATRIX_NODE:
      count_nodes (gsk_color_matrix_node_get_child (node), counts);
      break;
    case GSK_CLIP_NODE:
      count_nodes (gsk_clip_node_get_child (node), counts);
      break;
    case GSK_ROUNDED_CLIP_NODE:
      count_nodes (gsk_rounded_clip_node_get_child (node), counts);
      break;
    case GSK_SHADOW_NODE:
      count_nodes (gsk_shadow_node_get_child (node), counts);
      break;
    case GSK_DEBUG_NODE:
      count_nodes (gsk_debug_node_get_child (node), counts);
      break;
    case GSK_BLUR_NODE:
      count_nodes (gsk_blur_node_get_child (node), counts);
      break;
    case GSK_REPEAT_NODE:
      count_nodes (gsk_repeat_node_get_child (node), counts);
      break;
    case GSK_CROSS_FADE_NODE:
      count_nodes (gsk_cross_fade_node_get_start_child (node), counts);
      count_nodes (gsk_cross_fade_node_get_end_child (node), counts);
      break;
    case GSK_BLEND_NODE:
      count_nodes (gsk_blend_node_get_bottom_child (node), counts);
      count_nodes (gsk_blend_node_get_top_child (node), counts);
      break;
    default:
      break;
    }
}

static void
measure (GskRenderer *renderer,
         GtkWidget   *widget,
         int          depth)
{
  static const char *const names[] = {
    "not-a-node", "container", "cairo", "color", "linear-gradient",
    "repeating-linear-gradient", "radial-gradient", "repeating-radial-gradient",
    "conic-gradient", "border", "texture", "inset-shadow", "outset-shadow",
    "transform", "opacity", "color-matrix", "repeat", "clip", "rounded-clip",
    "shadow", "blend", "cross-fade", "text", "blur", "debug", "gl-shader",
  };
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GString) kinds = g_string_new (NULL);
  g_autofree guchar *pixels = NULL;
  GtkSnapshot *snapshot;
  graphene_rect_t viewport;
  guint counts[G_N_ELEMENTS (names)] = { 0 };

  if (!gtk_widget_get_mapped (widget) || width <= 0 || height <= 0)
    return;

  paintable = gtk_widget_paintable_new (widget);
  /* At its own size: a window's nodes reach past its allocation (the
   * resize frame), and drawing them scaled into the allocation would time
   * scaled text and clips that a real frame does not draw. */
  if (gdk_paintable_get_intrinsic_width (paintable) > 0 &&
      gdk_paintable_get_intrinsic_height (paintable) > 0)
    {
      width = gdk_paintable_get_intrinsic_width (paintable);
      height = gdk_paintable_get_intrinsic_height (paintable);
    }
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    return;

  /* BYLINE_BENCH_NODES=FILE saves the window's render nodes, to read
   * which nodes cover how much of it. */
  if (depth == 0 && g_getenv ("BYLINE_BENCH_NODES") != NULL)
    gsk_render_node_write_to_file (node, g_getenv ("BYLINE_BENCH_NODES"), NULL);

  graphene_rect_init (&viewport, 0, 0, width, height);
  pixels = g_malloc ((gsize) width * height * 4);
  for (int i = 0; i < n_renders + 2; i++)
    {
      double start = cpu_ms ();
      g_autoptr(GdkTexture) texture = gsk_renderer_render_texture (renderer, node, &viewport);
      double spent;

      gdk_texture_download (texture, pixels, (gsize) width * 4);
      spent = cpu_ms () - start;
      if (i == 0 && depth == 0 && g_getenv ("BYLINE_BENCH_PNG") != NULL)
        gdk_texture_save_to_png (texture, g_getenv ("BYLINE_BENCH_PNG"));
      /* The first renders compile the programs they need. */
      if (i >= 2)
        g_array_append_val (times, spent);
    }
  g_array_sort (times, compare_doubles);

  count_nodes (node, counts);
  for (guint i = 1; i < G_N_ELEMENTS (names); i++)
    if (counts[i] > 0 && i != GSK_CONTAINER_NODE && i != GSK_DEBUG_NODE)
      g_string_append_printf (kinds, " %s=%u", names[i], counts[i]);

  printf ("%*s%-s%s%s %dx%d: %.2f ms (min %.2f);%s\n", depth * 2, "",
          G_OBJECT_TYPE_NAME (widget),
          gtk_widget_get_name (widget)[0] != '\0' &&
          g_strcmp0 (gtk_widget_get_name (widget), G_OBJECT_TYPE_NAME (widget)) != 0 ? " #" : "",
          g_strcmp0 (gtk_widget_get_name (widget), G_OBJECT_TYPE_NAME (widget)) != 0 ?
            gtk_widget_get_name (widget) : "",
          width, height, g_array_index (times, double, times->len / 2),
          g_array_index (times, double, 0), kinds->str);

  if (depth >= max_depth)
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    measure (renderer, child, depth + 1);
}

static gboolean
set_flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  const GOptionEntry entries[] = {
    { "renders", 'r', 0, G_OPTION_ARG_INT, &n_renders, "Timed renders of each part (20)", "N" },
    { "depth", 'd', 0, G_OPTION_ARG_INT, &max_depth, "Levels of widgets to measure (6)", "D" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[STORE_DIR]");
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineStore) store = NULL;
  const char *dir = "/var/tmp/byline-bench-store-1000-3000";
  GtkWidget *window;
  gboolean done = FALSE;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "bench-paint: %s\n", error->message);
      return 2;
    }
  if (argc > 1)
    dir = argv[1];
  if (n_renders < 1)
    n_renders = 1;

  bench_window_init ();
  bench_load_style_override ();

  store = byline_store_open (dir, &error);
  if (store == NULL)
    {
      fprintf (stderr, "bench-paint: %s\n", error->message);
      return 1;
    }
  window = GTK_WIDGET (byline_window_new (NULL, store));
  gtk_window_set_default_size (GTK_WINDOW (window), 1170, 750);
  gtk_window_present (GTK_WINDOW (window));
  g_timeout_add (2000, set_flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  printf ("median (and least) CPU time of one render (all threads), of %d renders\n", n_renders);
  measure (gtk_native_get_renderer (GTK_NATIVE (window)), window, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
