/* test-draft-row.c: a draft's row in the drafts list, drawn by the row itself
 *
 * The row lays out and draws its title, 来源 and time without labels, so
 * these tests look at what it measures and where its ink lands, in a real
 * window under Xvfb.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "byline.h"
#include "byline-draft-row.h"
#include "byline-test-util.h"

#define ROW_WIDTH 300

typedef struct
{
  char            *dir;
  BylineStore     *store;
  BylineDraftList *list;
  GtkWidget       *window;
  GtkWidget       *box;
} Fixture;

static gboolean
set_flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
save_draft (Fixture            *f,
            const char         *title,
            const char         *source,
            BylineArticleState  state,
            const char         *reason)
{
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(GError) error = NULL;

  byline_article_set_title (article, title);
  byline_article_set_source (article, source);
  byline_article_set_state (article, state);
  if (reason != NULL)
    byline_article_set_failure_reason (article, reason);
  g_assert_true (byline_store_save (f->store, article, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = byline_test_make_dir ("test-draft-row");
  g_assert_nonnull (f->dir);
  f->store = byline_store_open (f->dir, &error);
  g_assert_no_error (error);

  /* Newest first in the list: the failed one, the untitled one, the long one,
   * the short one. */
  save_draft (f, "短标题", "界面新闻", BYLINE_ARTICLE_STATE_DRAFT, NULL);
  save_draft (f, "党建引领与创新同频共振，市北区登州路街道携手商会激发红色力量，"
                 "党建引领与创新同频共振，市北区登州路街道携手商会激发红色力量，"
                 "党建引领与创新同频共振，市北区登州路街道携手商会激发红色力量",
              "青岛日报", BYLINE_ARTICLE_STATE_PUBLISHED, NULL);
  save_draft (f, "", NULL, BYLINE_ARTICLE_STATE_DRAFT, NULL);
  save_draft (f, "发布失败的稿件", "新华社", BYLINE_ARTICLE_STATE_FAILED,
              "The portal refused the login.");
  f->list = byline_store_list_drafts (f->store, NULL, -1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 4);

  f->window = gtk_window_new ();
  f->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_size_request (f->box, ROW_WIDTH, -1);
  gtk_widget_set_halign (f->box, GTK_ALIGN_START);
  gtk_widget_set_valign (f->box, GTK_ALIGN_START);
  gtk_window_set_child (GTK_WINDOW (f->window), f->box);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->list);
  g_clear_object (&f->store);
  byline_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* A row of the draft at @position of the list, in the fixture's window. */
static BylineDraftRow *
add_row (Fixture *f,
         guint    position)
{
  g_autoptr(BylineDraftSummary) summary = g_list_model_get_item (G_LIST_MODEL (f->list),
                                                                 position);
  GtkWidget *row = byline_draft_row_new ();

  byline_draft_row_set_summary (BYLINE_DRAFT_ROW (row), summary);
  gtk_box_append (GTK_BOX (f->box), row);
  return BYLINE_DRAFT_ROW (row);
}

static int
height_for_width (GtkWidget *widget,
                  int        width)
{
  int height;

  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, width, NULL, &height, NULL, NULL);
  return height;
}

static GtkLabel *
get_pill (BylineDraftRow *row)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (row));

  g_assert_true (GTK_IS_LABEL (child));
  g_assert_null (gtk_widget_get_next_sibling (child));
  return GTK_LABEL (child);
}

