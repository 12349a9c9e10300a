/* byline-ingest-private.h: what the ingest files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "byline-ingest.h"

G_BEGIN_DECLS

/* What ingest found, filled by the analysis and then frozen into a
 * BylineIngestResult. */
typedef struct
{
  char       *title;
  char       *short_title;
  GDateTime  *published;
  char       *source;
  char       *source_url;
  char       *author;
  char       *editor;
  char       *original_title;
  char       *original_source;
  char       *category_hint;
  GPtrArray  *headings;     /* char* */
  GPtrArray  *paragraphs;   /* char* */
  GString    *body;         /* Markdown */
  GPtrArray  *images;       /* char* */
  GPtrArray  *removed;      /* char* */
  char       *encoding;
  GHashTable *provenance;   /* field name → note */
} BylineIngestData;

/* One line of the source: a line of a text file, or one block of a page as
 * a browser would lay it out. */
typedef struct
{
  char    *text;        /* plain text, white space folded and trimmed */
  char    *markdown;    /* inline Markdown (links, images), or NULL for text */
  char    *image;       /* the line is an image with this address */
  int      heading;     /* 1–6 for hN, 7 for a bold-only paragraph, 0 */
  int      chars;       /* characters of text */
  int      link_chars;  /* characters of text inside links */
  int      container;   /* HTML: index of the block holding it, else -1 */
  guint    is_li : 1;   /* an item of a list */
  guint    is_p : 1;    /* a <p> */
  guint    hidden : 1;  /* display:none in the page: only for metadata */
  /* classification, computed once by the analysis */
  guint    classified : 1;
  guint    content : 1;
  guint    meta : 1;
  guint    widget : 1;
  guint    stop : 1;
  guint    dated : 1;
  guint    has_digit : 1;
  guint    caption : 1;
  int      units;
  int      punct;
} BylineLine;

/* A source ready for analysis: its lines and, for a page, what its head
 * and markup say. */
typedef struct
{
  GPtrArray *lines;            /* BylineLine* */
  gboolean   is_html;
  GArray    *parents;          /* HTML: container index → parent index */
  GArray    *depths;           /* HTML: container index → depth */
  int        body_container;   /* HTML: the chosen article container, or -1 */
  int        marked_body;      /* HTML: the block marked itemprop="articleBody", or -1 */
  char      *doc_title;        /* <title> */
  char      *meta_title;       /* og:title, JSON-LD headline */
  GPtrArray *h1;               /* texts of h1 elements */
  char      *meta_author;
  char      *meta_site;
  char      *meta_published;   /* as written */
  char      *meta_section;
  char      *meta_url;
  GPtrArray *crumbs;           /* an HTML breadcrumb list, if found */
} BylinePage;

BylineIngestData   *byline_ingest_data_new         (void);
void                byline_ingest_data_free        (BylineIngestData *data);
void                byline_ingest_data_note        (BylineIngestData *data,
                                                    const char       *field,
                                                    const char       *format,
                                                    ...) G_GNUC_PRINTF (3, 4);
BylineIngestResult *byline_ingest_result_new_take  (BylineIngestData *data);

BylinePage         *byline_page_new                (gboolean          is_html);
void                byline_page_free               (BylinePage       *page);
BylineLine         *byline_page_add_line           (BylinePage       *page,
                                                    const char       *text,
                                                    const char       *markdown);

void                byline_ingest_split_text       (BylinePage       *page,
                                                    const char       *text);
void                byline_ingest_parse_html       (BylinePage       *page,
                                                    const char       *utf8,
                                                    gsize             length,
                                                    const char       *base_url);
void                byline_ingest_analyze          (BylinePage       *page,
                                                    BylineIngestData *data);

GDateTime          *byline_ingest_parse_date       (const char       *text,
                                                    GTimeZone        *default_zone,
                                                    int               default_year,
                                                    int              *precision,
                                                    int              *start,
                                                    int              *end);
GTimeZone          *byline_ingest_china_zone       (void);
char               *byline_ingest_fold_space       (const char       *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BylinePage, byline_page_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BylineIngestData, byline_ingest_data_free)

G_END_DECLS
