/* test-ingest.c: encodings, bad input, sanitising, dates, text shapes,
 * files, addresses (an in-process SoupServer on 127.0.0.1) and drafts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "byline.h"
#include "byline-ingest.h"
#include "byline-ingest-private.h"
#include "byline-test-util.h"

static const char seed_like[] =
  "您的位置:首页 >科技 >\n"
  "测试标题：新的编码测试文章\n"
  "时间:2021-04-23 10:46:05 | 来源:测试新闻\n"
  "第一段正文，这是一个足够长的句子，用来检验编码转换是否正确完成了。\n"
  "第二段正文，同样是一个足够长的句子，包含了中文标点符号与数字123。\n";

static BylineIngestResult *
ingest_data (const void  *data,
             gsize        length,
             const char  *content_type,
             GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, length);

  return byline_ingest_bytes (bytes, content_type, NULL, error);
}

static char *
convert_or_die (const char *text,
                const char *to,
                gsize      *length)
{
  g_autoptr(GError) error = NULL;
  char *out = g_convert (text, -1, to, "UTF-8", NULL, length, &error);

  g_assert_no_error (error);
  return out;
}

static void
assert_seed_like (BylineIngestResult *result,
                  const char         *encoding)
{
  const char * const *paragraphs = byline_ingest_result_get_paragraphs (result);
  GDateTime *published = byline_ingest_result_get_published (result);

  g_assert_cmpstr (byline_ingest_result_get_encoding (result), ==, encoding);
  g_assert_cmpstr (byline_ingest_result_get_title (result), ==, "测试标题：新的编码测试文章");
  g_assert_cmpstr (byline_ingest_result_get_source (result), ==, "测试新闻");
  g_assert_cmpstr (byline_ingest_result_get_category_hint (result), ==, "科技");
  g_assert_nonnull (published);
  g_assert_cmpint (g_date_time_get_utc_offset (published), ==, 8 * G_TIME_SPAN_HOUR);
  g_assert_cmpint (g_date_time_get_hour (published), ==, 10);
  g_assert_cmpuint (g_strv_length ((char **) paragraphs), ==, 2);
  g_assert_true (g_str_has_prefix (paragraphs[1], "第二段正文"));
}

static void
test_encoding_utf8_bom (void)
{
  g_autofree char *data = g_strconcat ("\xEF\xBB\xBF", seed_like, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineIngestResult) result = ingest_data (data, strlen (data), NULL, &error);

  g_assert_no_error (error);
  assert_seed_like (result, "UTF-8");
  g_assert_false (g_str_has_prefix (byline_ingest_result_get_removed (result)[0], "\xEF\xBB\xBF"));
}

static void
test_encoding_utf16 (gconstpointer user_data)
{
  const char *charset = user_data;
  gboolean le = g_str_equal (charset, "UTF-16LE");
  gsize length = 0;
  g_autofree char *body = convert_or_die (seed_like, charset, &length);
  g_autofree char *data = g_malloc (length + 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineIngestResult) result = NULL;

  data[0] = le ? '\xFF' : '\xFE';
  data[1] = le ? '\xFE' : '\xFF';
  memcpy (data + 2, body, length);

  result = ingest_data (data, length + 2, NULL, &error);
  g_assert_no_error (error);
  assert_seed_like (result, charset);
}

static void
test_encoding_legacy (gconstpointer user_data)
{
  const char *charset = user_data;
  gsize length = 0;
  g_autofree char *traditional = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineIngestResult) result = NULL;

  if (g_str_equal (charset, "BIG5"))
    {
      /* Big5 holds traditional characters only */
      static const char text[] =
        "您的位置:首頁 >科技 >\n"
        "測試標題：新的編碼測試文章\n"
        "時間:2021-04-23 10:46:05 | 來源:測試新聞\n"
        "第一段正文，這是一個足夠長的句子，用來檢驗編碼轉換是否正確完成了。我們再多寫幾句話，讓偵測更有把握。\n"
        "第二段正文，同樣是一個足夠長的句子，包含了中文標點符號與數字一二三。這裡也多寫一些文字。\n";

      data = convert_or_die (text, "BIG5", &length);
      result = ingest_data (data, length, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (byline_ingest_result_get_encoding (result), ==, "BIG5");
      g_assert_cmpstr (byline_ingest_result_get_title (result), ==, "測試標題：新的編碼測試文章");
      g_assert_true (g_str_has_prefix (byline_ingest_result_get_paragraphs (result)[0], "第一段正文，這是"));
      (void) traditional;
      return;
    }

  data = convert_or_die (seed_like, charset, &length);
  result = ingest_data (data, length, NULL, &error);
  g_assert_no_error (error);
  assert_seed_like (result, "GB18030");
}

