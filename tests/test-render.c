/* test-render.c: Markdown to the HTML a portal receives, and the sanitiser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "byline.h"
#include "byline-render.h"

static void
assert_absent (const char *html,
               const char *needle)
{
  g_autofree char *lower = g_ascii_strdown (html, -1);

  if (strstr (lower, needle) != NULL)
    g_error ("“%s” found in: %s", needle, html);
}

static void
test_markdown_basic (void)
{
  g_autofree char *html = byline_render_markdown ("## 标题\n\n第一段。\n\n第二段 **重点**。\n");
  g_autofree char *safe = byline_render_sanitize (html, NULL);

  g_assert_cmpstr (safe, ==, "<h2>标题</h2>\n<p>第一段。</p>\n<p>第二段 <strong>重点</strong>。</p>\n");
}

static void
test_sanitize_drops_script (void)
{
  const char *evil =
    "<p onclick=\"steal()\" style=\"color:red\">文本<script>alert(1)</script></p>"
    "<style>p { display: none }</style>"
    "<iframe src=\"https://evil.example/\">x</iframe>"
    "<img src=x onerror=alert(1)>"
    "<a href=\"javascript:alert(1)\">链接</a>"
    "<a href=\" JaVa\tScRiPt:alert(1)\">链接2</a>"
    "<a href=\"data:text/html;base64,PHNjcmlwdD4=\">链接3</a>"
    "<img src=\"data:image/png;base64,AAAA\">"
    "<svg onload=alert(1)><circle/></svg>"
    "<!-- a comment --><form action=/x><input name=a></form>"
    "<object data=x></object><embed src=x>";
  g_autofree char *safe = byline_render_sanitize (evil, NULL);

  assert_absent (safe, "script");
  assert_absent (safe, "onclick");
  assert_absent (safe, "onerror");
  assert_absent (safe, "onload");
  assert_absent (safe, "style");
  assert_absent (safe, "iframe");
  assert_absent (safe, "javascript");
  assert_absent (safe, "data:");
  assert_absent (safe, "svg");
  assert_absent (safe, "<!--");
  assert_absent (safe, "form");
  assert_absent (safe, "input");
  assert_absent (safe, "object");
  assert_absent (safe, "embed");
  g_assert_nonnull (strstr (safe, "<p>文本</p>"));
  g_assert_nonnull (strstr (safe, "<a>链接</a>"));
  /* The image with a relative address stays, without its handler. */
  g_assert_nonnull (strstr (safe, "<img src=\"x\">"));
}

static void
test_sanitize_keeps_allowed (void)
{
  const char *html =
    "<p>a <a href=\"https://example.com/?a=1&amp;b=2\" title=\"t\" target=\"_blank\">b</a></p>"
    "<blockquote><p>q</p></blockquote><ul><li>1</li></ul>"
    "<table><tr><td colspan=\"2\" class=\"c\">x</td></tr></table>"
    "<custom-tag>kept text</custom-tag>";
  g_autofree char *safe = byline_render_sanitize (html, NULL);

  g_assert_nonnull (strstr (safe, "<a href=\"https://example.com/?a=1&amp;b=2\" title=\"t\">b</a>"));
  g_assert_nonnull (strstr (safe, "<blockquote><p>q</p></blockquote>"));
  g_assert_nonnull (strstr (safe, "<td colspan=\"2\">x</td>"));
  g_assert_nonnull (strstr (safe, "kept text"));
  assert_absent (safe, "custom-tag");
  assert_absent (safe, "target");
  assert_absent (safe, "class");
}

static void
test_sanitize_url_map (void)
{
  g_autoptr(GHashTable) map = g_hash_table_new (g_str_hash, g_str_equal);
  const char *html = "<p><img src=\"file:///tmp/a.png\" alt=\"图\"><img src=\"file:///tmp/b.png\"></p>";
  g_autofree char *safe = NULL;
  g_autoptr(GPtrArray) images = byline_render_list_images (html);

  g_assert_cmpuint (images->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (images, 0), ==, "file:///tmp/a.png");

  g_hash_table_insert (map, (char *) "file:///tmp/a.png", (char *) "http://127.0.0.1/a.png");
  safe = byline_render_sanitize (html, map);
  /* A local image the portal has no copy of is left out, not sent broken. */
  g_assert_cmpstr (safe, ==, "<p><img src=\"http://127.0.0.1/a.png\" alt=\"图\"></p>");
}

