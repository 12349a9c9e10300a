/* test-xss.c: script from a dropped page or a typed body never reaches the
 * portal: a table of filter-evasion payloads, dropped in as HTML (ingest)
 * and typed as Markdown, published to the real WordPress and read back
 * from its stored content.raw
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <libxml/HTMLparser.h>

#include "byline.h"
#include "byline-accounts.h"
#include "byline-publisher.h"
#include "byline-render.h"
#include "byline-test-util.h"
#include "byline-portal-test-util.h"

/* After OWASP's XSS filter evasion cheat sheet: many spellings of script,
 * event attributes, script URLs (plain, entity-encoded, split by white
 * space and control characters), SVG and MathML, CSS, frames, forms,
 * refreshes and base addresses. None may name a host other than loopback:
 * the publisher downloads hot-linked pictures. */
static const char * const payloads[] = {
  "<script>alert('XSS')</script>",
  "<SCRIPT SRC=/xss.js></SCRIPT>",
  "<ScRiPt>alert(1)</sCrIpT>",
  "<script/XSS src=\"/xss.js\"></script>",
  "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
  "<SCRIPT SRC=/xss.js?< B >",
  "<script>alert(1)<!--",
  "<scr<script>ipt>alert(1)</scr</script>ipt>",
  "<script\x0c>alert(1)</script>",
  "<script type=\"text/vbscript\">MsgBox(\"XSS\")</script>",
  "</title><script>alert(1)</script>",
  "\"><script>alert(1)</script>",
  "'';!--\"<XSS>=&{()}",
  "<IMG SRC=\"javascript:alert('XSS');\">",
  "<IMG SRC=javascript:alert('XSS')>",
  "<IMG SRC=JaVaScRiPt:alert('XSS')>",
  "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
  "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
  "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
  "<IMG SRC=# onmouseover=\"alert('xxs')\">",
  "<IMG SRC= onmouseover=\"alert('xxs')\">",
  "<IMG onmouseover=\"alert('xxs')\">",
  "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
  "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114"
  "&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116"
  "&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">",
  "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;"
  "&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
  "<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105"
  "&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040"
  "&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041>",
  "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65"
  "&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
  "<IMG SRC=\"jav\tascript:alert('XSS');\">",
  "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
  "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
  "<IMG SRC=\"jav&#x0D;ascript:alert('XSS');\">",
  "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
  "<IMG SRC=\"java\x01script:alert(1)\">",
  "<a href=\"javascript:alert(1)\">点这里</a>",
  "<a href=\"JAVASCRIPT:alert(1)\">点这里</a>",
  "<a href=\"  javascript:alert(1)\">点这里</a>",
  "<a href=\"java&#115;cript:alert(1)\">点这里</a>",
  "<a href=\"&#x6a;avascript&#x3a;alert(1)\">点这里</a>",
  "<a href=\"javascript&colon;alert(1)\">点这里</a>",
  "<a href=\"vbscript:msgbox(1)\">点这里</a>",
  "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">点这里</a>",
  "<a href=\"livescript:alert(1)\">点这里</a>",
  "<a href=\"http://127.0.0.1/\" onclick=\"alert(1)\">点这里</a>",
  "<a href=\"/x\" onmouseover=alert(1)>点这里</a>",
  "<a href=\"/x\" style=\"position:fixed;top:0;left:0;width:100%;height:100%\">全屏</a>",
  "<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">",
  "<img src=\"data:text/html,<script>alert(1)</script>\">",
  "<IMG DYNSRC=\"javascript:alert('XSS')\">",
  "<IMG LOWSRC=\"javascript:alert('XSS')\">",
  "<img srcset=\"javascript:alert(1) 1x\">",
  "<BODY ONLOAD=alert('XSS')>",
  "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
  "<BGSOUND SRC=\"javascript:alert('XSS');\">",
  "<BR SIZE=\"&{alert('XSS')}\">",
  "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
  "<STYLE>@import'/xss.css';</STYLE>",
  "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
  "<STYLE>.XSS{background-image:url(\"javascript:alert('XSS')\");}</STYLE>"
  "<A CLASS=XSS></A>",
  "<STYLE type=\"text/css\">BODY{background:url(\"javascript:alert('XSS')\")}</STYLE>",
  "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">段</DIV>",
  "<DIV STYLE=\"background-image:\\0075\\0072\\006C\\0028'\\006a\\0061\\0076\\0061\\0073"
  "\\0063\\0072\\0069\\0070\\0074\\003a\\0061\\006c\\0065\\0072\\0074\\0028.1027\\0058.1053"
  "\\0053\\0027\\0029'\\0029\">段</DIV>",
  "<DIV STYLE=\"width: expression(alert('XSS'));\">段</DIV>",
  "<IMG STYLE=\"xss:expr/*XSS*/ession(alert('XSS'))\">",
  "<XSS STYLE=\"xss:expression(alert('XSS'))\">",
  "<XSS STYLE=\"behavior: url(xss.htc);\">",
  "<span style=\"-moz-binding:url(/xss.xml#xss)\">段</span>",
  "<p style=\"color:red\" class=\"x\" id=\"y\">带样式的段</p>",
  "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
  "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=data:text/html base64,"
  "PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K\">",
  "<META HTTP-EQUIV=\"Set-Cookie\" Content=\"USERID=<SCRIPT>alert('XSS')</SCRIPT>\">",
  "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
  "<IFRAME SRC=# onmouseover=\"alert(document.cookie)\"></IFRAME>",
  "<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>",
  "<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>",
  "<TABLE BACKGROUND=\"javascript:alert('XSS')\"><TR><TD>格</TD></TR></TABLE>",
  "<TABLE><TD BACKGROUND=\"javascript:alert('XSS')\">格</TD></TABLE>",
  "<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"/scriptlet.html\"></OBJECT>",
  "<object data=\"javascript:alert(1)\"></object>",
  "<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAv"
  "c3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv\" type=\"image/svg+xml\" AllowScriptAccess="
  "\"always\"></EMBED>",
  "<applet code=\"x.class\"></applet>",
  "<form action=\"javascript:alert(1)\"><input type=\"submit\"></form>",
  "<form><button formaction=\"javascript:alert(1)\">按</button></form>",
  "<input onfocus=alert(1) autofocus>",
  "<textarea onfocus=alert(1) autofocus>",
  "<select onfocus=alert(1) autofocus>",
  "<details open ontoggle=alert(1)>",
  "<marquee onstart=alert(1)>走马灯</marquee>",
  "<video><source onerror=\"alert(1)\"></video>",
  "<audio src=x onerror=alert(1)>",
  "<BASE HREF=\"javascript:alert('XSS');//\">",
  "<base href=\"http://127.0.0.1:9/\">",
  "<svg/onload=alert('XSS')>",
  "<svg><script>alert(1)</script></svg>",
  "<svg><a xlink:href=\"javascript:alert(1)\"><text x=\"20\" y=\"20\">XSS</text></a></svg>",
  "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
  "<svg><set attributeName=\"onmouseover\" to=\"alert(1)\"/></svg>",
  "<svg><foreignObject><iframe src=\"javascript:alert(1)\"></iframe></foreignObject></svg>",
  "<math><maction actiontype=\"statusline#http://127.0.0.1\" xlink:href=\"javascript:alert(1)\">"
  "CLICKME</maction></math>",
  "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table>"
  "</mtext></math>",
  "<math href=\"javascript:alert(1)\">CLICKME</math>",
  "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
  "<template><script>alert(1)</script></template>",
  "<xmp><script>alert(1)</script></xmp>",
  "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->",
  "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
  "<![CDATA[<script>alert(1)</script>]]>",
  "<? echo('<SCR)';echo('IPT>alert(\"XSS\")</SCRIPT>'); ?>",
  "<HTML xmlns:xss><?import namespace=\"xss\" implementation=\"/xss.htc\">"
  "<xss:xss>XSS</xss:xss></HTML>",
  "<XML ID=\"xss\"><I><B><IMG SRC=\"javas<!-- -->cript:alert('XSS')\"></B></I></XML>",
  "<SPAN DATASRC=\"#xss\" DATAFLD=\"B\" DATAFORMATAS=\"HTML\"></SPAN>",
  "<div onmouseover=\"alert(1)\" onclick=\"alert(2)\" ONFOCUS=\"alert(3)\">段</div>",
  "<p/onclick=alert(1)>段</p>",
  "<p\tonclick=alert(1)>段</p>",
  "<img src=\"/x.png\" alt=\"\" onerror=\"alert(1)\" title=\"&quot; onload=&quot;alert(1)\">",
  "<a href=\"/x\" title='\" onmouseover=\"alert(1)'>属性里的引号</a>",
  "<img src=\"/x.png\" alt=\"&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;\">",
  "<h2 onclick=\"alert(1)\">小标题</h2>",
  "<td onclick=alert(1)>格</td>",
  "<blockquote cite=\"javascript:alert(1)\">引文</blockquote>",
  "<q cite=\"javascript:alert(1)\">引</q>",
};

