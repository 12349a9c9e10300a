/* byline-draft-row.c: one draft in the drafts list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "byline-draft-row.h"

struct _BylineDraftRow
{
  GtkWidget           parent_instance;

  GtkWidget          *box;
  GtkLabel           *title_label;
  GtkLabel           *source_label;
  GtkLabel           *time_label;
  GtkLabel           *state_label;

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

static void
update (BylineDraftRow *self)
{
  BylineDraftSummary *summary = self->summary;
  const char *title = NULL;
  const char *source = NULL;
  const char *reason = NULL;
  g_autofree char *time = NULL;
  BylineArticleState state = BYLINE_ARTICLE_STATE_DRAFT;

  if (summary != NULL)
    {
      title = byline_draft_summary_get_title (summary);
      source = byline_draft_summary_get_source (summary);
      state = byline_draft_summary_get_state (summary);
      reason = byline_draft_summary_get_failure_reason (summary);
      time = format_updated (byline_draft_summary_get_updated (summary));
    }

  if (title != NULL && title[0] != '\0')
    {
      gtk_label_set_text (self->title_label, title);
      gtk_widget_remove_css_class (GTK_WIDGET (self->title_label), "dim-label");
    }
  else
    {
      gtk_label_set_text (self->title_label, _("Untitled Draft"));
      gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "dim-label");
    }

  gtk_label_set_text (self->source_label, source != NULL ? source : "");
  gtk_widget_set_visible (GTK_WIDGET (self->source_label), source != NULL && source[0] != '\0');
  gtk_label_set_text (self->time_label, time != NULL ? time : "");

  gtk_label_set_text (self->state_label, byline_article_state_get_label (state));
  /* Classes are touched only when the state changes: a style change
   * redraws the row, and each save of the open draft updates its row. */
  for (guint i = 0; i < G_N_ELEMENTS (state_css_classes); i++)
    if (i != (guint) state)
      gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), state_css_classes[i]);
  if ((guint) state < G_N_ELEMENTS (state_css_classes))
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), state_css_classes[state]);
  /* Queued and Failed say why over the whole row, not just its badge. Set
   * only when it changes: setting a tooltip asks the X server where the
   * pointer is, and GTK 4.8 rebinds every row after a change at the top. */
  {
    const char *tooltip = state == BYLINE_ARTICLE_STATE_QUEUED ||
                          state == BYLINE_ARTICLE_STATE_FAILED ? reason : NULL;
    const char *current = gtk_widget_get_tooltip_text (GTK_WIDGET (self));

    if (g_strcmp0 (tooltip != NULL && *tooltip != '\0' ? tooltip : NULL, current) != 0)
      gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
  }
}

static void
byline_draft_row_dispose (GObject *object)
{
  BylineDraftRow *self = BYLINE_DRAFT_ROW (object);

  if (self->summary != NULL)
    g_clear_signal_handler (&self->summary_notify, self->summary);
  gtk_widget_dispose_template (GTK_WIDGET (self), BYLINE_TYPE_DRAFT_ROW);
  g_clear_object (&self->summary);

  G_OBJECT_CLASS (byline_draft_row_parent_class)->dispose (object);
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
  object_class->get_property = byline_draft_row_get_property;
  object_class->set_property = byline_draft_row_set_property;

  properties[PROP_SUMMARY] =
    g_param_spec_object ("summary", NULL, NULL,
                         BYLINE_TYPE_DRAFT_SUMMARY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/byline/Byline/ui/byline-draft-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BylineDraftRow, box);
  gtk_widget_class_bind_template_child (widget_class, BylineDraftRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, BylineDraftRow, source_label);
  gtk_widget_class_bind_template_child (widget_class, BylineDraftRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, BylineDraftRow, state_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
byline_draft_row_init (BylineDraftRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
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
