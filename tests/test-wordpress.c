/* test-wordpress.c: Byline against a real WordPress (build-aux/wordpress.sh)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "byline.h"
#include "byline-portal.h"
#include "byline-wordpress.h"
#include "byline-test-util.h"
#include "byline-portal-test-util.h"

static BylineTestPortal portal;

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

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  dir = byline_test_make_dir ("wordpress");
  g_setenv ("BYLINE_DATA_DIR", dir, TRUE);
  byline_test_portal_start (&portal, dir);

  g_test_add_func ("/byline/wordpress/connect/link", test_connect);
  g_test_add_func ("/byline/wordpress/connect/rest-route", test_connect_rest_route);
  g_test_add_func ("/byline/wordpress/connect/wrong-password", test_wrong_password);
  g_test_add_func ("/byline/wordpress/terms/categories", test_categories);
  g_test_add_func ("/byline/wordpress/terms/all-pages", test_tags_all_pages);
  g_test_add_func ("/byline/wordpress/media/upload", test_media);
  g_test_add_func ("/byline/wordpress/post/roundtrip", test_post_roundtrip);
  g_test_add_func ("/byline/wordpress/post/unknown-category", test_unknown_category);
  g_test_add_func ("/byline/wordpress/post/invalid-param", test_invalid_param);

  status = g_test_run ();

  byline_test_portal_stop (&portal);
  byline_test_remove_tree (dir);
  return status;
}
