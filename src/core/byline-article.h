/* byline-article.h: one article, as the editor fills it in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "byline-types.h"

G_BEGIN_DECLS

#define BYLINE_ARTICLE_SCHEMA_VERSION 1

#define BYLINE_TYPE_ARTICLE (byline_article_get_type ())
G_DECLARE_FINAL_TYPE (BylineArticle, byline_article, BYLINE, ARTICLE, GObject)

#define BYLINE_ARTICLE_ERROR (byline_article_error_quark ())

typedef enum
{
  BYLINE_ARTICLE_ERROR_INVALID_JSON,
  BYLINE_ARTICLE_ERROR_NEWER_SCHEMA,
} BylineArticleError;

/**
 * BylineArticleProblem:
 * @field: the property name of the field to fix (e.g. "title")
 * @message: a translated sentence the editor can act on
 *
 * One problem found by byline_article_validate().
 */
typedef struct
{
  char *field;
  char *message;
} BylineArticleProblem;

GQuark              byline_article_error_quark          (void);
GType               byline_article_state_get_type       (void) G_GNUC_CONST;
GType               byline_publish_mode_get_type        (void) G_GNUC_CONST;
const char         *byline_article_state_to_string      (BylineArticleState  state);
gboolean            byline_article_state_from_string    (const char         *str,
                                                         BylineArticleState *state);
const char         *byline_article_state_get_label      (BylineArticleState  state);

BylineArticle      *byline_article_new                  (void);
BylineArticle      *byline_article_copy                 (BylineArticle      *self);
BylineArticle      *byline_article_duplicate            (BylineArticle      *self);
BylineArticle      *byline_article_new_from_json        (const char         *json,
                                                         gssize              length,
                                                         GError            **error);
BylineArticle      *byline_article_new_from_json_node   (JsonNode           *node,
                                                         GError            **error);
JsonNode           *byline_article_to_json_node         (BylineArticle      *self);
char               *byline_article_to_json              (BylineArticle      *self,
                                                         gboolean            pretty);
gboolean            byline_article_equal_content        (BylineArticle      *a,
                                                         BylineArticle      *b);

GPtrArray          *byline_article_validate             (BylineArticle      *self,
                                                         GDateTime          *now);
void                byline_article_problem_free         (BylineArticleProblem *problem);

const char         *byline_article_get_id               (BylineArticle      *self);
const char         *byline_article_get_title            (BylineArticle      *self);
void                byline_article_set_title            (BylineArticle      *self,
                                                         const char         *title);
const char         *byline_article_get_short_title      (BylineArticle      *self);
void                byline_article_set_short_title      (BylineArticle      *self,
                                                         const char         *short_title);
const char         *byline_article_get_body             (BylineArticle      *self);
void                byline_article_set_body             (BylineArticle      *self,
                                                         const char         *body);
const char         *byline_article_get_summary          (BylineArticle      *self);
void                byline_article_set_summary          (BylineArticle      *self,
                                                         const char         *summary);
const char         *byline_article_get_category         (BylineArticle      *self);
void                byline_article_set_category         (BylineArticle      *self,
                                                         const char         *category);
gint64              byline_article_get_category_id      (BylineArticle      *self);
void                byline_article_set_category_id      (BylineArticle      *self,
                                                         gint64              category_id);
const char * const *byline_article_get_tags             (BylineArticle      *self);
void                byline_article_set_tags             (BylineArticle      *self,
                                                         const char * const *tags);
const char         *byline_article_get_author           (BylineArticle      *self);
void                byline_article_set_author           (BylineArticle      *self,
                                                         const char         *author);
const char         *byline_article_get_editor           (BylineArticle      *self);
void                byline_article_set_editor           (BylineArticle      *self,
                                                         const char         *editor);
const char         *byline_article_get_source           (BylineArticle      *self);
void                byline_article_set_source           (BylineArticle      *self,
                                                         const char         *source);
const char         *byline_article_get_source_url       (BylineArticle      *self);
void                byline_article_set_source_url       (BylineArticle      *self,
                                                         const char         *source_url);
const char         *byline_article_get_original_title   (BylineArticle      *self);
void                byline_article_set_original_title   (BylineArticle      *self,
                                                         const char         *original_title);
const char         *byline_article_get_original_source  (BylineArticle      *self);
void                byline_article_set_original_source  (BylineArticle      *self,
                                                         const char         *original_source);
GDateTime          *byline_article_get_publish_time     (BylineArticle      *self);
void                byline_article_set_publish_time     (BylineArticle      *self,
                                                         GDateTime          *publish_time);
BylinePublishMode   byline_article_get_publish_mode     (BylineArticle      *self);
void                byline_article_set_publish_mode     (BylineArticle      *self,
                                                         BylinePublishMode   mode);
const char         *byline_article_get_slug             (BylineArticle      *self);
void                byline_article_set_slug             (BylineArticle      *self,
                                                         const char         *slug);
const char         *byline_article_get_cover_path       (BylineArticle      *self);
void                byline_article_set_cover_path       (BylineArticle      *self,
                                                         const char         *cover_path);
gint64              byline_article_get_cover_media_id   (BylineArticle      *self);
void                byline_article_set_cover_media_id   (BylineArticle      *self,
                                                         gint64              media_id);
const char         *byline_article_get_keywords         (BylineArticle      *self);
void                byline_article_set_keywords         (BylineArticle      *self,
                                                         const char         *keywords);
BylineArticleState  byline_article_get_state            (BylineArticle      *self);
void                byline_article_set_state            (BylineArticle      *self,
                                                         BylineArticleState  state);
const char         *byline_article_get_failure_reason   (BylineArticle      *self);
void                byline_article_set_failure_reason   (BylineArticle      *self,
                                                         const char         *reason);
const char         *byline_article_get_account_id       (BylineArticle      *self);
void                byline_article_set_account_id       (BylineArticle      *self,
                                                         const char         *account_id);
gint64              byline_article_get_remote_id        (BylineArticle      *self);
void                byline_article_set_remote_id        (BylineArticle      *self,
                                                         gint64              remote_id);
const char         *byline_article_get_remote_url       (BylineArticle      *self);
void                byline_article_set_remote_url       (BylineArticle      *self,
                                                         const char         *remote_url);
GDateTime          *byline_article_get_remote_modified  (BylineArticle      *self);
void                byline_article_set_remote_modified  (BylineArticle      *self,
                                                         GDateTime          *remote_modified);
GDateTime          *byline_article_get_created          (BylineArticle      *self);
GDateTime          *byline_article_get_updated          (BylineArticle      *self);
void                byline_article_set_updated          (BylineArticle      *self,
                                                         GDateTime          *updated);

/* Where ingest found a field ("from the line 时间:… | 来源:…"), kept until
 * the editor changes that field; and the page chrome ingest removed. */
const char         *byline_article_get_provenance       (BylineArticle      *self,
                                                         const char         *field);
void                byline_article_set_provenance       (BylineArticle      *self,
                                                         const char         *field,
                                                         const char         *note);
const char * const *byline_article_get_removed_lines    (BylineArticle      *self);
void                byline_article_set_removed_lines    (BylineArticle      *self,
                                                         const char * const *lines);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BylineArticleProblem, byline_article_problem_free)

G_END_DECLS
