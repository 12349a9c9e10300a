/* byline-article-form.c: the editor of one article (title, body, fields)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "byline-article-form.h"
#include "byline-category-picker.h"
#include "byline-gui-util.h"
#include "byline-word-counter.h"

#define COMPLETION_LIMIT 6
#define THUMBNAIL_WIDTH  160
#define THUMBNAIL_HEIGHT 112

typedef const char *(*GetStringFunc) (BylineArticle *article);
typedef void        (*SetStringFunc) (BylineArticle *article,
                                      const char    *value);

/* A suggestion popover under an entry row, filled from the values the store
 * remembers (常用作者, 常用来源), or for tags from the portal's tags the store
 * keeps (then only the tag being typed is completed). */
typedef struct
{
  BylineArticleForm    *form;
  AdwEntryRow          *row;
  BylineRememberedKind  kind;
  gboolean              tags;
  GtkPopover           *popover;
  GtkListBox           *list;
} Completion;

typedef struct _BodyCopy BodyCopy;

struct _BylineArticleForm
{
  GtkWidget          parent_instance;

  AdwFlap           *flap;
  GtkWidget         *fields_panel;
  GtkTextView       *title_view;
  GtkSourceView     *body_view;
  AdwEntryRow       *source_row;
  AdwEntryRow       *author_row;
  AdwEntryRow       *source_url_row;
  AdwEntryRow       *original_title_row;
  AdwEntryRow       *original_source_row;
  AdwEntryRow       *category_row;
  AdwEntryRow       *tags_row;
  AdwActionRow      *publish_time_row;
  GtkMenuButton     *publish_time_button;
  /* The publish time picker, NULL until it is first opened. */
  GtkCalendar       *calendar;
  GtkSpinButton     *hour_spin;
  GtkSpinButton     *minute_spin;
  GtkSpinButton     *second_spin;
  AdwComboRow       *publish_mode_row;
  AdwEntryRow       *editor_row;
  AdwEntryRow       *short_title_row;
  GtkTextView       *summary_view;
  AdwActionRow      *cover_row;
  GtkPicture        *cover_picture;
  GtkButton         *cover_choose_button;
  GtkButton         *cover_remove_button;
  AdwEntryRow       *keywords_row;
  AdwEntryRow       *slug_row;
  GtkLabel          *title_note_label;
  AdwPreferencesGroup *removed_group;
  AdwExpanderRow    *removed_row;

  /* Where ingest found each field, shown until the editor changes it. */
  GtkWidget         *field_notes[10];
  GtkWidget         *publish_time_note;
  GPtrArray         *removed_rows;
  gulong             article_notify;

  GtkMenuButton     *category_button;
  BylineCategoryPicker *category_picker;

  BylineStore       *store;
  BylineArticle     *article;
  GCancellable      *cover_cancellable;
  GtkNativeDialog   *cover_chooser;
  Completion         completions[3];
  /* Markdown highlighting waits for the first frame (see map). */
  GdkFrameClock     *language_clock;
  gulong             language_paint_handler;
  guint              language_source;
  gboolean           first_frame_done;
  gboolean           populating;
  gboolean           editable;

  /* The body is copied into the article when someone needs it, not on
   * every keystroke: a long body costs milliseconds to copy. */
  gboolean           body_unsynced;
  /* An autosave's copy of the body, a slice per main-loop turn (see
   * byline_article_form_sync_article_async()); NULL when none runs. */
  BodyCopy          *body_copy;
  BylineWordCounter *word_counter;
};

G_DEFINE_FINAL_TYPE (BylineArticleForm, byline_article_form, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_ARTICLE,
  PROP_EDITABLE,
  PROP_SHOW_FIELDS,
  PROP_WORD_COUNT,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The single-line text fields, each an editable in the template. */
static const struct
{
  gsize         offset;
  GetStringFunc get;
  SetStringFunc set;
  const char   *field;
} text_fields[] = {
  { G_STRUCT_OFFSET (BylineArticleForm, source_row),
    byline_article_get_source, byline_article_set_source, "source" },
  { G_STRUCT_OFFSET (BylineArticleForm, author_row),
    byline_article_get_author, byline_article_set_author, "author" },
  { G_STRUCT_OFFSET (BylineArticleForm, source_url_row),
    byline_article_get_source_url, byline_article_set_source_url, "source-url" },
  { G_STRUCT_OFFSET (BylineArticleForm, original_title_row),
    byline_article_get_original_title, byline_article_set_original_title, "original-title" },
  { G_STRUCT_OFFSET (BylineArticleForm, original_source_row),
    byline_article_get_original_source, byline_article_set_original_source, "original-source" },
  { G_STRUCT_OFFSET (BylineArticleForm, category_row),
    byline_article_get_category, byline_article_set_category, "category" },
  { G_STRUCT_OFFSET (BylineArticleForm, editor_row),
    byline_article_get_editor, byline_article_set_editor, "editor" },
  { G_STRUCT_OFFSET (BylineArticleForm, short_title_row),
    byline_article_get_short_title, byline_article_set_short_title, "short-title" },
  { G_STRUCT_OFFSET (BylineArticleForm, keywords_row),
    byline_article_get_keywords, byline_article_set_keywords, "keywords" },
  { G_STRUCT_OFFSET (BylineArticleForm, slug_row),
    byline_article_get_slug, byline_article_set_slug, "slug" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (text_fields) ==
                 G_N_ELEMENTS (((BylineArticleForm *) NULL)->field_notes));

#define TEXT_FIELD(self, i) \
  (*(GtkEditable **) G_STRUCT_MEMBER_P ((self), text_fields[(i)].offset))

static void
emit_changed (BylineArticleForm *self)
{
  if (!self->populating)
    g_signal_emit (self, signals[CHANGED], 0);
}

static char *
dup_buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
set_buffer_text (GtkTextBuffer *buffer,
                 const char    *text)
{
  /* A newly loaded draft must not be undoable back into the previous one. */
  gtk_text_buffer_begin_irreversible_action (buffer);
  gtk_text_buffer_set_text (buffer, text != NULL ? text : "", -1);
  gtk_text_buffer_end_irreversible_action (buffer);
}

/* Tags are typed as one line; Chinese editors separate them with full-width
 * commas or 、 as often as with ASCII commas. */
static char **
split_tags (const char *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GString) normalized = g_string_new (text);
  g_auto(GStrv) parts = NULL;

  g_string_replace (normalized, "，", ",", 0);
  g_string_replace (normalized, "、", ",", 0);
  g_string_replace (normalized, ";", ",", 0);
  g_string_replace (normalized, "；", ",", 0);
  parts = g_strsplit (normalized->str, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }

  return g_strv_builder_end (builder);
}

static void
update_publish_time_row (BylineArticleForm *self)
{
  GDateTime *time = NULL;

  if (self->article != NULL)
    time = byline_article_get_publish_time (self->article);

  if (time != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (time);
      g_autofree char *text = g_date_time_format (local, "%Y-%m-%d %H:%M:%S");

      adw_action_row_set_subtitle (self->publish_time_row, text);
    }
  else
    {
      adw_action_row_set_subtitle (self->publish_time_row, _("Not set: the portal uses the time of publishing"));
    }
}

/* Cover image */

static void
set_cover_texture (BylineArticleForm *self,
                   GdkPaintable      *paintable)
{
  gtk_picture_set_paintable (self->cover_picture, paintable);
  gtk_widget_set_visible (GTK_WIDGET (self->cover_picture), paintable != NULL);
}

static void
cover_pixbuf_loaded_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(BylineArticleForm) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  pixbuf = gdk_pixbuf_new_from_stream_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (pixbuf == NULL)
    {
      g_autofree char *subtitle = g_strdup_printf (_("The image cannot be shown: %s"),
                                                   error->message);

      adw_action_row_set_subtitle (self->cover_row, subtitle);
      set_cover_texture (self, NULL);
      return;
    }

  texture = gdk_texture_new_for_pixbuf (pixbuf);
  set_cover_texture (self, GDK_PAINTABLE (texture));
}

