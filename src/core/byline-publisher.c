/* byline-publisher.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "byline-accounts-private.h"
#include "byline-publisher.h"
#include "byline-render.h"
#include "byline-session.h"
#include "byline-store-private.h"

#define DUPLICATE_WINDOW_DAYS 30
#define BACKOFF_FIRST_SECONDS 30
#define BACKOFF_MAX_SECONDS (60 * 60)
#define MAX_IMAGE_BYTES (32 * 1024 * 1024)

struct _BylinePublisher
{
  GObject        parent_instance;

  BylineStore   *store;
  BylineAccount *account;
  BylinePortal  *portal;
  char          *disclaimer;
  double         progress;
  /* Whether the credentials were found good: then a failure needs no
   * second look. */
  gboolean       connected;
};

G_DEFINE_FINAL_TYPE (BylinePublisher, byline_publisher, G_TYPE_OBJECT)
G_DEFINE_QUARK (byline-publish-error-quark, byline_publish_error)

enum {
  PROP_0,
  PROP_DISCLAIMER,
  PROP_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  BylineArticleState  state;
  char               *failure_reason;
  gint64              remote_id;
  char               *remote_url;
  GDateTime          *remote_modified;
  char               *account_id;
  gint64              category_id;
  /* The outbox row: kept for another try, or dropped. */
  gboolean            queue;
  int                 attempts;
  gint64              next_attempt;
} Outcome;

static void
outcome_free (Outcome *outcome)
{
  g_free (outcome->failure_reason);
  g_free (outcome->remote_url);
  g_clear_pointer (&outcome->remote_modified, g_date_time_unref);
  g_free (outcome->account_id);
  g_free (outcome);
}

typedef struct
{
  BylineArticle      *article;
  BylineArticle      *original;
  BylinePublishFlags  flags;
  char               *marker;
  gboolean            categories_refreshed;
  GArray             *tag_ids;
  guint               next_tag;
  GHashTable         *url_map;
  GHashTable         *media_ids;
  GPtrArray          *images;
  char               *cover_src;
  guint               next_image;
  guint               active_images;
  guint               done_images;
  gboolean            images_over;
  GError             *image_error;
  guint               branches;
  GError             *join_error;
  GError             *diagnosis;
  /* How it ended, kept while the outcome is written. */
  Outcome            *outcome;
  GError             *result_error;
  /* The draft's id while it is in publishing_ids. */
  char               *publishing_id;
} PublishData;

/* The drafts this process is publishing. Two publishes of one draft at once
 * (the editor's click while the outbox retries it) would each find no post
 * with the draft's marker and both create one. */
G_LOCK_DEFINE_STATIC (publishing);
static GHashTable *publishing_ids;

static gboolean
claim_draft (const char *id)
{
  gboolean claimed;

  G_LOCK (publishing);
  if (publishing_ids == NULL)
    publishing_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  claimed = g_hash_table_add (publishing_ids, g_strdup (id));
  G_UNLOCK (publishing);

  return claimed;
}

static void
release_draft (const char *id)
{
  G_LOCK (publishing);
  g_hash_table_remove (publishing_ids, id);
  G_UNLOCK (publishing);
}

static void
publish_data_free (PublishData *data)
{
  if (data->publishing_id != NULL)
    release_draft (data->publishing_id);
  g_free (data->publishing_id);
  g_clear_object (&data->article);
  g_clear_object (&data->original);
  g_free (data->marker);
  g_clear_pointer (&data->tag_ids, g_array_unref);
  g_clear_pointer (&data->url_map, g_hash_table_unref);
  g_clear_pointer (&data->media_ids, g_hash_table_unref);
  g_clear_pointer (&data->images, g_ptr_array_unref);
  g_free (data->cover_src);
  g_clear_error (&data->image_error);
  g_clear_error (&data->join_error);
  g_clear_error (&data->diagnosis);
  g_clear_pointer (&data->outcome, outcome_free);
  g_clear_error (&data->result_error);
  g_free (data);
}

