/* byline-ingest.c: any dropped source text becomes a filled-in draft
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "byline-article.h"
#include "byline-encoding.h"
#include "byline-ingest-private.h"

#define FETCH_TIMEOUT_SECONDS 30

/**
 * BylineIngestResult:
 *
 * The draft ingest made from a source, immutable: every field as found,
 * where it was found, and the chrome lines that were removed.
 */
struct _BylineIngestResult
{
  GObject           parent_instance;
  BylineIngestData *data;
  GStrv             headings;
  GStrv             paragraphs;
  GStrv             images;
  GStrv             removed;
  char             *body;
};

G_DEFINE_FINAL_TYPE (BylineIngestResult, byline_ingest_result, G_TYPE_OBJECT)

G_DEFINE_QUARK (byline-ingest-error-quark, byline_ingest_error)

BylineIngestData *
byline_ingest_data_new (void)
{
  BylineIngestData *data = g_new0 (BylineIngestData, 1);

  data->headings = g_ptr_array_new_with_free_func (g_free);
  data->paragraphs = g_ptr_array_new_with_free_func (g_free);
  data->images = g_ptr_array_new_with_free_func (g_free);
  data->removed = g_ptr_array_new_with_free_func (g_free);
  data->body = g_string_new (NULL);
  data->provenance = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  return data;
}

void
byline_ingest_data_free (BylineIngestData *data)
{
  if (data == NULL)
    return;

  g_free (data->title);
  g_free (data->short_title);
  g_clear_pointer (&data->published, g_date_time_unref);
  g_free (data->source);
  g_free (data->source_url);
  g_free (data->author);
  g_free (data->editor);
  g_free (data->original_title);
  g_free (data->original_source);
  g_free (data->category_hint);
  g_ptr_array_unref (data->headings);
  g_ptr_array_unref (data->paragraphs);
  g_ptr_array_unref (data->images);
  g_ptr_array_unref (data->removed);
  g_string_free (data->body, TRUE);
  g_free (data->encoding);
  g_hash_table_unref (data->provenance);
  g_free (data);
}

void
byline_ingest_data_note (BylineIngestData *data,
                         const char       *field,
                         const char       *format,
                         ...)
{
  va_list args;
  char *note;

  va_start (args, format);
  note = g_strdup_vprintf (format, args);
  va_end (args);

  g_hash_table_replace (data->provenance, g_strdup (field), note);
}

/* Takes the strings out of @array, which stays usable and empty. */
static GStrv
strv_from_array (GPtrArray *array)
{
  GStrv strv = g_new (char *, array->len + 1);

  for (guint i = 0; i < array->len; i++)
    strv[i] = g_ptr_array_index (array, i);
  strv[array->len] = NULL;
  g_ptr_array_set_free_func (array, NULL);
  g_ptr_array_set_size (array, 0);
  g_ptr_array_set_free_func (array, g_free);

  return strv;
}

BylineIngestResult *
byline_ingest_result_new_take (BylineIngestData *data)
{
  BylineIngestResult *self = g_object_new (BYLINE_TYPE_INGEST_RESULT, NULL);

  self->data = data;
  self->headings = strv_from_array (data->headings);
  self->paragraphs = strv_from_array (data->paragraphs);
  self->images = strv_from_array (data->images);
  self->removed = strv_from_array (data->removed);
  /* the body can be a megabyte: moved, not copied */
  self->body = g_string_free (g_steal_pointer (&data->body), FALSE);
  data->body = g_string_new (NULL);

  return self;
}

static void
byline_ingest_result_finalize (GObject *object)
{
  BylineIngestResult *self = BYLINE_INGEST_RESULT (object);

  g_clear_pointer (&self->data, byline_ingest_data_free);
  g_strfreev (self->headings);
  g_strfreev (self->paragraphs);
  g_strfreev (self->images);
  g_strfreev (self->removed);
  g_free (self->body);

  G_OBJECT_CLASS (byline_ingest_result_parent_class)->finalize (object);
}

static void
byline_ingest_result_class_init (BylineIngestResultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = byline_ingest_result_finalize;
}

static void
byline_ingest_result_init (BylineIngestResult *self)
{
}

