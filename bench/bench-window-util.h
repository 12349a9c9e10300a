/* bench-window-util.h: what the benchmarks of the real window share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "byline-window.h"

G_BEGIN_DECLS

void bench_window_init         (void);
void bench_load_app_style      (void);
void bench_load_style_override (void);
void bench_window_hide_parts   (BylineWindow *window,
                                const char   *program);

G_END_DECLS
