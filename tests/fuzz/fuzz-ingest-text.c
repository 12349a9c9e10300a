/* fuzz-ingest-text.c: libFuzzer entry point for plain-text ingest
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built only with -Dfuzzing=true and clang; run by tests/fuzz/run-fuzz.sh.
 * Any bytes must give a result or a GError: never a crash, a leak or a
 * sanitizer report.
 */

#include "config.h"

#include <stdint.h>

#include "byline.h"
#include "byline-ingest.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(BylineIngestResult) result = NULL;

  result = byline_ingest_bytes (bytes, "text/plain", NULL, &error);
  if (result != NULL)
    {
      g_autofree char *json = byline_ingest_result_to_json (result);
      g_autoptr(BylineArticle) article = byline_ingest_result_to_article (result);

      g_assert (g_utf8_validate (json, -1, NULL));
      g_assert (g_utf8_validate (byline_ingest_result_get_body (result), -1, NULL));
      (void) article;
    }
  else
    g_assert (error != NULL && error->domain == BYLINE_INGEST_ERROR);

  return 0;
}