#define DEFINE_STRING_GETTER(name)                                          \
  const char *                                                              \
  byline_ingest_result_get_##name (BylineIngestResult *self)                \
  {                                                                         \
    g_return_val_if_fail (BYLINE_IS_INGEST_RESULT (self), NULL);            \
    return self->data->name;                                                \
  }

DEFINE_STRING_GETTER (title)
DEFINE_STRING_GETTER (short_title)
DEFINE_STRING_GETTER (source)
DEFINE_STRING_GETTER (source_url)
DEFINE_STRING_GETTER (author)
DEFINE_STRING_GETTER (editor)
DEFINE_STRING_GETTER (original_title)
DEFINE_STRING_GETTER (original_source)
DEFINE_STRING_GETTER (category_hint)
DEFINE_STRING_GETTER (encoding)

#undef DEFINE_STRING_GETTER

/**
 * byline_ingest_result_get_published:
 * @self: a result
 *
 * Returns: (transfer none) (nullable): the publish time in the source's
 *   zone (Asia/Shanghai for a Chinese source that names none)
 */
GDateTime *
byline_ingest_result_get_published (BylineIngestResult *self)
{
  g_return_val_if_fail (BYLINE_IS_INGEST_RESULT (self), NULL);
  return self->data->published;
}

/**
 * byline_ingest_result_get_headings:
 * @self: a result
 *
 * Returns: (transfer none): the body's sub-headings, in order
 */
const char * const *
byline_ingest_result_get_headings (BylineIngestResult *self)
{
  g_return_val_if_fail (BYLINE_IS_INGEST_RESULT (self), NULL);
  return (const char * const *) self->headings;
}

/**
 * byline_ingest_result_get_paragraphs:
 * @self: a result
 *
 * Returns: (transfer none): the body's paragraphs as plain text, headings
 *   excluded, in order
 */
const char * const *
byline_ingest_result_get_paragraphs (BylineIngestResult *self)
{
  g_return_val_if_fail (BYLINE_IS_INGEST_RESULT (self), NULL);
  return (const char * const *) self->paragraphs;
}

/**
 * byline_ingest_result_get_body:
 * @self: a result
 *
 * Returns: (transfer none): the body as Markdown: `## ` headings, blank
 *   lines between paragraphs, `![](url)` images, links as Markdown links
 */
const char *
byline_ingest_result_get_body (BylineIngestResult *self)
{
  g_return_val_if_fail (BYLINE_IS_INGEST_RESULT (self), NULL);
  return self->body;
}

/**
 * byline_ingest_result_get_images:
 * @self: a result
 *
 * Returns: (transfer none): addresses of the body's images, in order
 */
const char * const *
byline_ingest_result_get_images (BylineIngestResult *self)
{
  g_return_val_if_fail (BYLINE_IS_INGEST_RESULT (self), NULL);
  return (const char * const *) self->images;
}

/**
 * byline_ingest_result_get_removed:
 * @self: a result
 *
 * Returns: (transfer none): the chrome lines left out of the draft (site
 *   name, breadcrumb, parsed meta lines, share widgets, disclaimers,
 *   related articles), in source order
 */
const char * const *
byline_ingest_result_get_removed (BylineIngestResult *self)
{
  g_return_val_if_fail (BYLINE_IS_INGEST_RESULT (self), NULL);
  return (const char * const *) self->removed;
}

/**
 * byline_ingest_result_get_provenance:
 * @self: a result
 * @field: a BylineArticle property name: "title", "short-title",
 *   "publish-time", "source", "source-url", "author", "editor",
 *   "original-title", "original-source", "category", "body"
 *
 * Returns: (nullable): where ingest found that field, as a translated
 *   sentence such as "from the line 时间:… | 来源:…"
 */
