/* byline-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "byline-article.h"
#include "byline-draft-list.h"
#include "byline-store-private.h"

#define DB_NAME "byline.db"
/* A deleted draft stays restorable (undo, and a mistaken delete noticed
 * later) for a week before it is purged. */
#define PURGE_AFTER_USEC ((gint64) G_USEC_PER_SEC * 60 * 60 * 24 * 7)
/* How much nicer than the rest of the process the writer thread runs. */
#define WRITER_NICE_OFFSET 10

struct _BylineStore
{
  GObject       parent_instance;

  char         *dir;
  char         *path;
  sqlite3      *write_db;
  sqlite3      *read_db;
  GMutex        lock;
  GThreadPool  *writer;
  gboolean      writer_niced;  /* touched by the writer thread only */
  GMainContext *context;
  GThread      *owner;

  char         *moved_aside_to;
  guint         read_only : 1;
};

G_DEFINE_FINAL_TYPE (BylineStore, byline_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (byline-store-error-quark, byline_store_error)

enum {
  DRAFT_SAVED,
  DRAFT_DELETED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Each step takes the schema from version (index) to (index + 1). Never
 * edit a step that has shipped: add one. Step 1 is the first schema as it
 * shipped; step 2 moves the listed fields into columns for the list and
 * full-text search and adds the tables of remembered values and portals. */
static const char * const migrations[] = {
  /* 0 → 1 */
  "CREATE TABLE drafts ("
  "  rowid INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  json TEXT NOT NULL,"
  "  updated INTEGER NOT NULL"
  ");"
  "CREATE TABLE revisions ("
  "  draft_id TEXT NOT NULL,"
  "  revision INTEGER NOT NULL,"
  "  json TEXT NOT NULL,"
  "  saved INTEGER NOT NULL,"
  "  PRIMARY KEY (draft_id, revision)"
  ");",

  /* 1 → 2 */
  "ALTER TABLE drafts ADD COLUMN title TEXT;"
  "ALTER TABLE drafts ADD COLUMN body TEXT;"
  "ALTER TABLE drafts ADD COLUMN author TEXT;"
  "ALTER TABLE drafts ADD COLUMN source TEXT;"
  "ALTER TABLE drafts ADD COLUMN state INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE drafts ADD COLUMN failure_reason TEXT;"
  "ALTER TABLE drafts ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;"
  /* Version 1 kept the body inside the JSON; it now has a column of its own
   * so that it is stored once. */
  "UPDATE drafts SET"
  "  title = json_extract (json, '$.title'),"
  "  body = json_extract (json, '$.body'),"
  "  author = json_extract (json, '$.author'),"
  "  source = json_extract (json, '$.source'),"
  "  failure_reason = json_extract (json, '$.failure_reason'),"
  "  state = CASE json_extract (json, '$.state')"
  "    WHEN 'ready' THEN 1 WHEN 'queued' THEN 2 WHEN 'published' THEN 3"
  "    WHEN 'failed' THEN 4 ELSE 0 END,"
  "  json = json_remove (json, '$.body');"
  "CREATE INDEX drafts_by_updated ON drafts (deleted, updated DESC, rowid DESC);"
  "CREATE INDEX drafts_by_state ON drafts (deleted, state, updated DESC, rowid DESC);"
  "CREATE VIRTUAL TABLE drafts_fts USING fts5 ("
  "  title, body, author, source,"
  "  content = 'drafts', content_rowid = 'rowid', tokenize = 'trigram'"
  ");"
  "CREATE TRIGGER drafts_fts_insert AFTER INSERT ON drafts BEGIN"
  "  INSERT INTO drafts_fts (rowid, title, body, author, source)"
  "    VALUES (new.rowid, new.title, new.body, new.author, new.source);"
  "END;"
  "CREATE TRIGGER drafts_fts_delete AFTER DELETE ON drafts BEGIN"
  "  INSERT INTO drafts_fts (drafts_fts, rowid, title, body, author, source)"
  "    VALUES ('delete', old.rowid, old.title, old.body, old.author, old.source);"
  "END;"
  "CREATE TRIGGER drafts_fts_update AFTER UPDATE OF title, body, author, source ON drafts BEGIN"
  "  INSERT INTO drafts_fts (drafts_fts, rowid, title, body, author, source)"
  "    VALUES ('delete', old.rowid, old.title, old.body, old.author, old.source);"
  "  INSERT INTO drafts_fts (rowid, title, body, author, source)"
  "    VALUES (new.rowid, new.title, new.body, new.author, new.source);"
  "END;"
  "INSERT INTO drafts_fts (drafts_fts) VALUES ('rebuild');"
  "CREATE TABLE remembered ("
  "  kind INTEGER NOT NULL,"
  "  value TEXT NOT NULL,"
  "  uses INTEGER NOT NULL DEFAULT 0,"
  "  last_used INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (kind, value)"
  ");"
  "CREATE TABLE accounts ("
  "  id TEXT PRIMARY KEY,"
  "  name TEXT UNIQUE NOT NULL,"
  "  site_url TEXT,"
  "  rest_root TEXT,"
  "  username TEXT,"
  "  is_default INTEGER NOT NULL DEFAULT 0,"
  "  site_name TEXT,"
  "  user_name TEXT,"
  "  roles TEXT,"
  "  meta_supported INTEGER NOT NULL DEFAULT 0,"
  "  created INTEGER"
  ");"
  "CREATE TABLE terms ("
  "  account_id TEXT, taxonomy TEXT, term_id INTEGER, name TEXT, slug TEXT,"
  "  parent INTEGER, count INTEGER,"
  "  PRIMARY KEY (account_id, taxonomy, term_id)"
  ");"
  "CREATE TABLE media ("
  "  account_id TEXT, sha256 TEXT, media_id INTEGER, url TEXT,"
  "  PRIMARY KEY (account_id, sha256)"
  ");"
  "CREATE TABLE outbox ("
  "  draft_id TEXT PRIMARY KEY,"
  "  account_id TEXT,"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  next_attempt INTEGER,"
  "  last_error TEXT"
  ");",

  /* 2 → 3: re-indexing a long body costs a quarter of a second, too much
   * for every autosave of a draft being typed into. A draft whose indexed
   * columns change keeps, in drafts_fts_pending, the values the index still
   * holds for it (the external-content index can only be told to forget
   * exactly what it was given) until update_index_locked() re-indexes it;
   * searches test pending drafts' own text, so they stay exact. */
  "CREATE TABLE drafts_fts_pending ("
  "  rowid INTEGER PRIMARY KEY,"
  "  title TEXT, body TEXT, author TEXT, source TEXT,"
  "  since INTEGER NOT NULL"
  ");"
  "DROP TRIGGER drafts_fts_update;"
  "CREATE TRIGGER drafts_fts_defer AFTER UPDATE OF title, body, author, source ON drafts"
  "  WHEN old.title IS NOT new.title OR old.body IS NOT new.body"
  "    OR old.author IS NOT new.author OR old.source IS NOT new.source BEGIN"
  "  INSERT OR IGNORE INTO drafts_fts_pending (rowid, title, body, author, source, since)"
  "    VALUES (old.rowid, old.title, old.body, old.author, old.source, new.updated);"
  "END;"
  "DROP TRIGGER drafts_fts_delete;"
  "CREATE TRIGGER drafts_fts_delete AFTER DELETE ON drafts BEGIN"
  "  INSERT INTO drafts_fts (drafts_fts, rowid, title, body, author, source)"
  "    SELECT 'delete', old.rowid, title, body, author, source FROM drafts_fts_pending"
  "      WHERE rowid = old.rowid"
  "    UNION ALL"
  "    SELECT 'delete', old.rowid, old.title, old.body, old.author, old.source"
  "      WHERE NOT EXISTS (SELECT 1 FROM drafts_fts_pending WHERE rowid = old.rowid);"
  "  DELETE FROM drafts_fts_pending WHERE rowid = old.rowid;"
  "END;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == BYLINE_STORE_SCHEMA_VERSION);

void
byline_store_set_error (GError  **error,
                        sqlite3  *db,
                        int       rc)
{
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_NO_SPACE,
                   _("The disk holding your drafts is full. Free some space; Byline keeps "
                     "the draft open and saves it as soon as it can."));
      break;

    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_READ_ONLY,
                   _("Drafts cannot be saved: the drafts folder is read-only (%s)."), detail);
      break;

    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_CORRUPT,
                   _("The drafts database is damaged (%s)."), detail);
      break;

    default:
      g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_FAILED,
                   _("The drafts database failed: %s."), detail);
      break;
    }
}

