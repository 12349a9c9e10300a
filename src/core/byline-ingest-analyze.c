/* byline-ingest-analyze.c: find the article and its fields in a source's lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Text and HTML meet here as lines.  The body is the stretch of lines with
 * the most sentence text; the lines just above it hold the title, the time
 * and source line and the breadcrumb; the lines just below it the editor,
 * credits and disclaimers.  Every rule is about how news pages are written
 * (labels such as 来源 and 责任编辑, punctuation, line lengths), never about
 * a particular site.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "byline-ingest-private.h"

#define HEADER_WINDOW 30
#define TRAILER_WINDOW 25
#define MAX_REMOVED 400

/* lines are allocated this many at a time */
#define LINE_BLOCK 256

BylinePage *
byline_page_new (gboolean is_html)
{
  BylinePage *page = g_new0 (BylinePage, 1);

  page->lines = g_ptr_array_new ();
  page->is_html = is_html;
  page->parents = g_array_new (FALSE, FALSE, sizeof (int));
  page->depths = g_array_new (FALSE, FALSE, sizeof (int));
  page->body_container = -1;
  page->marked_body = -1;
  page->h1 = g_ptr_array_new_with_free_func (g_free);
  page->line_blocks = g_ptr_array_new_with_free_func (g_free);

  return page;
}

/* A new line of @page, zeroed, not yet in page->lines: one malloc per
 * LINE_BLOCK lines rather than one each. */
static BylineLine *
new_line (BylinePage *page)
{
  BylineLine *block;

  if (page->line_blocks->len == 0 || page->block_used == LINE_BLOCK)
    {
      g_ptr_array_add (page->line_blocks, g_new0 (BylineLine, LINE_BLOCK));
      page->block_used = 0;
    }
  block = g_ptr_array_index (page->line_blocks, page->line_blocks->len - 1);

  return &block[page->block_used++];
}

static void
line_clear (BylineLine *line)
{
  if (!line->text_borrowed)
    g_free (line->text);
  g_free (line->markdown);
  g_free (line->image);
}

void
byline_page_free (BylinePage *page)
{
  if (page == NULL)
    return;

  for (guint i = 0; i < page->lines->len; i++)
    line_clear (g_ptr_array_index (page->lines, i));
  g_ptr_array_unref (page->lines);
  g_ptr_array_unref (page->line_blocks);
  g_free (page->text_store);
  g_array_unref (page->parents);
  g_array_unref (page->depths);
  g_free (page->doc_title);
  g_free (page->meta_title);
  g_ptr_array_unref (page->h1);
  g_free (page->meta_author);
  g_free (page->meta_site);
  g_free (page->meta_published);
  g_free (page->meta_section);
  g_free (page->meta_url);
  g_clear_pointer (&page->crumbs, g_ptr_array_unref);
  g_free (page);
}

static gboolean
is_space_char (gunichar c)
{
  return g_unichar_isspace (c) || c == 0x3000 || c == 0xA0 || c == 0xFEFF || c == 0x200B;
}

/**
 * byline_ingest_fold_space:
 * @text: text
 *
 * Returns: (transfer full): @text with runs of white space (ideographic
 *   space included) folded to one space, trimmed; control characters gone
 */
/* Folds @len bytes of @text into @out, which has room for @len + 1;
 * returns the folded length. */
static gsize
fold_space_into (const char *text,
                 gsize       len,
                 char       *out,
                 int        *chars)
{
  char *o = out;
  gboolean space = FALSE;
  const guchar *p = (const guchar *) text;
  const guchar *end = p + len;
  int count = 0;

  /* byte by byte: ASCII directly, multi-byte sequences copied whole
   * unless they are one of the spaces or C1 controls; the text is valid
   * UTF-8 (decoded by us), so sequence lengths can be trusted */
  while (p < end && *p != '\0')
    {
      int n;

      /* CJK ideographs (E4–E9 lead bytes): most of a Chinese text, in
       * runs copied whole */
      if (*p >= 0xE4 && *p <= 0xE9 && p + 2 < end)
        {
          const guchar *run = p;

          if (space)
            *o++ = ' ', count++;
          space = FALSE;
          do
            p += 3;
          while (p + 2 < end && *p >= 0xE4 && *p <= 0xE9);
          memcpy (o, run, p - run);
          o += p - run;
          count += (p - run) / 3;
          continue;
        }

      if (*p < 0x80)
        {
          if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v')
            space = o > out;
          else if (*p >= 0x20 && *p != 0x7F)
            {
              if (space)
                *o++ = ' ', count++;
              space = FALSE;
              *o++ = *p;
              count++;
            }
          p++;
          continue;
        }

      n = g_utf8_skip[*p];
      if ((p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) ||                 /* U+3000 */
          (p[0] == 0xC2 && p[1] == 0xA0) ||                                 /* U+00A0 */
          (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) ||                 /* U+FEFF */
          (p[0] == 0xE2 && p[1] == 0x80 && (p[2] >= 0x80 && p[2] <= 0x8B)) || /* U+2000–200B */
          (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)))   /* U+2028/9 */
        {
          space = o > out;
          p += n;
          continue;
        }
      if (p[0] == 0xC2 && p[1] < 0xA0)
        {
          p += 2;
          continue;
        }
      if (space)
        *o++ = ' ', count++;
      space = FALSE;
      for (int i = 0; i < n && p < end && *p != '\0'; i++)
        *o++ = *p++;
      count++;
    }
  *o = '\0';
  if (chars != NULL)
    *chars = count;

  return o - out;
}

char *
byline_ingest_fold_space (const char *text)
{
  gsize len = strlen (text);
  char *out = g_malloc (len + 1);

  fold_space_into (text, len, out, NULL);

  return out;
}

static gboolean is_label_end (const char *p);

/* Adds a line whose text is already folded: taken, or when @borrowed
 * only pointed to (it lives as long as the page). */
static void
add_folded_line (BylinePage *page,
                 char       *text,
                 int         chars,
                 gboolean    borrowed)
{
  BylineLine *line = new_line (page);

  line->text = text;
  line->text_borrowed = borrowed;
  if (chars < 0)
    for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
      chars += (*p & 0xC0) != 0x80;
  line->chars = chars < 0 ? chars + 1 : chars;
  line->container = -1;
  g_ptr_array_add (page->lines, line);
}

BylineLine *
byline_page_add_line (BylinePage *page,
                      const char *text,
                      const char *markdown)
{
  BylineLine *line = new_line (page);

  line->text = byline_ingest_fold_space (text);
  line->markdown = g_strdup (markdown);
  line->chars = g_utf8_strlen (line->text, -1);
  line->container = -1;
  g_ptr_array_add (page->lines, line);

  return line;
}

/* Text keeps one line per paragraph; blank lines only separate.  A text
 * whose paragraphs are hard-wrapped (lines cut mid-sentence, blank lines
 * between paragraphs) is joined back first. */
void
byline_ingest_split_text (BylinePage *page,
                          const char *text)
{
  gsize text_len = strlen (text);
  g_autoptr(GPtrArray) starts = g_ptr_array_sized_new (text_len / 64 + 16);
  guint n;
  g_autofree gsize *offsets = NULL;
  g_autofree int *lengths = NULL;
  char *store;
  gsize used = 0;
  guint blank = 0, wrapped = 0, nonblank = 0;
  GString *pending = NULL;
  gboolean join;

  /* line starts; \r\n, \r and \n all end a line */
  g_ptr_array_add (starts, (gpointer) text);
  for (const char *p = text + strcspn (text, "\r\n"); *p != '\0'; p += 1 + strcspn (p + 1, "\r\n"))
    if (*p == '\n' || p[1] != '\n')
      g_ptr_array_add (starts, (gpointer) (p + 1));
  n = starts->len;
  offsets = g_new (gsize, n + 1);
  lengths = g_new0 (int, n + 1);

  /* Every line folded into one block that the page keeps: a line is no
   * longer folded than it was, and each needs a byte more for its NUL. */
  g_assert (page->text_store == NULL);
  store = page->text_store = g_malloc (text_len + n + 1);

  for (guint i = 0; i < n; i++)
    {
      const char *start = g_ptr_array_index (starts, i);
      const char *next = i + 1 < n ? g_ptr_array_index (starts, i + 1) : text + text_len;
      const char *following = i + 1 < n ? next : "";
      char *folded = store + used;
      gsize len;

      offsets[i] = used;
      len = fold_space_into (start, next - start, folded, &lengths[i]);
      used += len + 1;
      if (len == 0)
        {
          blank++;
          continue;
        }
      nonblank++;
      /* a line cut mid-sentence: long, ending in a word or a comma, and
       * the next line going on in lower case */
      if (len >= 30 && (g_ascii_islower (following[0]) || g_ascii_isdigit (following[0])) &&
          (g_ascii_isalnum (folded[len - 1]) || folded[len - 1] == ','))
        wrapped++;
    }
  /* Joining applies only to wrapped prose: most non-blank lines run on. */
  join = blank > 0 && nonblank > 4 && wrapped * 3 >= nonblank;

  for (guint i = 0; i < n; i++)
    {
      char *line = store + offsets[i];

      if (!join)
        {
          if (*line != '\0')
            add_folded_line (page, line, lengths[i], TRUE);
          continue;
        }
      if (*line == '\0')
        {
          if (pending != NULL)
            {
              add_folded_line (page, g_string_free (pending, FALSE), -1, FALSE);
              pending = NULL;
            }
          continue;
        }
      if (pending == NULL)
        pending = g_string_new (line);
      else
        {
          if ((guchar) pending->str[pending->len - 1] < 0x80 && (guchar) line[0] < 0x80)
            g_string_append_c (pending, ' ');
          g_string_append (pending, line);
        }
    }
  if (pending != NULL)
    add_folded_line (page, g_string_free (pending, FALSE), -1, FALSE);
}

