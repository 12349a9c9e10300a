/* byline-cli-portal.c: byline-cli accounts, categories and publish
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <stdio.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "byline-accounts.h"
#include "byline-cli-private.h"
#include "byline-cli-portal.h"
#include "byline-ingest.h"
#include "byline-publisher.h"

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

/* The CLI has nothing else to do meanwhile: run the loop until the answer. */
static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static int
fail_with (const GError *error)
{
  g_printerr ("byline-cli: %s\n", error->message);
  return BYLINE_CLI_FAILURE;
}

static int
usage (const char *message)
{
  g_printerr ("byline-cli: %s\n", message);
  g_printerr ("%s", _("Usage:\n"
                      "  byline-cli accounts add NAME --url SITE --user USER [--allow-http]\n"
                      "             [--password-stdin]\n"
                      "  byline-cli accounts list\n"
                      "  byline-cli accounts test NAME\n"
                      "  byline-cli accounts remove NAME\n"
                      "  byline-cli accounts default NAME\n"
                      "  byline-cli categories [--account A] [--refresh]\n"
                      "  byline-cli categories --create NAME [--parent P] [--account A]\n"
                      "  byline-cli tags [--account A] [--refresh]\n"
                      "  byline-cli publish FILE_OR_DRAFT_ID [--account A] [--category C]\n"
                      "             [--status publish|draft|pending|future] [--at TIME]\n"
                      "             [--allow-duplicate] [--overwrite]\n"
                      "The password comes from $BYLINE_PORTAL_PASSWORD, else from the keyring\n"
                      "(asked on the terminal when an account is added).\n"));
  return BYLINE_CLI_USAGE;
}

/* Reads "--name value" pairs and flags; returns FALSE on an unknown one. */
static gboolean
parse_options (int           argc,
               char        **argv,
               int           first,
               const char  **names,
               const char  **values,
               guint         n_names,
               GPtrArray    *positional)
{
  for (int i = first; i < argc; i++)
    {
      gboolean known = FALSE;

      if (!g_str_has_prefix (argv[i], "--"))
        {
          g_ptr_array_add (positional, argv[i]);
          continue;
        }
      for (guint n = 0; n < n_names; n++)
        {
          gboolean is_flag = g_str_has_suffix (names[n], "!");
          g_autofree char *bare = g_strndup (names[n], strlen (names[n]) - (is_flag ? 1 : 0));

          if (!g_str_equal (argv[i] + 2, bare))
            continue;
          known = TRUE;
          if (is_flag)
            values[n] = "1";
          else if (i + 1 < argc)
            values[n] = argv[++i];
          else
            return FALSE;
        }
      if (!known)
        return FALSE;
    }
  return TRUE;
}

static char *
ask_password (const char *prompt)
{
  struct termios saved, quiet;
  char line[1024];
  FILE *tty;
  char *answer = NULL;
  int fd = open ("/dev/tty", O_RDWR | O_CLOEXEC);

  if (fd < 0)
    return NULL;
  tty = fdopen (fd, "r+");
  if (tty == NULL)
    {
      close (fd);
      return NULL;
    }
  fputs (prompt, tty);
  fflush (tty);
  if (tcgetattr (fd, &saved) == 0)
    {
      quiet = saved;
      quiet.c_lflag &= ~ECHO;
      tcsetattr (fd, TCSAFLUSH, &quiet);
    }
  if (fgets (line, sizeof line, tty) != NULL)
    answer = g_strdup (g_strchomp (line));
  tcsetattr (fd, TCSAFLUSH, &saved);
  fputs ("\n", tty);
  memset (line, 0, sizeof line);
  fclose (tty);
  return answer;
}

static char *
lookup_password (BylineAccount  *account,
                 GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  byline_account_lookup_password_async (account, NULL, result_cb, &result);
  return byline_account_lookup_password_finish (account, wait_for (&result), error);
}

