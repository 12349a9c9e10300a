/* byline-render.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libxml/HTMLparser.h>
#include <md4c-html.h>
#include <string.h>

#include "byline-render.h"

/* Elements whose content must not reach the portal at all. */
static const char * const dropped_elements[] = {
  "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet",
  "noscript", "noembed", "noframes", "template", "form", "input", "button", "textarea",
  "select", "option", "svg", "math", "head", "title", "link", "meta", "base", "audio",
  "video", "source", "track", "canvas", "xmp", "plaintext", "dialog",
};

typedef struct
{
  const char *name;
  const char *attributes[6];
} AllowedElement;

/* Everything else is unwrapped: its text stays, the element goes. */
static const AllowedElement allowed_elements[] = {
  { "a", { "href", "title", NULL } },
  { "img", { "src", "alt", "title", "width", "height", NULL } },
  { "p", { NULL } }, { "br", { NULL } }, { "hr", { NULL } },
  { "h1", { NULL } }, { "h2", { NULL } }, { "h3", { NULL } },
  { "h4", { NULL } }, { "h5", { NULL } }, { "h6", { NULL } },
  { "blockquote", { NULL } }, { "ul", { NULL } }, { "ol", { "start", NULL } },
  { "li", { NULL } }, { "dl", { NULL } }, { "dt", { NULL } }, { "dd", { NULL } },
  { "strong", { NULL } }, { "b", { NULL } }, { "em", { NULL } }, { "i", { NULL } },
  { "u", { NULL } }, { "s", { NULL } }, { "del", { NULL } }, { "ins", { NULL } },
  { "sub", { NULL } }, { "sup", { NULL } }, { "mark", { NULL } }, { "small", { NULL } },
  { "cite", { NULL } }, { "q", { NULL } }, { "abbr", { "title", NULL } },
  { "code", { NULL } }, { "pre", { NULL } },
  { "table", { NULL } }, { "caption", { NULL } }, { "thead", { NULL } },
  { "tbody", { NULL } }, { "tfoot", { NULL } }, { "tr", { NULL } },
  { "th", { "colspan", "rowspan", NULL } }, { "td", { "colspan", "rowspan", NULL } },
  { "figure", { NULL } }, { "figcaption", { NULL } }, { "span", { NULL } },
  { "div", { NULL } },
};

static const char * const void_elements[] = { "br", "hr", "img" };

static gboolean
str_in (const char         *needle,
        const char * const *list,
        gsize               n)
{
  for (gsize i = 0; i < n; i++)
    if (g_ascii_strcasecmp (needle, list[i]) == 0)
      return TRUE;
  return FALSE;
}

static const AllowedElement *
find_allowed (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (allowed_elements); i++)
    if (g_ascii_strcasecmp (name, allowed_elements[i].name) == 0)
      return &allowed_elements[i];
  return NULL;
}

static void
md_output_cb (const MD_CHAR *text,
              MD_SIZE        size,
              void          *user_data)
{
  g_string_append_len (user_data, text, size);
}

/**
 * byline_render_markdown:
 * @markdown: the body, as the editor keeps it
 *
 * Renders CommonMark with GitHub's tables and strikethrough. The result is
 * not yet safe to publish: see byline_render_sanitize().
 *
 * Returns: (transfer full): HTML
 */
char *
byline_render_markdown (const char *markdown)
{
  GString *html = g_string_new (NULL);

  g_return_val_if_fail (markdown != NULL, NULL);

  md_html (markdown, strlen (markdown), md_output_cb, html,
           MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_PERMISSIVEURLAUTOLINKS,
           MD_HTML_FLAG_SKIP_UTF8_BOM);
  return g_string_free (html, FALSE);
}

static htmlDocPtr
parse_fragment (const char *html)
{
  g_autofree char *document = NULL;

  document = g_strconcat ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>",
                          html, "</body></html>", NULL);
  return htmlReadMemory (document, strlen (document), NULL, "UTF-8",
                         HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
}