const char *
byline_ingest_result_get_provenance (BylineIngestResult *self,
                                     const char         *field)
{
  g_return_val_if_fail (BYLINE_IS_INGEST_RESULT (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);
  return g_hash_table_lookup (self->data->provenance, field);
}

static gboolean
looks_like_html (const char *text)
{
  static const char * const markers[] = {
    "<!doctype html", "<html", "<head", "<body", "<meta", "<title", "<div", "<p>", "<p ",
    "<article", "<br", "<span", "<h1", "<h2", "<table",
  };
  gsize n = strnlen (text, 2048);
  g_autofree char *lower = NULL;

  while (*text == ' ' || *text == '\n' || *text == '\r' || *text == '\t')
    text++, n--;
  if (*text != '<')
    return FALSE;

  lower = g_ascii_strdown (text, n);
  for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
    if (strstr (lower, markers[i]) != NULL)
      return TRUE;

  return FALSE;
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && c != 0xFEFF && c != 0x3000 && c != 0xA0)
        return FALSE;
    }
  return TRUE;
}

static BylineIngestResult *
ingest_bytes_full (GBytes      *bytes,
                   const char  *content_type,
                   const char  *source_url,
                   const char  *encoding,
                   const char  *declared,
                   GError     **error)
{
  gsize length = 0;
  const guint8 *raw = g_bytes_get_data (bytes, &length);
  g_autoptr(BylineIngestData) data = NULL;
  g_autoptr(BylinePage) page = NULL;
  g_autofree char *sniffed = NULL;
  g_autofree char *used = NULL;
  g_autofree char *text = NULL;
  gboolean html;

  if (length > BYLINE_INGEST_MAX_SIZE)
    {
      g_set_error (error, BYLINE_INGEST_ERROR, BYLINE_INGEST_ERROR_TOO_LARGE,
                   _("The document is larger than 50 MiB, too large to be an article."));
      return NULL;
    }
  if (length == 0)
    {
      g_set_error (error, BYLINE_INGEST_ERROR, BYLINE_INGEST_ERROR_EMPTY,
                   _("The document is empty: there is nothing to make a draft from."));
      return NULL;
    }
  if (byline_encoding_is_binary (raw, length))
    {
      g_set_error (error, BYLINE_INGEST_ERROR, BYLINE_INGEST_ERROR_NOT_TEXT,
                   _("This is not a text or HTML document, so no draft was made from it."));
      return NULL;
    }

  if (declared == NULL && (content_type == NULL || strstr (content_type, "html") != NULL))
    declared = sniffed = byline_encoding_sniff_html (raw, length);

  text = byline_encoding_decode (raw, length, encoding, declared, &used);

  if (is_blank (text))
    {
      g_set_error (error, BYLINE_INGEST_ERROR, BYLINE_INGEST_ERROR_EMPTY,
                   _("The document holds only white space: there is nothing to make a draft from."));
      return NULL;
    }

  if (content_type != NULL && strstr (content_type, "html") != NULL)
    html = TRUE;
  else if (content_type != NULL && g_str_has_prefix (content_type, "text/"))
    html = FALSE;
  else
    html = looks_like_html (text);

  data = byline_ingest_data_new ();
  data->encoding = g_steal_pointer (&used);
  data->source_url = g_strdup (source_url);
  if (source_url != NULL)
    byline_ingest_data_note (data, "source-url", _("from the address it was fetched from"));

  page = byline_page_new (html);
  if (html)
    byline_ingest_parse_html (page, text, strlen (text), source_url);
  else
    byline_ingest_split_text (page, text);

  byline_ingest_analyze (page, data);

  if (data->source_url == NULL && page->meta_url != NULL &&
      (g_str_has_prefix (page->meta_url, "http://") || g_str_has_prefix (page->meta_url, "https://")))
    {
      data->source_url = g_strdup (page->meta_url);
      byline_ingest_data_note (data, "source-url", _("from the page’s canonical address"));
    }

  return byline_ingest_result_new_take (g_steal_pointer (&data));
}

/**
 * byline_ingest_bytes:
 * @data: the document's bytes, in any encoding
 * @content_type: (nullable): "text/html", "text/plain", or %NULL to sniff
 * @source_url: (nullable): where the document came from
 * @error: return location for a #BylineIngestError
 *
 * Turns a document into a draft: detects the encoding, parses HTML with
 * libxml2 or splits text into lines, finds the article and its fields.
 * Pure and synchronous (a few milliseconds for a news page); safe to call
 * from any thread.
 *
 * Returns: (transfer full): the result, or %NULL with @error set for empty,
 *   binary or oversized data
 */
