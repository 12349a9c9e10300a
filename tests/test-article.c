/* test-article.c: the article model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "byline.h"

static BylineArticle *
make_seed_article (void)
{
  BylineArticle *article = byline_article_new ();
  g_autoptr(GTimeZone) shanghai = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) published = g_date_time_new (shanghai, 2021, 4, 23, 10, 46, 5);
  g_autoptr(GDateTime) remote_modified = g_date_time_new_utc (2021, 4, 23, 3, 0, 0);
  const char * const tags[] = { "党建", "商会", "青岛", NULL };
  const char * const removed[] = { "猜你喜欢", "您的位置:首页 >创业 >", NULL };

  g_object_set (article,
                "title", "党建引领与创新同频共振,市北区登州路街道携手商会激发红色力量",
                "short-title", "登州路街道携手商会",
                "body", "2019年10月底,党的十九届四中全会指出……\n\n## 党建引领基层治理\n\n党建工作…",
                "summary", "市北区登州路街道创新采用“网格+商会+支部”的党建模式。",
                "category", "创业",
                "category-id", (gint64) 7,
                "tags", tags,
                "author", "记者 王芳",
                "editor", "荀建国",
                "source", "界面新闻",
                "source-url", "https://example.com/a/1.html",
                "original-title", "党建引领与创新同频共振,市北区登州路街道携手商会激发红色力量",
                "original-source", "凤凰网青岛",
                "publish-time", published,
                "publish-mode", BYLINE_PUBLISH_MODE_SCHEDULED,
                "slug", "dengzhou-road",
                "cover-path", "/tmp/cover.png",
                "cover-media-id", (gint64) 42,
                "keywords", "党建,商会",
                "state", BYLINE_ARTICLE_STATE_PUBLISHED,
                "failure-reason", "timeout",
                "account-id", "acc-1",
                "remote-id", (gint64) 1234,
                "remote-url", "http://127.0.0.1/?p=1234",
                "remote-modified", remote_modified,
                "removed-lines", removed,
                NULL);
  byline_article_set_provenance (article, "source", "from the line 时间:2021-04-23 10:46:05 | 来源:界面新闻");

  return article;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  GHashTable *counts = user_data;
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, pspec->name));

  g_hash_table_insert (counts, (gpointer) pspec->name, GUINT_TO_POINTER (n + 1));
}

static guint
count_of (GHashTable *counts,
          const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (counts, name));
}

static void
test_article_notify (void)
{
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GDateTime) when = g_date_time_new_now_utc ();
  const char * const tags[] = { "a", "b", NULL };
  const char * const same_tags[] = { "a", "b", NULL };

  g_signal_connect (article, "notify", G_CALLBACK (count_notify_cb), counts);

  byline_article_set_title (article, "标题");
  byline_article_set_title (article, "标题");
  g_assert_cmpuint (count_of (counts, "title"), ==, 1);

  /* Empty and NULL are the same empty field. */
  byline_article_set_author (article, "");
  g_assert_cmpuint (count_of (counts, "author"), ==, 0);
  g_assert_null (byline_article_get_author (article));

  byline_article_set_tags (article, tags);
  byline_article_set_tags (article, same_tags);
  g_assert_cmpuint (count_of (counts, "tags"), ==, 1);

  byline_article_set_publish_time (article, when);
  byline_article_set_publish_time (article, when);
  g_assert_cmpuint (count_of (counts, "publish-time"), ==, 1);

  byline_article_set_state (article, BYLINE_ARTICLE_STATE_READY);
  byline_article_set_state (article, BYLINE_ARTICLE_STATE_READY);
  g_assert_cmpuint (count_of (counts, "state"), ==, 1);

  byline_article_set_remote_id (article, 5);
  g_assert_cmpuint (count_of (counts, "remote-id"), ==, 1);

  g_object_set (article, "source", "界面新闻", NULL);
  g_assert_cmpuint (count_of (counts, "source"), ==, 1);
  g_assert_cmpstr (byline_article_get_source (article), ==, "界面新闻");

  /* Every UUID is new. */
  {
    g_autoptr(BylineArticle) other = byline_article_new ();

    g_assert_true (g_uuid_string_is_valid (byline_article_get_id (article)));
    g_assert_cmpstr (byline_article_get_id (article), !=, byline_article_get_id (other));
  }
}

