/* fuzz-encoding.c: libFuzzer entry point for encoding detection and decoding
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built only with -Dfuzzing=true and clang; run by tests/fuzz/run-fuzz.sh.
 * Any bytes, with or without a declared charset, must decode to valid UTF-8
 * or be refused: never a crash, a leak or a sanitizer report.
 */

#include "config.h"

#include <stdint.h>

#include "byline-encoding.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static const char * const declared[] = {
  NULL, "utf-8", "gbk", "gb2312", "big5", "utf-16", "shift_jis", "x-no-such", "",
};

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *sniffed = byline_encoding_sniff_html (data, size);
  g_autofree char *normalized = NULL;
  g_autofree char *used = NULL;
  g_autofree char *text = NULL;
  const char *claim = size > 0 ? declared[data[0] % G_N_ELEMENTS (declared)] : NULL;

  (void) byline_encoding_is_binary (data, size);
  if (sniffed != NULL)
    normalized = byline_encoding_normalize_name (sniffed);

  /* As ingest calls it: no choice, the page's own claim or a forced one. */
  text = byline_encoding_decode (data, size, NULL, sniffed, &used);
  if (text != NULL)
    g_assert (g_utf8_validate (text, -1, NULL));
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&used, g_free);
  text = byline_encoding_decode (data, size, claim, NULL, &used);
  if (text != NULL)
    g_assert (g_utf8_validate (text, -1, NULL));
  return 0;
}
