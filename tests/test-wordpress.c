/* test-wordpress.c: Byline against a real WordPress (build-aux/wordpress.sh)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <sys/wait.h>

#include "byline.h"
#include "byline-accounts.h"
#include "byline-portal.h"
#include "byline-publisher.h"
#include "byline-render.h"
#include "byline-store-private.h"
#include "byline-wordpress.h"
#include "byline-test-util.h"
#include "byline-portal-test-util.h"

static BylineTestPortal portal;
static BylineStore *store;
static BylineAccount *account;
/* Titles carry it, so that a second run against the same portal does not
 * meet the first run's posts. */
static char run_id[9];

static const char * const seed_headings[] = {
  "党建引领基层治理",
  "市北区登州路街道着力擦亮街道品牌",
  "市北区登州路街道创新",
  "“网格+商会+支部”党建模式",
  "践行平台思维",
  "南山商会积极参与网格基层治理",
  "抓党建也是抓经济",
  "登州路街道商会着力优化营商环境",
  "做强商会党建",
  "啤酒街商会着力打造标杆",
};

#define SEED_TITLE "党建引领与创新同频共振,市北区登州路街道携手商会激发红色力量"

static BylinePortal *
make_portal (const char *password)
{
  return BYLINE_PORTAL (byline_wordpress_new (portal.url, NULL, portal.user,
                                              password != NULL ? password : portal.password));
}

static BylinePortalSite *
connect_sync (BylinePortal  *p,
              GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  byline_portal_connect_async (p, NULL, byline_test_result_cb, &result);
  return byline_portal_connect_finish (p, byline_test_wait (&result), error);
}

static GPtrArray *
list_terms_sync (BylinePortal *p,
                 const char   *taxonomy)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *terms;

  byline_portal_list_terms_async (p, taxonomy, NULL, byline_test_result_cb, &result);
  terms = byline_portal_list_terms_finish (p, byline_test_wait (&result), &error);
  g_assert_no_error (error);
  return terms;
}

static BylinePortalTerm *
create_term_sync (BylinePortal *p,
                  const char   *taxonomy,
                  const char   *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  BylinePortalTerm *term;

  byline_portal_create_term_async (p, taxonomy, name, 0, NULL, byline_test_result_cb, &result);
  term = byline_portal_create_term_finish (p, byline_test_wait (&result), &error);
  g_assert_no_error (error);
  return term;
}

static BylinePortalPost *
save_post_sync (BylinePortal      *p,
                BylinePortalPost  *post,
                GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  byline_portal_save_post_async (p, post, NULL, byline_test_result_cb, &result);
  return byline_portal_save_post_finish (p, byline_test_wait (&result), error);
}

static gint64
find_term (GPtrArray  *terms,
           const char *name)
{
  for (guint i = 0; i < terms->len; i++)
    {
      BylinePortalTerm *term = g_ptr_array_index (terms, i);

      if (g_strcmp0 (term->name, name) == 0)
        return term->id;
    }
  return 0;
}

static void
test_connect (void)
{
  g_autoptr(BylinePortal) p = make_portal (NULL);
  g_autoptr(BylinePortalSite) site = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_strconcat (portal.url, "/wp-json/", NULL);

  site = connect_sync (p, &error);
  g_assert_no_error (error);
  /* Found through the Link header of the site's home page. */
  g_assert_cmpstr (site->rest_root, ==, root);
  g_assert_cmpstr (site->site_name, ==, "Byline 本地测试门户");
  g_assert_cmpstr (site->user_name, ==, "本地编辑");
  g_assert_true (g_strv_contains ((const char * const *) site->roles, "editor"));
  g_assert_true (site->can_manage_terms);
  g_assert_true (site->meta_supported);
}

