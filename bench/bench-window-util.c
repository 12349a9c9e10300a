/* bench-window-util.c: what the benchmarks of the real window share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bench-window-util.h"

/* The benchmarks make the window without BylineApplication, so they load
 * themselves the style sheet AdwApplication loads from Byline's resource
 * base path; without it they would time a window Byline never shows. */
void
bench_load_app_style (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, "/io/github/byline/Byline/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}
