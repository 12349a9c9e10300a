/* byline-cli.c: Byline's jobs with no display, for scripts and batch work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "byline.h"
#include "byline-cli-private.h"

static int
usage_error (const char *message)
{
  g_printerr ("byline-cli: %s\n", message);
  g_printerr (_("Run “byline-cli --help” for usage.\n"));
  return BYLINE_CLI_USAGE;
}

static void
print_usage (void)
{
  g_print ("%s", _("Usage: byline-cli COMMAND [ARGUMENTS…]\n"
                   "\n"
                   "Drafts:\n"
                   "  drafts list [--state STATE]   List drafts, newest first\n"
                   "  drafts search TEXT             Find drafts holding TEXT\n"
                   "  drafts show ID [--json]        Show one draft\n"
                   "  drafts export ID               Print a draft as article JSON\n"
                   "\n"
                   "Ingest:\n"
                   "  ingest [--json] [--save] FILE|URL|-\n"
                   "\n"
                   "Portal:\n"
                   "  accounts add|list|test|remove …\n"
                   "  categories [--refresh] [--create NAME [--parent P]]\n"
                   "  tags [--refresh]\n"
                   "  publish FILE_OR_DRAFT_ID [--account A] [--category C] [--status S]\n"
                   "\n"
                   "The drafts are read from $BYLINE_DATA_DIR, else from the user's data folder.\n"));
}

BylineStore *
byline_cli_open_store (void)
{
  g_autoptr(GError) error = NULL;
  BylineStore *store = byline_store_open (NULL, &error);

  if (store == NULL)
    {
      g_printerr ("byline-cli: %s\n", error->message);
      return NULL;
    }
  if (byline_store_get_moved_aside_to (store) != NULL)
    g_printerr (_("byline-cli: the drafts database was damaged; it was moved to %s and a "
                  "new one was started.\n"),
                byline_store_get_moved_aside_to (store));
  return store;
}

static void
print_summary_line (const char         *id,
                    const char         *title,
                    const char         *source,
                    BylineArticleState  state,
                    GDateTime          *updated)
{
  g_autofree char *when = updated != NULL ? g_date_time_format (updated, "%Y-%m-%d %H:%M") : NULL;

  g_print ("%s\t%s\t%s\t%s\t%s\n",
           id,
           byline_article_state_to_string (state),
           when != NULL ? when : "",
           source != NULL ? source : "",
           title != NULL ? title : "");
}

static void
print_list (BylineDraftList *list)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BylineDraftSummary) summary = g_list_model_get_item (G_LIST_MODEL (list), i);

      print_summary_line (byline_draft_summary_get_id (summary),
                          byline_draft_summary_get_title (summary),
                          byline_draft_summary_get_source (summary),
                          byline_draft_summary_get_state (summary),
                          byline_draft_summary_get_updated (summary));
    }
}

static int
drafts_list (int    argc,
             char **argv)
{
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(BylineDraftList) list = NULL;
  BylineArticleState state;
  int filter = -1;

  if (argc == 2 && g_str_equal (argv[0], "--state"))
    {
      if (!byline_article_state_from_string (argv[1], &state))
        return usage_error (_("--state takes draft, ready, queued, published or failed"));
      filter = state;
    }
  else if (argc != 0)
    return usage_error (_("drafts list takes no arguments but --state STATE"));

  if ((store = byline_cli_open_store ()) == NULL)
    return BYLINE_CLI_FAILURE;

  list = byline_store_list_drafts (store, NULL, filter);
  print_list (list);
  return BYLINE_CLI_OK;
}

static int
drafts_search (int    argc,
               char **argv)
{
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(BylineDraftList) list = NULL;
  g_autofree char *text = NULL;

  if (argc < 1)
    return usage_error (_("drafts search needs the text to look for"));

  text = g_strjoinv (" ", argv);
  if ((store = byline_cli_open_store ()) == NULL)
    return BYLINE_CLI_FAILURE;

  list = byline_store_list_drafts (store, text, -1);
  print_list (list);
  return BYLINE_CLI_OK;
}

static void
print_field (const char *label,
             const char *value)
{
  if (value != NULL && *value != '\0')
    g_print ("%s: %s\n", label, value);
}

static int
drafts_show (int      argc,
             char   **argv,
             gboolean export_json)
{
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(BylineArticle) article = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = export_json;
  const char *id = NULL;

  for (int i = 0; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--json"))
        json = TRUE;
      else if (id == NULL && argv[i][0] != '-')
        id = argv[i];
      else
        return usage_error (_("drafts show takes a draft id and --json"));
    }
  if (id == NULL)
    return usage_error (_("drafts show needs a draft id"));

  if ((store = byline_cli_open_store ()) == NULL)
    return BYLINE_CLI_FAILURE;

  article = byline_store_load (store, id, &error);
  if (article == NULL)
    {
      g_printerr ("byline-cli: %s\n", error->message);
      return BYLINE_CLI_FAILURE;
    }

  if (json)
    {
      g_autofree char *text = byline_article_to_json (article, TRUE);

      g_print ("%s\n", text);
      return BYLINE_CLI_OK;
    }

  {
    g_autofree char *when = NULL;
    g_autofree char *tags = g_strjoinv (", ", (char **) byline_article_get_tags (article));
    GDateTime *publish_time = byline_article_get_publish_time (article);

    if (publish_time != NULL)
      when = g_date_time_format (publish_time, "%Y-%m-%d %H:%M:%S %:z");

    print_field (_("Title"), byline_article_get_title (article));
    print_field (_("State"), byline_article_state_get_label (byline_article_get_state (article)));
    print_field (_("Category"), byline_article_get_category (article));
    print_field (_("Tags"), tags);
    print_field (_("Time"), when);
    print_field (_("Source"), byline_article_get_source (article));
    print_field (_("Source URL"), byline_article_get_source_url (article));
    print_field (_("Author"), byline_article_get_author (article));
    print_field (_("Editor in charge"), byline_article_get_editor (article));
    print_field (_("Original title"), byline_article_get_original_title (article));
    print_field (_("Original source"), byline_article_get_original_source (article));
    print_field (_("Summary"), byline_article_get_summary (article));
    g_print ("\n%s\n", byline_article_get_body (article) ? byline_article_get_body (article) : "");
  }

  return BYLINE_CLI_OK;
}

static int
drafts_command (int    argc,
                char **argv)
{
  if (argc < 2)
    return usage_error (_("drafts needs a subcommand: list, search, show or export"));

  if (g_str_equal (argv[1], "list"))
    return drafts_list (argc - 2, argv + 2);
  if (g_str_equal (argv[1], "search"))
    return drafts_search (argc - 2, argv + 2);
  if (g_str_equal (argv[1], "show"))
    return drafts_show (argc - 2, argv + 2, FALSE);
  if (g_str_equal (argv[1], "export"))
    return drafts_show (argc - 2, argv + 2, TRUE);

  return usage_error (_("drafts subcommands are list, search, show and export"));
}

typedef int (*CommandFunc) (int argc, char **argv);

typedef struct
{
  const char  *name;
  CommandFunc  func;
} Command;

int
main (int    argc,
      char **argv)
{
  static const Command commands[] = {
    { "drafts", drafts_command },
    BYLINE_CLI_EXTRA_COMMANDS
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    return usage_error (_("no command given"));

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      print_usage ();
      return BYLINE_CLI_OK;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("byline-cli %s\n", PACKAGE_VERSION);
      return BYLINE_CLI_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (commands[i].name != NULL && g_str_equal (argv[1], commands[i].name))
      return commands[i].func (argc - 1, argv + 1);

  {
    g_autofree char *message = g_strdup_printf (_("unknown command “%s”"), argv[1]);

    return usage_error (message);
  }
}
