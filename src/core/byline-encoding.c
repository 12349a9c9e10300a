/* byline-encoding.c: turn the bytes of a dropped file or page into UTF-8
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <uchardet.h>

#include "byline-encoding.h"

/**
 * byline_encoding_is_binary:
 * @data: the bytes
 * @length: their number
 *
 * Tells whether the bytes are not text at all (an image, a zip, an
 * executable).  A NUL byte is the sign, except in UTF-16 text, which is
 * only recognised with its byte order mark.
 *
 * Returns: %TRUE for binary data
 */
gboolean
byline_encoding_is_binary (const guint8 *data,
                           gsize         length)
{
  gsize check = MIN (length, (gsize) 64 * 1024);
  guint controls = 0;

  if (length >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) ||
                      (data[0] == 0xFE && data[1] == 0xFF)))
    return FALSE;

  if (memchr (data, 0, length) != NULL)
    return TRUE;

  /* Formats with no NUL in their first bytes still carry many C0 control
   * characters that text never has. */
  for (gsize i = 0; i < check; i++)
    if (data[i] < 0x20 && data[i] != '\n' && data[i] != '\r' && data[i] != '\t' &&
        data[i] != '\f' && data[i] != 0x1B)
      controls++;

  return check > 0 && controls * 100 > check;
}

/**
 * byline_encoding_normalize_name:
 * @name: a charset name as a page or uchardet spells it
 *
 * Maps a charset name to the one iconv should decode with.  GB2312 and GBK
 * pages very often hold characters outside their declared set, and
 * GB18030 is a superset of both, so all three decode as GB18030; Big5
 * likewise as Big5-HKSCS would be wrong for Taiwanese text, so it stays.
 *
 * Returns: (transfer full): the name to use, upper case
 */
char *
byline_encoding_normalize_name (const char *name)
{
  g_autofree char *up = NULL;

  if (name == NULL || *name == '\0')
    return NULL;

  up = g_ascii_strup (name, -1);
  g_strstrip (up);

  if (g_str_equal (up, "GB2312") || g_str_equal (up, "GBK") || g_str_equal (up, "CP936") ||
      g_str_equal (up, "X-GBK") || g_str_equal (up, "GB_2312-80") || g_str_equal (up, "EUC-CN") ||
      g_str_equal (up, "HZ-GB-2312") || g_str_equal (up, "GB18030"))
    return g_strdup ("GB18030");
  if (g_str_equal (up, "UTF8") || g_str_equal (up, "UTF-8") || g_str_equal (up, "ASCII") ||
      g_str_equal (up, "US-ASCII"))
    return g_strdup ("UTF-8");
  if (g_str_equal (up, "BIG5") || g_str_equal (up, "BIG-5") || g_str_equal (up, "CP950"))
    return g_strdup ("BIG5");
  if (g_str_equal (up, "ISO-8859-1") || g_str_equal (up, "LATIN1"))
    return g_strdup ("WINDOWS-1252");

  return g_steal_pointer (&up);
}

static gboolean
is_name_char (guint8 c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_' || c == ':' || c == '.';
}

/**
 * byline_encoding_sniff_html:
 * @data: the bytes of a page
 * @length: their number
 *
 * Finds the charset a page declares in a `<meta>` tag, the way a browser's
 * prescan does: only within the first 16 KiB, looking at `charset`
 * attributes and `content="…; charset=…"` values of meta elements.
 *
 * Returns: (transfer full) (nullable): the declared name, as written
 */
char *
byline_encoding_sniff_html (const guint8 *data,
                            gsize         length)
{
  gsize end = MIN (length, (gsize) 16 * 1024);

  for (gsize i = 0; i + 5 < end; i++)
    {
      gsize tag_end;

      if (data[i] != '<' || g_ascii_strncasecmp ((const char *) data + i + 1, "meta", 4) != 0)
        continue;

      for (tag_end = i + 5; tag_end < end && data[tag_end] != '>'; tag_end++)
        ;

      for (gsize j = i + 5; j + 7 < tag_end; j++)
        {
          gsize k;
          gsize start;

          if (g_ascii_strncasecmp ((const char *) data + j, "charset", 7) != 0)
            continue;

          k = j + 7;
          while (k < tag_end && (data[k] == ' ' || data[k] == '\t'))
            k++;
          if (k >= tag_end || data[k] != '=')
            continue;
          k++;
          while (k < tag_end && (data[k] == ' ' || data[k] == '"' || data[k] == '\''))
            k++;
          start = k;
          while (k < tag_end && is_name_char (data[k]))
            k++;
          if (k > start)
            return g_strndup ((const char *) data + start, k - start);
        }

      i = tag_end;
    }

  return NULL;
}

/* Decodes with iconv, replacing every sequence it cannot read with U+FFFD
 * so that a damaged file still opens.  Returns NULL when iconv does not know
 * @charset; *errors counts the replacements. */