static void
set_progress (BylinePublisher *self,
              double           progress)
{
  /* The checks and the uploads report side by side: never backwards,
   * except for the reset when a publish starts. */
  if (progress == self->progress || (progress < self->progress && progress > 0.0))
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

/* ------------------------------------------------------------------------ */
/* The outbox table: what waits for another try, and when. */

/* On the store's writer thread, inside byline_store_write_async()'s
 * transaction. */
static gboolean
run_sql (sqlite3     *db,
         const char  *sql,
         const char  *text1,
         const char  *text2,
         gint64       int3,
         gint64       int4,
         const char  *text5,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      int n = sqlite3_bind_parameter_count (stmt);

      if (n >= 1)
        sqlite3_bind_text (stmt, 1, text1, -1, SQLITE_TRANSIENT);
      if (n >= 2)
        sqlite3_bind_text (stmt, 2, text2, -1, SQLITE_TRANSIENT);
      if (n >= 3)
        sqlite3_bind_int64 (stmt, 3, int3);
      if (n >= 4)
        sqlite3_bind_int64 (stmt, 4, int4);
      if (n >= 5)
        sqlite3_bind_text (stmt, 5, text5, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode (db);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_OK)
    byline_store_set_error (error, db, rc);
  return rc == SQLITE_OK;
}

/**
 * byline_outbox_get_next_attempt:
 * @store: the drafts store
 * @draft_id: a draft's id
 * @attempts: (out) (optional): how many publishes failed so far
 *
 * Returns: when the queued draft is due again (Unix seconds), or 0 when it
 *   is not in the outbox
 */
gint64
byline_outbox_get_next_attempt (BylineStore *store,
                                const char  *draft_id,
                                int         *attempts)
{
  sqlite3 *db = byline_store_get_read_db (store);
  sqlite3_stmt *stmt = NULL;
  gint64 next = 0;

  if (attempts != NULL)
    *attempts = 0;
  if (sqlite3_prepare_v2 (db, "SELECT next_attempt, attempts FROM outbox WHERE draft_id = ?1",
                          -1, &stmt, NULL) != SQLITE_OK)
    return 0;
  sqlite3_bind_text (stmt, 1, draft_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      next = MAX (1, sqlite3_column_int64 (stmt, 0));
      if (attempts != NULL)
        *attempts = sqlite3_column_int (stmt, 1);
    }
  sqlite3_finalize (stmt);
  return next;
}

static gboolean
lookup_media (BylineStore  *store,
              const char   *account_id,
              const char   *sha256,
              gint64       *media_id,
              char        **url)
{
  sqlite3 *db = byline_store_get_read_db (store);
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  if (sqlite3_prepare_v2 (db, "SELECT media_id, url FROM media WHERE account_id = ?1 "
                          "AND sha256 = ?2", -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_text (stmt, 1, account_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, sha256, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *media_id = sqlite3_column_int64 (stmt, 0);
      *url = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      found = *url != NULL;
    }
  sqlite3_finalize (stmt);
  return found;
}

/* ------------------------------------------------------------------------ */
/* How a publish ends: the draft in the store learns the outcome; its
 * content is never touched. The outcome goes through the store's writer
 * queue (a commit waits for the disk, 200 ms was seen on a busy one), and
 * the publish reports back only once it is there: the task, and with it the
 * publisher and the draft, lives until then. */

static void
apply_outcome (BylineArticle *article,
               Outcome       *outcome)
{
  if (outcome->state == BYLINE_ARTICLE_STATE_PUBLISHED)
    {
      byline_article_set_remote_id (article, outcome->remote_id);
      byline_article_set_remote_url (article, outcome->remote_url);
      byline_article_set_remote_modified (article, outcome->remote_modified);
      byline_article_set_account_id (article, outcome->account_id);
      if (byline_article_get_category_id (article) <= 0)
        byline_article_set_category_id (article, outcome->category_id);
    }
  byline_article_set_state (article, outcome->state);
  byline_article_set_failure_reason (article, outcome->failure_reason);
}

/* On the writer thread. */
static gboolean
write_outcome (BylineStore    *store,
               sqlite3        *db,
               BylineArticle  *article,
               gpointer        user_data,
               GError        **error)
{
  Outcome *outcome = user_data;
  const char *id = byline_article_get_id (article);

  apply_outcome (article, outcome);
  if (outcome->queue)
    return run_sql (db,
                    "INSERT INTO outbox (draft_id, account_id, attempts, next_attempt, "
                    "last_error) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (draft_id) DO UPDATE "
                    "SET account_id = ?2, attempts = ?3, next_attempt = ?4, last_error = ?5",
                    id, outcome->account_id, outcome->attempts, outcome->next_attempt,
                    outcome->failure_reason, error);
  return run_sql (db, "DELETE FROM outbox WHERE draft_id = ?1", id, NULL, 0, 0, NULL, error);
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PublishData *data = g_task_get_task_data (task);
  g_autoptr(BylineArticle) stored = NULL;
  g_autoptr(GError) error = NULL;

  if (!byline_store_write_finish (BYLINE_STORE (object), result, &stored, &error)
      && data->outcome != NULL)
    {
      /* The post is out: a store failure must not look like a failed
       * publish, or the editor would publish it twice. */
      if (data->outcome->state == BYLINE_ARTICLE_STATE_PUBLISHED)
        g_warning ("Byline published the article but could not record it: %s",
                   error->message);
      else
        g_warning ("Byline could not record the failed publish: %s", error->message);
    }

  /* What happened is reported, even when a cancel came in the meantime. */
  g_task_set_check_cancellable (task, FALSE);
  if (data->result_error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&data->result_error));
      return;
    }
  if (stored == NULL)
    {
      stored = byline_article_copy (data->original);
      apply_outcome (stored, data->outcome);
    }
  set_progress (g_task_get_source_object (task), 1.0);
  g_task_return_pointer (task, g_steal_pointer (&stored), g_object_unref);
}

/* Every way a publish ends: after what it wrote (the outcome when there is
 * one, the uploads it recorded) is on disk, so that nothing it queued
 * outlives it. Consumes @error and the caller's reference to @task. */
static void
finish (GTask   *task,
        Outcome *outcome,
        GError  *error)
{
  BylinePublisher *self = g_task_get_source_object (task);
  PublishData *data = g_task_get_task_data (task);

  g_assert (data->outcome == NULL && data->result_error == NULL);
  data->outcome = outcome;
  data->result_error = error;
  if (outcome != NULL)
    byline_store_write_async (self->store, byline_article_get_id (data->original),
                              data->original, write_outcome, outcome, NULL, written_cb, task);
  else
    byline_store_write_async (self->store, NULL, NULL, NULL, NULL, NULL, written_cb, task);
}

typedef enum
{
  BRANCH_CHECKS,
  BRANCH_IMAGES,
} Branch;

static void branch_done (GTask  *task,
                         Branch  branch,
                         GError *error);

static void diagnosed_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data);

static void
fail (GTask  *task,
      GError *error)
{
  BylinePublisher *self = g_task_get_source_object (task);
  PublishData *data = g_task_get_task_data (task);
  const char *id = byline_article_get_id (data->original);
  gboolean retry = byline_portal_error_is_retryable (error);
  Outcome *outcome;

  /* While the checks and the uploads run side by side, the first to fail
   * waits for the other. */
  if (data->branches > 0)
    {
      branch_done (g_object_ref (task), BRANCH_CHECKS, error);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || error->domain == BYLINE_PUBLISH_ERROR)
    {
      finish (g_object_ref (task), NULL, error);
      return;
    }

  /* A wrong Application Password is not reported as such: WordPress runs
   * the request as anonymous and it fails for another reason. Before the
   * editor reads that reason, check the credentials. */
  if (error->domain == BYLINE_PORTAL_ERROR && !retry && !self->connected
      && data->diagnosis == NULL)
    {
      data->diagnosis = error;
      byline_portal_connect_async (self->portal, g_task_get_cancellable (task), diagnosed_cb,
                                   g_object_ref (task));
      return;
    }

  outcome = g_new0 (Outcome, 1);
  outcome->state = retry ? BYLINE_ARTICLE_STATE_QUEUED : BYLINE_ARTICLE_STATE_FAILED;
  outcome->failure_reason = g_strdup (error->message);
  outcome->account_id = g_strdup (byline_account_get_id (self->account));
  outcome->queue = retry;

  if (retry)
    {
      int attempts = 0;
      int wait = byline_portal_error_get_retry_after (error);
      gint64 now = g_get_real_time () / G_USEC_PER_SEC;

      byline_outbox_get_next_attempt (self->store, id, &attempts);
      if (wait < 0)
        wait = MIN (BACKOFF_MAX_SECONDS, BACKOFF_FIRST_SECONDS << MIN (attempts, 10));
      outcome->attempts = attempts + 1;
      outcome->next_attempt = now + wait;
      finish (g_object_ref (task), outcome,
              g_error_new (BYLINE_PUBLISH_ERROR, BYLINE_PUBLISH_ERROR_QUEUED,
                           _("%s The article waits in the outbox and is sent again in "
                             "%d seconds."),
                           error->message, wait));
    }
  else
    {
      finish (g_object_ref (task), outcome,
              g_error_new_literal (BYLINE_PUBLISH_ERROR, BYLINE_PUBLISH_ERROR_FAILED,
                                   error->message));
    }
  g_error_free (error);
}

static void
diagnosed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BylinePublisher *self = g_task_get_source_object (task);
  PublishData *data = g_task_get_task_data (task);
  g_autoptr(BylinePortalSite) site = NULL;
  GError *error = NULL;

  site = byline_portal_connect_finish (BYLINE_PORTAL (object), result, &error);
  if (site != NULL)
    {
      /* The credentials are fine: the first reason stands. */
      self->connected = TRUE;
      error = g_steal_pointer (&data->diagnosis);
    }
  else
    g_clear_error (&data->diagnosis);
  /* data->diagnosis was set once: fail() does not diagnose again. */
  data->diagnosis = g_error_new_literal (BYLINE_PORTAL_ERROR, BYLINE_PORTAL_ERROR_FAILED, "");
  fail (task, error);
}