static void
test_connect_rest_route (void)
{
  g_autofree char *root = g_strconcat (portal.url, "/?rest_route=/", NULL);
  g_autoptr(BylinePortal) p = BYLINE_PORTAL (byline_wordpress_new (NULL, root, portal.user,
                                                                   portal.password));
  g_autoptr(BylinePortalSite) site = NULL;
  g_autoptr(GPtrArray) categories = NULL;
  g_autoptr(GError) error = NULL;

  /* Portals without pretty permalinks only answer in this form. */
  site = connect_sync (p, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (site->rest_root, ==, root);
  categories = list_terms_sync (p, "categories");
  g_assert_cmpint (find_term (categories, "创业"), >, 0);
}

static void
test_wrong_password (void)
{
  g_autoptr(BylinePortal) p = make_portal ("abcd efgh ijkl mnop qrst uvwx");
  g_autoptr(BylinePortalSite) site = NULL;
  g_autoptr(GError) error = NULL;

  /* WordPress runs such requests as anonymous; only users/me tells. */
  site = connect_sync (p, &error);
  g_assert_null (site);
  g_assert_error (error, BYLINE_PORTAL_ERROR, BYLINE_PORTAL_ERROR_AUTH);
  g_assert_false (byline_portal_error_is_retryable (error));
}

static void
test_categories (void)
{
  g_autoptr(BylinePortal) p = make_portal (NULL);
  g_autoptr(GPtrArray) categories = list_terms_sync (p, "categories");
  g_autoptr(BylinePortalTerm) again = NULL;

  g_assert_cmpint (find_term (categories, "创业"), >, 0);
  g_assert_cmpint (find_term (categories, "站长"), >, 0);
  g_assert_cmpint (find_term (categories, "互联网"), >, 0);
  g_assert_cmpint (find_term (categories, "科技"), >, 0);

  /* term_exists answers with the existing term. */
  again = create_term_sync (p, "categories", "创业");
  g_assert_cmpint (again->id, ==, find_term (categories, "创业"));
}

static void
test_tags_all_pages (void)
{
  g_autoptr(BylinePortal) p = make_portal (NULL);
  g_autoptr(GPtrArray) tags = NULL;

  /* More than one page of 100. */
  for (int i = 0; i < 105; i++)
    {
      g_autofree char *name = g_strdup_printf ("标签%03d", i);
      g_autoptr(BylinePortalTerm) term = create_term_sync (p, "tags", name);

      g_assert_cmpint (term->id, >, 0);
    }
  tags = list_terms_sync (p, "tags");
  g_assert_cmpuint (tags->len, >=, 105);
  g_assert_cmpint (find_term (tags, "标签000"), >, 0);
  g_assert_cmpint (find_term (tags, "标签104"), >, 0);
}

/* Tags are cached like categories: read for completion while drafting,
 * the most used first, by what they start with. */
static void
test_tags_cached (void)
{
  g_autoptr(BylinePortal) p = make_portal (NULL);
  g_autoptr(BylinePublisher) publisher = byline_publisher_new (store, account, p);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) tags = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) none = NULL;

  byline_publisher_refresh_terms_async (publisher, "tags", NULL, byline_test_result_cb, &result);
  tags = byline_publisher_refresh_terms_finish (publisher, byline_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tags->len, >=, 105);

  names = byline_accounts_dup_term_names (store, byline_account_get_id (account), "tags",
                                          "标签10", 3);
  g_assert_cmpuint (g_strv_length (names), ==, 3);
  for (guint i = 0; names[i] != NULL; i++)
    g_assert_true (g_str_has_prefix (names[i], "标签10"));
  /* LIKE's wildcards are plain characters here. */
  none = byline_accounts_dup_term_names (store, byline_account_get_id (account), "tags",
                                         "%", 0);
  g_assert_cmpuint (g_strv_length (none), ==, 0);
}

static void
test_media (void)
{
  g_autoptr(BylinePortal) p = make_portal (NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(BylinePortalMedia) media = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) served = NULL;
  gsize length;
  char *data = byline_test_read_file ("portal-cover.png", &length);

  bytes = g_bytes_new_take (data, length);
  /* A Chinese file name must not reach Content-Disposition as is. */
  byline_portal_upload_media_async (p, bytes, "image/png", "封面 图.png", NULL,
                                    byline_test_result_cb, &result);
  media = byline_portal_upload_media_finish (p, byline_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (media->id, >, 0);
  g_assert_true (g_str_has_prefix (media->url, portal.url));

  msg = soup_message_new ("GET", media->url);
  served = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_true (g_bytes_equal (served, bytes));
}

static void
test_post_roundtrip (void)
{
  g_autoptr(BylinePortal) p = make_portal (NULL);
  g_autoptr(BylinePortalPost) post = byline_portal_post_new ();
  g_autoptr(BylinePortalPost) saved = NULL;
  g_autoptr(BylinePortalPost) fetched = NULL;
  g_autoptr(GPtrArray) categories = list_terms_sync (p, "categories");
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *marker_id = g_uuid_string_random ();
  g_autofree char *marker = g_strdup_printf ("byline:%s", marker_id);
  gint64 category = find_term (categories, "科技");

  post->title = g_strdup ("往返测试");
  post->content = g_strdup_printf ("<!-- %s -->\n<p>正文</p>", marker);
  post->status = g_strdup ("draft");
  post->date_gmt = g_date_time_new (utc, 2021, 4, 23, 2, 46, 5);
  post->categories = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (post->categories, category);
  post->meta = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (post->meta, (char *) "byline_source", (char *) "界面新闻");

  saved = save_post_sync (p, post, &error);
  g_assert_no_error (error);
  g_assert_cmpint (saved->id, >, 0);
  g_assert_cmpstr (saved->status, ==, "draft");
  g_assert_cmpstr (saved->title, ==, "往返测试");
  g_assert_cmpstr (g_hash_table_lookup (saved->meta, "byline_source"), ==, "界面新闻");
  g_assert_nonnull (saved->modified_gmt);

  byline_portal_fetch_post_async (p, saved->id, NULL, byline_test_result_cb, &result);
  fetched = byline_portal_fetch_post_finish (p, byline_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fetched->content, ==, post->content);
  g_assert_cmpint (g_date_time_compare (fetched->date_gmt, post->date_gmt), ==, 0);

  /* The marker finds the post, also as a draft. */
  byline_portal_list_posts_async (p, marker, NULL, 10, NULL, byline_test_result_cb, &result2);
  found = byline_portal_list_posts_finish (p, byline_test_wait (&result2), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (((BylinePortalPost *) g_ptr_array_index (found, 0))->id, ==, saved->id);
}

static void
test_unknown_category (void)
{
  g_autoptr(BylinePortal) p = make_portal (NULL);
  g_autoptr(BylinePortalPost) post = byline_portal_post_new ();
  g_autoptr(BylinePortalPost) saved = NULL;
  g_autoptr(GError) error = NULL;
  gint64 category = 987654;

  post->title = g_strdup ("没有这个分类");
  post->content = g_strdup ("<p>x</p>");
  post->status = g_strdup ("draft");
  post->categories = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (post->categories, category);

  /* WordPress answers 201 and drops the id; Byline must notice. */
  saved = save_post_sync (p, post, &error);
  g_assert_null (saved);
  g_assert_error (error, BYLINE_PORTAL_ERROR, BYLINE_PORTAL_ERROR_INVALID);
  g_assert_cmpstr (byline_portal_error_get_remote_code (error), ==, "byline_no_category");
}

static void
test_invalid_param (void)
{
  g_autoptr(BylinePortal) p = make_portal (NULL);
  g_autoptr(BylinePortalPost) post = byline_portal_post_new ();
  g_autoptr(BylinePortalPost) saved = NULL;
  g_autoptr(GError) error = NULL;

  post->title = g_strdup ("坏状态");
  post->status = g_strdup ("no-such-status");
  saved = save_post_sync (p, post, &error);
  g_assert_null (saved);
  g_assert_error (error, BYLINE_PORTAL_ERROR, BYLINE_PORTAL_ERROR_INVALID);
  g_assert_cmpstr (byline_portal_error_get_remote_code (error), ==, "rest_invalid_param");
  g_assert_false (byline_portal_error_is_retryable (error));
}


/* ------------------------------------------------------------------------ */
/* The one-click publish, against the same WordPress. */

static BylineArticle *
make_seed_article (void)
{
  g_autofree char *text = byline_test_read_file ("seed-source.txt", NULL);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GTimeZone) shanghai = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) when = g_date_time_new (shanghai, 2021, 4, 23, 10, 46, 5);
  BylineArticle *article = byline_article_new ();
  gboolean in_body = FALSE;

  /* The body lies between the 原标题 line and the disclaimer; the fields are
   * those of the corpus's expected.json, set by hand. */
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));

      if (g_str_has_prefix (line, "原标题:"))
        {
          in_body = TRUE;
          continue;
        }
      if (g_str_has_prefix (line, "郑重声明"))
        break;
      if (!in_body || *line == '\0')
        continue;
      if (g_strv_contains (seed_headings, line))
        g_string_append_printf (body, "## %s\n\n", line);
      else
        g_string_append_printf (body, "%s\n\n", line);
    }

  byline_article_set_title (article, SEED_TITLE);
  byline_article_set_body (article, body->str);
  byline_article_set_source (article, "界面新闻");
  byline_article_set_original_title (article, SEED_TITLE);
  byline_article_set_original_source (article, "凤凰网青岛");
  byline_article_set_category (article, "创业");
  byline_article_set_publish_time (article, when);
  byline_article_set_publish_mode (article, BYLINE_PUBLISH_MODE_NOW);
  return article;
}