static void
cover_file_read_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(BylineArticleForm) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInputStream) stream = NULL;

  stream = g_file_read_finish (G_FILE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (stream == NULL)
    {
      g_autofree char *subtitle = g_strdup_printf (_("The image cannot be read: %s"),
                                                   error->message);

      adw_action_row_set_subtitle (self->cover_row, subtitle);
      set_cover_texture (self, NULL);
      return;
    }

  gdk_pixbuf_new_from_stream_at_scale_async (G_INPUT_STREAM (stream),
                                             THUMBNAIL_WIDTH, THUMBNAIL_HEIGHT, TRUE,
                                             self->cover_cancellable,
                                             cover_pixbuf_loaded_cb,
                                             g_object_ref (self));
}

static void
load_cover_thumbnail (BylineArticleForm *self)
{
  const char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *basename = NULL;

  g_cancellable_cancel (self->cover_cancellable);
  g_clear_object (&self->cover_cancellable);

  if (self->article != NULL)
    path = byline_article_get_cover_path (self->article);

  gtk_widget_set_sensitive (GTK_WIDGET (self->cover_remove_button),
                            self->editable && path != NULL && path[0] != '\0');

  if (path == NULL || path[0] == '\0')
    {
      adw_action_row_set_subtitle (self->cover_row, _("Choose a picture or drop one here"));
      set_cover_texture (self, NULL);
      return;
    }

  /* Decoding runs off the main loop: a cover can be a large photograph. */
  file = g_file_new_for_path (path);
  basename = g_file_get_basename (file);
  adw_action_row_set_subtitle (self->cover_row, basename);
  self->cover_cancellable = g_cancellable_new ();
  g_file_read_async (file, G_PRIORITY_DEFAULT, self->cover_cancellable,
                     cover_file_read_cb, g_object_ref (self));
}

static gboolean
file_is_image (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *content_type = NULL;
  g_autofree char *mime_type = NULL;

  if (basename == NULL)
    return FALSE;

  content_type = g_content_type_guess (basename, NULL, 0, NULL);
  mime_type = g_content_type_get_mime_type (content_type);
  return mime_type != NULL && g_str_has_prefix (mime_type, "image/");
}

/**
 * byline_article_form_set_cover_file:
 * @self: a #BylineArticleForm
 * @file: (nullable): a local picture, or %NULL to remove the cover
 *
 * Sets the article's cover image as if the editor had picked @file, and shows
 * its thumbnail.
 */
void
byline_article_form_set_cover_file (BylineArticleForm *self,
                                    GFile             *file)
{
  g_autofree char *path = NULL;

  g_return_if_fail (BYLINE_IS_ARTICLE_FORM (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  if (self->article == NULL || !self->editable)
    return;

  if (file != NULL)
    path = g_file_get_path (file);

  byline_article_set_cover_path (self->article, path);
  load_cover_thumbnail (self);
  emit_changed (self);
}

/**
 * byline_article_form_drop_cover:
 * @self: a #BylineArticleForm
 * @value: what was dropped: a #GdkFileList or a #GFile
 *
 * The cover row's drop handler, kept a plain function so that tests can call
 * it (drag-and-drop cannot be synthesized in-process).
 *
 * Returns: %TRUE if @value held a local picture, which is now the cover
 */
gboolean
byline_article_form_drop_cover (BylineArticleForm *self,
                                const GValue      *value)
{
  GFile *file = NULL;

  g_return_val_if_fail (BYLINE_IS_ARTICLE_FORM (self), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = gdk_file_list_get_files (g_value_get_boxed (value));

      if (files != NULL)
        file = files->data;
      g_slist_free (files);
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    {
      file = g_value_get_object (value);
    }

  if (file == NULL || !g_file_is_native (file) || !file_is_image (file))
    return FALSE;

  byline_article_form_set_cover_file (self, file);
  return TRUE;
}

static gboolean
cover_drop_cb (GtkDropTarget     *target,
               const GValue      *value,
               double             x,
               double             y,
               BylineArticleForm *self)
{
  return byline_article_form_drop_cover (self, value);
}

static void
cover_chooser_response_cb (GtkNativeDialog   *dialog,
                           int                response,
                           BylineArticleForm *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      byline_article_form_set_cover_file (self, file);
    }

  g_clear_object (&self->cover_chooser);
}

static void
cover_choose_clicked_cb (BylineArticleForm *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->cover_chooser != NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Choose Cover Image"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Pictures"));
  gtk_file_filter_add_pixbuf_formats (filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);

  self->cover_chooser = GTK_NATIVE_DIALOG (chooser);
  g_signal_connect (chooser, "response", G_CALLBACK (cover_chooser_response_cb), self);
  gtk_native_dialog_show (self->cover_chooser);
}

static void
cover_remove_clicked_cb (BylineArticleForm *self)
{
  byline_article_form_set_cover_file (self, NULL);
}

/* Publish time */

static void
publish_time_popover_show_cb (BylineArticleForm *self)
{
  g_autoptr(GDateTime) shown = NULL;
  GDateTime *time = NULL;

  if (self->article != NULL)
    time = byline_article_get_publish_time (self->article);

  shown = time != NULL ? g_date_time_to_local (time) : g_date_time_new_now_local ();

  self->populating = TRUE;
  gtk_calendar_select_day (self->calendar, shown);
  gtk_spin_button_set_value (self->hour_spin, g_date_time_get_hour (shown));
  gtk_spin_button_set_value (self->minute_spin, g_date_time_get_minute (shown));
  gtk_spin_button_set_value (self->second_spin, g_date_time_get_second (shown));
  self->populating = FALSE;
}

/* A clock reads 10:46:05, not 10:46:5. */
static gboolean
time_spin_output_cb (GtkSpinButton *spin)
{
  g_autofree char *text = g_strdup_printf ("%02d", gtk_spin_button_get_value_as_int (spin));

  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (spin))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);

  return TRUE;
}

static void
set_publish_time (BylineArticleForm *self,
                  GDateTime         *time)
{
  if (self->article == NULL || !self->editable)
    return;

  byline_article_set_publish_time (self->article, time);
  update_publish_time_row (self);
  emit_changed (self);
}

static void
publish_time_picked_cb (BylineArticleForm *self)
{
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) time = NULL;

  if (self->populating)
    return;

  day = gtk_calendar_get_date (self->calendar);
  time = g_date_time_new_local (g_date_time_get_year (day),
                                g_date_time_get_month (day),
                                g_date_time_get_day_of_month (day),
                                gtk_spin_button_get_value_as_int (self->hour_spin),
                                gtk_spin_button_get_value_as_int (self->minute_spin),
                                gtk_spin_button_get_value_as_int (self->second_spin));
  set_publish_time (self, time);
}

static void
publish_time_now_clicked_cb (BylineArticleForm *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) seconds = g_date_time_add (now, -(g_date_time_get_microsecond (now)));

  set_publish_time (self, seconds);
  publish_time_popover_show_cb (self);
}

static void
publish_time_clear_clicked_cb (BylineArticleForm *self)
{
  set_publish_time (self, NULL);
  gtk_menu_button_popdown (self->publish_time_button);
}

/* The picker (a calendar, three spin buttons) is built the first time it is
 * opened: it has no part in the window's first frame. */
