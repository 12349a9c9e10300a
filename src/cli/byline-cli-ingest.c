/* byline-cli-ingest.c: byline-cli ingest [--json] [--save] FILE|URL|-
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same code path as a drop on the window: byline_ingest_file_async()
 * for a file, byline_ingest_uri_async() for an address, and
 * byline_ingest_bytes() for standard input.
 */

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <gio/gunixinputstream.h>

#include "byline-cli-private.h"
#include "byline-cli-ingest.h"
#include "byline-ingest.h"

typedef struct
{
  GMainLoop          *loop;
  BylineIngestResult *result;
  GError             *error;
  gboolean            is_uri;
} Job;

static void
ingest_done_cb (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  Job *job = user_data;

  if (job->is_uri)
    job->result = byline_ingest_uri_finish (res, &job->error);
  else
    job->result = byline_ingest_file_finish (res, &job->error);
  g_main_loop_quit (job->loop);
}

static BylineIngestResult *
ingest_stdin (const char  *encoding,
              GError     **error)
{
  g_autoptr(GInputStream) in = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) bytes = NULL;

  if (g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, error) < 0)
    return NULL;
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));

  return byline_ingest_bytes_with_encoding (bytes, NULL, NULL, encoding, error);
}

static void
print_field (const char *label,
             const char *value)
{
  if (value != NULL)
    g_print ("%s: %s\n", label, value);
}

static void
print_draft (BylineIngestResult *result)
{
  GDateTime *published = byline_ingest_result_get_published (result);
  const char * const *removed = byline_ingest_result_get_removed (result);
  g_autofree char *time = published != NULL ? g_date_time_format (published, "%Y-%m-%dT%H:%M:%S%:z") : NULL;

  print_field (_("Title"), byline_ingest_result_get_title (result));
  print_field (_("Short title"), byline_ingest_result_get_short_title (result));
  print_field (_("Time"), time);
  print_field (_("Source"), byline_ingest_result_get_source (result));
  print_field (_("Source URL"), byline_ingest_result_get_source_url (result));
  print_field (_("Author"), byline_ingest_result_get_author (result));
  print_field (_("Editor"), byline_ingest_result_get_editor (result));
  print_field (_("Original title"), byline_ingest_result_get_original_title (result));
  print_field (_("Original source"), byline_ingest_result_get_original_source (result));
  print_field (_("Category hint"), byline_ingest_result_get_category_hint (result));
  print_field (_("Encoding"), byline_ingest_result_get_encoding (result));
  g_print ("\n%s\n", byline_ingest_result_get_body (result));
  if (removed[0] != NULL)
    {
      guint n = g_strv_length ((char **) removed);

      g_print ("\n");
      g_print (ngettext ("(%u line removed from the source)\n",
                         "(%u lines removed from the source)\n", n), n);
    }
}

static gboolean
save_draft (BylineIngestResult  *result,
            GError             **error)
{
  g_autoptr(BylineStore) store = NULL;
  g_autoptr(BylineArticle) article = NULL;

  store = byline_cli_open_store ();
  if (store == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The drafts store could not be opened."));
      return FALSE;
    }

  article = byline_ingest_result_to_article (result);
  if (!byline_store_save (store, article, error))
    return FALSE;

  g_printerr (_("Saved as draft %s\n"), byline_article_get_id (article));
  return TRUE;
}

/**
 * byline_cli_ingest:
 * @argc: number of arguments
 * @argv: arguments, argv[0] being "ingest"
 *
 * Returns: 0 on success, 1 when ingest failed, 2 for a wrong command line
 */
int
byline_cli_ingest (int    argc,
                   char **argv)
{
  gboolean json = FALSE;
  gboolean save = FALSE;
  g_autofree char *encoding = NULL;
  g_auto(GStrv) rest = NULL;
  GOptionEntry entries[] = {
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json, N_("Print the draft as one JSON object"), NULL },
    { "save", 's', 0, G_OPTION_ARG_NONE, &save, N_("Store the draft in the drafts store"), NULL },
    { "encoding", 'e', 0, G_OPTION_ARG_STRING, &encoding, N_("Decode with this encoding instead of detecting it"),
      N_("ENCODING") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, N_("FILE|URL|-") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE|URL|- — make a draft from a source"));
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineIngestResult) result = NULL;
  const char *input;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("byline-cli ingest: %s\n", error->message);
      return BYLINE_CLI_USAGE;
    }
  if (rest == NULL || rest[0] == NULL || rest[1] != NULL)
    {
      g_printerr (_("byline-cli ingest: give exactly one FILE, URL, or - for standard input\n"));
      return BYLINE_CLI_USAGE;
    }
  input = rest[0];

  if (g_str_equal (input, "-"))
    result = ingest_stdin (encoding, &error);
  else
    {
      Job job = { 0 };
      g_autoptr(GMainContext) main_context = g_main_context_new ();
      g_autoptr(SoupSession) session = NULL;

      g_main_context_push_thread_default (main_context);
      job.loop = g_main_loop_new (main_context, FALSE);
      job.is_uri = byline_ingest_text_is_uri (input);

      if (job.is_uri)
        {
          session = soup_session_new ();
          byline_ingest_uri_async (session, input, NULL, ingest_done_cb, &job);
        }
      else
        {
          g_autoptr(GFile) file = g_file_new_for_commandline_arg (input);
          byline_ingest_file_async (file, encoding, NULL, ingest_done_cb, &job);
        }
      g_main_loop_run (job.loop);
      g_main_loop_unref (job.loop);
      g_main_context_pop_thread_default (main_context);

      result = job.result;
      if (job.error != NULL)
        g_propagate_error (&error, job.error);
    }

  if (result == NULL)
    {
      g_printerr ("byline-cli ingest: %s: %s\n", input, error->message);
      return BYLINE_CLI_FAILURE;
    }

  if (json)
    {
      g_autofree char *text = byline_ingest_result_to_json (result);
      g_print ("%s\n", text);
    }
  else
    print_draft (result);

  if (save && !save_draft (result, &error))
    {
      g_printerr ("byline-cli ingest: %s\n", error->message);
      return BYLINE_CLI_FAILURE;
    }

  return BYLINE_CLI_OK;
}