/* Markdown's own ways to write a link or a picture. */
static const char * const markdown_payloads[] = {
  "[点这里](javascript:alert(1))",
  "[点这里](JaVaScRiPt:alert(1))",
  "[点这里](javascript&#58;alert(1))",
  "[点这里](&#106;avascript:alert(1))",
  "[点这里](<javascript:alert(1)>)",
  "[点这里](vbscript:msgbox(1))",
  "[点这里](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "[点这里][ref]\n\n[ref]: javascript:alert(1)",
  "![图](javascript:alert(1))",
  "![图](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
  "![图\" onerror=\"alert(1)](/x.png)",
  "[点这里](/x \"title\\\" onclick=\\\"alert(1)\")",
  "<javascript:alert(1)>",
  "<vbscript:msgbox(1)>",
  "<data:text/html,<script>alert(1)</script>>",
  "www.example.invalid/\"><script>alert(1)</script>",
  "`<script>`alert(1)`</script>`",
  "```html\n<script>alert(1)</script>\n```",
  "    <script>alert(1)</script>",
  "> <script>alert(1)</script>",
  "- <img src=x onerror=alert(1)>",
  "| 表头 |\n|---|\n| <script>alert(1)</script> |",
  "~~<svg onload=alert(1)>~~",
  "**<a href=\"javascript:alert(1)\">粗</a>**",
};