static BylineArticle *
make_article (const char *title)
{
  BylineArticle *article = byline_article_new ();
  g_autofree char *unique = g_strdup_printf ("%s %s", title, run_id);

  byline_article_set_title (article, unique);
  byline_article_set_body (article, "## 小标题\n\n第一段。\n\n第二段。\n");
  byline_article_set_source (article, "界面新闻");
  byline_article_set_category (article, "科技");
  return article;
}

static BylineArticle *
publish_sync (BylinePublisher     *publisher,
              BylineArticle       *article,
              BylinePublishFlags   flags,
              GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  byline_publisher_publish_async (publisher, article, flags, NULL, byline_test_result_cb,
                                  &result);
  return byline_publisher_publish_finish (publisher, byline_test_wait (&result), error);
}

static BylinePublisher *
make_publisher (const char *password)
{
  g_autoptr(BylinePortal) p = byline_account_create_portal (account, password != NULL
                                                                     ? password
                                                                     : portal.password);

  return byline_publisher_new (store, account, p);
}

static guint
count_substring (const char *haystack,
                 const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static JsonObject *
rest_object (JsonNode *node)
{
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

static JsonNode *
rest_post (gint64 id)
{
  g_autofree char *path = g_strdup_printf ("wp/v2/posts/%" G_GINT64_FORMAT "?context=edit", id);
  guint status = 0;
  JsonNode *node = byline_test_rest (&portal, "GET", path, NULL, &status);

  g_assert_cmpuint (status, ==, 200);
  return node;
}

static guint
rest_count_search (const char *text)
{
  g_autofree char *escaped = g_uri_escape_string (text, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("wp/v2/posts?status=any&context=edit&per_page=100"
                                           "&search=%s", escaped);
  g_autoptr(JsonNode) node = byline_test_rest (&portal, "GET", path, NULL, NULL);

  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return json_array_get_length (json_node_get_array (node));
}

static guint
rest_count_media (void)
{
  return byline_test_rest_total (&portal, "wp/v2/media?per_page=1");
}

static gint64
category_id (const char *name)
{
  g_autoptr(BylinePortal) p = make_portal (NULL);
  g_autoptr(GPtrArray) categories = list_terms_sync (p, "categories");

  return find_term (categories, name);
}

static void
save_to_store (BylineArticle *article)
{
  g_autoptr(GError) error = NULL;

  byline_store_save (store, article, &error);
  g_assert_no_error (error);
}

static void
test_publish_seed (void)
{
  g_autoptr(BylineArticle) article = make_seed_article ();
  g_autoptr(BylineArticle) published = NULL;
  g_autoptr(BylineArticle) updated = NULL;
  g_autoptr(BylineArticle) stored = NULL;
  g_autoptr(BylineArticle) twin = NULL;
  g_autoptr(BylineArticle) twin_result = NULL;
  g_autoptr(BylinePublisher) publisher = make_publisher (NULL);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) node2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *marker = NULL;
  JsonObject *post;
  JsonObject *meta;
  JsonArray *categories;
  const char *content;

  save_to_store (article);
  /* The portal may hold the seed from an earlier run. */
  published = publish_sync (publisher, article, BYLINE_PUBLISH_FLAGS_ALLOW_DUPLICATE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (byline_article_get_remote_id (published), >, 0);
  g_assert_cmpint (byline_article_get_state (published), ==, BYLINE_ARTICLE_STATE_PUBLISHED);
  g_assert_nonnull (byline_article_get_remote_url (published));
  g_assert_nonnull (byline_article_get_remote_modified (published));
  g_assert_cmpfloat (byline_publisher_get_progress (publisher), ==, 1.0);

  /* The store knows it too, and the draft's text is unchanged. */
  stored = byline_store_load (store, byline_article_get_id (article), &error);
  g_assert_no_error (error);
  g_assert_cmpint (byline_article_get_remote_id (stored), ==,
                   byline_article_get_remote_id (published));
  g_assert_cmpstr (byline_article_get_body (stored), ==, byline_article_get_body (article));

  node = rest_post (byline_article_get_remote_id (published));
  post = rest_object (node);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (post, "title"),
                                                  "raw"), ==, SEED_TITLE);
  g_assert_cmpstr (json_object_get_string_member (post, "status"), ==, "publish");
  g_assert_cmpstr (json_object_get_string_member (post, "date_gmt"), ==, "2021-04-23T02:46:05");
  categories = json_object_get_array_member (post, "categories");
  g_assert_cmpuint (json_array_get_length (categories), ==, 1);
  g_assert_cmpint (json_array_get_int_element (categories, 0), ==, category_id ("创业"));

  content = json_object_get_string_member (json_object_get_object_member (post, "content"),
                                           "raw");
  g_assert_cmpuint (count_substring (content, "<h2>"), ==, 10);
  for (guint i = 0; i < G_N_ELEMENTS (seed_headings); i++)
    {
      g_autofree char *heading = g_strdup_printf ("<h2>%s</h2>", seed_headings[i]);

      g_assert_nonnull (strstr (content, heading));
    }
  /* Body paragraphs carry no class; the attribution lines do. */
  g_assert_cmpuint (count_substring (content, "<p>"), ==, 50);
  g_assert_nonnull (strstr (content, "2019年10月底,党的十九届四中全会指出"));
  g_assert_nonnull (strstr (content, "时间:2021-04-23 10:46:05 | 来源:界面新闻"));
  g_assert_nonnull (strstr (content, "原标题:" SEED_TITLE " 来源:凤凰网青岛"));
  g_assert_nonnull (strstr (content, "<p class=\"byline-disclaimer\">郑重声明:本文版权归原作者所有"));
  marker = byline_render_marker (byline_article_get_id (article));
  g_assert_true (g_str_has_prefix (content, marker));

  meta = json_object_get_object_member (post, "meta");
  g_assert_cmpstr (json_object_get_string_member (meta, "byline_source"), ==, "界面新闻");
  g_assert_cmpstr (json_object_get_string_member (meta, "byline_original_source"), ==,
                   "凤凰网青岛");
  g_assert_cmpstr (json_object_get_string_member (meta, "byline_original_title"), ==,
                   SEED_TITLE);

  /* An edit, published again, updates the same post. */
  {
    g_autofree char *body = g_strconcat (byline_article_get_body (stored),
                                         "编辑后加上的一段。\n", NULL);

    byline_article_set_body (stored, body);
    save_to_store (stored);
  }
  updated = publish_sync (publisher, stored, BYLINE_PUBLISH_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (byline_article_get_remote_id (updated), ==,
                   byline_article_get_remote_id (published));
  node2 = rest_post (byline_article_get_remote_id (updated));
  content = json_object_get_string_member (json_object_get_object_member (rest_object (node2),
                                                                         "content"), "raw");
  g_assert_nonnull (strstr (content, "<p>编辑后加上的一段。</p>"));
  {
    g_autofree char *search = g_strdup_printf ("byline:%s", byline_article_get_id (article));

    g_assert_cmpuint (rest_count_search (search), ==, 1);
  }

  /* Another article with the same title asks for confirmation first. */
  twin = make_seed_article ();
  twin_result = publish_sync (publisher, twin, BYLINE_PUBLISH_FLAGS_NONE, &error);
  g_assert_null (twin_result);
  g_assert_error (error, BYLINE_PUBLISH_ERROR, BYLINE_PUBLISH_ERROR_DUPLICATE);
  g_clear_error (&error);
  twin_result = publish_sync (publisher, twin, BYLINE_PUBLISH_FLAGS_ALLOW_DUPLICATE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (byline_article_get_remote_id (twin_result), !=,
                   byline_article_get_remote_id (published));
}

static void
test_publish_conflict (void)
{
  g_autoptr(BylineArticle) article = make_article ("冲突测试");
  g_autoptr(BylineArticle) published = NULL;
  g_autoptr(BylineArticle) again = NULL;
  g_autoptr(BylineArticle) forced = NULL;
  g_autoptr(BylinePublisher) publisher = make_publisher (NULL);
  g_autoptr(JsonNode) changed = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  guint status = 0;

  save_to_store (article);
  published = publish_sync (publisher, article, BYLINE_PUBLISH_FLAGS_NONE, &error);
  g_assert_no_error (error);

  /* Someone edits the post on the portal. */
  path = g_strdup_printf ("wp/v2/posts/%" G_GINT64_FORMAT,
                          byline_article_get_remote_id (published));
  /* modified_gmt has whole seconds: make sure the change lands in another. */
  g_usleep (1100 * 1000);
  changed = byline_test_rest (&portal, "POST", path, "{\"title\": \"门户上改过的标题\"}",
                              &status);
  g_assert_cmpuint (status, ==, 200);

  byline_article_set_body (published, "## 小标题\n\n改过的正文。\n");
  save_to_store (published);
  again = publish_sync (publisher, published, BYLINE_PUBLISH_FLAGS_NONE, &error);
  g_assert_null (again);
  g_assert_error (error, BYLINE_PUBLISH_ERROR, BYLINE_PUBLISH_ERROR_CONFLICT);
  g_clear_error (&error);

  /* Nothing was written over the portal's change. */
  after = rest_post (byline_article_get_remote_id (published));
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (rest_object (after), "title"), "raw"),
                   ==, "门户上改过的标题");

  /* The editor chose to overwrite. */
  forced = publish_sync (publisher, published, BYLINE_PUBLISH_FLAGS_OVERWRITE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (byline_article_get_remote_id (forced), ==,
                   byline_article_get_remote_id (published));
}

static void
test_publish_scheduled (void)
{
  g_autoptr(BylineArticle) article = make_article ("定时发布测试");
  g_autoptr(BylineArticle) published = NULL;
  g_autoptr(BylinePublisher) publisher = make_publisher (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 2);
  g_autoptr(GDateTime) at = g_date_time_new_utc (g_date_time_get_year (later),
                                                 g_date_time_get_month (later),
                                                 g_date_time_get_day_of_month (later),
                                                 8, 30, 0);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = g_date_time_format (at, "%Y-%m-%dT%H:%M:%S");
  JsonObject *post;

  byline_article_set_publish_mode (article, BYLINE_PUBLISH_MODE_SCHEDULED);
  byline_article_set_publish_time (article, at);
  published = publish_sync (publisher, article, BYLINE_PUBLISH_FLAGS_NONE, &error);
  g_assert_no_error (error);

  node = rest_post (byline_article_get_remote_id (published));
  post = rest_object (node);
  g_assert_cmpstr (json_object_get_string_member (post, "status"), ==, "future");
  g_assert_cmpstr (json_object_get_string_member (post, "date_gmt"), ==, expected);
}

static void
test_publish_images (void)
{
  g_autoptr(BylineArticle) article = make_article ("图片测试");
  g_autoptr(BylineArticle) first = NULL;
  g_autoptr(BylineArticle) second = NULL;
  g_autoptr(BylineArticle) other = NULL;
  g_autoptr(BylineArticle) other_result = NULL;
  g_autoptr(BylinePublisher) publisher = make_publisher (NULL);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  const char *srcdir = g_getenv ("BYLINE_TEST_SRCDIR");
  g_autofree char *cover = g_build_filename (srcdir, "data", "portal-cover.png", NULL);
  g_autofree char *inline_path = g_build_filename (srcdir, "data", "portal-inline.png", NULL);
  g_autofree char *inline_uri = g_filename_to_uri (inline_path, NULL, NULL);
  g_autofree char *body = g_strdup_printf ("## 小标题\n\n第一段。\n\n![插图](%s)\n\n第二段。\n",
                                           inline_uri);
  guint media_before = rest_count_media ();
  JsonObject *post;
  const char *content;

  byline_article_set_cover_path (article, cover);
  byline_article_set_body (article, body);
  save_to_store (article);
  first = publish_sync (publisher, article, BYLINE_PUBLISH_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rest_count_media (), ==, media_before + 2);

  node = rest_post (byline_article_get_remote_id (first));
  post = rest_object (node);
  g_assert_cmpint (json_object_get_int_member (post, "featured_media"), >, 0);
  content = json_object_get_string_member (json_object_get_object_member (post, "content"),
                                           "raw");
  g_assert_null (strstr (content, "file:"));
  g_assert_nonnull (strstr (content, "<img src=\"http://127.0.0.1:"));
  g_assert_nonnull (strstr (content, "alt=\"插图\""));

  /* Published twice, and in another article: no new uploads. */
  second = publish_sync (publisher, first, BYLINE_PUBLISH_FLAGS_NONE, &error);
  g_assert_no_error (error);
  other = make_article ("图片测试之二");
  byline_article_set_cover_path (other, inline_path);
  byline_article_set_body (other, body);
  other_result = publish_sync (publisher, other, BYLINE_PUBLISH_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rest_count_media (), ==, media_before + 2);
}

static void
serve_picture_cb (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  GBytes *picture = user_data;

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (picture, NULL),
                                    g_bytes_get_size (picture));
}

static void
test_publish_remote_image (void)
{
  g_autoptr(BylineArticle) article = make_article ("远程图片测试");
  g_autoptr(BylineArticle) published = NULL;
  g_autoptr(BylinePublisher) publisher = make_publisher (NULL);
  g_autoptr(SoupServer) elsewhere = soup_server_new (NULL, NULL);
  g_autoptr(GByteArray) png = g_byte_array_new ();
  g_autoptr(GBytes) picture = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *base = NULL;
  g_autofree char *body = NULL;
  g_autofree char *remote = NULL;
  g_autofree char *data = NULL;
  guint media_before = rest_count_media ();
  guint32 salt = g_random_int ();
  const char *content;
  gsize length;

  /* A picture hot-linked from another site (another port is another
   * origin), made unique by bytes after the PNG's end. */
  data = byline_test_read_file ("portal-inline.png", &length);
  g_byte_array_append (png, (guint8 *) data, length);
  g_byte_array_append (png, (guint8 *) &salt, sizeof salt);
  picture = g_byte_array_free_to_bytes (g_steal_pointer (&png));
  soup_server_add_handler (elsewhere, "/pic.png", serve_picture_cb, picture, NULL);
  soup_server_listen_local (elsewhere, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (elsewhere);
  base = g_uri_to_string (uris->data);
  remote = g_strconcat (base, "pic.png", NULL);
  body = g_strdup_printf ("## 小标题\n\n第一段。\n\n![远程](%s)\n", remote);
  byline_article_set_body (article, body);

  published = publish_sync (publisher, article, BYLINE_PUBLISH_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rest_count_media (), ==, media_before + 1);

  node = rest_post (byline_article_get_remote_id (published));
  content = json_object_get_string_member (json_object_get_object_member (rest_object (node),
                                                                         "content"), "raw");
  g_assert_null (strstr (content, remote));
  g_assert_nonnull (strstr (content, "/wp-content/uploads/"));
  /* No cover: the first picture is the featured one. */
  g_assert_cmpint (json_object_get_int_member (rest_object (node), "featured_media"), >, 0);
  soup_server_disconnect (elsewhere);
}

static void
test_publish_wrong_password (void)
{
  g_autoptr(BylineArticle) article = make_article ("密码错误测试");
  g_autoptr(BylineArticle) result = NULL;
  g_autoptr(BylineArticle) stored = NULL;
  g_autoptr(BylinePublisher) publisher = make_publisher ("abcd efgh ijkl mnop qrst uvwx");
  g_autoptr(GError) error = NULL;

  save_to_store (article);
  result = publish_sync (publisher, article, BYLINE_PUBLISH_FLAGS_NONE, &error);
  g_assert_null (result);
  g_assert_error (error, BYLINE_PUBLISH_ERROR, BYLINE_PUBLISH_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "Application Password"));

  /* The draft is all there, marked as failed with the reason. */
  stored = byline_store_load (store, byline_article_get_id (article), NULL);
  g_assert_nonnull (stored);
  g_assert_cmpstr (byline_article_get_title (stored), ==, byline_article_get_title (article));
  g_assert_cmpstr (byline_article_get_body (stored), ==, byline_article_get_body (article));
  g_assert_cmpint (byline_article_get_remote_id (stored), ==, 0);
  g_assert_cmpint (byline_article_get_state (stored), ==, BYLINE_ARTICLE_STATE_FAILED);
  g_assert_cmpstr (byline_article_get_failure_reason (stored), ==, error->message);
  g_assert_cmpuint (rest_count_search (byline_article_get_title (article)), ==, 0);
}

static void
test_publish_unknown_category (void)
{
  g_autoptr(BylineArticle) article = make_article ("分类不存在测试");
  g_autoptr(BylineArticle) result = NULL;
  g_autoptr(BylinePublisher) publisher = make_publisher (NULL);
  g_autoptr(GError) error = NULL;

  byline_article_set_category_id (article, 987654);
  result = publish_sync (publisher, article, BYLINE_PUBLISH_FLAGS_NONE, &error);
  g_assert_null (result);
  g_assert_error (error, BYLINE_PUBLISH_ERROR, BYLINE_PUBLISH_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "987654"));
  /* Refused before anything was sent. */
  g_assert_cmpuint (rest_count_search (byline_article_get_title (article)), ==, 0);
}