static void
create_publish_time_popup (GtkMenuButton *button,
                           gpointer       user_data)
{
  BylineArticleForm *self = user_data;
  g_autoptr(GtkBuilder) builder = NULL;
  GtkSpinButton *spins[3];

  if (self->calendar != NULL)
    return;

  builder = gtk_builder_new_from_resource ("/io/github/byline/Byline/ui/byline-publish-time-popover.ui");
  self->calendar = GTK_CALENDAR (gtk_builder_get_object (builder, "calendar"));
  self->hour_spin = spins[0] = GTK_SPIN_BUTTON (gtk_builder_get_object (builder, "hour_spin"));
  self->minute_spin = spins[1] = GTK_SPIN_BUTTON (gtk_builder_get_object (builder, "minute_spin"));
  self->second_spin = spins[2] = GTK_SPIN_BUTTON (gtk_builder_get_object (builder, "second_spin"));

  g_signal_connect_swapped (self->calendar, "day-selected",
                            G_CALLBACK (publish_time_picked_cb), self);
  for (guint i = 0; i < G_N_ELEMENTS (spins); i++)
    {
      g_signal_connect_swapped (spins[i], "value-changed",
                                G_CALLBACK (publish_time_picked_cb), self);
      g_signal_connect (spins[i], "output", G_CALLBACK (time_spin_output_cb), NULL);
    }
  g_signal_connect_swapped (gtk_builder_get_object (builder, "now_button"), "clicked",
                            G_CALLBACK (publish_time_now_clicked_cb), self);
  g_signal_connect_swapped (gtk_builder_get_object (builder, "clear_button"), "clicked",
                            G_CALLBACK (publish_time_clear_clicked_cb), self);
  g_signal_connect_swapped (gtk_builder_get_object (builder, "publish_time_popover"), "show",
                            G_CALLBACK (publish_time_popover_show_cb), self);

  gtk_menu_button_set_popover (button,
                               GTK_WIDGET (gtk_builder_get_object (builder, "publish_time_popover")));
}

/* Remembered authors and sources */

/* Where the tag being typed starts: after the last separator and the
 * spaces after it. */
static const char *
find_last_tag (const char *text)
{
  static const char * const separators[] = { ",", "，", "、", ";", "；" };
  const char *start = text;

  for (guint i = 0; i < G_N_ELEMENTS (separators); i++)
    {
      const char *found = g_strrstr (text, separators[i]);

      if (found != NULL && found + strlen (separators[i]) > start)
        start = found + strlen (separators[i]);
    }
  while (*start == ' ')
    start++;
  return start;
}

static char **
dup_tag_suggestions (BylineArticleForm *self,
                     const char        *text)
{
  g_autoptr(BylineAccount) account = byline_accounts_lookup (self->store, NULL, NULL);
  g_auto(GStrv) typed = split_tags (text);
  g_auto(GStrv) names = NULL;
  g_autoptr(GStrvBuilder) offered = g_strv_builder_new ();
  const char *last = find_last_tag (text);
  guint n = 0;

  if (account == NULL || last[0] == '\0')
    return NULL;
  names = byline_accounts_dup_term_names (self->store, byline_account_get_id (account), "tags",
                                          last, COMPLETION_LIMIT * 2);
  /* Tags the article has already are not offered again. */
  for (guint i = 0; names[i] != NULL && n < COMPLETION_LIMIT; i++)
    if (!g_strv_contains ((const char * const *) typed, names[i]))
      {
        g_strv_builder_add (offered, names[i]);
        n++;
      }
  return g_strv_builder_end (offered);
}

static void
completion_row_activated_cb (GtkListBox    *list,
                             GtkListBoxRow *row,
                             Completion    *completion)
{
  const char *value = g_object_get_data (G_OBJECT (row), "byline-value");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (completion->row));
  g_autofree char *completed = NULL;

  gtk_popover_popdown (completion->popover);
  if (completion->tags)
    {
      /* The tags before the one being typed stay as they are. */
      completed = g_strdup_printf ("%.*s%s", (int) (find_last_tag (text) - text), text, value);
      value = completed;
    }
  gtk_editable_set_text (GTK_EDITABLE (completion->row), value);
  gtk_editable_set_position (GTK_EDITABLE (completion->row), -1);
}

static void
completion_update (Completion *completion)
{
  BylineArticleForm *self = completion->form;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (completion->row));
  g_auto(GStrv) values = NULL;
  GtkWidget *child;
  guint n_shown = 0;

  /* Only while the editor types here: the row's text is in its delegate. */
  if (self->store == NULL || self->populating || !self->editable ||
      !gtk_widget_is_focus (GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (completion->row)))) ||
      !gtk_widget_get_mapped (GTK_WIDGET (completion->row)))
    {
      gtk_popover_popdown (completion->popover);
      return;
    }

  if (completion->tags)
    values = dup_tag_suggestions (self, text);
  else
    values = byline_store_dup_remembered (self->store, completion->kind, text,
                                          COMPLETION_LIMIT);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (completion->list))) != NULL)
    gtk_list_box_remove (completion->list, child);

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      GtkWidget *row;
      GtkWidget *label;

      if (g_strcmp0 (values[i], text) == 0)
        continue;

      label = gtk_label_new (values[i]);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      row = gtk_list_box_row_new ();
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      /* A click must not take focus from the entry, or the popover closes
       * before the row is activated. */
      gtk_widget_set_focusable (row, FALSE);
      gtk_widget_set_focus_on_click (row, FALSE);
      g_object_set_data_full (G_OBJECT (row), "byline-value", g_strdup (values[i]), g_free);
      gtk_list_box_append (completion->list, row);
      n_shown++;
    }

  if (n_shown > 0)
    gtk_popover_popup (completion->popover);
  else
    gtk_popover_popdown (completion->popover);
}

static void
completion_focus_leave_cb (GtkEventControllerFocus *controller,
                           Completion              *completion)
{
  gtk_popover_popdown (completion->popover);
}

static void
completion_init (BylineArticleForm    *self,
                 Completion           *completion,
                 AdwEntryRow          *row,
                 BylineRememberedKind  kind,
                 gboolean              tags)
{
  GtkEventController *focus;
  GtkWidget *scrolled;

  completion->form = self;
  completion->row = row;
  completion->kind = kind;
  completion->tags = tags;

  completion->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (completion->list, GTK_SELECTION_NONE);
  gtk_list_box_set_activate_on_single_click (completion->list, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (completion->list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (completion->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tags ? _("Tags on the portal")
                                  : kind == BYLINE_REMEMBERED_AUTHOR
                                  ? _("Authors used before")
                                  : _("Sources used before"),
                                  -1);
  g_signal_connect (completion->list, "row-activated",
                    G_CALLBACK (completion_row_activated_cb), completion);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 240);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (completion->list));

  completion->popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_child (completion->popover, scrolled);
  gtk_popover_set_autohide (completion->popover, FALSE);
  gtk_popover_set_has_arrow (completion->popover, FALSE);
  gtk_popover_set_position (completion->popover, GTK_POS_BOTTOM);
  gtk_widget_set_halign (GTK_WIDGET (completion->popover), GTK_ALIGN_START);
  gtk_widget_set_size_request (GTK_WIDGET (completion->popover), 240, -1);
  gtk_widget_set_parent (GTK_WIDGET (completion->popover), GTK_WIDGET (row));

  focus = gtk_event_controller_focus_new ();
  g_signal_connect (focus, "leave", G_CALLBACK (completion_focus_leave_cb), completion);
  gtk_widget_add_controller (GTK_WIDGET (row), focus);
}

/* Edits */

static void
text_field_changed_cb (GtkEditable       *editable,
                       BylineArticleForm *self)
{
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (editable), "byline-field"));

  if (self->populating || self->article == NULL)
    return;

  text_fields[i].set (self->article, gtk_editable_get_text (editable));
  /* A typed name is looked up again at publish; a picked one sets its id
   * right after. */
  if (editable == GTK_EDITABLE (self->category_row))
    byline_article_set_category_id (self->article, 0);

  if (editable == GTK_EDITABLE (self->author_row))
    completion_update (&self->completions[0]);
  else if (editable == GTK_EDITABLE (self->source_row))
    completion_update (&self->completions[1]);

  emit_changed (self);
}

