/* byline-article-form.h: the editor of one article (title, body, fields)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "byline.h"

G_BEGIN_DECLS

#define BYLINE_TYPE_ARTICLE_FORM (byline_article_form_get_type ())
G_DECLARE_FINAL_TYPE (BylineArticleForm, byline_article_form, BYLINE, ARTICLE_FORM, GtkWidget)

GtkWidget     *byline_article_form_new            (void);
BylineStore   *byline_article_form_get_store      (BylineArticleForm *self);
void           byline_article_form_set_store      (BylineArticleForm *self,
                                                   BylineStore       *store);
BylineArticle *byline_article_form_get_article    (BylineArticleForm *self);
void           byline_article_form_set_article    (BylineArticleForm *self,
                                                   BylineArticle     *article);
void           byline_article_form_sync_article   (BylineArticleForm *self);
void           byline_article_form_sync_article_async  (BylineArticleForm   *self,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean       byline_article_form_sync_article_finish (BylineArticleForm  *self,
                                                        GAsyncResult       *result,
                                                        GError            **error);
guint64        byline_article_form_get_word_count (BylineArticleForm *self);
gboolean       byline_article_form_get_editable   (BylineArticleForm *self);
void           byline_article_form_set_editable   (BylineArticleForm *self,
                                                   gboolean           editable);
gboolean       byline_article_form_get_show_fields (BylineArticleForm *self);
void           byline_article_form_set_show_fields (BylineArticleForm *self,
                                                    gboolean           show_fields);
void           byline_article_form_focus_title    (BylineArticleForm *self);
void           byline_article_form_focus_field    (BylineArticleForm *self,
                                                   const char        *field);
void           byline_article_form_set_cover_file (BylineArticleForm *self,
                                                   GFile             *file);
gboolean       byline_article_form_drop_cover     (BylineArticleForm *self,
                                                   const GValue      *value);
char          *byline_article_form_dup_shown_text (BylineArticleForm *self,
                                                   const char        *field);
char          *byline_article_form_dup_shown_note (BylineArticleForm *self,
                                                   const char        *field);
guint          byline_article_form_get_n_removed_shown (BylineArticleForm *self);

GtkSourceLanguage *byline_article_form_get_markdown_language (void);

G_END_DECLS
