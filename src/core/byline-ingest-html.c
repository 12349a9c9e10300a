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
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>

#include "byline-ingest-private.h"

typedef struct
{
  BylinePage *page;
  GString    *text;
  GString    *md;
  int         link_chars;
  int         bold_chars;
  int         heading;
  gboolean    is_li;
  gboolean    is_p;
  int         hidden;
  int         bold;
  int         container;
  guint       generation;   /* bumped at every new line */
  char       *base;
  GPtrArray  *content_units; /* per container: sentence text */
} Walker;

static gboolean
name_is (const xmlNode *node,
         const char    *name)
{
  return node->name != NULL && strcmp ((const char *) node->name, name) == 0;
}

enum
{
  ELEMENT_SKIPPED = 1,
  ELEMENT_BLOCK = 2,
};

/* Element name → kind; libxml2's HTML parser gives names in lower case. */
static GHashTable *
element_kinds (void)
{
  static GHashTable *kinds;

  if (g_once_init_enter (&kinds))
    {
      static const char * const skipped[] = {
        "script", "style", "noscript", "iframe", "frame", "frameset", "object", "embed", "applet",
        "template", "svg", "canvas", "select", "option", "textarea", "button", "input", "head",
        "map", "audio", "video", "math", "link", "meta",
      };
      static const char * const blocks[] = {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "td",
        "th", "tr", "table", "tbody", "thead", "tfoot", "section", "article", "header", "footer",
        "nav", "aside", "main", "blockquote", "pre", "figure", "figcaption", "form", "center",
        "address", "hr", "body", "html", "caption", "fieldset", "legend", "details", "summary",
      };
      GHashTable *table = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < G_N_ELEMENTS (skipped); i++)
        g_hash_table_insert (table, (gpointer) skipped[i], GINT_TO_POINTER (ELEMENT_SKIPPED));
      for (guint i = 0; i < G_N_ELEMENTS (blocks); i++)
        g_hash_table_insert (table, (gpointer) blocks[i], GINT_TO_POINTER (ELEMENT_BLOCK));
      g_once_init_leave (&kinds, table);
    }

  return kinds;
}

static int
element_kind (const xmlNode *node)
{
  if (node->name == NULL)
    return 0;

  /* libxml2's HTML parser gives element names in lower case */
  return GPOINTER_TO_INT (g_hash_table_lookup (element_kinds (), node->name));
}

static gboolean
is_skipped (const xmlNode *node)
{
  return element_kind (node) == ELEMENT_SKIPPED;
}

static gboolean
is_block (const xmlNode *node)
{
  return element_kind (node) == ELEMENT_BLOCK;
}

/* An attribute's text without copying it, or NULL when absent. */
static const char *
peek_attr (const xmlNode *node,
           const char    *name)
{
  for (xmlAttr *attr = node->properties; attr != NULL; attr = attr->next)
    if (attr->name != NULL && g_ascii_strcasecmp ((const char *) attr->name, name) == 0)
      {
        if (attr->children != NULL && attr->children->type == XML_TEXT_NODE &&
            attr->children->next == NULL && attr->children->content != NULL)
          return (const char *) attr->children->content;
        return "";
      }

  return NULL;
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

static char *
get_attr (const xmlNode *node,
          const char    *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char *copy;

  if (value == NULL)
    return NULL;
  copy = g_strdup ((const char *) value);
  xmlFree (value);

  return copy;
}

static gboolean
is_hidden (const xmlNode *node)
{
  const char *style;
  GString *compact;
  gboolean hidden;

  if (node->properties == NULL)
    return FALSE;
  if (peek_attr (node, "hidden") != NULL)
    return TRUE;
  style = peek_attr (node, "style");
  if (style == NULL || strchr (style, ':') == NULL)
    return FALSE;

  compact = g_string_new (NULL);
  for (const char *p = style; *p != '\0'; p++)
    if (*p != ' ' && *p != '\t' && *p != '\n')
      g_string_append_c (compact, g_ascii_tolower (*p));
  hidden = strstr (compact->str, "display:none") != NULL || strstr (compact->str, "visibility:hidden") != NULL;
  g_string_free (compact, TRUE);

  return hidden;
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
      char *resolved = g_uri_resolve_relative (w->base, url, G_URI_FLAGS_PARSE_RELAXED, NULL);
      if (resolved != NULL)
        return resolved;
    }
  if (g_str_has_prefix (url, "//"))
    return g_strconcat ("https:", url, NULL);

  return g_steal_pointer (&url);
}

