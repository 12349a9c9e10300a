/* test-markdown.c: the body's Markdown highlighting, ui/byline-markdown.lang
 *
 * What is highlighted and what is not, and that a body of long lines is
 * highlighted without holding the main loop: GtkSourceView matches each
 * rule along a whole line, and a rule that may run on to the line's end
 * from every opening mark takes time in the square of the line's length
 * (GtkSourceView's own markdown.lang held a 1 MiB line of "*a " for over
 * 20 s). GtkSourceView gives up on a line after 2 s with a warning, which
 * G_DEBUG=fatal-warnings makes fatal here; a rule that never returns fails
 * by the test's timeout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gtksourceview/gtksource.h>

#include "byline.h"
#include "byline-article-form.h"

typedef enum
{
  PLAIN,
  COLOURED,
  BOLD,
  ITALIC,
} Look;

static GtkSourceBuffer *
highlighted_buffer (const char *text)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  GtkSourceBuffer *buffer =
    gtk_source_buffer_new_with_language (byline_article_form_get_markdown_language ());
  GtkTextIter start, end;

  gtk_source_buffer_set_style_scheme (buffer,
                                      gtk_source_style_scheme_manager_get_scheme (schemes,
                                                                                  "Adwaita"));
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer), text, -1);
  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (buffer), &start, &end);
  gtk_source_buffer_ensure_highlight (buffer, &start, &end);
  return buffer;
}

/* How the text at the first place @needle occurs at or after @from_line
 * looks: whether any tag there colours it, makes it bold or italic. */
static Look
look_at (GtkSourceBuffer *buffer,
         int              from_line,
         const char      *needle)
{
  GtkTextIter from, at;
  g_autoptr(GSList) tags = NULL;
  Look look = PLAIN;

  gtk_text_buffer_get_iter_at_line (GTK_TEXT_BUFFER (buffer), &from, from_line);
  if (!gtk_text_iter_forward_search (&from, needle, 0, &at, NULL, NULL))
    g_error ("“%s” is not in the buffer after line %d", needle, from_line);

  tags = gtk_text_iter_get_tags (&at);
  for (GSList *l = tags; l != NULL; l = l->next)
    {
      gboolean foreground_set, weight_set, style_set;
      int weight;
      PangoStyle style;

      g_object_get (l->data, "foreground-set", &foreground_set, "weight-set", &weight_set,
                    "weight", &weight, "style-set", &style_set, "style", &style, NULL);
      if (weight_set && weight >= PANGO_WEIGHT_BOLD)
        look = MAX (look, BOLD);
      if (style_set && style == PANGO_STYLE_ITALIC)
        look = MAX (look, ITALIC);
      if (foreground_set)
        look = MAX (look, COLOURED);
    }

  return look;
}

static void
test_constructs (void)
{
  static const char text[] =
    "# 高温天气持续\n"                                 /* 0 */
    "\n"
    "**来源：** 新华社 *记者* 张三 _编辑_ 李四\n"          /* 2 */
    "\n"
    "详见[通知原文](https://example.com/n \"通知\")与 <https://example.com/a>。\n" /* 4 */
    "\n"
    "> 专家提醒：减少户外活动。\n"                       /* 6 */
    "\n"
    "- 第一条：注意 `防暑` 降温 \\* 不是强调\n"            /* 8 */
    "1. 编号\n"                                         /* 9 */
    "\n"
    "```\n"                                             /* 11 */
    "代码块里的 *星号*\n"                                /* 12 */
    "```\n"
    "<!-- 编者注 -->\n"                                 /* 14 */
    "<b>粗体标签</b> a * b 与 snake_case_name 都不是强调。\n"; /* 15 */
  g_autoptr(GtkSourceBuffer) buffer = highlighted_buffer (text);

  g_assert_cmpint (look_at (buffer, 0, "高温"), ==, BOLD);
  g_assert_cmpint (look_at (buffer, 2, "来源"), ==, BOLD);
  g_assert_cmpint (look_at (buffer, 2, "记者"), ==, ITALIC);
  g_assert_cmpint (look_at (buffer, 2, "编辑"), ==, ITALIC);
  g_assert_cmpint (look_at (buffer, 2, "新华社"), ==, PLAIN);
  g_assert_cmpint (look_at (buffer, 4, "通知原文"), !=, PLAIN);
  g_assert_cmpint (look_at (buffer, 4, "https://example.com/n"), !=, PLAIN);
  g_assert_cmpint (look_at (buffer, 4, "https://example.com/a"), !=, PLAIN);
  g_assert_cmpint (look_at (buffer, 4, "详见"), ==, PLAIN);
  g_assert_cmpint (look_at (buffer, 6, ">"), !=, PLAIN);
  g_assert_cmpint (look_at (buffer, 8, "-"), !=, PLAIN);
  g_assert_cmpint (look_at (buffer, 8, "防暑"), !=, PLAIN);
  g_assert_cmpint (look_at (buffer, 8, "\\*"), !=, PLAIN);
  g_assert_cmpint (look_at (buffer, 8, "不是强调"), ==, PLAIN);
  g_assert_cmpint (look_at (buffer, 9, "1."), !=, PLAIN);
  g_assert_cmpint (look_at (buffer, 12, "星号"), !=, PLAIN);
  g_assert_cmpint (look_at (buffer, 12, "星号"), !=, ITALIC);
  g_assert_cmpint (look_at (buffer, 14, "编者注"), !=, PLAIN);
  g_assert_cmpint (look_at (buffer, 15, "<b>"), ==, PLAIN);
  g_assert_cmpint (look_at (buffer, 15, "a * b"), ==, PLAIN);
  g_assert_cmpint (look_at (buffer, 15, "case"), ==, PLAIN);
}

static char *
repeat (const char *unit,
        gsize       size)
{
  GString *text = g_string_sized_new (size + 64);

  while (text->len < size)
    g_string_append (text, unit);
  return g_string_free (text, FALSE);
}

/* Lines of 1 MiB made of marks that open a span and never close one.
 * (Backticks are not among them: any two pair up into a code span, and a
 * line of a million spans is GtkSourceView's own 2 s limit, whatever the
 * rule.) */
static void
test_long_lines (void)
{
  static const char * const units[] = {
    "*a ", "_a_b ", "**a ", "__a ", "[a](", "[a](b", "<http:a",
  };

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      g_autofree char *line = repeat (units[i], 1 << 20);
      g_autofree char *text = g_strconcat (line, "\n*强调*\n", NULL);
      g_autoptr(GtkSourceBuffer) buffer = NULL;

      g_test_message ("a line of “%s”", units[i]);
      buffer = highlighted_buffer (text);
      /* Still highlighting after the long line. */
      g_assert_cmpint (look_at (buffer, 1, "强调"), ==, ITALIC);
    }
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/byline/markdown/constructs", test_constructs);
  g_test_add_func ("/byline/markdown/long-lines", test_long_lines);
  return g_test_run ();
}