static char *
convert_lossy (const guint8 *data,
               gsize         length,
               const char   *charset,
               gsize        *errors)
{
  GIConv cd;
  GString *out;
  char *in = (char *) data;
  gsize in_left = length;
  char buffer[8192];

  *errors = 0;
  cd = g_iconv_open ("UTF-8", charset);
  if (cd == (GIConv) -1)
    return NULL;

  out = g_string_sized_new (length + length / 2 + 16);
  while (in_left > 0)
    {
      char *outp = buffer;
      gsize out_left = sizeof buffer;
      gsize r = g_iconv (cd, &in, &in_left, &outp, &out_left);

      g_string_append_len (out, buffer, outp - buffer);
      if (r == (gsize) -1)
        {
          if (errno == E2BIG)
            continue;
          /* EILSEQ, or EINVAL for a sequence cut at the end */
          g_string_append (out, "\xEF\xBF\xBD");
          (*errors)++;
          in++;
          in_left--;
          g_iconv (cd, NULL, NULL, NULL, NULL);
        }
    }
  g_iconv_close (cd);

  return g_string_free (out, FALSE);
}

/* For a well-formed three-byte sequence in the low bytes of @word (lead
 * first): whether it is an overlong form (E0 80–9F) or a surrogate
 * (ED A0–BF).  Bit 13 is bit 5 of the second byte.  Only the lead bytes
 * E0 and ED need a look at the second byte, and CJK text has neither, so
 * the common case is one subtraction and one compare. */
static inline gboolean
is_bad_three_byte (guint64 word)
{
  guint lead = word & 0x0F;
  gboolean high = (word & 0x2000) != 0;

  if (G_LIKELY (lead - 1 < 12))
    return FALSE;

  return (lead == 0x0 && !high) || (lead == 0xD && high);
}

/* As g_utf8_validate_len(), several times faster on CJK text, which is
 * what ingest mostly reads: ASCII runs are skipped eight bytes at a time. */
