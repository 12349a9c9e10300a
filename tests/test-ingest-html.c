/* test-ingest-html.c: the page tree built from libxml2's SAX events, and
 * the style, script and comment text cut before parsing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tree must have the shape libxml2's own tree builder gives (checked
 * against htmlReadMemory() itself, the oracle), and cutting text before
 * parsing must change nothing that ingest reads (checked by laying out the
 * same page parsed with and without cuts).
 */

#include "config.h"

#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>

#include "byline.h"
#include "byline-encoding.h"
#include "byline-ingest-private.h"

#define PARSE_OPTIONS (HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | \
                       HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT)

static const char css[] =
  "body { margin: 0; padding: 0; font-family: sans-serif; color: #333; background: #fff; }";
static const char js[] =
  "var tracker = { id: 12345, name: 'page-view', send: function () { return true; } };";
static const char paragraphs[] =
  "<p>第一段正文，这是一个足够长的句子，用来检验正文是否被完整地取出来了。</p>"
  "<p>第二段正文，同样是一个足够长的句子，里面还有更多的文字和标点符号。</p>"
  "<p>第三段正文，也是一个足够长的句子，让正文的分数比其他部分更高一些。</p>";

/* ------------------------------------------------------------- helpers */

static BylineHtmlTag
tag_of (const char *name)
{
  static const struct
  {
    const char    *name;
    BylineHtmlTag  tag;
  } tags[] = {
    { "a", BYLINE_HTML_TAG_A }, { "b", BYLINE_HTML_TAG_B }, { "strong", BYLINE_HTML_TAG_STRONG },
    { "br", BYLINE_HTML_TAG_BR }, { "img", BYLINE_HTML_TAG_IMG }, { "p", BYLINE_HTML_TAG_P },
    { "li", BYLINE_HTML_TAG_LI }, { "dd", BYLINE_HTML_TAG_DD }, { "dt", BYLINE_HTML_TAG_DT },
    { "h1", BYLINE_HTML_TAG_H1 }, { "h2", BYLINE_HTML_TAG_H2 }, { "h3", BYLINE_HTML_TAG_H3 },
    { "h4", BYLINE_HTML_TAG_H4 }, { "h5", BYLINE_HTML_TAG_H5 }, { "h6", BYLINE_HTML_TAG_H6 },
    { "title", BYLINE_HTML_TAG_TITLE }, { "meta", BYLINE_HTML_TAG_META },
    { "script", BYLINE_HTML_TAG_SCRIPT }, { "style", BYLINE_HTML_TAG_STYLE },
    { "base", BYLINE_HTML_TAG_BASE }, { "link", BYLINE_HTML_TAG_LINK },
    { "time", BYLINE_HTML_TAG_TIME }, { "head", BYLINE_HTML_TAG_HEAD },
  };

  for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
    if (g_str_equal (tags[i].name, name))
      return tags[i].tag;

  return BYLINE_HTML_TAG_OTHER;
}

/* The attribute the dump shows for a tag, if any. */
static const char *
shown_attribute (BylineHtmlTag       tag,
                 BylineHtmlAttrName *attr)
{
  switch (tag)
    {
    case BYLINE_HTML_TAG_A:
      *attr = BYLINE_HTML_ATTR_HREF;
      return "href";
    case BYLINE_HTML_TAG_IMG:
      *attr = BYLINE_HTML_ATTR_SRC;
      return "src";
    case BYLINE_HTML_TAG_META:
      *attr = BYLINE_HTML_ATTR_CONTENT;
      return "content";
    default:
      return NULL;
    }
}

/* libxml2's tree as text: elements by tag, one shown attribute, and the
 * text of text and CDATA nodes. */
static void
dump_libxml2 (xmlNode *node,
              GString *out)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
        g_string_append (out, (const char *) node->content);
      else if (node->type == XML_ELEMENT_NODE)
        {
          BylineHtmlTag tag = tag_of ((const char *) node->name);
          BylineHtmlAttrName attr;
          const char *attr_name = shown_attribute (tag, &attr);

          g_string_append_printf (out, "<%d", tag);
          if (attr_name != NULL)
            {
              xmlChar *value = xmlGetProp (node, (const xmlChar *) attr_name);

              g_string_append_printf (out, " %s", value != NULL ? (const char *) value : "-");
              xmlFree (value);
            }
          g_string_append_c (out, '>');
          dump_libxml2 (node->children, out);
          g_string_append (out, "</>");
        }
    }
}