sqlite3 *
byline_store_get_write_db (BylineStore *self)
{
  g_return_val_if_fail (BYLINE_IS_STORE (self), NULL);
  return self->write_db;
}

sqlite3 *
byline_store_get_read_db (BylineStore *self)
{
  g_return_val_if_fail (BYLINE_IS_STORE (self), NULL);
  return self->read_db;
}

void
byline_store_lock (BylineStore *self)
{
  g_mutex_lock (&self->lock);
}

void
byline_store_unlock (BylineStore *self)
{
  g_mutex_unlock (&self->lock);
}

static int
exec_sql (sqlite3    *db,
          const char *sql,
          GError    **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    byline_store_set_error (error, db, rc);
  return rc;
}

static sqlite3_stmt *
prepare (sqlite3     *db,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v3 (db, sql, -1, 0, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      byline_store_set_error (error, db, rc);
      return NULL;
    }
  return stmt;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

static void
bind_text0 (sqlite3_stmt *stmt,
            int           index,
            const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static void
byline_store_dispose (GObject *object)
{
  BylineStore *self = (BylineStore *)object;

  /* Every save that was queued reaches the disk before the store closes. */
  if (self->writer != NULL)
    {
      g_thread_pool_free (self->writer, FALSE, TRUE);
      self->writer = NULL;
    }

  G_OBJECT_CLASS (byline_store_parent_class)->dispose (object);
}

static void
byline_store_finalize (GObject *object)
{
  BylineStore *self = (BylineStore *)object;

  g_clear_pointer (&self->read_db, sqlite3_close);
  g_clear_pointer (&self->write_db, sqlite3_close);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->lock);
  g_free (self->dir);
  g_free (self->path);
  g_free (self->moved_aside_to);

  G_OBJECT_CLASS (byline_store_parent_class)->finalize (object);
}

static void
byline_store_class_init (BylineStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = byline_store_dispose;
  object_class->finalize = byline_store_finalize;

  /**
   * BylineStore::draft-saved:
   * @self: the store
   * @id: the draft's id
   *
   * A draft was created, changed or restored.
   */
  signals[DRAFT_SAVED] =
    g_signal_new ("draft-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * BylineStore::draft-deleted:
   * @self: the store
   * @id: the draft's id
   */
  signals[DRAFT_DELETED] =
    g_signal_new ("draft-deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
byline_store_init (BylineStore *self)
{
  g_mutex_init (&self->lock);
  self->context = g_main_context_ref_thread_default ();
  self->owner = g_thread_self ();
}

/**
 * byline_store_dup_default_dir:
 *
 * Returns: (transfer full): `$BYLINE_DATA_DIR` when set, else
 *   `$XDG_DATA_HOME/byline`
 */
char *
byline_store_dup_default_dir (void)
{
  const char *env = g_getenv ("BYLINE_DATA_DIR");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "byline", NULL);
}

static int
get_user_version (sqlite3 *db,
                  int     *version)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return rc;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return rc;
  *version = sqlite3_column_int (stmt, 0);
  return SQLITE_OK;
}

static gboolean
migrate (sqlite3  *db,
         GError  **error)
{
  int version = 0;
  int rc;

  if ((rc = get_user_version (db, &version)) != SQLITE_OK)
    {
      byline_store_set_error (error, db, rc);
      return FALSE;
    }

  if (version > BYLINE_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_NEWER_SCHEMA,
                   _("The drafts were saved by a newer version of Byline (schema %d). "
                     "Update Byline to open them."), version);
      return FALSE;
    }

  /* Each step, with its version bump, is one transaction: a crash half way
   * through leaves the previous version whole. */
  for (; version < BYLINE_STORE_SCHEMA_VERSION; version++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", version + 1);

      if (exec_sql (db, "BEGIN IMMEDIATE", error) != SQLITE_OK)
        return FALSE;
      if (exec_sql (db, migrations[version], error) != SQLITE_OK ||
          exec_sql (db, bump, error) != SQLITE_OK ||
          exec_sql (db, "COMMIT", error) != SQLITE_OK)
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }

  return TRUE;
}

static void
configure_connection (sqlite3 *db)
{
  sqlite3_busy_timeout (db, 5000);
  /* FULL: a commit has reached the disk when it returns, so a power cut
   * loses nothing that was reported saved. Saves run on the writer thread,
   * so the fsync never blocks the window. */
  sqlite3_exec (db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
  sqlite3_exec (db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
}

static int
open_connection (const char  *path,
                 int          flags,
                 sqlite3    **out)
{
  int rc = sqlite3_open_v2 (path, out, flags | SQLITE_OPEN_NOMUTEX, NULL);

  if (rc != SQLITE_OK)
    {
      g_clear_pointer (out, sqlite3_close);
      return rc;
    }
  sqlite3_extended_result_codes (*out, 1);
  configure_connection (*out);
  return SQLITE_OK;
}

/* Reads enough of the file to tell whether SQLite can use it: a file that
 * is not a database, or whose schema pages are damaged, fails here. */
static int
probe_database (sqlite3 *db)
{
  int version;
  int rc = get_user_version (db, &version);

  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
  return rc;
}

static gboolean
move_aside (BylineStore  *self,
            GError      **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *target = g_strdup_printf ("%s.damaged-%s", self->path, stamp);
  static const char * const suffixes[] = { "-wal", "-shm" };

  if (g_rename (self->path, target) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_CORRUPT,
                   _("The drafts database “%s” is damaged and could not be moved aside: %s"),
                   self->path, g_strerror (saved_errno));
      return FALSE;
    }

  /* The journal files belong to the damaged database: replaying them into
   * a fresh one would be wrong. */
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (self->path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (target, suffixes[i], NULL);

      if (g_file_test (from, G_FILE_TEST_EXISTS))
        g_rename (from, to);
    }

  g_free (self->moved_aside_to);
  self->moved_aside_to = g_steal_pointer (&target);
  return TRUE;
}

static gboolean
open_read_only (BylineStore  *self,
                GError      **error)
{
  g_autofree char *uri = NULL;
  int rc;

  self->read_only = TRUE;

  if (!g_file_test (self->path, G_FILE_TEST_EXISTS))
    {
      /* Nothing to read: an empty in-memory store keeps the window usable. */
      rc = open_connection (":memory:", SQLITE_OPEN_READWRITE, &self->write_db);
      if (rc == SQLITE_OK && !migrate (self->write_db, error))
        return FALSE;
      self->read_db = self->write_db;
      self->write_db = NULL;
      return rc == SQLITE_OK;
    }

  /* immutable: a WAL database in a read-only folder cannot create its -shm
   * file; reading it as immutable needs none. */
  uri = g_strdup_printf ("file:%s?immutable=1", self->path);
  rc = open_connection (uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, &self->read_db);
  if (rc == SQLITE_OK)
    rc = probe_database (self->read_db);
  if (rc != SQLITE_OK)
    {
      byline_store_set_error (error, self->read_db, rc);
      return FALSE;
    }

  return TRUE;
}

static void writer_func (gpointer data,
                         gpointer user_data);

/**
 * byline_store_open:
 * @dir: (nullable): the folder holding the database; %NULL for
 *   byline_store_dup_default_dir()
 * @error: where to put an error
 *
 * Opens the drafts store, creating or migrating it. A file that is not a
 * usable database is moved aside (never deleted) and a fresh store is
 * created: byline_store_get_moved_aside_to() then says where it went. A
 * folder that cannot be written opens the store read-only:
 * byline_store_is_read_only() says so and every save fails with
 * %BYLINE_STORE_ERROR_READ_ONLY.
 *
 * Returns: (transfer full) (nullable): the store
 */
BylineStore *
byline_store_open (const char  *dir,
                   GError     **error)
{
  g_autoptr(BylineStore) self = NULL;
  g_autoptr(GError) local_error = NULL;
  int rc;

  self = g_object_new (BYLINE_TYPE_STORE, NULL);
  self->dir = dir != NULL ? g_strdup (dir) : byline_store_dup_default_dir ();
  self->path = g_build_filename (self->dir, DB_NAME, NULL);

  if (g_mkdir_with_parents (self->dir, 0700) != 0 && !g_file_test (self->dir, G_FILE_TEST_IS_DIR))
    {
      int saved_errno = errno;

      g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_FAILED,
                   _("The drafts folder “%s” cannot be created: %s"),
                   self->dir, g_strerror (saved_errno));
      return NULL;
    }

  if (g_access (self->dir, W_OK) != 0 ||
      (g_file_test (self->path, G_FILE_TEST_EXISTS) && g_access (self->path, W_OK) != 0))
    {
      if (!open_read_only (self, error))
        return NULL;
      return g_steal_pointer (&self);
    }

  for (guint attempt = 0; attempt < 2; attempt++)
    {
      rc = open_connection (self->path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                            &self->write_db);
      if (rc == SQLITE_OK)
        rc = probe_database (self->write_db);
      if (rc == SQLITE_OK)
        rc = sqlite3_exec (self->write_db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);

      if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT)
        {
          g_clear_pointer (&self->write_db, sqlite3_close);
          if (attempt > 0 || !move_aside (self, error))
            {
              if (attempt > 0)
                byline_store_set_error (error, NULL, rc);
              return NULL;
            }
          continue;
        }
      if (rc != SQLITE_OK)
        {
          byline_store_set_error (error, self->write_db, rc);
          return NULL;
        }
      break;
    }

  if (!migrate (self->write_db, &local_error))
    {
      if (g_error_matches (local_error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_CORRUPT) &&
          self->moved_aside_to == NULL)
        {
          /* Damage deeper than the first page shows up in the migration's
           * reads: move it aside like any other damaged file. */
          g_clear_pointer (&self->write_db, sqlite3_close);
          g_clear_error (&local_error);
          if (!move_aside (self, error))
            return NULL;
          rc = open_connection (self->path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                                &self->write_db);
          if (rc == SQLITE_OK)
            rc = sqlite3_exec (self->write_db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
          if (rc != SQLITE_OK)
            {
              byline_store_set_error (error, self->write_db, rc);
              return NULL;
            }
          if (!migrate (self->write_db, error))
            return NULL;
        }
      else
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  rc = open_connection (self->path, SQLITE_OPEN_READONLY, &self->read_db);
  if (rc != SQLITE_OK)
    {
      byline_store_set_error (error, self->read_db, rc);
      return NULL;
    }
  /* SQLite's default page cache is 2 MiB per connection, and listing drafts
   * walks each body's overflow pages to reach the columns after it: the
   * cache filled with bodies nobody reads again. The files stay in the
   * kernel's page cache either way. */
  sqlite3_exec (self->read_db, "PRAGMA cache_size = -1024", NULL, NULL, NULL);
  sqlite3_exec (self->write_db, "PRAGMA cache_size = -256", NULL, NULL, NULL);

  self->writer = g_thread_pool_new (writer_func, self, 1, TRUE, NULL);

  return g_steal_pointer (&self);
}

/**
 * byline_store_get_path:
 * @self: a store
 *
 * Returns: the database file's path
 */
const char *
byline_store_get_path (BylineStore *self)
{
  g_return_val_if_fail (BYLINE_IS_STORE (self), NULL);
  return self->path;
}

gboolean
byline_store_is_read_only (BylineStore *self)
{
  g_return_val_if_fail (BYLINE_IS_STORE (self), FALSE);
  return self->read_only;
}

/**
 * byline_store_get_recovered_from:
 * @self: a store
 *
 * Returns: (nullable): the path of the damaged database this store replaced
 *   when it opened, or %NULL
 */
const char *
byline_store_get_recovered_from (BylineStore *self)
{
  g_return_val_if_fail (BYLINE_IS_STORE (self), NULL);
  return self->moved_aside_to != NULL ? self->path : NULL;
}

/**
 * byline_store_get_moved_aside_to:
 * @self: a store
 *
 * Returns: (nullable): where the damaged database was moved, or %NULL when
 *   the store opened cleanly
 */
const char *
byline_store_get_moved_aside_to (BylineStore *self)
{
  g_return_val_if_fail (BYLINE_IS_STORE (self), NULL);
  return self->moved_aside_to;
}

/* Saving */

/* What a save writes, taken from the article on the caller's thread so that
 * the article itself is never touched from the writer thread. */
typedef struct
{
  BylineStore *store;
  char        *id;
  char        *json;
  char        *body;
  char        *title;
  char        *author;
  char        *source;
  char        *failure_reason;
  int          state;
  gint64       updated;
  gboolean     changed;
  GError      *error;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_clear_object (&job->store);
  g_free (job->id);
  g_free (job->json);
  g_free (job->body);
  g_free (job->title);
  g_free (job->author);
  g_free (job->source);
  g_free (job->failure_reason);
  g_clear_error (&job->error);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SaveJob, save_job_free)

static SaveJob *
save_job_new (BylineStore   *self,
              BylineArticle *article)
{
  g_autoptr(JsonNode) node = byline_article_to_json_node (article);
  JsonObject *object = json_node_get_object (node);
  SaveJob *job = g_new0 (SaveJob, 1);

  /* The body has a column of its own, and the updated time is the store's
   * to set: neither goes into the JSON, so equal content gives equal JSON. */
  json_object_remove_member (object, "body");
  json_object_remove_member (object, "updated");

  job->store = g_object_ref (self);
  job->id = g_strdup (byline_article_get_id (article));
  job->json = json_to_string (node, FALSE);
  job->body = g_strdup (byline_article_get_body (article));
  job->title = g_strdup (byline_article_get_title (article));
  job->author = g_strdup (byline_article_get_author (article));
  job->source = g_strdup (byline_article_get_source (article));
  job->failure_reason = g_strdup (byline_article_get_failure_reason (article));
  job->state = byline_article_get_state (article);
  job->updated = g_get_real_time ();

  return job;
}

static void
remember_locked (BylineStore          *self,
                 BylineRememberedKind  kind,
                 const char           *value,
                 gint64                now)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (value == NULL || *value == '\0')
    return;

  stmt = prepare (self->write_db,
                  "INSERT INTO remembered (kind, value, uses, last_used) VALUES (?1, ?2, 1, ?3) "
                  "ON CONFLICT (kind, value) DO UPDATE SET uses = uses + 1, last_used = ?3",
                  NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_int (stmt, 1, kind);
  bind_text0 (stmt, 2, value);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_step (stmt);
}

static char *
make_revision_json (const char *json,
                    const char *body,
                    gint64      updated)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (updated / G_USEC_PER_SEC);
  g_autofree char *stamp = NULL;
  JsonObject *object;

  if (!json_parser_load_from_data (parser, json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return g_strdup (json);

  object = json_node_get_object (json_parser_get_root (parser));
  if (body != NULL)
    json_object_set_string_member (object, "body", body);
  if (dt != NULL)
    {
      stamp = g_date_time_format_iso8601 (dt);
      json_object_set_string_member (object, "updated", stamp);
    }
  return json_to_string (json_parser_get_root (parser), FALSE);
}

/* Re-indexes the drafts in drafts_fts_pending that match @where (SQL over
 * its columns, with ?1 and ?2 bound to @keep and @before), inside the
 * caller's transaction. */
static gboolean
reindex_pending_locked (sqlite3     *db,
                        const char  *where,
                        gint64       keep,
                        gint64       before,
                        GError     **error)
{
  const char *steps[] = {
    /* Forget what the index holds for them… */
    "INSERT INTO drafts_fts (drafts_fts, rowid, title, body, author, source) "
    "  SELECT 'delete', rowid, title, body, author, source FROM drafts_fts_pending WHERE ",
    /* …learn what they hold now… */
    "INSERT INTO drafts_fts (rowid, title, body, author, source) "
    "  SELECT d.rowid, d.title, d.body, d.author, d.source "
    "  FROM drafts_fts_pending CROSS JOIN drafts AS d ON d.rowid = drafts_fts_pending.rowid "
    "  WHERE ",
    /* …and that they are up to date. */
    "DELETE FROM drafts_fts_pending WHERE ",
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *sql = g_strconcat (steps[i], where, NULL);
      g_autoptr(sqlite3_stmt) stmt = prepare (db, sql, error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, keep);
      sqlite3_bind_int64 (stmt, 2, before);
      if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
        {
          byline_store_set_error (error, db, rc);
          return FALSE;
        }
    }

  return TRUE;
}

/* After a save of the draft at @rowid: the other drafts' index catches up
 * (the editor has left them), and so does this one's when it has waited
 * BYLINE_STORE_INDEX_DELAY_S. */
static gboolean
update_index_locked (sqlite3  *db,
                     gint64    rowid,
                     gint64    now,
                     GError  **error)
{
  return reindex_pending_locked (db,
                                 "drafts_fts_pending.rowid != ?1 "
                                 "OR drafts_fts_pending.since <= ?2",
                                 rowid, now - BYLINE_STORE_INDEX_DELAY_S * G_USEC_PER_SEC,
                                 error);
}

/* Runs on whichever thread saves, holding the lock. */
static gboolean
save_job_run (SaveJob  *job,
              GError  **error)
{
  BylineStore *self = job->store;
  sqlite3 *db = self->write_db;
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) write = NULL;
  g_autofree char *old_json = NULL;
  g_autofree char *old_body = NULL;
  g_autofree char *old_author = NULL;
  g_autofree char *old_source = NULL;
  gint64 old_updated = 0;
  gint64 rowid = 0;
  gboolean exists = FALSE;
  gboolean was_deleted = FALSE;
  int rc;

  if (self->read_only || db == NULL)
    {
      g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_READ_ONLY,
                   _("Drafts cannot be saved: the drafts folder “%s” is read-only."), self->dir);
      return FALSE;
    }

  if ((rc = exec_sql (db, "BEGIN IMMEDIATE", error)) != SQLITE_OK)
    return FALSE;

  select = prepare (db, "SELECT json, body, author, source, updated, deleted, rowid "
                        "FROM drafts WHERE id = ?", error);
  if (select == NULL)
    goto fail;
  bind_text0 (select, 1, job->id);
  rc = sqlite3_step (select);
  if (rc == SQLITE_ROW)
    {
      exists = TRUE;
      old_json = g_strdup ((const char *) sqlite3_column_text (select, 0));
      old_body = g_strdup ((const char *) sqlite3_column_text (select, 1));
      old_author = g_strdup ((const char *) sqlite3_column_text (select, 2));
      old_source = g_strdup ((const char *) sqlite3_column_text (select, 3));
      old_updated = sqlite3_column_int64 (select, 4);
      was_deleted = sqlite3_column_int64 (select, 5) != 0;
      rowid = sqlite3_column_int64 (select, 6);
    }
  else if (rc != SQLITE_DONE)
    {
      byline_store_set_error (error, db, rc);
      goto fail;
    }
  g_clear_pointer (&select, sqlite3_finalize);

  if (exists && !was_deleted &&
      g_strcmp0 (old_json, job->json) == 0 && g_strcmp0 (old_body, job->body) == 0)
    {
      job->changed = FALSE;
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return TRUE;
    }

  if (exists)
    {
      g_autofree char *revision_json = make_revision_json (old_json, old_body, old_updated);
      g_autoptr(sqlite3_stmt) rev = NULL;
      g_autoptr(sqlite3_stmt) prune = NULL;

      rev = prepare (db,
                     "INSERT INTO revisions (draft_id, revision, json, saved) "
                     "VALUES (?1, (SELECT coalesce (max (revision), 0) + 1 FROM revisions "
                     "             WHERE draft_id = ?1), ?2, ?3)", error);
      if (rev == NULL)
        goto fail;
      bind_text0 (rev, 1, job->id);
      bind_text0 (rev, 2, revision_json);
      sqlite3_bind_int64 (rev, 3, old_updated);
      if ((rc = sqlite3_step (rev)) != SQLITE_DONE)
        {
          byline_store_set_error (error, db, rc);
          goto fail;
        }

      prune = prepare (db,
                       "DELETE FROM revisions WHERE draft_id = ?1 AND revision <= "
                       "(SELECT max (revision) FROM revisions WHERE draft_id = ?1) - ?2", error);
      if (prune == NULL)
        goto fail;
      bind_text0 (prune, 1, job->id);
      sqlite3_bind_int (prune, 2, BYLINE_STORE_MAX_REVISIONS);
      if ((rc = sqlite3_step (prune)) != SQLITE_DONE)
        {
          byline_store_set_error (error, db, rc);
          goto fail;
        }

      write = prepare (db,
                       "UPDATE drafts SET json = ?2, body = ?3, title = ?4, author = ?5, "
                       "source = ?6, state = ?7, failure_reason = ?8, updated = ?9, deleted = 0 "
                       "WHERE id = ?1", error);
    }
  else
    {
      write = prepare (db,
                       "INSERT INTO drafts (id, json, body, title, author, source, state, "
                       "failure_reason, updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                       error);
    }
  if (write == NULL)
    goto fail;

  bind_text0 (write, 1, job->id);
  bind_text0 (write, 2, job->json);
  bind_text0 (write, 3, job->body);
  bind_text0 (write, 4, job->title);
  bind_text0 (write, 5, job->author);
  bind_text0 (write, 6, job->source);
  sqlite3_bind_int (write, 7, job->state);
  bind_text0 (write, 8, job->failure_reason);
  sqlite3_bind_int64 (write, 9, job->updated);
  if ((rc = sqlite3_step (write)) != SQLITE_DONE)
    {
      byline_store_set_error (error, db, rc);
      goto fail;
    }
  if (!exists)
    rowid = sqlite3_last_insert_rowid (db);

  if (!update_index_locked (db, rowid, job->updated, error))
    goto fail;

  if (g_strcmp0 (old_author, job->author) != 0)
    remember_locked (self, BYLINE_REMEMBERED_AUTHOR, job->author, job->updated);
  if (g_strcmp0 (old_source, job->source) != 0)
    remember_locked (self, BYLINE_REMEMBERED_SOURCE, job->source, job->updated);

  if ((rc = exec_sql (db, "COMMIT", error)) != SQLITE_OK)
    goto fail;

  job->changed = TRUE;
  return TRUE;

fail:
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/* Always through a source: g_main_context_invoke() would run the function
 * right here when this thread can acquire the context, which on a worker
 * thread is the wrong thread. */
static void
run_in_context (GMainContext *context,
                GSourceFunc   func,
                gpointer      data)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, NULL);
  g_source_set_static_name (source, "[byline] store");
  g_source_attach (source, context);
}

typedef struct
{
  BylineStore *store;
  char        *id;
  guint        signal_id;
} Emission;

static gboolean
emit_in_context_cb (gpointer data)
{
  Emission *emission = data;

  g_signal_emit (emission->store, emission->signal_id, 0, emission->id);
  g_object_unref (emission->store);
  g_free (emission->id);
  g_free (emission);

  return G_SOURCE_REMOVE;
}

static void
emit_draft_signal (BylineStore *self,
                   guint        signal_index,
                   const char  *id)
{
  Emission *emission;

  /* Listeners (the list model, the window) live in the thread that opened
   * the store; a save finished elsewhere tells them there. */
  if (g_thread_self () == self->owner)
    {
      g_signal_emit (self, signals[signal_index], 0, id);
      return;
    }

  emission = g_new0 (Emission, 1);
  emission->store = g_object_ref (self);
  emission->id = g_strdup (id);
  emission->signal_id = signals[signal_index];
  run_in_context (self->context, emit_in_context_cb, emission);
}

static void
note_saved (BylineStore   *self,
            BylineArticle *article,
            SaveJob       *job)
{
  if (!job->changed)
    return;

  if (article != NULL)
    {
      g_autoptr(GDateTime) updated = g_date_time_new_from_unix_utc (job->updated / G_USEC_PER_SEC);

      byline_article_set_updated (article, updated);
    }
  emit_draft_signal (self, DRAFT_SAVED, job->id);
}

/**
 * byline_store_save:
 * @self: a store
 * @article: the article to save
 * @error: where to put an error
 *
 * Saves @article in one transaction, keeping the version it replaces as a
 * revision (the newest %BYLINE_STORE_MAX_REVISIONS are kept). Saving an
 * unchanged article writes nothing. Blocks on the disk: the window uses
 * byline_store_save_async().
 *
 * Returns: %TRUE when the article is on disk
 */
gboolean
byline_store_save (BylineStore    *self,
                   BylineArticle  *article,
                   GError        **error)
{
  g_autoptr(SaveJob) job = NULL;
  gboolean ok;

  g_return_val_if_fail (BYLINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (BYLINE_IS_ARTICLE (article), FALSE);

  job = save_job_new (self, article);
  g_mutex_lock (&self->lock);
  ok = save_job_run (job, error);
  g_mutex_unlock (&self->lock);

  if (ok)
    note_saved (self, article, job);
  return ok;
}

/* What byline_store_write_async() queues. */
typedef struct
{
  char                 *draft_id;
  BylineArticle        *article;
  BylineStoreWriteFunc  func;
  gpointer              data;
  GDestroyNotify        destroy;
  SaveJob              *save;
  GError               *error;
} WriteJob;

static gboolean
complete_save_cb (gpointer data)
{
  g_autoptr(GTask) task = data;
  GError **error;

  if (g_task_get_source_tag (task) == byline_store_save_async)
    error = &((SaveJob *) g_task_get_task_data (task))->error;
  else
    error = &((WriteJob *) g_task_get_task_data (task))->error;

  if (*error != NULL)
    g_task_return_error (task, g_steal_pointer (error));
  else
    g_task_return_boolean (task, TRUE);

  return G_SOURCE_REMOVE;
}

static void write_job_run (GTask *task);

/* An autosave lands while the editor types, on a machine that may have two
 * cores for the main thread, the renderer's threads and the save: the
 * frame showing the keystroke must not wait for the save's CPU, while the
 * save, a fraction of a second late, loses nothing. The thread is the
 * store's own (an exclusive pool), so no other pool's work inherits this.
 * Linux keeps a nice value per thread; elsewhere the writer runs as is. */
static void
lower_writer_priority (BylineStore *self)
{
#ifdef __linux__
  id_t tid = (id_t) syscall (SYS_gettid);
  int nice_value;

  errno = 0;
  nice_value = getpriority (PRIO_PROCESS, tid);
  if (errno == 0)
    setpriority (PRIO_PROCESS, tid, MIN (nice_value + WRITER_NICE_OFFSET, 19));
#endif
  self->writer_niced = TRUE;
}

static void
writer_func (gpointer data,
             gpointer user_data)
{
  GTask *task = data;
  BylineStore *self = user_data;
  SaveJob *job = g_task_get_task_data (task);

  if (!self->writer_niced)
    lower_writer_priority (self);

  g_mutex_lock (&self->lock);
  if (g_task_get_source_tag (task) == byline_store_save_async)
    save_job_run (job, &job->error);
  else
    write_job_run (task);
  g_mutex_unlock (&self->lock);

  /* The task (and with it the store) is handed back whole to the thread
   * that asked: the writer keeps no reference that could outlive the
   * caller's callback. */
  run_in_context (g_task_get_context (task), complete_save_cb, task);
}

static void
save_async_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
}

/**
 * byline_store_save_async:
 * @self: a store
 * @article: the article to save
 * @cancellable: (nullable): a cancellable (a save already started completes)
 * @callback: called when the article is on disk, or the save failed
 * @user_data: for @callback
 *
 * Like byline_store_save(), on the store's writer thread. The article's
 * fields are read at once, so it can be edited while the save runs; saves
 * reach the disk in the order they were asked for.
 */
void
byline_store_save_async (BylineStore         *self,
                         BylineArticle       *article,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BYLINE_IS_STORE (self));
  g_return_if_fail (BYLINE_IS_ARTICLE (article));

  task = g_task_new (self, cancellable, callback != NULL ? callback : save_async_done_cb,
                     user_data);
  g_task_set_source_tag (task, byline_store_save_async);
  g_task_set_task_data (task, save_job_new (self, article), (GDestroyNotify) save_job_free);
  /* The article is kept to receive its updated time when the save is done. */
  g_object_set_data_full (G_OBJECT (task), "article", g_object_ref (article), g_object_unref);

  if (self->writer == NULL)
    {
      g_task_return_new_error (task, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_READ_ONLY,
                               _("Drafts cannot be saved: the drafts folder “%s” is read-only."),
                               self->dir);
      return;
    }

  g_thread_pool_push (self->writer, g_steal_pointer (&task), NULL);
}