static void
print_account (BylineAccount *account)
{
  g_print ("%s%s\t%s\t%s\t%s\t%s\n",
           byline_account_get_is_default (account) ? "* " : "  ",
           byline_account_get_name (account),
           byline_account_get_site_url (account),
           byline_account_get_username (account),
           byline_account_get_site_name (account) != NULL
           ? byline_account_get_site_name (account) : "",
           byline_account_get_roles (account) != NULL ? byline_account_get_roles (account) : "");
}

static int
accounts_add (BylineStore *store,
              int          argc,
              char       **argv)
{
  const char *names[] = { "url", "user", "allow-http!", "password-stdin!" };
  const char *values[G_N_ELEMENTS (names)] = { NULL, };
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(BylineAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;

  if (!parse_options (argc, argv, 2, names, values, G_N_ELEMENTS (names), positional)
      || positional->len != 1 || values[0] == NULL || values[1] == NULL)
    return usage (_("accounts add takes a NAME, --url SITE and --user USER"));

  if (byline_site_url_is_insecure (values[0]) && values[2] == NULL)
    {
      g_printerr (_("byline-cli: %s is plain http on another machine: the password would "
                    "cross the network readable by anyone on the way. Use https, or pass "
                    "--allow-http if you accept that.\n"),
                  values[0]);
      return BYLINE_CLI_FAILURE;
    }

  if (values[3] != NULL)
    {
      char line[1024];

      /* For scripts: the password is kept in the keyring like a typed one. */
      if (fgets (line, sizeof line, stdin) != NULL)
        password = g_strdup (g_strchomp (line));
      memset (line, 0, sizeof line);
    }
  else if (g_getenv (BYLINE_PORTAL_PASSWORD_ENV) != NULL)
    password = g_strdup (g_getenv (BYLINE_PORTAL_PASSWORD_ENV));
  else
    password = ask_password (_("Application Password: "));
  if (password == NULL || *password == '\0')
    {
      g_printerr (_("byline-cli: no password given; type it when asked, or set %s.\n"),
                  BYLINE_PORTAL_PASSWORD_ENV);
      return BYLINE_CLI_FAILURE;
    }

  byline_accounts_add_async (store, g_ptr_array_index (positional, 0), values[0], values[1],
                             password, NULL, result_cb, &result);
  account = byline_accounts_add_finish (store, wait_for (&result), &error);
  if (account == NULL)
    return fail_with (error);

  g_print (_("Added “%s”: %s, as %s (%s)%s\n"), byline_account_get_name (account),
           byline_account_get_site_name (account) != NULL
           ? byline_account_get_site_name (account) : byline_account_get_site_url (account),
           byline_account_get_user_name (account) != NULL
           ? byline_account_get_user_name (account) : byline_account_get_username (account),
           byline_account_get_roles (account) != NULL ? byline_account_get_roles (account) : "",
           byline_account_get_is_default (account) ? _(", the default account") : "");
  return BYLINE_CLI_OK;
}

static int
accounts_test (BylineStore *store,
               const char  *name)
{
  g_autoptr(BylineAccount) account = NULL;
  g_autoptr(BylinePortal) portal = NULL;
  g_autoptr(BylinePortalSite) site = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  g_autofree char *roles = NULL;

  account = byline_accounts_lookup (store, name, &error);
  if (account == NULL)
    return fail_with (error);
  password = lookup_password (account, &error);
  if (password == NULL)
    return fail_with (error);
  portal = byline_account_create_portal (account, password);
  byline_portal_connect_async (portal, NULL, result_cb, &result);
  site = byline_portal_connect_finish (portal, wait_for (&result), &error);
  if (site == NULL)
    return fail_with (error);

  roles = site->roles != NULL ? g_strjoinv (",", site->roles) : g_strdup ("");
  g_print (_("“%s” works: %s at %s, as %s (%s); attribution meta %s.\n"),
           byline_account_get_name (account), site->site_name != NULL ? site->site_name : "",
           site->rest_root, site->user_name != NULL ? site->user_name : "", roles,
           site->meta_supported ? _("supported") : _("not installed"));
  return BYLINE_CLI_OK;
}

/**
 * byline_cli_accounts:
 *
 * byline-cli accounts add|list|test|remove|default …
 */
int
byline_cli_accounts (int    argc,
                     char **argv)
{
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(BylineAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  const char *sub = argc > 1 ? argv[1] : "list";

  if ((store = byline_cli_open_store ()) == NULL)
    return BYLINE_CLI_FAILURE;

  if (g_str_equal (sub, "add"))
    return accounts_add (store, argc, argv);

  if (g_str_equal (sub, "list"))
    {
      g_autoptr(GPtrArray) accounts = byline_accounts_list (store, &error);

      if (accounts == NULL)
        return fail_with (error);
      for (guint i = 0; i < accounts->len; i++)
        print_account (g_ptr_array_index (accounts, i));
      return BYLINE_CLI_OK;
    }

  if (argc != 3)
    return usage (_("give the account’s name"));

  if (g_str_equal (sub, "test"))
    return accounts_test (store, argv[2]);

  account = byline_accounts_lookup (store, argv[2], &error);
  if (account == NULL)
    return fail_with (error);

  if (g_str_equal (sub, "remove"))
    {
      if (!byline_accounts_remove (store, account, &error))
        return fail_with (error);
      g_print (_("Removed “%s”.\n"), byline_account_get_name (account));
      return BYLINE_CLI_OK;
    }
  if (g_str_equal (sub, "default"))
    {
      if (!byline_accounts_set_default (store, account, &error))
        return fail_with (error);
      return BYLINE_CLI_OK;
    }
  return usage (_("accounts takes add, list, test, remove or default"));
}

static BylinePublisher *
make_publisher (BylineStore  *store,
                const char   *account_name,
                GError      **error)
{
  g_autoptr(BylineAccount) account = NULL;
  g_autoptr(BylinePortal) portal = NULL;
  g_autofree char *password = NULL;

  account = byline_accounts_lookup (store, account_name, error);
  if (account == NULL)
    return NULL;
  password = lookup_password (account, error);
  if (password == NULL)
    return NULL;
  portal = byline_account_create_portal (account, password);
  return byline_publisher_new (store, account, portal);
}

static int
compare_terms (gconstpointer a,
               gconstpointer b)
{
  const BylinePortalTerm *ta = *(BylinePortalTerm * const *) a;
  const BylinePortalTerm *tb = *(BylinePortalTerm * const *) b;

  return g_utf8_collate (ta->name, tb->name);
}

static void
print_tree (GPtrArray *terms,
            gint64     parent,
            int        depth)
{
  for (guint i = 0; i < terms->len; i++)
    {
      BylinePortalTerm *term = g_ptr_array_index (terms, i);

      if (term->parent != parent || depth > 32)
        continue;
      g_print ("%" G_GINT64_FORMAT "\t%*s%s\n", term->id, depth * 2, "", term->name);
      print_tree (terms, term->id, depth + 1);
    }
}

/* Reads the portal's terms of @taxonomy into the cache; the categories
 * bring the tags along, so that drafting offline can offer both. */
static GPtrArray *
refresh_terms (BylineStore  *store,
               const char   *account_name,
               const char   *taxonomy,
               GError      **error)
{
  g_autoptr(BylinePublisher) publisher = make_publisher (store, account_name, error);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) tags_result = NULL;
  g_autoptr(GPtrArray) tags = NULL;
  g_autoptr(GError) tags_error = NULL;
  GPtrArray *terms;

  if (publisher == NULL)
    return NULL;
  byline_publisher_refresh_terms_async (publisher, taxonomy, NULL, result_cb, &result);
  terms = byline_publisher_refresh_terms_finish (publisher, wait_for (&result), error);
  if (terms == NULL || !g_str_equal (taxonomy, "categories"))
    return terms;

  byline_publisher_refresh_terms_async (publisher, "tags", NULL, result_cb, &tags_result);
  tags = byline_publisher_refresh_terms_finish (publisher, wait_for (&tags_result), &tags_error);
  if (tags == NULL)
    g_printerr (_("byline-cli: the tags were not refreshed: %s\n"), tags_error->message);
  return terms;
}

/* The parent by id, or by name (refreshed from the portal when the cache
 * does not have it). */
static gint64
find_parent (BylinePublisher  *publisher,
             GPtrArray        *cached,
             const char       *parent,
             GError          **error)
{
  g_autoptr(GPtrArray) terms = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  char *end = NULL;
  gint64 id = g_ascii_strtoll (parent, &end, 10);

  if (end != parent && *end == '\0' && id > 0)
    return id;
  for (int round = 0; round < 2; round++)
    {
      GPtrArray *list = round == 0 ? cached : terms;

      for (guint i = 0; list != NULL && i < list->len; i++)
        {
          BylinePortalTerm *term = g_ptr_array_index (list, i);

          if (g_strcmp0 (term->name, parent) == 0)
            return term->id;
        }
      if (round == 0)
        {
          byline_publisher_refresh_terms_async (publisher, "categories", NULL, result_cb,
                                                &result);
          terms = byline_publisher_refresh_terms_finish (publisher, wait_for (&result), error);
          if (terms == NULL)
            return -1;
        }
    }
  g_set_error (error, BYLINE_PUBLISH_ERROR, BYLINE_PUBLISH_ERROR_INVALID,
               _("The portal has no category named “%s”; choose one of its categories."),
               parent);
  return -1;
}

static int
create_category (BylineStore   *store,
                 BylineAccount *account,
                 GPtrArray     *cached,
                 const char    *account_name,
                 const char    *name,
                 const char    *parent)
{
  g_autoptr(BylinePublisher) publisher = NULL;
  g_autoptr(BylinePortalTerm) term = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 parent_id = 0;

  /* WordPress would refuse it with a 403: say why before asking. */
  if (!byline_account_can_manage_categories (account))
    {
      g_printerr (_("byline-cli: The portal user of “%s” (%s) may not create categories; an "
                    "editor or an administrator can.\n"),
                  byline_account_get_name (account),
                  byline_account_get_roles (account) != NULL
                  ? byline_account_get_roles (account) : _("no role"));
      return BYLINE_CLI_FAILURE;
    }
  publisher = make_publisher (store, account_name, &error);
  if (publisher == NULL)
    return fail_with (error);
  if (parent != NULL && (parent_id = find_parent (publisher, cached, parent, &error)) < 0)
    return fail_with (error);

  byline_publisher_create_category_async (publisher, name, parent_id, NULL, result_cb, &result);
  term = byline_publisher_create_category_finish (publisher, wait_for (&result), &error);
  if (term == NULL)
    return fail_with (error);
  g_print ("%" G_GINT64_FORMAT "\t%s\n", term->id, term->name);
  return BYLINE_CLI_OK;
}

/**
 * byline_cli_categories:
 *
 * byline-cli categories [--account A] [--refresh]: the portal's categories
 * as a tree, from the cache unless asked to refresh (or nothing is cached).
 * With --create NAME [--parent P], creates one (or finds the one of that
 * name) and prints its id and name.
 */
int
byline_cli_categories (int    argc,
                       char **argv)
{
  const char *names[] = { "account", "refresh!", "create", "parent" };
  const char *values[G_N_ELEMENTS (names)] = { NULL, };
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(BylineAccount) account = NULL;
  g_autoptr(GPtrArray) terms = NULL;
  g_autoptr(GError) error = NULL;

  if (!parse_options (argc, argv, 1, names, values, G_N_ELEMENTS (names), positional)
      || positional->len != 0 || (values[3] != NULL && values[2] == NULL))
    return usage (_("categories takes --account A, --refresh, or --create NAME [--parent P]"));
  if ((store = byline_cli_open_store ()) == NULL)
    return BYLINE_CLI_FAILURE;

  account = byline_accounts_lookup (store, values[0], &error);
  if (account == NULL)
    return fail_with (error);
  terms = byline_accounts_load_terms (store, byline_account_get_id (account), "categories",
                                      &error);
  if (terms == NULL)
    return fail_with (error);

  if (values[2] != NULL)
    return create_category (store, account, terms, values[0], values[2], values[3]);

  if (values[1] != NULL || terms->len == 0)
    {
      g_clear_pointer (&terms, g_ptr_array_unref);
      terms = refresh_terms (store, values[0], "categories", &error);
      if (terms == NULL)
        return fail_with (error);
    }

  g_ptr_array_sort (terms, compare_terms);
  print_tree (terms, 0, 0);
  return BYLINE_CLI_OK;
}

/**
 * byline_cli_tags:
 *
 * byline-cli tags [--account A] [--refresh]: the portal's tags as cached
 * (they are refreshed with the categories), id and name a line.
 */
int
byline_cli_tags (int    argc,
                 char **argv)
{
  const char *names[] = { "account", "refresh!" };
  const char *values[G_N_ELEMENTS (names)] = { NULL, };
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(BylineAccount) account = NULL;
  g_autoptr(GPtrArray) terms = NULL;
  g_autoptr(GError) error = NULL;

  if (!parse_options (argc, argv, 1, names, values, G_N_ELEMENTS (names), positional)
      || positional->len != 0)
    return usage (_("tags takes only --account A and --refresh"));
  if ((store = byline_cli_open_store ()) == NULL)
    return BYLINE_CLI_FAILURE;

  account = byline_accounts_lookup (store, values[0], &error);
  if (account == NULL)
    return fail_with (error);
  if (values[1] != NULL)
    terms = refresh_terms (store, values[0], "tags", &error);
  else
    terms = byline_accounts_load_terms (store, byline_account_get_id (account), "tags", &error);
  if (terms == NULL)
    return fail_with (error);

  g_ptr_array_sort (terms, compare_terms);
  for (guint i = 0; i < terms->len; i++)
    {
      BylinePortalTerm *term = g_ptr_array_index (terms, i);

      g_print ("%" G_GINT64_FORMAT "\t%s\n", term->id, term->name);
    }
  return BYLINE_CLI_OK;
}

static BylineArticle *
load_article (BylineStore  *store,
              const char   *what,
              GError      **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(BylineIngestResult) ingested = NULL;
  g_autoptr(BylineArticle) article = NULL;

  if (!g_file_test (what, G_FILE_TEST_IS_REGULAR))
    return byline_store_load (store, what, error);

  /* An article as `drafts export` writes it; anything else is a source
   * page or text, taken in the way a drop on the window is. */
  if (g_str_has_suffix (what, ".json"))
    {
      g_autofree char *text = NULL;
      gsize length;

      if (!g_file_get_contents (what, &text, &length, error))
        return NULL;
      article = byline_article_new_from_json (text, length, error);
    }
  else
    {
      file = g_file_new_for_commandline_arg (what);
      byline_ingest_file_async (file, NULL, NULL, result_cb, &result);
      ingested = byline_ingest_file_finish (wait_for (&result), error);
      if (ingested == NULL)
        return NULL;
      article = byline_ingest_result_to_article (ingested);
    }
  if (article == NULL)
    return NULL;
  /* Kept as a draft, so that a failed publish loses nothing. */
  if (!byline_store_save (store, article, error))
    return NULL;
  return g_steal_pointer (&article);
}

static gboolean
parse_status (const char         *status,
              BylinePublishMode  *mode)
{
  static const struct { const char *name; BylinePublishMode mode; } modes[] = {
    { "publish", BYLINE_PUBLISH_MODE_NOW },
    { "draft", BYLINE_PUBLISH_MODE_DRAFT },
    { "pending", BYLINE_PUBLISH_MODE_PENDING },
    { "future", BYLINE_PUBLISH_MODE_SCHEDULED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    if (g_str_equal (status, modes[i].name))
      {
        *mode = modes[i].mode;
        return TRUE;
      }
  return FALSE;
}

/* "2026-12-01 08:30", "2026-12-01T08:30:00+08:00": local time unless an
 * offset is given. */
static GDateTime *
parse_time (const char *text)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autofree char *iso = g_strdup (text);
  GDateTime *parsed;

  g_strdelimit (iso, " ", 'T');
  parsed = g_date_time_new_from_iso8601 (iso, local);
  if (parsed == NULL)
    {
      g_autofree char *with_seconds = g_strconcat (iso, ":00", NULL);

      parsed = g_date_time_new_from_iso8601 (with_seconds, local);
    }
  return parsed;
}

/**
 * byline_cli_publish:
 *
 * byline-cli publish FILE_OR_DRAFT_ID [--account A] [--category C]
 * [--status S] [--at TIME]: prints the post's address; exit code 1 with
 * the reason when the publish failed.
 */
int
byline_cli_publish (int    argc,
                    char **argv)
{
  const char *names[] = { "account", "category", "status", "at", "allow-duplicate!",
                          "overwrite!" };
  const char *values[G_N_ELEMENTS (names)] = { NULL, };
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(BylineArticle) article = NULL;
  g_autoptr(BylineArticle) published = NULL;
  g_autoptr(BylinePublisher) publisher = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  BylinePublishFlags flags = BYLINE_PUBLISH_FLAGS_NONE;

  if (!parse_options (argc, argv, 1, names, values, G_N_ELEMENTS (names), positional)
      || positional->len != 1)
    return usage (_("publish takes one file or draft id"));
  if ((store = byline_cli_open_store ()) == NULL)
    return BYLINE_CLI_FAILURE;

  article = load_article (store, g_ptr_array_index (positional, 0), &error);
  if (article == NULL)
    return fail_with (error);

  if (values[1] != NULL)
    {
      guint64 id;

      if (g_ascii_string_to_unsigned (values[1], 10, 1, G_MAXINT64, &id, NULL))
        byline_article_set_category_id (article, (gint64) id);
      else
        {
          byline_article_set_category (article, values[1]);
          byline_article_set_category_id (article, 0);
        }
    }
  if (values[2] != NULL)
    {
      BylinePublishMode mode;

      if (!parse_status (values[2], &mode))
        return usage (_("--status takes publish, draft, pending or future"));
      byline_article_set_publish_mode (article, mode);
    }
  if (values[3] != NULL)
    {
      g_autoptr(GDateTime) at = parse_time (values[3]);

      if (at == NULL)
        return usage (_("--at takes a time such as 2026-12-01 08:30"));
      byline_article_set_publish_time (article, at);
    }
  if (values[4] != NULL)
    flags |= BYLINE_PUBLISH_FLAGS_ALLOW_DUPLICATE;
  if (values[5] != NULL)
    flags |= BYLINE_PUBLISH_FLAGS_OVERWRITE;
  if ((values[1] != NULL || values[2] != NULL || values[3] != NULL)
      && !byline_store_save (store, article, &error))
    return fail_with (error);

  publisher = make_publisher (store, values[0], &error);
  if (publisher == NULL)
    return fail_with (error);

  byline_publisher_publish_async (publisher, article, flags, NULL, result_cb, &result);
  published = byline_publisher_publish_finish (publisher, wait_for (&result), &error);
  if (published == NULL)
    {
      g_printerr (_("byline-cli: the draft %s was not published:\n"),
                  byline_article_get_id (article));
      return fail_with (error);
    }

  g_print ("%s\n", byline_article_get_remote_url (published));
  return BYLINE_CLI_OK;
}