/* ---------------------------------------------------------------- text */

static gboolean
is_cjk (gunichar c)
{
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF);
}

/* Length in words: a CJK character counts as one, so does a Latin word. */
static int
count_units (const char *text)
{
  int units = 0;
  gboolean in_word = FALSE;
  const guchar *p = (const guchar *) text;

  while (*p != '\0')
    {
      gunichar c;

      if (*p < 0x80)
        {
          if (g_ascii_isalnum (*p))
            {
              if (!in_word)
                units++;
              in_word = TRUE;
            }
          else if (*p != '\'' && *p != '-')
            in_word = FALSE;
          p++;
          continue;
        }
      if (*p >= 0xE4 && *p <= 0xE9 && p[1] != '\0' && p[2] != '\0')
        {
          /* U+4000–U+9FFF: CJK ideographs, save a few hexagrams */
          units++;
          in_word = FALSE;
          p += 3;
          continue;
        }
      if ((p[0] & 0xF0) == 0xE0 && p[1] != '\0' && p[2] != '\0')
        {
          c = ((p[0] & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
          p += 3;
        }
      else
        {
          c = g_utf8_get_char ((const char *) p);
          p += g_utf8_skip[*p];
        }
      if (is_cjk (c))
        {
          units++;
          in_word = FALSE;
        }
      else if (c != 0x2019 && !g_unichar_isalnum (c))
        in_word = FALSE;
      else if (c != 0x2019)
        {
          if (!in_word)
            units++;
          in_word = TRUE;
        }
    }

  return units;
}

static int
count_cjk (const char *text)
{
  const guchar *p = (const guchar *) text;
  int n = 0;

  while (*p != '\0')
    {
      gunichar c;

      if (*p < 0x80)
        {
          p++;
          continue;
        }
      /* E4 B8 80–E9 BF BF: U+4E00–U+9FFF, every one an ideograph */
      if (((*p == 0xE4 && p[1] >= 0xB8) || (*p >= 0xE5 && *p <= 0xE9)) && p[1] != '\0' && p[2] != '\0')
        {
          n++;
          p += 3;
          continue;
        }
      c = g_utf8_get_char ((const char *) p);
      if (is_cjk (c))
        n++;
      p = (const guchar *) g_utf8_next_char (p);
    }

  return n;
}

static gboolean
is_closing_quote (gunichar c)
{
  return c == 0x201D || c == 0x2019 || c == '"' || c == '\'' || c == 0x300D || c == 0x300F ||
         c == ')' || c == 0xFF09 || c == 0x3011 || c == ']' || c == 0xBB;
}

/* Whether the line ends like a sentence. */
static gboolean
ends_closed (const char *text)
{
  const char *end = text + strlen (text);
  const char *p = end;

  while (p > text)
    {
      gunichar c;

      p = g_utf8_prev_char (p);
      c = g_utf8_get_char (p);
      if (is_closing_quote (c) || c == ' ')
        continue;

      return c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == '!' || c == '?' || c == '.' ||
             c == 0xFF1B || c == ';' || c == 0x2026 || c == 0x2014;
    }

  return FALSE;
}

/* The line with leading bullets, brackets and spaces taken away. */
static const char *
skip_lead (const char *text)
{
  const char *p = text;

  /* most lines start with an ideograph or a letter, never a lead */
  if (((guchar) *p >= 0xE4 && (guchar) *p <= 0xE9) || g_ascii_isalnum (*p))
    return p;

  for (;;)
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0 || !(c == ' ' || c == '(' || c == 0xFF08 || c == '[' || c == 0x3010 ||
                      c == 0x25A1 || c == 0x25A0 || c == 0x25CF || c == 0xB7 || c == '*' ||
                      c == 0x2022 || c == 0x3000))
        return p;
      p = g_utf8_next_char (p);
    }
}

static gboolean
has_prefix (const char *text,
            const char *prefix)
{
  while (*prefix != '\0' && *text == *prefix)
    text++, prefix++;
  return *prefix == '\0';
}

/* Prefix lists checked on every line, indexed by their first character
 * so that a line is compared only with the prefixes it could match. */
static GHashTable *
index_prefixes (const char * const *prefixes)
{
  GHashTable *index = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; prefixes[i] != NULL; i++)
    {
      gpointer key = GUINT_TO_POINTER (g_utf8_get_char (prefixes[i]));
      GPtrArray *bucket = g_hash_table_lookup (index, key);

      if (bucket == NULL)
        {
          bucket = g_ptr_array_new ();
          g_hash_table_insert (index, key, bucket);
        }
      g_ptr_array_add (bucket, (gpointer) prefixes[i]);
    }

  return index;
}