static void
test_encoding_chosen (void)
{
  gsize length = 0;
  g_autofree char *data = convert_or_die (seed_like, "GB18030", &length);
  g_autoptr(GBytes) bytes = g_bytes_new (data, length);
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineIngestResult) wrong = NULL;
  g_autoptr(BylineIngestResult) right = NULL;

  /* the editor picks another encoding: the text is decoded again */
  wrong = byline_ingest_bytes_with_encoding (bytes, NULL, NULL, "BIG5", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (byline_ingest_result_get_encoding (wrong), ==, "BIG5");
  g_assert_cmpstr (byline_ingest_result_get_source (wrong), !=, "测试新闻");

  right = byline_ingest_bytes_with_encoding (bytes, NULL, NULL, "gbk", &error);
  g_assert_no_error (error);
  assert_seed_like (right, "GB18030");
}

static void
test_invalid_utf8 (void)
{
  g_autoptr(GString) data = g_string_new (seed_like);
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineIngestResult) result = NULL;
  const char * const *paragraphs;

  /* a stray continuation byte, a truncated sequence and an overlong form,
   * inside the second paragraph, in an otherwise UTF-8 text */
  g_string_insert_len (data, strstr (data->str, "第二段") - data->str + 6, "\x80\xE4\xB8\xC0\xAF", 5);
  result = ingest_data (data->str, data->len, "text/plain", &error);
  g_assert_no_error (error);
  paragraphs = byline_ingest_result_get_paragraphs (result);
  g_assert_cmpuint (g_strv_length ((char **) paragraphs), ==, 2);
  g_assert_true (g_utf8_validate (paragraphs[1], -1, NULL));
  g_assert_nonnull (strstr (paragraphs[1], "\xEF\xBF\xBD"));
  g_assert_true (g_utf8_validate (byline_ingest_result_get_body (result), -1, NULL));
}

static void
test_binary (void)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };
  static const guint8 zip[] = { 'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineIngestResult) result = NULL;
  g_autoptr(GString) text_with_nul = g_string_new (seed_like);

  result = ingest_data (png, sizeof png, NULL, &error);
  g_assert_error (error, BYLINE_INGEST_ERROR, BYLINE_INGEST_ERROR_NOT_TEXT);
  g_assert_null (result);
  g_assert_nonnull (strstr (error->message, "not a text or HTML document"));
  g_clear_error (&error);

  result = ingest_data (zip, sizeof zip, NULL, &error);
  g_assert_error (error, BYLINE_INGEST_ERROR, BYLINE_INGEST_ERROR_NOT_TEXT);
  g_clear_error (&error);

  g_string_append_len (text_with_nul, "\0\0\0", 3);
  result = ingest_data (text_with_nul->str, text_with_nul->len, "text/plain", &error);
  g_assert_error (error, BYLINE_INGEST_ERROR, BYLINE_INGEST_ERROR_NOT_TEXT);
  g_assert_null (result);
}

static void
test_empty (void)
{
  static const char spaces[] = " \n\t\r\n\xE3\x80\x80 \xC2\xA0\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineIngestResult) result = NULL;

  result = ingest_data ("", 0, NULL, &error);
  g_assert_error (error, BYLINE_INGEST_ERROR, BYLINE_INGEST_ERROR_EMPTY);
  g_assert_null (result);
  g_clear_error (&error);

  result = ingest_data (spaces, strlen (spaces), NULL, &error);
  g_assert_error (error, BYLINE_INGEST_ERROR, BYLINE_INGEST_ERROR_EMPTY);
  g_assert_null (result);
}

