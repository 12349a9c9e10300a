/* test-word-count.c: 字数
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "byline.h"

static void
test_word_count (void)
{
  static const struct {
    const char *text;
    gsize count;
  } cases[] = {
    { "", 0 },
    { "商会党建", 4 },
    { "商会党建。", 5 },
    { "GTK 4 窗口", 4 },
    { "Hello, world!", 2 },
    { "## 党建引领基层治理\n\n党建工作", 12 },
    { "2021年4月23日", 6 },
    { "don't stop", 2 },
    { "“网格+商会+支部”", 8 },
    { "\xff\xfe 中", 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *escaped = g_strescape (cases[i].text, NULL);

      g_test_message ("%s", escaped);
      g_assert_cmpuint (byline_count_words (cases[i].text, -1), ==, cases[i].count);
    }

  g_assert_cmpuint (byline_count_words ("商会党建", 6), ==, 2);
  g_assert_cmpuint (byline_count_words (NULL, -1), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/byline/word-count", test_word_count);
  return g_test_run ();
}