/* A headline is one line, but a long Chinese one must be seen whole: the
 * title is a wrapping text view in which Enter moves on to the body and
 * pasted line breaks become spaces. */
static void
title_insert_text_cb (GtkTextBuffer     *buffer,
                      GtkTextIter       *location,
                      const char        *text,
                      int                length,
                      BylineArticleForm *self)
{
  g_autofree char *flat = NULL;

  if (memchr (text, '\n', length) == NULL && memchr (text, '\r', length) == NULL)
    return;

  flat = g_strndup (text, length);
  g_strdelimit (flat, "\r\n", ' ');
  g_signal_stop_emission_by_name (buffer, "insert-text");
  gtk_text_buffer_insert (buffer, location, flat, -1);
}

static gboolean
title_key_pressed_cb (GtkEventControllerKey *controller,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      BylineArticleForm     *self)
{
  if (keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter)
    return FALSE;

  gtk_widget_grab_focus (GTK_WIDGET (self->body_view));
  return TRUE;
}

static void
title_changed_cb (BylineArticleForm *self)
{
  g_autofree char *title = NULL;

  if (self->populating || self->article == NULL)
    return;

  title = dup_buffer_text (gtk_text_view_get_buffer (self->title_view));
  byline_article_set_title (self->article, title);
  emit_changed (self);
}

static void
tags_changed_cb (BylineArticleForm *self)
{
  g_auto(GStrv) tags = NULL;

  if (self->populating || self->article == NULL)
    return;

  tags = split_tags (gtk_editable_get_text (GTK_EDITABLE (self->tags_row)));
  byline_article_set_tags (self->article, (const char * const *) tags);
  completion_update (&self->completions[2]);
  emit_changed (self);
}

static void
body_changed_cb (BylineArticleForm *self)
{
  if (self->populating || self->article == NULL)
    return;

  self->body_unsynced = TRUE;
  emit_changed (self);
}

static void
word_count_changed_cb (BylineArticleForm *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORD_COUNT]);
}

static void
summary_changed_cb (BylineArticleForm *self)
{
  g_autofree char *summary = NULL;

  if (self->populating || self->article == NULL)
    return;

  summary = dup_buffer_text (gtk_text_view_get_buffer (self->summary_view));
  byline_article_set_summary (self->article, summary);
  emit_changed (self);
}

static void
publish_mode_changed_cb (BylineArticleForm *self)
{
  if (self->populating || self->article == NULL)
    return;

  byline_article_set_publish_mode (self->article,
                                   (BylinePublishMode) adw_combo_row_get_selected (self->publish_mode_row));
  emit_changed (self);
}

static void
flap_reveal_changed_cb (BylineArticleForm *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_FIELDS]);
}

/* Beside the body the fields panel lies on the window's own background, so
 * painting that colour again is a second layer over a third of the window
 * in every frame (2.4 % of the window's render in bench-paint, where GTK
 * redraws the whole window each frame). Folded, the panel slides over the
 * body and needs a background of its own. */
static void
flap_folded_changed_cb (BylineArticleForm *self)
{
  if (adw_flap_get_folded (self->flap))
    gtk_widget_add_css_class (self->fields_panel, "background");
  else
    gtk_widget_remove_css_class (self->fields_panel, "background");
}

/* Where the source said it */

static char *
format_note (const char *note)
{
  /* Translators: %s says where ingest found a field, e.g. "from the line
   * 时间:2021-04-23 10:46:05 | 来源:界面新闻" */
  return g_strdup_printf (_("Filled in from the source: %s"), note);
}

static void
show_note (GtkWidget  *icon,
           const char *note)
{
  g_autofree char *text = note != NULL ? format_note (note) : NULL;

  gtk_widget_set_visible (icon, note != NULL);
  gtk_widget_set_tooltip_text (icon, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text != NULL ? text : "",
                                  -1);
}

static GtkWidget *
make_note_icon (void)
{
  GtkWidget *icon = gtk_image_new_from_icon_name ("edit-paste-symbolic");

  gtk_widget_add_css_class (icon, "dim-label");
  gtk_widget_set_visible (icon, FALSE);
  return icon;
}

static void
update_notes (BylineArticleForm *self)
{
  BylineArticle *article = self->article;
  const char *title_note = article != NULL ? byline_article_get_provenance (article, "title") : NULL;

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    show_note (self->field_notes[i],
               article != NULL ? byline_article_get_provenance (article, text_fields[i].field)
                               : NULL);
  show_note (self->publish_time_note,
             article != NULL ? byline_article_get_provenance (article, "publish-time") : NULL);

  if (title_note != NULL)
    {
      g_autofree char *text = format_note (title_note);

      gtk_label_set_text (self->title_note_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->title_note_label), title_note != NULL);
}

/* What ingest took out of the source (site name, breadcrumbs, share
 * buttons, disclaimers, related links), so that nothing goes silently. */
static void
update_removed (BylineArticleForm *self)
{
  const char * const *lines = self->article != NULL
                              ? byline_article_get_removed_lines (self->article) : NULL;
  guint n = lines != NULL ? g_strv_length ((char **) lines) : 0;
  g_autofree char *subtitle = NULL;

  for (guint i = 0; i < self->removed_rows->len; i++)
    adw_expander_row_remove (self->removed_row, g_ptr_array_index (self->removed_rows, i));
  g_ptr_array_set_size (self->removed_rows, 0);

  gtk_widget_set_visible (GTK_WIDGET (self->removed_group), n > 0);
  if (n == 0)
    return;

  /* Translators: the subtitle of "Removed from Source"; %u lines of page chrome */
  subtitle = g_strdup_printf (ngettext ("%u line", "%u lines", n), n);
  adw_expander_row_set_subtitle (self->removed_row, subtitle);

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), lines[i]);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
      adw_expander_row_add_row (self->removed_row, row);
      g_ptr_array_add (self->removed_rows, row);
    }
}

static void
article_notify_cb (BylineArticleForm *self,
                   GParamSpec        *pspec)
{
  /* The body and the saved time come with every save of a long draft, and
   * neither has a note. */
  if (g_strcmp0 (pspec->name, "body") == 0 || g_strcmp0 (pspec->name, "updated") == 0)
    return;
  if (g_strcmp0 (pspec->name, "removed-lines") == 0)
    update_removed (self);
  else
    update_notes (self);
}

static void
populate (BylineArticleForm *self)
{
  BylineArticle *article = self->article;

  self->populating = TRUE;
  self->body_unsynced = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      const char *value = article != NULL ? text_fields[i].get (article) : NULL;

      gtk_editable_set_text (TEXT_FIELD (self, i), value != NULL ? value : "");
    }

  if (article != NULL && byline_article_get_tags (article) != NULL)
    {
      g_autofree char *tags = g_strjoinv (", ", (char **) byline_article_get_tags (article));

      gtk_editable_set_text (GTK_EDITABLE (self->tags_row), tags);
    }
  else
    {
      gtk_editable_set_text (GTK_EDITABLE (self->tags_row), "");
    }

  set_buffer_text (gtk_text_view_get_buffer (self->title_view),
                   article != NULL ? byline_article_get_title (article) : NULL);
  set_buffer_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->body_view)),
                   article != NULL ? byline_article_get_body (article) : NULL);
  set_buffer_text (gtk_text_view_get_buffer (self->summary_view),
                   article != NULL ? byline_article_get_summary (article) : NULL);
  adw_combo_row_set_selected (self->publish_mode_row,
                              article != NULL ? byline_article_get_publish_mode (article) : 0);
  update_publish_time_row (self);
  load_cover_thumbnail (self);
  update_notes (self);
  update_removed (self);

  self->populating = FALSE;
}

