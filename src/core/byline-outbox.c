/* byline-outbox.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "byline-accounts.h"
#include "byline-article.h"
#include "byline-outbox.h"
#include "byline-publisher.h"
#include "byline-render.h"
#include "byline-store-private.h"

struct _BylineOutbox
{
  GObject          parent_instance;

  BylineStore     *store;
  GNetworkMonitor *monitor;
  gulong           network_handler;
  GCancellable    *cancellable;
  guint            timeout_id;
  GQueue           pending;
  gboolean         running;
  gboolean         started;
  char            *disclaimer;
};

G_DEFINE_FINAL_TYPE (BylineOutbox, byline_outbox, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DISCLAIMER,
  N_PROPS
};

enum {
  PUBLISHED,
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void process_next (BylineOutbox *self);

/**
 * byline_outbox_count:
 * @store: the drafts store
 *
 * Returns: how many drafts wait in the outbox
 */
guint
byline_outbox_count (BylineStore *store)
{
  sqlite3 *db = byline_store_get_read_db (store);
  sqlite3_stmt *stmt = NULL;
  guint count = 0;

  if (sqlite3_prepare_v2 (db, "SELECT count(*) FROM outbox", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return count;
}

static gboolean
write_forget (BylineStore    *store,
              sqlite3        *db,
              BylineArticle  *article,
              gpointer        data,
              GError        **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "DELETE FROM outbox WHERE draft_id = ?1", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, data, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode (db);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_OK)
    byline_store_set_error (error, db, rc);
  return rc == SQLITE_OK;
}

/* On the store's writer queue, like every other write: a commit waits for
 * the disk. */
static void
forget (BylineOutbox *self,
        const char   *draft_id)
{
  byline_store_write_async (self->store, NULL, NULL, write_forget, g_strdup (draft_id), g_free,
                            NULL, NULL);
}

/* The account the draft was being published to when it was queued. */
static char *
lookup_account_id (BylineOutbox *self,
                   const char   *draft_id)
{
  sqlite3 *db = byline_store_get_read_db (self->store);
  sqlite3_stmt *stmt = NULL;
  char *account_id = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT account_id FROM outbox WHERE draft_id = ?1", -1, &stmt,
                          NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, draft_id, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        account_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    }
  sqlite3_finalize (stmt);
  return account_id;
}

static gboolean
timeout_cb (gpointer user_data)
{
  BylineOutbox *self = user_data;

  self->timeout_id = 0;
  byline_outbox_retry_now (self);
  return G_SOURCE_REMOVE;
}

/* Sleeps until the earliest next attempt. */
static void
schedule (BylineOutbox *self)
{
  sqlite3 *db = byline_store_get_read_db (self->store);
  sqlite3_stmt *stmt = NULL;
  gint64 next = 0;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (!self->started)
    return;

  if (sqlite3_prepare_v2 (db, "SELECT min(next_attempt) FROM outbox", -1, &stmt, NULL)
      == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW
      && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    next = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  if (next > 0)
    {
      gint64 now = g_get_real_time () / G_USEC_PER_SEC;

      self->timeout_id = g_timeout_add_seconds (CLAMP (next - now, 1, 24 * 3600), timeout_cb,
                                                self);
    }
}

static void
collect (BylineOutbox *self,
         gboolean      all)
{
  sqlite3 *db = byline_store_get_read_db (self->store);
  sqlite3_stmt *stmt = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (sqlite3_prepare_v2 (db, "SELECT draft_id FROM outbox WHERE ?1 OR next_attempt <= ?2 "
                          "ORDER BY next_attempt", -1, &stmt, NULL) != SQLITE_OK)
    return;
  sqlite3_bind_int (stmt, 1, all);
  sqlite3_bind_int64 (stmt, 2, now);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);

      if (g_queue_find_custom (&self->pending, id, (GCompareFunc) g_strcmp0) == NULL)
        g_queue_push_tail (&self->pending, g_strdup (id));
    }
  sqlite3_finalize (stmt);
}

typedef struct
{
  BylineOutbox    *self;
  BylineArticle   *article;
  BylineAccount   *account;
} Retry;

static void
retry_free (Retry *retry)
{
  g_clear_object (&retry->self);
  g_clear_object (&retry->article);
  g_clear_object (&retry->account);
  g_free (retry);
}

typedef struct
{
  BylineOutbox *self;
  char         *draft_id;
  char         *reason;
} Failure;

static void
failure_free (Failure *failure)
{
  g_clear_object (&failure->self);
  g_free (failure->draft_id);
  g_free (failure->reason);
  g_free (failure);
}