static gboolean
is_valid_utf8 (const guint8 *s,
               gsize         n)
{
  gsize i = 0;

  while (i < n)
    {
      guint8 c = s[i];

      if (c < 0x80)
        {
          guint64 word;

          if (c == 0)
            return FALSE;
          while (i + 8 <= n)
            {
              memcpy (&word, s + i, 8);
              if ((word & G_GUINT64_CONSTANT (0x8080808080808080)) != 0 ||
                  ((word - G_GUINT64_CONSTANT (0x0101010101010101)) & ~word &
                   G_GUINT64_CONSTANT (0x8080808080808080)) != 0)
                break;
              i += 8;
            }
          if (i < n && s[i] < 0x80)
            {
              if (s[i] == 0)
                return FALSE;
              i++;
            }
          continue;
        }
      if (c >= 0xC2 && c <= 0xDF)
        {
          if (i + 1 >= n || (s[i + 1] & 0xC0) != 0x80)
            return FALSE;
          i += 2;
        }
      else if (c >= 0xE0 && c <= 0xEF)
        {
          /* Chinese text is long runs of three-byte characters: a run is
           * checked two characters (then one) at a time, each lead byte
           * 1110xxxx and its two continuation bytes 10xxxxxx in one
           * masked compare, then the E0 and ED special cases. */
          while (i + 8 <= n)
            {
              guint64 pair;

              /* two characters at once */
              memcpy (&pair, s + i, 8);
              pair = GUINT64_FROM_LE (pair);
              if ((pair & G_GUINT64_CONSTANT (0xC0C0F0C0C0F0)) != G_GUINT64_CONSTANT (0x8080E08080E0))
                break;
              if (is_bad_three_byte (pair) || is_bad_three_byte (pair >> 24))
                return FALSE;
              i += 6;
            }
          while (i + 4 <= n)
            {
              guint32 word;

              memcpy (&word, s + i, 4);
              word = GUINT32_FROM_LE (word);
              if ((word & 0xC0C0F0) != 0x8080E0)
                break;
              if (is_bad_three_byte (word))
                return FALSE;
              i += 3;
            }
          if (i >= n || (s[i] & 0xF0) != 0xE0)
            continue;
          c = s[i];
          if (i + 2 >= n || (s[i + 1] & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80)
            return FALSE;
          if ((c == 0xE0 && s[i + 1] < 0xA0) || (c == 0xED && s[i + 1] > 0x9F))
            return FALSE;
          i += 3;
        }
      else if (c >= 0xF0 && c <= 0xF4)
        {
          if (i + 3 >= n || (s[i + 1] & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80 ||
              (s[i + 3] & 0xC0) != 0x80)
            return FALSE;
          if ((c == 0xF0 && s[i + 1] < 0x90) || (c == 0xF4 && s[i + 1] > 0x8F))
            return FALSE;
          i += 4;
        }
      else
        return FALSE;
    }

  return TRUE;
}

static gboolean
has_non_ascii (const guint8 *data,
               gsize         length)
{
  for (gsize i = 0; i < length; i++)
    if (data[i] >= 0x80)
      return TRUE;
  return FALSE;
}

static char *
detect_charset (const guint8 *data,
                gsize         length)
{
  uchardet_t ud = uchardet_new ();
  char *result = NULL;
  const char *name;

  if (uchardet_handle_data (ud, (const char *) data, MIN (length, (gsize) 256 * 1024)) == 0)
    {
      uchardet_data_end (ud);
      name = uchardet_get_charset (ud);
      if (name != NULL && *name != '\0')
        result = byline_encoding_normalize_name (name);
    }
  uchardet_delete (ud);

  return result;
}

/* Accepts a decoding only when almost nothing in it had to be replaced:
 * a wrong guess shows up as many unreadable sequences. */
static char *
try_decode (const guint8 *data,
            gsize         length,
            const char   *charset,
            gboolean      strict)
{
  gsize errors = 0;
  g_autofree char *text = NULL;

  if (charset == NULL)
    return NULL;

  text = convert_lossy (data, length, charset, &errors);
  if (text == NULL)
    return NULL;
  if (strict && errors > 0 && errors * 200 > length)
    return NULL;

  return g_steal_pointer (&text);
}

/**
 * byline_encoding_decode:
 * @data: the bytes
 * @length: their number
 * @encoding: (nullable): the encoding the editor chose, or %NULL to detect it
 * @declared: (nullable): the charset the document itself declares
 * @out_encoding: (out) (optional): the encoding used, e.g. "UTF-8", "GB18030"
 *
 * Decodes text whatever its encoding: a byte order mark wins, then valid
 * UTF-8, then the declared charset when the bytes bear it out, then
 * uchardet's guess, validated; as a last resort UTF-8 with every invalid
 * sequence replaced by U+FFFD.  Never fails: the worst case is a text with
 * replacement characters.
 *
 * Returns: (transfer full): valid UTF-8, without a byte order mark
 */
char *
byline_encoding_decode (const guint8 *data,
                        gsize         length,
                        const char   *encoding,
                        const char   *declared,
                        char        **out_encoding)
{
  g_autofree char *charset = NULL;
  g_autofree char *guess = NULL;
  char *text = NULL;

  if (encoding != NULL)
    {
      charset = byline_encoding_normalize_name (encoding);
      if (g_strcmp0 (charset, "UTF-8") != 0)
        text = try_decode (data, length, charset, FALSE);
      if (text != NULL)
        goto done;
      g_clear_pointer (&charset, g_free);
    }

  if (length >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
    {
      data += 3;
      length -= 3;
      charset = g_strdup ("UTF-8");
      text = g_utf8_make_valid ((const char *) data, length);
      goto done;
    }
  if (length >= 2 && data[0] == 0xFF && data[1] == 0xFE)
    {
      charset = g_strdup ("UTF-16LE");
      text = try_decode (data + 2, length - 2, charset, FALSE);
      goto done;
    }
  if (length >= 2 && data[0] == 0xFE && data[1] == 0xFF)
    {
      charset = g_strdup ("UTF-16BE");
      text = try_decode (data + 2, length - 2, charset, FALSE);
      goto done;
    }

  if (is_valid_utf8 (data, length))
    {
      charset = g_strdup ("UTF-8");
      text = g_strndup ((const char *) data, length);
      goto done;
    }

  charset = byline_encoding_normalize_name (declared);
  if (charset != NULL && g_strcmp0 (charset, "UTF-8") != 0)
    text = try_decode (data, length, charset, TRUE);
  if (text != NULL)
    goto done;
  g_clear_pointer (&charset, g_free);

  if (has_non_ascii (data, length))
    {
      guess = detect_charset (data, length);
      if (guess != NULL && g_strcmp0 (guess, "UTF-8") != 0)
        text = try_decode (data, length, guess, TRUE);
      if (text != NULL)
        {
          charset = g_steal_pointer (&guess);
          goto done;
        }
      /* uchardet often says nothing for short Chinese text: GB18030 is
       * then the likeliest, and validation keeps it honest. */
      text = try_decode (data, length, "GB18030", TRUE);
      if (text != NULL)
        {
          charset = g_strdup ("GB18030");
          goto done;
        }
    }

  charset = g_strdup ("UTF-8");
  text = g_utf8_make_valid ((const char *) data, length);

done:
  if (text == NULL)
    {
      g_free (charset);
      charset = g_strdup ("UTF-8");
      text = g_utf8_make_valid ((const char *) data, length);
    }
  if (out_encoding != NULL)
    *out_encoding = g_steal_pointer (&charset);

  return text;
}
