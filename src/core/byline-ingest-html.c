/* byline-ingest-html.c: a page, parsed by libxml2, as lines for the analysis
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page is laid out the way a browser's "select all, copy" would: one
 * line per block.  Each line keeps what the markup tells: heading level,
 * bold-only, how much of it is link text, the block it sits in.  Blocks
 * are then scored by their sentence text against their link and furniture
 * text; the best one bounds the body.  Scripts, styles, frames, objects and
 * event attributes are never read; links and images keep only http(s) or
 * relative addresses.
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "byline-ingest-private.h"

typedef struct
{
  BylinePage           *page;
  const BylineHtmlTree *tree;
  GString              *text;
  GString              *md;
  int                   link_chars;
  int                   bold_chars;
  int                   heading;
  gboolean              is_li;
  gboolean              is_p;
  int                   hidden;
  int                   bold;
  int                   container;
  guint                 generation;   /* bumped at every new line */
  char                 *base;
  GUri                 *base_uri;     /* base, parsed at the first relative link */
  gboolean              base_parsed;
} Walker;

#define NODE(tree, i) (&g_array_index ((tree)->nodes, BylineHtmlNode, (i)))

static char *
get_attr (const BylineHtmlTree *tree,
          const BylineHtmlNode *node,
          BylineHtmlAttrName    name)
{
  return g_strdup (byline_ingest_html_tree_attr (tree, node, name));
}

/* Only http(s) and relative addresses survive; javascript:, data: and
 * the like become NULL. */
static char *
safe_url (Walker     *w,
          const char *raw)
{
  g_autofree char *url = NULL;
  const char *colon;
  const char *slash;

  if (raw == NULL)
    return NULL;
  url = g_strstrip (g_strdup (raw));
  if (*url == '\0' || *url == '#')
    return NULL;

  colon = strchr (url, ':');
  slash = strchr (url, '/');
  if (colon != NULL && (slash == NULL || colon < slash))
    {
      if (g_ascii_strncasecmp (url, "http:", 5) != 0 && g_ascii_strncasecmp (url, "https:", 6) != 0)
        return NULL;
      return g_steal_pointer (&url);
    }

  if (w->base != NULL)
    {
      g_autoptr(GUri) resolved = NULL;

      /* as g_uri_resolve_relative (w->base, url, …), the base parsed once
       * for the page rather than once per link */
      if (!w->base_parsed)
        {
          w->base_uri = g_uri_parse (w->base, G_URI_FLAGS_PARSE_RELAXED | G_URI_FLAGS_ENCODED, NULL);
          w->base_parsed = TRUE;
        }
      if (w->base_uri != NULL)
        resolved = g_uri_parse_relative (w->base_uri, url,
                                         G_URI_FLAGS_PARSE_RELAXED | G_URI_FLAGS_ENCODED, NULL);
      if (resolved != NULL)
        return g_uri_to_string (resolved);
    }
  if (g_str_has_prefix (url, "//"))
    return g_strconcat ("https:", url, NULL);

  return g_steal_pointer (&url);
}

static void
append_md_escaped (GString    *md,
                   const char *text,
                   gsize       length)
{
  const char *end = text + length;

  while (text < end)
    {
      const char *p = text;

      /* runs without markup characters are copied whole */
      while (p < end && strchr ("\\*_`[]<", *p) == NULL)
        p++;
      g_string_append_len (md, text, p - text);
      if (p == end)
        break;
      g_string_append_c (md, '\\');
      g_string_append_c (md, *p);
      text = p + 1;
    }
}

