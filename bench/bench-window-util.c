/* bench-window-util.c: what the benchmarks of the real window share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "byline-article-form.h"

#include "bench-window-util.h"

/* The settings as a fresh install has them, whatever the user running the
 * benchmark has chosen; the schemas come from the build folder. */
void
bench_window_init (void)
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSETTINGS_SCHEMA_DIR", BYLINE_SCHEMA_DIR, TRUE);
  gtk_init ();
  adw_init ();
  bench_load_app_style ();
}

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

/* BYLINE_BENCH_CSS="…" lays a style sheet over the program's, to find which
 * style makes a frame expensive. */
void
bench_load_style_override (void)
{
  g_autoptr(GtkCssProvider) provider = NULL;

  if (g_getenv ("BYLINE_BENCH_CSS") == NULL)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider, g_getenv ("BYLINE_BENCH_CSS"), -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_USER);
}

/* BYLINE_BENCH_HIDE=sidebar,flap,…: hides parts of the window (template
 * children of the window or the form; a flap folds its pane) to find which
 * part makes frames expensive. @program names the benchmark in a warning
 * about a name that is neither. */
void
bench_window_hide_parts (BylineWindow *window,
                         const char   *program)
{
  g_auto(GStrv) names = NULL;
  GObject *form;

  if (g_getenv ("BYLINE_BENCH_HIDE") == NULL)
    return;

  names = g_strsplit (g_getenv ("BYLINE_BENCH_HIDE"), ",", -1);
  form = gtk_widget_get_template_child (GTK_WIDGET (window), BYLINE_TYPE_WINDOW, "form");
  for (guint i = 0; names[i] != NULL; i++)
    {
      GObject *part = gtk_widget_get_template_child (GTK_WIDGET (window), BYLINE_TYPE_WINDOW,
                                                     names[i]);

      if (part == NULL)
        part = gtk_widget_get_template_child (GTK_WIDGET (form), BYLINE_TYPE_ARTICLE_FORM,
                                              names[i]);
      if (ADW_IS_FLAP (part))
        adw_flap_set_reveal_flap (ADW_FLAP (part), FALSE);
      else if (GTK_IS_WIDGET (part))
        gtk_widget_set_visible (GTK_WIDGET (part), FALSE);
      else
        g_printerr ("%s: no part named %s\n", program, names[i]);
    }
}