static void
test_sanitise (void)
{
  static const char page[] =
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>安全测试标题_测试网</title>"
    "<style>p { color: red } .evil-style-marker {}</style>"
    "<script>alert('evil-script-marker')</script></head>"
    "<body onload=\"evil_onload_marker()\"><h1>安全测试标题</h1>"
    "<div class=\"info\">2020-01-02 03:04 来源：测试网</div>"
    "<div id=\"article\">"
    "<p onclick=\"evil_onclick_marker()\">第一段正文，这是一个足够长的句子，其中有一个"
    "<a href=\"https://example.org/a?b=1\">正常链接</a>和一个"
    "<a href=\"javascript:evil_js_marker()\">脚本链接</a>，句子到这里结束。</p>"
    "<iframe src=\"https://evil.example/evil-iframe-marker\">evil-iframe-text</iframe>"
    "<object data=\"evil-object-marker.swf\"><param name=\"x\" value=\"evil-param\">evil-object-text</object>"
    "<p><img src=\"/images/photo.jpg\" onerror=\"evil_onerror_marker()\" width=\"600\"></p>"
    "<p><img src=\"javascript:evil_img_marker()\" width=\"600\"></p>"
    "<h2>小标题</h2>"
    "<p>第二段正文，同样是一个足够长的句子<script>evil_inline_script_marker()</script>，到这里结束。</p>"
    "<p><strong>加粗的小标题</strong></p>"
    "<p>第三段正文，也是一个足够长的句子，用来让正文的分数更高一些，到这里结束。</p>"
    "</div></body></html>";
  static const char * const markers[] = {
    "evil", "alert", "onload", "onclick", "onerror", "javascript", "iframe", "object", "script",
    "color: red",
  };
  g_autoptr(GBytes) bytes = g_bytes_new_static (page, sizeof page - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineIngestResult) result = NULL;
  g_autofree char *json = NULL;
  const char *body;
  const char * const *images;
  const char * const *headings;

  result = byline_ingest_bytes (bytes, "text/html", "https://news.example.com/2020/01/a.html", &error);
  g_assert_no_error (error);
  body = byline_ingest_result_get_body (result);
  json = byline_ingest_result_to_json (result);

  for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
    {
      g_assert_null (strstr (body, markers[i]));
      g_assert_null (strstr (json, markers[i]));
    }

  g_assert_cmpstr (byline_ingest_result_get_title (result), ==, "安全测试标题");
  g_assert_cmpstr (byline_ingest_result_get_source (result), ==, "测试网");
  g_assert_nonnull (strstr (body, "[正常链接](https://example.org/a?b=1)"));
  g_assert_nonnull (strstr (body, "脚本链接"));
  g_assert_nonnull (strstr (body, "![](https://news.example.com/images/photo.jpg)"));
  g_assert_nonnull (strstr (body, "\n\n## 小标题\n\n"));

  images = byline_ingest_result_get_images (result);
  g_assert_cmpuint (g_strv_length ((char **) images), ==, 1);
  g_assert_cmpstr (images[0], ==, "https://news.example.com/images/photo.jpg");

  headings = byline_ingest_result_get_headings (result);
  g_assert_cmpuint (g_strv_length ((char **) headings), ==, 2);
  g_assert_cmpstr (headings[0], ==, "小标题");
  g_assert_cmpstr (headings[1], ==, "加粗的小标题");
  g_assert_cmpuint (g_strv_length ((char **) byline_ingest_result_get_paragraphs (result)), ==, 3);
  g_assert_cmpstr (byline_ingest_result_get_source_url (result), ==, "https://news.example.com/2020/01/a.html");
}