/**
 * byline_store_save_finish:
 * @self: a store
 * @result: the result given to the callback
 * @error: where to put an error
 *
 * Returns: %TRUE when the article is on disk
 */
gboolean
byline_store_save_finish (BylineStore   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  GTask *task = G_TASK (result);
  gboolean ok;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  ok = g_task_propagate_boolean (task, error);
  if (ok)
    note_saved (self, g_object_get_data (G_OBJECT (task), "article"), g_task_get_task_data (task));
  return ok;
}

/* Other writes, in the same queue: what a publish learns (the draft's
 * state, the outbox, uploaded media) lands in order with the editor's saves,
 * off the main thread. */

static BylineArticle *article_from_columns (const char  *json,
                                            const char  *body,
                                            gint64       updated,
                                            GError     **error);

static void
write_job_free (WriteJob *job)
{
  if (job->destroy != NULL)
    job->destroy (job->data);
  g_free (job->draft_id);
  g_clear_object (&job->article);
  g_clear_pointer (&job->save, save_job_free);
  g_clear_error (&job->error);
  g_free (job);
}

static BylineArticle *
load_locked (BylineStore  *self,
             const char   *id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = prepare (self->write_db,
                  "SELECT json, body, updated FROM drafts WHERE id = ? AND deleted = 0", NULL);
  if (stmt == NULL)
    return NULL;
  bind_text0 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return article_from_columns ((const char *) sqlite3_column_text (stmt, 0),
                               (const char *) sqlite3_column_text (stmt, 1),
                               sqlite3_column_int64 (stmt, 2),
                               NULL);
}

