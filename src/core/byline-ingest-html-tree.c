/* byline-ingest-html-tree.c: a page as libxml2's HTML parser reads it, kept small
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libxml2 parses the page (recovering, no network) and reports it through
 * SAX callbacks; instead of libxml2's own tree, which costs a node, a copy
 * of every attribute and a free of each, the callbacks keep only what the
 * analysis reads: element kinds, a few attributes, flags and the text.
 * The shape is the one libxml2's tree builder (SAX2.c) would give for the
 * same events, down to its odd corners, so that what ingest finds does not
 * depend on which of the two built it:
 *
 * - a prefixed name such as <o:p> is known by its local part ("p");
 * - an element opened when no element is open becomes a child of the root
 *   element if the document's first node is that element, else a sibling
 *   of the root;
 * - text with no open element is dropped;
 * - the 257th nested element, or a single run of text over 10,000,000
 *   bytes, stops the parse there.
 *
 * Most of a news page is style sheets, scripts and comments, which
 * libxml2 reads a character at a time only for the analysis to skip them.
 * Their text is taken out before parsing (find_skips()), and the parse
 * checks that libxml2 did see a <style> or <script> start tag ending
 * exactly where each such cut was made, outside any <title> or breadcrumb
 * link whose text is read, and a comment ending exactly where each comment
 * cut was made: then the cut text was that element's content or that
 * comment's, which nothing reads, and the rest parses as it would have.
 * Should any cut not be confirmed so, the page is parsed again whole.
 */

#include "config.h"

#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>

#include "byline-ingest-private.h"

/* libxml2's tree builder refuses text nodes beyond this (XML_MAX_TEXT_LENGTH) */
#define MAX_TEXT_LENGTH 10000000

/* shorter style, script or comment text is not worth a cut */
#define MIN_SKIP 64

/* A cut: the text of a <style> or <script> element, or of a comment,
 * taken out.  @at is where libxml2 must report it in the text parsed: the
 * start tag's '>', or just after the comment's end. */
typedef enum
{
  SKIP_STYLE,
  SKIP_SCRIPT,
  SKIP_COMMENT,
} SkipKind;

typedef struct
{
  gsize  at;
  guint8 kind;   /* SkipKind */
} Skip;

typedef struct
{
  const char *name;
  guint8      tag;
  guint8      kind;
} TagInfo;

