/* byline-ingest-date.c: publish times as news pages write them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "byline-ingest-private.h"

/**
 * byline_ingest_china_zone:
 *
 * The zone of a Chinese source that names none.  Falls back to a fixed
 * +08:00 where tzdata is missing (China has had no summer time since 1991,
 * so the two agree for any page ingest will see).
 *
 * Returns: (transfer full): Asia/Shanghai
 */
GTimeZone *
byline_ingest_china_zone (void)
{
  GTimeZone *zone = g_time_zone_new_identifier ("Asia/Shanghai");

  if (zone == NULL)
    zone = g_time_zone_new_offset (8 * 3600);

  return zone;
}

static const char * const month_names[] = {
  "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
};

static int
read_number (const char *s,
             int         max_digits,
             int        *value)
{
  int n = 0;

  *value = 0;
  while (n < max_digits && g_ascii_isdigit (s[n]))
    *value = *value * 10 + (s[n++] - '0');

  return n;
}

static const char *
skip_spaces (const char *p)
{
  for (;;)
    {
      if (*p == ' ' || *p == '\t' || *p == ',')
        p++;
      else if (g_str_has_prefix (p, "\xE3\x80\x80")) /* U+3000 */
        p += 3;
      else if (g_str_has_prefix (p, "\xC2\xA0"))
        p += 2;
      else
        return p;
    }
}

/* Month name at @p ("Jan", "January", "Sept."); returns its length. */
static int
read_month (const char *p,
            int        *month)
{
  int len = 0;

  while (g_ascii_isalpha (p[len]))
    len++;
  if (len < 3)
    return 0;

  for (int m = 0; m < 12; m++)
    if (g_ascii_strncasecmp (p, month_names[m], 3) == 0)
      {
        static const char * const full[] = {
          "january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december",
        };
        if (len > 3 && !(len <= (int) strlen (full[m]) && g_ascii_strncasecmp (p, full[m], len) == 0))
          return 0;
        *month = m + 1;
        if (p[len] == '.')
          len++;
        return len;
      }

  return 0;
}

/* A time after a date: "10:46:05", "10:46", "10时46分", "8:02 pm",
 * "02.00 EST", "at 6:01 am".  Returns the bytes read, 0 for none. */
static int
read_time (const char *start,
           int        *hour,
           int        *minute,
           int        *second,
           int        *precision,
           int        *offset_seconds,
           gboolean   *has_offset)
{
  const char *p = skip_spaces (start);
  int n;

  if (g_ascii_strncasecmp (p, "at ", 3) == 0)
    p = skip_spaces (p + 3);
  if (*p == 'T')
    p++;
  if (*p == ':')
    p = skip_spaces (p + 1);

  n = read_number (p, 2, hour);
  if (n == 0 || *hour > 24)
    return 0;
  p += n;
  if (*p == ':' || *p == '.')
    p++;
  else if (g_str_has_prefix (p, "\xEF\xBC\x9A") || g_str_has_prefix (p, "\xE6\x97\xB6") ||
           g_str_has_prefix (p, "\xE7\x82\xB9")) /* ： 时 点 */
    p += 3;
  else
    return 0;

  n = read_number (p, 2, minute);
  if (n != 2 || *minute > 59)
    return 0;
  p += n;
  *precision = 1;
  *second = 0;

  if (g_str_has_prefix (p, "\xE5\x88\x86")) /* 分 */
    p += 3;
  if (*p == ':' && g_ascii_isdigit (p[1]))
    {
      n = read_number (p + 1, 2, second);
      if (n == 2 && *second <= 60)
        {
          p += 1 + n;
          *precision = 2;
          if (*p == '.')
            for (p++; g_ascii_isdigit (*p); p++)
              ;
        }
    }

  /* am/pm */
  {
    const char *q = skip_spaces (p);

    if ((g_ascii_strncasecmp (q, "am", 2) == 0 || g_ascii_strncasecmp (q, "a.m.", 4) == 0) &&
        !g_ascii_isalpha (q[q[1] == '.' ? 4 : 2]))
      {
        if (*hour == 12)
          *hour = 0;
        p = q + (q[1] == '.' ? 4 : 2);
      }
    else if ((g_ascii_strncasecmp (q, "pm", 2) == 0 || g_ascii_strncasecmp (q, "p.m.", 4) == 0) &&
             !g_ascii_isalpha (q[q[1] == '.' ? 4 : 2]))
      {
        if (*hour < 12)
          *hour += 12;
        p = q + (q[1] == '.' ? 4 : 2);
      }
  }

  /* zone */
  {
    static const struct { const char *name; int hours; } zones[] = {
      { "UTC", 0 }, { "GMT", 0 }, { "BST", 1 }, { "CET", 1 }, { "CEST", 2 },
      { "EST", -5 }, { "EDT", -4 }, { "ET", -5 }, { "CST", -6 }, { "CDT", -5 },
      { "MST", -7 }, { "MDT", -6 }, { "PST", -8 }, { "PDT", -7 }, { "PT", -8 },
    };
    const char *q = skip_spaces (p);
    int sign;
    int hh;
    int mm = 0;

    if (*q == 'Z' && !g_ascii_isalpha (q[1]))
      {
        *has_offset = TRUE;
        *offset_seconds = 0;
        return q + 1 - start;
      }
    if ((*q == '+' || *q == '-') && g_ascii_isdigit (q[1]) && q == p)
      {
        sign = *q == '-' ? -1 : 1;
        n = read_number (q + 1, 2, &hh);
        if (n == 2)
          {
            q += 3;
            if (*q == ':')
              q++;
            if (read_number (q, 2, &mm) == 2)
              q += 2;
            *has_offset = TRUE;
            *offset_seconds = sign * (hh * 3600 + mm * 60);
            return q - start;
          }
      }
    for (guint i = 0; i < G_N_ELEMENTS (zones); i++)
      {
        gsize len = strlen (zones[i].name);

        if (strncmp (q, zones[i].name, len) == 0 && !g_ascii_isalpha (q[len]))
          {
            *has_offset = TRUE;
            *offset_seconds = zones[i].hours * 3600;
            return q + len - start;
          }
      }
  }

  return p - start;
}