/* g_utf8_get_char(), decoding ASCII and three-byte characters in line */
static gunichar
first_char (const char *text)
{
  const guchar *p = (const guchar *) text;

  if (*p < 0x80)
    return *p;
  if ((p[0] & 0xF0) == 0xE0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80)
    return ((p[0] & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);

  return g_utf8_get_char (text);
}

static gboolean
starts_with_indexed (const char *text,
                     GHashTable *index)
{
  GPtrArray *bucket;

  if (*text == '\0')
    return FALSE;
  bucket = g_hash_table_lookup (index, GUINT_TO_POINTER (first_char (text)));
  if (bucket == NULL)
    return FALSE;
  for (guint i = 0; i < bucket->len; i++)
    if (has_prefix (text, g_ptr_array_index (bucket, i)))
      return TRUE;

  return FALSE;
}

static gboolean
starts_with_any (const char         *text,
                 const char * const *prefixes)
{
  for (guint i = 0; prefixes[i] != NULL; i++)
    if (text[0] == prefixes[i][0] && has_prefix (text, prefixes[i]))
      return TRUE;
  return FALSE;
}

static gboolean
contains_any (const char         *text,
              const char * const *needles)
{
  for (guint i = 0; needles[i] != NULL; i++)
    if (strstr (text, needles[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* Lines after which the article is over: editor credit, disclaimers,
 * related-article and share blocks, comment sections. */
static const char * const stop_prefixes[] = {
  "责任编辑", "责编", "编辑：", "编辑:", "纠错", "郑重声明", "免责声明", "版权声明", "声明：",
  "声明:", "特别声明", "猜你喜欢", "相关阅读", "推荐阅读", "热门文章", "延伸阅读", "相关新闻",
  "相关推荐", "相关文章", "相关报道", "为你推荐", "为您推荐", "热门推荐", "热点推荐", "更多精彩",
  "精彩推荐", "精彩视频", "分享到", "分享：", "分享:", "分享至", "关键字", "关键词", "标签：",
  "点击进入专题", "此前报道", "扫二维码", "扫描二维码", "网友评论", "我要评论", "发表评论",
  "查看全部评论", "相关专题", "返回首页", "上一篇", "下一篇", "打印本页", "关闭窗口",
  "Related Topics", "Related stories", "More on this story", "Share this article",
  "Most popular", "Most Popular", "Most read", "Most Read", "Comments", "Read more",
  "Topics:", "Follow us", "Tags:", "A version of this article", "Order Reprints",
  "Related Coverage", "\xC2\xA9", "Copyright \xC2\xA9", "Copyright (c)", "reader comments",
  "Share this story", "View Comments", "You must log", "More on ",
  NULL
};

static gboolean
is_stop_line (const char *text)
{
  const char *t = skip_lead (text);

  /* an English sentence may well begin "Comments by…": only short lines
   * are furniture, save the print-edition note */
  if (g_ascii_isalpha (t[0]) && strlen (t) > 100 && !g_str_has_prefix (t, "A version of this article"))
    return FALSE;
  static GHashTable *index;

  if (g_once_init_enter (&index))
    g_once_init_leave (&index, index_prefixes (stop_prefixes));
  if (starts_with_indexed (t, index))
    return TRUE;
  /* a lone "Related" or "More" heads a list of links */
  if (g_str_equal (t, "Related") || g_str_equal (t, "More"))
    return TRUE;
  /* "本文来源：… 责任编辑：…" trailer lines */
  if (strnlen (t, 160) < 160 && strstr (t, "责任编辑") != NULL && count_units (t) < 40)
    return TRUE;

  return FALSE;
}

/* Labelled metadata lines: never body text. */
static const char * const meta_prefixes[] = {
  "原标题", "原题", "来源", "文章来源", "本文来源", "稿件来源", "本文来自", "作者", "出品",
  "编译", "记者", "通讯员", "摄影", "图片来源", "图源", "题图", "发布时间", "时间", "日期",
  "更新时间", "Source:", "Photograph:", "Image caption", "Media caption", "Image copyright",
  NULL
};

/* Widget and furniture lines that may sit among the body's lines. */
static const char * const widget_prefixes[] = {
  "点击查看", "点击图片", "点击播放", "视频-", "视频：", "字号", "小字号", "大字号", "收藏",
  "打印", "举报", "Advertisement", "Continue reading", "Share on", "Share via", "Share this",
  "Skip to", "Sign up", "Subscribe", "(Credit", "Credit:", "Photo:", "Getty Images", "Related:",
  "ADVERTISING", "Advertising",
  NULL
};

static gboolean
is_meta_line (const char *text)
{
  static GHashTable *index;

  if (g_once_init_enter (&index))
    g_once_init_leave (&index, index_prefixes (meta_prefixes));

  return starts_with_indexed (skip_lead (text), index);
}

static gboolean
is_widget_line (const BylineLine *line)
{
  const char *t = skip_lead (line->text);
  int brackets = 0;

  for (guint i = 0; widget_prefixes[i] != NULL; i++)
    {
      gsize len;

      if (t[0] != widget_prefixes[i][0] || !has_prefix (t, widget_prefixes[i]))
        continue;
      /* a two-character word such as 举报 must stand alone: 举报人 is text */
      len = strlen (widget_prefixes[i]);
      if (len > 6 || t[len] == '\0' || is_label_end (t + len))
        return TRUE;
    }
  /* 页面功能 【我来说两句】【推荐】【打印】 */
  if (line->chars > 80)
    return FALSE;
  for (const char *p = strstr (line->text, "\xE3\x80\x90"); p != NULL; p = strstr (p + 3, "\xE3\x80\x90"))
    brackets++;
  if (brackets >= 2)
    return TRUE;
  /* a notice wholly in 【】 */
  if (g_str_has_prefix (line->text, "\xE3\x80\x90") && g_str_has_suffix (line->text, "\xE3\x80\x91"))
    return TRUE;

  return FALSE;
}


static double
link_ratio (const BylineLine *line)
{
  return line->chars > 0 ? (double) line->link_chars / line->chars : 0.0;
}

/* Sentence text, the stuff of a body. */
static gboolean
compute_content (const BylineLine *line)
{
  if (line->image != NULL || line->hidden)
    return FALSE;
  if (link_ratio (line) > 0.5)
    return FALSE;
  if (line->meta || line->widget || line->stop || line->caption)
    return FALSE;
  /* "Benjamin Romano: 206-652-6593 or bromano@example.com": a contact line */
  if (line->units <= 30 && strchr (line->text, '@') != NULL && strchr (strchr (line->text, '@'), '.') != NULL &&
      line->punct <= 3)
    return FALSE;
  /* "April 28, 2019 at 6:01 am Updated April 29, 2019 at 3:33 pm" */
  if (line->dated && line->units <= 25)
    return FALSE;
  if (line->units >= 15 && line->punct >= 1)
    return TRUE;
  if (line->units >= 6 && line->punct >= 1 && line->closed)
    return TRUE;

  return FALSE;
}

/* A photo caption ending in its credit: "… Credit Ashraf Shazly/Agence
 * France-Presse — Getty Images", "… Photograph: Adrian Malloch". */
static gboolean
is_credited_caption (const char *text,
                     gboolean    closed)
{
  static const char * const credits[] = {
    " Credit ", "Photograph: ", "Photo: ", "Photo by ", "Image: ", "(Photo", "Getty Images",
    "图片来源", "摄影：", "图/", NULL
  };
  gsize len;
  const char *tail;

  /* a caption ends in the credit's name, a paragraph in punctuation */
  if (closed)
    return FALSE;
  len = strlen (text);
  tail = len > 90 ? text + len - 90 : text;
  for (guint i = 0; credits[i] != NULL; i++)
    {
      const char *hit = strstr (tail, credits[i]);
      if (hit != NULL && (credits[i][0] != ' ' || g_ascii_isupper (hit[strlen (credits[i])])))
        return TRUE;
    }
  return FALSE;
}

/* Units, punctuation and digits in one pass over the line. */
static void
measure_line (BylineLine *line)
{
  const guchar *p = (const guchar *) line->text;
  gboolean in_word = FALSE;
  int units = 0, punct = 0;
  gboolean digit = FALSE;

  while (*p != '\0')
    {
      if (*p < 0x80)
        {
          if (g_ascii_isalnum (*p))
            {
              digit |= g_ascii_isdigit (*p);
              if (!in_word)
                units++;
              in_word = TRUE;
            }
          else
            {
              if (*p != '\'' && *p != '-')
                in_word = FALSE;
              /* a full stop inside a number or an address is no sentence */
              if (*p == ',' || *p == ';' || *p == '!' || *p == '?' ||
                  (*p == '.' && !g_ascii_isalnum (p[1])))
                punct++;
            }
          p++;
        }
      else if (*p >= 0xE4 && *p <= 0xE9 && p[1] != '\0' && p[2] != '\0')
        {
          /* a run of ideographs, one unit each */
          do
            {
              units++;
              p += 3;
            }
          while (*p >= 0xE4 && *p <= 0xE9 && p[1] != '\0' && p[2] != '\0');
          in_word = FALSE;
        }
      else
        {
          gunichar c = g_utf8_get_char ((const char *) p);

          if ((p[0] == 0xE3 && p[1] == 0x80 && (p[2] == 0x82 || p[2] == 0x81)) ||
              (p[0] == 0xEF && p[1] == 0xBC && (p[2] == 0x8C || p[2] == 0x9B || p[2] == 0x81 || p[2] == 0x9F)))
            punct++;
          if (is_cjk (c))
            units++, in_word = FALSE;
          else if (c != 0x2019 && !g_unichar_isalnum (c))
            in_word = FALSE;
          else if (c != 0x2019)
            {
              if (!in_word)
                units++;
              in_word = TRUE;
            }
          p += g_utf8_skip[*p];
        }
    }

  line->units = units;
  line->punct = punct;
  line->has_digit = digit;
}

/* Every line is looked at many times: what it is gets computed once. */
static void
classify (const BylineLine *cline)
{
  BylineLine *line = (BylineLine *) cline;
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) dt = NULL;
  int precision;

  if (line->classified)
    return;
  line->classified = TRUE;
  measure_line (line);
  line->closed = ends_closed (line->text);
  /* labels, widgets and trailers are short lines; paragraphs are not */
  line->meta = is_meta_line (line->text);
  line->stop = is_stop_line (line->text);
  line->caption = line->caption || is_credited_caption (line->text, line->closed);
  line->widget_prefix = is_widget_line (line);
  line->widget = line->chars <= 160 && line->widget_prefix;
  if (line->units <= 40 && line->has_digit)
    {
      utc = g_time_zone_new_utc ();
      dt = byline_ingest_parse_date (line->text, utc, 0, &precision, NULL, NULL);
    }
  line->dated = dt != NULL;
  line->content = compute_content (line);
}

static gboolean
is_content (const BylineLine *line)
{
  classify (line);
  return line->content;
}

static int
line_units (const BylineLine *line)
{
  classify (line);
  return line->units;
}

static gboolean
line_is_meta (const BylineLine *line)
{
  classify (line);
  return line->meta;
}

static gboolean
line_is_stop (const BylineLine *line)
{
  classify (line);
  return line->stop;
}

static gboolean
line_ends_closed (const BylineLine *line)
{
  classify (line);
  return line->closed;
}

/* is_widget_line(), whatever the line's length */
static gboolean
line_is_widget (const BylineLine *line)
{
  classify (line);
  return line->widget_prefix;
}

/* Short, no closing punctuation: a sub-heading when inside a body. */
static gboolean
is_heading_like (const BylineLine *line,
                 gboolean          english)
{
  int units = line_units (line);

  if (line->image != NULL || units == 0)
    return FALSE;
  if (line_ends_closed (line))
    return FALSE;
  /* one comma at most: 大批中国人选择出行，高铁车票在几小时内被抢光 */
  if (line->punct > 1 || (line->punct == 1 && units > 24))
    return FALSE;
  if (strstr (line->text, "\xE3\x80\x82") != NULL) /* 。 */
    return FALSE;

  return english ? units <= 14 : units <= 36;
}

/* --------------------------------------------------------- field values */

static gboolean
is_value_stop (gunichar c)
{
  return c == 0 || is_space_char (c) || c == '|' || c == 0xFF5C || c == ']' || c == 0x3011 ||
         c == ')' || c == 0xFF09 || c == '_' || c == '[' || c == 0x3010 || c == '(' ||
         c == 0xFF08 || c == 0x300B;
}

static const char * const following_labels[] = {
  "作者", "来源", "责任编辑", "编辑", "校对", "记者", "时间", "发布", "字号", "举报", "分享",
  "评论", "原标题", "通讯员", "摄影", "点击", "收藏", "浏览", "阅读", "参与",
  NULL
};

/* Skips the separator after a label: spaces, a colon, a bar. */
static const char *
skip_label_separator (const char *p)
{
  for (;;)
    {
      gunichar c = g_utf8_get_char (p);

      if (c == ':' || c == 0xFF1A || c == 0xFE31 || c == 0xFE30 || c == '|' || c == 0xFF5C ||
          c == 0x2502 || c == 0xFE31 || c == '/' || c == 0xFF0F || c == '[' || c == 0x3010 ||
          c == 0x2223 || is_space_char (c))
        p = g_utf8_next_char (p);
      else
        return p;
    }
}

/* The value after a label, up to white space, a bracket or another
 * label: "来源：[ 人民网 ]" gives 人民网. */
static char *
read_value (const char *p)
{
  const char *start = skip_label_separator (p);
  const char *q = start;

  while (*q != '\0')
    {
      gunichar c = g_utf8_get_char (q);

      if (is_value_stop (c) || (q > start && starts_with_any (q, following_labels)))
        break;
      q = g_utf8_next_char (q);
    }

  /* a Latin name keeps its spaces: "Source: Reuters News" */
  if (q > start && g_ascii_isalpha (*start) && count_cjk (start) == 0)
    {
      const char *r = start;

      while (*r != '\0' && strchr ("|([])", *r) == NULL && !(r[0] == ' ' && r[1] == ' '))
        r++;
      q = r;
    }
  /* "作者：责任编辑：…": the label has no value of its own */
  if (starts_with_any (start, following_labels))
    return NULL;

  if (q == start)
    return NULL;

  return g_strstrip (g_strndup (start, q - start));
}

static gboolean
is_label_end (const char *p)
{
  gunichar c = g_utf8_get_char (p);

  return c == ':' || c == 0xFF1A || c == 0xFE31 || c == 0xFE30 || c == '|' || c == 0xFF5C ||
         c == 0x2502 || c == '/' || c == 0xFF0F || c == 0x2223 || is_space_char (c);
}

/* The value after the first of @labels in @text; *where is the label's offset. */
static char *
find_labelled (const char         *text,
               const char * const *labels,
               int                *where)
{
  for (guint i = 0; labels[i] != NULL; i++)
    {
      const char *hit = strstr (text, labels[i]);

      /* "原作者所有" is no label: a label is followed by a separator */
      while (hit != NULL && !is_label_end (hit + strlen (labels[i])))
        hit = strstr (hit + strlen (labels[i]), labels[i]);
      if (hit != NULL)
        {
          char *value = read_value (hit + strlen (labels[i]));

          if (value != NULL && *value != '\0')
            {
              if (where != NULL)
                *where = hit - text;
              return value;
            }
          g_free (value);
        }
    }

  return NULL;
}

static const char * const source_labels[] = {
  "文章来源", "本文来源", "稿件来源", "信息来源", "稿源", "来源", "Source:", NULL
};
static const char * const editor_labels[] = { "责任编辑", "责编", "编辑", NULL };

static const char * const name_stop_words[] = {
  "整合", "报道", "摄影", "摄", "编辑", "实习生", "通讯员", "发自", "综合", "编译", "校对",
  "返回", "制图", "采写", NULL
};

/* A person's name (or names) after a role word: "陈智 整合" gives 陈智,
 * "罗博 萧海川" both names. */
static char *
read_names (const char *p)
{
  g_autoptr(GString) names = g_string_new (NULL);
  const char *q = skip_label_separator (p);

  while (*q != '\0')
    {
      const char *start = q;
      int n = 0;
      g_autofree char *word = NULL;

      while (*q != '\0' && is_cjk (g_utf8_get_char (q)))
        q = g_utf8_next_char (q), n++;
      if (n < 2 || n > 4)
        break;
      word = g_strndup (start, q - start);
      if (starts_with_any (word, name_stop_words))
        break;
      if (names->len > 0)
        g_string_append_c (names, ' ');
      g_string_append (names, word);

      if (g_str_has_prefix (q, "\xE3\x80\x81")) /* 、 */
        q += 3;
      else if (*q == ' ' || g_str_has_prefix (q, "\xE3\x80\x80"))
        q = skip_label_separator (q);
      else
        break;
    }

  return names->len > 0 ? g_strdup (names->str) : NULL;
}

/* "记者 X" bylines: as a short line of their own, or in brackets
 * at the start or end of a paragraph: （记者陈智 整合）. */
static char *
find_reporter (const char *text,
               gboolean    whole_line)
{
  static const char * const roles[] = { "记者", "评论员", "作者", "撰稿", "文/", "文 /", NULL };

  if (whole_line)
    {
      /* a photo credit: 图片来源：每经记者 张蕊 摄 */
      if (count_units (text) > 16 || strstr (text, "图") != NULL || strstr (text, "摄") != NULL)
        return NULL;
      for (guint i = 0; roles[i] != NULL; i++)
        {
          const char *hit = strstr (text, roles[i]);
          if (hit != NULL)
            {
              char *names = read_names (hit + strlen (roles[i]));
              if (names != NULL)
                return names;
            }
        }
      return NULL;
    }

  for (const char *open = text; (open = strpbrk (open, "(\xEF")) != NULL; open++)
    {
      const char *inner;

      if (*open == '(')
        inner = open + 1;
      else if (g_str_has_prefix (open, "\xEF\xBC\x88")) /* （ */
        inner = open + 3;
      else
        continue;
      inner = skip_label_separator (inner);
      if (g_str_has_prefix (inner, "本报"))
        inner += strlen ("本报");
      for (guint i = 0; roles[i] != NULL; i++)
        if (g_str_has_prefix (inner, roles[i]))
          {
            char *names = read_names (inner + strlen (roles[i]));
            if (names != NULL)
              return names;
          }
    }

  return NULL;
}

static gboolean
is_month_word (const char *word,
               gsize       len)
{
  static const char * const months[] = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", NULL
  };

  if (len < 3)
    return FALSE;
  for (guint i = 0; months[i] != NULL; i++)
    if (g_ascii_strncasecmp (word, months[i], 3) == 0)
      return TRUE;
  return FALSE;
}

/* "By Jane Doe", "by Eleanor Ainge Roy (reporting) and …",
 * "By JEFFREY GETTLEMAN JAN. 13, 2017": the name, in title case. */
static char *
find_english_byline (const char *text)
{
  g_autoptr(GString) name = g_string_new (NULL);
  const char *p = text;
  int words = 0;
  gboolean all_caps = TRUE;

  if (g_ascii_strncasecmp (p, "by ", 3) != 0)
    return NULL;
  p += 3;

  while (*p != '\0' && words < 5)
    {
      const char *start;
      gsize len;

      while (*p == ' ')
        p++;
      start = p;
      if (!g_ascii_isupper (*p))
        break;
      while (*p != '\0' && *p != ' ' && *p != ',' && *p != '(' && *p != '|' && *p != '@')
        p++;
      len = p - start;
      /* the date that follows the name */
      if (is_month_word (start, len) && words >= 2)
        break;
      if (len > 1 && start[len - 1] == '.' && words >= 2)
        break;
      for (gsize i = 0; i < len; i++)
        if (g_ascii_islower (start[i]))
          all_caps = FALSE;
      if (name->len > 0)
        g_string_append_c (name, ' ');
      g_string_append_len (name, start, len);
      words++;
      if (*p != ' ')
        break;
    }

  if (words < 2)
    return NULL;
  if (all_caps)
    {
      gboolean word_start = TRUE;

      for (gsize i = 0; i < name->len; i++)
        {
          if (!word_start)
            name->str[i] = g_ascii_tolower (name->str[i]);
          word_start = name->str[i] == ' ' || name->str[i] == '-';
        }
    }

  return g_strdup (name->str);
}

/* ------------------------------------------------------------ analysis */

typedef struct
{
  BylinePage       *page;
  BylineIngestData *data;
  GPtrArray        *lines;
  gboolean          english;
  GTimeZone        *zone;
  int               default_year;
  int               body_start;
  int               body_end;    /* inclusive */
  int               title_line;
  int               date_line;
  gboolean         *used;        /* lines consumed as metadata */
  int               date_precision;
} Analysis;

#define LINE(a, i) ((BylineLine *) g_ptr_array_index ((a)->lines, (i)))

static void
set_field (char       **field,
           const char  *value)
{
  if (*field == NULL && value != NULL && *value != '\0')
    *field = g_strdup (value);
}

static char *
ellipsize (const char *text)
{
  if (g_utf8_strlen (text, -1) <= 60)
    return g_strdup (text);
  return g_strdup_printf ("%.*s…", (int) (g_utf8_offset_to_pointer (text, 57) - text), text);
}

static void
note_line (Analysis   *a,
           const char *field,
           int         index)
{
  g_autofree char *line = ellipsize (LINE (a, index)->text);

  byline_ingest_data_note (a->data, field, _("from the line “%s”"), line);
}

static char *find_english_byline (const char *text);

/* Words of a time line: a dated line with one of them closes a header. */
static const char * const dateline_labels[] = {
  "来源", "时间", "发布", "作者", "日期", "编辑", "Source", "By ", "by ", "Updated", "Published",
  "Posted", NULL
};

static gboolean
is_paragraph_block (const BylineLine *line)
{
  return is_content (line) && (line->is_p || (line->heading >= 1 && line->heading <= 6));
}

/* A short line with a full date: the time line of a header or of a
 * related-article list, never inside a body. */
static gboolean
is_dateline_like (Analysis   *a,
                  BylineLine *line)
{
  if (line_units (line) > 40 || is_content (line))
    return FALSE;

  return line->dated;
}

/* Body in HTML: the lines inside the chosen container; in text: the
 * stretch with the best balance of sentence text against other lines. */
static void
find_body (Analysis *a)
{
  int n = a->lines->len;
  double best = 0, run = 0;
  int run_start = 0;

  a->body_start = -1;
  a->body_end = -1;

  /* a gallery caption is followed by the word Caption */
  for (int i = 0; i + 1 < n; i++)
    if (g_str_equal (LINE (a, i + 1)->text, "Caption") && !LINE (a, i)->classified)
      LINE (a, i)->caption = TRUE;

  for (int i = 0; i < n; i++)
    {
      BylineLine *line = LINE (a, i);
      double score;

      if (a->page->body_container >= 0 && line->container < 0)
        score = -1000;
      else if (line_is_stop (line) && line->chars < 80)
        /* English pages set "Most Read" and "Related" boxes inside the
         * article; Chinese pages end it with 责任编辑 and 相关阅读 */
        score = a->english ? -80 : -1000;
      else if (is_dateline_like (a, line) && (line_units (line) <= 8 || contains_any (line->text, dateline_labels)))
        score = -1000;
      else if (is_content (line))
        {
          /* a paragraph outweighs a headline of a related list: long
           * lines count more than their length */
          int units = line_units (line);
          score = units * MIN (1.0, units / 40.0 + 0.25) * (1.0 - link_ratio (line));
          if (!line_ends_closed (line))
            score *= 0.5;
        }
      else if (line_is_meta (line))
        score = -40;
      else if (line->image != NULL || line->caption)
        score = 0;
      else
        score = -3 - line_units (line) * 0.2;

      if (run <= 0)
        {
          run = 0;
          run_start = i;
        }
      run += score;
      if (run > best)
        {
          best = run;
          a->body_start = run_start;
          a->body_end = i;
        }
    }

  if (a->body_start < 0)
    return;

  /* start and end at sentence text */
  while (a->body_start < a->body_end && !is_content (LINE (a, a->body_start)))
    a->body_start++;
  while (a->body_end > a->body_start && !is_content (LINE (a, a->body_end)))
    a->body_end--;

  /* Captions above a byline are no body: the text starts after the
   * byline or time line that opens the run. */
  for (int i = a->body_start; i <= MIN (a->body_end, a->body_start + 10); i++)
    {
      BylineLine *line = LINE (a, i);
      g_autofree char *byline = NULL;

      if (is_content (line))
        continue;
      if (g_ascii_strcasecmp (line->text, "By") == 0 || line->dated)
        byline = g_strdup (line->text);
      else if (a->english)
        byline = find_english_byline (line->text);
      if (byline == NULL)
        continue;
      for (int j = i + 1; j <= a->body_end; j++)
        if (is_content (LINE (a, j)))
          {
            a->body_start = j;
            break;
          }
      i = a->body_start;
    }

  /* A page that writes its paragraphs as <p> puts captions, promos and
   * print notes in other blocks: the body starts and ends at a paragraph. */
  if (a->page->is_html)
    {
      int paragraphs = 0;

      for (int i = a->body_start; i <= a->body_end; i++)
        if (is_paragraph_block (LINE (a, i)))
          paragraphs++;
      if (paragraphs >= 3)
        {
          while (a->body_start < a->body_end && !is_paragraph_block (LINE (a, a->body_start)))
            a->body_start++;
          while (a->body_end > a->body_start && !is_paragraph_block (LINE (a, a->body_end)))
            a->body_end--;
        }
    }
}

static gboolean
is_breadcrumb (const char *text,
               GPtrArray **items_out)
{
  static const char * const separators[] = { ">>", ">", "\xC2\xBB", "\xE2\x80\xBA", "\xEF\xBC\x9E",
                                             "\xE2\x86\x92", "->", NULL };
  static const char * const labels[] = {
    "您的位置", "你的位置", "当前位置", "您所在的位置", "所在位置", "您的当前位置", "位置", NULL
  };
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *work = g_strdup (text);
  const char *sep = NULL;
  char *p = work;
  g_auto(GStrv) parts = NULL;

  if (count_units (text) > 40)
    return FALSE;

  for (guint i = 0; labels[i] != NULL; i++)
    {
      char *hit = strstr (p, labels[i]);
      if (hit != NULL)
        {
          p = (char *) skip_label_separator (hit + strlen (labels[i]));
          break;
        }
    }

  for (guint i = 0; separators[i] != NULL && sep == NULL; i++)
    if (strstr (p, separators[i]) != NULL)
      sep = separators[i];
  if (sep == NULL)
    return FALSE;

  parts = g_strsplit (p, sep, -1);
  {
    guint nonempty = 0;
    for (guint i = 0; parts[i] != NULL; i++)
      {
        g_autofree char *item = byline_ingest_fold_space (parts[i]);
        if (*item != '\0')
          nonempty++;
      }
    if (nonempty < 2)
      return FALSE;
  }
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *item = byline_ingest_fold_space (parts[i]);
      if (*item == '\0' || g_str_equal (item, "正文") || g_str_equal (item, "Home"))
        continue;
      if (count_units (item) > 12)
        return FALSE;
      g_ptr_array_add (items, g_steal_pointer (&item));
    }
  if (items->len == 0)
    return FALSE;

  if (items_out != NULL)
    *items_out = g_steal_pointer (&items);
  return TRUE;
}

static gboolean is_dateline_like (Analysis *a, BylineLine *line);

static char *find_reporter (const char *text, gboolean whole_line);

static gboolean
is_title_like (Analysis *a,
               int       i)
{
  BylineLine *line = LINE (a, i);
  int units = line_units (line);

  if (units < 4 || units > (a->english ? 40 : 60) || line->image != NULL)
    return FALSE;
  if (line_is_meta (line) || line_is_widget (line) || line_is_stop (line))
    return FALSE;
  if (is_breadcrumb (line->text, NULL))
    return FALSE;
  {
    g_autofree char *reporter = find_reporter (line->text, TRUE);
    if (reporter != NULL)
      return FALSE;
  }
  if (strstr (line->text, "\xE3\x80\x82") != NULL)
    return FALSE;
  if (a->english && line_ends_closed (line) && !g_str_has_suffix (line->text, "?") &&
      !g_str_has_suffix (line->text, "!") && !g_str_has_suffix (line->text, "'"))
    return FALSE;
  {
    int precision;
    g_autoptr(GDateTime) dt = byline_ingest_parse_date (line->text, a->zone, 0, &precision, NULL, NULL);
    if (dt != NULL && units <= 30)
      return FALSE;
  }

  return TRUE;
}

/* Strips a site name from a document title: "标题_频道_网站" → 标题. */
static char *
strip_site_suffix (const char *title)
{
  static const char * const separators[] = {
    " | ", "_", " - ", " – ", " — ", "｜", "|", "--", NULL
  };
  g_autofree char *copy = g_strdup (title);

  for (guint i = 0; separators[i] != NULL; i++)
    {
      char *hit = strstr (copy, separators[i]);
      if (hit != NULL && hit > copy)
        *hit = '\0';
    }

  return byline_ingest_fold_space (copy);
}

static gboolean
texts_match (const char *a,
             const char *b)
{
  g_autofree char *x = byline_ingest_fold_space (a);
  g_autofree char *y = byline_ingest_fold_space (b);

  return g_str_equal (x, y);
}

static gboolean
has_duplicate_near (Analysis *a,
                    int       i)
{
  /* a line repeated right after itself is a widget's, not a headline */
  if ((i > 0 && g_str_equal (LINE (a, i)->text, LINE (a, i - 1)->text)) ||
      (i + 1 < (int) a->lines->len && g_str_equal (LINE (a, i)->text, LINE (a, i + 1)->text)))
    return FALSE;
  for (int j = MAX (0, i - 16); j < MIN ((int) a->lines->len, i + 17); j++)
    if (ABS (j - i) > 1 && g_str_equal (LINE (a, i)->text, LINE (a, j)->text))
      return TRUE;
  return FALSE;
}

static void
find_title (Analysis *a)
{
  int start = a->body_start >= 0 ? a->body_start : (int) a->lines->len;
  int from = MAX (0, start - HEADER_WINDOW);
  g_autofree char *doc_title = NULL;

  a->title_line = -1;

  /* A page names its title in <title>, og:title and an <h1>; the visible
   * line that agrees with them is the title. */
  if (a->page->is_html)
    {
      const char *meta = a->page->meta_title;

      doc_title = a->page->doc_title != NULL ? g_strdup (a->page->doc_title) : NULL;

      for (guint i = 0; i < a->page->h1->len; i++)
        {
          const char *h1 = g_ptr_array_index (a->page->h1, i);
          if (count_units (h1) < 2)
            continue;
          if ((meta != NULL && strstr (meta, h1) != NULL) ||
              (doc_title != NULL && strstr (doc_title, h1) != NULL))
            {
              set_field (&a->data->title, h1);
              byline_ingest_data_note (a->data, "title", _("from the page’s main heading"));
              break;
            }
        }
      if (a->data->title == NULL && meta != NULL)
        {
          g_autofree char *stripped = strip_site_suffix (meta);
          set_field (&a->data->title, stripped);
          byline_ingest_data_note (a->data, "title", _("from the page’s metadata"));
        }
      if (a->data->title == NULL && a->page->h1->len == 1)
        {
          set_field (&a->data->title, g_ptr_array_index (a->page->h1, 0));
          byline_ingest_data_note (a->data, "title", _("from the page’s main heading"));
        }
    }

  /* the visible line: nearest the body, above the time line; a line
   * that repeats just above the body is the title shown twice */
  if (a->data->title != NULL)
    {
      for (int i = start - 1; i >= from; i--)
        if (texts_match (LINE (a, i)->text, a->data->title))
          {
            a->title_line = i;
            break;
          }
      if (a->title_line < 0)
        for (int i = 0; i < (int) a->lines->len; i++)
          if (texts_match (LINE (a, i)->text, a->data->title))
            {
              a->title_line = i;
              break;
            }
      return;
    }

  /* a page's <title> starts with its headline */
  if (a->page->doc_title != NULL)
    {
      g_autofree char *stripped = strip_site_suffix (a->page->doc_title);

      for (int i = start - 1; i >= from && a->title_line < 0; i--)
        if (is_title_like (a, i) &&
            (texts_match (LINE (a, i)->text, stripped) ||
             (g_str_has_prefix (a->page->doc_title, LINE (a, i)->text) && line_units (LINE (a, i)) >= 6)))
          a->title_line = i;
    }

  /* the headline sits above the byline or time line, past share buttons */
  for (int anchor = from; anchor < start && a->title_line < 0; anchor++)
    {
      BylineLine *line = LINE (a, anchor);
      g_autofree char *byline = NULL;
      int substantive = 0;

      if (!is_dateline_like (a, line) &&
          !(a->english && (byline = find_english_byline (line->text)) != NULL))
        continue;
      /* of the candidates, one shown twice (page title and headline) wins
       * over a standfirst */
      for (int i = anchor - 1, candidates = 0; i >= from && substantive < 6 && candidates < 3; i--)
        {
          if (is_title_like (a, i))
            {
              if (a->title_line < 0)
                a->title_line = i;
              if (has_duplicate_near (a, i))
                {
                  a->title_line = i;
                  break;
                }
              candidates++;
            }
          if (!LINE (a, i)->widget && line_units (LINE (a, i)) >= 4)
            substantive++;
        }
      break;
    }

  for (int i = from; i < start && a->title_line < 0; i++)
    {
      if (!is_title_like (a, i))
        continue;
      for (int j = i + 1; j < MIN (MIN (start + 1, (int) a->lines->len), i + 16); j++)
        if (g_str_equal (LINE (a, i)->text, LINE (a, j)->text))
          {
            a->title_line = i;
            break;
          }
    }

  if (a->title_line < 0)
    {
      int limit = a->date_line >= 0 ? a->date_line : start;

      /* the title sits above the time line */
      if (a->date_line < 0)
        for (int i = start - 1; i >= from; i--)
          if (is_dateline_like (a, LINE (a, i)))
            {
              limit = i;
              break;
            }

      for (int i = limit - 1; i >= MAX (from, limit - 8); i--)
        if (is_title_like (a, i))
          {
            a->title_line = i;
            break;
          }
    }

  if (a->title_line < 0 && start > 0 && is_title_like (a, 0) && start <= 3)
    a->title_line = 0;

  if (a->title_line >= 0)
    {
      const char *text = LINE (a, a->title_line)->text;
      const char *bar = strchr (text, '|');

      /* "Section|Title" */
      if (bar != NULL && a->english && count_units (bar + 1) >= 4 && count_units (text) - count_units (bar + 1) <= 3)
        text = bar + 1;
      set_field (&a->data->title, text);
      note_line (a, "title", a->title_line);
      a->used[a->title_line] = TRUE;
    }
}

static void
set_published (Analysis   *a,
               GDateTime  *dt,
               int         precision,
               const char *note_field_line)
{
  g_clear_pointer (&a->data->published, g_date_time_unref);
  a->data->published = g_date_time_ref (dt);
  a->date_precision = precision;
}

/* A page's year for dates written without one ("March 18 at 3:57 PM"). */
static int
guess_year (Analysis *a)
{
  const char *sources[] = { a->page->meta_published, a->page->meta_url, a->data->source_url };

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      const char *s = sources[i];

      if (s == NULL)
        continue;
      for (const char *p = s; *p != '\0'; p++)
        {
          int year = 0;
          if ((p == s || !g_ascii_isdigit (p[-1])) && g_ascii_isdigit (*p) &&
              (year = (int) g_ascii_strtoll (p, NULL, 10)) >= 1990 && year <= 2100 && !g_ascii_isdigit (p[4]))
            return year;
        }
    }

  for (guint i = 0; i < a->lines->len; i++)
    {
      const char *t = LINE (a, i)->text;
      int precision;
      g_autoptr(GDateTime) dt = byline_ingest_parse_date (t, a->zone, 0, &precision, NULL, NULL);
      if (dt != NULL)
        return g_date_time_get_year (dt);
    }

  return 0;
}

/* What is left on the time line once the date and labels are gone: the
 * source when it stands there unlabelled ("2019年10月23日 09:05 环球网",
 * "TNW中文站2016年10月14日07:17"). */
static char *
unlabelled_source (const char *text,
                   int         date_start,
                   int         date_end)
{
  static const char * const chrome[] = {
    "分享", "举报", "评论", "收藏", "字号", "打印", "参与", "阅读", "浏览", "我要", NULL
  };
  g_autofree char *before_raw = g_strndup (text, date_start);
  g_autofree char *before = byline_ingest_fold_space (before_raw);
  g_autofree char *after = byline_ingest_fold_space (text + date_end);
  const char *candidates[2];

  candidates[0] = before;
  candidates[1] = after;

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *value = NULL;
      const char *c = candidates[i];

      if (*c == '\0' || strchr (c, ':') != NULL || strstr (c, "\xEF\xBC\x9A") != NULL)
        continue;
      value = read_value (c);
      if (value == NULL || count_cjk (value) < 2 || count_units (value) > 10)
        continue;
      if (starts_with_any (value, chrome) || contains_any (value, chrome))
        continue;
      /* an all-caps domain such as BUSINESS.SOHU.COM is no outlet */
      return g_steal_pointer (&value);
    }

  return NULL;
}