BylineIngestResult *
byline_ingest_bytes (GBytes      *data,
                     const char  *content_type,
                     const char  *source_url,
                     GError     **error)
{
  return byline_ingest_bytes_with_encoding (data, content_type, source_url, NULL, error);
}

/**
 * byline_ingest_bytes_with_encoding:
 * @data: the document's bytes
 * @content_type: (nullable): "text/html", "text/plain", or %NULL to sniff
 * @source_url: (nullable): where the document came from
 * @encoding: (nullable): the encoding to decode with (the editor's choice
 *   after a wrong guess), or %NULL to detect it
 * @error: return location for a #BylineIngestError
 *
 * Like byline_ingest_bytes(), decoding with @encoding.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
BylineIngestResult *
byline_ingest_bytes_with_encoding (GBytes      *data,
                                   const char  *content_type,
                                   const char  *source_url,
                                   const char  *encoding,
                                   GError     **error)
{
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return ingest_bytes_full (data, content_type, source_url, encoding, NULL, error);
}

static const char *
content_type_for_name (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  if (g_str_has_suffix (lower, ".html") || g_str_has_suffix (lower, ".htm") ||
      g_str_has_suffix (lower, ".xhtml") || g_str_has_suffix (lower, ".shtml"))
    return "text/html";
  if (g_str_has_suffix (lower, ".txt") || g_str_has_suffix (lower, ".text") ||
      g_str_has_suffix (lower, ".md"))
    return "text/plain";

  return NULL;
}

static void
ingest_file_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GFile *file = G_FILE (source_object);
  const char *encoding = task_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *basename = NULL;
  GError *error = NULL;
  BylineIngestResult *result;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &error);
  if (info == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      g_task_return_new_error (task, BYLINE_INGEST_ERROR, BYLINE_INGEST_ERROR_NOT_TEXT,
                               _("This is a folder, not a text or HTML document."));
      return;
    }
  /* Refuse before reading: a 2 GiB video dropped by mistake must not be
   * loaded into memory first. */
  if ((guint64) g_file_info_get_size (info) > BYLINE_INGEST_MAX_SIZE)
    {
      g_task_return_new_error (task, BYLINE_INGEST_ERROR, BYLINE_INGEST_ERROR_TOO_LARGE,
                               _("The file is larger than 50 MiB, too large to be an article."));
      return;
    }

  bytes = g_file_load_bytes (file, cancellable, NULL, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  basename = g_file_get_basename (file);
  result = ingest_bytes_full (bytes, basename != NULL ? content_type_for_name (basename) : NULL,
                              NULL, encoding, NULL, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, g_object_unref);
}

/**
 * byline_ingest_file_async:
 * @file: a text or HTML file
 * @encoding: (nullable): the encoding to decode with, or %NULL to detect it
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done, in the caller's thread-default main context
 * @user_data: data for @callback
 *
 * Reads and ingests @file in a worker thread.  Files over 50 MiB, binary
 * files and empty files fail with a #BylineIngestError.
 */
void
byline_ingest_file_async (GFile               *file,
                          const char          *encoding,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (file, cancellable, callback, user_data);
  g_task_set_source_tag (task, byline_ingest_file_async);
  g_task_set_task_data (task, g_strdup (encoding), g_free);
  g_task_run_in_thread (task, ingest_file_thread);
}

/**
 * byline_ingest_file_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: return location for an error
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
BylineIngestResult *
byline_ingest_file_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == byline_ingest_file_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * byline_ingest_text_is_uri:
 * @text: dropped or pasted text
 *
 * Returns: %TRUE when @text, white space aside, is a single http or https
 *   address, which should be fetched rather than ingested as text
 */
gboolean
byline_ingest_text_is_uri (const char *text)
{
  g_autofree char *copy = NULL;

  g_return_val_if_fail (text != NULL, FALSE);

  copy = g_strstrip (g_strdup (text));
  if (strpbrk (copy, " \t\r\n") != NULL)
    return FALSE;
  if (!g_str_has_prefix (copy, "http://") && !g_str_has_prefix (copy, "https://"))
    return FALSE;

  return g_uri_is_valid (copy, G_URI_FLAGS_PARSE_RELAXED, NULL);
}