static void
test_draft_row_height (Fixture       *f,
                       gconstpointer  data)
{
  BylineDraftRow *failed = add_row (f, 0);
  BylineDraftRow *untitled = add_row (f, 1);
  BylineDraftRow *long_title = add_row (f, 2);
  BylineDraftRow *short_title = add_row (f, 3);
  int one_line, two_lines, narrow, minimum, natural;

  one_line = height_for_width (GTK_WIDGET (short_title), ROW_WIDTH);
  two_lines = height_for_width (GTK_WIDGET (long_title), ROW_WIDTH);
  /* A title of three lines' worth is cut at two, with an ellipsis. */
  g_assert_cmpint (two_lines, >, one_line);
  g_assert_cmpint (two_lines, <, 2 * one_line);
  narrow = height_for_width (GTK_WIDGET (long_title), ROW_WIDTH / 2);
  g_assert_cmpint (narrow, ==, two_lines);
  /* "Untitled Draft" and a short title take one line alike (give or take
   * a pixel between the Latin and the CJK font's line heights). */
  g_assert_cmpint (ABS (height_for_width (GTK_WIDGET (untitled), ROW_WIDTH) - one_line), <=, 2);
  g_assert_cmpint (ABS (height_for_width (GTK_WIDGET (failed), ROW_WIDTH) - one_line), <=, 2);

  /* It asks for room for a few characters and would like thirty. */
  gtk_widget_measure (GTK_WIDGET (long_title), GTK_ORIENTATION_HORIZONTAL, -1,
                      &minimum, &natural, NULL, NULL);
  g_assert_cmpint (minimum, >, 0);
  g_assert_cmpint (natural, >, minimum);
  g_assert_cmpint (natural, <, 1000);
}

static void
test_draft_row_state (Fixture       *f,
                      gconstpointer  data)
{
  BylineDraftRow *failed = add_row (f, 0);
  BylineDraftRow *short_title = add_row (f, 3);
  GtkLabel *pill = get_pill (short_title);
  g_autoptr(BylineArticle) article = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  g_assert_cmpstr (gtk_label_get_text (pill),
                   ==, byline_article_state_get_label (BYLINE_ARTICLE_STATE_DRAFT));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (pill), "state-draft"));
  g_assert_null (gtk_widget_get_tooltip_text (GTK_WIDGET (short_title)));

  /* A failed draft says why over the whole row. */
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (get_pill (failed)), "state-failed"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (failed)),
                   ==, "The portal refused the login.");

  /* A save updates the list's item in place, and the row follows it. */
  article = byline_store_load (f->store,
                               byline_draft_summary_get_id (byline_draft_row_get_summary (short_title)),
                               &error);
  g_assert_no_error (error);
  byline_article_set_state (article, BYLINE_ARTICLE_STATE_QUEUED);
  byline_article_set_failure_reason (article, "Waiting for the network.");
  g_assert_true (byline_store_save (f->store, article, &error));

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!gtk_widget_has_css_class (GTK_WIDGET (pill), "state-queued") &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (pill), "state-queued"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (pill), "state-draft"));
  g_assert_cmpstr (gtk_label_get_text (pill),
                   ==, byline_article_state_get_label (BYLINE_ARTICLE_STATE_QUEUED));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (short_title)),
                   ==, "Waiting for the network.");

  byline_draft_row_set_summary (short_title, NULL);
  g_assert_null (byline_draft_row_get_summary (short_title));
}

/* The share of pixels in @rect of @pixels (RGBA, @stride) that differ from
 * the row's background, taken at its bottom right corner. */
static double
ink_in (const guchar *pixels,
        gsize         stride,
        int           width,
        int           height,
        int           x,
        int           y,
        int           w,
        int           h)
{
  const guchar *background = pixels + (gsize) (height - 1) * stride + (gsize) (width - 1) * 4;
  guint inked = 0;

  for (int row = y; row < y + h; row++)
    for (int col = x; col < x + w; col++)
      {
        const guchar *pixel = pixels + (gsize) row * stride + (gsize) col * 4;

        if (ABS (pixel[0] - background[0]) + ABS (pixel[1] - background[1]) +
            ABS (pixel[2] - background[2]) > 60)
          inked++;
      }
  return (double) inked / (w * h);
}