static xmlNode *
find_body (xmlNode *node)
{
  for (; node != NULL; node = node->next)
    {
      xmlNode *found;

      if (node->type == XML_ELEMENT_NODE && g_ascii_strcasecmp ((const char *) node->name,
                                                               "body") == 0)
        return node;
      found = find_body (node->children);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Browsers ignore tabs, newlines and control characters inside a URL's
 * scheme ("java\tscript:"), so the scheme is judged without them. */
static char *
url_scheme (const char *url)
{
  GString *clean = g_string_new (NULL);
  const char *colon;
  gsize span;

  for (const char *p = url; *p != '\0'; p++)
    if ((guchar) *p > 0x20 && *p != 0x7f)
      g_string_append_c (clean, g_ascii_tolower (*p));

  colon = strchr (clean->str, ':');
  span = strcspn (clean->str, "/?#");
  if (colon == NULL || (gsize) (colon - clean->str) > span || colon == clean->str)
    {
      g_string_free (clean, TRUE);
      return NULL;
    }
  g_string_truncate (clean, colon - clean->str);
  return g_string_free (clean, FALSE);
}

static gboolean
url_is_safe (const char *url,
             gboolean    is_link)
{
  g_autofree char *scheme = url_scheme (url);

  if (scheme == NULL)
    return TRUE;
  return g_str_equal (scheme, "http") || g_str_equal (scheme, "https")
         || (is_link && g_str_equal (scheme, "mailto"));
}

static void
append_escaped (GString    *out,
                const char *text,
                gboolean    in_attribute)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '&':
          g_string_append (out, "&amp;");
          break;
        case '<':
          g_string_append (out, "&lt;");
          break;
        case '>':
          g_string_append (out, "&gt;");
          break;
        case '"':
          g_string_append (out, in_attribute ? "&quot;" : "\"");
          break;
        default:
          g_string_append_c (out, *p);
        }
    }
}

static void sanitize_children (xmlNode    *parent,
                               GString    *out,
                               GHashTable *url_map);

static void
sanitize_element (xmlNode    *node,
                  GString    *out,
                  GHashTable *url_map)
{
  const char *name = (const char *) node->name;
  const AllowedElement *allowed;
  gboolean is_void;

  if (str_in (name, dropped_elements, G_N_ELEMENTS (dropped_elements)))
    return;

  allowed = find_allowed (name);
  if (allowed == NULL)
    {
      sanitize_children (node, out, url_map);
      return;
    }

  is_void = str_in (name, void_elements, G_N_ELEMENTS (void_elements));

  /* An image whose address cannot be shown on the portal is left out
   * rather than published broken. */
  if (g_str_equal (allowed->name, "img"))
    {
      g_autofree char *src = (char *) xmlGetProp (node, (const xmlChar *) "src");
      const char *mapped = src != NULL && url_map != NULL
                           ? g_hash_table_lookup (url_map, src) : NULL;

      if (src == NULL || (mapped == NULL && !url_is_safe (src, FALSE)))
        return;
    }

  g_string_append_c (out, '<');
  g_string_append (out, allowed->name);
  for (xmlAttr *attr = node->properties; attr != NULL; attr = attr->next)
    {
      const char *attr_name = (const char *) attr->name;
      g_autofree char *value = NULL;
      const char *shown;

      if (!str_in (attr_name, allowed->attributes, g_strv_length ((char **) allowed->attributes)))
        continue;
      value = (char *) xmlNodeGetContent ((xmlNode *) attr);
      if (value == NULL)
        continue;
      shown = value;
      if (g_str_equal (attr_name, "href") || g_str_equal (attr_name, "src"))
        {
          const char *mapped = url_map != NULL ? g_hash_table_lookup (url_map, value) : NULL;

          if (mapped != NULL)
            shown = mapped;
          else if (!url_is_safe (value, g_str_equal (attr_name, "href")))
            continue;
        }
      g_string_append_printf (out, " %s=\"", attr_name);
      append_escaped (out, shown, TRUE);
      g_string_append_c (out, '"');
    }
  g_string_append_c (out, '>');

  if (is_void)
    return;

  sanitize_children (node, out, url_map);
  g_string_append_printf (out, "</%s>", allowed->name);
}

static void
sanitize_children (xmlNode    *parent,
                   GString    *out,
                   GHashTable *url_map)
{
  for (xmlNode *node = parent->children; node != NULL; node = node->next)
    {
      switch (node->type)
        {
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
          if (node->content != NULL)
            append_escaped (out, (const char *) node->content, FALSE);
          break;
        case XML_ELEMENT_NODE:
          sanitize_element (node, out, url_map);
          break;
        default:
          /* Comments, processing instructions and the like carry nothing a
           * reader should see. */
          break;
        }
    }
}

/**
 * byline_render_sanitize:
 * @html: HTML from Markdown, or dropped in from another page
 * @url_map: (nullable) (element-type utf8 utf8): addresses to replace, such
 *   as local images and their copies on the portal
 *
 * Keeps only an allow-list of elements and attributes: no script, style,
 * frames, forms, event attributes, comments, or URLs other than http(s)
 * (and mailto: in links). Images whose address is not allowed and not in
 * @url_map are dropped.
 *
 * Returns: (transfer full): safe HTML
 */
