/* byline-ingest.h: any dropped source text becomes a filled-in draft
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "byline-types.h"

G_BEGIN_DECLS

/* How the window uses this API (issue 3):
 *
 * - A dropped or imported file: byline_ingest_file_async() with a
 *   GCancellable per file; a multi-file import runs one after the other
 *   and shows "n of m" as progress.  Each result becomes a draft with
 *   byline_ingest_result_to_article() and byline_store_save().
 * - Dropped or pasted text or HTML (GdkContentFormats "text/plain",
 *   "text/html"): byline_ingest_bytes() on the main thread is fine, it is
 *   pure and takes a few milliseconds.  Text that is just an address
 *   (byline_ingest_text_is_uri()) and "text/uri-list" entries with an
 *   http(s) scheme go to byline_ingest_uri_async() instead.
 * - A URL: byline_ingest_uri_async() with the program's one SoupSession;
 *   the dialog shows a spinner and its Cancel button cancels.
 * - "The guess is shown and can be changed": the result's encoding is the
 *   one used; call byline_ingest_file_async() (or byline_ingest_bytes())
 *   again with the editor's choice as @encoding to re-decode.
 * - Provenance: byline_ingest_result_get_provenance() for each field name
 *   of BylineArticle ("title", "publish-time", "source", ...), copied into
 *   the article by byline_ingest_result_to_article(); removed chrome lines
 *   likewise, for the "Removed from source" section.
 */

/**
 * BYLINE_INGEST_MAX_SIZE:
 *
 * The largest file or page ingest accepts, in bytes (50 MiB).
 */
#define BYLINE_INGEST_MAX_SIZE ((gsize) 50 * 1024 * 1024)

#define BYLINE_INGEST_ERROR (byline_ingest_error_quark ())

/**
 * BylineIngestError:
 * @BYLINE_INGEST_ERROR_EMPTY: the file or text holds nothing but white space
 * @BYLINE_INGEST_ERROR_TOO_LARGE: over %BYLINE_INGEST_MAX_SIZE
 * @BYLINE_INGEST_ERROR_NOT_TEXT: binary data: not a text or HTML document
 * @BYLINE_INGEST_ERROR_NETWORK: the address could not be fetched
 * @BYLINE_INGEST_ERROR_INVALID_URI: not an http or https address
 * @BYLINE_INGEST_ERROR_FAILED: reading the file failed
 */
typedef enum
{
  BYLINE_INGEST_ERROR_EMPTY,
  BYLINE_INGEST_ERROR_TOO_LARGE,
  BYLINE_INGEST_ERROR_NOT_TEXT,
  BYLINE_INGEST_ERROR_NETWORK,
  BYLINE_INGEST_ERROR_INVALID_URI,
  BYLINE_INGEST_ERROR_FAILED,
} BylineIngestError;

#define BYLINE_TYPE_INGEST_RESULT (byline_ingest_result_get_type ())
G_DECLARE_FINAL_TYPE (BylineIngestResult, byline_ingest_result, BYLINE, INGEST_RESULT, GObject)

GQuark              byline_ingest_error_quark                 (void);

BylineIngestResult *byline_ingest_bytes                       (GBytes              *data,
                                                               const char          *content_type,
                                                               const char          *source_url,
                                                               GError             **error);
BylineIngestResult *byline_ingest_bytes_with_encoding         (GBytes              *data,
                                                               const char          *content_type,
                                                               const char          *source_url,
                                                               const char          *encoding,
                                                               GError             **error);

void                byline_ingest_file_async                  (GFile               *file,
                                                               const char          *encoding,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
BylineIngestResult *byline_ingest_file_finish                 (GAsyncResult        *result,
                                                               GError             **error);

void                byline_ingest_uri_async                   (SoupSession         *session,
                                                               const char          *uri,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
BylineIngestResult *byline_ingest_uri_finish                  (GAsyncResult        *result,
                                                               GError             **error);

gboolean            byline_ingest_text_is_uri                 (const char          *text);

const char         *byline_ingest_result_get_title            (BylineIngestResult  *self);
const char         *byline_ingest_result_get_short_title      (BylineIngestResult  *self);
GDateTime          *byline_ingest_result_get_published        (BylineIngestResult  *self);
const char         *byline_ingest_result_get_source           (BylineIngestResult  *self);
const char         *byline_ingest_result_get_source_url       (BylineIngestResult  *self);
const char         *byline_ingest_result_get_author           (BylineIngestResult  *self);
const char         *byline_ingest_result_get_editor           (BylineIngestResult  *self);
const char         *byline_ingest_result_get_original_title   (BylineIngestResult  *self);
const char         *byline_ingest_result_get_original_source  (BylineIngestResult  *self);
const char         *byline_ingest_result_get_category_hint    (BylineIngestResult  *self);
const char * const *byline_ingest_result_get_headings         (BylineIngestResult  *self);
const char * const *byline_ingest_result_get_paragraphs       (BylineIngestResult  *self);
const char         *byline_ingest_result_get_body             (BylineIngestResult  *self);
const char * const *byline_ingest_result_get_images           (BylineIngestResult  *self);
const char * const *byline_ingest_result_get_removed          (BylineIngestResult  *self);
const char         *byline_ingest_result_get_encoding         (BylineIngestResult  *self);
const char         *byline_ingest_result_get_provenance       (BylineIngestResult  *self,
                                                               const char          *field);

char               *byline_ingest_result_to_json              (BylineIngestResult  *self);
BylineArticle      *byline_ingest_result_to_article           (BylineIngestResult  *self);

G_END_DECLS