static BylineArticle *
make_seed_like (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) when = g_date_time_new (tz, 2021, 4, 23, 10, 46, 5);
  BylineArticle *article = byline_article_new ();

  byline_article_set_title (article, "党建引领与创新同频共振");
  byline_article_set_source (article, "界面新闻");
  byline_article_set_source_url (article, "https://example.com/a?x=1&y=<2>");
  byline_article_set_original_title (article, "党建引领与创新同频共振");
  byline_article_set_original_source (article, "凤凰网青岛");
  byline_article_set_publish_time (article, when);
  byline_article_set_body (article, "## 小标题\n\n正文<script>x()</script>。\n");
  return article;
}

static void
test_post_layout (void)
{
  g_autoptr(BylineArticle) article = make_seed_like ();
  g_autofree char *html = byline_render_post (article, NULL, BYLINE_DEFAULT_DISCLAIMER);
  g_autofree char *marker = g_strdup_printf ("<!-- byline:%s -->\n",
                                             byline_article_get_id (article));

  g_assert_true (g_str_has_prefix (html, marker));
  g_assert_nonnull (strstr (html, "<p class=\"byline-attribution\">时间:2021-04-23 10:46:05 | "
                                  "来源:<a href=\"https://example.com/a?x=1&amp;y=&lt;2&gt;\">"
                                  "界面新闻</a></p>"));
  /* Same title, another source: the line is there, with both. */
  g_assert_nonnull (strstr (html, "<p class=\"byline-original\">原标题:党建引领与创新同频共振 "
                                  "来源:凤凰网青岛</p>"));
  g_assert_nonnull (strstr (html, "<h2>小标题</h2>"));
  g_assert_null (strstr (html, "<script"));
  g_assert_true (g_str_has_suffix (html, "<p class=\"byline-disclaimer\">"
                                         BYLINE_DEFAULT_DISCLAIMER "</p>\n"));

  /* Nothing differs from the reprint: no 原标题 line. */
  byline_article_set_original_source (article, "界面新闻");
  g_clear_pointer (&html, g_free);
  html = byline_render_post (article, NULL, NULL);
  g_assert_null (strstr (html, "原标题"));
  g_assert_null (strstr (html, "郑重声明"));
}

static void
test_attribution_escapes (void)
{
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autofree char *html = NULL;

  byline_article_set_title (article, "t");
  byline_article_set_source (article, "<b>源</b>");
  byline_article_set_source_url (article, "javascript:alert(1)");
  byline_article_set_author (article, "\"作者\" & <i>");
  html = byline_render_attribution (article);
  g_assert_cmpstr (html, ==, "<p class=\"byline-attribution\">来源:&lt;b&gt;源&lt;/b&gt; | "
                             "作者:\"作者\" &amp; &lt;i&gt;</p>\n");
}

static void
test_excerpt (void)
{
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(GString) body = g_string_new ("## 头\n\n");
  g_autofree char *excerpt = NULL;

  for (int i = 0; i < 100; i++)
    g_string_append (body, "字字");
  byline_article_set_body (article, body->str);
  excerpt = byline_render_excerpt (article);
  g_assert_cmpint (g_utf8_strlen (excerpt, -1), ==, BYLINE_EXCERPT_LENGTH);
  g_assert_true (g_str_has_prefix (excerpt, "头 字字"));

  byline_article_set_summary (article, "摘要");
  g_clear_pointer (&excerpt, g_free);
  excerpt = byline_render_excerpt (article);
  g_assert_cmpstr (excerpt, ==, "摘要");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/byline/render/markdown/basic", test_markdown_basic);
  g_test_add_func ("/byline/render/sanitize/drops-script", test_sanitize_drops_script);
  g_test_add_func ("/byline/render/sanitize/keeps-allowed", test_sanitize_keeps_allowed);
  g_test_add_func ("/byline/render/sanitize/url-map", test_sanitize_url_map);
  g_test_add_func ("/byline/render/post/layout", test_post_layout);
  g_test_add_func ("/byline/render/attribution/escapes", test_attribution_escapes);
  g_test_add_func ("/byline/render/excerpt", test_excerpt);

  return g_test_run ();
}