static void
test_html_gbk_declared (void)
{
  static const char page[] =
    "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">"
    "<title>声明编码的标题_网站</title></head><body><h1>声明编码的标题</h1>"
    "<p>2019年10月23日 09:05 来源：某某日报</p><div>"
    "<p>这是用国标码写成的第一段正文，里面还有一个超出国标二三一二的字：镕，用来检验映射。</p>"
    "<p>这是第二段正文，继续写一些足够长的句子，好让正文的分数超过页面的其他部分。</p>"
    "</div></body></html>";
  gsize length = 0;
  g_autofree char *data = convert_or_die (page, "GB18030", &length);
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineIngestResult) result = ingest_data (data, length, "text/html", &error);
  GDateTime *published;

  g_assert_no_error (error);
  g_assert_cmpstr (byline_ingest_result_get_encoding (result), ==, "GB18030");
  g_assert_cmpstr (byline_ingest_result_get_title (result), ==, "声明编码的标题");
  g_assert_cmpstr (byline_ingest_result_get_source (result), ==, "某某日报");
  g_assert_nonnull (strstr (byline_ingest_result_get_paragraphs (result)[0], "镕"));
  published = byline_ingest_result_get_published (result);
  g_assert_nonnull (published);
  g_assert_cmpint (g_date_time_get_minute (published), ==, 5);
  g_assert_cmpint (g_date_time_get_utc_offset (published), ==, 8 * G_TIME_SPAN_HOUR);
}

static void
test_text_shapes (void)
{
  /* the same article with blank lines, without, with full-width and
   * half-width labels: the same fields and paragraphs come out */
  static const char * const variants[] = {
    "当前位置：首页 > 财经 > 正文\n\n一个关于形状的标题\n\n发布时间：2022-02-13 07:48 | 来源：某报\n\n"
    "原标题：原来的题目 来源：别的报\n\n第一段，这里是一个足够长的句子，来检验段落的切分。\n\n"
    "小标题一\n\n第二段，这里是一个足够长的句子，来检验段落的切分。\n\n责任编辑：张三\n\n猜你喜欢\n",
    "当前位置:首页>财经>正文\n一个关于形状的标题\n发布时间:2022-02-13 07:48｜来源:某报\n"
    "原标题:原来的题目 来源:别的报\n第一段,这里是一个足够长的句子,来检验段落的切分。\n"
    "小标题一\n第二段,这里是一个足够长的句子,来检验段落的切分。\n责任编辑:张三\n猜你喜欢\n",
    "当前位置：首页 > 财经 > 正文\r\n一个关于形状的标题\r\n2022年2月13日 07:48 来源：某报\r\n"
    "原标题：原来的题目 来源：别的报\r\n第一段，这里是一个足够长的句子，来检验段落的切分。\r\n"
    "小标题一\r\n第二段，这里是一个足够长的句子，来检验段落的切分。\r\n责任编辑：张三\r\n猜你喜欢\r\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BylineIngestResult) result = ingest_data (variants[i], strlen (variants[i]), NULL, &error);
      const char * const *paragraphs;
      const char * const *removed;
      GDateTime *published;
      gboolean removed_related = FALSE;

      g_assert_no_error (error);
      g_assert_cmpstr (byline_ingest_result_get_title (result), ==, "一个关于形状的标题");
      g_assert_cmpstr (byline_ingest_result_get_source (result), ==, "某报");
      g_assert_cmpstr (byline_ingest_result_get_original_title (result), ==, "原来的题目");
      g_assert_cmpstr (byline_ingest_result_get_original_source (result), ==, "别的报");
      g_assert_cmpstr (byline_ingest_result_get_editor (result), ==, "张三");
      g_assert_null (byline_ingest_result_get_author (result));
      g_assert_cmpstr (byline_ingest_result_get_category_hint (result), ==, "财经");
      published = byline_ingest_result_get_published (result);
      g_assert_nonnull (published);
      g_assert_cmpint (g_date_time_get_year (published), ==, 2022);
      g_assert_cmpint (g_date_time_get_hour (published), ==, 7);
      g_assert_cmpint (g_date_time_get_utc_offset (published), ==, 8 * G_TIME_SPAN_HOUR);

      paragraphs = byline_ingest_result_get_paragraphs (result);
      g_assert_cmpuint (g_strv_length ((char **) paragraphs), ==, 2);
      g_assert_cmpstr (byline_ingest_result_get_headings (result)[0], ==, "小标题一");
      g_assert_null (strstr (byline_ingest_result_get_body (result), "责任编辑"));
      g_assert_null (strstr (byline_ingest_result_get_body (result), "猜你喜欢"));
      g_assert_nonnull (byline_ingest_result_get_provenance (result, "publish-time"));
      g_assert_nonnull (byline_ingest_result_get_provenance (result, "source"));

      removed = byline_ingest_result_get_removed (result);
      for (guint r = 0; removed[r] != NULL; r++)
        removed_related |= g_str_equal (removed[r], "猜你喜欢");
      g_assert_true (removed_related);
    }
}

