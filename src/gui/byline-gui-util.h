/* byline-gui-util.h: small helpers several widgets share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Work put off until the first frame is out waits this long more: GTK 4.8
 * registers the window with the accessibility registry just after that
 * frame, and a screen reader that asks before the registry's answer has been
 * handled on the main loop gets an error. */
#define BYLINE_AFTER_FIRST_FRAME_MS 300

/* libadwaita 1.2's AdwEntryRow leaves the text inside it without an
 * accessible name; a screen reader then announces a bare "text". Name it
 * after the row's title. */
static inline void
byline_entry_row_label_text (AdwEntryRow *row)
{
  GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (row));

  g_return_if_fail (text != NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (text),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                                  -1);
}

G_END_DECLS