static void
succeed (GTask            *task,
         BylinePortalPost *post)
{
  BylinePublisher *self = g_task_get_source_object (task);
  PublishData *data = g_task_get_task_data (task);
  Outcome *outcome = g_new0 (Outcome, 1);

  outcome->state = BYLINE_ARTICLE_STATE_PUBLISHED;
  outcome->remote_id = post->id;
  outcome->remote_url = g_strdup (post->link);
  outcome->remote_modified = post->modified_gmt != NULL ? g_date_time_ref (post->modified_gmt)
                                                         : NULL;
  outcome->account_id = g_strdup (byline_account_get_id (self->account));
  outcome->category_id = byline_article_get_category_id (data->article);
  set_progress (self, 0.99);
  finish (g_object_ref (task), outcome, NULL);
}

/* ------------------------------------------------------------------------ */
/* The steps, in order. */

static void step_category (GTask *task);
static void step_tags (GTask *task);
static void step_lost_check (GTask *task);
static void step_duplicate (GTask *task);
static void step_images (GTask *task);
static void step_conflict (GTask *task);
static void step_save (GTask *task);

static gint64
find_term_id (GPtrArray  *terms,
              gint64      id,
              const char *name)
{
  for (guint i = 0; terms != NULL && i < terms->len; i++)
    {
      BylinePortalTerm *term = g_ptr_array_index (terms, i);

      if ((id > 0 && term->id == id) || (id <= 0 && g_strcmp0 (term->name, name) == 0))
        return term->id;
    }
  return 0;
}

static void
categories_refreshed_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(GPtrArray) terms = NULL;

  terms = byline_publisher_refresh_terms_finish (BYLINE_PUBLISHER (object), result, &error);
  if (terms == NULL)
    {
      fail (task, error);
      return;
    }
  step_category (g_steal_pointer (&task));
}

static void
step_category (GTask *task)
{
  BylinePublisher *self = g_task_get_source_object (task);
  PublishData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) terms = NULL;
  gint64 wanted = byline_article_get_category_id (data->article);
  const char *name = byline_article_get_category (data->article);
  gint64 found;

  terms = byline_accounts_load_terms (self->store, byline_account_get_id (self->account),
                                      "categories", NULL);
  found = find_term_id (terms, wanted, name);
  if (found == 0 && !data->categories_refreshed)
    {
      data->categories_refreshed = TRUE;
      byline_publisher_refresh_terms_async (self, "categories", g_task_get_cancellable (task),
                                            categories_refreshed_cb, task);
      return;
    }
  if (found == 0)
    {
      if (wanted > 0)
        fail (task, g_error_new (BYLINE_PUBLISH_ERROR, BYLINE_PUBLISH_ERROR_INVALID,
                                 _("The portal has no category with the id %lld; choose the "
                                   "category again."),
                                 (long long) wanted));
      else
        fail (task, g_error_new (BYLINE_PUBLISH_ERROR, BYLINE_PUBLISH_ERROR_INVALID,
                                 _("The portal has no category named “%s”; choose one of "
                                   "its categories."),
                                 name));
      g_object_unref (task);
      return;
    }
  byline_article_set_category_id (data->article, found);
  set_progress (self, 0.05);
  step_tags (task);
}

/* What a publish keeps on the side for later ones: a tag it used, or a file
 * it uploaded. */
typedef struct
{
  char             *account_id;
  BylinePortalTerm *tag;
  char             *sha256;
  gint64            media_id;
  char             *url;
} Record;

static void
record_free (Record *record)
{
  g_free (record->account_id);
  g_clear_pointer (&record->tag, byline_portal_term_free);
  g_free (record->sha256);
  g_free (record->url);
  g_free (record);
}

static gboolean
write_record (BylineStore    *store,
              sqlite3        *db,
              BylineArticle  *article,
              gpointer        user_data,
              GError        **error)
{
  Record *record = user_data;

  if (record->tag != NULL)
    return byline_accounts_write_term (db, record->account_id, "tags", record->tag, error);
  return run_sql (db, "INSERT OR REPLACE INTO media (account_id, sha256, media_id, url) "
                  "VALUES (?1, ?2, ?3, ?5)",
                  record->account_id, record->sha256, record->media_id, 0, record->url, error);
}

/* Queued like the outcome, which waits for it: the publish never ends
 * before @record is on disk. Takes @record. */
static void
queue_record (BylinePublisher *self,
              Record          *record)
{
  record->account_id = g_strdup (byline_account_get_id (self->account));
  byline_store_write_async (self->store, NULL, NULL, write_record, record,
                            (GDestroyNotify) record_free, NULL, NULL);
}

/* A tag used once is offered again while drafting, offline too. */
static void
remember_tag (BylinePublisher  *self,
              BylinePortalTerm *term)
{
  Record *record = g_new0 (Record, 1);

  record->tag = term;
  queue_record (self, record);
}

static void
tag_created_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PublishData *data = g_task_get_task_data (task);
  g_autoptr(BylinePortalTerm) term = NULL;
  GError *error = NULL;

  term = byline_portal_create_term_finish (BYLINE_PORTAL (object), result, &error);
  if (term == NULL)
    {
      fail (task, error);
      return;
    }
  g_array_append_val (data->tag_ids, term->id);
  remember_tag (g_task_get_source_object (task), g_steal_pointer (&term));
  step_tags (g_steal_pointer (&task));
}

/* Missing tags are created; a tag that exists comes back as term_exists
 * with its id, so the portal's list need not be read first. */
static void
step_tags (GTask *task)
{
  BylinePublisher *self = g_task_get_source_object (task);
  PublishData *data = g_task_get_task_data (task);
  const char * const *tags = byline_article_get_tags (data->article);

  if (tags != NULL && data->next_tag < g_strv_length ((char **) tags))
    {
      const char *name = tags[data->next_tag++];

      if (name == NULL || *name == '\0')
        {
          step_tags (task);
          return;
        }
      byline_portal_create_term_async (self->portal, "tags", name, 0,
                                       g_task_get_cancellable (task), tag_created_cb, task);
      return;
    }
  step_lost_check (task);
}

static gboolean
post_has_marker (BylinePortalPost *post,
                 const char       *marker)
{
  return post->content != NULL && strstr (post->content, marker) != NULL;
}

static void
lost_check_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PublishData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) posts = NULL;
  GError *error = NULL;

  posts = byline_portal_list_posts_finish (BYLINE_PORTAL (object), result, &error);
  if (posts == NULL)
    {
      fail (task, error);
      return;
    }
  for (guint i = 0; i < posts->len; i++)
    {
      BylinePortalPost *post = g_ptr_array_index (posts, i);

      if (post_has_marker (post, data->marker))
        {
          /* The earlier publish did arrive: adopt that post and update it,
           * rather than sending a second one. */
          byline_article_set_remote_id (data->article, post->id);
          byline_article_set_remote_modified (data->article, post->modified_gmt);
          branch_done (g_steal_pointer (&task), BRANCH_CHECKS, NULL);
          return;
        }
    }
  step_duplicate (g_steal_pointer (&task));
}