static void
test_hard_wrapped (void)
{
  static const char text[] =
    "A headline about wrapped text\n\n"
    "By Jane Reporter\n\n"
    "This first paragraph was written in a mail client that wraps lines at\n"
    "seventy-two characters, so every sentence is cut across several lines\n"
    "and only blank lines tell where paragraphs end.\n\n"
    "The second paragraph is shaped the same way, with a line break in the\n"
    "middle of a sentence, and it should come out as one paragraph as well.\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineIngestResult) result = ingest_data (text, strlen (text), NULL, &error);
  const char * const *paragraphs;

  g_assert_no_error (error);
  paragraphs = byline_ingest_result_get_paragraphs (result);
  g_assert_cmpuint (g_strv_length ((char **) paragraphs), ==, 2);
  g_assert_true (g_str_has_prefix (paragraphs[0], "This first paragraph was written in a mail client that wraps lines at seventy-two"));
  g_assert_cmpstr (byline_ingest_result_get_title (result), ==, "A headline about wrapped text");
  g_assert_cmpstr (byline_ingest_result_get_author (result), ==, "Jane Reporter");
}

static void
test_markdown_escape (void)
{
  static const char text[] =
    "一个关于转义的标题\n\n"
    "# 这一行以井号开头，不是标题，只是正文里的一句话。\n\n"
    "1. 这一行以数字和点开头，也只是一句普通的话而已。\n\n"
    "*注*：这里有星号，也有下划线_和[方括号]，都要转义。\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineIngestResult) result = ingest_data (text, strlen (text), NULL, &error);
  const char * const *paragraphs;

  g_assert_no_error (error);
  g_assert_cmpstr (byline_ingest_result_get_body (result), ==,
                   "\\# 这一行以井号开头，不是标题，只是正文里的一句话。\n\n"
                   "1\\. 这一行以数字和点开头，也只是一句普通的话而已。\n\n"
                   "\\*注\\*：这里有星号，也有下划线\\_和\\[方括号\\]，都要转义。");
  /* the plain-text paragraphs stay as written */
  paragraphs = byline_ingest_result_get_paragraphs (result);
  g_assert_cmpstr (paragraphs[2], ==, "*注*：这里有星号，也有下划线_和[方括号]，都要转义。");
}

typedef struct
{
  GMainLoop          *loop;
  BylineIngestResult *result;
  GError             *error;
} AsyncData;

static void
file_done_cb (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  AsyncData *data = user_data;

  data->result = byline_ingest_file_finish (res, &data->error);
  g_main_loop_quit (data->loop);
}

static BylineIngestResult *
ingest_file_sync (const char  *path,
                  GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  AsyncData data = { g_main_loop_new (NULL, FALSE), NULL, NULL };

  byline_ingest_file_async (file, NULL, NULL, file_done_cb, &data);
  g_main_loop_run (data.loop);
  g_main_loop_unref (data.loop);
  if (data.error != NULL)
    g_propagate_error (error, data.error);

  return data.result;
}