static void
find_dateline (Analysis *a)
{
  int start = a->body_start >= 0 ? a->body_start : (int) a->lines->len;
  int from = a->title_line >= 0 ? a->title_line + 1 : MAX (0, start - HEADER_WINDOW);
  int to = MIN ((int) a->lines->len, start + 1);

  a->date_line = -1;

  if (a->title_line >= 0 && a->body_start >= 0 && a->title_line > a->body_start)
    to = MIN ((int) a->lines->len, a->title_line + 12);

  for (int pass = 0; pass < 2 && a->date_line < 0; pass++)
    {
      int lo = pass == 0 ? from : MAX (0, (a->title_line >= 0 ? a->title_line : start) - 6);
      int hi = pass == 0 ? to : (a->title_line >= 0 ? a->title_line : start);

      for (int i = lo; i < hi; i++)
        {
          BylineLine *line = LINE (a, i);
          int precision, ds, de;
          g_autoptr(GDateTime) dt = NULL;

          if (line_units (line) > 60 || is_content (line))
            continue;
          dt = byline_ingest_parse_date (line->text, a->zone, a->default_year, &precision, &ds, &de);
          if (dt == NULL)
            continue;

          a->date_line = i;
          a->used[i] = TRUE;
          set_published (a, dt, precision, line->text);
          note_line (a, "publish-time", i);

          /* "Dan Goodin - Apr 16, 2015 8:02 pm UTC" */
          if (a->english && a->data->author == NULL && ds > 0)
            {
              g_autofree char *before = g_strndup (line->text, ds);
              g_autofree char *joined = NULL;
              g_autofree char *author = NULL;

              g_strchomp (before);
              while (*before != '\0' && strchr ("-|,", before[strlen (before) - 1]) != NULL)
                {
                  before[strlen (before) - 1] = '\0';
                  g_strchomp (before);
                }
              joined = g_ascii_strncasecmp (before, "by ", 3) == 0 ? g_strdup (before)
                                                                  : g_strconcat ("By ", before, NULL);
              author = find_english_byline (joined);
              if (author != NULL && count_units (author) == count_units (before) -
                                    (g_ascii_strncasecmp (before, "by ", 3) == 0 ? 1 : 0))
                {
                  set_field (&a->data->author, author);
                  note_line (a, "author", i);
                }
            }

          if (a->data->source == NULL)
            {
              g_autofree char *source = find_labelled (line->text, source_labels, NULL);
              if (source == NULL && !a->english)
                source = unlabelled_source (line->text, ds, de);
              if (source != NULL)
                {
                  set_field (&a->data->source, source);
                  note_line (a, "source", i);
                }
            }
          break;
        }
    }
}

