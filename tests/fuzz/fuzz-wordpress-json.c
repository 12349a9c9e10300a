/* fuzz-wordpress-json.c: libFuzzer entry point for reading WordPress answers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built only with -Dfuzzing=true and clang; run by tests/fuzz/run-fuzz.sh.
 * The first byte picks the HTTP status; the rest is the body (posts, terms,
 * files, lists of them, the API index, error bodies), also read as a Link
 * header. Never a crash, a leak or a sanitizer report; a refusal is a
 * GError of Byline's portal domain or json-glib's.
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <stdint.h>

#include "byline-portal.h"
#include "byline-wordpress-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static const guint statuses[] = { 200, 201, 400, 401, 403, 404, 413, 429, 500, 502, 503, 302 };

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *link = NULL;
  guint status;

  if (size == 0)
    return 0;
  status = statuses[data[0] % G_N_ELEMENTS (statuses)];
  link = g_strndup ((const char *) data + 1, size - 1);
  if (!byline_wordpress_parse_answer (status, (const char *) data + 1, size - 1, link, &error))
    g_assert (error == NULL || error->domain == BYLINE_PORTAL_ERROR
              || error->domain == JSON_PARSER_ERROR);
  return 0;
}