static void
test_files (void)
{
  g_autofree char *dir = byline_test_make_dir ("ingest-files");
  g_autofree char *text_path = g_build_filename (dir, "article.txt", NULL);
  g_autofree char *big_path = g_build_filename (dir, "big.txt", NULL);
  g_autofree char *empty_path = g_build_filename (dir, "empty.txt", NULL);
  g_autofree char *binary_path = g_build_filename (dir, "photo.jpg", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineIngestResult) result = NULL;
  FILE *big;

  g_assert_true (g_file_set_contents (text_path, seed_like, -1, &error));
  result = ingest_file_sync (text_path, &error);
  g_assert_no_error (error);
  assert_seed_like (result, "UTF-8");
  g_clear_object (&result);

  /* over 50 MiB: refused before it is read (a sparse file) */
  big = g_fopen (big_path, "wb");
  g_assert_nonnull (big);
  g_assert_cmpint (fseek (big, (long) BYLINE_INGEST_MAX_SIZE, SEEK_SET), ==, 0);
  g_assert_cmpint (fputc ('x', big), ==, 'x');
  fclose (big);
  result = ingest_file_sync (big_path, &error);
  g_assert_error (error, BYLINE_INGEST_ERROR, BYLINE_INGEST_ERROR_TOO_LARGE);
  g_assert_null (result);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (empty_path, "", 0, &error));
  result = ingest_file_sync (empty_path, &error);
  g_assert_error (error, BYLINE_INGEST_ERROR, BYLINE_INGEST_ERROR_EMPTY);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (binary_path, "\xFF\xD8\xFF\xE0\0\x10JFIF\0\1\1", 13, &error));
  result = ingest_file_sync (binary_path, &error);
  g_assert_error (error, BYLINE_INGEST_ERROR, BYLINE_INGEST_ERROR_NOT_TEXT);
  g_clear_error (&error);

  byline_test_remove_tree (dir);
}

static void
test_bytes_too_large (void)
{
  gsize size = BYLINE_INGEST_MAX_SIZE + 1;
  g_autofree char *data = g_malloc (size);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineIngestResult) result = NULL;

  memset (data, 'a', size);
  bytes = g_bytes_new_take (g_steal_pointer (&data), size);
  result = byline_ingest_bytes (bytes, NULL, NULL, &error);
  g_assert_error (error, BYLINE_INGEST_ERROR, BYLINE_INGEST_ERROR_TOO_LARGE);
  g_assert_null (result);
}

static void
test_dates (void)
{
  static const struct { const char *text; const char *iso; int precision; } cases[] = {
    { "时间:2021-04-23 10:46:05", "2021-04-23T10:46:05+08:00", 2 },
    { "发布时间：2022年02月13日07:48", "2022-02-13T07:48:00+08:00", 1 },
    { "2021年4月23日 10:46", "2021-04-23T10:46:00+08:00", 1 },
    { "2019-09-26 12:11来源：证券时报网", "2019-09-26T12:11:00+08:00", 1 },
    { "2019-01-03T07:00:02.000Z", "2019-01-03T07:00:02+00:00", 2 },
    { "2019-09-08T00:20:15+08:00", "2019-09-08T00:20:15+08:00", 2 },
    { "Thu 3 Jan 2019 02.00 EST", "2019-01-03T02:00:00-05:00", 1 },
    { "April 28, 2019 at 6:01 am", "2019-04-28T06:01:00+08:00", 1 },
    { "Apr 16, 2015 8:02 pm UTC", "2015-04-16T20:02:00+00:00", 1 },
    { "24 July 2015", "2015-07-24T00:00:00+08:00", 0 },
  };
  g_autoptr(GTimeZone) china = byline_ingest_china_zone ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int precision = -1;
      g_autoptr(GDateTime) dt = byline_ingest_parse_date (cases[i].text, china, 0, &precision, NULL, NULL);
      g_autofree char *iso = NULL;

      g_assert_nonnull (dt);
      iso = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S%:z");
      g_assert_cmpstr (iso, ==, cases[i].iso);
      g_assert_cmpint (precision, ==, cases[i].precision);
    }

  {
    int precision;
    g_autoptr(GDateTime) none = byline_ingest_parse_date ("共有 2019 人参与 13 条评论", china, 0, &precision,
                                                          NULL, NULL);
    g_assert_null (none);
  }
}