static int
count_visible_chars (const char *text,
                     gsize       length)
{
  const char *end = text + length;
  int n = 0;

  for (const char *p = text; p < end && *p != '\0'; p = g_utf8_next_char (p))
    {
      guchar b = *p;
      gunichar c;

      /* ASCII and ideographs (E4–E9 lead bytes) without a table lookup:
       * g_unichar_isspace() holds for these five ASCII characters only */
      if (b < 0x80)
        {
          n += !(b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f');
          continue;
        }
      if (b >= 0xE4 && b <= 0xE9)
        {
          n++;
          continue;
        }
      c = g_utf8_get_char (p);
      if (!g_unichar_isspace (c) && c != 0x3000 && c != 0xA0)
        n++;
    }

  return n;
}

static void
flush_line (Walker *w)
{
  BylineLine *line;
  g_autofree char *md = NULL;
  int visible;

  visible = count_visible_chars (w->text->str, w->text->len);
  if (visible > 0)
    {
      md = byline_ingest_fold_space (w->md->str);
      line = byline_page_add_line (w->page, w->text->str, md);
      line->link_chars = MIN (w->link_chars, line->chars);
      line->heading = w->heading;
      if (line->heading == 0 && w->bold_chars >= visible)
        line->heading = 7;
      line->is_li = w->is_li;
      line->is_p = w->is_p;
      line->hidden = w->hidden > 0;
      line->container = w->container;
    }

  g_string_truncate (w->text, 0);
  g_string_truncate (w->md, 0);
  w->link_chars = 0;
  w->bold_chars = 0;
  w->generation++;
}

static void
add_image (Walker               *w,
           const BylineHtmlNode *node)
{
  static const BylineHtmlAttrName attrs[] = {
    BYLINE_HTML_ATTR_DATA_ORIGINAL, BYLINE_HTML_ATTR_DATA_SRC, BYLINE_HTML_ATTR_DATA_LAZY_SRC,
    BYLINE_HTML_ATTR_SRC,
  };
  const char *width = byline_ingest_html_tree_attr (w->tree, node, BYLINE_HTML_ATTR_WIDTH);
  const char *height = byline_ingest_html_tree_attr (w->tree, node, BYLINE_HTML_ATTR_HEIGHT);
  BylineLine *line;
  char *url = NULL;

  /* icons, spacers and tracking pixels */
  if ((width != NULL && atoi (width) > 0 && atoi (width) < 60) ||
      (height != NULL && atoi (height) > 0 && atoi (height) < 40))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (attrs) && url == NULL; i++)
    url = safe_url (w, byline_ingest_html_tree_attr (w->tree, node, attrs[i]));
  if (url == NULL)
    return;

  flush_line (w);
  line = byline_page_add_line (w->page, "", NULL);
  line->image = url;
  line->container = w->container;
  line->hidden = w->hidden > 0;
}

static void walk (Walker *w, int index);

static void
walk_children (Walker *w,
               int     index)
{
  for (int child = NODE (w->tree, index)->first_child; child >= 0; child = NODE (w->tree, child)->next)
    walk (w, child);
}

static void
walk_element (Walker *w,
              int     index)
{
  const BylineHtmlNode *node = NODE (w->tree, index);
  gboolean block = node->kind == BYLINE_HTML_BLOCK;
  gboolean hidden = (node->flags & BYLINE_HTML_HIDDEN) != 0;
  int saved_container = w->container;
  int saved_heading = w->heading;
  gboolean saved_li = w->is_li;
  gboolean saved_p = w->is_p;

  if (hidden)
    w->hidden++;

  if (node->tag == BYLINE_HTML_TAG_BR)
    {
      flush_line (w);
      goto out;
    }
  if (node->tag == BYLINE_HTML_TAG_IMG)
    {
      add_image (w, node);
      goto out;
    }

  if (block)
    {
      int parent = w->container;
      int depth = parent >= 0 ? g_array_index (w->page->depths, int, parent) + 1 : 0;

      flush_line (w);
      w->container = w->page->parents->len;
      g_array_append_val (w->page->parents, parent);
      g_array_append_val (w->page->depths, depth);

      if (node->tag >= BYLINE_HTML_TAG_H1 && node->tag <= BYLINE_HTML_TAG_H6)
        w->heading = node->tag - BYLINE_HTML_TAG_H1 + 1;
      if (node->tag == BYLINE_HTML_TAG_LI || node->tag == BYLINE_HTML_TAG_DD ||
          node->tag == BYLINE_HTML_TAG_DT)
        w->is_li = TRUE;
      /* schema.org's mark of the article text, where the page has it */
      if (w->page->marked_body < 0 && (node->flags & BYLINE_HTML_ARTICLE_BODY) != 0)
        w->page->marked_body = w->container;
      w->is_p = node->tag == BYLINE_HTML_TAG_P;
    }

  if (node->tag == BYLINE_HTML_TAG_A)
    {
      gsize md_start = w->md->len;
      gsize text_start = w->text->len;
      guint generation = w->generation;

      walk_children (w, index);

      if (w->generation == generation)
        {
          int chars = count_visible_chars (w->text->str + text_start, w->text->len - text_start);

          w->link_chars += chars;
          if (chars > 0)
            {
              /* resolved only for a link that shows text */
              g_autofree char *href = safe_url (w, byline_ingest_html_tree_attr (w->tree, node,
                                                                                BYLINE_HTML_ATTR_HREF));

              if (href != NULL)
                {
                  g_string_insert_c (w->md, md_start, '[');
                  g_string_append (w->md, "](");
                  g_string_append (w->md, href);
                  g_string_append_c (w->md, ')');
                }
            }
        }
      goto out;
    }

  if (node->tag == BYLINE_HTML_TAG_STRONG || node->tag == BYLINE_HTML_TAG_B)
    {
      w->bold++;
      walk_children (w, index);
      w->bold--;
      goto out;
    }

  walk_children (w, index);

  if (block)
    {
      if (w->heading >= 1 && w->heading <= 1 && w->text->len > 0 && w->hidden == 0)
        g_ptr_array_add (w->page->h1, byline_ingest_fold_space (w->text->str));
      flush_line (w);
    }

out:
  if (hidden)
    w->hidden--;
  w->container = saved_container;
  w->heading = saved_heading;
  w->is_li = saved_li;
  w->is_p = saved_p;
}