static gboolean
valid_date (int year,
            int month,
            int day)
{
  return year >= 1990 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 &&
         day <= g_date_get_days_in_month (month, year);
}

/* Numeric dates: 2021-04-23, 2021/4/23, 2021.04.23, 2021年4月23日. */
static int
read_numeric_date (const char *p,
                   int        *year,
                   int        *month,
                   int        *day)
{
  const char *q = p;
  int n;
  gboolean chinese = FALSE;

  n = read_number (q, 4, year);
  if (n != 4)
    return 0;
  q += 4;
  if (*q == '-' || *q == '/' || *q == '.')
    q++;
  else if (g_str_has_prefix (q, "\xE5\xB9\xB4")) /* 年 */
    q += 3, chinese = TRUE;
  else
    return 0;
  if (chinese)
    q = skip_spaces (q);

  n = read_number (q, 2, month);
  if (n == 0)
    return 0;
  q += n;
  if (chinese)
    {
      q = skip_spaces (q);
      if (!g_str_has_prefix (q, "\xE6\x9C\x88")) /* 月 */
        return 0;
      q = skip_spaces (q + 3);
    }
  else if (*q == p[4])
    q++;
  else
    return 0;

  n = read_number (q, 2, day);
  if (n == 0)
    return 0;
  q += n;
  if (chinese && g_str_has_prefix (q, "\xE6\x97\xA5")) /* 日 */
    q += 3;

  return valid_date (*year, *month, *day) ? q - p : 0;
}

/* English dates: "April 28, 2019", "Apr 16, 2015", "24 July 2015",
 * "Thu 3 Jan 2019", "JAN. 13, 2017", "March 18" (year from the page). */
static int
read_english_date (const char *p,
                   int         default_year,
                   int        *year,
                   int        *month,
                   int        *day)
{
  const char *q = p;
  int n;

  if ((n = read_month (q, month)) > 0)
    {
      q = skip_spaces (q + n);
      n = read_number (q, 2, day);
      if (n == 0)
        return 0;
      q += n;
      if (g_ascii_strncasecmp (q, "st", 2) == 0 || g_ascii_strncasecmp (q, "nd", 2) == 0 ||
          g_ascii_strncasecmp (q, "rd", 2) == 0 || g_ascii_strncasecmp (q, "th", 2) == 0)
        q += 2;
      {
        const char *r = skip_spaces (q);

        if (read_number (r, 4, year) == 4 && !g_ascii_isdigit (r[4]))
          q = r + 4;
        else if (default_year > 0)
          *year = default_year;
        else
          return 0;
      }
    }
  else if ((n = read_number (q, 2, day)) > 0)
    {
      q = skip_spaces (q + n);
      n = read_month (q, month);
      if (n == 0)
        return 0;
      q = skip_spaces (q + n);
      if (read_number (q, 4, year) != 4)
        return 0;
      q += 4;
    }
  else
    return 0;

  return valid_date (*year, *month, *day) ? q - p : 0;
}

/**
 * byline_ingest_parse_date:
 * @text: a line that may hold a date
 * @default_zone: zone for a time that names none
 * @default_year: year for a date that names none, or 0 to refuse those
 * @precision: (out): 0 for a date, 1 for minutes, 2 for seconds
 * @start: (out) (optional): byte offset of the date in @text
 * @end: (out) (optional): byte offset just after it
 *
 * Finds the first date in @text, with its time and zone when given.
 *
 * Returns: (transfer full) (nullable): the time, or %NULL if none
 */
GDateTime *
byline_ingest_parse_date (const char *text,
                          GTimeZone  *default_zone,
                          int         default_year,
                          int        *precision,
                          int        *start,
                          int        *end)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      int year = 0, month = 0, day = 0;
      int hour = 0, minute = 0, second = 0;
      int prec = 0;
      int offset = 0;
      gboolean has_offset = FALSE;
      int n = 0;
      int t;
      g_autoptr(GTimeZone) zone = NULL;

      if (p > text && (g_ascii_isdigit (p[-1]) || (g_ascii_isalpha (p[-1]) && g_ascii_isalpha (*p))))
        continue;

      if (g_ascii_isdigit (*p))
        n = read_numeric_date (p, &year, &month, &day);
      if (n == 0 && g_ascii_isalnum (*p))
        n = read_english_date (p, default_year, &year, &month, &day);
      if (n == 0)
        continue;

      t = read_time (p + n, &hour, &minute, &second, &prec, &offset, &has_offset);
      if (t == 0 || hour > 23)
        {
          hour = minute = second = 0;
          prec = 0;
          t = 0;
        }

      zone = has_offset ? g_time_zone_new_offset (offset) : g_time_zone_ref (default_zone);
      *precision = prec;
      if (start != NULL)
        *start = p - text;
      if (end != NULL)
        *end = p - text + n + t;

      return g_date_time_new (zone, year, month, day, hour, minute, second);
    }

  return NULL;
}