static void
test_article_json_round_trip (void)
{
  g_autoptr(BylineArticle) article = make_seed_article ();
  g_autoptr(BylineArticle) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = byline_article_to_json (article, TRUE);
  g_autofree char *again = NULL;
  GDateTime *published;

  back = byline_article_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);

  g_assert_true (byline_article_equal_content (article, back));
  g_assert_cmpstr (byline_article_get_id (back), ==, byline_article_get_id (article));
  g_assert_cmpstr (byline_article_get_title (back), ==,
                   "党建引领与创新同频共振,市北区登州路街道携手商会激发红色力量");
  g_assert_cmpstr (byline_article_get_original_source (back), ==, "凤凰网青岛");
  g_assert_cmpstr (byline_article_get_source (back), ==, "界面新闻");
  g_assert_cmpstr (byline_article_get_category (back), ==, "创业");
  g_assert_cmpint (byline_article_get_category_id (back), ==, 7);
  g_assert_cmpint (byline_article_get_remote_id (back), ==, 1234);
  g_assert_cmpint (byline_article_get_cover_media_id (back), ==, 42);
  g_assert_cmpint (byline_article_get_state (back), ==, BYLINE_ARTICLE_STATE_PUBLISHED);
  g_assert_cmpint (byline_article_get_publish_mode (back), ==, BYLINE_PUBLISH_MODE_SCHEDULED);
  g_assert_cmpstrv (byline_article_get_tags (back),
                    ((const char * const[]) { "党建", "商会", "青岛", NULL }));
  g_assert_cmpstr (byline_article_get_provenance (back, "source"), ==,
                   "from the line 时间:2021-04-23 10:46:05 | 来源:界面新闻");
  g_assert_cmpuint (g_strv_length ((char **) byline_article_get_removed_lines (back)), ==, 2);

  /* The zone survives: 10:46:05 in Shanghai, not shifted to UTC. */
  published = byline_article_get_publish_time (back);
  g_assert_cmpint (g_date_time_get_hour (published), ==, 10);
  g_assert_cmpint (g_date_time_get_utc_offset (published), ==, 8 * G_TIME_SPAN_HOUR);

  again = byline_article_to_json (back, TRUE);
  g_assert_cmpstr (json, ==, again);

  /* The schema version is written. */
  g_assert_nonnull (strstr (json, "\"schema\" : 1"));
}

static void
test_article_json_errors (void)
{
  static const struct {
    const char *json;
    int code;
  } cases[] = {
    { "not json", BYLINE_ARTICLE_ERROR_INVALID_JSON },
    { "[1,2]", BYLINE_ARTICLE_ERROR_INVALID_JSON },
    { "{\"schema\": 99, \"title\": \"x\"}", BYLINE_ARTICLE_ERROR_NEWER_SCHEMA },
    { "{\"title\": 5}", BYLINE_ARTICLE_ERROR_INVALID_JSON },
    { "{\"tags\": \"one\"}", BYLINE_ARTICLE_ERROR_INVALID_JSON },
    { "{\"tags\": [1]}", BYLINE_ARTICLE_ERROR_INVALID_JSON },
    { "{\"state\": \"gone\"}", BYLINE_ARTICLE_ERROR_INVALID_JSON },
    { "{\"publish_time\": \"yesterday\"}", BYLINE_ARTICLE_ERROR_INVALID_JSON },
    { "{\"remote_id\": -3}", BYLINE_ARTICLE_ERROR_INVALID_JSON },
    { "{\"remote_id\": \"3\"}", BYLINE_ARTICLE_ERROR_INVALID_JSON },
    { "{\"provenance\": [\"x\"]}", BYLINE_ARTICLE_ERROR_INVALID_JSON },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BylineArticle) article = byline_article_new_from_json (cases[i].json, -1, &error);

      g_test_message ("case %u: %s", i, cases[i].json);
      g_assert_null (article);
      g_assert_error (error, BYLINE_ARTICLE_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, !=, "");
    }

  /* An old article with fewer fields reads fine. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(BylineArticle) article =
      byline_article_new_from_json ("{\"id\": \"abc\", \"title\": \"旧稿\"}", -1, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (byline_article_get_id (article), ==, "abc");
    g_assert_cmpstr (byline_article_get_title (article), ==, "旧稿");
    g_assert_null (byline_article_get_publish_time (article));
  }
}

static gboolean
has_problem (GPtrArray  *problems,
             const char *field)
{
  for (guint i = 0; i < problems->len; i++)
    {
      BylineArticleProblem *problem = g_ptr_array_index (problems, i);

      if (g_str_equal (problem->field, field))
        {
          g_assert_cmpuint (strlen (problem->message), >, 10);
          return TRUE;
        }
    }
  return FALSE;
}

static void
test_article_validate (void)
{
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 1, 1, 12, 0, 0);
  g_autoptr(GDateTime) past = g_date_time_add_hours (now, -1);
  g_autoptr(GDateTime) future = g_date_time_add_hours (now, 1);

  /* Everything wrong at once is reported at once. */
  byline_article_set_original_source (article, "凤凰网青岛");
  byline_article_set_publish_mode (article, BYLINE_PUBLISH_MODE_SCHEDULED);
  byline_article_set_publish_time (article, past);
  byline_article_set_slug (article, "不是 slug");
  byline_article_set_source_url (article, "javascript:alert(1)");
  problems = byline_article_validate (article, now);
  g_assert_true (has_problem (problems, "title"));
  g_assert_true (has_problem (problems, "body"));
  g_assert_true (has_problem (problems, "category"));
  g_assert_true (has_problem (problems, "source"));
  g_assert_true (has_problem (problems, "source-url"));
  g_assert_true (has_problem (problems, "publish-time"));
  g_assert_true (has_problem (problems, "slug"));
  g_assert_cmpuint (problems->len, ==, 7);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* Whitespace is not a title. */
  byline_article_set_title (article, "  \u3000 ");
  problems = byline_article_validate (article, now);
  g_assert_true (has_problem (problems, "title"));
  g_clear_pointer (&problems, g_ptr_array_unref);

  byline_article_set_title (article, "标题");
  byline_article_set_body (article, "正文。");
  byline_article_set_category (article, "创业");
  byline_article_set_source (article, "界面新闻");
  byline_article_set_source_url (article, "https://example.com/");
  byline_article_set_publish_time (article, future);
  byline_article_set_slug (article, "ok-slug_1");
  problems = byline_article_validate (article, now);
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* A scheduled post with no time. */
  byline_article_set_publish_time (article, NULL);
  problems = byline_article_validate (article, now);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_true (has_problem (problems, "publish-time"));
}