static void
step_lost_check (GTask *task)
{
  BylinePublisher *self = g_task_get_source_object (task);
  PublishData *data = g_task_get_task_data (task);
  BylineArticleState state = byline_article_get_state (data->original);

  if (byline_article_get_remote_id (data->article) > 0)
    {
      branch_done (task, BRANCH_CHECKS, NULL);
      return;
    }

  /* Any earlier attempt may have reached the portal even though its answer
   * never came back. */
  if (state == BYLINE_ARTICLE_STATE_QUEUED || state == BYLINE_ARTICLE_STATE_FAILED
      || byline_outbox_get_next_attempt (self->store, byline_article_get_id (data->article),
                                         NULL) > 0)
    {
      byline_portal_list_posts_async (self->portal, data->marker, NULL, 10,
                                      g_task_get_cancellable (task), lost_check_cb, task);
      return;
    }
  step_duplicate (task);
}

static void
duplicate_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PublishData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) posts = NULL;
  GError *error = NULL;
  const char *title = byline_article_get_title (data->article);

  posts = byline_portal_list_posts_finish (BYLINE_PORTAL (object), result, &error);
  if (posts == NULL)
    {
      fail (task, error);
      return;
    }
  for (guint i = 0; i < posts->len; i++)
    {
      BylinePortalPost *post = g_ptr_array_index (posts, i);

      /* This draft's own post, from an attempt the portal carried out only
       * after the lost-post check had looked: adopt it, as that check does. */
      if (g_strcmp0 (post->status, "trash") != 0 && post_has_marker (post, data->marker))
        {
          byline_article_set_remote_id (data->article, post->id);
          byline_article_set_remote_modified (data->article, post->modified_gmt);
          branch_done (g_steal_pointer (&task), BRANCH_CHECKS, NULL);
          return;
        }
    }
  for (guint i = 0; i < posts->len; i++)
    {
      BylinePortalPost *post = g_ptr_array_index (posts, i);

      if (g_strcmp0 (post->status, "trash") != 0 && g_strcmp0 (post->title, title) == 0)
        {
          fail (task, g_error_new (BYLINE_PUBLISH_ERROR, BYLINE_PUBLISH_ERROR_DUPLICATE,
                                   _("The portal already has a post titled “%s” from the "
                                     "last %d days (%s). Publish anyway only if this is "
                                     "not the same article."),
                                   title, DUPLICATE_WINDOW_DAYS,
                                   post->link != NULL ? post->link : ""));
          return;
        }
    }
  branch_done (g_steal_pointer (&task), BRANCH_CHECKS, NULL);
}

static void
step_duplicate (GTask *task)
{
  BylinePublisher *self = g_task_get_source_object (task);
  PublishData *data = g_task_get_task_data (task);
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) since = NULL;

  if (data->flags & BYLINE_PUBLISH_FLAGS_ALLOW_DUPLICATE)
    {
      branch_done (task, BRANCH_CHECKS, NULL);
      return;
    }
  now = g_date_time_new_now_utc ();
  since = g_date_time_add_days (now, -DUPLICATE_WINDOW_DAYS);
  /* Posts are dated by their publish time, which may lie in the past (a
   * reprint keeps the original's): look at those too. */
  if (byline_article_get_publish_time (data->article) != NULL
      && g_date_time_compare (byline_article_get_publish_time (data->article), since) < 0)
    g_clear_pointer (&since, g_date_time_unref);
  byline_portal_list_posts_async (self->portal, byline_article_get_title (data->article), since,
                                  50, g_task_get_cancellable (task), duplicate_cb, task);
}

/* ------------------------------------------------------------------------ */
/* Images: local files and pictures hot-linked from other sites are put in
 * the portal's media library, each only once per account (by content hash),
 * several at a time. */

typedef struct
{
  GTask        *task;
  char         *src;
  /* A download of its own to stop when the picture says it is too large,
   * stopped too when the publish is cancelled. */
  GCancellable *cancellable;
  gulong        cancelled_id;
  gboolean      too_large;
} ImageJob;

static void
image_job_free (ImageJob *job)
{
  if (job->cancelled_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (job->task), job->cancelled_id);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->task);
  g_free (job->src);
  g_free (job);
}

static void run_images (GTask *task);

static void
image_done (ImageJob *job,
            GError   *error)
{
  BylinePublisher *self = g_task_get_source_object (job->task);
  PublishData *data = g_task_get_task_data (job->task);
  g_autoptr(GTask) task = g_object_ref (job->task);

  if (error != NULL && data->image_error == NULL)
    data->image_error = error;
  else if (error != NULL)
    g_error_free (error);

  data->active_images--;
  data->done_images++;
  set_progress (self, 0.1 + 0.8 * data->done_images / MAX (1, data->images->len));
  image_job_free (job);
  run_images (task);
}

static void
image_record (ImageJob   *job,
              gint64      media_id,
              const char *url)
{
  PublishData *data = g_task_get_task_data (job->task);

  g_hash_table_replace (data->url_map, g_strdup (job->src), g_strdup (url));
  g_hash_table_replace (data->media_ids, g_strdup (job->src), g_memdup2 (&media_id,
                                                                        sizeof media_id));
}

typedef struct
{
  ImageJob *job;
  char     *sha256;
  GBytes   *bytes;
  char     *mime;
  char     *name;
} UploadData;

static void
upload_data_free (UploadData *upload)
{
  g_free (upload->sha256);
  g_clear_pointer (&upload->bytes, g_bytes_unref);
  g_free (upload->mime);
  g_free (upload->name);
  g_free (upload);
}

/* Part of every uploaded file's name, so that an upload whose answer was
 * lost can be found in the media library by it. */
static char *
media_tag (const char *sha256)
{
  return g_strdup_printf ("byl%.16s", sha256);
}

/* A file on the portal once is not uploaded again by a later publish. */
static void
remember_media (BylinePublisher *self,
                const char      *sha256,
                gint64           media_id,
                const char      *url)
{
  Record *record = g_new0 (Record, 1);

  record->sha256 = g_strdup (sha256);
  record->media_id = media_id;
  record->url = g_strdup (url);
  queue_record (self, record);
}

static void image_uploaded_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data);

static void
image_send (UploadData *upload)
{
  BylinePublisher *self = g_task_get_source_object (upload->job->task);

  byline_portal_upload_media_async (self->portal, upload->bytes, upload->mime, upload->name,
                                    g_task_get_cancellable (upload->job->task),
                                    image_uploaded_cb, upload);
}

static void
image_found_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  UploadData *upload = user_data;
  ImageJob *job = upload->job;
  BylinePublisher *self = g_task_get_source_object (job->task);
  g_autoptr(GPtrArray) found = NULL;
  GError *error = NULL;

  found = byline_portal_find_media_finish (BYLINE_PORTAL (object), result, &error);
  if (found == NULL)
    {
      upload_data_free (upload);
      image_done (job, error);
      return;
    }
  if (found->len == 0)
    {
      image_send (upload);
      return;
    }
  {
    BylinePortalMedia *media = g_ptr_array_index (found, 0);

    /* An earlier attempt uploaded it; its answer never came. */
    image_record (job, media->id, media->url);
    remember_media (self, upload->sha256, media->id, media->url);
  }
  upload_data_free (upload);
  image_done (job, NULL);
}

static void
image_uploaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  UploadData *upload = user_data;
  ImageJob *job = upload->job;
  BylinePublisher *self = g_task_get_source_object (job->task);
  g_autoptr(BylinePortalMedia) media = NULL;
  g_autofree char *id_text = NULL;
  GError *error = NULL;

  media = byline_portal_upload_media_finish (BYLINE_PORTAL (object), result, &error);
  if (media != NULL)
    {
      image_record (job, media->id, media->url);
      remember_media (self, upload->sha256, media->id, media->url);
    }
  upload_data_free (upload);
  image_done (job, error);
}

