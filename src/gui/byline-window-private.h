/* byline-window-private.h: shared by byline-window.c and its actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "byline-article-form.h"
#include "byline-publisher.h"
#include "byline-window.h"

G_BEGIN_DECLS

/* What byline-window-ingest.c keeps: imports under way, the last draft it
 * made. */
typedef struct _BylineWindowIngest BylineWindowIngest;

/* What byline-window-publish.c keeps: the publish under way, its progress. */
typedef struct _BylineWindowPublish BylineWindowPublish;

struct _BylineWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkMenuButton        *primary_menu_button;
  GMenuModel           *primary_menu;
  GtkWidget            *sidebar;
  GtkWidget            *content;
  GtkSearchEntry       *search_entry;
  GtkLabel             *search_truncated_label;
  GtkDropDown          *state_dropdown;
  GtkStack             *list_stack;
  GtkGridView          *drafts_view;
  AdwStatusPage        *empty_page;
  AdwWindowTitle       *window_title;
  GtkRevealer          *read_only_revealer;
  BylineArticleForm    *form;
  GtkLabel             *word_count_label;
  GtkLabel             *save_state_label;

  BylineStore          *store;
  GSettings            *settings;
  BylineDraftList      *drafts;
  /* The drafts the list view sees: only the first screen until the first
   * frame is out. */
  GtkSliceListModel    *first_screen;
  GdkFrameClock        *first_paint_clock;
  gulong                first_paint_handler;
  guint                 show_all_source;
  /* What has no place in the first frame starts once this is set. */
  gboolean              drew_first_frame;
  GtkSingleSelection   *selection;

  /* The article in the form; every edit is written into it. */
  BylineArticle        *article;
  gboolean              dirty;
  gint64                dirty_since;
  guint                 save_source;
  /* Set while an autosave copies the body, a slice at a time. */
  GCancellable         *body_copy;
  GQueue                save_queue;
  BylineArticle        *saving;
  char                 *save_error;
  gboolean              close_after_save;
  gboolean              close_without_saving;
  gboolean              syncing_selection;

  /* The status line (字数, save state) waits while the editor types. */
  gint64                last_edit;
  gint64                status_shown;
  guint                 status_source;
  GdkFrameClock        *status_clock;
  gulong                status_paint_handler;
  gboolean              reported_recovery;

  BylineWindowIngest   *ingest;
  BylineWindowPublish  *publish;
};

void     byline_window_class_add_actions  (GtkWidgetClass *widget_class);
void     byline_window_update_actions     (BylineWindow   *self);
void     byline_window_open_article       (BylineWindow   *self,
                                           BylineArticle  *article,
                                           gboolean        unsaved);
void     byline_window_flush              (BylineWindow   *self);
void     byline_window_sync_article       (BylineWindow   *self);
gboolean byline_window_save_sync          (BylineWindow   *self,
                                           GError        **error);
void     byline_window_show_toast         (BylineWindow   *self,
                                           AdwToast       *toast);
void     byline_window_show_error         (BylineWindow   *self,
                                           const GError   *error);
void     byline_window_show_message       (BylineWindow   *self,
                                           const char     *message);
void     byline_window_refresh_title      (BylineWindow   *self);

/* byline-window-ingest.c */
void     byline_window_class_add_ingest_actions (GtkWidgetClass *widget_class);
void     byline_window_setup_ingest       (BylineWindow   *self);
void     byline_window_dispose_ingest     (BylineWindow   *self);
gboolean byline_window_ingest_value       (BylineWindow   *self,
                                           const GValue   *value);
void     byline_window_ingest_bytes       (BylineWindow   *self,
                                           GBytes         *data,
                                           const char     *content_type,
                                           const char     *label);
void     byline_window_ingest_uri         (BylineWindow   *self,
                                           const char     *uri);
void     byline_window_ingest_files       (BylineWindow   *self,
                                           GPtrArray      *files);

/* byline-window-publish.c */
void     byline_window_class_add_publish_actions (GtkWidgetClass *widget_class);
void     byline_window_setup_publish      (BylineWindow   *self);
void     byline_window_dispose_publish    (BylineWindow   *self);
void     byline_window_publish_first_frame (BylineWindow *self);
void     byline_window_publish            (BylineWindow       *self,
                                           BylinePublishFlags  flags);
gboolean byline_window_is_publishing      (BylineWindow   *self);
void     byline_window_update_publish_button (BylineWindow *self);

G_END_DECLS