static void
test_to_article (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("BYLINE_TEST_SRCDIR"), "corpus", "seed", "source.txt", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineIngestResult) result = ingest_file_sync (path, &error);
  g_autoptr(BylineArticle) article = NULL;
  const char * const *removed;
  GDateTime *time;

  g_assert_no_error (error);
  article = byline_ingest_result_to_article (result);
  g_assert_cmpstr (byline_article_get_title (article), ==, byline_ingest_result_get_title (result));
  g_assert_cmpstr (byline_article_get_source (article), ==, "界面新闻");
  g_assert_cmpstr (byline_article_get_original_source (article), ==, "凤凰网青岛");
  g_assert_cmpstr (byline_article_get_category (article), ==, "创业");
  g_assert_cmpstr (byline_article_get_body (article), ==, byline_ingest_result_get_body (result));
  time = byline_article_get_publish_time (article);
  g_assert_nonnull (time);
  g_assert_cmpint (g_date_time_get_utc_offset (time), ==, 8 * G_TIME_SPAN_HOUR);
  g_assert_nonnull (strstr (byline_article_get_provenance (article, "publish-time"), "时间:2021-04-23 10:46:05"));
  g_assert_nonnull (strstr (byline_article_get_provenance (article, "source"), "来源:界面新闻"));
  removed = byline_article_get_removed_lines (article);
  g_assert_nonnull (removed);
  g_assert_true (g_strv_contains (removed, "猜你喜欢"));
  g_assert_true (g_str_has_prefix (byline_article_get_body (article), "2019年10月底"));
}