static void
append_md_escaped (GString    *md,
                   const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (strchr ("\\*_`[]<", *p) != NULL)
        g_string_append_c (md, '\\');
      g_string_append_c (md, *p);
    }
}

static int
count_visible_chars (const char *text)
{
  int n = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
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

  visible = count_visible_chars (w->text->str);
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
add_image (Walker        *w,
           const xmlNode *node)
{
  static const char * const attrs[] = { "data-original", "data-src", "data-lazy-src", "src" };
  g_autofree char *width = get_attr (node, "width");
  g_autofree char *height = get_attr (node, "height");
  BylineLine *line;
  char *url = NULL;

  /* icons, spacers and tracking pixels */
  if ((width != NULL && atoi (width) > 0 && atoi (width) < 60) ||
      (height != NULL && atoi (height) > 0 && atoi (height) < 40))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (attrs) && url == NULL; i++)
    {
      g_autofree char *raw = get_attr (node, attrs[i]);
      url = safe_url (w, raw);
    }
  if (url == NULL)
    return;

  flush_line (w);
  line = byline_page_add_line (w->page, "", NULL);
  line->image = url;
  line->container = w->container;
  line->hidden = w->hidden > 0;
}

static void walk (Walker *w, xmlNode *node);

static void
walk_children (Walker  *w,
               xmlNode *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    walk (w, child);
}

static void
walk_element (Walker  *w,
              xmlNode *node)
{
  gboolean block = is_block (node);
  gboolean hidden = is_hidden (node);
  int saved_container = w->container;
  int saved_heading = w->heading;
  gboolean saved_li = w->is_li;
  gboolean saved_p = w->is_p;

  if (hidden)
    w->hidden++;

  if (name_is (node, "br"))
    {
      flush_line (w);
      goto out;
    }
  if (name_is (node, "img"))
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

      if (node->name[0] == 'h' || node->name[0] == 'H')
        {
          int level = node->name[1] - '0';
          if (level >= 1 && level <= 6 && node->name[2] == '\0')
            w->heading = level;
        }
      if (name_is (node, "li") || name_is (node, "dd") || name_is (node, "dt"))
        w->is_li = TRUE;
      /* schema.org's mark of the article text, where the page has it */
      if (w->page->marked_body < 0 && node->properties != NULL)
        {
          const char *itemprop = peek_attr (node, "itemprop");
          if (itemprop != NULL && g_ascii_strcasecmp (itemprop, "articleBody") == 0)
            w->page->marked_body = w->container;
        }
      w->is_p = name_is (node, "p");
    }

  if (name_is (node, "a"))
    {
      g_autofree char *href_raw = get_attr (node, "href");
      g_autofree char *href = safe_url (w, href_raw);
      gsize md_start = w->md->len;
      gsize text_start = w->text->len;
      guint generation = w->generation;

      walk_children (w, node);

      if (w->generation == generation)
        {
          int chars = count_visible_chars (w->text->str + text_start);

          w->link_chars += chars;
          if (href != NULL && chars > 0)
            {
              g_string_insert_c (w->md, md_start, '[');
              g_string_append_printf (w->md, "](%s)", href);
            }
        }
      goto out;
    }

  if (name_is (node, "strong") || name_is (node, "b"))
    {
      w->bold++;
      walk_children (w, node);
      w->bold--;
      goto out;
    }

  walk_children (w, node);

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
walk (Walker  *w,
      xmlNode *node)
{
  if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
    {
      const char *content = (const char *) node->content;

      if (content == NULL)
        return;
      g_string_append (w->text, content);
      append_md_escaped (w->md, content);
      if (w->bold > 0)
        w->bold_chars += count_visible_chars (content);
      return;
    }
  if (node->type != XML_ELEMENT_NODE || is_skipped (node))
    return;

  walk_element (w, node);
}

/* ----------------------------------------------------------- metadata */

static char *
node_text (xmlNode *node)
{
  xmlChar *content = xmlNodeGetContent (node);
  char *text;

  if (content == NULL)
    return NULL;
  text = byline_ingest_fold_space ((const char *) content);
  xmlFree (content);
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
read_json_ld (BylinePage *page,
              xmlNode    *script)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  xmlChar *content = xmlNodeGetContent (script);

  if (content == NULL)
    return;
  if (json_parser_load_from_data (parser, (const char *) content, -1, NULL))
    read_json_ld_node (page, json_parser_get_root (parser));
  xmlFree (content);
}