static void
update_style_scheme (BylineArticleForm *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  GtkSourceBuffer *buffer;
  const char *id = adw_style_manager_get_dark (manager) ? "Adwaita-dark" : "Adwaita";

  buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->body_view)));
  gtk_source_buffer_set_style_scheme (buffer,
                                      gtk_source_style_scheme_manager_get_scheme (schemes, id));
}

/* The first frame */

/* A GtkTextView learns its height from an idle that runs after a frame, so
 * the title would be missing from the first one: it asks for one line of
 * its font until then. */
static void
reserve_title_line (BylineArticleForm *self)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self->title_view),
                                                                  "标题");
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  gtk_widget_set_size_request (GTK_WIDGET (self->title_view), -1,
                               height + gtk_text_view_get_top_margin (self->title_view) +
                               gtk_text_view_get_bottom_margin (self->title_view));
}

/**
 * byline_article_form_get_markdown_language:
 *
 * The language the body is highlighted with: Byline's own Markdown
 * definition, ui/byline-markdown.lang in the resources (the file says why
 * not GtkSourceView's markdown.lang). Its styles map to GtkSourceView's
 * "def" language, so its manager searches the resources first and then
 * wherever the default manager looks.
 *
 * Returns: (transfer none): the language
 */
GtkSourceLanguage *
byline_article_form_get_markdown_language (void)
{
  static GtkSourceLanguageManager *manager;

  if (manager == NULL)
    {
      GtkSourceLanguageManager *system = gtk_source_language_manager_get_default ();
      const char * const *system_path = gtk_source_language_manager_get_search_path (system);
      g_autoptr(GStrvBuilder) path = g_strv_builder_new ();
      g_auto(GStrv) dirs = NULL;

      g_strv_builder_add (path, "resource:///io/github/byline/Byline/language-specs");
      g_strv_builder_addv (path, (const char **) system_path);
      dirs = g_strv_builder_end (path);
      manager = gtk_source_language_manager_new ();
      gtk_source_language_manager_set_search_path (manager, (const char * const *) dirs);
    }

  return gtk_source_language_manager_get_language (manager, "byline-markdown");
}

/* Even a small language definition is validated against its RelaxNG schema
 * and has its regexes compiled; the text needs none of it to be shown, so
 * the body gets its colours once the first frame is out. */
static gboolean
after_first_frame_cb (gpointer user_data)
{
  BylineArticleForm *self = user_data;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->body_view));

  self->language_source = 0;
  self->first_frame_done = TRUE;
  gtk_widget_set_size_request (GTK_WIDGET (self->title_view), -1, -1);
  gtk_source_buffer_set_language (GTK_SOURCE_BUFFER (buffer),
                                  byline_article_form_get_markdown_language ());

  return G_SOURCE_REMOVE;
}

static void
forget_language_clock (BylineArticleForm *self)
{
  if (self->language_clock != NULL)
    g_clear_signal_handler (&self->language_paint_handler, self->language_clock);
  g_clear_object (&self->language_clock);
}

static void
first_paint_cb (GdkFrameClock     *clock,
                BylineArticleForm *self)
{
  forget_language_clock (self);

  if (self->language_source == 0)
    self->language_source = g_timeout_add_full (G_PRIORITY_LOW, BYLINE_AFTER_FIRST_FRAME_MS,
                                                after_first_frame_cb, self, NULL);
}

static void
byline_article_form_map (GtkWidget *widget)
{
  BylineArticleForm *self = BYLINE_ARTICLE_FORM (widget);

  GTK_WIDGET_CLASS (byline_article_form_parent_class)->map (widget);

  if (!self->first_frame_done && self->language_source == 0 && self->language_clock == NULL)
    {
      reserve_title_line (self);
      self->language_clock = g_object_ref (gtk_widget_get_frame_clock (widget));
      self->language_paint_handler = g_signal_connect (self->language_clock, "after-paint",
                                                       G_CALLBACK (first_paint_cb), self);
    }
}

static void
byline_article_form_unmap (GtkWidget *widget)
{
  forget_language_clock (BYLINE_ARTICLE_FORM (widget));

  GTK_WIDGET_CLASS (byline_article_form_parent_class)->unmap (widget);
}

/* The category picker */

static void
category_chosen_cb (BylineArticleForm *self,
                    const char        *name,
                    gint64             id,
                    gboolean           by_editor)
{
  if (self->article == NULL || !gtk_widget_get_sensitive (GTK_WIDGET (self->category_row)))
    return;

  if (g_strcmp0 (byline_article_get_category (self->article), name) != 0 ||
      byline_article_get_category_id (self->article) != id)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->category_row), name);
      byline_article_set_category_id (self->article, id);
      emit_changed (self);
    }
  if (by_editor)
    gtk_menu_button_popdown (self->category_button);
}

static void
category_popover_show_cb (BylineArticleForm *self)
{
  byline_category_picker_set_store (self->category_picker, self->store);
  byline_category_picker_reload (self->category_picker,
                                 self->article != NULL
                                 ? byline_article_get_category (self->article) : NULL,
                                 self->article != NULL
                                 ? byline_article_get_category_id (self->article) : 0);
}

static void
setup_category_picker (BylineArticleForm *self)
{
  GtkWidget *popover = gtk_popover_new ();

  self->category_picker = BYLINE_CATEGORY_PICKER (byline_category_picker_new ());
  g_signal_connect_swapped (self->category_picker, "chosen",
                            G_CALLBACK (category_chosen_cb), self);
  gtk_popover_set_child (GTK_POPOVER (popover), GTK_WIDGET (self->category_picker));
  g_signal_connect_swapped (popover, "show", G_CALLBACK (category_popover_show_cb), self);

  self->category_button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_icon_name (self->category_button, "view-list-symbolic");
  gtk_menu_button_set_popover (self->category_button, popover);
  gtk_widget_set_valign (GTK_WIDGET (self->category_button), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->category_button), "flat");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->category_button),
                               _("Choose from the Portal’s Categories"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->category_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Choose from the Portal’s Categories"), -1);
  adw_entry_row_add_suffix (self->category_row, GTK_WIDGET (self->category_button));
}

/* GObject */

static void
byline_article_form_dispose (GObject *object)
{
  BylineArticleForm *self = BYLINE_ARTICLE_FORM (object);

  /* Whoever holds the article keeps the last keystrokes. */
  byline_article_form_sync_article (self);

  forget_language_clock (self);
  g_clear_handle_id (&self->language_source, g_source_remove);
  g_cancellable_cancel (self->cover_cancellable);
  g_clear_object (&self->cover_cancellable);
  if (self->cover_chooser != NULL)
    gtk_native_dialog_destroy (self->cover_chooser);
  g_clear_object (&self->cover_chooser);

  for (guint i = 0; i < G_N_ELEMENTS (self->completions); i++)
    {
      if (self->completions[i].popover != NULL)
        gtk_widget_unparent (GTK_WIDGET (self->completions[i].popover));
      self->completions[i].popover = NULL;
    }

  if (self->article != NULL)
    g_clear_signal_handler (&self->article_notify, self->article);

  g_clear_object (&self->word_counter);
  gtk_widget_dispose_template (GTK_WIDGET (self), BYLINE_TYPE_ARTICLE_FORM);

  g_clear_pointer (&self->removed_rows, g_ptr_array_unref);
  g_clear_object (&self->article);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (byline_article_form_parent_class)->dispose (object);
}