static void
walk (Walker *w,
      int     index)
{
  const BylineHtmlNode *node = NODE (w->tree, index);

  if (node->tag == BYLINE_HTML_TAG_TEXT)
    {
      const char *content = w->tree->text->str + node->start;

      g_string_append_len (w->text, content, node->length);
      append_md_escaped (w->md, content, node->length);
      if (w->bold > 0)
        w->bold_chars += count_visible_chars (content, node->length);
      return;
    }
  if (node->kind == BYLINE_HTML_SKIPPED)
    return;

  walk_element (w, index);
}

/* ----------------------------------------------------------- metadata */

/* All the text below an element, as libxml2's xmlNodeGetContent() gives
 * it: script and style text included. */
static void
append_content (const BylineHtmlTree *tree,
                int                   index,
                GString              *out)
{
  for (int child = NODE (tree, index)->first_child; child >= 0; child = NODE (tree, child)->next)
    {
      const BylineHtmlNode *node = NODE (tree, child);

      if (node->tag == BYLINE_HTML_TAG_TEXT)
        g_string_append_len (out, tree->text->str + node->start, node->length);
      else
        append_content (tree, child, out);
    }
}

static char *
node_text (const BylineHtmlTree *tree,
           int                   index)
{
  g_autoptr(GString) content = g_string_new (NULL);
  char *text;

  append_content (tree, index, content);
  text = byline_ingest_fold_space (content->str);
  if (*text == '\0')
    g_clear_pointer (&text, g_free);

  return text;
}

static void
take_first (char **field,
            char  *value)
{
  if (*field == NULL && value != NULL && *value != '\0')
    *field = value;
  else
    g_free (value);
}

static char *
json_string_member (JsonObject *object,
                    const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return byline_ingest_fold_space (json_node_get_string (node));
  if (JSON_NODE_HOLDS_OBJECT (node))
    return json_string_member (json_node_get_object (node), "name");
  if (JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) > 0)
    {
      JsonNode *first = json_array_get_element (json_node_get_array (node), 0);
      if (JSON_NODE_HOLDS_OBJECT (first))
        return json_string_member (json_node_get_object (first), "name");
      if (JSON_NODE_HOLDS_VALUE (first) && json_node_get_value_type (first) == G_TYPE_STRING)
        return byline_ingest_fold_space (json_node_get_string (first));
    }

  return NULL;
}

static void read_json_ld_node (BylinePage *page, JsonNode *node);

