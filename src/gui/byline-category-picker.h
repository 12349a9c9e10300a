/* byline-category-picker.h: the portal's categories as a searchable tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "byline.h"

G_BEGIN_DECLS

#define BYLINE_TYPE_CATEGORY_PICKER (byline_category_picker_get_type ())
G_DECLARE_FINAL_TYPE (BylineCategoryPicker, byline_category_picker, BYLINE, CATEGORY_PICKER, GtkWidget)

GtkWidget   *byline_category_picker_new          (void);
BylineStore *byline_category_picker_get_store    (BylineCategoryPicker *self);
void         byline_category_picker_set_store    (BylineCategoryPicker *self,
                                                  BylineStore          *store);
void         byline_category_picker_reload       (BylineCategoryPicker *self,
                                                  const char           *name,
                                                  gint64                id);
void         byline_category_picker_refresh      (BylineCategoryPicker *self);
guint        byline_category_picker_get_n_shown  (BylineCategoryPicker *self);
gboolean     byline_category_picker_choose_first (BylineCategoryPicker *self);

G_END_DECLS