static void
byline_article_form_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BylineArticleForm *self = BYLINE_ARTICLE_FORM (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_ARTICLE:
      g_value_set_object (value, byline_article_form_get_article (self));
      break;

    case PROP_EDITABLE:
      g_value_set_boolean (value, self->editable);
      break;

    case PROP_SHOW_FIELDS:
      g_value_set_boolean (value, byline_article_form_get_show_fields (self));
      break;

    case PROP_WORD_COUNT:
      g_value_set_uint64 (value, byline_article_form_get_word_count (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_article_form_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  BylineArticleForm *self = BYLINE_ARTICLE_FORM (object);

  switch (prop_id)
    {
    case PROP_STORE:
      byline_article_form_set_store (self, g_value_get_object (value));
      break;

    case PROP_ARTICLE:
      byline_article_form_set_article (self, g_value_get_object (value));
      break;

    case PROP_EDITABLE:
      byline_article_form_set_editable (self, g_value_get_boolean (value));
      break;

    case PROP_SHOW_FIELDS:
      byline_article_form_set_show_fields (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_article_form_class_init (BylineArticleFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = byline_article_form_dispose;
  object_class->get_property = byline_article_form_get_property;
  object_class->set_property = byline_article_form_set_property;
  widget_class->map = byline_article_form_map;
  widget_class->unmap = byline_article_form_unmap;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         BYLINE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ARTICLE] =
    g_param_spec_object ("article", NULL, NULL,
                         BYLINE_TYPE_ARTICLE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_EDITABLE] =
    g_param_spec_boolean ("editable", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SHOW_FIELDS] =
    g_param_spec_boolean ("show-fields", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * BylineArticleForm:word-count:
   *
   * The body's 字数, as byline_count_words() counts it, kept up to date as
   * the editor types.
   */
  properties[PROP_WORD_COUNT] =
    g_param_spec_uint64 ("word-count", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BylineArticleForm::changed:
   *
   * Emitted after the editor changed the article, never while a new article
   * is being shown.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/byline/Byline/ui/byline-article-form.ui");
  gtk_widget_class_bind_template_child (widget_class, BylineArticleForm, flap);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleForm, fields_panel);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleForm, title_view);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleForm, body_view);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleForm, source_row);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleForm, author_row);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleForm, source_url_row);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleForm, original_title_row);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleForm, original_source_row);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleForm, category_row);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleForm, tags_row);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleForm, publish_time_row);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleForm, publish_time_button);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleForm, publish_mode_row);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleForm, editor_row);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleForm, short_title_row);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleForm, summary_view);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleForm, cover_row);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleForm, cover_picture);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleForm, cover_choose_button);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleForm, cover_remove_button);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleForm, keywords_row);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleForm, slug_row);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleForm, title_note_label);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleForm, removed_group);
  gtk_widget_class_bind_template_child (widget_class, BylineArticleForm, removed_row);
  gtk_widget_class_bind_template_callback (widget_class, flap_reveal_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, flap_folded_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, tags_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, publish_mode_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, cover_choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cover_remove_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
byline_article_form_init (BylineArticleForm *self)
{
  GtkSourceBuffer *body_buffer;
  GtkEventController *key;
  GtkDropTarget *drop;

  self->editable = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (self->publish_time_button, create_publish_time_popup,
                                         self, NULL);

  body_buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->body_view)));
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_style_scheme), self, G_CONNECT_SWAPPED);
  update_style_scheme (self);

  g_signal_connect_swapped (body_buffer, "changed", G_CALLBACK (body_changed_cb), self);
  self->word_counter = byline_word_counter_new (GTK_TEXT_BUFFER (body_buffer));
  g_signal_connect_swapped (self->word_counter, "notify::count",
                            G_CALLBACK (word_count_changed_cb), self);
  g_signal_connect (gtk_text_view_get_buffer (self->title_view), "insert-text",
                    G_CALLBACK (title_insert_text_cb), self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->title_view), "changed",
                            G_CALLBACK (title_changed_cb), self);
  key = gtk_event_controller_key_new ();
  g_signal_connect (key, "key-pressed", G_CALLBACK (title_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->title_view), key);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->summary_view), "changed",
                            G_CALLBACK (summary_changed_cb), self);

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      GtkEditable *editable = TEXT_FIELD (self, i);

      if (ADW_IS_ENTRY_ROW (editable))
        byline_entry_row_label_text (ADW_ENTRY_ROW (editable));
      self->field_notes[i] = make_note_icon ();
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (editable), self->field_notes[i]);
      g_object_set_data (G_OBJECT (editable), "byline-field", GUINT_TO_POINTER (i));
      g_signal_connect (editable, "changed", G_CALLBACK (text_field_changed_cb), self);
    }

  self->publish_time_note = make_note_icon ();
  adw_action_row_add_suffix (self->publish_time_row, self->publish_time_note);
  self->removed_rows = g_ptr_array_new ();

  byline_entry_row_label_text (self->tags_row);
  setup_category_picker (self);
  completion_init (self, &self->completions[0], self->author_row, BYLINE_REMEMBERED_AUTHOR,
                   FALSE);
  completion_init (self, &self->completions[1], self->source_row, BYLINE_REMEMBERED_SOURCE,
                   FALSE);
  completion_init (self, &self->completions[2], self->tags_row, BYLINE_REMEMBERED_AUTHOR, TRUE);

  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, (GType[2]) { GDK_TYPE_FILE_LIST, G_TYPE_FILE }, 2);
  g_signal_connect (drop, "drop", G_CALLBACK (cover_drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->cover_row), GTK_EVENT_CONTROLLER (drop));

  populate (self);
}

GtkWidget *
byline_article_form_new (void)
{
  return g_object_new (BYLINE_TYPE_ARTICLE_FORM, NULL);
}

BylineStore *
byline_article_form_get_store (BylineArticleForm *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE_FORM (self), NULL);

  return self->store;
}

void
byline_article_form_set_store (BylineArticleForm *self,
                               BylineStore       *store)
{
  g_return_if_fail (BYLINE_IS_ARTICLE_FORM (self));
  g_return_if_fail (store == NULL || BYLINE_IS_STORE (store));

  if (g_set_object (&self->store, store))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

/**
 * byline_article_form_get_article:
 * @self: a #BylineArticleForm
 *
 * Returns: (transfer none) (nullable): the article being edited, with
 *   every edit written into it
 */
BylineArticle *
byline_article_form_get_article (BylineArticleForm *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE_FORM (self), NULL);

  byline_article_form_sync_article (self);
  return self->article;
}

/* Copying the body a slice at a time */

/* About 48 KB of Chinese text, a few tenths of a millisecond to copy. */
#define BODY_COPY_SLICE_CHARS 16384

/* Copying a 200,000-character body at once holds the main loop for 1 to
 * 2 ms, the biggest part of what an autosave costs it. An autosave copies
 * it a slice per turn of the main loop instead, from both ends towards
 * the cursor: the keystrokes meanwhile land between the two marks, in
 * text not copied yet, and the last slice takes whatever lies between
 * them then, so the copy is the body as it is when the copy ends. An edit
 * anywhere else (an undo, a replace-all) starts the copy again, once;
 * after that it is finished in one go. */
struct _BodyCopy
{
  GTask         *task;
  GtkTextBuffer *buffer;
  GtkTextMark   *head_end;    /* left gravity: text typed at it is not copied yet */
  GtkTextMark   *tail_start;  /* right gravity, for the same reason */
  GString       *head;
  GPtrArray     *tail;        /* slices from the end, the last one first */
  gulong         handlers[4];
  guint          source;
  gboolean       stale;
  gboolean       restarted;
};

static void
body_copy_free (BodyCopy *copy)
{
  g_clear_handle_id (&copy->source, g_source_remove);
  for (guint i = 0; i < G_N_ELEMENTS (copy->handlers); i++)
    g_clear_signal_handler (&copy->handlers[i], copy->buffer);
  gtk_text_buffer_delete_mark (copy->buffer, copy->head_end);
  gtk_text_buffer_delete_mark (copy->buffer, copy->tail_start);
  if (copy->head != NULL)
    g_string_free (copy->head, TRUE);
  g_ptr_array_unref (copy->tail);
  g_object_unref (copy->buffer);
  g_free (copy);
}