/* Labelled lines near the title: 来源, 作者, 记者; breadcrumbs above it. */
static void
scan_header (Analysis *a)
{
  int anchor = a->title_line >= 0 ? a->title_line : (a->date_line >= 0 ? a->date_line : a->body_start);
  int start = a->body_start >= 0 ? a->body_start : (int) a->lines->len;
  int hi;

  if (anchor < 0)
    anchor = 0;
  hi = MIN ((int) a->lines->len, MAX (start, anchor + 1) + 1);
  if (a->title_line > start)
    hi = MIN ((int) a->lines->len, a->title_line + 12);

  for (int i = MAX (0, anchor - 12); i < hi; i++)
    {
      BylineLine *line = LINE (a, i);
      g_autoptr(GPtrArray) crumbs = NULL;

      if (i >= start && i > anchor && is_content (line))
        break;

      if (i <= anchor + 1 && !line->hidden && is_breadcrumb (line->text, &crumbs))
        {
          /* the breadcrumb nearest the title wins */
          g_clear_pointer (&a->data->category_hint, g_free);
          set_field (&a->data->category_hint, g_ptr_array_index (crumbs, crumbs->len - 1));
          note_line (a, "category", i);
          a->used[i] = TRUE;
          continue;
        }
      if (i < anchor - 8)
        continue;
      if (i < anchor)
        {
          /* a byline may sit above a repeated headline */
          if (a->data->author == NULL && a->english)
            {
              g_autofree char *author = find_english_byline (line->text);
              if (author != NULL)
                {
                  set_field (&a->data->author, author);
                  note_line (a, "author", i);
                  a->used[i] = TRUE;
                }
            }
          continue;
        }

      if (a->data->source == NULL && !is_content (line))
        {
          g_autofree char *source = find_labelled (line->text, source_labels, NULL);
          if (source != NULL)
            {
              set_field (&a->data->source, source);
              note_line (a, "source", i);
              a->used[i] = TRUE;
            }
        }
      if (a->data->author == NULL && !is_content (line))
        {
          g_autofree char *author = NULL;
          static const char * const author_labels[] = { "作者", "撰文", NULL };

          author = find_labelled (line->text, author_labels, NULL);
          if (author == NULL)
            author = find_reporter (line->text, TRUE);
          if (author == NULL && a->english)
            author = find_english_byline (line->text);
          if (author == NULL && a->english && g_ascii_strcasecmp (line->text, "By") == 0 &&
              i + 1 < (int) a->lines->len)
            {
              g_autofree char *joined = g_strconcat ("By ", LINE (a, i + 1)->text, NULL);
              author = find_english_byline (joined);
            }
          if (author != NULL)
            {
              set_field (&a->data->author, author);
              note_line (a, "author", i);
              a->used[i] = TRUE;
            }
        }
    }
}

