/* byline-draft-row.c: one draft in the drafts list
 *
 * A row draws its title, 来源 and time itself, with one Pango layout each,
 * and has a single child, the state pill. The list keeps about thirty rows
 * alive and rebinds all of them when it jumps: as a box of four labels a
 * row was seven widgets to style, measure and draw, and the labels laid
 * out the wrapped title several times to measure it; here the title is
 * laid out once per width.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "byline-draft-row.h"

/* As the row's box had them in the template this replaces. */
#define MARGIN_X       4
#define MARGIN_Y       6
#define LINE_SPACING   4
#define PILL_SPACING   6
#define TITLE_LINES    2
#define MIN_CHARS      10
#define NATURAL_CHARS  30
/* libadwaita's .dim-label and .caption. */
#define DIM_ALPHA      0.55
#define CAPTION_POINTS 9

struct _BylineDraftRow
{
  GtkWidget           parent_instance;

  GtkWidget          *state_label;
  PangoLayout        *title_layout;
  PangoLayout        *source_layout;
  PangoLayout        *time_layout;
  int                 char_width;     /* pixels; 0 until measured */
  int                 pill_width;     /* as allocated, padding included */
  gboolean            untitled;

  BylineDraftSummary *summary;
  gulong              summary_notify;
};

G_DEFINE_FINAL_TYPE (BylineDraftRow, byline_draft_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SUMMARY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const state_css_classes[BYLINE_ARTICLE_N_STATES] = {
  "state-draft",
  "state-ready",
  "state-queued",
  "state-published",
  "state-failed",
};

static char *
format_updated (GDateTime *updated)
{
  g_autoptr(GDateTime) now = NULL;

  if (updated == NULL)
    return g_strdup ("");

  /* The list gives local times; asking for the local zone again would
   * read the zone file twice a row (GLib 2.74, TZ unset). */
  now = g_date_time_new_now (g_date_time_get_timezone (updated));

  if (g_date_time_get_year (updated) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (updated) == g_date_time_get_day_of_year (now))
    return g_date_time_format (updated, "%H:%M");

  return g_date_time_format (updated, "%Y-%m-%d");
}

/* Returns whether the text changed: Pango lays the text out again on any
 * set_text, even of the same text. */
static gboolean
set_layout_text (PangoLayout *layout,
                 const char  *text)
{
  if (g_strcmp0 (pango_layout_get_text (layout), text) == 0)
    return FALSE;

  pango_layout_set_text (layout, text, -1);
  return TRUE;
}

static void
update (BylineDraftRow *self)
{
  BylineDraftSummary *summary = self->summary;
  const char *title = NULL;
  const char *source = NULL;
  const char *reason = NULL;
  const char *state_name;
  g_autofree char *time = NULL;
  g_autofree char *accessible = NULL;
  BylineArticleState state = BYLINE_ARTICLE_STATE_DRAFT;
  gboolean untitled;
  gboolean changed;

  if (summary != NULL)
    {
      title = byline_draft_summary_get_title (summary);
      source = byline_draft_summary_get_source (summary);
      state = byline_draft_summary_get_state (summary);
      reason = byline_draft_summary_get_failure_reason (summary);
      time = format_updated (byline_draft_summary_get_updated (summary));
    }

  untitled = title == NULL || title[0] == '\0';
  if (untitled)
    title = _("Untitled Draft");
  if (source == NULL)
    source = "";
  state_name = byline_article_state_get_label (state);

  changed = set_layout_text (self->title_layout, title);
  changed |= set_layout_text (self->source_layout, source);
  changed |= set_layout_text (self->time_layout, time != NULL ? time : "");
  gtk_label_set_text (GTK_LABEL (self->state_label), state_name);
  /* Classes are touched only when the state changes: a style change
   * redraws the row, and each save of the open draft updates its row. */
  for (guint i = 0; i < G_N_ELEMENTS (state_css_classes); i++)
    if (i != (guint) state)
      gtk_widget_remove_css_class (self->state_label, state_css_classes[i]);
  if ((guint) state < G_N_ELEMENTS (state_css_classes))
    gtk_widget_add_css_class (self->state_label, state_css_classes[state]);

  /* What the labels of the row said to a screen reader, in one sentence. */
  if (source[0] != '\0')
    /* Translators: a draft in the drafts list, read by a screen reader:
     * its title, state, 来源 (source) and when it was last changed */
    accessible = g_strdup_printf (_("%s, %s, %s, %s"), title, state_name, source,
                                  time != NULL ? time : "");
  else
    /* Translators: a draft without a source in the drafts list, read by a
     * screen reader: its title, state and when it was last changed */
    accessible = g_strdup_printf (_("%s, %s, %s"), title, state_name,
                                  time != NULL ? time : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  /* Queued and Failed say why over the whole row, not just its badge. Set
   * only when it changes: setting a tooltip asks the X server where the
   * pointer is, and the list rebinds rows after a change at the top. */
  {
    const char *tooltip = state == BYLINE_ARTICLE_STATE_QUEUED ||
                          state == BYLINE_ARTICLE_STATE_FAILED ? reason : NULL;
    const char *current = gtk_widget_get_tooltip_text (GTK_WIDGET (self));

    if (g_strcmp0 (tooltip != NULL && *tooltip != '\0' ? tooltip : NULL, current) != 0)
      gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
  }

  if (changed)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  else if (untitled != self->untitled)
    gtk_widget_queue_draw (GTK_WIDGET (self));
  self->untitled = untitled;
}

static PangoLayout *
new_layout (BylineDraftRow *self,
            gboolean        caption)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  PangoAttrList *attrs = pango_attr_list_new ();

  if (caption)
    {
      pango_attr_list_insert (attrs, pango_attr_size_new (CAPTION_POINTS * PANGO_SCALE));
      pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum 1"));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  else
    {
      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_SEMIBOLD));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_height (layout, -TITLE_LINES);
    }
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);

  return layout;
}

