/* byline-word-count.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "byline-word-count.h"

/* Characters a Chinese editor counts one by one: ideographs, kana, hangul
 * and the full-width punctuation that goes with them (as WPS and Word count
 * 字数). */
static gboolean
is_counted_alone (gunichar ch)
{
  switch (g_unichar_get_script (ch))
    {
    case G_UNICODE_SCRIPT_HAN:
    case G_UNICODE_SCRIPT_HIRAGANA:
    case G_UNICODE_SCRIPT_KATAKANA:
    case G_UNICODE_SCRIPT_HANGUL:
    case G_UNICODE_SCRIPT_BOPOMOFO:
      return TRUE;
    default:
      break;
    }

  return (ch >= 0x3000 && ch <= 0x303F) ||  /* CJK symbols and punctuation */
         (ch >= 0xFF01 && ch <= 0xFF0F) ||  /* full-width ！＂＃…／ */
         (ch >= 0xFF1A && ch <= 0xFF20) ||  /* ：；＜＝＞？＠ */
         (ch >= 0xFF3B && ch <= 0xFF40) ||
         (ch >= 0xFF5B && ch <= 0xFF65) ||
         ch == 0x2014 || ch == 0x2026 ||     /* —— and …… */
         ch == 0x201C || ch == 0x201D ||     /* “ ” */
         ch == 0x2018 || ch == 0x2019;       /* ‘ ’ */
}

/* Whether a word goes on after @ch: the count's only state, so that what
 * a character adds depends on the character before it and nothing older. */
static gboolean
is_inside_word (gunichar ch)
{
  return !is_counted_alone (ch) && (g_unichar_isalnum (ch) || ch == '\'');
}

static gsize
count_from (gboolean    in_word,
            const char *text,
            gssize      length)
{
  const char *p, *end;
  gsize count = 0;

  if (text == NULL)
    return 0;

  end = length < 0 ? text + strlen (text) : text + length;
  for (p = text; p < end && *p; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char_validated (p, end - p);

      if (ch == (gunichar) -1 || ch == (gunichar) -2)
        {
          in_word = FALSE;
          continue;
        }

      if (is_counted_alone (ch))
        {
          count++;
          in_word = FALSE;
        }
      else if (g_unichar_isalnum (ch) || ch == '\'')
        {
          if (!in_word && ch != '\'')
            count++;
          in_word = TRUE;
        }
      else
        in_word = FALSE;
    }

  return count;
}

/**
 * byline_count_words:
 * @text: UTF-8 text
 * @length: its length in bytes, or -1 when nul-terminated
 *
 * Counts 字数 the way Chinese editors do: every CJK character and CJK
 * punctuation mark counts one, and so does every run of Latin letters or
 * digits ("GTK4" is one word, "2021" is one). Markdown markup and other
 * symbols count nothing.
 *
 * Returns: the count
 */
gsize
byline_count_words (const char *text,
                    gssize      length)
{
  return count_from (FALSE, text, length);
}

/**
 * byline_count_words_after:
 * @previous: the character just before @text, or 0 at the start
 * @text: UTF-8 text
 * @length: its length in bytes, or -1 when nul-terminated
 *
 * What @text adds to byline_count_words() of a longer text in which it
 * follows @previous. Whatever a character adds depends only on the one
 * before it, so the count of "AB" is the count of "A" plus the count of
 * "B" after the last character of "A": an editor keeps a running count by
 * recounting only the characters an edit touched and the one after them.
 *
 * Returns: the count
 */
gsize
byline_count_words_after (gunichar    previous,
                          const char *text,
                          gssize      length)
{
  return count_from (previous != 0 && is_inside_word (previous), text, length);
}