/* Element names a browser runs, loads, submits or restyles the page with. */
static const char * const unsafe_elements[] = {
  "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form",
  "input", "button", "textarea", "select", "svg", "math", "link", "meta", "base", "template",
  "noscript", "xml", "bgsound", "audio", "video", "source", "details", "marquee", "layer",
  "ilayer", "xss", "animate", "set", "maction", "foreignobject", "isindex", "keygen",
  "portal",
};

/* Attributes that load or run something, or restyle beyond the post. */
static const char * const unsafe_attributes[] = {
  "style", "srcdoc", "srcset", "dynsrc", "lowsrc", "background", "action", "formaction",
  "data", "datasrc", "datafld", "dataformatas", "xlink:href", "href:xlink", "codebase",
  "code", "poster", "ping", "cite",
};

static const char * const url_attributes[] = { "href", "src" };

static BylineTestPortal portal;
static BylineStore *store;
static BylineAccount *account;
static char run_id[9];
/* The site the HTML pages come from, serving a picture at every address so
 * that their relative images publish like real ones. */
static char *source_base;
static guint n_tried;
static guint n_published;
static guint n_swallowed;

static char *
url_scheme_of (const char *url)
{
  g_autoptr(GString) clean = g_string_new (NULL);
  const char *colon;

  /* As a browser reads it: control characters and white space dropped. */
  for (const char *p = url; *p != '\0'; p++)
    if ((guchar) *p > 0x20 && *p != 0x7f)
      g_string_append_c (clean, g_ascii_tolower (*p));
  colon = strchr (clean->str, ':');
  if (colon == NULL || (gsize) (colon - clean->str) > strcspn (clean->str, "/?#"))
    return NULL;
  return g_strndup (clean->str, colon - clean->str);
}