static const TagInfo tag_infos[] = {
  /* never read as text */
  { "script", BYLINE_HTML_TAG_SCRIPT, BYLINE_HTML_SKIPPED },
  { "style", BYLINE_HTML_TAG_STYLE, BYLINE_HTML_SKIPPED },
  { "noscript", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_SKIPPED },
  { "iframe", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_SKIPPED },
  { "frame", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_SKIPPED },
  { "frameset", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_SKIPPED },
  { "object", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_SKIPPED },
  { "embed", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_SKIPPED },
  { "applet", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_SKIPPED },
  { "template", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_SKIPPED },
  { "svg", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_SKIPPED },
  { "canvas", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_SKIPPED },
  { "select", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_SKIPPED },
  { "option", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_SKIPPED },
  { "textarea", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_SKIPPED },
  { "button", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_SKIPPED },
  { "input", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_SKIPPED },
  { "head", BYLINE_HTML_TAG_HEAD, BYLINE_HTML_SKIPPED },
  { "map", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_SKIPPED },
  { "audio", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_SKIPPED },
  { "video", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_SKIPPED },
  { "math", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_SKIPPED },
  { "link", BYLINE_HTML_TAG_LINK, BYLINE_HTML_SKIPPED },
  { "meta", BYLINE_HTML_TAG_META, BYLINE_HTML_SKIPPED },
  /* blocks: each starts a line */
  { "p", BYLINE_HTML_TAG_P, BYLINE_HTML_BLOCK },
  { "div", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_BLOCK },
  { "h1", BYLINE_HTML_TAG_H1, BYLINE_HTML_BLOCK },
  { "h2", BYLINE_HTML_TAG_H2, BYLINE_HTML_BLOCK },
  { "h3", BYLINE_HTML_TAG_H3, BYLINE_HTML_BLOCK },
  { "h4", BYLINE_HTML_TAG_H4, BYLINE_HTML_BLOCK },
  { "h5", BYLINE_HTML_TAG_H5, BYLINE_HTML_BLOCK },
  { "h6", BYLINE_HTML_TAG_H6, BYLINE_HTML_BLOCK },
  { "li", BYLINE_HTML_TAG_LI, BYLINE_HTML_BLOCK },
  { "ul", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_BLOCK },
  { "ol", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_BLOCK },
  { "dl", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_BLOCK },
  { "dt", BYLINE_HTML_TAG_DT, BYLINE_HTML_BLOCK },
  { "dd", BYLINE_HTML_TAG_DD, BYLINE_HTML_BLOCK },
  { "td", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_BLOCK },
  { "th", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_BLOCK },
  { "tr", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_BLOCK },
  { "table", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_BLOCK },
  { "tbody", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_BLOCK },
  { "thead", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_BLOCK },
  { "tfoot", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_BLOCK },
  { "section", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_BLOCK },
  { "article", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_BLOCK },
  { "header", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_BLOCK },
  { "footer", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_BLOCK },
  { "nav", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_BLOCK },
  { "aside", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_BLOCK },
  { "main", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_BLOCK },
  { "blockquote", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_BLOCK },
  { "pre", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_BLOCK },
  { "figure", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_BLOCK },
  { "figcaption", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_BLOCK },
  { "form", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_BLOCK },
  { "center", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_BLOCK },
  { "address", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_BLOCK },
  { "hr", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_BLOCK },
  { "body", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_BLOCK },
  { "html", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_BLOCK },
  { "caption", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_BLOCK },
  { "fieldset", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_BLOCK },
  { "legend", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_BLOCK },
  { "details", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_BLOCK },
  { "summary", BYLINE_HTML_TAG_OTHER, BYLINE_HTML_BLOCK },
  /* inline, but looked at */
  { "a", BYLINE_HTML_TAG_A, 0 },
  { "b", BYLINE_HTML_TAG_B, 0 },
  { "strong", BYLINE_HTML_TAG_STRONG, 0 },
  { "br", BYLINE_HTML_TAG_BR, 0 },
  { "img", BYLINE_HTML_TAG_IMG, 0 },
  { "title", BYLINE_HTML_TAG_TITLE, 0 },
  { "base", BYLINE_HTML_TAG_BASE, 0 },
  { "time", BYLINE_HTML_TAG_TIME, 0 },
};

/* Attribute name → BylineHtmlAttr, for the elements that keep it. */
typedef struct
{
  const char *name;
  guint8      tag;
  guint8      attr;
} AttrInfo;

static const AttrInfo attr_infos[] = {
  { "href", BYLINE_HTML_TAG_A, BYLINE_HTML_ATTR_HREF },
  { "href", BYLINE_HTML_TAG_BASE, BYLINE_HTML_ATTR_HREF },
  { "href", BYLINE_HTML_TAG_LINK, BYLINE_HTML_ATTR_HREF },
  { "rel", BYLINE_HTML_TAG_LINK, BYLINE_HTML_ATTR_REL },
  { "datetime", BYLINE_HTML_TAG_TIME, BYLINE_HTML_ATTR_DATETIME },
  { "src", BYLINE_HTML_TAG_IMG, BYLINE_HTML_ATTR_SRC },
  { "data-original", BYLINE_HTML_TAG_IMG, BYLINE_HTML_ATTR_DATA_ORIGINAL },
  { "data-src", BYLINE_HTML_TAG_IMG, BYLINE_HTML_ATTR_DATA_SRC },
  { "data-lazy-src", BYLINE_HTML_TAG_IMG, BYLINE_HTML_ATTR_DATA_LAZY_SRC },
  { "width", BYLINE_HTML_TAG_IMG, BYLINE_HTML_ATTR_WIDTH },
  { "height", BYLINE_HTML_TAG_IMG, BYLINE_HTML_ATTR_HEIGHT },
  { "name", BYLINE_HTML_TAG_META, BYLINE_HTML_ATTR_NAME },
  { "property", BYLINE_HTML_TAG_META, BYLINE_HTML_ATTR_PROPERTY },
  { "itemprop", BYLINE_HTML_TAG_META, BYLINE_HTML_ATTR_ITEMPROP },
  { "content", BYLINE_HTML_TAG_META, BYLINE_HTML_ATTR_CONTENT },
};