static void
dump_ours (const BylineHtmlTree *tree,
           int                   index,
           GString              *out)
{
  for (; index >= 0; index = g_array_index (tree->nodes, BylineHtmlNode, index).next)
    {
      const BylineHtmlNode *node = &g_array_index (tree->nodes, BylineHtmlNode, index);
      BylineHtmlAttrName attr;

      if (node->tag == BYLINE_HTML_TAG_TEXT)
        {
          g_string_append_len (out, tree->text->str + node->start, node->length);
          continue;
        }
      g_string_append_printf (out, "<%d", node->tag);
      if (shown_attribute (node->tag, &attr) != NULL)
        {
          const char *value = byline_ingest_html_tree_attr (tree, node, attr);

          g_string_append_printf (out, " %s", value != NULL ? value : "-");
        }
      g_string_append_c (out, '>');
      dump_ours (tree, node->first_child, out);
      g_string_append (out, "</>");
    }
}

static void
assert_tree_like_libxml2 (const char *what,
                          const char *html)
{
  gsize length = strlen (html);
  htmlDocPtr doc = htmlReadMemory (html, (int) length, NULL, "UTF-8", PARSE_OPTIONS);
  g_autoptr(BylineHtmlTree) tree = byline_ingest_html_tree_parse (html, length, FALSE);
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(GString) got = g_string_new (NULL);

  g_assert_nonnull (doc);
  g_assert_nonnull (tree);
  dump_libxml2 (xmlDocGetRootElement (doc), expected);
  dump_ours (tree, tree->root, got);
  xmlFreeDoc (doc);

  if (!g_str_equal (expected->str, got->str))
    g_error ("%s: the tree differs from libxml2's:\n  libxml2: %.400s\n  ours:    %.400s",
             what, expected->str, got->str);
}

static void
assert_same_lines (const char *what,
                   BylinePage *a,
                   BylinePage *b)
{
  g_assert_cmpuint (a->lines->len, ==, b->lines->len);
  for (guint i = 0; i < a->lines->len; i++)
    {
      BylineLine *x = g_ptr_array_index (a->lines, i);
      BylineLine *y = g_ptr_array_index (b->lines, i);

      if (g_strcmp0 (x->text, y->text) != 0 || g_strcmp0 (x->markdown, y->markdown) != 0 ||
          g_strcmp0 (x->image, y->image) != 0 || x->heading != y->heading ||
          x->chars != y->chars || x->link_chars != y->link_chars ||
          x->container != y->container || x->is_li != y->is_li || x->is_p != y->is_p ||
          x->hidden != y->hidden)
        g_error ("%s: line %u differs: “%s” against “%s”", what, i, x->text, y->text);
    }
  g_assert_cmpmem (a->parents->data, a->parents->len * sizeof (int),
                   b->parents->data, b->parents->len * sizeof (int));
  g_assert_cmpint (a->body_container, ==, b->body_container);
  g_assert_cmpint (a->marked_body, ==, b->marked_body);
  g_assert_cmpstr (a->doc_title, ==, b->doc_title);
  g_assert_cmpstr (a->meta_title, ==, b->meta_title);
  g_assert_cmpstr (a->meta_author, ==, b->meta_author);
  g_assert_cmpstr (a->meta_site, ==, b->meta_site);
  g_assert_cmpstr (a->meta_published, ==, b->meta_published);
  g_assert_cmpstr (a->meta_section, ==, b->meta_section);
  g_assert_cmpstr (a->meta_url, ==, b->meta_url);
  g_assert_cmpuint (a->h1->len, ==, b->h1->len);
  for (guint i = 0; i < a->h1->len; i++)
    g_assert_cmpstr (g_ptr_array_index (a->h1, i), ==, g_ptr_array_index (b->h1, i));
  g_assert_true ((a->crumbs == NULL) == (b->crumbs == NULL));
  for (guint i = 0; a->crumbs != NULL && i < MAX (a->crumbs->len, b->crumbs->len); i++)
    g_assert_cmpstr (i < a->crumbs->len ? g_ptr_array_index (a->crumbs, i) : NULL, ==,
                     i < b->crumbs->len ? g_ptr_array_index (b->crumbs, i) : NULL);
}