/* Ends the running copy; @body, when not %NULL, is the whole body now. */
static void
finish_body_copy (BylineArticleForm *self,
                  char              *body)
{
  BodyCopy *copy = g_steal_pointer (&self->body_copy);
  g_autoptr(GTask) task = g_steal_pointer (&copy->task);

  body_copy_free (copy);

  if (body != NULL && self->article != NULL)
    {
      self->body_unsynced = FALSE;
      byline_article_set_body (self->article, body);
    }
  g_free (body);

  g_task_return_boolean (task, TRUE);
}

static gboolean
outside_body_copy_gap (BodyCopy          *copy,
                       const GtkTextIter *start,
                       const GtkTextIter *end)
{
  GtkTextIter head_end, tail_start;

  gtk_text_buffer_get_iter_at_mark (copy->buffer, &head_end, copy->head_end);
  gtk_text_buffer_get_iter_at_mark (copy->buffer, &tail_start, copy->tail_start);
  return gtk_text_iter_compare (start, &head_end) < 0 ||
         gtk_text_iter_compare (end, &tail_start) > 0;
}

static void
body_copy_insert_text_cb (GtkTextBuffer *buffer,
                          GtkTextIter   *location,
                          char          *text,
                          int            len,
                          BodyCopy      *copy)
{
  if (outside_body_copy_gap (copy, location, location))
    copy->stale = TRUE;
}

static void
body_copy_delete_range_cb (GtkTextBuffer *buffer,
                           GtkTextIter   *start,
                           GtkTextIter   *end,
                           BodyCopy      *copy)
{
  if (outside_body_copy_gap (copy, start, end))
    copy->stale = TRUE;
}

/* Hidden text is left out, as by gtk_text_buffer_get_text(): hiding or
 * showing copied text makes the copy wrong too. */
static void
body_copy_tag_cb (GtkTextBuffer *buffer,
                  GtkTextTag    *tag,
                  GtkTextIter   *start,
                  GtkTextIter   *end,
                  BodyCopy      *copy)
{
  gboolean invisible_set = FALSE;

  g_object_get (tag, "invisible-set", &invisible_set, NULL);
  if (invisible_set && outside_body_copy_gap (copy, start, end))
    copy->stale = TRUE;
}

static void
restart_body_copy (BodyCopy *copy)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (copy->buffer, &start, &end);
  gtk_text_buffer_move_mark (copy->buffer, copy->head_end, &start);
  gtk_text_buffer_move_mark (copy->buffer, copy->tail_start, &end);
  g_string_truncate (copy->head, 0);
  g_ptr_array_set_size (copy->tail, 0);
  copy->stale = FALSE;
}

static gboolean
copy_body_slice_cb (gpointer user_data)
{
  BylineArticleForm *self = user_data;
  BodyCopy *copy = self->body_copy;
  GtkTextIter head_end, tail_start, target, to;
  char *text;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (copy->task)))
    {
      g_autoptr(GTask) task = g_steal_pointer (&copy->task);

      copy->source = 0;
      g_clear_pointer (&self->body_copy, body_copy_free);
      g_task_return_error_if_cancelled (task);
      return G_SOURCE_REMOVE;
    }

  if (copy->stale && copy->restarted)
    {
      copy->source = 0;
      byline_article_form_sync_article (self);
      return G_SOURCE_REMOVE;
    }
  if (copy->stale)
    {
      copy->restarted = TRUE;
      restart_body_copy (copy);
    }

  gtk_text_buffer_get_iter_at_mark (copy->buffer, &head_end, copy->head_end);
  gtk_text_buffer_get_iter_at_mark (copy->buffer, &tail_start, copy->tail_start);
  gtk_text_buffer_get_iter_at_mark (copy->buffer, &target,
                                    gtk_text_buffer_get_insert (copy->buffer));
  if (gtk_text_iter_compare (&target, &head_end) < 0)
    target = head_end;
  if (gtk_text_iter_compare (&target, &tail_start) > 0)
    target = tail_start;

  if (gtk_text_iter_compare (&head_end, &target) < 0)
    {
      to = head_end;
      gtk_text_iter_forward_chars (&to, BODY_COPY_SLICE_CHARS);
      if (gtk_text_iter_compare (&to, &target) > 0)
        to = target;
      text = gtk_text_buffer_get_text (copy->buffer, &head_end, &to, FALSE);
      g_string_append (copy->head, text);
      g_free (text);
      gtk_text_buffer_move_mark (copy->buffer, copy->head_end, &to);
      return G_SOURCE_CONTINUE;
    }

  if (gtk_text_iter_compare (&target, &tail_start) < 0)
    {
      to = tail_start;
      gtk_text_iter_backward_chars (&to, BODY_COPY_SLICE_CHARS);
      if (gtk_text_iter_compare (&to, &target) < 0)
        to = target;
      g_ptr_array_add (copy->tail, gtk_text_buffer_get_text (copy->buffer, &to, &tail_start, FALSE));
      gtk_text_buffer_move_mark (copy->buffer, copy->tail_start, &to);
      return G_SOURCE_CONTINUE;
    }

  /* The two ends met: what was typed meanwhile lies between them. */
  text = gtk_text_buffer_get_text (copy->buffer, &head_end, &tail_start, FALSE);
  g_string_append (copy->head, text);
  g_free (text);
  for (guint i = copy->tail->len; i > 0; i--)
    g_string_append (copy->head, g_ptr_array_index (copy->tail, i - 1));

  copy->source = 0;
  finish_body_copy (self, g_string_free (g_steal_pointer (&copy->head), FALSE));
  return G_SOURCE_REMOVE;
}

/**
 * byline_article_form_sync_article_async:
 * @self: a #BylineArticleForm
 * @cancellable: (nullable): a cancellable
 * @callback: called once the article holds the body
 * @user_data: for @callback
 *
 * Like byline_article_form_sync_article(), for an autosave: a long body is
 * copied a slice per turn of the main loop, so that no turn takes more
 * than a fraction of a millisecond, and the editor may type meanwhile.
 * When @callback runs, the article holds the body as it was when the
 * copy ended. byline_article_form_sync_article() finishes a running copy
 * at once.
 */
void
byline_article_form_sync_article_async (BylineArticleForm   *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  BodyCopy *copy;

  g_return_if_fail (BYLINE_IS_ARTICLE_FORM (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, byline_article_form_sync_article_async);

  /* One copy at a time: a second request finishes the first at once. */
  if (self->body_copy != NULL)
    byline_article_form_sync_article (self);

  if (!self->body_unsynced || self->article == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->body_view));
  gtk_text_buffer_get_bounds (buffer, &start, &end);

  copy = g_new0 (BodyCopy, 1);
  copy->task = g_steal_pointer (&task);
  copy->buffer = g_object_ref (buffer);
  copy->head_end = gtk_text_buffer_create_mark (buffer, NULL, &start, TRUE);
  copy->tail_start = gtk_text_buffer_create_mark (buffer, NULL, &end, FALSE);
  copy->head = g_string_sized_new (gtk_text_buffer_get_char_count (buffer) * 3 + 1);
  copy->tail = g_ptr_array_new_with_free_func (g_free);
  copy->handlers[0] = g_signal_connect (buffer, "insert-text",
                                        G_CALLBACK (body_copy_insert_text_cb), copy);
  copy->handlers[1] = g_signal_connect (buffer, "delete-range",
                                        G_CALLBACK (body_copy_delete_range_cb), copy);
  copy->handlers[2] = g_signal_connect (buffer, "apply-tag", G_CALLBACK (body_copy_tag_cb), copy);
  copy->handlers[3] = g_signal_connect (buffer, "remove-tag", G_CALLBACK (body_copy_tag_cb), copy);
  /* Above GTK's layout and drawing, as the one-piece copy was, so that no
   * frame shows a state the store has not been asked to keep yet; input
   * and timers still run between the slices. */
  copy->source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, copy_body_slice_cb, self, NULL);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, copy->source),
                            "[byline] body copy");
  self->body_copy = copy;
}

