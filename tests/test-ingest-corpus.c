/* test-ingest-corpus.c: every field of every page in tests/corpus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A table test: each folder of tests/corpus with an expected.json is a
 * case, run from source.html and from source.txt where present, compared
 * by the rules of tests/corpus/README.md.  New cases join by being added.
 * The corpus folder is $BYLINE_TEST_CORPUS, else $BYLINE_TEST_SRCDIR/corpus.
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "byline.h"
#include "byline-ingest.h"

typedef struct
{
  char *dir;
  char *source;   /* "source.html" or "source.txt" */
} Case;

static GHashTable *field_ok;     /* field → count */
static GHashTable *field_total;
/* "case/html field" → why, from tests/ingest-known-misses.txt */
static GHashTable *known_misses;
static char current_case[256];  /* "36-en-ars-minecraft/txt" while a case runs */

static void
count_field (const char *field,
             gboolean    ok)
{
  g_hash_table_insert (field_total, (gpointer) field,
                       GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (field_total, field)) + 1));
  if (ok)
    g_hash_table_insert (field_ok, (gpointer) field,
                         GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (field_ok, field)) + 1));
}

static char *
fold (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text != NULL ? text : ""; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0x3000 || c == 0xA0)
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/* A string member, or NULL for null or absent. */
static const char *
expected_string (JsonObject *object,
                 const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return json_node_get_string (node);
}

static gboolean
equal_or_both_absent (const char *expected,
                      const char *got)
{
  g_autofree char *e = fold (expected);
  g_autofree char *g = fold (got);

  return g_str_equal (e, g);
}

/* "equal at the precision given": a date, minutes or seconds; with Z
 * the time is compared in UTC, without it as the page's local time. */
static gboolean
published_matches (const char *expected,
                   GDateTime  *got)
{
  g_autofree char *e = NULL;
  g_autofree char *g = NULL;
  g_autoptr(GDateTime) utc = NULL;
  gsize len;

  if (expected == NULL)
    return got == NULL;
  if (got == NULL)
    return FALSE;

  e = g_strdup (expected);
  len = strlen (e);
  if (len > 0 && e[len - 1] == 'Z')
    {
      e[--len] = '\0';
      utc = g_date_time_to_utc (got);
      g = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");
    }
  else
    g = g_date_time_format (got, "%Y-%m-%dT%H:%M:%S");

  return strncmp (g, e, len) == 0 && strlen (g) >= len;
}

static gboolean
paragraph_starts (const char *paragraph,
                  JsonObject *expected,
                  const char *name)
{
  g_autofree char *alt_name = g_strconcat (name, "_alternatives", NULL);
  g_autofree char *p = fold (paragraph);
  g_autofree char *first = fold (expected_string (expected, name));
  JsonNode *alternatives = json_object_get_member (expected, alt_name);

  if (paragraph == NULL)
    return FALSE;
  if (g_str_has_prefix (p, first))
    return TRUE;
  if (alternatives != NULL && JSON_NODE_HOLDS_ARRAY (alternatives))
    {
      JsonArray *array = json_node_get_array (alternatives);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *alt = fold (json_array_get_string_element (array, i));
          if (g_str_has_prefix (p, alt))
            return TRUE;
        }
    }

  return FALSE;
}

/* A copied page holds only what the browser showed: a value that appears
 * nowhere in source.txt (a 原标题 only in the HTML's markup, a breadcrumb
 * the text leaves out) cannot be read from it, so it is not counted for
 * the text case. The test says which, so the list stays visible. */
static gboolean
text_holds (const char *folded_text,
            const char *expected)
{
  g_autofree char *want = fold (expected);

  return expected == NULL || strstr (folded_text, want) != NULL;
}

/* The time as precise as the copied text gives it: a page that shows
 * 09:58 in its text cannot give 09:58:03. */
static char *
published_at_text_precision (const char *folded_text,
                             const char *expected)
{
  gsize len = expected != NULL ? strlen (expected) : 0;
  gboolean utc = len > 0 && expected[len - 1] == 'Z';
  gsize digits = utc ? len - 1 : len;

  /* YYYY-MM-DDTHH:MM:SS: keep the seconds only when ":SS" follows the
   * minutes somewhere in the text. */
  if (expected != NULL && digits == 19)
    {
      g_autofree char *mm_ss = g_strndup (expected + 14, 5);

      if (strstr (folded_text, mm_ss) == NULL)
        return g_strdup_printf ("%.16s%s", expected, utc ? "Z" : "");
    }
  return g_strdup (expected);
}

/* A field listed as a known miss is reported, not failed; one that has
 * started to pass fails until it is taken off the list, which so only
 * shrinks. */
