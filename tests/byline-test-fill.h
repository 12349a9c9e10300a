/* byline-test-fill.h: a store with many drafts, for the scale test and the
 * benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "byline.h"

G_BEGIN_DECLS

/* Inserts n_drafts drafts laid out as byline_store_save() lays them out,
 * in one transaction (saving them one by one, each with an fsync, would
 * measure only the disk). Titles are 6 common words, bodies about
 * body_chars Chinese characters in paragraphs; draft number n_drafts / 2
 * also holds marker in its body. Deterministic for a given seed. */
void byline_test_fill_store (BylineStore *store,
                             guint        n_drafts,
                             guint        body_chars,
                             const char  *marker,
                             guint32      seed);

G_END_DECLS