/* On the writer thread, holding the lock. */
static void
write_job_run (GTask *task)
{
  BylineStore *self = g_task_get_source_object (task);
  WriteJob *job = g_task_get_task_data (task);
  sqlite3 *db = self->write_db;

  if (self->read_only || db == NULL)
    {
      g_set_error (&job->error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_READ_ONLY,
                   _("Drafts cannot be saved: the drafts folder “%s” is read-only."), self->dir);
      return;
    }

  /* The draft as it is now, with every save queued before this one. */
  if (job->draft_id != NULL)
    {
      g_autoptr(BylineArticle) stored = load_locked (self, job->draft_id);

      if (stored != NULL)
        g_set_object (&job->article, stored);
    }

  if (job->func != NULL)
    {
      if (exec_sql (db, "BEGIN IMMEDIATE", &job->error) != SQLITE_OK)
        return;
      if (!job->func (self, db, job->article, job->data, &job->error)
          || exec_sql (db, "COMMIT", &job->error) != SQLITE_OK)
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          return;
        }
    }

  if (job->article != NULL)
    {
      job->save = save_job_new (self, job->article);
      save_job_run (job->save, &job->error);
    }
}

/**
 * byline_store_write_async:
 * @self: a store
 * @draft_id: (nullable): the draft that @func changes, or %NULL for none
 * @fallback: (nullable): the draft to save when there is no stored
 *   @draft_id; copied now
 * @func: (nullable): the writes; %NULL only waits for the writes queued
 *   before
 * @data: for @func
 * @destroy: (nullable): frees @data
 * @callback: called when everything is on disk, or it failed
 * @user_data: for @callback
 *
 * Queues @func behind every save asked for so far, on the writer thread.
 * It runs holding the store's lock, in a transaction of its own, with the
 * draft @draft_id as stored by then (or a copy of @fallback); the draft is
 * saved after that transaction, when @func left it changed. Nothing here is
 * cancellable: this is for what must be recorded once it happened.
 */