static void
read_json_ld_object (BylinePage *page,
                     JsonObject *object)
{
  g_autofree char *type = json_string_member (object, "@type");
  JsonNode *graph = json_object_get_member (object, "@graph");

  if (graph != NULL)
    read_json_ld_node (page, graph);
  if (type == NULL)
    return;

  if (strstr (type, "Article") != NULL || g_str_equal (type, "WebPage") || strstr (type, "Posting") != NULL)
    {
      take_first (&page->meta_title, json_string_member (object, "headline"));
      take_first (&page->meta_published, json_string_member (object, "datePublished"));
      take_first (&page->meta_author, json_string_member (object, "author"));
      take_first (&page->meta_site, json_string_member (object, "publisher"));
    }
  else if (g_str_equal (type, "BreadcrumbList") && page->crumbs == NULL)
    {
      JsonNode *items = json_object_get_member (object, "itemListElement");

      if (items != NULL && JSON_NODE_HOLDS_ARRAY (items))
        {
          JsonArray *array = json_node_get_array (items);

          page->crumbs = g_ptr_array_new_with_free_func (g_free);
          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *item = json_array_get_element (array, i);
              char *name;

              if (!JSON_NODE_HOLDS_OBJECT (item))
                continue;
              name = json_string_member (json_node_get_object (item), "name");
              if (name == NULL)
                name = json_string_member (json_node_get_object (item), "item");
              if (name != NULL)
                g_ptr_array_add (page->crumbs, name);
            }
        }
    }
}

static void
read_json_ld_node (BylinePage *page,
                   JsonNode   *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    read_json_ld_object (page, json_node_get_object (node));
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        read_json_ld_node (page, json_array_get_element (array, i));
    }
}

static void
read_json_ld (BylinePage           *page,
              const BylineHtmlTree *tree,
              int                   script)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) content = g_string_new (NULL);

  append_content (tree, script, content);
  if (json_parser_load_from_data (parser, content->str, -1, NULL))
    read_json_ld_node (page, json_parser_get_root (parser));
}

static void
collect_links (GPtrArray            *out,
               const BylineHtmlTree *tree,
               int                   index)
{
  for (; index >= 0; index = NODE (tree, index)->next)
    {
      const BylineHtmlNode *node = NODE (tree, index);

      if (node->tag == BYLINE_HTML_TAG_TEXT || node->kind == BYLINE_HTML_SKIPPED)
        continue;
      if (node->tag == BYLINE_HTML_TAG_A)
        {
          char *text = node_text (tree, index);
          if (text != NULL)
            g_ptr_array_add (out, text);
        }
      else if (node->first_child >= 0)
        collect_links (out, tree, node->first_child);
    }
}

/* An HTML breadcrumb list: the link texts inside, in order. */
static void
collect_crumbs (BylinePage           *page,
                const BylineHtmlTree *tree,
                int                   index)
{
  page->crumbs = g_ptr_array_new_with_free_func (g_free);
  collect_links (page->crumbs, tree, NODE (tree, index)->first_child);

  while (page->crumbs->len > 0)
    {
      const char *last = g_ptr_array_index (page->crumbs, page->crumbs->len - 1);
      if (g_str_equal (last, "正文") || g_utf8_strlen (last, -1) > 20)
        g_ptr_array_remove_index (page->crumbs, page->crumbs->len - 1);
      else
        break;
    }
  if (page->crumbs->len < 2)
    g_clear_pointer (&page->crumbs, g_ptr_array_unref);
}