static int
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return height;
}

static int
layout_width (PangoLayout *layout)
{
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

static void
set_layout_width (PangoLayout *layout,
                  int          width)
{
  width = MAX (width, 0) * PANGO_SCALE;
  if (pango_layout_get_width (layout) != width)
    pango_layout_set_width (layout, width);
}

static int
char_width (BylineDraftRow *self)
{
  if (self->char_width == 0)
    {
      PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
      PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);
      int width = pango_font_metrics_get_approximate_char_width (metrics);

      pango_font_metrics_unref (metrics);
      self->char_width = MAX (1, PANGO_PIXELS_CEIL (width));
    }

  return self->char_width;
}

static void
byline_draft_row_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  BylineDraftRow *self = BYLINE_DRAFT_ROW (widget);
  int pill_min, pill_nat;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* As the title label asked: room for 10 characters, 30 if it can. */
      int chars = char_width (self);

      gtk_widget_measure (self->state_label, orientation, -1, &pill_min, &pill_nat, NULL, NULL);
      *minimum = 2 * MARGIN_X + MAX (MIN_CHARS * chars, pill_min);
      *natural = 2 * MARGIN_X + MAX (NATURAL_CHARS * chars, pill_nat);
    }
  else
    {
      int caption;

      if (for_size < 0)
        {
          int ignored;

          byline_draft_row_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &ignored, &for_size,
                                    NULL, NULL);
        }
      set_layout_width (self->title_layout, for_size - 2 * MARGIN_X);
      gtk_widget_measure (self->state_label, orientation, -1, &pill_min, &pill_nat, NULL, NULL);
      caption = MAX (layout_height (self->source_layout), layout_height (self->time_layout));

      *minimum = *natural = 2 * MARGIN_Y + layout_height (self->title_layout) + LINE_SPACING +
                            MAX (pill_nat, caption);
    }
}

static gboolean
is_rtl (BylineDraftRow *self)
{
  return gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;
}