static gboolean
write_failed (BylineStore    *store,
              sqlite3        *db,
              BylineArticle  *article,
              gpointer        data,
              GError        **error)
{
  Failure *failure = data;

  byline_article_set_state (article, BYLINE_ARTICLE_STATE_FAILED);
  byline_article_set_failure_reason (article, failure->reason);
  return write_forget (store, db, NULL, failure->draft_id, error);
}

static void
failed_written_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Failure *failure = user_data;
  BylineOutbox *self = g_object_ref (failure->self);
  g_autoptr(GError) error = NULL;

  if (!byline_store_write_finish (BYLINE_STORE (object), result, NULL, &error))
    g_warning ("Byline could not record a failed retry: %s", error->message);
  g_signal_emit (self, signals[FAILED], 0, failure->draft_id, failure->reason);
  failure_free (failure);
  process_next (self);
  g_object_unref (self);
}

/* Records the failure, tells whoever listens, then goes on with the next
 * queued draft. */
static void
mark_failed_then_next (BylineOutbox  *self,
                       BylineArticle *article,
                       const char    *reason)
{
  Failure *failure = g_new0 (Failure, 1);

  failure->self = g_object_ref (self);
  failure->draft_id = g_strdup (byline_article_get_id (article));
  failure->reason = g_strdup (reason);
  byline_store_write_async (self->store, failure->draft_id, article, write_failed, failure,
                            NULL, failed_written_cb, failure);
}

static void
published_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Retry *retry = user_data;
  BylineOutbox *self = retry->self;
  g_autoptr(BylineArticle) published = NULL;
  g_autoptr(GError) error = NULL;

  published = byline_publisher_publish_finish (BYLINE_PUBLISHER (object), result, &error);
  if (published != NULL)
    g_signal_emit (self, signals[PUBLISHED], 0, byline_article_get_id (published),
                   byline_article_get_remote_url (published), published);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      retry_free (retry);
      return;
    }
  else if (g_error_matches (error, BYLINE_PUBLISH_ERROR, BYLINE_PUBLISH_ERROR_FAILED))
    g_signal_emit (self, signals[FAILED], 0, byline_article_get_id (retry->article),
                   error->message);
  /* The editor is publishing it by hand right now: that publish records
   * the outcome, and nothing is to be marked here. */
  else if (g_error_matches (error, BYLINE_PUBLISH_ERROR, BYLINE_PUBLISH_ERROR_BUSY))
    ;
  /* A duplicate, a conflict or a problem with the article needs the editor:
   * it must not be retried in a loop. */
  else if (!g_error_matches (error, BYLINE_PUBLISH_ERROR, BYLINE_PUBLISH_ERROR_QUEUED))
    {
      mark_failed_then_next (self, retry->article, error->message);
      retry_free (retry);
      return;
    }

  retry_free (retry);
  process_next (self);
}

static void
password_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Retry *retry = user_data;
  BylineOutbox *self = retry->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  g_autoptr(BylinePortal) portal = NULL;
  g_autoptr(BylinePublisher) publisher = NULL;

  password = byline_account_lookup_password_finish (retry->account, result, &error);
  if (password == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        mark_failed_then_next (self, retry->article, error->message);
      retry_free (retry);
      return;
    }

  portal = byline_account_create_portal (retry->account, password);
  publisher = byline_publisher_new (self->store, retry->account, portal);
  byline_publisher_set_disclaimer (publisher, self->disclaimer);
  byline_publisher_publish_async (publisher, retry->article, BYLINE_PUBLISH_FLAGS_NONE,
                                  self->cancellable, published_cb, retry);
}