static gboolean
class_mentions (const xmlNode *node,
                const char    *word)
{
  const char *value;

  if (node->properties == NULL)
    return FALSE;
  value = peek_attr (node, "class");
  if (value != NULL && contains_ascii_nocase (value, word))
    return TRUE;
  value = peek_attr (node, "id");

  return value != NULL && contains_ascii_nocase (value, word);
}

static void
collect_links (GPtrArray *out,
               xmlNode   *node)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE || is_skipped (node))
        continue;
      if (name_is (node, "a"))
        {
          char *text = node_text (node);
          if (text != NULL)
            g_ptr_array_add (out, text);
        }
      else if (node->children != NULL)
        collect_links (out, node->children);
    }
}

/* An HTML breadcrumb list: the link texts inside, in order. */
static void
collect_crumbs (BylinePage *page,
                xmlNode    *node)
{
  page->crumbs = g_ptr_array_new_with_free_func (g_free);
  collect_links (page->crumbs, node->children);

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
read_meta (BylinePage *page,
           xmlNode    *node)
{
  g_autofree char *name = get_attr (node, "name");
  g_autofree char *property = get_attr (node, "property");
  g_autofree char *itemprop = get_attr (node, "itemprop");
  g_autofree char *content = get_attr (node, "content");
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
               xmlNode    *node,
               Walker     *w)
{
  for (; node != NULL; node = node->next)
    {
      const char *name;

      if (node->type != XML_ELEMENT_NODE || node->name == NULL)
        continue;
      name = (const char *) node->name;

      /* libxml2's HTML parser gives element names in lower case */
      if (g_str_equal (name, "title"))
        {
          if (page->doc_title == NULL)
            page->doc_title = node_text (node);
          continue;
        }
      else if (g_str_equal (name, "meta"))
        {
          read_meta (page, node);
          continue;
        }
      else if (g_str_equal (name, "script"))
        {
          const char *type = peek_attr (node, "type");
          if (type != NULL && g_ascii_strcasecmp (type, "application/ld+json") == 0)
            read_json_ld (page, node);
          continue;
        }
      else if (g_str_equal (name, "base"))
        {
          const char *href = peek_attr (node, "href");
          if (w->base == NULL && href != NULL &&
              (g_str_has_prefix (href, "http://") || g_str_has_prefix (href, "https://")))
            w->base = g_strdup (href);
          continue;
        }
      else if (g_str_equal (name, "link"))
        {
          const char *rel = peek_attr (node, "rel");
          if (rel != NULL && g_ascii_strcasecmp (rel, "canonical") == 0)
            take_first (&page->meta_url, get_attr (node, "href"));
          continue;
        }
      else if (g_str_equal (name, "time"))
        {
          const char *datetime = peek_attr (node, "datetime");
          if (datetime != NULL && page->meta_published == NULL)
            page->meta_published = g_strdup (datetime);
        }
      else if (element_kind (node) == ELEMENT_SKIPPED && !g_str_equal (name, "head"))
        continue;
      else if (page->crumbs == NULL && class_mentions (node, "crumb"))
        collect_crumbs (page, node);

      if (node->children != NULL)
        read_metadata (page, node->children, w);
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
  htmlDocPtr doc;
  xmlNode *root;
  Walker w = { 0 };

  doc = htmlReadMemory (utf8, (int) MIN (length, (gsize) G_MAXINT), base_url, "UTF-8",
                        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                        HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC |
                        HTML_PARSE_COMPACT);
  if (doc == NULL)
    {
      byline_ingest_split_text (page, utf8);
      return;
    }

  root = xmlDocGetRootElement (doc);
  w.page = page;
  w.text = g_string_new (NULL);
  w.md = g_string_new (NULL);
  w.container = -1;
  w.base = base_url != NULL ? g_strdup (base_url) : NULL;

  if (root != NULL)
    {
      read_metadata (page, root, &w);
      if (w.base == NULL && page->meta_url != NULL &&
          (g_str_has_prefix (page->meta_url, "http://") || g_str_has_prefix (page->meta_url, "https://")))
        w.base = g_strdup (page->meta_url);
      walk (&w, root);
      flush_line (&w);
    }

  choose_body_container (page);

  g_string_free (w.text, TRUE);
  g_string_free (w.md, TRUE);
  g_free (w.base);
  xmlFreeDoc (doc);
}
