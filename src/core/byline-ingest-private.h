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
  guint    text_borrowed : 1;  /* text is in the page's text_store */
  guint    closed : 1;         /* ends like a sentence */
  guint    widget_prefix : 1;  /* widget, whatever its length */
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
  GPtrArray *line_blocks;      /* the BylineLine structs, LINE_BLOCK at a time */
  guint      block_used;       /* lines used in the last block */
  char      *text_store;       /* text: every line's folded text */
} BylinePage;

/* A parsed page, as small as the analysis allows (byline-ingest-html-tree.c). */
typedef enum
{
  BYLINE_HTML_TAG_OTHER,
  BYLINE_HTML_TAG_TEXT,
  BYLINE_HTML_TAG_A,
  BYLINE_HTML_TAG_B,
  BYLINE_HTML_TAG_STRONG,
  BYLINE_HTML_TAG_BR,
  BYLINE_HTML_TAG_IMG,
  BYLINE_HTML_TAG_P,
  BYLINE_HTML_TAG_LI,
  BYLINE_HTML_TAG_DD,
  BYLINE_HTML_TAG_DT,
  BYLINE_HTML_TAG_H1,
  BYLINE_HTML_TAG_H2,
  BYLINE_HTML_TAG_H3,
  BYLINE_HTML_TAG_H4,
  BYLINE_HTML_TAG_H5,
  BYLINE_HTML_TAG_H6,
  BYLINE_HTML_TAG_TITLE,
  BYLINE_HTML_TAG_META,
  BYLINE_HTML_TAG_SCRIPT,
  BYLINE_HTML_TAG_STYLE,
  BYLINE_HTML_TAG_BASE,
  BYLINE_HTML_TAG_LINK,
  BYLINE_HTML_TAG_TIME,
  BYLINE_HTML_TAG_HEAD,
} BylineHtmlTag;

/* BylineHtmlNode.kind */
enum
{
  BYLINE_HTML_SKIPPED = 1,   /* never read as text: script, style, head… */
  BYLINE_HTML_BLOCK = 2,     /* starts a line: p, div, li… */
};

/* BylineHtmlNode.flags */
enum
{
  BYLINE_HTML_HIDDEN = 1 << 0,        /* hidden attribute, or display:none */
  BYLINE_HTML_CRUMB = 1 << 1,         /* class or id mentions "crumb" */
  BYLINE_HTML_ARTICLE_BODY = 1 << 2,  /* itemprop="articleBody" */
  BYLINE_HTML_LD_JSON = 1 << 3,       /* type="application/ld+json" */
  BYLINE_HTML_CDATA = 1 << 4,         /* text: the content of a script or style */
};

typedef enum
{
  BYLINE_HTML_ATTR_HREF,
  BYLINE_HTML_ATTR_REL,
  BYLINE_HTML_ATTR_DATETIME,
  BYLINE_HTML_ATTR_SRC,
  BYLINE_HTML_ATTR_DATA_ORIGINAL,
  BYLINE_HTML_ATTR_DATA_SRC,
  BYLINE_HTML_ATTR_DATA_LAZY_SRC,
  BYLINE_HTML_ATTR_WIDTH,
  BYLINE_HTML_ATTR_HEIGHT,
  BYLINE_HTML_ATTR_NAME,
  BYLINE_HTML_ATTR_PROPERTY,
  BYLINE_HTML_ATTR_ITEMPROP,
  BYLINE_HTML_ATTR_CONTENT,
} BylineHtmlAttrName;

typedef struct
{
  guint8 tag;          /* BylineHtmlTag */
  guint8 kind;
  guint8 flags;
  int    first_child;  /* node indices, -1 for none */
  int    last_child;
  int    next;
  guint  start;        /* text: offset in text; element: its first attribute */
  guint  length;       /* text: bytes; element: number of attributes */
} BylineHtmlNode;

typedef struct
{
  guint8 name;         /* BylineHtmlAttrName */
  guint  value;        /* offset in values, NUL-terminated */
} BylineHtmlAttr;

typedef struct
{
  GArray  *nodes;      /* BylineHtmlNode */
  GArray  *attrs;      /* BylineHtmlAttr, only those an element's tag needs */
  GString *text;       /* the text nodes' text */
  GString *values;     /* attribute values */
  int      root;       /* the document's first element; the elements beside
                        * it follow through next; -1 for none */
  guint    cuts;       /* style, script and comment texts cut before parsing */
} BylineHtmlTree;

BylineHtmlTree     *byline_ingest_html_tree_parse  (const char       *utf8,
                                                    gsize             length,
                                                    gboolean          cut);
void                byline_ingest_html_tree_free   (BylineHtmlTree   *tree);
const char         *byline_ingest_html_tree_attr   (const BylineHtmlTree *tree,
                                                    const BylineHtmlNode *node,
                                                    BylineHtmlAttrName    attr);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BylineHtmlTree, byline_ingest_html_tree_free)

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
void                byline_ingest_lay_out_html     (BylinePage       *page,
                                                    const BylineHtmlTree *tree,
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