static void
test_publish_invalid (void)
{
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autoptr(BylineArticle) result = NULL;
  g_autoptr(BylinePublisher) publisher = make_publisher (NULL);
  g_autoptr(GError) error = NULL;

  result = publish_sync (publisher, article, BYLINE_PUBLISH_FLAGS_NONE, &error);
  g_assert_null (result);
  g_assert_error (error, BYLINE_PUBLISH_ERROR, BYLINE_PUBLISH_ERROR_INVALID);
  /* Every problem at once, one a line. */
  g_assert_cmpuint (count_substring (error->message, "\n"), >=, 2);
}

static char *
run_cli (const char  *data_dir,
         const char  *password,
         int         *exit_status,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  int status = 0;
  va_list ap;

  g_ptr_array_add (args, (char *) g_getenv ("BYLINE_CLI"));
  va_start (ap, exit_status);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  envp = g_environ_setenv (envp, "BYLINE_DATA_DIR", data_dir, TRUE);
  envp = g_environ_setenv (envp, BYLINE_PORTAL_PASSWORD_ENV, password, TRUE);
  g_spawn_sync (NULL, (char **) args->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                &status, &error);
  g_assert_no_error (error);
  *exit_status = WIFEXITED (status) ? WEXITSTATUS (status) : -1;
  return g_strconcat (out, err, NULL);
}