typedef struct
{
  BylineHtmlTree   *tree;
  htmlParserCtxtPtr ctxt;
  GArray           *stack;              /* int: the open elements, as libxml2's node stack */
  gboolean          doc_has_children;
  gboolean          has_doctype;
  gboolean          doc_first_is_element;
  int               last_top;           /* the last element at the document level */
  gboolean          halted;
  GArray           *skips;              /* Skip, or NULL */
  guint             next_skip;          /* the first cut not yet confirmed */
  gboolean          skips_failed;
} Builder;

static GHashTable *
tag_table (void)
{
  static GHashTable *table;

  if (g_once_init_enter (&table))
    {
      GHashTable *t = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < G_N_ELEMENTS (tag_infos); i++)
        g_hash_table_insert (t, (gpointer) tag_infos[i].name, (gpointer) &tag_infos[i]);
      g_once_init_leave (&table, t);
    }

  return table;
}

static gboolean
contains_ascii_nocase (const char *haystack,
                       const char *needle)
{
  gsize n = strlen (needle);
  char first = g_ascii_tolower (needle[0]);

  for (const char *p = haystack; *p != '\0'; p++)
    if (g_ascii_tolower (*p) == first && g_ascii_strncasecmp (p, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* display:none or visibility:hidden, white space aside */
static gboolean
style_hides (const char *style)
{
  g_autoptr(GString) compact = NULL;

  if (strchr (style, ':') == NULL)
    return FALSE;

  compact = g_string_new (NULL);
  for (const char *p = style; *p != '\0'; p++)
    if (*p != ' ' && *p != '\t' && *p != '\n')
      g_string_append_c (compact, g_ascii_tolower (*p));

  return strstr (compact->str, "display:none") != NULL ||
         strstr (compact->str, "visibility:hidden") != NULL;
}

static BylineHtmlNode *
node_at (BylineHtmlTree *tree,
         int             index)
{
  return &g_array_index (tree->nodes, BylineHtmlNode, index);
}

static int
new_node (BylineHtmlTree *tree,
          guint8          tag)
{
  BylineHtmlNode node = { 0 };

  node.tag = tag;
  node.first_child = -1;
  node.last_child = -1;
  node.next = -1;
  g_array_append_val (tree->nodes, node);

  return tree->nodes->len - 1;
}

static void
append_child (BylineHtmlTree *tree,
              int             parent,
              int             child)
{
  BylineHtmlNode *p = node_at (tree, parent);

  if (p->last_child < 0)
    p->first_child = child;
  else
    node_at (tree, p->last_child)->next = child;
  p->last_child = child;
}

static void
halt (Builder *b)
{
  b->halted = TRUE;
  xmlStopParser (b->ctxt);
}

/* Flags from any element's attributes, and the values kept for its tag. */
static void
read_attributes (Builder       *b,
                 int            index,
                 const xmlChar **atts)
{
  BylineHtmlTree *tree = b->tree;
  guint8 tag = node_at (tree, index)->tag;
  guint8 flags = 0;
  guint first = tree->attrs->len;

  for (guint i = 0; atts[i] != NULL; i += 2)
    {
      const char *name = (const char *) atts[i];
      /* libxml2's tree stores a valueless attribute with an empty value;
       * none of the ones read here is one of HTML's boolean attributes */
      const char *value = atts[i + 1] != NULL ? (const char *) atts[i + 1] : "";

      /* the HTML parser gives attribute names in lower case and drops a
       * repeated one; only the first of each counts */
      switch (name[0])
        {
        case 'h':
          if (strcmp (name, "hidden") == 0)
            flags |= BYLINE_HTML_HIDDEN;
          break;
        case 's':
          if (strcmp (name, "style") == 0 && style_hides (value))
            flags |= BYLINE_HTML_HIDDEN;
          break;
        case 'c':
        case 'i':
          if ((strcmp (name, "class") == 0 || strcmp (name, "id") == 0) &&
              contains_ascii_nocase (value, "crumb"))
            flags |= BYLINE_HTML_CRUMB;
          if (strcmp (name, "itemprop") == 0 && g_ascii_strcasecmp (value, "articleBody") == 0)
            flags |= BYLINE_HTML_ARTICLE_BODY;
          break;
        case 't':
          if (strcmp (name, "type") == 0 && g_ascii_strcasecmp (value, "application/ld+json") == 0)
            flags |= BYLINE_HTML_LD_JSON;
          break;
        default:
          break;
        }

      if (tag == BYLINE_HTML_TAG_OTHER || tag == BYLINE_HTML_TAG_TEXT)
        continue;
      for (guint k = 0; k < G_N_ELEMENTS (attr_infos); k++)
        if (attr_infos[k].tag == tag && strcmp (attr_infos[k].name, name) == 0)
          {
            BylineHtmlAttr attr = { attr_infos[k].attr, tree->values->len };

            g_string_append_len (tree->values, value, strlen (value) + 1);
            g_array_append_val (tree->attrs, attr);
            break;
          }
    }

  node_at (tree, index)->flags = flags;
  node_at (tree, index)->start = first;
  node_at (tree, index)->length = tree->attrs->len - first;
}

/* Whether the text of an element opened now would be read whole, style
 * and script included: in a <title>, or in a link of a breadcrumb list. */
static gboolean
stack_holds_read_text (Builder *b)
{
  gboolean in_crumbs = FALSE;

  for (guint i = 0; i < b->stack->len; i++)
    {
      const BylineHtmlNode *node = node_at (b->tree, g_array_index (b->stack, int, i));

      if (node->tag == BYLINE_HTML_TAG_TITLE || (node->tag == BYLINE_HTML_TAG_A && in_crumbs))
        return TRUE;
      in_crumbs |= (node->flags & BYLINE_HTML_CRUMB) != 0;
    }
  return FALSE;
}

/* libxml2 reports a <style> or <script> start tag (with its '>' current)
 * or a comment (just after its end): it must be the next cut's, which
 * must be fit (@fit), or come before it. */
static void
confirm_skip (Builder  *b,
              SkipKind  kind,
              gboolean  fit)
{
  xmlParserInputPtr input = b->ctxt->input;
  gsize offset = input->consumed + (gsize) (input->cur - input->base);
  const Skip *skip;

  if (b->next_skip >= b->skips->len)
    return;
  skip = &g_array_index (b->skips, Skip, b->next_skip);
  if (offset < skip->at)
    return;
  if (offset > skip->at || skip->kind != kind || !fit)
    b->skips_failed = TRUE;
  b->next_skip++;
}

static void
start_element_cb (void          *user_data,
                  const xmlChar *fullname,
                  const xmlChar **atts)
{
  htmlParserCtxtPtr ctxt = user_data;
  Builder *b = ctxt->_private;
  BylineHtmlTree *tree = b->tree;
  const TagInfo *info;
  int parent;
  int index;

  if (b->halted)
    return;
  /* libxml2's node stack refuses deeper elements and halts the parser */
  if (b->stack->len > xmlParserMaxDepth)
    {
      halt (b);
      return;
    }

  if (strchr ((const char *) fullname, ':') == NULL)
    info = g_hash_table_lookup (tag_table (), fullname);
  else
    {
      xmlChar *prefix = NULL;
      xmlChar *local = xmlSplitQName (ctxt, fullname, &prefix);

      info = local != NULL ? g_hash_table_lookup (tag_table (), local) : NULL;
      xmlFree (local);
      xmlFree (prefix);
    }

  index = new_node (tree, info != NULL ? info->tag : BYLINE_HTML_TAG_OTHER);
  node_at (tree, index)->kind = info != NULL ? info->kind : 0;
  if (atts != NULL)
    read_attributes (b, index, atts);

  if (b->skips != NULL && info != NULL &&
      (info->tag == BYLINE_HTML_TAG_STYLE || info->tag == BYLINE_HTML_TAG_SCRIPT))
    {
      gboolean style = info->tag == BYLINE_HTML_TAG_STYLE;

      confirm_skip (b, style ? SKIP_STYLE : SKIP_SCRIPT,
                    *ctxt->input->cur == '>' &&
                    /* libxml2 reads a <x:style> as markup, not as a style sheet */
                    strcmp ((const char *) fullname, style ? "style" : "script") == 0 &&
                    (node_at (tree, index)->flags & BYLINE_HTML_LD_JSON) == 0 &&
                    !stack_holds_read_text (b));
    }

  parent = b->stack->len > 0 ? g_array_index (b->stack, int, b->stack->len - 1) : -1;
  if (!b->doc_has_children)
    {
      b->doc_has_children = TRUE;
      b->doc_first_is_element = TRUE;
      tree->root = index;
      b->last_top = index;
    }
  else if (parent < 0 && b->doc_first_is_element)
    parent = tree->root;
  else if (parent < 0)
    {
      /* a sibling of the document's first node: after the root */
      if (b->last_top >= 0)
        node_at (tree, b->last_top)->next = index;
      else
        tree->root = index;
      b->last_top = index;
    }

  if (parent >= 0)
    append_child (tree, parent, index);
  g_array_append_val (b->stack, index);
}

static void
end_element_cb (void          *user_data,
                const xmlChar *name)
{
  htmlParserCtxtPtr ctxt = user_data;
  Builder *b = ctxt->_private;

  if (b->halted)
    return;
  if (b->stack->len > 0)
    g_array_set_size (b->stack, b->stack->len - 1);
}

static void
add_text (Builder       *b,
          const xmlChar *ch,
          int            len,
          gboolean       cdata)
{
  BylineHtmlTree *tree = b->tree;
  int parent;
  BylineHtmlNode *last;
  int index;

  if (b->halted || b->stack->len == 0 || len <= 0)
    return;

  parent = g_array_index (b->stack, int, b->stack->len - 1);
  last = node_at (tree, parent)->last_child >= 0 ? node_at (tree, node_at (tree, parent)->last_child) : NULL;
  if (last != NULL && last->tag == BYLINE_HTML_TAG_TEXT &&
      ((last->flags & BYLINE_HTML_CDATA) != 0) == cdata)
    {
      if ((gsize) last->length + len > MAX_TEXT_LENGTH)
        {
          halt (b);
          return;
        }
      /* the open element's last text is the last one appended, so it
       * grows in place; should it not be, it moves to the end first */
      if (last->start + last->length != tree->text->len)
        {
          gsize start = tree->text->len;

          g_string_append_len (tree->text, tree->text->str + last->start, last->length);
          last->start = start;
        }
      g_string_append_len (tree->text, (const char *) ch, len);
      last->length += len;
      return;
    }

  index = new_node (tree, BYLINE_HTML_TAG_TEXT);
  node_at (tree, index)->flags = cdata ? BYLINE_HTML_CDATA : 0;
  node_at (tree, index)->start = tree->text->len;
  node_at (tree, index)->length = len;
  g_string_append_len (tree->text, (const char *) ch, len);
  append_child (tree, parent, index);
}

static void
characters_cb (void          *user_data,
               const xmlChar *ch,
               int            len)
{
  htmlParserCtxtPtr ctxt = user_data;

  add_text (ctxt->_private, ch, len, FALSE);
}

static void
cdata_block_cb (void          *user_data,
                const xmlChar *ch,
                int            len)
{
  htmlParserCtxtPtr ctxt = user_data;

  add_text (ctxt->_private, ch, len, TRUE);
}

/* A doctype, comment or processing instruction outside any element is a
 * node of the document: elements opened later with none open go beside
 * the root rather than into it.  libxml2 puts the doctype first, wherever
 * it stood, and makes only one. */
static void
internal_subset_cb (void          *user_data,
                    const xmlChar *name,
                    const xmlChar *external_id,
                    const xmlChar *system_id)
{
  htmlParserCtxtPtr ctxt = user_data;
  Builder *b = ctxt->_private;

  if (b->halted || b->has_doctype)
    return;
  b->has_doctype = TRUE;
  b->doc_has_children = TRUE;
  b->doc_first_is_element = FALSE;
}

static void
document_node_cb (Builder *b)
{
  if (!b->halted && b->stack->len == 0 && !b->doc_has_children)
    {
      b->doc_has_children = TRUE;
      b->doc_first_is_element = FALSE;
    }
}

static void
comment_cb (void          *user_data,
            const xmlChar *value)
{
  htmlParserCtxtPtr ctxt = user_data;
  Builder *b = ctxt->_private;

  if (b->skips != NULL && !b->halted)
    confirm_skip (b, SKIP_COMMENT, TRUE);
  document_node_cb (b);
}

static void
processing_instruction_cb (void          *user_data,
                           const xmlChar *target,
                           const xmlChar *data)
{
  htmlParserCtxtPtr ctxt = user_data;

  document_node_cb (ctxt->_private);
}

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == ':' || c == '_' || c == '.' || c == '-';
}

/* Where libxml2's HTML parser would end a style sheet or script starting
 * at @p: the first "</" followed by the element's name in any case.
 * NULL when there is none. */
static const char *
find_content_end (const char *p,
                  const char *end,
                  const char *name,
                  gsize       name_len)
{
  while ((p = memchr (p, '<', end - p)) != NULL)
    {
      if ((gsize) (end - p) >= name_len + 2 && p[1] == '/' &&
          g_ascii_strncasecmp (p + 2, name, name_len) == 0)
        return p;
      p++;
    }

  return NULL;
}

/* Copies @text into @out without the content of the <style> and <script>
 * elements and comments that look safe to cut; returns the cuts made, in
 * order.  Only a guess: the parse confirms each one. */
static GArray *
find_skips (const char *text,
            gsize       length,
            GString    *out)
{
  const char *end = text + length;
  const char *copied = text;
  const char *p = text;
  GArray *skips = g_array_new (FALSE, FALSE, sizeof (Skip));

  while ((p = memchr (p, '<', end - p)) != NULL)
    {
      const char *name;
      gsize name_len;
      SkipKind kind;
      const char *gt;
      const char *content_end;

      /* a comment ends at the first "-->" or "--!>" after its "<!--" */
      if (end - p > 4 && p[1] == '!' && p[2] == '-' && p[3] == '-')
        {
          const char *q = p + 4;
          gsize close_len;

          while ((q = memchr (q, '-', end - q)) != NULL && end - q >= 3 &&
                 !(q[1] == '-' && (q[2] == '>' || (q[2] == '!' && end - q >= 4 && q[3] == '>'))))
            q++;
          if (q == NULL || end - q < 3)
            break;
          close_len = q[2] == '>' ? 3 : 4;
          if (q - (p + 4) >= MIN_SKIP)
            {
              Skip skip = { 0 };

              g_string_append_len (out, copied, p + 4 - copied);
              skip.at = out->len + close_len;
              skip.kind = SKIP_COMMENT;
              g_array_append_val (skips, skip);
              copied = q;
            }
          p = q + close_len;
          continue;
        }
      if (end - p > 8 && g_ascii_strncasecmp (p + 1, "style", 5) == 0 && !is_name_char (p[6]))
        name = "style", name_len = 5, kind = SKIP_STYLE;
      else if (end - p > 9 && g_ascii_strncasecmp (p + 1, "script", 6) == 0 && !is_name_char (p[7]))
        name = "script", name_len = 6, kind = SKIP_SCRIPT;
      else
        {
          p++;
          continue;
        }

      gt = memchr (p, '>', end - p);
      if (gt == NULL)
        break;
      /* <script src="…"/> closes itself: markup goes on after it */
      if (gt[-1] == '/')
        {
          p = gt + 1;
          continue;
        }
      /* libxml2 reads everything up to the end tag, unless the text starts
       * with markup; ld+json is read */
      content_end = find_content_end (gt + 1, end, name, name_len);
      if (content_end == NULL)
        break;
      if (gt[1] != '<' && content_end - (gt + 1) >= MIN_SKIP &&
          content_end - (gt + 1) <= MAX_TEXT_LENGTH &&
          !(kind == SKIP_SCRIPT && g_strstr_len (p, gt - p, "json") != NULL))
        {
          Skip skip = { 0 };

          g_string_append_len (out, copied, gt + 1 - copied);
          skip.at = out->len - 1;
          skip.kind = kind;
          g_array_append_val (skips, skip);
          copied = content_end;
        }
      p = content_end;
    }
  g_string_append_len (out, copied, end - copied);

  return skips;
}

static BylineHtmlTree *
parse (const char *utf8,
       int         size,
       GArray     *skips)
{
  htmlParserCtxtPtr ctxt;
  BylineHtmlTree *tree;
  Builder b = { 0 };

  ctxt = htmlNewParserCtxt ();
  if (ctxt == NULL)
    return NULL;

  memset (ctxt->sax, 0, sizeof *ctxt->sax);
  ctxt->sax->startElement = start_element_cb;
  ctxt->sax->endElement = end_element_cb;
  ctxt->sax->characters = characters_cb;
  ctxt->sax->cdataBlock = cdata_block_cb;
  ctxt->sax->internalSubset = internal_subset_cb;
  ctxt->sax->comment = comment_cb;
  ctxt->sax->processingInstruction = processing_instruction_cb;
  ctxt->sax->initialized = 1;

  tree = g_new0 (BylineHtmlTree, 1);
  tree->nodes = g_array_sized_new (FALSE, FALSE, sizeof (BylineHtmlNode), 1024);
  tree->attrs = g_array_sized_new (FALSE, FALSE, sizeof (BylineHtmlAttr), 256);
  tree->text = g_string_sized_new (size / 4 + 64);
  tree->values = g_string_sized_new (4096);
  tree->root = -1;

  b.tree = tree;
  b.ctxt = ctxt;
  b.stack = g_array_sized_new (FALSE, FALSE, sizeof (int), 64);
  b.last_top = -1;
  b.skips = skips;
  ctxt->_private = &b;

  /* The document is UTF-8 already: naming it keeps libxml2 from following
   * the page's <meta charset>, which described the bytes before decoding. */
  htmlCtxtReadMemory (ctxt, utf8, size, NULL, "UTF-8",
                      HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                      HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT);

  ctxt->_private = NULL;
  htmlFreeParserCtxt (ctxt);
  g_array_unref (b.stack);

  if (skips != NULL && (b.skips_failed || b.next_skip < skips->len))
    g_clear_pointer (&tree, byline_ingest_html_tree_free);
  else if (skips != NULL)
    tree->cuts = skips->len;

  return tree;
}

/**
 * byline_ingest_html_tree_parse:
 * @utf8: the page, decoded, without NUL bytes
 * @length: its length in bytes
 * @cut: whether style sheet, script and comment text may be cut before
 *   parsing (%FALSE only to check that the cuts change nothing)
 *
 * Parses with libxml2's HTML parser (recovering, no network, the page's
 * own charset declarations ignored) into a #BylineHtmlTree.
 *
 * Returns: (transfer full) (nullable): the tree, or %NULL for an empty
 *   page or when libxml2 could not start
 */
BylineHtmlTree *
byline_ingest_html_tree_parse (const char *utf8,
                               gsize       length,
                               gboolean    cut)
{
  g_autoptr(GString) text = NULL;
  g_autoptr(GArray) skips = NULL;
  BylineHtmlTree *tree = NULL;
  int size = (int) MIN (length, (gsize) G_MAXINT);

  if (size <= 0)
    return NULL;

  if (cut)
    {
      text = g_string_sized_new (size);
      skips = find_skips (utf8, size, text);
      if (skips->len > 0)
        tree = parse (text->str, (int) text->len, skips);
    }
  if (tree == NULL)
    tree = parse (utf8, size, NULL);

  return tree;
}

void
byline_ingest_html_tree_free (BylineHtmlTree *tree)
{
  if (tree == NULL)
    return;

  g_array_unref (tree->nodes);
  g_array_unref (tree->attrs);
  g_string_free (tree->text, TRUE);
  g_string_free (tree->values, TRUE);
  g_free (tree);
}

/**
 * byline_ingest_html_tree_attr:
 * @tree: a tree
 * @node: an element of it
 * @attr: one of the attributes kept for that element's tag
 *
 * Returns: (nullable): the attribute's value ("" when written without
 *   one), or %NULL when the element has no such attribute
 */
const char *
byline_ingest_html_tree_attr (const BylineHtmlTree *tree,
                              const BylineHtmlNode *node,
                              BylineHtmlAttrName    attr)
{
  for (guint i = node->start; i < node->start + node->length; i++)
    {
      const BylineHtmlAttr *a = &g_array_index (tree->attrs, BylineHtmlAttr, i);

      if (a->name == attr)
        return tree->values->str + a->value;
    }

  return NULL;
}