static void
image_hashed (ImageJob   *job,
              GBytes     *bytes,
              char       *sha256_owned)
{
  BylinePublisher *self = g_task_get_source_object (job->task);
  g_autofree char *sha256 = sha256_owned;
  g_autofree char *url = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *content_type = NULL;
  g_autofree char *mime = NULL;
  UploadData *upload;
  PublishData *data = g_task_get_task_data (job->task);
  g_autofree char *tag = NULL;
  BylineArticleState state;
  gint64 media_id = 0;
  const char *path_part;

  if (lookup_media (self->store, byline_account_get_id (self->account), sha256, &media_id,
                    &url))
    {
      image_record (job, media_id, url);
      image_done (job, NULL);
      return;
    }

  path_part = strrchr (job->src, '/');
  basename = g_strdup (path_part != NULL ? path_part + 1 : job->src);
  basename[strcspn (basename, "?#")] = '\0';
  content_type = g_content_type_guess (basename, g_bytes_get_data (bytes, NULL),
                                       g_bytes_get_size (bytes), NULL);
  mime = g_content_type_get_mime_type (content_type);
  if (mime == NULL || !g_str_has_prefix (mime, "image/"))
    {
      image_done (job, g_error_new (BYLINE_PUBLISH_ERROR, BYLINE_PUBLISH_ERROR_INVALID,
                                    _("“%s” is not an image; remove it from the article."),
                                    job->src));
      return;
    }

  upload = g_new0 (UploadData, 1);
  upload->job = job;
  upload->bytes = g_bytes_ref (bytes);
  upload->mime = g_steal_pointer (&mime);
  tag = media_tag (sha256);
  {
    const char *dot = strrchr (basename, '.');
    g_autofree char *stem = g_strndup (basename, dot != NULL ? (gsize) (dot - basename)
                                                             : strlen (basename));

    upload->name = g_strdup_printf ("%s-%s%s", stem, tag, dot != NULL ? dot : "");
  }
  upload->sha256 = g_steal_pointer (&sha256);

  /* Only a retry can meet an upload that arrived unannounced. */
  state = byline_article_get_state (data->original);
  if (state == BYLINE_ARTICLE_STATE_QUEUED || state == BYLINE_ARTICLE_STATE_FAILED
      || byline_outbox_get_next_attempt (self->store, byline_article_get_id (data->original),
                                         NULL) > 0)
    {
      byline_portal_find_media_async (self->portal, tag, g_task_get_cancellable (job->task),
                                      image_found_cb, upload);
      return;
    }
  image_send (upload);
}

static void
hash_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  g_task_return_pointer (task, g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, task_data),
                         g_free);
}

static void
hashed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  ImageJob *job = user_data;
  GBytes *bytes = g_task_get_task_data (G_TASK (result));

  image_hashed (job, bytes, g_task_propagate_pointer (G_TASK (result), NULL));
}

/* Hashing a large picture takes longer than a frame: off the main thread. */
static void
image_have_bytes (ImageJob *job,
                  GBytes   *bytes)
{
  g_autoptr(GTask) hash = g_task_new (NULL, NULL, hashed_cb, job);

  g_task_set_task_data (hash, g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (hash, hash_in_thread);
}

static void
image_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ImageJob *job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        image_done (job, g_steal_pointer (&error));
      else
        image_done (job, g_error_new (BYLINE_PUBLISH_ERROR, BYLINE_PUBLISH_ERROR_INVALID,
                                      _("The image “%s” could not be read (%s); put it "
                                        "back or remove it from the article."),
                                      job->src, error->message));
      return;
    }
  bytes = g_bytes_new_take (contents, length);
  image_have_bytes (job, bytes);
}

static void
image_downloaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ImageJob *job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (bytes != NULL && !SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)))
    g_clear_pointer (&bytes, g_bytes_unref);
  if (job->too_large || (bytes != NULL && g_bytes_get_size (bytes) > MAX_IMAGE_BYTES))
    {
      image_done (job, g_error_new (BYLINE_PUBLISH_ERROR, BYLINE_PUBLISH_ERROR_INVALID,
                                    _("The remote image “%s” is larger than 32 MiB; save a "
                                      "smaller copy and put that in the article."),
                                    job->src));
      return;
    }
  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        image_done (job, g_steal_pointer (&error));
      else
        /* A picture that cannot be fetched now will not show on the portal
         * either; another try later may find it. */
        image_done (job, g_error_new (BYLINE_PORTAL_ERROR, BYLINE_PORTAL_ERROR_NETWORK,
                                      _("The remote image “%s” could not be downloaded "
                                        "(%s)."),
                                      job->src,
                                      error != NULL ? error->message
                                                    : soup_message_get_reason_phrase (msg)));
      return;
    }
  image_have_bytes (job, bytes);
}

/* Refused as soon as the headers say it is too large: reading a declared
 * 10 GiB into memory to find out would take the program down with it. */
static void
image_got_headers_cb (SoupMessage *msg,
                      ImageJob    *job)
{
  goffset length = soup_message_headers_get_content_length (soup_message_get_response_headers (msg));

  if (SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)) && length > MAX_IMAGE_BYTES)
    {
      job->too_large = TRUE;
      g_cancellable_cancel (job->cancellable);
    }
}

static void
image_cancel_cb (GCancellable *publish_cancellable,
                 GCancellable *job_cancellable)
{
  g_cancellable_cancel (job_cancellable);
}

static char *
host_of (const char *url)
{
  g_autoptr(GUri) uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;

  return uri != NULL ? g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri))
                     : NULL;
}

static void
start_image (GTask      *task,
             const char *src)
{
  PublishData *data = g_task_get_task_data (task);
  ImageJob *job = g_new0 (ImageJob, 1);
  g_autofree char *scheme = g_uri_parse_scheme (src);

  job->task = g_object_ref (task);
  job->src = g_strdup (src);
  data->active_images++;

  if (g_strcmp0 (scheme, "file") == 0 || (scheme == NULL && g_path_is_absolute (src)))
    {
      g_autoptr(GFile) file = scheme != NULL ? g_file_new_for_uri (src)
                                             : g_file_new_for_path (src);

      g_file_load_contents_async (file, g_task_get_cancellable (task), image_loaded_cb, job);
    }
  else
    {
      g_autoptr(SoupSession) session = byline_dup_soup_session ();
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", src);

      if (msg == NULL)
        {
          image_done (job, g_error_new (BYLINE_PUBLISH_ERROR, BYLINE_PUBLISH_ERROR_INVALID,
                                        _("The image address “%s” is not valid."), src));
          return;
        }
      job->cancellable = g_cancellable_new ();
      if (g_task_get_cancellable (task) != NULL)
        job->cancelled_id = g_cancellable_connect (g_task_get_cancellable (task),
                                                   G_CALLBACK (image_cancel_cb),
                                                   g_object_ref (job->cancellable),
                                                   g_object_unref);
      g_signal_connect (msg, "got-headers", G_CALLBACK (image_got_headers_cb), job);
      soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, job->cancellable,
                                        image_downloaded_cb, job);
    }
}