static BylinePortalTerm *
create_category_sync (BylinePublisher  *publisher,
                      const char       *name,
                      gint64            parent,
                      GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  byline_publisher_create_category_async (publisher, name, parent, NULL, byline_test_result_cb,
                                          &result);
  return byline_publisher_create_category_finish (publisher, byline_test_wait (&result), error);
}

static const BylinePortalTerm *
cached_category (GPtrArray *terms,
                 gint64     id)
{
  for (guint i = 0; i < terms->len; i++)
    {
      BylinePortalTerm *term = g_ptr_array_index (terms, i);

      if (term->id == id)
        return term;
    }
  return NULL;
}

/* An editor creates a category under another; asked again, WordPress's
 * term_exists hands back the same one; both land in the cache. */
static void
test_create_category (void)
{
  g_autoptr(BylinePublisher) publisher = make_publisher (NULL);
  g_autofree char *name = g_strdup_printf ("新分类 %s", run_id);
  g_autoptr(BylinePortalTerm) created = NULL;
  g_autoptr(BylinePortalTerm) again = NULL;
  g_autoptr(BylinePortalTerm) existing = NULL;
  g_autoptr(BylinePortalTerm) nameless = NULL;
  g_autoptr(GPtrArray) cached = NULL;
  g_autoptr(GError) error = NULL;
  const BylinePortalTerm *term;
  gint64 parent = category_id ("科技");

  /* The test portal's user is an editor. */
  g_assert_true (byline_account_can_manage_categories (account));

  created = create_category_sync (publisher, name, parent, &error);
  g_assert_no_error (error);
  g_assert_cmpint (created->id, >, 0);
  g_assert_cmpstr (created->name, ==, name);
  g_assert_cmpint (created->parent, ==, parent);
  g_assert_cmpint (category_id (name), ==, created->id);

  again = create_category_sync (publisher, name, parent, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->id, ==, created->id);

  /* One of the portal's own, unknown to a cache that was never filled. */
  existing = create_category_sync (publisher, "创业", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (existing->id, ==, category_id ("创业"));

  cached = byline_accounts_load_terms (store, byline_account_get_id (account), "categories",
                                       &error);
  g_assert_no_error (error);
  term = cached_category (cached, created->id);
  g_assert_nonnull (term);
  g_assert_cmpstr (term->name, ==, name);
  g_assert_cmpint (term->parent, ==, parent);
  g_assert_nonnull (cached_category (cached, existing->id));

  nameless = create_category_sync (publisher, "  ", 0, &error);
  g_assert_null (nameless);
  g_assert_error (error, BYLINE_PUBLISH_ERROR, BYLINE_PUBLISH_ERROR_INVALID);
}

/* categories --create: an editor may; the same name again is the same
 * category; an author is told why not before anything is sent. */
static void
test_cli_create_category (const char *dir)
{
  g_autofree char *name = g_strdup_printf ("命令行分类 %s", run_id);
  g_autofree char *parent = g_strdup_printf ("%" G_GINT64_FORMAT, category_id ("科技"));
  g_autofree char *created = NULL;
  g_autofree char *again = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *line = NULL;
  g_autofree char *nested = NULL;
  g_autofree char *tags = NULL;
  g_autoptr(BylineStore) cli_store = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db;
  int status;

  created = run_cli (dir, portal.password, &status, "categories", "--create", name, "--parent",
                     "科技", NULL);
  g_assert_cmpint (status, ==, 0);
  line = g_strdup_printf ("%" G_GINT64_FORMAT "\t%s\n", category_id (name), name);
  g_assert_cmpstr (created, ==, line);

  again = run_cli (dir, portal.password, &status, "categories", "--create", name, "--parent",
                   parent, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (again, ==, line);

  /* The cache shows it under 科技 without a refresh. */
  listed = run_cli (dir, portal.password, &status, "categories", NULL);
  g_assert_cmpint (status, ==, 0);
  nested = g_strdup_printf ("\t  %s\n", name);
  g_assert_nonnull (strstr (listed, nested));

  /* The tags come with the categories, and stay for offline drafting. */
  g_free (listed);
  listed = run_cli (dir, portal.password, &status, "categories", "--refresh", NULL);
  g_assert_cmpint (status, ==, 0);
  tags = run_cli (dir, portal.password, &status, "tags", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (tags, "\t标签000\n"));

  cli_store = byline_store_open (dir, &error);
  g_assert_no_error (error);
  db = byline_store_get_write_db (cli_store);
  byline_store_lock (cli_store);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE accounts SET roles = 'author'", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  byline_store_unlock (cli_store);
  g_clear_object (&cli_store);
  refused = run_cli (dir, portal.password, &status, "categories", "--create", "作者不能建",
                     NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (refused, "may not create categories"));
  g_assert_cmpint (category_id ("作者不能建"), ==, 0);
}

static void
test_cli_publish_file (void)
{
  g_autofree char *dir = byline_test_make_dir ("wordpress-cli");
  g_autofree char *source = g_build_filename (g_getenv ("BYLINE_TEST_SRCDIR"), "data",
                                              "seed-source.txt", NULL);
  g_autofree char *added = NULL;
  g_autofree char *categories = NULL;
  g_autofree char *link = NULL;
  g_autofree char *refused = NULL;
  g_autoptr(JsonNode) node = NULL;
  const char *content;
  const char *slash;
  int status;

  g_assert_nonnull (g_getenv ("BYLINE_CLI"));
  added = run_cli (dir, portal.password, &status, "accounts", "add", "Local test portal",
                   "--url", portal.url, "--user", portal.user, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (added, "Byline 本地测试门户"));

  categories = run_cli (dir, portal.password, &status, "categories", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (categories, "\t创业\n"));

  /* The drag-in code path: the seed's text, ingested, then published. */
  link = run_cli (dir, portal.password, &status, "publish", source, "--allow-duplicate", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (link, portal.url));
  g_strchomp (link);
  slash = strrchr (link, '/');
  g_assert_nonnull (slash);
  node = rest_post (g_ascii_strtoll (slash + 1, NULL, 10));
  g_assert_cmpstr (json_object_get_string_member (rest_object (node), "date_gmt"), ==,
                   "2021-04-23T02:46:05");
  g_assert_cmpint (json_array_get_int_element (
                     json_object_get_array_member (rest_object (node), "categories"), 0),
                   ==, category_id ("创业"));
  content = json_object_get_string_member (json_object_get_object_member (rest_object (node),
                                                                         "content"), "raw");
  g_assert_cmpuint (count_substring (content, "<h2>"), ==, 10);
  g_assert_cmpuint (count_substring (content, "<p>"), ==, 50);
  g_assert_nonnull (strstr (content, "来源:凤凰网青岛"));

  /* A wrong password: exit code 1 and a sentence, the draft kept. */
  refused = run_cli (dir, "wrong wrong wrong", &status, "publish", source, "--allow-duplicate",
                     NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (refused, "Application Password"));

  test_cli_create_category (dir);

  byline_test_remove_tree (dir);
}

static void
set_up_account (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  store = byline_store_open (g_getenv ("BYLINE_DATA_DIR"), &error);
  g_assert_no_error (error);
  byline_accounts_add_async (store, "Local test portal", portal.url, portal.user,
                             portal.password, NULL, byline_test_result_cb, &result);
  account = byline_accounts_add_finish (store, byline_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_true (byline_account_get_is_default (account));
  g_assert_true (byline_account_get_meta_supported (account));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  g_snprintf (run_id, sizeof run_id, "%08x", g_random_int ());

  dir = byline_test_make_dir ("wordpress");
  g_setenv ("BYLINE_DATA_DIR", dir, TRUE);
  byline_test_portal_start (&portal, dir);
  /* Headless: the password comes from the environment, not a keyring. */
  g_setenv (BYLINE_PORTAL_PASSWORD_ENV, portal.password, TRUE);
  set_up_account ();

  g_test_add_func ("/byline/wordpress/connect/link", test_connect);
  g_test_add_func ("/byline/wordpress/connect/rest-route", test_connect_rest_route);
  g_test_add_func ("/byline/wordpress/connect/wrong-password", test_wrong_password);
  g_test_add_func ("/byline/wordpress/terms/categories", test_categories);
  g_test_add_func ("/byline/wordpress/terms/all-pages", test_tags_all_pages);
  g_test_add_func ("/byline/wordpress/terms/tags-cached", test_tags_cached);
  g_test_add_func ("/byline/wordpress/media/upload", test_media);
  g_test_add_func ("/byline/wordpress/post/roundtrip", test_post_roundtrip);
  g_test_add_func ("/byline/wordpress/post/unknown-category", test_unknown_category);
  g_test_add_func ("/byline/wordpress/post/invalid-param", test_invalid_param);
  g_test_add_func ("/byline/wordpress/publish/seed", test_publish_seed);
  g_test_add_func ("/byline/wordpress/publish/conflict", test_publish_conflict);
  g_test_add_func ("/byline/wordpress/publish/scheduled", test_publish_scheduled);
  g_test_add_func ("/byline/wordpress/publish/images", test_publish_images);
  g_test_add_func ("/byline/wordpress/publish/remote-image", test_publish_remote_image);
  g_test_add_func ("/byline/wordpress/publish/wrong-password", test_publish_wrong_password);
  g_test_add_func ("/byline/wordpress/publish/unknown-category", test_publish_unknown_category);
  g_test_add_func ("/byline/wordpress/publish/invalid", test_publish_invalid);
  g_test_add_func ("/byline/wordpress/terms/create-category", test_create_category);
  g_test_add_func ("/byline/wordpress/cli/publish-file", test_cli_publish_file);

  status = g_test_run ();

  g_clear_object (&account);
  g_clear_object (&store);
  byline_test_portal_stop (&portal);
  byline_test_remove_tree (dir);
  return status;
}
