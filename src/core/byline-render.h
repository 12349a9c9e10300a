/* byline-render.h: an article as the HTML a portal receives
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "byline-article.h"

G_BEGIN_DECLS

/* The reprint disclaimer when Preferences hold none. */
#define BYLINE_DEFAULT_DISCLAIMER \
  "郑重声明:本文版权归原作者所有,转载文章仅为传播更多信息之目的,如有侵权行为," \
  "请第一时间联系我们修改或删除,多谢。"

/* How many characters of the body make an excerpt when there is no summary. */
#define BYLINE_EXCERPT_LENGTH 120

char      *byline_render_markdown     (const char    *markdown);
char      *byline_render_sanitize     (const char    *html,
                                       GHashTable    *url_map);
GPtrArray *byline_render_list_images  (const char    *html);
char      *byline_render_html_text    (const char    *html);
char      *byline_render_marker       (const char    *article_id);
char      *byline_render_attribution  (BylineArticle *article);
char      *byline_render_post         (BylineArticle *article,
                                       GHashTable    *url_map,
                                       const char    *disclaimer);
char      *byline_render_excerpt      (BylineArticle *article);

G_END_DECLS
