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

/* Pieces that make and break words when put side by side. */
static const char * const pieces[] = {
  "商", "会", "。", "“", "”", "a", "b", "Z", "7", "'", " ", "\n", "\r", "\r\n", "#", "-",
  "é", "ア", "한", "\u2029", "GTK", "don't", "，",
};

static char *
make_random_text (GRand *rand,
                  guint  n_pieces)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n_pieces; i++)
    g_string_append (text, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
  return g_string_free (text, FALSE);
}

/* The running count in the window rests on this: the count of a text is
 * the count of its head plus that of its tail after the head's last
 * character, wherever it is cut. */
static void
test_word_count_after (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261127);

  g_assert_cmpuint (byline_count_words_after (0, "GTK", -1), ==, 1);
  g_assert_cmpuint (byline_count_words_after ('K', "4", -1), ==, 0);
  g_assert_cmpuint (byline_count_words_after (' ', "4", -1), ==, 1);
  g_assert_cmpuint (byline_count_words_after (0x5546 /* 商 */, "a", -1), ==, 1);
  g_assert_cmpuint (byline_count_words_after ('\'', "s", -1), ==, 0);
  g_assert_cmpuint (byline_count_words_after ('a', "商", -1), ==, 1);

  for (guint round = 0; round < 2000; round++)
    {
      g_autofree char *text = make_random_text (rand, g_rand_int_range (rand, 0, 40));
      glong n_chars = g_utf8_strlen (text, -1);
      glong cut = n_chars > 0 ? g_rand_int_range (rand, 0, n_chars + 1) : 0;
      const char *middle = g_utf8_offset_to_pointer (text, cut);
      gunichar previous = cut > 0 ? g_utf8_get_char (g_utf8_prev_char (middle)) : 0;

      g_assert_cmpuint (byline_count_words (text, -1), ==,
                        byline_count_words (text, middle - text) +
                        byline_count_words_after (previous, middle, -1));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/byline/word-count", test_word_count);
  g_test_add_func ("/byline/word-count/after", test_word_count_after);
  return g_test_run ();
}
