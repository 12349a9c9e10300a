/* bench-window-util.h: what the benchmarks of the real window share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void bench_load_app_style (void);

G_END_DECLS