/* The x of a box of @width that starts @x from the row's leading edge. */
static int
leading_x (BylineDraftRow *self,
           int             x,
           int             width)
{
  return is_rtl (self) ? gtk_widget_get_width (GTK_WIDGET (self)) - x - width : x;
}

static void
byline_draft_row_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  BylineDraftRow *self = BYLINE_DRAFT_ROW (widget);
  int inner = width - 2 * MARGIN_X;
  int pill_width, pill_height, line_y, line_height, time_width;

  set_layout_width (self->title_layout, inner);
  gtk_widget_measure (self->state_label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &pill_width,
                      NULL, NULL);
  gtk_widget_measure (self->state_label, GTK_ORIENTATION_VERTICAL, pill_width, NULL, &pill_height,
                      NULL, NULL);
  pill_width = MIN (pill_width, inner);
  self->pill_width = pill_width;

  line_y = MARGIN_Y + layout_height (self->title_layout) + LINE_SPACING;
  line_height = height - line_y - MARGIN_Y;
  gtk_widget_size_allocate (self->state_label,
                            &(GtkAllocation) {
                              leading_x (self, MARGIN_X, pill_width),
                              line_y + MAX (0, line_height - pill_height) / 2,
                              pill_width, pill_height,
                            }, -1);

  /* The time is never cut; the source takes what is left between. */
  time_width = layout_width (self->time_layout);
  set_layout_width (self->source_layout, inner - pill_width - 2 * PILL_SPACING - time_width);
}