char *
byline_render_sanitize (const char *html,
                        GHashTable *url_map)
{
  htmlDocPtr doc;
  xmlNode *body;
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (html != NULL, NULL);

  doc = parse_fragment (html);
  if (doc == NULL)
    return g_string_free (out, FALSE);
  body = find_body (xmlDocGetRootElement (doc));
  if (body != NULL)
    sanitize_children (body, out, url_map);
  xmlFreeDoc (doc);
  return g_string_free (out, FALSE);
}

static void
collect_images (xmlNode   *node,
                GPtrArray *images)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;
      if (str_in ((const char *) node->name, dropped_elements, G_N_ELEMENTS (dropped_elements)))
        continue;
      if (g_ascii_strcasecmp ((const char *) node->name, "img") == 0)
        {
          g_autofree char *src = (char *) xmlGetProp (node, (const xmlChar *) "src");

          if (src != NULL && *src != '\0'
              && !g_ptr_array_find_with_equal_func (images, src, g_str_equal, NULL))
            g_ptr_array_add (images, g_steal_pointer (&src));
        }
      collect_images (node->children, images);
    }
}

/**
 * byline_render_list_images:
 * @html: HTML
 *
 * Returns: (transfer container) (element-type utf8): the addresses of the
 *   images in @html, each once, in order
 */
GPtrArray *
byline_render_list_images (const char *html)
{
  GPtrArray *images = g_ptr_array_new_with_free_func (g_free);
  htmlDocPtr doc;

  g_return_val_if_fail (html != NULL, images);

  doc = parse_fragment (html);
  if (doc != NULL)
    {
      collect_images (find_body (xmlDocGetRootElement (doc)), images);
      xmlFreeDoc (doc);
    }
  return images;
}

static void
collect_text (xmlNode *node,
              GString *out)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type == XML_TEXT_NODE && node->content != NULL)
        g_string_append (out, (const char *) node->content);
      else if (node->type == XML_ELEMENT_NODE
               && !str_in ((const char *) node->name, dropped_elements,
                           G_N_ELEMENTS (dropped_elements)))
        {
          collect_text (node->children, out);
          g_string_append_c (out, ' ');
        }
    }
}

/**
 * byline_render_html_text:
 * @html: HTML
 *
 * Returns: (transfer full): the text a reader sees, runs of white space
 *   made one space
 */
char *
byline_render_html_text (const char *html)
{
  g_autoptr(GString) raw = g_string_new (NULL);
  GString *text = g_string_new (NULL);
  gboolean space = FALSE;
  htmlDocPtr doc;

  g_return_val_if_fail (html != NULL, NULL);

  doc = parse_fragment (html);
  if (doc != NULL)
    {
      collect_text (find_body (xmlDocGetRootElement (doc)), raw);
      xmlFreeDoc (doc);
    }
  for (const char *p = raw->str; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          space = text->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (text, ' ');
      space = FALSE;
      g_string_append_c (text, *p);
    }
  return g_string_free (text, FALSE);
}

/**
 * byline_render_marker:
 * @article_id: the draft's id
 *
 * The comment that lets Byline find its own post again when the answer to
 * a publish was lost.
 *
 * Returns: (transfer full): `<!-- byline:ID -->`
 */
char *
byline_render_marker (const char *article_id)
{
  g_return_val_if_fail (article_id != NULL, NULL);
  return g_strdup_printf ("<!-- byline:%s -->", article_id);
}

static gboolean
has_text (const char *value)
{
  return value != NULL && *value != '\0';
}

static void
append_source (GString    *out,
               const char *source,
               const char *url)
{
  g_autofree char *scheme = has_text (url) ? url_scheme (url) : NULL;

  /* Only a full http(s) address: a relative one would point into the portal. */
  if (scheme != NULL && url_is_safe (url, TRUE) && !g_str_equal (scheme, "mailto"))
    {
      g_string_append (out, "<a href=\"");
      append_escaped (out, url, TRUE);
      g_string_append (out, "\">");
      append_escaped (out, source, FALSE);
      g_string_append (out, "</a>");
    }
  else
    {
      append_escaped (out, source, FALSE);
    }
}

/**
 * byline_render_attribution:
 * @article: an article
 *
 * The lines a reader of the seed's portal sees above the text:
 * `时间:… | 来源:… | 作者:…` and, when the original differs from the
 * reprint, `原标题:… 来源:…`.
 *
 * Returns: (transfer full): HTML, possibly empty
 */