typedef struct
{
  SoupMessage  *message;
  GInputStream *stream;
  GByteArray   *buffer;
  GCancellable *cancellable;   /* ours: the caller's, plus the timeout */
  GCancellable *caller;
  gulong        cancelled_id;
  GSource      *timeout;
  gboolean      timed_out;
  char         *uri;
} FetchData;

static void
fetch_data_free (FetchData *fetch)
{
  if (fetch->caller != NULL)
    {
      g_cancellable_disconnect (fetch->caller, fetch->cancelled_id);
      g_object_unref (fetch->caller);
    }
  g_clear_object (&fetch->message);
  g_clear_object (&fetch->stream);
  g_clear_pointer (&fetch->buffer, g_byte_array_unref);
  if (fetch->timeout != NULL)
    {
      g_source_destroy (fetch->timeout);
      g_source_unref (fetch->timeout);
    }
  g_clear_object (&fetch->cancellable);
  g_free (fetch->uri);
  g_free (fetch);
}

static void
forward_cancel_cb (GCancellable *caller,
                   GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

static gboolean
fetch_timeout_cb (gpointer user_data)
{
  FetchData *fetch = user_data;

  fetch->timed_out = TRUE;
  g_cancellable_cancel (fetch->cancellable);

  return G_SOURCE_REMOVE;
}

static void
fetch_fail (GTask  *task,
            GError *error)
{
  FetchData *fetch = g_task_get_task_data (task);
  GCancellable *caller = g_task_get_cancellable (task);

  if (fetch->timed_out && (caller == NULL || !g_cancellable_is_cancelled (caller)))
    {
      g_clear_error (&error);
      g_task_return_new_error (task, BYLINE_INGEST_ERROR, BYLINE_INGEST_ERROR_NETWORK,
                               _("The page at %s did not arrive within %d seconds."),
                               fetch->uri, FETCH_TIMEOUT_SECONDS);
      return;
    }
  if (error->domain == BYLINE_INGEST_ERROR || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_new_error (task, BYLINE_INGEST_ERROR, BYLINE_INGEST_ERROR_NETWORK,
                           _("The page at %s could not be fetched: %s"), fetch->uri, error->message);
  g_error_free (error);
}

static void
fetch_finish (GTask *task)
{
  FetchData *fetch = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = g_byte_array_free_to_bytes (g_steal_pointer (&fetch->buffer));
  SoupMessageHeaders *headers = soup_message_get_response_headers (fetch->message);
  g_autoptr(GHashTable) params = NULL;
  const char *content_type = soup_message_headers_get_content_type (headers, &params);
  const char *charset = params != NULL ? g_hash_table_lookup (params, "charset") : NULL;
  g_autofree char *final_uri = g_uri_to_string (soup_message_get_uri (fetch->message));
  GError *error = NULL;
  BylineIngestResult *result;

  if (content_type != NULL && !g_str_has_prefix (content_type, "text/") &&
      strstr (content_type, "html") == NULL && strstr (content_type, "xml") == NULL)
    {
      g_task_return_new_error (task, BYLINE_INGEST_ERROR, BYLINE_INGEST_ERROR_NOT_TEXT,
                               _("The address %s gives a %s file, not a text or HTML document."),
                               fetch->uri, content_type);
      return;
    }

  /* The charset of the HTTP header outranks the page's <meta>. */
  result = ingest_bytes_full (bytes, content_type != NULL ? content_type : "text/html",
                              final_uri, NULL, charset, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, g_object_unref);
}

static void
fetch_read_cb (GObject      *object,
               GAsyncResult *res,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FetchData *fetch = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  GError *error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), res, &error);
  if (chunk == NULL)
    {
      fetch_fail (task, error);
      return;
    }
  if (g_bytes_get_size (chunk) == 0)
    {
      fetch_finish (task);
      return;
    }
  if (fetch->buffer->len + g_bytes_get_size (chunk) > BYLINE_INGEST_MAX_SIZE)
    {
      g_task_return_new_error (task, BYLINE_INGEST_ERROR, BYLINE_INGEST_ERROR_TOO_LARGE,
                               _("The page at %s is larger than 50 MiB, too large to be an article."),
                               fetch->uri);
      return;
    }

  g_byte_array_append (fetch->buffer, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  g_input_stream_read_bytes_async (fetch->stream, 64 * 1024, G_PRIORITY_DEFAULT,
                                   fetch->cancellable, fetch_read_cb, g_steal_pointer (&task));
}

static void
fetch_send_cb (GObject      *object,
               GAsyncResult *res,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FetchData *fetch = g_task_get_task_data (task);
  GError *error = NULL;
  SoupStatus status;
  goffset length;

  fetch->stream = soup_session_send_finish (SOUP_SESSION (object), res, &error);
  if (fetch->stream == NULL)
    {
      fetch_fail (task, error);
      return;
    }

  status = soup_message_get_status (fetch->message);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_new_error (task, BYLINE_INGEST_ERROR, BYLINE_INGEST_ERROR_NETWORK,
                               _("The server answered %u %s for %s."), status,
                               soup_message_get_reason_phrase (fetch->message), fetch->uri);
      return;
    }

  length = soup_message_headers_get_content_length (soup_message_get_response_headers (fetch->message));
  if (length > 0 && (guint64) length > BYLINE_INGEST_MAX_SIZE)
    {
      g_task_return_new_error (task, BYLINE_INGEST_ERROR, BYLINE_INGEST_ERROR_TOO_LARGE,
                               _("The page at %s is larger than 50 MiB, too large to be an article."),
                               fetch->uri);
      return;
    }

  fetch->buffer = g_byte_array_sized_new (length > 0 ? (guint) length : 64 * 1024);
  g_input_stream_read_bytes_async (fetch->stream, 64 * 1024, G_PRIORITY_DEFAULT,
                                   fetch->cancellable, fetch_read_cb, g_steal_pointer (&task));
}