void
byline_store_write_async (BylineStore          *self,
                          const char           *draft_id,
                          BylineArticle        *fallback,
                          BylineStoreWriteFunc  func,
                          gpointer              data,
                          GDestroyNotify        destroy,
                          GAsyncReadyCallback   callback,
                          gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  WriteJob *job;

  g_return_if_fail (BYLINE_IS_STORE (self));
  g_return_if_fail (fallback == NULL || BYLINE_IS_ARTICLE (fallback));

  job = g_new0 (WriteJob, 1);
  job->draft_id = g_strdup (draft_id);
  job->article = fallback != NULL ? byline_article_copy (fallback) : NULL;
  job->func = func;
  job->data = data;
  job->destroy = destroy;

  task = g_task_new (self, NULL, callback != NULL ? callback : save_async_done_cb, user_data);
  g_task_set_source_tag (task, byline_store_write_async);
  g_task_set_task_data (task, job, (GDestroyNotify) write_job_free);

  if (self->writer == NULL)
    {
      g_task_return_new_error (task, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_READ_ONLY,
                               _("Drafts cannot be saved: the drafts folder “%s” is read-only."),
                               self->dir);
      return;
    }

  g_thread_pool_push (self->writer, g_steal_pointer (&task), NULL);
}

/**
 * byline_store_write_finish:
 * @self: a store
 * @result: the result given to the callback
 * @article: (out) (optional) (transfer full) (nullable): the draft as saved
 * @error: where to put an error
 *
 * Returns: %TRUE when the writes, and the draft, are on disk
 */