static void
process_next (BylineOutbox *self)
{
  g_autofree char *id = NULL;
  g_autofree char *account_id = NULL;
  g_autoptr(BylineArticle) article = NULL;
  g_autoptr(BylineAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  Retry *retry;

  id = g_queue_pop_head (&self->pending);
  if (id == NULL || !self->started)
    {
      self->running = FALSE;
      schedule (self);
      return;
    }
  self->running = TRUE;

  article = byline_store_load (self->store, id, NULL);
  if (article == NULL)
    {
      /* Deleted meanwhile: nothing to send. */
      forget (self, id);
      process_next (self);
      return;
    }
  account_id = lookup_account_id (self, id);
  account = byline_accounts_lookup (self->store, account_id, &error);
  if (account == NULL)
    {
      mark_failed_then_next (self, article, error->message);
      return;
    }

  retry = g_new0 (Retry, 1);
  retry->self = g_object_ref (self);
  retry->article = g_steal_pointer (&article);
  retry->account = g_steal_pointer (&account);
  byline_account_lookup_password_async (retry->account, self->cancellable, password_cb, retry);
}

/**
 * byline_outbox_retry_now:
 * @self: an outbox
 *
 * Sends every queued draft again now, whatever its backoff.
 */
void
byline_outbox_retry_now (BylineOutbox *self)
{
  g_return_if_fail (BYLINE_IS_OUTBOX (self));

  collect (self, TRUE);
  if (!self->running)
    process_next (self);
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    BylineOutbox    *self)
{
  if (available && g_network_monitor_get_connectivity (monitor) != G_NETWORK_CONNECTIVITY_LOCAL)
    byline_outbox_retry_now (self);
}

/**
 * byline_outbox_start:
 * @self: an outbox
 *
 * Sends the queued drafts when their backoff ends, and all of them as soon
 * as the network comes back.
 */
void
byline_outbox_start (BylineOutbox *self)
{
  g_return_if_fail (BYLINE_IS_OUTBOX (self));

  if (self->started)
    return;
  self->started = TRUE;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->monitor = g_object_ref (g_network_monitor_get_default ());
  self->network_handler = g_signal_connect (self->monitor, "network-changed",
                                            G_CALLBACK (network_changed_cb), self);
  collect (self, FALSE);
  if (!self->running)
    process_next (self);
}

/**
 * byline_outbox_stop:
 * @self: an outbox
 *
 * Cancels a retry under way and sends nothing more.
 */
void
byline_outbox_stop (BylineOutbox *self)
{
  g_return_if_fail (BYLINE_IS_OUTBOX (self));

  self->started = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_signal_handler (&self->network_handler, self->monitor);
  g_clear_object (&self->monitor);
  g_queue_clear_full (&self->pending, g_free);
  self->running = FALSE;
}

static void
byline_outbox_dispose (GObject *object)
{
  BylineOutbox *self = BYLINE_OUTBOX (object);

  byline_outbox_stop (self);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (byline_outbox_parent_class)->dispose (object);
}

static void
byline_outbox_finalize (GObject *object)
{
  BylineOutbox *self = BYLINE_OUTBOX (object);

  g_free (self->disclaimer);

  G_OBJECT_CLASS (byline_outbox_parent_class)->finalize (object);
}

static void
byline_outbox_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  BylineOutbox *self = BYLINE_OUTBOX (object);

  switch (prop_id)
    {
    case PROP_DISCLAIMER:
      g_value_set_string (value, self->disclaimer);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_outbox_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  BylineOutbox *self = BYLINE_OUTBOX (object);

  switch (prop_id)
    {
    case PROP_DISCLAIMER:
      byline_outbox_set_disclaimer (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_outbox_class_init (BylineOutboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = byline_outbox_dispose;
  object_class->finalize = byline_outbox_finalize;
  object_class->get_property = byline_outbox_get_property;
  object_class->set_property = byline_outbox_set_property;

  properties[PROP_DISCLAIMER] =
    g_param_spec_string ("disclaimer", NULL, NULL, BYLINE_DEFAULT_DISCLAIMER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[PUBLISHED] = g_signal_new ("published", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING,
                                     G_TYPE_STRING, BYLINE_TYPE_ARTICLE);
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING,
                                  G_TYPE_STRING);
}

static void
byline_outbox_init (BylineOutbox *self)
{
  g_queue_init (&self->pending);
  self->disclaimer = g_strdup (BYLINE_DEFAULT_DISCLAIMER);
}

/**
 * byline_outbox_new:
 * @store: the drafts store
 *
 * Returns: (transfer full): an outbox, idle until byline_outbox_start()
 */
BylineOutbox *
byline_outbox_new (BylineStore *store)
{
  BylineOutbox *self;

  g_return_val_if_fail (BYLINE_IS_STORE (store), NULL);

  self = g_object_new (BYLINE_TYPE_OUTBOX, NULL);
  self->store = g_object_ref (store);
  return self;
}

const char *
byline_outbox_get_disclaimer (BylineOutbox *self)
{
  g_return_val_if_fail (BYLINE_IS_OUTBOX (self), NULL);
  return self->disclaimer;
}

/**
 * byline_outbox_set_disclaimer:
 * @disclaimer: (nullable): the reprint disclaimer for retried posts
 */
void
byline_outbox_set_disclaimer (BylineOutbox *self,
                              const char   *disclaimer)
{
  g_return_if_fail (BYLINE_IS_OUTBOX (self));

  if (g_strcmp0 (self->disclaimer, disclaimer) == 0)
    return;
  g_free (self->disclaimer);
  self->disclaimer = g_strdup (disclaimer);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISCLAIMER]);
}