/**
 * byline_article_form_sync_article_finish:
 * @self: a #BylineArticleForm
 * @result: the result given to the callback
 * @error: where to put an error (only %G_IO_ERROR_CANCELLED)
 *
 * Returns: %TRUE when the article holds the body
 */
gboolean
byline_article_form_sync_article_finish (BylineArticleForm  *self,
                                         GAsyncResult       *result,
                                         GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * byline_article_form_sync_article:
 * @self: a #BylineArticleForm
 *
 * Writes the body into the article if it changed since the last time.
 * Every other field is written as it is edited; the body waits for this,
 * which whatever reads the article (a save, a publish, a copy) calls first.
 */
void
byline_article_form_sync_article (BylineArticleForm *self)
{
  g_autofree char *body = NULL;

  g_return_if_fail (BYLINE_IS_ARTICLE_FORM (self));

  if (self->body_unsynced && self->article != NULL)
    {
      self->body_unsynced = FALSE;
      body = dup_buffer_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->body_view)));
      byline_article_set_body (self->article, body);
    }

  /* A copy still running is worthless now; whoever waits for it learns
   * that the article holds the body. */
  if (self->body_copy != NULL)
    finish_body_copy (self, NULL);
}

/**
 * byline_article_form_get_word_count:
 * @self: a #BylineArticleForm
 *
 * Returns: the body's 字数 (see #BylineArticleForm:word-count)
 */
guint64
byline_article_form_get_word_count (BylineArticleForm *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE_FORM (self), 0);

  return byline_word_counter_get_count (self->word_counter);
}

void
byline_article_form_set_article (BylineArticleForm *self,
                                 BylineArticle     *article)
{
  g_return_if_fail (BYLINE_IS_ARTICLE_FORM (self));
  g_return_if_fail (article == NULL || BYLINE_IS_ARTICLE (article));

  if (self->article == article)
    return;
  byline_article_form_sync_article (self);
  if (self->article != NULL)
    g_clear_signal_handler (&self->article_notify, self->article);
  g_set_object (&self->article, article);
  if (article != NULL)
    self->article_notify = g_signal_connect_object (article, "notify",
                                                    G_CALLBACK (article_notify_cb), self,
                                                    G_CONNECT_SWAPPED);

  populate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARTICLE]);
}

gboolean
byline_article_form_get_editable (BylineArticleForm *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE_FORM (self), FALSE);

  return self->editable;
}

/* A read-only store still shows every draft; only changing them is off. */
void
byline_article_form_set_editable (BylineArticleForm *self,
                                  gboolean           editable)
{
  g_return_if_fail (BYLINE_IS_ARTICLE_FORM (self));

  editable = !!editable;
  if (self->editable == editable)
    return;

  self->editable = editable;

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    gtk_editable_set_editable (TEXT_FIELD (self, i), editable);
  gtk_editable_set_editable (GTK_EDITABLE (self->tags_row), editable);
  gtk_text_view_set_editable (self->title_view, editable);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (self->body_view), editable);
  gtk_text_view_set_editable (self->summary_view, editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->publish_time_button), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->publish_mode_row), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cover_choose_button), editable);
  load_cover_thumbnail (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITABLE]);
}

gboolean
byline_article_form_get_show_fields (BylineArticleForm *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE_FORM (self), FALSE);

  return adw_flap_get_reveal_flap (self->flap);
}

void
byline_article_form_set_show_fields (BylineArticleForm *self,
                                     gboolean           show_fields)
{
  g_return_if_fail (BYLINE_IS_ARTICLE_FORM (self));

  /* Notified from flap_reveal_changed_cb(), since the flap also hides
   * itself when the window gets narrow. */
  adw_flap_set_reveal_flap (self->flap, !!show_fields);
}

void
byline_article_form_focus_title (BylineArticleForm *self)
{
  g_return_if_fail (BYLINE_IS_ARTICLE_FORM (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->title_view));
}

/**
 * byline_article_form_focus_field:
 * @self: a #BylineArticleForm
 * @field: a field's property name ("title", "category", "publish-time"…)
 *
 * Shows and focuses the widget of @field, for the editor to fix it.
 */
void
byline_article_form_focus_field (BylineArticleForm *self,
                                 const char        *field)
{
  GtkWidget *widget = NULL;

  g_return_if_fail (BYLINE_IS_ARTICLE_FORM (self));

  if (g_strcmp0 (field, "title") == 0)
    widget = GTK_WIDGET (self->title_view);
  else if (g_strcmp0 (field, "body") == 0)
    widget = GTK_WIDGET (self->body_view);
  else if (g_strcmp0 (field, "tags") == 0)
    widget = GTK_WIDGET (self->tags_row);
  else if (g_strcmp0 (field, "publish-time") == 0)
    widget = GTK_WIDGET (self->publish_time_row);
  else
    for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
      if (g_strcmp0 (field, text_fields[i].field) == 0)
        widget = GTK_WIDGET (TEXT_FIELD (self, i));

  if (widget == NULL)
    return;
  if (widget != GTK_WIDGET (self->title_view) && widget != GTK_WIDGET (self->body_view))
    byline_article_form_set_show_fields (self, TRUE);
  gtk_widget_grab_focus (widget);
}

/**
 * byline_article_form_dup_shown_text:
 * @self: a #BylineArticleForm
 * @field: a field's property name ("title", "body", "source", "publish-time"…)
 *
 * What the form shows for @field, read back from its widget: for tests,
 * which check what the editor sees rather than the model behind it.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL for an unknown field
 */
char *
byline_article_form_dup_shown_text (BylineArticleForm *self,
                                    const char        *field)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE_FORM (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  if (g_str_equal (field, "title"))
    return dup_buffer_text (gtk_text_view_get_buffer (self->title_view));
  if (g_str_equal (field, "body"))
    return dup_buffer_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->body_view)));
  if (g_str_equal (field, "summary"))
    return dup_buffer_text (gtk_text_view_get_buffer (self->summary_view));
  if (g_str_equal (field, "publish-time"))
    return g_strdup (adw_action_row_get_subtitle (self->publish_time_row));

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    if (g_str_equal (field, text_fields[i].field))
      return g_strdup (gtk_editable_get_text (TEXT_FIELD (self, i)));

  return NULL;
}

/**
 * byline_article_form_dup_shown_note:
 * @self: a #BylineArticleForm
 * @field: a field's property name
 *
 * Returns: (transfer full) (nullable): the "filled in from the source" note
 *   the form shows beside @field, or %NULL when it shows none
 */
char *
byline_article_form_dup_shown_note (BylineArticleForm *self,
                                    const char        *field)
{
  GtkWidget *icon = NULL;

  g_return_val_if_fail (BYLINE_IS_ARTICLE_FORM (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  if (g_str_equal (field, "title"))
    return gtk_widget_get_visible (GTK_WIDGET (self->title_note_label))
           ? g_strdup (gtk_label_get_text (self->title_note_label)) : NULL;
  if (g_str_equal (field, "publish-time"))
    icon = self->publish_time_note;
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    if (g_str_equal (field, text_fields[i].field))
      icon = self->field_notes[i];

  if (icon == NULL || !gtk_widget_get_visible (icon))
    return NULL;
  return g_strdup (gtk_widget_get_tooltip_text (icon));
}

/**
 * byline_article_form_get_n_removed_shown:
 * @self: a #BylineArticleForm
 *
 * Returns: how many removed lines the "Removed from Source" section lists
 */
guint
byline_article_form_get_n_removed_shown (BylineArticleForm *self)
{
  g_return_val_if_fail (BYLINE_IS_ARTICLE_FORM (self), 0);

  return gtk_widget_get_visible (GTK_WIDGET (self->removed_group)) ? self->removed_rows->len : 0;
}