/* Lays the page out parsed with cuts and without; returns the number of
 * cuts made and the page parsed with them. */
static guint
assert_cuts_change_nothing (const char  *what,
                            const char  *html,
                            BylinePage **out_page)
{
  gsize length = strlen (html);
  g_autoptr(BylineHtmlTree) cut = byline_ingest_html_tree_parse (html, length, TRUE);
  g_autoptr(BylineHtmlTree) whole = byline_ingest_html_tree_parse (html, length, FALSE);
  g_autoptr(BylinePage) a = byline_page_new (TRUE);
  g_autoptr(BylinePage) b = byline_page_new (TRUE);

  g_assert_nonnull (cut);
  g_assert_nonnull (whole);
  g_assert_cmpuint (whole->cuts, ==, 0);
  byline_ingest_lay_out_html (a, cut, "https://news.example.com/2021/04/a.html");
  byline_ingest_lay_out_html (b, whole, "https://news.example.com/2021/04/a.html");
  assert_same_lines (what, a, b);
  if (out_page != NULL)
    *out_page = g_steal_pointer (&a);

  return cut->cuts;
}

static GPtrArray *
corpus_pages (void)
{
  const char *srcdir = g_getenv ("BYLINE_TEST_SRCDIR");
  g_autofree char *corpus = g_build_filename (srcdir != NULL ? srcdir : ".", "corpus", NULL);
  g_autoptr(GDir) dir = g_dir_open (corpus, 0, NULL);
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      char *path = g_build_filename (corpus, name, "source.html", NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        g_ptr_array_add (paths, path);
      else
        g_free (path);
    }
  g_assert_cmpuint (paths->len, >, 10);

  return paths;
}

/* The corpus page as ingest reads it: decoded to UTF-8. */
static char *
read_page (const char *path)
{
  g_autofree char *raw = NULL;
  g_autofree char *declared = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &raw, &length, &error);
  g_assert_no_error (error);
  declared = byline_encoding_sniff_html ((const guint8 *) raw, length);

  return byline_encoding_decode ((const guint8 *) raw, length, NULL, declared, NULL);
}

/* --------------------------------------------------------------- tests */

static void
test_tree_corpus (void)
{
  g_autoptr(GPtrArray) paths = corpus_pages ();

  for (guint i = 0; i < paths->len; i++)
    {
      g_autofree char *html = read_page (g_ptr_array_index (paths, i));

      assert_tree_like_libxml2 (g_ptr_array_index (paths, i), html);
    }
}

static void
test_tree_edge_cases (void)
{
  static const char * const pages[] = {
    /* a doctype after the content goes first: later elements go beside the root */
    "<p>第一段正文。</p></html><!DOCTYPE html><p>后面的一段。</p><title>标题</title>",
    /* a comment or a processing instruction before the root does the same */
    "<!-- c --><html><body><p>正文。</p></body></html><p>根之后。</p><meta content=\"x\">",
    "<?xml version=\"1.0\"?><html><body><p>正文。</p></body></html><div>外</div>",
    /* with the root first, later elements go into it */
    "<html><body><p>正文。</p></body></html><p>之后。</p><a href=\"/x\">链接</a>",
    /* prefixed names are known by their local part */
    "<html><body><o:p>段落</o:p><x:style>样式</x:style><a:b:c>三段</a:b:c>"
    "<xml:h1>标题</xml:h1><:p>冒号</:p><p:>结尾</p:></body></html>",
    /* white space kept or dropped as libxml2 does, with an HTML 4.01 doctype */
    "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\">\n<html> <head> <title> t </title> "
    "</head> <body> \n <p> a <b> b </b> </p> &amp; <i>x</i>\n</body> </html> after <p>p</p>",
    /* implied html, body and p */
    "  &amp; text before any element <b>bold</b><p>para</p>",
    /* attributes: valueless, repeated, entities */
    "<html><body><a href=\"/a?x=1&amp;y=2\" href=\"/dup\">甲</a><img src><meta content>"
    "<a hidden href=''>乙</a></body></html>",
    /* script and style text as CDATA, with close tags inside */
    "<html><head><script>if (a</b) { x = \"</scr\" + \"ipt>\"; }</script>"
    "<style>p{}</style></head><body><p>正文</p><style/>自闭合<style>unterminated",
    /* unclosed elements and stray end tags */
    "<div><p>一<p>二<li>三</div></span><table><td>格</table><a href=\"1\">甲<a href=\"2\">乙</a>",
  };
  g_autoptr(GString) deep = g_string_new ("<html><head><title>深</title></head><body>");

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *what = g_strdup_printf ("edge case %u", i);

      assert_tree_like_libxml2 (what, pages[i]);
    }

  /* libxml2 stops at the 257th nested element */
  for (int i = 0; i < 2000; i++)
    g_string_append (deep, i % 2 ? "<div>" : "<blockquote>");
  g_string_append (deep, "<p>最深处的一段正文。</p>");
  for (int i = 1999; i >= 0; i--)
    g_string_append (deep, i % 2 ? "</div>" : "</blockquote>");
  g_string_append (deep, "<p>外面的一段正文。</p></body></html>");
  assert_tree_like_libxml2 ("deep nesting", deep->str);
}