/* 原标题：… 来源：… */
static gboolean
read_original (Analysis   *a,
               const char *text)
{
  const char *t = skip_lead (text);
  const char *p;
  g_autofree char *title = NULL;
  const char *source_hit;

  if (g_str_has_prefix (t, "原标题"))
    p = t + strlen ("原标题");
  else if (g_str_has_prefix (t, "原题"))
    p = t + strlen ("原题");
  else
    return FALSE;

  p = skip_label_separator (p);
  source_hit = strstr (p, "来源");
  title = source_hit != NULL ? g_strndup (p, source_hit - p) : g_strdup (p);
  /* drop a closing bracket that wrapped the whole line */
  {
    gsize len = strlen (title);
    if (len >= 3 && (g_str_has_suffix (title, "\xEF\xBC\x89") || g_str_has_suffix (title, "\xE3\x80\x91")))
      title[len - 3] = '\0';
    else if (len >= 1 && (title[len - 1] == ')' || title[len - 1] == ']'))
      title[len - 1] = '\0';
  }
  g_strstrip (title);
  if (*title != '\0')
    set_field (&a->data->original_title, title);
  if (source_hit != NULL)
    {
      g_autofree char *source = read_value (source_hit + strlen ("来源"));
      set_field (&a->data->original_source, source);
    }

  return TRUE;
}