/**
 * byline_ingest_uri_async:
 * @session: the program's #SoupSession
 * @uri: an http or https address
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches a page (redirects followed, at most 50 MiB, given up after 30
 * seconds) on the caller's main context and ingests it as HTML, honouring
 * the charset of the HTTP header, then the page's own declaration.  The
 * final address becomes the source URL.
 */
void
byline_ingest_uri_async (SoupSession         *session,
                         const char          *uri,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FetchData *fetch;
  SoupMessage *message = NULL;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (uri != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, byline_ingest_uri_async);

  if (g_str_has_prefix (uri, "http://") || g_str_has_prefix (uri, "https://"))
    message = soup_message_new (SOUP_METHOD_GET, uri);
  if (message == NULL)
    {
      g_task_return_new_error (task, BYLINE_INGEST_ERROR, BYLINE_INGEST_ERROR_INVALID_URI,
                               _("“%s” is not a web address: it must start with http:// or https://."),
                               uri);
      return;
    }

  fetch = g_new0 (FetchData, 1);
  fetch->message = message;
  fetch->uri = g_strdup (uri);
  fetch->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_data_free);
  if (cancellable != NULL)
    {
      fetch->caller = g_object_ref (cancellable);
      fetch->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel_cb),
                                                   g_object_ref (fetch->cancellable), g_object_unref);
    }

  fetch->timeout = g_timeout_source_new_seconds (FETCH_TIMEOUT_SECONDS);
  g_source_set_callback (fetch->timeout, fetch_timeout_cb, fetch, NULL);
  g_source_attach (fetch->timeout, g_main_context_get_thread_default ());

  soup_message_headers_replace (soup_message_get_request_headers (message), "Accept",
                                "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5");
  soup_session_send_async (session, message, G_PRIORITY_DEFAULT, fetch->cancellable,
                           fetch_send_cb, g_steal_pointer (&task));
}