static void
check_node (xmlNode *node,
            GString *problems)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type == XML_COMMENT_NODE)
        {
          const char *text = (const char *) node->content;

          /* Only the publisher's marker, "<!-- byline:UUID -->". */
          if (text == NULL || strstr (text, "byline:") == NULL || strchr (text, '<') != NULL
              || strchr (text, '[') != NULL)
            g_string_append_printf (problems, "a comment “%s”; ", text != NULL ? text : "");
        }
      else if (node->type == XML_PI_NODE)
        g_string_append_printf (problems, "a processing instruction <?%s; ", node->name);
      else if (node->type == XML_ELEMENT_NODE)
        {
          const char *name = (const char *) node->name;

          if (g_strv_contains (unsafe_elements, name))
            g_string_append_printf (problems, "element <%s>; ", name);

          for (xmlAttr *attr = node->properties; attr != NULL; attr = attr->next)
            {
              g_autofree char *attr_name = g_ascii_strdown ((const char *) attr->name, -1);
              g_autofree char *value = (char *) xmlNodeGetContent ((xmlNode *) attr);

              if (g_str_has_prefix (attr_name, "on"))
                g_string_append_printf (problems, "event attribute %s on <%s>; ", attr_name,
                                        name);
              else if (g_strv_contains (unsafe_attributes, attr_name))
                g_string_append_printf (problems, "attribute %s on <%s>; ", attr_name, name);
              else if (attr->ns != NULL)
                g_string_append_printf (problems, "attribute %s:%s on <%s>; ",
                                        attr->ns->prefix, attr_name, name);
              else if (g_strv_contains (url_attributes, attr_name) && value != NULL)
                {
                  g_autofree char *scheme = url_scheme_of (value);

                  if (scheme != NULL && !g_str_equal (scheme, "http")
                      && !g_str_equal (scheme, "https") && !g_str_equal (scheme, "mailto"))
                    g_string_append_printf (problems, "%s=\"%s\" on <%s>; ", attr_name, value,
                                            name);
                }
            }
          check_node (node->children, problems);
        }
    }
}

/* What a browser would run or load from @html, as a list of findings; an
 * empty string when nothing. */
