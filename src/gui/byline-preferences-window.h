/* byline-preferences-window.h: defaults for new drafts, reprints, saving
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BYLINE_TYPE_PREFERENCES_WINDOW (byline_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (BylinePreferencesWindow, byline_preferences_window, BYLINE, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *byline_preferences_window_new (GtkWindow *transient_for);

G_END_DECLS