gboolean
byline_store_write_finish (BylineStore    *self,
                           GAsyncResult   *result,
                           BylineArticle **article,
                           GError        **error)
{
  GTask *task = G_TASK (result);
  WriteJob *job;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (article != NULL)
    *article = NULL;
  if (!g_task_propagate_boolean (task, error))
    return FALSE;

  job = g_task_get_task_data (task);
  if (job->save != NULL)
    note_saved (self, job->article, job->save);
  if (article != NULL && job->article != NULL)
    *article = g_object_ref (job->article);
  return TRUE;
}

/* Reading */

static BylineArticle *
article_from_columns (const char  *json,
                      const char  *body,
                      gint64       updated,
                      GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (updated / G_USEC_PER_SEC);
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;

  if (!json_parser_load_from_data (parser, json, -1, &local_error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_CORRUPT,
                   _("A stored draft is damaged and cannot be read."));
      return NULL;
    }

  object = json_node_get_object (json_parser_get_root (parser));
  if (body != NULL)
    json_object_set_string_member (object, "body", body);
  if (dt != NULL)
    {
      g_autofree char *stamp = g_date_time_format_iso8601 (dt);

      json_object_set_string_member (object, "updated", stamp);
    }

  return byline_article_new_from_json_node (json_parser_get_root (parser), error);
}

/**
 * byline_store_load:
 * @self: a store
 * @id: a draft's id
 * @error: where to put an error (%BYLINE_STORE_ERROR_NOT_FOUND when there
 *   is no such draft, or it was deleted)
 *
 * Returns: (transfer full) (nullable): the draft
 */
BylineArticle *
byline_store_load (BylineStore  *self,
                   const char   *id,
                   GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (BYLINE_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  stmt = prepare (self->read_db,
                  "SELECT json, body, updated FROM drafts WHERE id = ? AND deleted = 0", error);
  if (stmt == NULL)
    return NULL;
  bind_text0 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_NOT_FOUND,
                   _("There is no draft “%s”."), id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      byline_store_set_error (error, self->read_db, rc);
      return NULL;
    }

  return article_from_columns ((const char *) sqlite3_column_text (stmt, 0),
                               (const char *) sqlite3_column_text (stmt, 1),
                               sqlite3_column_int64 (stmt, 2),
                               error);
}

static gboolean
set_deleted (BylineStore  *self,
             const char   *id,
             gboolean      deleted,
             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  if (self->read_only || self->write_db == NULL)
    {
      g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_READ_ONLY,
                   _("Drafts cannot be changed: the drafts folder “%s” is read-only."),
                   self->dir);
      return FALSE;
    }

  g_mutex_lock (&self->lock);
  stmt = prepare (self->write_db,
                  deleted ? "UPDATE drafts SET deleted = ?2 WHERE id = ?1 AND deleted = 0"
                          : "UPDATE drafts SET deleted = 0 WHERE id = ?1 AND deleted != 0",
                  error);
  if (stmt != NULL)
    {
      bind_text0 (stmt, 1, id);
      if (deleted)
        sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        byline_store_set_error (error, self->write_db, rc);
      else if (sqlite3_changes (self->write_db) == 0)
        g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_NOT_FOUND,
                     _("There is no draft “%s”."), id);
      else
        ok = TRUE;
    }
  g_mutex_unlock (&self->lock);

  if (ok)
    emit_draft_signal (self, deleted ? DRAFT_DELETED : DRAFT_SAVED, id);
  return ok;
}

/**
 * byline_store_delete:
 * @self: a store
 * @id: a draft's id
 * @error: where to put an error
 *
 * Moves a draft to the trash: it leaves every list and search, and
 * byline_store_undelete() brings it back, with its revisions, for a week.
 *
 * Returns: %TRUE on success
 */