static void
report (GString    *failures,
        const char *field,
        gboolean    ok,
        const char *expected,
        const char *got)
{
  g_autofree char *key = g_strdup_printf ("%s %s", current_case, field);
  const char *why = g_hash_table_lookup (known_misses, key);

  count_field (field, ok);
  if (ok && why != NULL)
    g_string_append_printf (failures, "; %s is right now: take it off tests/ingest-known-misses.txt",
                            field);
  else if (!ok && why != NULL)
    g_test_message ("known miss, %s: expected “%s”, got “%s” (%s)", field,
                    expected != NULL ? expected : "(none)", got != NULL ? got : "(none)", why);
  else if (!ok)
    g_string_append_printf (failures, "; %s: expected “%s”, got “%s”", field,
                            expected != NULL ? expected : "(none)", got != NULL ? got : "(none)");
}

static void
load_known_misses (const char *path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  known_misses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) parts = NULL;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      /* "CASE/SOURCE FIELD WHY…" */
      parts = g_strsplit (lines[i], " ", 3);
      if (g_strv_length (parts) == 3)
        g_hash_table_insert (known_misses, g_strdup_printf ("%s %s", parts[0], parts[1]),
                             g_strdup (parts[2]));
    }
}

static void
test_case (gconstpointer user_data)
{
  const Case *c = user_data;
  g_autofree char *expected_path = g_build_filename (c->dir, "expected.json", NULL);
  g_autofree char *source_path = g_build_filename (c->dir, c->source, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(BylineIngestResult) result = NULL;
  g_autoptr(GString) failures = g_string_new (NULL);
  const char * const *paragraphs;
  const char * const *headings;
  JsonObject *expected;
  guint n_paragraphs;
  char *contents = NULL;
  gsize length = 0;
  gboolean html = g_str_has_suffix (c->source, ".html");
  g_autofree char *folded_text = NULL;

  {
    g_autofree char *base = g_path_get_basename (c->dir);

    g_snprintf (current_case, sizeof current_case, "%s/%s", base, html ? "html" : "txt");
  }

  g_assert_true (json_parser_load_from_file (parser, expected_path, &error));
  g_assert_no_error (error);
  expected = json_node_get_object (json_parser_get_root (parser));

  g_assert_true (g_file_get_contents (source_path, &contents, &length, &error));
  bytes = g_bytes_new_take (contents, length);
  result = byline_ingest_bytes (bytes, html ? "text/html" : "text/plain", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);

  paragraphs = byline_ingest_result_get_paragraphs (result);
  headings = byline_ingest_result_get_headings (result);
  n_paragraphs = g_strv_length ((char **) paragraphs);
  if (!html)
    folded_text = fold (contents);

  if (json_object_has_member (expected, "title"))
    report (failures, "title",
            equal_or_both_absent (expected_string (expected, "title"), byline_ingest_result_get_title (result)),
            expected_string (expected, "title"), byline_ingest_result_get_title (result));

  if (json_object_has_member (expected, "published"))
    {
      GDateTime *published = byline_ingest_result_get_published (result);
      g_autofree char *got = published != NULL ? g_date_time_format (published, "%FT%T%:z") : NULL;
      g_autofree char *want = html ? g_strdup (expected_string (expected, "published"))
                                   : published_at_text_precision (folded_text,
                                                                  expected_string (expected, "published"));

      if (g_strcmp0 (want, expected_string (expected, "published")) != 0)
        g_test_message ("published: the text gives %s, compared at that precision", want);
      report (failures, "published", published_matches (want, published), want, got);
    }

  {
    static const char * const names[] = {
      "source", "author", "editor", "original_title", "original_source", "category",
    };
    const char *values[] = {
      byline_ingest_result_get_source (result),
      byline_ingest_result_get_author (result),
      byline_ingest_result_get_editor (result),
      byline_ingest_result_get_original_title (result),
      byline_ingest_result_get_original_source (result),
      byline_ingest_result_get_category_hint (result),
    };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        if (!json_object_has_member (expected, names[i]))
          continue;
        if (!html && !text_holds (folded_text, expected_string (expected, names[i])))
          {
            g_test_message ("%s: “%s” is not in the copied text; not counted",
                            names[i], expected_string (expected, names[i]));
            continue;
          }
        report (failures, names[i], equal_or_both_absent (expected_string (expected, names[i]), values[i]),
                expected_string (expected, names[i]), values[i]);
      }
  }

  if (json_object_has_member (expected, "first_paragraph"))
    report (failures, "first_paragraph",
            paragraph_starts (n_paragraphs > 0 ? paragraphs[0] : NULL, expected, "first_paragraph"),
            expected_string (expected, "first_paragraph"), n_paragraphs > 0 ? paragraphs[0] : NULL);
  if (json_object_has_member (expected, "last_paragraph"))
    report (failures, "last_paragraph",
            paragraph_starts (n_paragraphs > 0 ? paragraphs[n_paragraphs - 1] : NULL, expected, "last_paragraph"),
            expected_string (expected, "last_paragraph"),
            n_paragraphs > 0 ? paragraphs[n_paragraphs - 1] : NULL);

  if (json_object_has_member (expected, "subheadings"))
    {
      JsonArray *array = json_object_get_array_member (expected, "subheadings");
      guint n_headings = g_strv_length ((char **) headings);
      guint h = 0;
      gboolean ok = TRUE;
      const char *missing = NULL;

      /* each expected sub-heading is a heading, in this order */
      for (guint i = 0; i < json_array_get_length (array) && ok; i++)
        {
          g_autofree char *want = fold (json_array_get_string_element (array, i));

          for (; h < n_headings; h++)
            {
              g_autofree char *have = fold (headings[h]);
              if (g_str_equal (have, want))
                break;
            }
          if (h == n_headings)
            {
              ok = FALSE;
              missing = json_array_get_string_element (array, i);
            }
          h++;
        }
      report (failures, "subheadings", ok, missing, "(not a heading, or out of order)");
    }

  if (json_object_has_member (expected, "paragraph_count"))
    {
      gint64 want = json_object_get_int_member (expected, "paragraph_count");
      g_autofree char *w = g_strdup_printf ("%" G_GINT64_FORMAT, want);
      g_autofree char *g = g_strdup_printf ("%u", n_paragraphs);

      report (failures, "paragraph_count", want == n_paragraphs, w, g);
    }

  if (json_object_has_member (expected, "chrome_not_in_body"))
    {
      JsonArray *array = json_object_get_array_member (expected, "chrome_not_in_body");
      g_autofree char *body = fold (byline_ingest_result_get_body (result));
      const char *found = NULL;

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *chrome = fold (json_array_get_string_element (array, i));
          if (strstr (body, chrome) != NULL)
            found = json_array_get_string_element (array, i);
        }
      report (failures, "chrome_not_in_body", found == NULL, "(absent)", found);
    }

  if (failures->len > 0)
    {
      g_autofree char *base = g_path_get_basename (c->dir);
      g_test_fail_printf ("%s/%s:%s", base, c->source, failures->str);
    }
}