static char *
find_unsafe (const char *html)
{
  GString *problems = g_string_new (NULL);
  static const char * const raw_tags[] = {
    "<script", "<iframe", "<svg", "<math", "<object", "<embed", "<style", "<meta", "<base",
    "<form", "<link", "<frame", "<applet", "<xss", "<?", "<html", "<head", "<body", "<title",
  };
  g_autofree char *lower = g_utf8_strdown (html, -1);
  g_autofree char *document = g_strconcat ("<html><body>", html, "</body></html>", NULL);
  htmlDocPtr doc;

  /* Whatever the parser makes of it, no such tag may appear unescaped. */
  for (guint i = 0; i < G_N_ELEMENTS (raw_tags); i++)
    if (strstr (lower, raw_tags[i]) != NULL)
      g_string_append_printf (problems, "raw “%s”; ", raw_tags[i]);

  doc = htmlReadMemory (document, strlen (document), NULL, "UTF-8",
                        HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  g_assert_nonnull (doc);
  check_node (xmlDocGetRootElement (doc), problems);
  xmlFreeDoc (doc);
  return g_string_free (problems, FALSE);
}

static void
test_checker (void)
{
  g_autofree char *clean = find_unsafe ("<!-- byline:1234 -->\n<p>段 &lt;script&gt;</p>"
                                        "<a href=\"https://x/\">x</a><img src=\"/a.png\">");
  static const char * const dirty[] = {
    "<p><script>x</script></p>", "<p onclick=x>a</p>", "<a href=\" java\tscript:x\">a</a>",
    "<img src=\"data:image/png;base64,AA\">", "<p style=\"x\">a</p>", "<!--[if IE]>x-->",
    "<svg></svg>", "<a href=\"vbscript:x\">a</a>",
  };

  /* The checker itself must see what it is meant to. */
  g_assert_cmpstr (clean, ==, "");
  for (guint i = 0; i < G_N_ELEMENTS (dirty); i++)
    {
      g_autofree char *found = find_unsafe (dirty[i]);

      if (*found == '\0')
        g_error ("the checker missed %s", dirty[i]);
    }
}

static BylineArticle *
publish_sync (BylinePublisher *publisher,
              BylineArticle   *article,
              GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  byline_publisher_publish_async (publisher, article, BYLINE_PUBLISH_FLAGS_ALLOW_DUPLICATE,
                                  NULL, byline_test_result_cb, &result);
  return byline_publisher_publish_finish (publisher, byline_test_wait (&result), error);
}

static char *
stored_content (gint64 id)
{
  g_autofree char *path = g_strdup_printf ("wp/v2/posts/%" G_GINT64_FORMAT "?context=edit", id);
  guint status = 0;
  g_autoptr(JsonNode) node = byline_test_rest (&portal, "GET", path, NULL, &status);
  JsonObject *content;

  g_assert_cmpuint (status, ==, 200);
  content = json_object_get_object_member (json_node_get_object (node), "content");
  return g_strdup (json_object_get_string_member (content, "raw"));
}

/* Renders, checks, publishes, reads back and checks again. */
static void
check_article (BylinePublisher *publisher,
               BylineArticle   *article,
               const char      *how,
               const char      *payload)
{
  g_autofree char *rendered = byline_render_post (article, NULL, BYLINE_DEFAULT_DISCLAIMER);
  g_autofree char *found = find_unsafe (rendered);
  g_autoptr(BylineArticle) published = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *found_raw = NULL;

  n_tried++;
  if (*found != '\0')
    g_error ("%s payload %s survived rendering: %s\n%s", how, payload, found, rendered);

  published = publish_sync (publisher, article, &error);
  /* Only a refusal the editor can act on (say, no body text left) is fine;
   * a portal error here is a bug (pictures at addresses without a file
   * extension once met a 500 from WordPress). */
  if (published == NULL)
    {
      g_assert_error (error, BYLINE_PUBLISH_ERROR, BYLINE_PUBLISH_ERROR_INVALID);
      g_assert_cmpstr (error->message, !=, "");
      g_test_message ("%s payload %s refused: %s", how, payload, error->message);
      return;
    }
  n_published++;
  raw = stored_content (byline_article_get_remote_id (published));
  found_raw = find_unsafe (raw);
  if (*found_raw != '\0')
    g_error ("%s payload %s survived on the portal: %s\n%s", how, payload, found_raw, raw);
  /* The article around the payload did arrive. */
  /* It is this article's post; an unclosed <script> may take the text
   * after it along (counted, not a failure: nothing ran). */
  {
    g_autofree char *marker = byline_render_marker (byline_article_get_id (article));

    g_assert_true (g_str_has_prefix (raw, marker));
  }
  if (strstr (raw, "正文第二段") == NULL)
    n_swallowed++;
}

static void
test_markdown (void)
{
  g_autoptr(BylinePortal) p = byline_account_create_portal (account, portal.password);
  g_autoptr(BylinePublisher) publisher = byline_publisher_new (store, account, p);
  guint n = 0;

  for (guint table = 0; table < 2; table++)
    {
      const char * const *list = table == 0 ? payloads : markdown_payloads;
      guint length = table == 0 ? G_N_ELEMENTS (payloads) : G_N_ELEMENTS (markdown_payloads);

      for (guint i = 0; i < length; i++)
        {
          g_autoptr(BylineArticle) article = byline_article_new ();
          g_autofree char *title = g_strdup_printf ("XSS Markdown %s %03u", run_id, n++);
          g_autofree char *body = g_strdup_printf ("## 小标题\n\n正文第一段,%s 段中。\n\n%s\n\n"
                                                   "正文第二段。\n", list[i], list[i]);

          byline_article_set_title (article, title);
          byline_article_set_body (article, body);
          byline_article_set_source (article, "界面新闻");
          byline_article_set_category (article, "科技");
          check_article (publisher, article, "Markdown", list[i]);
        }
    }
  g_test_message ("Markdown: %u payloads tried", n);
}

static void
test_html (void)
{
  g_autoptr(BylinePortal) p = byline_account_create_portal (account, portal.password);
  g_autoptr(BylinePublisher) publisher = byline_publisher_new (store, account, p);

  for (guint i = 0; i < G_N_ELEMENTS (payloads); i++)
    {
      g_autofree char *title = g_strdup_printf ("XSS HTML %s %03u", run_id, i);
      /* A page like the ones editors drop: the payload in the head, in
       * the article, and inside a paragraph. */
      g_autofree char *page = g_strdup_printf (
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>%s_网站</title>%s</head>"
        "<body><div class=\"nav\">首页 &gt; 科技</div><article><h1>%s</h1>"
        "<p>时间:2021-04-23 10:46:05 | 来源:界面新闻</p>"
        "<p>正文第一段,讲一件事情的来龙去脉,足够长以便被认作正文。%s 仍在段中。</p>%s"
        "<p>正文第二段,继续讲这件事情的后续发展与各方反应。</p></article></body></html>",
        title, payloads[i], title, payloads[i], payloads[i]);
      g_autoptr(GBytes) bytes = g_bytes_new (page, strlen (page));
      g_autoptr(BylineIngestResult) result = NULL;
      g_autoptr(BylineArticle) article = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *page_url = g_strconcat (source_base, "news/1.html", NULL);

      result = byline_ingest_bytes (bytes, "text/html", page_url, &error);
      g_assert_no_error (error);
      article = byline_ingest_result_to_article (result);
      /* Ingest may have taken the chrome's title; the test's own keeps
       * the duplicate check and the read-back apart. */
      byline_article_set_title (article, title);
      if (byline_article_get_category (article) == NULL)
        byline_article_set_category (article, "科技");
      check_article (publisher, article, "HTML", payloads[i]);
    }
  g_test_message ("HTML: %" G_GSIZE_FORMAT " payloads tried", G_N_ELEMENTS (payloads));
}

static void
serve_picture_cb (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  GBytes *picture = user_data;

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (picture, NULL),
                                    g_bytes_get_size (picture));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupServer) source_site = soup_server_new (NULL, NULL);
  g_autoptr(GBytes) picture = NULL;
  g_autoslist(GUri) uris = NULL;
  char *png;
  gsize png_length;
  int status;

  g_test_init (&argc, &argv, NULL);
  g_snprintf (run_id, sizeof run_id, "%08x", g_random_int ());

  dir = byline_test_make_dir ("xss");
  g_setenv ("BYLINE_DATA_DIR", dir, TRUE);
  byline_test_portal_start (&portal, dir);
  g_setenv (BYLINE_PORTAL_PASSWORD_ENV, portal.password, TRUE);
  store = byline_store_open (dir, &error);
  g_assert_no_error (error);
  byline_accounts_add_async (store, "Local test portal", portal.url, portal.user,
                             portal.password, NULL, byline_test_result_cb, &result);
  account = byline_accounts_add_finish (store, byline_test_wait (&result), &error);
  g_assert_no_error (error);

  png = byline_test_read_file ("portal-inline.png", &png_length);
  picture = g_bytes_new_take (png, png_length);
  soup_server_add_handler (source_site, NULL, serve_picture_cb, picture, NULL);
  soup_server_listen_local (source_site, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (source_site);
  source_base = g_uri_to_string (uris->data);

  g_test_add_func ("/byline/xss/checker", test_checker);
  g_test_add_func ("/byline/xss/markdown", test_markdown);
  g_test_add_func ("/byline/xss/html", test_html);

  status = g_test_run ();
  g_test_message ("%u payloads tried, %u published and read back, 0 survived", n_tried,
                  n_published);
  /* TAP comment on stdout too, so that the figure shows in the test log. */
  g_print ("# xss: %u payloads tried, %u published and read back from content.raw, 0 survived;"
           " %u took the text after them along\n", n_tried, n_published, n_swallowed);

  g_clear_object (&account);
  g_clear_object (&store);
  soup_server_disconnect (source_site);
  g_clear_pointer (&source_base, g_free);
  byline_test_portal_stop (&portal);
  byline_test_remove_tree (dir);
  return status;
}