static void
append_layout (BylineDraftRow *self,
               GtkSnapshot    *snapshot,
               PangoLayout    *layout,
               int             x,
               int             y,
               int             width,
               const GdkRGBA  *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (leading_x (self, x, width), y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
byline_draft_row_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  BylineDraftRow *self = BYLINE_DRAFT_ROW (widget);
  int width = gtk_widget_get_width (widget);
  int inner = width - 2 * MARGIN_X;
  int line_y = MARGIN_Y + layout_height (self->title_layout) + LINE_SPACING;
  int line_height = gtk_widget_get_height (widget) - line_y - MARGIN_Y;
  int pill_width = self->pill_width;
  int time_width = layout_width (self->time_layout);
  GdkRGBA color, dim;

  /* The colour CSS gives the row: it follows selection, backdrop and the
   * dark style. Drawn with alpha, not through an opacity node as
   * .dim-label would: the GL renderer draws those offscreen. */
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  dim = color;
  dim.alpha *= DIM_ALPHA;

  append_layout (self, snapshot, self->title_layout, MARGIN_X, MARGIN_Y, inner,
                 self->untitled ? &dim : &color);

  gtk_widget_snapshot_child (widget, self->state_label, snapshot);

  if (pango_layout_get_character_count (self->source_layout) > 0)
    append_layout (self, snapshot, self->source_layout, MARGIN_X + pill_width + PILL_SPACING,
                   line_y + (line_height - layout_height (self->source_layout)) / 2,
                   pango_layout_get_width (self->source_layout) / PANGO_SCALE, &dim);
  append_layout (self, snapshot, self->time_layout, width - MARGIN_X - time_width,
                 line_y + (line_height - layout_height (self->time_layout)) / 2, time_width, &dim);
}

static void
byline_draft_row_css_changed (GtkWidget         *widget,
                              GtkCssStyleChange *change)
{
  BylineDraftRow *self = BYLINE_DRAFT_ROW (widget);

  GTK_WIDGET_CLASS (byline_draft_row_parent_class)->css_changed (widget, change);

  /* The widget's Pango context already has the new font; the layouts made
   * from it must drop what they measured with the old one. */
  self->char_width = 0;
  pango_layout_context_changed (self->title_layout);
  pango_layout_context_changed (self->source_layout);
  pango_layout_context_changed (self->time_layout);
}

static void
byline_draft_row_direction_changed (GtkWidget        *widget,
                                    GtkTextDirection  previous)
{
  BylineDraftRow *self = BYLINE_DRAFT_ROW (widget);

  GTK_WIDGET_CLASS (byline_draft_row_parent_class)->direction_changed (widget, previous);

  pango_layout_context_changed (self->title_layout);
  pango_layout_context_changed (self->source_layout);
  pango_layout_context_changed (self->time_layout);
  gtk_widget_queue_resize (widget);
}

static void
byline_draft_row_dispose (GObject *object)
{
  BylineDraftRow *self = BYLINE_DRAFT_ROW (object);

  if (self->summary != NULL)
    g_clear_signal_handler (&self->summary_notify, self->summary);
  g_clear_object (&self->summary);
  g_clear_pointer (&self->state_label, gtk_widget_unparent);

  G_OBJECT_CLASS (byline_draft_row_parent_class)->dispose (object);
}

static void
byline_draft_row_finalize (GObject *object)
{
  BylineDraftRow *self = BYLINE_DRAFT_ROW (object);

  g_clear_object (&self->title_layout);
  g_clear_object (&self->source_layout);
  g_clear_object (&self->time_layout);

  G_OBJECT_CLASS (byline_draft_row_parent_class)->finalize (object);
}

static void
byline_draft_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BylineDraftRow *self = BYLINE_DRAFT_ROW (object);

  switch (prop_id)
    {
    case PROP_SUMMARY:
      g_value_set_object (value, self->summary);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_draft_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  BylineDraftRow *self = BYLINE_DRAFT_ROW (object);

  switch (prop_id)
    {
    case PROP_SUMMARY:
      byline_draft_row_set_summary (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_draft_row_class_init (BylineDraftRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = byline_draft_row_dispose;
  object_class->finalize = byline_draft_row_finalize;
  object_class->get_property = byline_draft_row_get_property;
  object_class->set_property = byline_draft_row_set_property;

  widget_class->measure = byline_draft_row_measure;
  widget_class->size_allocate = byline_draft_row_size_allocate;
  widget_class->snapshot = byline_draft_row_snapshot;
  widget_class->css_changed = byline_draft_row_css_changed;
  widget_class->direction_changed = byline_draft_row_direction_changed;

  properties[PROP_SUMMARY] =
    g_param_spec_object ("summary", NULL, NULL,
                         BYLINE_TYPE_DRAFT_SUMMARY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "draftrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
byline_draft_row_init (BylineDraftRow *self)
{
  self->title_layout = new_layout (self, FALSE);
  self->source_layout = new_layout (self, TRUE);
  self->time_layout = new_layout (self, TRUE);

  self->state_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->state_label, "state-pill");
  gtk_widget_add_css_class (self->state_label, "caption");
  /* The row's own label says the state, with the rest. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->state_label),
                               GTK_ACCESSIBLE_STATE_HIDDEN, TRUE,
                               -1);
  gtk_widget_set_parent (self->state_label, GTK_WIDGET (self));

  update (self);
}

GtkWidget *
byline_draft_row_new (void)
{
  return g_object_new (BYLINE_TYPE_DRAFT_ROW, NULL);
}

BylineDraftSummary *
byline_draft_row_get_summary (BylineDraftRow *self)
{
  g_return_val_if_fail (BYLINE_IS_DRAFT_ROW (self), NULL);

  return self->summary;
}

void
byline_draft_row_set_summary (BylineDraftRow     *self,
                              BylineDraftSummary *summary)
{
  g_return_if_fail (BYLINE_IS_DRAFT_ROW (self));
  g_return_if_fail (summary == NULL || BYLINE_IS_DRAFT_SUMMARY (summary));

  if (self->summary == summary)
    return;

  if (self->summary != NULL)
    g_clear_signal_handler (&self->summary_notify, self->summary);
  g_set_object (&self->summary, summary);
  /* The list updates a saved draft's item in place rather than replacing
   * it, so that a save rebinds no row. */
  if (summary != NULL)
    self->summary_notify = g_signal_connect_object (summary, "notify", G_CALLBACK (update), self,
                                                    G_CONNECT_SWAPPED);

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
}