static char *
clean_editor (char *value)
{
  /* "荀建国_NN7379", "韩保林 PK155": the trailing code is the CMS user */
  char *p;

  if (value == NULL)
    return NULL;
  p = strchr (value, '_');
  if (p != NULL && p > value)
    *p = '\0';
  return value;
}

static void
scan_editor_and_credits (Analysis *a)
{
  int from = a->body_start >= 0 ? a->body_start : 0;
  int to = a->body_end >= 0 ? MIN ((int) a->lines->len, a->body_end + TRAILER_WINDOW) : (int) a->lines->len;

  for (int i = 0; i < (int) a->lines->len; i++)
    {
      BylineLine *line = LINE (a, i);
      gboolean near = (i >= from && i < to) || (a->title_line >= 0 && i >= a->title_line - 8 && i < to);

      if (!near)
        continue;

      if (a->data->editor == NULL && !is_content (line))
        {
          g_autofree char *editor = find_labelled (line->text, editor_labels, NULL);

          editor = clean_editor (editor);
          if (editor != NULL && count_units (editor) <= 12)
            {
              set_field (&a->data->editor, editor);
              note_line (a, "editor", i);
            }
        }
      if (line_is_meta (line) && read_original (a, line->text))
        {
          note_line (a, "original-title", i);
          if (a->data->original_source != NULL)
            note_line (a, "original-source", i);
          a->used[i] = TRUE;
        }
      if (i >= from && i < to && a->data->author == NULL && !is_content (line) &&
          (i > a->body_end || line_is_meta (line)))
        {
          static const char * const author_labels[] = { "作者", "撰文", NULL };
          g_autofree char *author = find_labelled (line->text, author_labels, NULL);

          if (author == NULL)
            author = find_reporter (line->text, TRUE);
          if (author != NULL)
            {
              set_field (&a->data->author, author);
              note_line (a, "author", i);
            }
        }
    }
}

/* Both already folded (every line and field is). */
static gboolean
same_text (const char *a,
           const char *b)
{
  return a != NULL && b != NULL && strcmp (a, b) == 0;
}

/* Plain text into Markdown: what would read as markup is escaped, so a
 * line "# 1" or "*注*" stays text. */
static void
append_markdown_text (GString    *out,
                      const char *text)
{
  const char *p = text;

  /* block markers at the start: "#", ">", "-", "+", "1." */
  if (strchr ("#>-+=", *p) != NULL && *p != '\0')
    g_string_append_c (out, '\\');
  else if (g_ascii_isdigit (*p))
    {
      const char *q = p;
      while (g_ascii_isdigit (*q))
        q++;
      if ((*q == '.' || *q == ')') && (q[1] == ' ' || q[1] == '\0'))
        {
          g_string_append_len (out, p, q - p);
          g_string_append_c (out, '\\');
          p = q;
        }
    }
  /* spans without markup characters are copied whole */
  while (*p != '\0')
    {
      gsize span = strcspn (p, "\\*_`[]<");

      g_string_append_len (out, p, span);
      p += span;
      if (*p == '\0')
        break;
      g_string_append_c (out, '\\');
      g_string_append_c (out, *p++);
    }
}

static void
append_paragraph (Analysis   *a,
                  BylineLine *line)
{
  if (a->data->body->len > 0)
    g_string_append (a->data->body, "\n\n");
  if (line->markdown != NULL)
    g_string_append (a->data->body, line->markdown);
  else
    append_markdown_text (a->data->body, line->text);
  g_ptr_array_add (a->data->paragraphs, g_strdup (line->text));
}

static void
append_heading (Analysis   *a,
                BylineLine *line)
{
  if (a->data->body->len > 0)
    g_string_append (a->data->body, "\n\n");
  g_string_append (a->data->body, "## ");
  append_markdown_text (a->data->body, line->text);
  g_ptr_array_add (a->data->headings, g_strdup (line->text));
}

static void
build_body (Analysis *a)
{
  int paragraphs = 0;
  gsize size = 0;

  if (a->body_start < 0)
    return;

  /* room for the whole body at once: a long text's grows to megabytes */
  for (int i = a->body_start; i <= a->body_end; i++)
    size += strlen (LINE (a, i)->text) + 8;
  if (a->data->body->len == 0 && size > a->data->body->allocated_len)
    {
      g_string_free (a->data->body, TRUE);
      a->data->body = g_string_sized_new (size + size / 8);
    }

  for (int i = a->body_start; i <= a->body_end; i++)
    {
      BylineLine *line = LINE (a, i);

      if (line->hidden || a->used[i])
        continue;
      if (line->image != NULL)
        {
          if (a->data->body->len > 0)
            g_string_append (a->data->body, "\n\n");
          g_string_append_printf (a->data->body, "![](%s)", line->image);
          g_ptr_array_add (a->data->images, g_strdup (line->image));
          a->used[i] = TRUE;
          continue;
        }
      if (line_is_meta (line) || line_is_widget (line) || same_text (line->text, a->data->title) ||
          (line_is_stop (line) && line->chars < 80) || link_ratio (line) > 0.6)
        continue;
      if (line->dated && line_units (line) <= 8)
        continue;

      a->used[i] = TRUE;
      if ((line->heading >= 2 && line->heading <= 7 && !is_content (line)) ||
          /* an h2 holding a whole sentence is a lead paragraph, not a heading */
          (line->heading >= 2 && line->heading <= 6 && (line_units (line) <= 20 || !line_ends_closed (line)) &&
           line_units (line) <= 40) ||
          (line->heading == 7 && is_heading_like (line, a->english)) ||
          (is_heading_like (line, a->english) && !(a->page->is_html && (line->is_li || line->is_p))))
        append_heading (a, line);
      else
        {
          append_paragraph (a, line);
          paragraphs++;
        }
    }

  if (paragraphs > 0)
    byline_ingest_data_note (a->data, "body", _("from the article’s text, with the page chrome removed"));
}

/* Authors in the first or last paragraph: （记者唐霁）, （评论员 罗博 萧海川）. */
static void
scan_body_credits (Analysis *a)
{
  GPtrArray *p = a->data->paragraphs;

  if (a->data->author != NULL || p->len == 0)
    return;

  for (guint k = 0; k < MIN (p->len, 2u) && a->data->author == NULL; k++)
    {
      const char *text = g_ptr_array_index (p, k == 0 ? 0 : p->len - 1);
      g_autofree char *author = find_reporter (text, FALSE);

      if (author != NULL)
        {
          set_field (&a->data->author, author);
          if (k == 0)
            byline_ingest_data_note (a->data, "author", "%s", _("from the credit in the article’s first paragraph"));
          else
            byline_ingest_data_note (a->data, "author", "%s", _("from the credit in the article’s last paragraph"));
        }
    }
}

/* Whether @name is the site's rather than a person's: part of a longer
 * segment of the <title> ("网易" in "…_网易新闻"), or the site name. */
static gboolean
is_site_name (Analysis   *a,
              const char *name)
{
  g_auto(GStrv) segments = NULL;

  if (a->page->meta_site != NULL && strstr (a->page->meta_site, name) != NULL)
    return TRUE;
  if (a->page->doc_title == NULL)
    return FALSE;

  segments = g_strsplit_set (a->page->doc_title, "_|-\xE2\x80\x94", -1);
  for (guint i = 1; segments[i] != NULL; i++)
    {
      g_strstrip (segments[i]);
      if (strstr (segments[i], name) != NULL && !g_str_equal (segments[i], name))
        return TRUE;
    }

  return FALSE;
}

/* "First published February 1, 2016: 1:28 AM ET", "首发时间": the first
 * publication outranks an update time shown by the byline. */
static void
find_first_published (Analysis *a)
{
  static const char * const labels[] = { "First published", "Originally published", "首发时间", "首发于", NULL };

  for (guint i = 0; i < a->lines->len; i++)
    {
      BylineLine *line = LINE (a, i);
      int precision;
      g_autoptr(GDateTime) dt = NULL;

      if (line_units (line) > 30 || !contains_any (line->text, labels))
        continue;
      dt = byline_ingest_parse_date (line->text, a->zone, a->default_year, &precision, NULL, NULL);
      if (dt == NULL)
        continue;
      set_published (a, dt, precision, line->text);
      note_line (a, "publish-time", i);
      a->used[i] = TRUE;

      /* "CNNMoney (New York) First published …": the outlet before it */
      if (a->data->source == NULL)
        {
          g_autofree char *before = NULL;
          const char *label = NULL;
          char *paren;

          for (guint k = 0; labels[k] != NULL && label == NULL; k++)
            label = strstr (line->text, labels[k]);
          before = g_strndup (line->text, label - line->text);
          if ((paren = strpbrk (before, "(\xEF")) != NULL)
            *paren = '\0';
          g_strstrip (before);
          if (count_units (before) >= 1 && count_units (before) <= 4)
            {
              set_field (&a->data->source, before);
              note_line (a, "source", i);
            }
        }
      return;
    }
}

/* "© 1996-2015 The Washington Post", "Copyright © 2019 The Seattle Times |
 * Privacy": the outlet's own name for itself. */