/**
 * byline_ingest_uri_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: return location for an error
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
BylineIngestResult *
byline_ingest_uri_finish (GAsyncResult  *result,
                          GError       **error)
{
  GTask *task = G_TASK (result);

  g_return_val_if_fail (g_task_get_source_tag (task) == byline_ingest_uri_async, NULL);

  return g_task_propagate_pointer (task, error);
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_array_member (JsonBuilder        *builder,
                  const char         *name,
                  const char * const *values)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

/**
 * byline_ingest_result_to_json:
 * @self: a result
 *
 * The result as the one JSON object `byline-cli ingest --json` prints:
 * title, short_title, published (ISO 8601 with its offset), source,
 * source_url, author, editor, original_title, original_source,
 * category_hint, headings, paragraphs, body, images, removed, encoding;
 * null where nothing was found.
 *
 * Returns: (transfer full): pretty-printed JSON
 */
char *
byline_ingest_result_to_json (BylineIngestResult *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *published = NULL;
  BylineIngestData *d;

  g_return_val_if_fail (BYLINE_IS_INGEST_RESULT (self), NULL);
  d = self->data;

  if (d->published != NULL)
    published = g_date_time_format (d->published, "%Y-%m-%dT%H:%M:%S%:z");

  json_builder_begin_object (builder);
  add_string_member (builder, "title", d->title);
  add_string_member (builder, "short_title", d->short_title);
  add_string_member (builder, "published", published);
  add_string_member (builder, "source", d->source);
  add_string_member (builder, "source_url", d->source_url);
  add_string_member (builder, "author", d->author);
  add_string_member (builder, "editor", d->editor);
  add_string_member (builder, "original_title", d->original_title);
  add_string_member (builder, "original_source", d->original_source);
  add_string_member (builder, "category_hint", d->category_hint);
  add_array_member (builder, "headings", (const char * const *) self->headings);
  add_array_member (builder, "paragraphs", (const char * const *) self->paragraphs);
  add_string_member (builder, "body", self->body);
  add_array_member (builder, "images", (const char * const *) self->images);
  add_array_member (builder, "removed", (const char * const *) self->removed);
  add_string_member (builder, "encoding", d->encoding);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);

  return json_generator_to_data (generator, NULL);
}

static void
copy_provenance (BylineIngestResult *self,
                 BylineArticle      *article,
                 const char         *field)
{
  const char *note = g_hash_table_lookup (self->data->provenance, field);

  if (note != NULL)
    byline_article_set_provenance (article, field, note);
}

/**
 * byline_ingest_result_to_article:
 * @self: a result
 *
 * Makes a new draft from the result: every field ingest found, the
 * Markdown body, where each field came from, and the removed chrome.
 * The category hint goes to the category text; matching it to a portal
 * category is the editor's (or the publish dialog's) job.
 *
 * Returns: (transfer full): a new #BylineArticle in the draft state
 */
BylineArticle *
byline_ingest_result_to_article (BylineIngestResult *self)
{
  static const char * const fields[] = {
    "title", "short-title", "publish-time", "source", "source-url", "author", "editor",
    "original-title", "original-source", "category", "body",
  };
  BylineArticle *article;
  BylineIngestData *d;

  g_return_val_if_fail (BYLINE_IS_INGEST_RESULT (self), NULL);
  d = self->data;

  article = byline_article_new ();
  if (d->title != NULL)
    byline_article_set_title (article, d->title);
  if (d->short_title != NULL)
    byline_article_set_short_title (article, d->short_title);
  if (d->published != NULL)
    byline_article_set_publish_time (article, d->published);
  if (d->source != NULL)
    byline_article_set_source (article, d->source);
  if (d->source_url != NULL)
    byline_article_set_source_url (article, d->source_url);
  if (d->author != NULL)
    byline_article_set_author (article, d->author);
  if (d->editor != NULL)
    byline_article_set_editor (article, d->editor);
  if (d->original_title != NULL)
    byline_article_set_original_title (article, d->original_title);
  if (d->original_source != NULL)
    byline_article_set_original_source (article, d->original_source);
  if (d->category_hint != NULL)
    byline_article_set_category (article, d->category_hint);
  byline_article_set_body (article, self->body);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    copy_provenance (self, article, fields[i]);
  byline_article_set_removed_lines (article, (const char * const *) self->removed);

  return article;
}