static guchar *
render_row (GtkWidget *row,
            int       *width,
            int       *height)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (row);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) content = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (row));
  GskRenderNode *layers[2];
  graphene_rect_t bounds;
  guchar *pixels;

  *width = gtk_widget_get_width (row);
  *height = gtk_widget_get_height (row);
  g_assert_cmpint (*width, >, 0);
  g_assert_cmpint (*height, >, 0);

  gdk_paintable_snapshot (paintable, snapshot, *width, *height);
  content = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (content);
  /* On white, whatever the style: the row itself has no background. */
  graphene_rect_init (&bounds, 0, 0, *width, *height);
  layers[0] = gsk_color_node_new (&(GdkRGBA) { 1, 1, 1, 1 }, &bounds);
  layers[1] = content;
  node = gsk_container_node_new (layers, 2);
  gsk_render_node_unref (layers[0]);

  texture = gsk_renderer_render_texture (renderer, node, &bounds);
  pixels = g_malloc ((gsize) *width * *height * 4);
  gdk_texture_download (texture, pixels, (gsize) *width * 4);
  return pixels;
}

static void
check_ink (Fixture          *f,
           GtkTextDirection  direction)
{
  BylineDraftRow *row;
  g_autofree guchar *pixels = NULL;
  gsize stride;
  int width, height, third;
  double leading, trailing;
  graphene_rect_t pill;

  gtk_widget_set_default_direction (direction);
  row = add_row (f, 3);
  gtk_window_present (GTK_WINDOW (f->window));
  run_for (500);

  pixels = render_row (GTK_WIDGET (row), &width, &height);
  stride = (gsize) width * 4;
  third = width / 3;

  /* The state pill sits at the leading edge, below the title. */
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (get_pill (row)), GTK_WIDGET (row),
                                            &pill));
  if (direction == GTK_TEXT_DIR_RTL)
    g_assert_cmpfloat (pill.origin.x, >, width - third);
  else
    g_assert_cmpfloat (pill.origin.x + pill.size.width, <, third);
  g_assert_cmpfloat (pill.origin.y, >, height / 3.0);

  /* The short title: ink at its leading edge in the upper half, none at the
   * trailing third. */
  leading = ink_in (pixels, stride, width, height,
                    direction == GTK_TEXT_DIR_RTL ? width - third : 0, 0, third, height / 2);
  trailing = ink_in (pixels, stride, width, height,
                     direction == GTK_TEXT_DIR_RTL ? 0 : width - third, 0, third, height / 2);
  g_assert_cmpfloat (leading, >, 0.02);
  g_assert_cmpfloat (trailing, <, 0.005);

  /* The lower half: the pill and the source at the leading edge, the time
   * at the trailing one. */
  leading = ink_in (pixels, stride, width, height,
                    direction == GTK_TEXT_DIR_RTL ? width - third : 0, height / 2, third,
                    height / 2);
  trailing = ink_in (pixels, stride, width, height,
                     direction == GTK_TEXT_DIR_RTL ? 0 : width - third, height / 2, third,
                     height / 2);
  g_assert_cmpfloat (leading, >, 0.02);
  g_assert_cmpfloat (trailing, >, 0.005);

  gtk_widget_set_default_direction (GTK_TEXT_DIR_LTR);
}

static void
test_draft_row_drawn (Fixture       *f,
                      gconstpointer  data)
{
  check_ink (f, GTK_TEXT_DIR_LTR);
}

static void
test_draft_row_drawn_rtl (Fixture       *f,
                          gconstpointer  data)
{
  check_ink (f, GTK_TEXT_DIR_RTL);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/byline/draft-row/height", Fixture, NULL,
              fixture_set_up, test_draft_row_height, fixture_tear_down);
  g_test_add ("/byline/draft-row/state", Fixture, NULL,
              fixture_set_up, test_draft_row_state, fixture_tear_down);
  g_test_add ("/byline/draft-row/drawn", Fixture, NULL,
              fixture_set_up, test_draft_row_drawn, fixture_tear_down);
  g_test_add ("/byline/draft-row/drawn-rtl", Fixture, NULL,
              fixture_set_up, test_draft_row_drawn_rtl, fixture_tear_down);

  return g_test_run ();
}