static void
test_article_provenance (void)
{
  g_autoptr(BylineArticle) article = byline_article_new ();

  byline_article_set_source (article, "界面新闻");
  byline_article_set_provenance (article, "source", "from the line 来源:界面新闻");
  g_assert_cmpstr (byline_article_get_provenance (article, "source"), ==,
                   "from the line 来源:界面新闻");

  /* Setting the same value keeps the note; the editor's change drops it. */
  byline_article_set_source (article, "界面新闻");
  g_assert_nonnull (byline_article_get_provenance (article, "source"));
  byline_article_set_source (article, "新华社");
  g_assert_null (byline_article_get_provenance (article, "source"));

  /* Fields of two words: property names and JSON keys name the same note. */
  byline_article_set_source_url (article, "https://example.com/");
  byline_article_set_provenance (article, "source-url", "from the page's canonical address");
  g_assert_nonnull (byline_article_get_provenance (article, "source_url"));
  byline_article_set_source_url (article, "https://example.com/other");
  g_assert_null (byline_article_get_provenance (article, "source-url"));

  {
    g_autoptr(GTimeZone) zone = g_time_zone_new_offset (8 * 3600);
    g_autoptr(GDateTime) when = g_date_time_new (zone, 2021, 4, 23, 10, 46, 5);
    g_autoptr(GDateTime) later = g_date_time_add_hours (when, 1);

    byline_article_set_publish_time (article, when);
    byline_article_set_provenance (article, "publish_time", "from the line 时间:…");
    g_assert_nonnull (byline_article_get_provenance (article, "publish-time"));
    byline_article_set_publish_time (article, later);
    g_assert_null (byline_article_get_provenance (article, "publish-time"));
  }
}

static void
test_article_copy (void)
{
  g_autoptr(BylineArticle) article = make_seed_article ();
  g_autoptr(BylineArticle) copy = byline_article_copy (article);

  g_assert_true (byline_article_equal_content (article, copy));
  byline_article_set_title (copy, "另一个标题");
  g_assert_false (byline_article_equal_content (article, copy));
  g_assert_cmpstr (byline_article_get_title (article), !=, "另一个标题");
}

static void
test_article_duplicate (void)
{
  g_autoptr(BylineArticle) article = make_seed_article ();
  g_autoptr(BylineArticle) copy = byline_article_duplicate (article);

  /* Same content… */
  g_assert_cmpstr (byline_article_get_title (copy), ==, byline_article_get_title (article));
  g_assert_cmpstr (byline_article_get_body (copy), ==, byline_article_get_body (article));
  g_assert_cmpstr (byline_article_get_original_source (copy), ==, "凤凰网青岛");
  g_assert_cmpint (byline_article_get_category_id (copy), ==, 7);
  /* …but a draft of its own, tied to no post. */
  g_assert_cmpstr (byline_article_get_id (copy), !=, byline_article_get_id (article));
  g_assert_true (g_uuid_string_is_valid (byline_article_get_id (copy)));
  g_assert_cmpint (byline_article_get_remote_id (copy), ==, 0);
  g_assert_null (byline_article_get_remote_url (copy));
  g_assert_null (byline_article_get_remote_modified (copy));
  g_assert_null (byline_article_get_account_id (copy));
  g_assert_cmpint (byline_article_get_state (copy), ==, BYLINE_ARTICLE_STATE_DRAFT);
  g_assert_null (byline_article_get_failure_reason (copy));
  g_assert_null (byline_article_get_provenance (copy, "source"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/byline/article/duplicate", test_article_duplicate);

  g_test_add_func ("/byline/article/notify", test_article_notify);
  g_test_add_func ("/byline/article/json/round-trip", test_article_json_round_trip);
  g_test_add_func ("/byline/article/json/errors", test_article_json_errors);
  g_test_add_func ("/byline/article/validate", test_article_validate);
  g_test_add_func ("/byline/article/provenance", test_article_provenance);
  g_test_add_func ("/byline/article/copy", test_article_copy);

  return g_test_run ();
}