static char *
find_copyright_holder (Analysis *a)
{
  for (int i = (int) a->lines->len - 1; i >= 0; i--)
    {
      const char *t = LINE (a, i)->text;
      const char *p = strstr (t, "\xC2\xA9");
      g_autofree char *holder = NULL;
      char *end;

      if (p == NULL || line_units (LINE (a, i)) > 40)
        continue;
      p += 2;
      while (*p == ' ' || g_ascii_isdigit (*p) || *p == '-' || *p == ',')
        p++;
      holder = g_strdup (p);
      for (end = holder; *end != '\0' && strchr ("|.,;(", *end) == NULL; end++)
        ;
      *end = '\0';
      g_strstrip (holder);
      {
        static const char * const suffixes[] = {
          " Company", " Inc", " LLC", " Ltd", " Limited", " All rights reserved", " All Rights Reserved", NULL
        };
        for (guint k = 0; suffixes[k] != NULL; k++)
          if (g_str_has_suffix (holder, suffixes[k]))
            holder[strlen (holder) - strlen (suffixes[k])] = '\0';
        g_strstrip (holder);
      }
      if (count_units (holder) >= 1 && count_units (holder) <= 6 && g_ascii_isupper (holder[0]))
        {
          /* "© 2019 BBC" beside a masthead line "BBC News": the masthead */
          int top = a->title_line >= 0 ? a->title_line : MIN ((int) a->lines->len, 100);
          gsize len = strlen (holder);

          for (int k = 0; k < top; k++)
            {
              const char *line = LINE (a, k)->text;
              if (strncmp (line, holder, len) == 0 && line[len] == ' ' && count_units (line) <= 3 &&
                  g_ascii_isupper (line[len + 1]))
                return g_strdup (line);
            }
          return g_steal_pointer (&holder);
        }
    }

  return NULL;
}

/* A site's logo link, copied as its text: "The Guardian - Back to home".
 * Only near the top of a page, and only as the last word on the outlet. */
static char *
find_home_link_name (Analysis *a)
{
  static const char * const separators[] = { " - ", " \xE2\x80\x93 ", " | ", NULL };

  for (guint i = 0; i < MIN (a->lines->len, 15); i++)
    {
      const char *t = LINE (a, i)->text;

      for (guint k = 0; separators[k] != NULL; k++)
        {
          const char *sep = strstr (t, separators[k]);
          g_autofree char *rest = NULL;
          g_autofree char *name = NULL;

          if (sep == NULL)
            continue;
          rest = g_ascii_strdown (sep + strlen (separators[k]), -1);
          g_strstrip (rest);
          if (!g_str_equal (rest, "back to home") && !g_str_equal (rest, "back to homepage") &&
              !g_str_equal (rest, "home"))
            continue;
          name = g_strstrip (g_strndup (t, sep - t));
          if (count_units (name) >= 1 && count_units (name) <= 5 && g_ascii_isupper (name[0]))
            return g_steal_pointer (&name);
        }
    }

  return NULL;
}

static void
apply_meta (Analysis *a)
{
  BylinePage *page = a->page;

  /* A meta time agreeing with the visible one to the minute, only more
   * precise, wins; a different one loses to what the reader sees. */
  if (page->meta_published != NULL)
    {
      int precision, ds, de;
      g_autoptr(GDateTime) dt = byline_ingest_parse_date (page->meta_published, a->zone, 0, &precision,
                                                          &ds, &de);
      if (dt != NULL && a->data->published == NULL)
        {
          set_published (a, dt, precision, NULL);
          byline_ingest_data_note (a->data, "publish-time", _("from the page’s metadata"));
        }
      else if (dt != NULL && precision > a->date_precision)
        {
          GTimeSpan diff = g_date_time_difference (dt, a->data->published);
          GTimeSpan limit = a->date_precision == 0 ? G_TIME_SPAN_DAY : G_TIME_SPAN_MINUTE;

          if (diff >= 0 && diff < limit)
            {
              g_autoptr(GDateTime) local = g_date_time_to_timezone (dt, g_date_time_get_timezone (a->data->published));
              set_published (a, local != NULL ? local : dt, precision, NULL);
            }
        }
    }

  /* More precise visible times elsewhere near the title */
  if (a->data->published != NULL && a->date_precision < 2 && a->title_line >= 0)
    {
      for (int i = MAX (0, a->title_line - 3); i < MIN ((int) a->lines->len, a->title_line + 10); i++)
        {
          int precision;
          g_autoptr(GDateTime) dt = byline_ingest_parse_date (LINE (a, i)->text, a->zone, a->default_year,
                                                              &precision, NULL, NULL);
          if (dt != NULL && precision > a->date_precision)
            {
              GTimeSpan diff = g_date_time_difference (dt, a->data->published);
              GTimeSpan limit = a->date_precision == 0 ? G_TIME_SPAN_DAY : G_TIME_SPAN_MINUTE;
              if (diff >= 0 && diff < limit)
                set_published (a, dt, precision, NULL);
            }
        }
    }

  if (a->data->author != NULL && page->meta_author != NULL &&
      g_ascii_strcasecmp (a->data->author, page->meta_author) == 0)
    {
      g_free (a->data->author);
      a->data->author = g_strdup (page->meta_author);
    }
  if (a->data->author == NULL && page->meta_author != NULL && !same_text (page->meta_author, a->data->editor) &&
      !same_text (page->meta_author, page->meta_site) && !same_text (page->meta_author, a->data->source) &&
      !is_site_name (a, page->meta_author) &&
      !g_str_has_prefix (page->meta_author, "http"))
    {
      set_field (&a->data->author, page->meta_author);
      byline_ingest_data_note (a->data, "author", _("from the page’s metadata"));
    }

  if (a->data->source == NULL && a->english)
    {
      g_autofree char *holder = find_copyright_holder (a);
      g_autofree char *site = g_strdup (page->meta_site);

      /* "the Guardian" is written so in a sentence, not as a name */
      if (site != NULL && g_ascii_islower (site[0]) && count_units (site) > 1)
        site[0] = g_ascii_toupper (site[0]);
      /* the copyright holder spells the site name in full: "The Washington Post" */
      if (holder != NULL && (site == NULL || strstr (holder, site) != NULL))
        {
          set_field (&a->data->source, holder);
          byline_ingest_data_note (a->data, "source", _("from the page’s copyright line"));
        }
      else if (site != NULL)
        {
          set_field (&a->data->source, site);
          byline_ingest_data_note (a->data, "source", _("from the page’s site name"));
        }
    }
  if (a->data->source == NULL && page->meta_site != NULL)
    {
      set_field (&a->data->source, page->meta_site);
      byline_ingest_data_note (a->data, "source", _("from the page’s site name"));
    }
  if (a->data->source == NULL && a->english)
    {
      g_autofree char *name = find_home_link_name (a);

      if (name != NULL)
        {
          set_field (&a->data->source, name);
          byline_ingest_data_note (a->data, "source", _("from the site’s logo link"));
        }
    }

  if (a->data->category_hint == NULL && page->crumbs != NULL && page->crumbs->len > 0)
    {
      set_field (&a->data->category_hint, g_ptr_array_index (page->crumbs, page->crumbs->len - 1));
      byline_ingest_data_note (a->data, "category", _("from the page’s breadcrumb"));
    }
  /* article:section, when it is a name and not a path or an id */
  if (a->data->category_hint == NULL && page->meta_section != NULL &&
      strchr (page->meta_section, '/') == NULL && count_units (page->meta_section) <= 4 &&
      strlen (page->meta_section) <= 40)
    {
      set_field (&a->data->category_hint, page->meta_section);
      byline_ingest_data_note (a->data, "category", _("from the page’s section"));
    }
}

static void
collect_removed (Analysis *a)
{
  guint total = 0;

  for (guint i = 0; i < a->lines->len; i++)
    {
      BylineLine *line = LINE (a, i);

      if (a->used[i] && (int) i >= a->body_start && (int) i <= a->body_end)
        continue;
      if (line->hidden || line->text[0] == '\0' || (int) i == a->title_line)
        continue;
      if (total < MAX_REMOVED)
        g_ptr_array_add (a->data->removed, g_strdup (line->text));
      total++;
    }

  if (total > MAX_REMOVED)
    g_ptr_array_add (a->data->removed,
                     g_strdup_printf (ngettext ("… and %u more line", "… and %u more lines",
                                                total - MAX_REMOVED),
                                      total - MAX_REMOVED));
}

static gboolean
page_is_chinese (BylinePage *page)
{
  int cjk = 0, units = 0;

  for (guint i = 0; i < page->lines->len && units < 20000; i++)
    {
      BylineLine *line = g_ptr_array_index (page->lines, i);
      cjk += count_cjk (line->text);
      units += line_units (line);
    }

  return cjk * 5 > units;
}

/**
 * byline_ingest_analyze:
 * @page: a source split into lines
 * @data: where the fields go
 *
 * Finds the body, then the title, time, source, author, editor, original
 * title and category around it.
 */
void
byline_ingest_analyze (BylinePage       *page,
                       BylineIngestData *data)
{
  Analysis a = { 0 };

  a.page = page;
  a.data = data;
  a.lines = page->lines;
  a.english = !page_is_chinese (page);
  a.zone = a.english ? g_time_zone_new_utc () : byline_ingest_china_zone ();
  a.used = g_new0 (gboolean, page->lines->len + 1);
  a.date_line = -1;
  a.title_line = -1;
  a.default_year = a.english ? guess_year (&a) : 0;

  find_body (&a);
  if (g_getenv ("BYLINE_INGEST_DEBUG") != NULL)
    for (guint i = 0; i < page->lines->len; i++)
      {
        BylineLine *line = LINE (&a, i);
        g_printerr ("%4u %c%c%c h%d c%d l%d %s%s\n", i,
                    (int) i >= a.body_start && (int) i <= a.body_end ? 'B' : ' ',
                    is_content (line) ? 'C' : ' ', line->hidden ? 'H' : ' ', line->heading,
                    line->container, line->link_chars, line->image ? "IMG " : "", line->text);
      }
  find_title (&a);
  find_dateline (&a);
  if (a.title_line < 0 && a.date_line >= 0)
    find_title (&a);
  scan_header (&a);
  scan_editor_and_credits (&a);
  build_body (&a);
  scan_body_credits (&a);
  find_first_published (&a);
  apply_meta (&a);
  collect_removed (&a);

  if (data->editor != NULL && same_text (data->editor, data->author))
    g_clear_pointer (&data->author, g_free);

  g_time_zone_unref (a.zone);
  g_free (a.used);
}