char *
byline_render_attribution (BylineArticle *article)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  GDateTime *time;
  const char *source;
  const char *original_title;
  const char *original_source;

  g_return_val_if_fail (BYLINE_IS_ARTICLE (article), NULL);

  time = byline_article_get_publish_time (article);
  if (time != NULL)
    {
      g_autofree char *when = g_date_time_format (time, "%Y-%m-%d %H:%M:%S");

      g_ptr_array_add (parts, g_strdup_printf ("时间:%s", when));
    }
  source = byline_article_get_source (article);
  if (has_text (source))
    {
      GString *part = g_string_new ("来源:");

      append_source (part, source, byline_article_get_source_url (article));
      g_ptr_array_add (parts, g_string_free (part, FALSE));
    }
  if (has_text (byline_article_get_author (article)))
    {
      GString *part = g_string_new ("作者:");

      append_escaped (part, byline_article_get_author (article), FALSE);
      g_ptr_array_add (parts, g_string_free (part, FALSE));
    }

  if (parts->len > 0)
    {
      g_string_append (out, "<p class=\"byline-attribution\">");
      for (guint i = 0; i < parts->len; i++)
        {
          const char *part = g_ptr_array_index (parts, i);

          if (i > 0)
            g_string_append (out, " | ");
          /* Time and author are escaped above or hold no markup. */
          g_string_append (out, part);
        }
      g_string_append (out, "</p>\n");
    }

  original_title = byline_article_get_original_title (article);
  original_source = byline_article_get_original_source (article);
  if ((has_text (original_title)
       && g_strcmp0 (original_title, byline_article_get_title (article)) != 0)
      || (has_text (original_source) && g_strcmp0 (original_source, source) != 0))
    {
      g_string_append (out, "<p class=\"byline-original\">");
      if (has_text (original_title))
        {
          g_string_append (out, "原标题:");
          append_escaped (out, original_title, FALSE);
        }
      if (has_text (original_source))
        {
          if (has_text (original_title))
            g_string_append_c (out, ' ');
          g_string_append (out, "来源:");
          append_escaped (out, original_source, FALSE);
        }
      g_string_append (out, "</p>\n");
    }

  return g_string_free (out, FALSE);
}

/**
 * byline_render_post:
 * @article: an article
 * @url_map: (nullable) (element-type utf8 utf8): image addresses to replace
 * @disclaimer: (nullable): the reprint disclaimer, or %NULL for none
 *
 * The post's content: the marker, the attribution lines, the sanitised
 * body and the disclaimer.
 *
 * Returns: (transfer full): HTML
 */
char *
byline_render_post (BylineArticle *article,
                    GHashTable    *url_map,
                    const char    *disclaimer)
{
  GString *out = g_string_new (NULL);
  g_autofree char *marker = NULL;
  g_autofree char *attribution = NULL;
  g_autofree char *markdown = NULL;
  g_autofree char *body = NULL;
  const char *text;

  g_return_val_if_fail (BYLINE_IS_ARTICLE (article), NULL);

  marker = byline_render_marker (byline_article_get_id (article));
  attribution = byline_render_attribution (article);
  text = byline_article_get_body (article);
  markdown = byline_render_markdown (text != NULL ? text : "");
  body = byline_render_sanitize (markdown, url_map);

  g_string_append_printf (out, "%s\n%s%s", marker, attribution, body);
  if (has_text (disclaimer))
    {
      g_string_append (out, "<p class=\"byline-disclaimer\">");
      append_escaped (out, disclaimer, FALSE);
      g_string_append (out, "</p>\n");
    }
  return g_string_free (out, FALSE);
}

/**
 * byline_render_excerpt:
 * @article: an article
 *
 * Returns: (transfer full): the summary, or the body's first
 *   %BYLINE_EXCERPT_LENGTH characters when there is none
 */
char *
byline_render_excerpt (BylineArticle *article)
{
  const char *summary;
  const char *text;
  g_autofree char *markdown = NULL;
  g_autofree char *html = NULL;
  g_autofree char *plain = NULL;

  g_return_val_if_fail (BYLINE_IS_ARTICLE (article), NULL);

  summary = byline_article_get_summary (article);
  if (has_text (summary))
    return g_strdup (summary);

  text = byline_article_get_body (article);
  markdown = byline_render_markdown (text != NULL ? text : "");
  html = byline_render_sanitize (markdown, NULL);
  plain = byline_render_html_text (html);
  if (g_utf8_strlen (plain, -1) <= BYLINE_EXCERPT_LENGTH)
    return g_steal_pointer (&plain);
  return g_utf8_substring (plain, 0, BYLINE_EXCERPT_LENGTH);
}