static void
case_free (gpointer data)
{
  Case *c = data;

  g_free (c->dir);
  g_free (c->source);
  g_free (c);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (case_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  g_autofree char *corpus = NULL;
  const char *name;
  GHashTableIter iter;
  gpointer key, value;
  int rc;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  field_ok = g_hash_table_new (g_str_hash, g_str_equal);
  field_total = g_hash_table_new (g_str_hash, g_str_equal);

  if (g_getenv ("BYLINE_TEST_CORPUS") != NULL)
    corpus = g_strdup (g_getenv ("BYLINE_TEST_CORPUS"));
  else
    corpus = g_build_filename (g_getenv ("BYLINE_TEST_SRCDIR") != NULL ? g_getenv ("BYLINE_TEST_SRCDIR") : ".",
                               "corpus", NULL);

  {
    g_autofree char *misses = g_build_filename (corpus, "..", "ingest-known-misses.txt", NULL);

    load_known_misses (misses);
  }

  dir = g_dir_open (corpus, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *case_name = g_ptr_array_index (names, i);
      g_autofree char *case_dir = g_build_filename (corpus, case_name, NULL);
      g_autofree char *expected = g_build_filename (case_dir, "expected.json", NULL);
      static const char * const sources[] = { "source.html", "source.txt" };

      if (!g_file_test (expected, G_FILE_TEST_EXISTS))
        continue;
      for (guint s = 0; s < G_N_ELEMENTS (sources); s++)
        {
          g_autofree char *source = g_build_filename (case_dir, sources[s], NULL);
          g_autofree char *path = NULL;
          Case *c;

          if (!g_file_test (source, G_FILE_TEST_EXISTS))
            continue;
          c = g_new0 (Case, 1);
          c->dir = g_strdup (case_dir);
          c->source = g_strdup (sources[s]);
          g_ptr_array_add (cases, c);
          path = g_strdup_printf ("/byline/ingest/corpus/%s/%s", case_name, s == 0 ? "html" : "txt");
          g_test_add_data_func (path, c, test_case);
        }
    }
  g_assert_cmpuint (cases->len, >, 0);

  rc = g_test_run ();

  /* per-field scores, as TAP comments */
  g_hash_table_iter_init (&iter, field_total);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_print ("# field %-18s %3d/%d right\n", (const char *) key,
             GPOINTER_TO_INT (g_hash_table_lookup (field_ok, key)), GPOINTER_TO_INT (value));

  g_hash_table_unref (field_ok);
  g_hash_table_unref (field_total);
  g_hash_table_unref (known_misses);

  return rc;
}