static void
read_meta (BylinePage           *page,
           const BylineHtmlTree *tree,
           const BylineHtmlNode *node)
{
  const char *name = byline_ingest_html_tree_attr (tree, node, BYLINE_HTML_ATTR_NAME);
  const char *property = byline_ingest_html_tree_attr (tree, node, BYLINE_HTML_ATTR_PROPERTY);
  const char *itemprop = byline_ingest_html_tree_attr (tree, node, BYLINE_HTML_ATTR_ITEMPROP);
  const char *content = byline_ingest_html_tree_attr (tree, node, BYLINE_HTML_ATTR_CONTENT);
  const char *key = property != NULL ? property : name != NULL ? name : itemprop;
  g_autofree char *lower = NULL;
  char *value;

  if (key == NULL || content == NULL)
    return;
  lower = g_ascii_strdown (key, -1);
  value = byline_ingest_fold_space (content);

  if (g_str_equal (lower, "og:title") || g_str_equal (lower, "twitter:title"))
    take_first (&page->meta_title, value);
  else if (g_str_equal (lower, "og:site_name") || g_str_equal (lower, "application-name"))
    take_first (&page->meta_site, value);
  else if (g_str_equal (lower, "article:published_time") || g_str_equal (lower, "pubdate") ||
           g_str_equal (lower, "publishdate") || g_str_equal (lower, "datepublished") ||
           g_str_equal (lower, "og:release_date") || g_str_equal (lower, "dc.date.issued") ||
           g_str_equal (lower, "article.published") || g_str_equal (lower, "sailthru.date") ||
           g_str_equal (lower, "date") || g_str_equal (lower, "ptime") || g_str_equal (lower, "published"))
    take_first (&page->meta_published, value);
  else if (g_str_equal (lower, "author") || g_str_equal (lower, "article:author") ||
           g_str_equal (lower, "byl") || g_str_equal (lower, "dc.creator") || g_str_equal (lower, "sailthru.author"))
    {
      if (g_ascii_strncasecmp (value, "by ", 3) == 0)
        memmove (value, value + 3, strlen (value + 3) + 1);
      take_first (&page->meta_author, value);
    }
  else if (g_str_equal (lower, "article:section") || g_str_equal (lower, "og:article:section"))
    take_first (&page->meta_section, value);
  else if (g_str_equal (lower, "og:url"))
    take_first (&page->meta_url, value);
  else
    g_free (value);
}

/* The head and metadata spread through the page: <title>, <meta>,
 * JSON-LD, <time datetime>, canonical link, breadcrumb lists. */
static void
read_metadata (BylinePage *page,
               int         index,
               Walker     *w)
{
  const BylineHtmlTree *tree = w->tree;

  for (; index >= 0; index = NODE (tree, index)->next)
    {
      const BylineHtmlNode *node = NODE (tree, index);

      if (node->tag == BYLINE_HTML_TAG_TEXT)
        continue;

      if (node->tag == BYLINE_HTML_TAG_TITLE)
        {
          if (page->doc_title == NULL)
            page->doc_title = node_text (tree, index);
          continue;
        }
      else if (node->tag == BYLINE_HTML_TAG_META)
        {
          read_meta (page, tree, node);
          continue;
        }
      else if (node->tag == BYLINE_HTML_TAG_SCRIPT)
        {
          if ((node->flags & BYLINE_HTML_LD_JSON) != 0)
            read_json_ld (page, tree, index);
          continue;
        }
      else if (node->tag == BYLINE_HTML_TAG_BASE)
        {
          const char *href = byline_ingest_html_tree_attr (tree, node, BYLINE_HTML_ATTR_HREF);
          if (w->base == NULL && href != NULL &&
              (g_str_has_prefix (href, "http://") || g_str_has_prefix (href, "https://")))
            w->base = g_strdup (href);
          continue;
        }
      else if (node->tag == BYLINE_HTML_TAG_LINK)
        {
          const char *rel = byline_ingest_html_tree_attr (tree, node, BYLINE_HTML_ATTR_REL);
          if (rel != NULL && g_ascii_strcasecmp (rel, "canonical") == 0)
            take_first (&page->meta_url, get_attr (tree, node, BYLINE_HTML_ATTR_HREF));
          continue;
        }
      else if (node->tag == BYLINE_HTML_TAG_TIME)
        {
          const char *datetime = byline_ingest_html_tree_attr (tree, node, BYLINE_HTML_ATTR_DATETIME);
          if (datetime != NULL && page->meta_published == NULL)
            page->meta_published = g_strdup (datetime);
        }
      else if (node->kind == BYLINE_HTML_SKIPPED && node->tag != BYLINE_HTML_TAG_HEAD)
        continue;
      else if (page->crumbs == NULL && (node->flags & BYLINE_HTML_CRUMB) != 0)
        collect_crumbs (page, tree, index);

      if (node->first_child >= 0)
        read_metadata (page, node->first_child, w);
    }
}

/* ---------------------------------------------------------- body block */

static int
units_of (const char *text)
{
  int units = 0;
  gboolean word = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x2E80 && g_unichar_isalpha (c))
        units++, word = FALSE;
      else if (g_unichar_isalnum (c))
        {
          if (!word)
            units++;
          word = TRUE;
        }
      else
        word = FALSE;
    }

  return units;
}