static void
run_images (GTask *task)
{
  PublishData *data = g_task_get_task_data (task);

  while (data->image_error == NULL && data->active_images < BYLINE_PUBLISHER_PARALLEL_UPLOADS
         && data->next_image < data->images->len)
    start_image (task, g_ptr_array_index (data->images, data->next_image++));

  if (data->active_images > 0 || data->images_over)
    return;
  data->images_over = TRUE;
  branch_done (g_object_ref (task), BRANCH_IMAGES, g_steal_pointer (&data->image_error));
}

/* Which images need a copy on the portal: local files, and pictures on
 * other hosts. Relative addresses and the portal's own are left alone. */
static gboolean
needs_upload (BylinePublisher *self,
              const char      *src)
{
  g_autofree char *scheme = g_uri_parse_scheme (src);
  g_autofree char *portal_host = NULL;
  g_autofree char *image_host = NULL;

  if (g_strcmp0 (scheme, "file") == 0)
    return TRUE;
  if (scheme == NULL)
    return g_path_is_absolute (src) && g_file_test (src, G_FILE_TEST_IS_REGULAR);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    return FALSE;
  portal_host = host_of (byline_account_get_site_url (self->account) != NULL
                         ? byline_account_get_site_url (self->account)
                         : byline_account_get_rest_root (self->account));
  image_host = host_of (src);
  return g_strcmp0 (portal_host, image_host) != 0;
}

static void
step_images (GTask *task)
{
  BylinePublisher *self = g_task_get_source_object (task);
  PublishData *data = g_task_get_task_data (task);
  const char *body = byline_article_get_body (data->article);
  g_autofree char *html = byline_render_markdown (body != NULL ? body : "");
  g_autoptr(GPtrArray) found = byline_render_list_images (html);
  const char *cover = byline_article_get_cover_path (data->article);

  data->images = g_ptr_array_new_with_free_func (g_free);
  if (cover != NULL && *cover != '\0' && byline_article_get_cover_media_id (data->article) <= 0)
    {
      data->cover_src = g_strdup (cover);
      g_ptr_array_add (data->images, g_strdup (cover));
    }
  for (guint i = 0; i < found->len; i++)
    {
      const char *src = g_ptr_array_index (found, i);

      if (needs_upload (self, src)
          && !g_ptr_array_find_with_equal_func (data->images, src, g_str_equal, NULL))
        g_ptr_array_add (data->images, g_strdup (src));
    }
  /* Without a cover, the body's first image is the featured one. */
  if (data->cover_src == NULL && byline_article_get_cover_media_id (data->article) <= 0
      && found->len > 0)
    data->cover_src = g_strdup (g_ptr_array_index (found, 0));

  set_progress (self, 0.1);
  run_images (task);
  g_object_unref (task);
}

/* Consumes the branch's reference to the task. */
static void
branch_done (GTask  *task,
             Branch  branch,
             GError *error)
{
  PublishData *data = g_task_get_task_data (task);

  /* The checks' error says more (a wrong password, an unknown category)
   * than the uploads' consequence of it. */
  if (error != NULL && (data->join_error == NULL || branch == BRANCH_CHECKS))
    {
      g_clear_error (&data->join_error);
      data->join_error = error;
    }
  else if (error != NULL)
    g_error_free (error);

  g_assert (data->branches > 0);
  if (--data->branches > 0)
    {
      g_object_unref (task);
      return;
    }

  if (data->join_error != NULL)
    {
      fail (task, g_steal_pointer (&data->join_error));
      g_object_unref (task);
      return;
    }
  step_conflict (task);
}

/* ------------------------------------------------------------------------ */

static void
conflict_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PublishData *data = g_task_get_task_data (task);
  g_autoptr(BylinePortalPost) post = NULL;
  GDateTime *seen = byline_article_get_remote_modified (data->article);
  GError *error = NULL;

  post = byline_portal_fetch_post_finish (BYLINE_PORTAL (object), result, &error);
  if (post == NULL)
    {
      fail (task, error);
      return;
    }
  if (seen == NULL || post->modified_gmt == NULL
      || g_date_time_compare (seen, post->modified_gmt) != 0)
    {
      BylinePublisher *self = g_task_get_source_object (task);
      g_autofree char *ours = byline_render_post (data->article, data->url_map,
                                                  self->disclaimer);

      /* The change may be Byline's own: an earlier attempt whose answer was
       * lost, or which the portal carried out only after Byline had given
       * up waiting. When the portal already holds exactly what would be
       * sent, nobody's edit can be lost. */
      if (g_strcmp0 (post->content, ours) == 0
          && g_strcmp0 (post->title, byline_article_get_title (data->article)) == 0)
        {
          byline_article_set_remote_modified (data->article, post->modified_gmt);
          step_save (g_steal_pointer (&task));
          return;
        }
    }
  if (seen == NULL || post->modified_gmt == NULL
      || g_date_time_compare (seen, post->modified_gmt) != 0)
    {
      g_autofree char *when = post->modified_gmt != NULL
                              ? g_date_time_format (post->modified_gmt, "%Y-%m-%d %H:%M:%S UTC")
                              : g_strdup ("?");

      finish (g_steal_pointer (&task), NULL,
              g_error_new (BYLINE_PUBLISH_ERROR, BYLINE_PUBLISH_ERROR_CONFLICT,
                           _("The post was changed on the portal (%s) since Byline last "
                             "saw it. Keep the portal’s version, overwrite it, or save "
                             "yours as a new draft."),
                           when));
      return;
    }
  step_save (g_steal_pointer (&task));
}

static void
step_conflict (GTask *task)
{
  BylinePublisher *self = g_task_get_source_object (task);
  PublishData *data = g_task_get_task_data (task);
  gint64 remote_id = byline_article_get_remote_id (data->article);

  if (remote_id <= 0 || (data->flags & BYLINE_PUBLISH_FLAGS_OVERWRITE))
    {
      step_save (task);
      return;
    }
  byline_portal_fetch_post_async (self->portal, remote_id, g_task_get_cancellable (task),
                                  conflict_cb, task);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(BylinePortalPost) post = NULL;
  GError *error = NULL;

  post = byline_portal_save_post_finish (BYLINE_PORTAL (object), result, &error);
  if (post == NULL)
    {
      fail (task, error);
      return;
    }
  succeed (task, post);
}

static const char *
status_for_mode (BylinePublishMode mode)
{
  switch (mode)
    {
    case BYLINE_PUBLISH_MODE_DRAFT:
      return "draft";
    case BYLINE_PUBLISH_MODE_PENDING:
      return "pending";
    case BYLINE_PUBLISH_MODE_SCHEDULED:
      return "future";
    case BYLINE_PUBLISH_MODE_NOW:
    default:
      return "publish";
    }
}

static void
add_meta (GHashTable *meta,
          const char *key,
          const char *value)
{
  g_hash_table_insert (meta, g_strdup (key), g_strdup (value != NULL ? value : ""));
}

