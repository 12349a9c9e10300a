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
  const char *p, *end;
  gboolean in_word = FALSE;
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