static gboolean
has_sentence_punct (const char *text)
{
  static const char * const marks[] = { "，", "。", "、", "；", "！", "？", ", ", ". ", "; ", NULL };

  for (guint i = 0; marks[i] != NULL; i++)
    if (strstr (text, marks[i]) != NULL)
      return TRUE;
  return g_str_has_suffix (text, ".");
}

/* Scores each block by the sentence text below it against the link and
 * furniture text below it; the best block bounds the body. */
static void
choose_body_container (BylinePage *page)
{
  guint n = page->parents->len;
  g_autofree double *good = g_new0 (double, n + 1);
  g_autofree double *bad = g_new0 (double, n + 1);
  double best = 0;
  int best_index = -1;

  for (guint i = 0; i < page->lines->len; i++)
    {
      BylineLine *line = g_ptr_array_index (page->lines, i);
      int units;
      double ratio;

      if (line->container < 0 || line->hidden || line->image != NULL)
        continue;
      units = units_of (line->text);
      ratio = line->chars > 0 ? (double) line->link_chars / line->chars : 0;
      if (units >= 8 && ratio < 0.3 && has_sentence_punct (line->text))
        good[line->container] += units * (1.0 - ratio);
      else
        bad[line->container] += units * 0.6 + 2;
    }

  /* children come after their parents: sum bottom-up */
  for (int i = (int) n - 1; i > 0; i--)
    {
      int parent = g_array_index (page->parents, int, i);
      if (parent >= 0)
        {
          good[parent] += good[i];
          bad[parent] += bad[i];
        }
    }

  for (guint i = 0; i < n; i++)
    {
      double score = good[i] - bad[i];
      if (score > best)
        {
          best = score;
          best_index = i;
        }
    }

  /* a block the page marks as the article body wins unless it holds
   * far less text than the best scored one */
  if (page->marked_body >= 0 && best_index >= 0 && best_index != page->marked_body &&
      good[page->marked_body] >= 0.5 * good[best_index])
    best_index = page->marked_body;

  page->body_container = best_index;
  if (best_index < 0)
    return;

  for (guint i = 0; i < page->lines->len; i++)
    {
      BylineLine *line = g_ptr_array_index (page->lines, i);
      int c = line->container;

      while (c >= 0 && c != best_index)
        c = g_array_index (page->parents, int, c);
      if (c != best_index)
        line->container = -1;
    }
}

/**
 * byline_ingest_lay_out_html:
 * @page: the page to fill
 * @tree: the page, parsed
 * @base_url: (nullable): the page's address, for relative links
 *
 * Lays @tree out as lines and reads its metadata.
 */
void
byline_ingest_lay_out_html (BylinePage           *page,
                            const BylineHtmlTree *tree,
                            const char           *base_url)
{
  Walker w = { 0 };

  w.page = page;
  w.tree = tree;
  w.text = g_string_new (NULL);
  w.md = g_string_new (NULL);
  w.container = -1;
  w.base = base_url != NULL ? g_strdup (base_url) : NULL;

  if (tree->root >= 0)
    {
      read_metadata (page, tree->root, &w);
      if (w.base == NULL && page->meta_url != NULL &&
          (g_str_has_prefix (page->meta_url, "http://") || g_str_has_prefix (page->meta_url, "https://")))
        w.base = g_strdup (page->meta_url);
      walk (&w, tree->root);
      flush_line (&w);
    }

  choose_body_container (page);

  g_string_free (w.text, TRUE);
  g_string_free (w.md, TRUE);
  g_free (w.base);
  g_clear_pointer (&w.base_uri, g_uri_unref);
}

/**
 * byline_ingest_parse_html:
 * @page: the page to fill
 * @utf8: the page, decoded
 * @length: its length in bytes
 * @base_url: (nullable): the page's address, for relative links
 *
 * Parses with libxml2's HTML parser (recovering, no network) and lays the
 * page out as lines.
 */
void
byline_ingest_parse_html (BylinePage *page,
                          const char *utf8,
                          gsize       length,
                          const char *base_url)
{
  g_autoptr(BylineHtmlTree) tree = byline_ingest_html_tree_parse (utf8, length, TRUE);

  if (tree == NULL)
    byline_ingest_split_text (page, utf8);
  else
    byline_ingest_lay_out_html (page, tree, base_url);
}