static void
step_save (GTask *task)
{
  BylinePublisher *self = g_task_get_source_object (task);
  PublishData *data = g_task_get_task_data (task);
  BylineArticle *article = data->article;
  g_autoptr(BylinePortalPost) post = byline_portal_post_new ();
  gint64 category = byline_article_get_category_id (article);
  const char *slug = byline_article_get_slug (article);

  post->id = byline_article_get_remote_id (article);
  post->title = g_strdup (byline_article_get_title (article));
  post->content = byline_render_post (article, data->url_map, self->disclaimer);
  post->excerpt = byline_render_excerpt (article);
  post->slug = slug != NULL && *slug != '\0' ? g_strdup (slug) : NULL;
  post->status = g_strdup (status_for_mode (byline_article_get_publish_mode (article)));
  if (byline_article_get_publish_time (article) != NULL)
    post->date_gmt = g_date_time_ref (byline_article_get_publish_time (article));
  post->categories = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (post->categories, category);
  post->tags = g_array_ref (data->tag_ids);

  if (byline_article_get_cover_media_id (article) > 0)
    post->featured_media = byline_article_get_cover_media_id (article);
  else if (data->cover_src != NULL)
    {
      gint64 *id = g_hash_table_lookup (data->media_ids, data->cover_src);

      if (id != NULL)
        post->featured_media = *id;
    }

  if (byline_account_get_meta_supported (self->account))
    {
      post->meta = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      add_meta (post->meta, "byline_source", byline_article_get_source (article));
      add_meta (post->meta, "byline_source_url", byline_article_get_source_url (article));
      add_meta (post->meta, "byline_author", byline_article_get_author (article));
      add_meta (post->meta, "byline_original_title",
                byline_article_get_original_title (article));
      add_meta (post->meta, "byline_original_source",
                byline_article_get_original_source (article));
    }

  set_progress (self, 0.9);
  byline_portal_save_post_async (self->portal, post, g_task_get_cancellable (task), saved_cb,
                                 task);
}

/* ------------------------------------------------------------------------ */

/**
 * byline_publisher_publish_async:
 * @self: a publisher
 * @article: the draft to publish
 * @flags: what the editor confirmed
 * @cancellable: (nullable): cancels the publish
 *
 * Publishes @article: checks it, looks for a duplicate title, uploads its
 * images, creates or updates the post, and records the outcome in the
 * store (remote id, link and modification time; or Queued or Failed with
 * the reason). The draft's content is never changed.
 */
void
byline_publisher_publish_async (BylinePublisher     *self,
                                BylineArticle       *article,
                                BylinePublishFlags   flags,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GDateTime) now = NULL;
  PublishData *data;

  g_return_if_fail (BYLINE_IS_PUBLISHER (self));
  g_return_if_fail (BYLINE_IS_ARTICLE (article));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, byline_publisher_publish_async);

  now = g_date_time_new_now_utc ();
  problems = byline_article_validate (article, now);
  if (problems != NULL && problems->len > 0)
    {
      g_autoptr(GString) message = g_string_new (NULL);

      for (guint i = 0; i < problems->len; i++)
        {
          BylineArticleProblem *problem = g_ptr_array_index (problems, i);

          if (i > 0)
            g_string_append_c (message, '\n');
          g_string_append (message, problem->message);
        }
      g_task_return_new_error (task, BYLINE_PUBLISH_ERROR, BYLINE_PUBLISH_ERROR_INVALID,
                               "%s", message->str);
      return;
    }

  if (!claim_draft (byline_article_get_id (article)))
    {
      g_task_return_new_error (task, BYLINE_PUBLISH_ERROR, BYLINE_PUBLISH_ERROR_BUSY,
                               _("This draft is being published already. "
                                 "Its outcome will show when that ends."));
      return;
    }

  data = g_new0 (PublishData, 1);
  data->publishing_id = g_strdup (byline_article_get_id (article));
  data->article = byline_article_copy (article);
  data->original = byline_article_copy (article);
  data->flags = flags;
  data->marker = g_strdup_printf ("byline:%s", byline_article_get_id (article));
  data->tag_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  data->url_map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  data->media_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_task_set_task_data (task, data, (GDestroyNotify) publish_data_free);

  /* A draft published to another account is a new post there. */
  if (g_strcmp0 (byline_article_get_account_id (article),
                 byline_account_get_id (self->account)) != 0)
    {
      byline_article_set_remote_id (data->article, 0);
      byline_article_set_remote_modified (data->article, NULL);
    }

  /* Uploads need none of the checks' answers: both run at once, and the
   * post is sent when both are done. Images uploaded for a publish that
   * then stops are remembered and not uploaded again. */
  set_progress (self, 0.0);
  data->branches = 2;
  step_images (g_object_ref (task));
  step_category (g_steal_pointer (&task));
}

/**
 * byline_publisher_publish_finish:
 *
 * Returns: (transfer full): the article as now stored, with its remote id,
 *   link and modification time
 */
BylineArticle *
byline_publisher_publish_finish (BylinePublisher  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  char      *account_id;
  char      *taxonomy;
  GPtrArray *terms;
} TermsData;

static void
terms_data_free (TermsData *data)
{
  g_free (data->account_id);
  g_free (data->taxonomy);
  g_clear_pointer (&data->terms, g_ptr_array_unref);
  g_free (data);
}

static gboolean
write_terms (BylineStore    *store,
             sqlite3        *db,
             BylineArticle  *article,
             gpointer        user_data,
             GError        **error)
{
  TermsData *data = user_data;

  return byline_accounts_write_terms (db, data->account_id, data->taxonomy, data->terms, error);
}

static void
terms_written_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TermsData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!byline_store_write_finish (BYLINE_STORE (object), result, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&data->terms),
                         (GDestroyNotify) g_ptr_array_unref);
}

static void
refresh_terms_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BylinePublisher *self = g_task_get_source_object (task);
  TermsData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->terms = byline_portal_list_terms_finish (BYLINE_PORTAL (object), result, &error);
  if (data->terms == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* The task keeps the terms until they are written; the writer only reads
   * them. */
  byline_store_write_async (self->store, NULL, NULL, write_terms, data, NULL,
                            terms_written_cb, g_steal_pointer (&task));
}

/**
 * byline_publisher_refresh_terms_async:
 * @taxonomy: "categories" or "tags"
 *
 * Reads the portal's terms and keeps them in the store for offline use.
 */
void
byline_publisher_refresh_terms_async (BylinePublisher     *self,
                                      const char          *taxonomy,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  TermsData *data;
  GTask *task;

  g_return_if_fail (BYLINE_IS_PUBLISHER (self));

  data = g_new0 (TermsData, 1);
  data->account_id = g_strdup (byline_account_get_id (self->account));
  data->taxonomy = g_strdup (taxonomy);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, byline_publisher_refresh_terms_async);
  g_task_set_task_data (task, data, (GDestroyNotify) terms_data_free);
  byline_portal_list_terms_async (self->portal, taxonomy, cancellable, refresh_terms_cb, task);
}

/**
 * byline_publisher_refresh_terms_finish:
 *
 * Returns: (transfer container) (element-type BylinePortalTerm): the terms
 */