/* ------------------------------------------------------------ network */

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  static const char page[] =
    "<html><head><title>远方的标题_远方网</title></head><body><h1>远方的标题</h1>"
    "<p>2020-06-06 10:08 来源：远方网</p><div>"
    "<p>这是从网上取来的第一段正文，声明的编码在响应头里，而不在页面里。</p>"
    "<p>这是第二段正文，句子足够长，让正文的分数超过页面上其他的部分。</p></div></body></html>";
  if (g_str_equal (path, "/redirect"))
    {
      soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, "/gbk");
      return;
    }
  if (g_str_equal (path, "/gbk"))
    {
      gsize length = 0;
      char *data = convert_or_die (page, "GB18030", &length);

      soup_server_message_set_response (msg, "text/html; charset=GBK", SOUP_MEMORY_TAKE, data, length);
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      return;
    }
  if (g_str_equal (path, "/slow"))
    {
      /* never answers: the client must be able to give up */
      soup_server_message_pause (msg);
      return;
    }
  if (g_str_equal (path, "/image"))
    {
      soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_STATIC, "\x89PNG\r\n\x1a\n\0\0", 10);
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static void
uri_done_cb (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  AsyncData *data = user_data;

  data->result = byline_ingest_uri_finish (res, &data->error);
  g_main_loop_quit (data->loop);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static BylineIngestResult *
fetch_full (SoupSession   *session,
            const char    *uri,
            GCancellable  *cancellable,
            GError       **error)
{
  AsyncData data = { g_main_loop_new (NULL, FALSE), NULL, NULL };

  byline_ingest_uri_async (session, uri, cancellable, uri_done_cb, &data);
  g_main_loop_run (data.loop);
  g_main_loop_unref (data.loop);
  if (data.error != NULL)
    g_propagate_error (error, data.error);

  return data.result;
}

static BylineIngestResult *
fetch (SoupSession  *session,
       const char   *uri,
       GError      **error)
{
  return fetch_full (session, uri, NULL, error);
}

static void
test_uri (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineIngestResult) result = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  GSList *uris;
  g_autofree char *base = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *expected_url = NULL;

  soup_server_add_handler (server, NULL, server_cb, NULL, NULL);
  g_assert_true (soup_server_listen (server, address, 0, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  if (g_str_has_suffix (base, "/"))
    base[strlen (base) - 1] = '\0';

  /* redirected, charset from the HTTP header, the final address kept */
  uri = g_strconcat (base, "/redirect", NULL);
  result = fetch (session, uri, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (byline_ingest_result_get_title (result), ==, "远方的标题");
  g_assert_cmpstr (byline_ingest_result_get_source (result), ==, "远方网");
  g_assert_cmpstr (byline_ingest_result_get_encoding (result), ==, "GB18030");
  expected_url = g_strconcat (base, "/gbk", NULL);
  g_assert_cmpstr (byline_ingest_result_get_source_url (result), ==, expected_url);
  g_clear_object (&result);
  g_free (uri);

  uri = g_strconcat (base, "/missing", NULL);
  result = fetch (session, uri, &error);
  g_assert_error (error, BYLINE_INGEST_ERROR, BYLINE_INGEST_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "404"));
  g_clear_error (&error);
  g_free (uri);

  uri = g_strconcat (base, "/image", NULL);
  result = fetch (session, uri, &error);
  g_assert_error (error, BYLINE_INGEST_ERROR, BYLINE_INGEST_ERROR_NOT_TEXT);
  g_clear_error (&error);

  /* the window's Cancel button */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autofree char *slow = g_strconcat (base, "/slow", NULL);

    g_timeout_add (100, cancel_cb, cancellable);
    result = fetch_full (session, slow, cancellable, &error);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_null (result);
    g_clear_error (&error);
  }

  result = fetch (session, "ftp://127.0.0.1/file.txt", &error);
  g_assert_error (error, BYLINE_INGEST_ERROR, BYLINE_INGEST_ERROR_INVALID_URI);
  g_clear_error (&error);

  g_assert_true (byline_ingest_text_is_uri ("  https://example.org/a.html\n"));
  g_assert_false (byline_ingest_text_is_uri ("see https://example.org/a.html"));
  g_assert_false (byline_ingest_text_is_uri ("file:///etc/passwd"));

  soup_server_disconnect (server);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/byline/ingest/encoding/utf8-bom", test_encoding_utf8_bom);
  g_test_add_data_func ("/byline/ingest/encoding/utf16le-bom", "UTF-16LE", test_encoding_utf16);
  g_test_add_data_func ("/byline/ingest/encoding/utf16be-bom", "UTF-16BE", test_encoding_utf16);
  g_test_add_data_func ("/byline/ingest/encoding/gb18030", "GB18030", test_encoding_legacy);
  g_test_add_data_func ("/byline/ingest/encoding/gbk", "GBK", test_encoding_legacy);
  g_test_add_data_func ("/byline/ingest/encoding/big5", "BIG5", test_encoding_legacy);
  g_test_add_func ("/byline/ingest/encoding/chosen", test_encoding_chosen);
  g_test_add_func ("/byline/ingest/encoding/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/byline/ingest/encoding/html-gbk-declared", test_html_gbk_declared);
  g_test_add_func ("/byline/ingest/refuse/binary", test_binary);
  g_test_add_func ("/byline/ingest/refuse/empty", test_empty);
  g_test_add_func ("/byline/ingest/refuse/too-large", test_bytes_too_large);
  g_test_add_func ("/byline/ingest/html/sanitise", test_sanitise);
  g_test_add_func ("/byline/ingest/text/shapes", test_text_shapes);
  g_test_add_func ("/byline/ingest/text/hard-wrapped", test_hard_wrapped);
  g_test_add_func ("/byline/ingest/text/markdown-escape", test_markdown_escape);
  g_test_add_func ("/byline/ingest/dates", test_dates);
  g_test_add_func ("/byline/ingest/file", test_files);
  g_test_add_func ("/byline/ingest/uri", test_uri);
  g_test_add_func ("/byline/ingest/to-article", test_to_article);

  return g_test_run ();
}
