/* fuzz-render.c: libFuzzer entry point for the Markdown renderer and the
 * HTML sanitiser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built only with -Dfuzzing=true and clang; run by tests/fuzz/run-fuzz.sh.
 * Any text, as a body (Markdown) or as dropped HTML, must come out as valid
 * UTF-8 with no script, frame, object, SVG, MathML, style or form element
 * left (text keeps its "<" escaped, so none can hide there): never a crash,
 * a leak or a sanitizer report. Script addresses are test-xss.c's part.
 */

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "byline.h"
#include "byline-render.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
check_safe (const char *html)
{
  static const char * const forbidden[] = {
    "<script", "<iframe", "<object", "<embed", "<svg", "<math", "<style", "<form", "<meta",
    "<base", "<link",
  };
  g_autofree char *lower = g_ascii_strdown (html, -1);

  g_assert (g_utf8_validate (html, -1, NULL));
  for (gsize i = 0; i < G_N_ELEMENTS (forbidden); i++)
    if (strstr (lower, forbidden[i]) != NULL)
      g_error ("%s survived: %s", forbidden[i], html);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_utf8_make_valid ((const char *) data, size);
  g_autofree char *markdown_html = NULL;
  g_autofree char *from_markdown = NULL;
  g_autofree char *from_html = NULL;
  g_autofree char *plain = NULL;
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(BylineArticle) article = byline_article_new ();
  g_autofree char *post = NULL;

  /* g_utf8_make_valid keeps NUL bytes; the text ends at the first. */
  markdown_html = byline_render_markdown (text);
  from_markdown = byline_render_sanitize (markdown_html, NULL);
  check_safe (from_markdown);
  from_html = byline_render_sanitize (text, NULL);
  check_safe (from_html);
  images = byline_render_list_images (text);
  plain = byline_render_html_text (text);
  g_assert (g_utf8_validate (plain, -1, NULL));

  byline_article_set_title (article, text);
  byline_article_set_body (article, text);
  byline_article_set_source (article, text);
  post = byline_render_post (article, NULL, BYLINE_DEFAULT_DISCLAIMER);
  g_assert (g_utf8_validate (post, -1, NULL));
  return 0;
}