GPtrArray *
byline_publisher_refresh_terms_finish (BylinePublisher  *self,
                                       GAsyncResult     *result,
                                       GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Creating a category */

typedef struct
{
  char             *name;
  gint64            parent;
  BylinePortalTerm *term;
} CreateData;

static void
create_data_free (CreateData *data)
{
  g_free (data->name);
  g_clear_pointer (&data->term, byline_portal_term_free);
  g_free (data);
}

static gboolean
write_one_term (BylineStore    *store,
                sqlite3        *db,
                BylineArticle  *article,
                gpointer        user_data,
                GError        **error)
{
  GTask *task = user_data;
  BylinePublisher *self = g_task_get_source_object (task);
  CreateData *data = g_task_get_task_data (task);

  return byline_accounts_write_term (db, byline_account_get_id (self->account), "categories",
                                     data->term, error);
}

static void
term_written_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CreateData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* The category exists on the portal whatever the cache says; the next
   * refresh puts it there. */
  if (!byline_store_write_finish (BYLINE_STORE (object), result, NULL, &error))
    g_warning ("Byline could not keep the new category: %s", error->message);
  g_task_set_check_cancellable (task, FALSE);
  g_task_return_pointer (task, g_steal_pointer (&data->term),
                         (GDestroyNotify) byline_portal_term_free);
}

static void
category_listed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BylinePublisher *self = g_task_get_source_object (task);
  CreateData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) terms = NULL;

  terms = byline_publisher_refresh_terms_finish (self, result, NULL);
  for (guint i = 0; terms != NULL && i < terms->len; i++)
    {
      BylinePortalTerm *term = g_ptr_array_index (terms, i);

      if (term->id == data->term->id)
        {
          /* As the portal has it (its own slug, and its name as it was when
           * the category already existed). */
          g_free (data->term->name);
          data->term->name = g_strdup (term->name);
          g_free (data->term->slug);
          data->term->slug = g_strdup (term->slug);
          data->term->parent = term->parent;
          g_task_set_check_cancellable (task, FALSE);
          g_task_return_pointer (task, g_steal_pointer (&data->term),
                                 (GDestroyNotify) byline_portal_term_free);
          return;
        }
    }
  /* The list could not be read: the cache gets this one category. */
  byline_store_write_async (self->store, NULL, NULL, write_one_term, task, NULL,
                            term_written_cb, task);
  task = NULL;
}

static void
category_created_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BylinePublisher *self = g_task_get_source_object (task);
  CreateData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->term = byline_portal_create_term_finish (BYLINE_PORTAL (object), result, &error);
  if (data->term == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* An existing category (term_exists) comes back with its id only. */
  if (data->term->parent <= 0)
    data->term->parent = data->parent;
  byline_publisher_refresh_terms_async (self, "categories", NULL, category_listed_cb,
                                        g_steal_pointer (&task));
}

/**
 * byline_publisher_create_category_async:
 * @self: a publisher
 * @name: the new category's name
 * @parent: its parent's id, or 0 for a top-level one
 * @cancellable: (nullable): a cancellable
 *
 * Creates a category on the portal (or, when one of that name is there
 * already under @parent, takes that one), then reads the portal's
 * categories into the store again. Only editors and administrators may:
 * see byline_account_can_manage_categories().
 */
void
byline_publisher_create_category_async (BylinePublisher     *self,
                                        const char          *name,
                                        gint64               parent,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CreateData *data;

  g_return_if_fail (BYLINE_IS_PUBLISHER (self));
  g_return_if_fail (name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, byline_publisher_create_category_async);
  data = g_new0 (CreateData, 1);
  data->name = g_strstrip (g_strdup (name));
  data->parent = MAX (parent, 0);
  g_task_set_task_data (task, data, (GDestroyNotify) create_data_free);

  if (data->name[0] == '\0')
    {
      g_task_return_new_error (task, BYLINE_PUBLISH_ERROR, BYLINE_PUBLISH_ERROR_INVALID,
                               _("A category needs a name."));
      return;
    }
  byline_portal_create_term_async (self->portal, "categories", data->name, data->parent,
                                   cancellable, category_created_cb, g_steal_pointer (&task));
}

/**
 * byline_publisher_create_category_finish:
 *
 * Returns: (transfer full): the category, as now cached
 */
BylinePortalTerm *
byline_publisher_create_category_finish (BylinePublisher  *self,
                                         GAsyncResult     *result,
                                         GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */

static void
byline_publisher_finalize (GObject *object)
{
  BylinePublisher *self = BYLINE_PUBLISHER (object);

  g_clear_object (&self->store);
  g_clear_object (&self->account);
  g_clear_object (&self->portal);
  g_free (self->disclaimer);

  G_OBJECT_CLASS (byline_publisher_parent_class)->finalize (object);
}

static void
byline_publisher_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BylinePublisher *self = BYLINE_PUBLISHER (object);

  switch (prop_id)
    {
    case PROP_DISCLAIMER:
      g_value_set_string (value, self->disclaimer);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_publisher_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  BylinePublisher *self = BYLINE_PUBLISHER (object);

  switch (prop_id)
    {
    case PROP_DISCLAIMER:
      byline_publisher_set_disclaimer (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_publisher_class_init (BylinePublisherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = byline_publisher_finalize;
  object_class->get_property = byline_publisher_get_property;
  object_class->set_property = byline_publisher_set_property;

  properties[PROP_DISCLAIMER] =
    g_param_spec_string ("disclaimer", NULL, NULL, BYLINE_DEFAULT_DISCLAIMER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
byline_publisher_init (BylinePublisher *self)
{
  self->disclaimer = g_strdup (BYLINE_DEFAULT_DISCLAIMER);
}

/**
 * byline_publisher_new:
 * @store: the drafts store
 * @account: the account to publish as
 * @portal: the account's portal, with its password
 *
 * Returns: (transfer full): a publisher
 */
BylinePublisher *
byline_publisher_new (BylineStore   *store,
                      BylineAccount *account,
                      BylinePortal  *portal)
{
  BylinePublisher *self;

  g_return_val_if_fail (BYLINE_IS_STORE (store), NULL);
  g_return_val_if_fail (BYLINE_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (BYLINE_IS_PORTAL (portal), NULL);

  self = g_object_new (BYLINE_TYPE_PUBLISHER, NULL);
  self->store = g_object_ref (store);
  self->account = g_object_ref (account);
  self->portal = g_object_ref (portal);
  return self;
}

const char *
byline_publisher_get_disclaimer (BylinePublisher *self)
{
  g_return_val_if_fail (BYLINE_IS_PUBLISHER (self), NULL);
  return self->disclaimer;
}

/**
 * byline_publisher_set_disclaimer:
 * @disclaimer: (nullable): the reprint disclaimer from Preferences, or
 *   %NULL for none
 */
void
byline_publisher_set_disclaimer (BylinePublisher *self,
                                 const char      *disclaimer)
{
  g_return_if_fail (BYLINE_IS_PUBLISHER (self));

  if (g_strcmp0 (self->disclaimer, disclaimer) == 0)
    return;
  g_free (self->disclaimer);
  self->disclaimer = g_strdup (disclaimer);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISCLAIMER]);
}

double
byline_publisher_get_progress (BylinePublisher *self)
{
  g_return_val_if_fail (BYLINE_IS_PUBLISHER (self), 0.0);
  return self->progress;
}