gboolean
byline_store_delete (BylineStore  *self,
                     const char   *id,
                     GError      **error)
{
  g_return_val_if_fail (BYLINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return set_deleted (self, id, TRUE, error);
}

/**
 * byline_store_undelete:
 * @self: a store
 * @id: the id of a deleted draft
 * @error: where to put an error
 *
 * Returns: %TRUE when the draft is back
 */
gboolean
byline_store_undelete (BylineStore  *self,
                       const char   *id,
                       GError      **error)
{
  g_return_val_if_fail (BYLINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return set_deleted (self, id, FALSE, error);
}

/**
 * byline_store_purge_deleted:
 * @self: a store
 * @error: where to put an error
 *
 * Removes for good the drafts deleted more than a week ago, with their
 * revisions.
 *
 * Returns: how many drafts were removed
 */
guint
byline_store_purge_deleted (BylineStore  *self,
                            GError      **error)
{
  g_autoptr(sqlite3_stmt) revs = NULL;
  g_autoptr(sqlite3_stmt) drafts = NULL;
  gint64 before = g_get_real_time () - PURGE_AFTER_USEC;
  guint removed = 0;
  int rc;

  g_return_val_if_fail (BYLINE_IS_STORE (self), 0);

  if (self->read_only || self->write_db == NULL)
    return 0;

  g_mutex_lock (&self->lock);
  if (exec_sql (self->write_db, "BEGIN IMMEDIATE", error) != SQLITE_OK)
    goto out;

  revs = prepare (self->write_db,
                  "DELETE FROM revisions WHERE draft_id IN "
                  "(SELECT id FROM drafts WHERE deleted != 0 AND deleted < ?)", error);
  drafts = prepare (self->write_db, "DELETE FROM drafts WHERE deleted != 0 AND deleted < ?",
                    error);
  if (revs == NULL || drafts == NULL)
    goto rollback;

  sqlite3_bind_int64 (revs, 1, before);
  sqlite3_bind_int64 (drafts, 1, before);
  if ((rc = sqlite3_step (revs)) != SQLITE_DONE || (rc = sqlite3_step (drafts)) != SQLITE_DONE)
    {
      byline_store_set_error (error, self->write_db, rc);
      goto rollback;
    }
  removed = sqlite3_changes (self->write_db);
  if (exec_sql (self->write_db, "COMMIT", error) != SQLITE_OK)
    {
      removed = 0;
      goto rollback;
    }
  goto out;

rollback:
  sqlite3_exec (self->write_db, "ROLLBACK", NULL, NULL, NULL);
out:
  g_mutex_unlock (&self->lock);
  return removed;
}

/**
 * byline_store_update_index:
 * @self: a store
 * @error: where to put an error
 *
 * Re-indexes for search, now, the drafts whose re-indexing was put off
 * while they were being typed into (see %BYLINE_STORE_INDEX_DELAY_S).
 * Searches are exact either way; this only makes them use the index.
 * Blocks on the disk.
 *
 * Returns: %TRUE when the index is up to date
 */
gboolean
byline_store_update_index (BylineStore  *self,
                           GError      **error)
{
  gboolean ok = FALSE;

  g_return_val_if_fail (BYLINE_IS_STORE (self), FALSE);

  if (self->read_only || self->write_db == NULL)
    return TRUE;

  g_mutex_lock (&self->lock);
  if (exec_sql (self->write_db, "BEGIN IMMEDIATE", error) == SQLITE_OK)
    {
      ok = reindex_pending_locked (self->write_db, "1", 0, 0, error) &&
           exec_sql (self->write_db, "COMMIT", error) == SQLITE_OK;
      if (!ok)
        sqlite3_exec (self->write_db, "ROLLBACK", NULL, NULL, NULL);
    }
  g_mutex_unlock (&self->lock);

  return ok;
}

/**
 * byline_store_count:
 * @self: a store
 *
 * Returns: the number of drafts, deleted ones excluded
 */
gint64
byline_store_count (BylineStore *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (BYLINE_IS_STORE (self), 0);

  /* A count of the whole table only walks the pages of its smallest index
   * (100,000 drafts: about 600 pages), where a count with a WHERE would
   * step through every row. Deleted drafts, marked with the time of their
   * deletion, are few and found by the index. */
  stmt = prepare (self->read_db,
                  "SELECT (SELECT count(*) FROM drafts) "
                  "     - (SELECT count(*) FROM drafts WHERE deleted > 0)", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

/**
 * byline_store_dup_latest_id:
 * @self: a store
 *
 * Returns: (transfer full) (nullable): the id of the draft edited last
 */
char *
byline_store_dup_latest_id (BylineStore *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (BYLINE_IS_STORE (self), NULL);

  stmt = prepare (self->read_db,
                  "SELECT id FROM drafts WHERE deleted = 0 ORDER BY updated DESC, rowid DESC "
                  "LIMIT 1", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/**
 * byline_store_search_ids:
 * @self: a store
 * @text: what to look for in title, body, author and source
 * @limit: at most this many ids, or 0 for all
 * @error: where to put an error
 *
 * Finds drafts holding @text anywhere (a substring: "商会党建" finds
 * "做强商会党建"), newest first.
 *
 * Returns: (transfer full) (element-type utf8): draft ids
 */
GPtrArray *
byline_store_search_ids (BylineStore  *self,
                         const char   *text,
                         guint         limit,
                         GError      **error)
{
  g_autoptr(GArray) rowids = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (BYLINE_IS_STORE (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  rowids = byline_store_query_rowids (self, text, -1, NULL, error);
  if (rowids == NULL)
    return NULL;

  ids = g_ptr_array_new_with_free_func (g_free);
  stmt = prepare (self->read_db, "SELECT id FROM drafts WHERE rowid = ?", error);
  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < rowids->len && (limit == 0 || i < limit); i++)
    {
      sqlite3_bind_int64 (stmt, 1, g_array_index (rowids, gint64, i));
      if (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      sqlite3_reset (stmt);
    }

  return g_steal_pointer (&ids);
}

/* Makes an FTS5 query of one phrase out of what the editor typed, so that
 * quotes and operators in it are searched for, not obeyed. */
static char *
make_phrase (const char *text)
{
  GString *phrase = g_string_new ("\"");

  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (phrase, '"');
      g_string_append_c (phrase, *p);
    }
  g_string_append_c (phrase, '"');

  return g_string_free (phrase, FALSE);
}

static char *
make_like_pattern (const char *text)
{
  GString *pattern = g_string_new ("%");

  for (const char *p = text; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');

  return g_string_free (pattern, FALSE);
}

gboolean
byline_store_query_rowids_after (BylineStore  *self,
                                 gint64        after_updated,
                                 gint64        after_rowid,
                                 guint         limit,
                                 GArray       *rowids,
                                 gint64       *last_updated,
                                 GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (BYLINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (rowids != NULL, FALSE);

  /* A seek in drafts_by_updated and a short walk: the cost follows @limit,
   * not where in the list the page starts. */
  if (after_rowid > 0)
    stmt = prepare (self->read_db,
                    "SELECT rowid, updated FROM drafts "
                    "WHERE deleted = 0 AND (updated, rowid) < (?1, ?2) "
                    "ORDER BY updated DESC, rowid DESC LIMIT ?3", error);
  else
    stmt = prepare (self->read_db,
                    "SELECT rowid, updated FROM drafts WHERE deleted = 0 "
                    "ORDER BY updated DESC, rowid DESC LIMIT ?3", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, after_updated);
  sqlite3_bind_int64 (stmt, 2, after_rowid);
  sqlite3_bind_int64 (stmt, 3, limit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (rowids, rowid);
      if (last_updated != NULL)
        *last_updated = sqlite3_column_int64 (stmt, 1);
    }
  if (rc != SQLITE_DONE)
    {
      byline_store_set_error (error, self->read_db, rc);
      return FALSE;
    }

  return TRUE;
}

GArray *
byline_store_query_rowids (BylineStore  *self,
                           const char   *search,
                           int           state,
                           gboolean     *truncated,
                           GError      **error)
{
  g_autoptr(sqlite3_stmt) count_stmt = NULL;
  gboolean like_search = FALSE;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *query = NULL;
  g_autofree char *pattern = NULL;
  g_autofree char *stripped = NULL;
  int rc;

  stripped = g_strstrip (g_strdup (search != NULL ? search : ""));

  if (*stripped == '\0')
    {
      if (state < 0)
        stmt = prepare (self->read_db,
                        "SELECT rowid FROM drafts WHERE deleted = 0 "
                        "ORDER BY updated DESC, rowid DESC", error);
      else
        stmt = prepare (self->read_db,
                        "SELECT rowid FROM drafts WHERE deleted = 0 AND state = ?1 "
                        "ORDER BY updated DESC, rowid DESC", error);
    }
  else if (g_utf8_strlen (stripped, -1) >= 3)
    {
      /* The trigram index answers substrings of three characters or more.
       * A word found in tens of thousands of drafts would cost more to sort
       * than it is worth to the editor, who then types a longer one: a
       * search keeps the most recently created matches. */
      query = make_phrase (stripped);
      pattern = make_like_pattern (stripped);
      stmt = prepare (self->read_db,
                      /* CROSS JOIN keeps SQLite from walking the whole
                       * list in update order and testing each draft
                       * against the matches: the matches come first.
                       * The index is not asked about drafts whose
                       * re-indexing is pending: their own text is. */
                      "SELECT d.rowid AS r, d.updated AS u FROM "
                      "  (SELECT rowid AS r FROM drafts_fts WHERE drafts_fts MATCH ?2 "
                      "   AND rowid NOT IN (SELECT rowid FROM drafts_fts_pending) "
                      "   ORDER BY rowid DESC LIMIT " G_STRINGIFY (BYLINE_STORE_SEARCH_LIMIT) ") AS m "
                      "CROSS JOIN drafts AS d ON d.rowid = m.r "
                      "WHERE d.deleted = 0 AND (?1 < 0 OR d.state = ?1) "
                      "UNION ALL "
                      "SELECT d.rowid, d.updated FROM drafts_fts_pending AS p "
                      "CROSS JOIN drafts AS d ON d.rowid = p.rowid "
                      "WHERE d.deleted = 0 AND (?1 < 0 OR d.state = ?1) "
                      "  AND (d.title LIKE ?3 ESCAPE '\\' OR d.body LIKE ?3 ESCAPE '\\' "
                      "       OR d.author LIKE ?3 ESCAPE '\\' OR d.source LIKE ?3 ESCAPE '\\') "
                      "ORDER BY u DESC, r DESC", error);
      /* Whether the cap left matches out: reading one row id past it from
       * the index costs far less than the search itself. */
      if (stmt != NULL && truncated != NULL)
        {
          count_stmt = prepare (self->read_db,
                                "SELECT count (*) FROM "
                                "  (SELECT 1 FROM drafts_fts WHERE drafts_fts MATCH ?1 "
                                "   LIMIT " G_STRINGIFY (BYLINE_STORE_SEARCH_LIMIT) " + 1)",
                                error);
          if (count_stmt == NULL)
            return NULL;
        }
    }
  else
    {
      /* One or two characters (a surname, 两会): too short for trigrams, so
       * scan; slower on a large store, but still right. */
      query = make_like_pattern (stripped);
      stmt = prepare (self->read_db,
                      "SELECT r FROM "
                      "  (SELECT rowid AS r, updated AS u FROM drafts "
                      "   WHERE deleted = 0 AND (?1 < 0 OR state = ?1) "
                      "   AND (title LIKE ?2 ESCAPE '\\' OR body LIKE ?2 ESCAPE '\\' "
                      "        OR author LIKE ?2 ESCAPE '\\' OR source LIKE ?2 ESCAPE '\\') "
                      "   ORDER BY rowid DESC LIMIT " G_STRINGIFY (BYLINE_STORE_SEARCH_LIMIT) " + 1) "
                      "ORDER BY u DESC, r DESC", error);
      like_search = TRUE;
    }
  if (stmt == NULL)
    return NULL;

  if (truncated != NULL)
    *truncated = FALSE;

  sqlite3_bind_int (stmt, 1, state);
  if (query != NULL)
    bind_text0 (stmt, 2, query);
  if (pattern != NULL)
    bind_text0 (stmt, 3, pattern);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (rowids, rowid);
    }
  if (rc != SQLITE_DONE)
    {
      byline_store_set_error (error, self->read_db, rc);
      return NULL;
    }

  if (like_search && rowids->len > BYLINE_STORE_SEARCH_LIMIT)
    {
      /* The scan read one match past the cap to know it was reached; the
       * one to leave out is the oldest created, wherever it sorted. */
      const gint64 *data = (const gint64 *) (gpointer) rowids->data;
      guint oldest = 0;

      for (guint i = 1; i < rowids->len; i++)
        if (data[i] < data[oldest])
          oldest = i;
      g_array_remove_index (rowids, oldest);
      if (truncated != NULL)
        *truncated = TRUE;
    }

  if (count_stmt != NULL)
    {
      bind_text0 (count_stmt, 1, query);
      rc = sqlite3_step (count_stmt);
      if (rc != SQLITE_ROW)
        {
          byline_store_set_error (error, self->read_db, rc);
          return NULL;
        }
      *truncated = sqlite3_column_int64 (count_stmt, 0) > BYLINE_STORE_SEARCH_LIMIT;
    }

  return g_steal_pointer (&rowids);
}

/* Revisions */

/**
 * byline_store_list_revisions:
 * @self: a store
 * @id: a draft's id
 * @error: where to put an error
 *
 * Returns: (transfer full) (element-type gint64): the revision numbers of
 *   the draft, newest first; at most %BYLINE_STORE_MAX_REVISIONS
 */
GPtrArray *
byline_store_list_revisions (BylineStore  *self,
                             const char   *id,
                             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) revisions = g_ptr_array_new_with_free_func (g_free);
  int rc;

  g_return_val_if_fail (BYLINE_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  stmt = prepare (self->read_db,
                  "SELECT revision FROM revisions WHERE draft_id = ? ORDER BY revision DESC",
                  error);
  if (stmt == NULL)
    return NULL;
  bind_text0 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 *revision = g_new (gint64, 1);

      *revision = sqlite3_column_int64 (stmt, 0);
      g_ptr_array_add (revisions, revision);
    }
  if (rc != SQLITE_DONE)
    {
      byline_store_set_error (error, self->read_db, rc);
      return NULL;
    }

  return g_steal_pointer (&revisions);
}

/**
 * byline_store_load_revision:
 * @self: a store
 * @id: a draft's id
 * @revision: a number from byline_store_list_revisions()
 * @error: where to put an error
 *
 * Returns: (transfer full) (nullable): the draft as it was before that save
 */
BylineArticle *
byline_store_load_revision (BylineStore  *self,
                            const char   *id,
                            gint64        revision,
                            GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *json;
  int rc;

  g_return_val_if_fail (BYLINE_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  stmt = prepare (self->read_db,
                  "SELECT json FROM revisions WHERE draft_id = ? AND revision = ?", error);
  if (stmt == NULL)
    return NULL;
  bind_text0 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, revision);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, BYLINE_STORE_ERROR, BYLINE_STORE_ERROR_NOT_FOUND,
                   _("The draft has no revision %lld."), (long long) revision);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      byline_store_set_error (error, self->read_db, rc);
      return NULL;
    }

  json = (const char *) sqlite3_column_text (stmt, 0);
  return byline_article_new_from_json (json, -1, error);
}

/* Remembered authors and sources */

/**
 * byline_store_remember:
 * @self: a store
 * @kind: author or source
 * @value: the name used
 *
 * Counts one more use of @value (saving a draft does this by itself when
 * its author or source changes).
 */
void
byline_store_remember (BylineStore          *self,
                       BylineRememberedKind  kind,
                       const char           *value)
{
  g_return_if_fail (BYLINE_IS_STORE (self));

  if (self->read_only || self->write_db == NULL)
    return;

  g_mutex_lock (&self->lock);
  remember_locked (self, kind, value, g_get_real_time ());
  g_mutex_unlock (&self->lock);
}

/**
 * byline_store_dup_remembered:
 * @self: a store
 * @kind: author or source
 * @prefix: (nullable): what the editor has typed so far
 * @limit: at most this many
 *
 * Returns: (transfer full): remembered names starting with @prefix, the
 *   most used first
 */
char **
byline_store_dup_remembered (BylineStore          *self,
                             BylineRememberedKind  kind,
                             const char           *prefix,
                             guint                 limit)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (BYLINE_IS_STORE (self), NULL);

  /* substr() rather than LIKE: LIKE folds ASCII case and treats % and _ as
   * wildcards; a prefix is a prefix. */
  stmt = prepare (self->read_db,
                  "SELECT value FROM remembered WHERE kind = ?1 "
                  "AND substr (value, 1, length (?2)) = ?2 "
                  "ORDER BY uses DESC, last_used DESC LIMIT ?3", NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_int (stmt, 1, kind);
      bind_text0 (stmt, 2, prefix != NULL ? prefix : "");
      sqlite3_bind_int (stmt, 3, limit > 0 ? (int) MIN (limit, G_MAXINT) : -1);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
    }

  return g_strv_builder_end (builder);
}

/**
 * byline_store_list_drafts:
 * @self: a store
 * @search: (nullable): text to search for, or %NULL for every draft
 * @state: a #BylineArticleState to show only those, or -1
 *
 * Returns: (transfer full): a live, lazily loaded list of the drafts
 */
BylineDraftList *
byline_store_list_drafts (BylineStore *self,
                          const char  *search,
                          int          state)
{
  g_return_val_if_fail (BYLINE_IS_STORE (self), NULL);

  return byline_draft_list_new (self, search, state);
}