static void
test_cuts_corpus (void)
{
  g_autoptr(GPtrArray) paths = corpus_pages ();

  for (guint i = 0; i < paths->len; i++)
    {
      g_autofree char *html = read_page (g_ptr_array_index (paths, i));

      /* every corpus page has style sheets or scripts worth a cut, and
       * libxml2 confirms every cut: none is parsed twice */
      g_assert_cmpuint (assert_cuts_change_nothing (g_ptr_array_index (paths, i), html, NULL), >, 0);
    }
}

static void
test_cuts_refused (void)
{
  struct
  {
    const char *what;
    char       *html;
    gboolean    cut;   /* whether the page may keep its cuts */
  } pages[] = {
    { "style in title",
      g_strdup_printf ("<html><head><title>标题甲<style>%s</style>标题乙</title></head>"
                       "<body><h1>标题甲标题乙</h1>%s</body></html>", css, paragraphs), FALSE },
    { "script in a breadcrumb link",
      g_strdup_printf ("<html><body><div class=\"breadcrumb\"><a href=\"/\">首页</a> &gt; "
                       "<a href=\"/tech/\">科技<script>%s</script></a></div><h1>标题</h1>%s"
                       "</body></html>", js, paragraphs), FALSE },
    { "script and style in comments",
      g_strdup_printf ("<html><head><title>标题_测试网</title><!-- <script>%s</script> --></head>"
                       "<body><!-- <style>%s</style> --><h1>标题</h1>%s</body></html>",
                       js, css, paragraphs), TRUE },
    { "self-closed script",
      g_strdup_printf ("<html><head><title>标题</title><script src=\"/a.js\"/></head><body>"
                       "<h1>标题</h1>%s<p>脚本之后的一段正文。</p><script>%s</script></body></html>",
                       paragraphs, js), TRUE },
    { "script start tag in an attribute",
      g_strdup_printf ("<html><body><div title=\"<script>%s</script>\"><h1>标题</h1></div>%s"
                       "</body></html>", js, paragraphs), FALSE },
    /* the cut is not where libxml2 sees a script start: the later script
     * must not be taken for it */
    { "script start tag in an attribute, then a short script",
      g_strdup_printf ("<html><body><div title=<script>><p>属性之后的一段正文，这是一个足够长的句子，"
                       "它被误认作脚本的内容。</p></div></script>%s<script>1</script></body></html>",
                       paragraphs), FALSE },
    { "style starting with markup",
      g_strdup_printf ("<html><head><title>标题</title><style><body><h1>标题</h1>%s</style>"
                       "</head></html>", paragraphs), FALSE },
    { "prefixed style",
      g_strdup_printf ("<html><body><x:style>%s</x:style>%s</body></html>", css, paragraphs), FALSE },
    { "upper-case tags and an end tag with spaces",
      g_strdup_printf ("<HTML><HEAD><STYLE TYPE=\"text/css\">%s</STYLE ><SCRIPT>%s</sCrIpT>"
                       "</HEAD><BODY>%s</BODY></HTML>", css, js, paragraphs), TRUE },
    { "comment closed by --!>",
      g_strdup_printf ("<html><body><!-- %s --!><h1>标题</h1>%s</body></html>", css, paragraphs), TRUE },
    { "unterminated style",
      g_strdup_printf ("<html><body><h1>标题</h1>%s<style>%s", paragraphs, css), FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      guint cuts = assert_cuts_change_nothing (pages[i].what, pages[i].html, NULL);

      if (pages[i].cut)
        g_assert_cmpuint (cuts, >, 0);
      else
        g_assert_cmpuint (cuts, ==, 0);
      g_free (pages[i].html);
    }
}

static void
test_cuts_keep_ld_json (void)
{
  g_autofree char *html =
    g_strdup_printf ("<html><head><title>页面标题_测试网</title><script type=\"application/ld+json\">"
                     "{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\","
                     "\"headline\":\"结构化数据里的标题\",\"author\":{\"@type\":\"Person\",\"name\":\"张三\"},"
                     "\"description\":\"%s\"}</script><script>%s</script></head><body>%s</body></html>",
                     css, js, paragraphs);
  g_autoptr(BylinePage) page = NULL;

  /* the ordinary script is cut, the structured data is read */
  g_assert_cmpuint (assert_cuts_change_nothing ("ld+json", html, &page), ==, 1);
  g_assert_cmpstr (page->meta_title, ==, "结构化数据里的标题");
  g_assert_cmpstr (page->meta_author, ==, "张三");
}

/* Pages made by inserting markup fragments at random places in one with
 * long style sheets, scripts and comments: the cuts must never change what
 * is read, whatever libxml2 makes of the fragments. */
static void
test_cuts_variants (void)
{
  static const char * const fragments[] = {
    "<style>", "</style>", "<script>", "</script>", "</SCRIPT >", "<!--", "-->", "--!>",
    "<title>", "</title>", "<a href=\"/v\">", "</a>", "<div class=\"crumbs\">", "</div>",
    "\"", "'", ">", "<", "/>", "<p>", "<body>", "<head>", "<!DOCTYPE html>", "<?pi ?>",
    "<x:style>", "<script type=\"application/ld+json\">", "<![CDATA[", "]]>",
  };
  g_autofree char *base =
    g_strdup_printf ("<html><head><title>标题_测试网</title><style>%s</style><script>%s</script>"
                     "<!-- %s --></head><body><div class=\"crumbs\"><a href=\"/\">首页</a>"
                     "<a href=\"/c/\">科技</a></div><h1>标题</h1>%s<script>%s</script>"
                     "<!-- %s %s --><p>结尾的一段正文，也足够长，用来检验。</p></body></html>",
                     css, js, js, paragraphs, js, css, css);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261127);
  guint with_cuts = 0;

  for (int variant = 0; variant < 300; variant++)
    {
      g_autoptr(GString) html = g_string_new (base);
      int insertions = g_rand_int_range (rand, 1, 4);
      g_autofree char *what = NULL;

      for (int k = 0; k < insertions; k++)
        {
          gsize at = g_rand_int_range (rand, 0, (int) html->len);

          /* only between characters, never inside one */
          while (at > 0 && ((guchar) html->str[at] & 0xC0) == 0x80)
            at--;
          g_string_insert (html, at, fragments[g_rand_int_range (rand, 0, G_N_ELEMENTS (fragments))]);
        }
      what = g_strdup_printf ("variant %d", variant);
      with_cuts += assert_cuts_change_nothing (what, html->str, NULL) > 0;
    }

  /* most variants still parse with their cuts */
  g_assert_cmpuint (with_cuts, >, 150);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/byline/ingest/html/tree/corpus", test_tree_corpus);
  g_test_add_func ("/byline/ingest/html/tree/edge-cases", test_tree_edge_cases);
  g_test_add_func ("/byline/ingest/html/cuts/corpus", test_cuts_corpus);
  g_test_add_func ("/byline/ingest/html/cuts/refused", test_cuts_refused);
  g_test_add_func ("/byline/ingest/html/cuts/ld-json", test_cuts_keep_ld_json);
  g_test_add_func ("/byline/ingest/html/cuts/variants", test_cuts_variants);

  return g_test_run ();
}
