/* byline-window-ingest.c: source material dropped, pasted or imported into
 * the window becomes a filled-in draft
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "byline-ingest.h"
#include "byline-session.h"
#include "byline-window-private.h"

/* Encodings an editor can pick when the guess was wrong. */
static const char * const encodings[] = {
  "UTF-8", "GB18030", "BIG5", "UTF-16LE", "UTF-16BE", NULL,
};

struct _BylineWindowIngest
{
  GCancellable *cancellable;

  /* Files of one import, taken one after the other. */
  GPtrArray    *files;
  guint         next_file;
  guint         made;
  GPtrArray    *failures;

  /* The progress window of a long import or an address fetch. */
  GtkWindow    *progress;
  GtkLabel     *progress_label;
  GtkProgressBar *progress_bar;
  guint         pulse_source;

  /* The draft the last ingest made, while it is untouched: Ctrl+Z then
   * removes it. */
  BylineArticle *last_article;
  gulong         last_notify;
  GFile         *last_file;
};

static void ingest_next_file (BylineWindow *self);

static BylineWindowIngest *
get_ingest (BylineWindow *self)
{
  if (self->ingest == NULL)
    self->ingest = g_new0 (BylineWindowIngest, 1);
  return self->ingest;
}


/* Progress */

static gboolean
pulse_cb (gpointer user_data)
{
  BylineWindow *self = user_data;

  gtk_progress_bar_pulse (self->ingest->progress_bar);
  return G_SOURCE_CONTINUE;
}

static void
cancel_clicked_cb (BylineWindow *self)
{
  g_cancellable_cancel (self->ingest->cancellable);
}

static gboolean
progress_close_request_cb (BylineWindow *self)
{
  g_cancellable_cancel (self->ingest->cancellable);
  return TRUE;
}

static void
show_progress (BylineWindow *self,
               const char   *text,
               double        fraction)
{
  BylineWindowIngest *ingest = get_ingest (self);

  if (ingest->progress == NULL)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
      GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));

      ingest->progress = GTK_WINDOW (adw_window_new ());
      gtk_window_set_title (ingest->progress, _("Importing"));
      gtk_window_set_modal (ingest->progress, TRUE);
      gtk_window_set_transient_for (ingest->progress, GTK_WINDOW (self));
      gtk_window_set_default_size (ingest->progress, 360, -1);
      gtk_window_set_resizable (ingest->progress, FALSE);
      g_signal_connect_object (ingest->progress, "close-request",
                               G_CALLBACK (progress_close_request_cb), self, G_CONNECT_SWAPPED);

      gtk_widget_set_margin_start (box, 24);
      gtk_widget_set_margin_end (box, 24);
      gtk_widget_set_margin_top (box, 24);
      gtk_widget_set_margin_bottom (box, 24);

      ingest->progress_label = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_wrap (ingest->progress_label, TRUE);
      gtk_label_set_xalign (ingest->progress_label, 0);
      ingest->progress_bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
      gtk_accessible_update_relation (GTK_ACCESSIBLE (ingest->progress_bar),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                      ingest->progress_label, NULL, -1);
      gtk_widget_set_halign (cancel, GTK_ALIGN_END);
      g_signal_connect_object (cancel, "clicked", G_CALLBACK (cancel_clicked_cb), self,
                               G_CONNECT_SWAPPED);

      gtk_box_append (GTK_BOX (box), GTK_WIDGET (ingest->progress_label));
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (ingest->progress_bar));
      gtk_box_append (GTK_BOX (box), cancel);
      adw_window_set_content (ADW_WINDOW (ingest->progress), box);
    }

  gtk_label_set_text (ingest->progress_label, text);
  if (fraction < 0)
    {
      if (ingest->pulse_source == 0)
        ingest->pulse_source = g_timeout_add (100, pulse_cb, self);
    }
  else
    {
      g_clear_handle_id (&ingest->pulse_source, g_source_remove);
      gtk_progress_bar_set_fraction (ingest->progress_bar, fraction);
    }

  gtk_window_present (ingest->progress);
}

static void
hide_progress (BylineWindow *self)
{
  BylineWindowIngest *ingest = get_ingest (self);

  g_clear_handle_id (&ingest->pulse_source, g_source_remove);
  if (ingest->progress != NULL)
    {
      gtk_window_destroy (ingest->progress);
      ingest->progress = NULL;
      ingest->progress_label = NULL;
      ingest->progress_bar = NULL;
    }
}

static GCancellable *
begin_work (BylineWindow *self)
{
  BylineWindowIngest *ingest = get_ingest (self);

  g_cancellable_cancel (ingest->cancellable);
  g_clear_object (&ingest->cancellable);
  ingest->cancellable = g_cancellable_new ();
  return ingest->cancellable;
}

/* The draft an ingest made, and its undo */

static void
forget_last_ingest (BylineWindow *self)
{
  BylineWindowIngest *ingest = get_ingest (self);

  if (ingest->last_article != NULL)
    g_clear_signal_handler (&ingest->last_notify, ingest->last_article);
  g_clear_object (&ingest->last_article);
}

static void
last_article_changed_cb (BylineWindow *self)
{
  /* The editor has started on it: Ctrl+Z is the text's again. */
  forget_last_ingest (self);
}

static void
remember_last_ingest (BylineWindow  *self,
                      BylineArticle *article)
{
  BylineWindowIngest *ingest = get_ingest (self);

  forget_last_ingest (self);
  ingest->last_article = g_object_ref (article);
  ingest->last_notify = g_signal_connect_object (article, "notify",
                                                 G_CALLBACK (last_article_changed_cb), self,
                                                 G_CONNECT_SWAPPED);
}

static gboolean
undo_last_ingest (BylineWindow *self)
{
  BylineWindowIngest *ingest = get_ingest (self);
  g_autoptr(BylineArticle) article = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *latest = NULL;

  if (ingest->last_article == NULL || ingest->last_article != self->article)
    return FALSE;

  article = g_object_ref (ingest->last_article);
  forget_last_ingest (self);

  if (!byline_store_delete (self->store, byline_article_get_id (article), &error))
    {
      byline_window_show_message (self, error->message);
      return TRUE;
    }

  latest = byline_store_dup_latest_id (self->store);
  if (latest != NULL)
    byline_window_open_draft (self, latest);
  else
    byline_window_new_draft (self);

  byline_window_show_message (self, _("The imported draft was removed"));
  return TRUE;
}

static void
undo_ingest_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  BylineWindow *self = BYLINE_WINDOW (widget);
  BylineWindowIngest *ingest = get_ingest (self);
  const char *id = g_variant_get_string (parameter, NULL);

  /* From the toast's button: only while that draft is still untouched. */
  if (ingest->last_article != NULL &&
      g_strcmp0 (byline_article_get_id (ingest->last_article), id) == 0)
    undo_last_ingest (self);
}

static gboolean
undo_shortcut_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  return undo_last_ingest (BYLINE_WINDOW (widget));
}

/* Making the draft */

typedef struct
{
  BylineWindow  *self;
  BylineArticle *article;
  char          *label;
  char          *encoding;
  gboolean       from_file;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->article);
  g_free (data->label);
  g_free (data->encoding);
  g_free (data);
}

/* Shows the draft an ingest just made, with a way back: Undo (and Ctrl+Z),
 * or, when the file's encoding had to be guessed, a way to read it again
 * with another. */
static void
present_draft (BylineWindow *self,
               SaveData     *data)
{
  g_autofree char *message = NULL;
  AdwToast *toast;
  gboolean guessed = data->from_file && data->encoding != NULL &&
                     g_ascii_strcasecmp (data->encoding, "UTF-8") != 0;

  byline_window_open_article (self, data->article, FALSE);
  remember_last_ingest (self, data->article);

  if (guessed)
    /* Translators: %s is a file name, %s an encoding such as GB18030 */
    message = g_strdup_printf (_("Draft made from %s, read as %s"), data->label, data->encoding);
  else
    /* Translators: %s is a file name, an address or "the clipboard" */
    message = g_strdup_printf (_("Draft made from %s"), data->label);

  toast = adw_toast_new (message);
  if (guessed)
    {
      adw_toast_set_button_label (toast, _("_Encoding…"));
      adw_toast_set_action_name (toast, "win.choose-encoding");
    }
  else
    {
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, "win.undo-ingest");
      adw_toast_set_action_target (toast, "s", byline_article_get_id (data->article));
    }
  adw_toast_set_timeout (toast, 10);
  byline_window_show_toast (self, toast);
}

static void
ingest_saved_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SaveData *data = user_data;
  g_autoptr(GError) error = NULL;

  if (byline_store_save_finish (BYLINE_STORE (object), result, &error))
    present_draft (data->self, data);
  else
    {
      /* Not in the store: the window keeps it and saves it as any edit. */
      byline_window_open_article (data->self, data->article, TRUE);
      byline_window_show_message (data->self, error->message);
    }

  save_data_free (data);
}

static void
make_draft (BylineWindow       *self,
            BylineIngestResult *result,
            const char         *label,
            gboolean            from_file)
{
  SaveData *data = g_new0 (SaveData, 1);

  data->self = g_object_ref (self);
  data->article = byline_ingest_result_to_article (result);
  data->label = g_strdup (label);
  data->encoding = g_strdup (byline_ingest_result_get_encoding (result));
  data->from_file = from_file;

  byline_store_save_async (self->store, data->article, NULL, ingest_saved_cb, data);
}

/* Text and HTML */

/**
 * byline_window_ingest_bytes:
 * @self: a window
 * @data: the dropped or pasted bytes
 * @content_type: (nullable): "text/html", "text/plain", or %NULL to guess
 * @label: what to call the source in messages
 *
 * Makes a draft of text or HTML on the main thread: ingest of a page takes
 * a few milliseconds, and the store write happens on its own thread.
 */
void
byline_window_ingest_bytes (BylineWindow *self,
                            GBytes       *data,
                            const char   *content_type,
                            const char   *label)
{
  g_autoptr(BylineIngestResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (BYLINE_IS_WINDOW (self));
  g_return_if_fail (data != NULL);

  result = byline_ingest_bytes (data, content_type, NULL, &error);
  if (result == NULL)
    {
      byline_window_show_message (self, error->message);
      return;
    }
  make_draft (self, result, label, FALSE);
}

/* Addresses */

static void
uri_ingested_cb (GObject      *object,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  g_autoptr(BylineWindow) self = user_data;
  g_autoptr(BylineIngestResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = byline_ingest_uri_finish (res, &error);
  hide_progress (self);

  if (result == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        byline_window_show_message (self, error->message);
      return;
    }

  make_draft (self, result, byline_ingest_result_get_source_url (result), FALSE);
}

/**
 * byline_window_ingest_uri:
 * @self: a window
 * @uri: an http or https address
 *
 * Fetches the page (progress shown, cancellable) and makes a draft of it,
 * with @uri as its source URL.
 */
void
byline_window_ingest_uri (BylineWindow *self,
                          const char   *uri)
{
  g_autoptr(SoupSession) session = byline_dup_soup_session ();
  g_autofree char *text = NULL;
  GCancellable *cancellable;

  g_return_if_fail (BYLINE_IS_WINDOW (self));
  g_return_if_fail (uri != NULL);

  cancellable = begin_work (self);
  /* Translators: %s is a web address */
  text = g_strdup_printf (_("Fetching %s…"), uri);
  show_progress (self, text, -1);
  byline_ingest_uri_async (session, uri, cancellable, uri_ingested_cb, g_object_ref (self));
}

/* Files */

static char *
describe_file (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);

  return g_filename_display_name (name != NULL ? name : "?");
}

static void
finish_import (BylineWindow *self)
{
  BylineWindowIngest *ingest = get_ingest (self);
  g_autofree char *message = NULL;
  guint total = ingest->files != NULL ? ingest->files->len : 0;

  hide_progress (self);

  if (ingest->failures->len > 0)
    {
      g_autoptr(GString) body = g_string_new (NULL);
      GtkWidget *dialog;

      for (guint i = 0; i < ingest->failures->len; i++)
        {
          if (i > 0)
            g_string_append (body, "\n\n");
          g_string_append (body, g_ptr_array_index (ingest->failures, i));
        }

      if (total == 1)
        dialog = adw_message_dialog_new (GTK_WINDOW (self), _("The File Could Not Be Imported"),
                                         body->str);
      else
        {
          /* Translators: %u drafts were made from %u files */
          message = g_strdup_printf (_("%u of %u Files Imported"), ingest->made, total);
          dialog = adw_message_dialog_new (GTK_WINDOW (self), message, body->str);
        }
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }

  g_clear_pointer (&ingest->files, g_ptr_array_unref);
  g_clear_pointer (&ingest->failures, g_ptr_array_unref);
}

static void
file_saved_cb (GObject      *object,
               GAsyncResult *res,
               gpointer      user_data)
{
  SaveData *data = user_data;
  g_autoptr(BylineWindow) self = g_object_ref (data->self);
  BylineWindowIngest *ingest = get_ingest (self);
  g_autoptr(GError) error = NULL;
  gboolean ok = byline_store_save_finish (BYLINE_STORE (object), res, &error);

  if (ingest->files == NULL)
    {
      save_data_free (data);
      return;
    }

  if (ok)
    ingest->made++;
  else
    g_ptr_array_add (ingest->failures, g_strdup_printf ("%s: %s", data->label, error->message));

  if (ingest->next_file < ingest->files->len &&
      !g_cancellable_is_cancelled (ingest->cancellable))
    {
      save_data_free (data);
      ingest_next_file (self);
      return;
    }

  /* The last file: show its draft. */
  if (ok && ingest->files->len == 1)
    present_draft (self, data);
  else if (ok)
    {
      g_autofree char *message = NULL;

      byline_window_open_article (self, data->article, FALSE);
      /* Translators: %u is a number of drafts */
      message = g_strdup_printf (ngettext ("%u draft imported", "%u drafts imported",
                                           ingest->made), ingest->made);
      byline_window_show_message (self, message);
    }
  save_data_free (data);
  finish_import (self);
}

static void
file_ingested_cb (GObject      *object,
                  GAsyncResult *res,
                  gpointer      user_data)
{
  g_autoptr(BylineWindow) self = user_data;
  BylineWindowIngest *ingest = get_ingest (self);
  g_autoptr(BylineIngestResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GFile *file;
  SaveData *data;

  result = byline_ingest_file_finish (res, &error);
  if (ingest->files == NULL)
    return;

  file = g_ptr_array_index (ingest->files, ingest->next_file - 1);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* The drafts made so far stay; the rest are not read. */
      finish_import (self);
      return;
    }

  if (result == NULL)
    {
      g_autofree char *name = describe_file (file);

      g_ptr_array_add (ingest->failures, g_strdup_printf ("%s: %s", name, error->message));
      if (ingest->next_file >= ingest->files->len)
        finish_import (self);
      else
        ingest_next_file (self);
      return;
    }

  g_set_object (&ingest->last_file, file);

  data = g_new0 (SaveData, 1);
  data->self = g_object_ref (self);
  data->article = byline_ingest_result_to_article (result);
  data->label = describe_file (file);
  data->encoding = g_strdup (byline_ingest_result_get_encoding (result));
  data->from_file = TRUE;
  byline_store_save_async (self->store, data->article, NULL, file_saved_cb, data);
}

static void
ingest_next_file (BylineWindow *self)
{
  BylineWindowIngest *ingest = get_ingest (self);
  GFile *file = g_ptr_array_index (ingest->files, ingest->next_file);
  g_autofree char *name = describe_file (file);
  g_autofree char *text = NULL;

  ingest->next_file++;
  if (ingest->files->len > 1)
    {
      /* Translators: importing file 3 of 10: name.txt */
      text = g_strdup_printf (_("Importing file %u of %u: %s"),
                              ingest->next_file, ingest->files->len, name);
      show_progress (self, text, (double) (ingest->next_file - 1) / ingest->files->len);
    }

  byline_ingest_file_async (file, NULL, ingest->cancellable, file_ingested_cb,
                            g_object_ref (self));
}

/**
 * byline_window_ingest_files:
 * @self: a window
 * @files: (element-type GFile): files to import, one draft each
 *
 * Reads the files one after the other off the main thread, showing "n of
 * m" with a Cancel button when there are several.
 */
void
byline_window_ingest_files (BylineWindow *self,
                            GPtrArray    *files)
{
  BylineWindowIngest *ingest = get_ingest (self);

  g_return_if_fail (BYLINE_IS_WINDOW (self));
  g_return_if_fail (files != NULL);

  if (files->len == 0)
    return;

  begin_work (self);
  g_clear_pointer (&ingest->files, g_ptr_array_unref);
  g_clear_pointer (&ingest->failures, g_ptr_array_unref);
  ingest->files = g_ptr_array_ref (files);
  ingest->failures = g_ptr_array_new_with_free_func (g_free);
  ingest->next_file = 0;
  ingest->made = 0;

  ingest_next_file (self);
}

/* Re-reading the last file with another encoding */

static void
redecoded_cb (GObject      *object,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(BylineWindow) self = user_data;
  BylineWindowIngest *ingest = get_ingest (self);
  g_autoptr(BylineIngestResult) result = NULL;
  g_autoptr(BylineArticle) fresh = NULL;
  g_autoptr(GError) error = NULL;
  BylineArticle *article = ingest->last_article;

  result = byline_ingest_file_finish (res, &error);
  if (result == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        byline_window_show_message (self, error->message);
      return;
    }
  if (article == NULL)
    return;

  /* Same draft, fields read anew: the editor has not touched it yet. */
  fresh = byline_ingest_result_to_article (result);
  {
    g_autoptr(JsonNode) node = byline_article_to_json_node (fresh);
    JsonObject *object_node = json_node_get_object (node);
    g_autoptr(BylineArticle) replaced = NULL;

    json_object_set_string_member (object_node, "id", byline_article_get_id (article));
    replaced = byline_article_new_from_json_node (node, NULL);
    if (replaced != NULL)
      {
        g_autofree char *name = describe_file (ingest->last_file);
        SaveData *data = g_new0 (SaveData, 1);

        data->self = g_object_ref (self);
        data->article = g_steal_pointer (&replaced);
        data->label = g_steal_pointer (&name);
        data->encoding = g_strdup (byline_ingest_result_get_encoding (result));
        data->from_file = TRUE;
        byline_store_save_async (self->store, data->article, NULL, ingest_saved_cb, data);
      }
  }
}

static void
redecode_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  BylineWindow *self = BYLINE_WINDOW (widget);
  BylineWindowIngest *ingest = get_ingest (self);
  const char *encoding = g_variant_get_string (parameter, NULL);

  if (ingest->last_file == NULL || ingest->last_article == NULL ||
      ingest->last_article != self->article)
    {
      byline_window_show_message (self, _("Only a file just imported, and not edited since, "
                                          "can be read again with another encoding."));
      return;
    }

  byline_ingest_file_async (ingest->last_file, encoding, begin_work (self), redecoded_cb,
                            g_object_ref (self));
}

static void
encoding_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      BylineWindow     *self)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (adw_message_dialog_get_extra_child (dialog));
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (g_strcmp0 (response, "read") == 0 && selected < g_strv_length ((char **) encodings))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.redecode", "s", encodings[selected]);
}

static void
choose_encoding_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  BylineWindow *self = BYLINE_WINDOW (widget);
  GtkWidget *dialog;
  GtkWidget *dropdown;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Read the File Again"),
                                   _("If the text looks garbled, the file was written in "
                                     "another encoding. Chinese files are often GB18030 (GBK) "
                                     "or Big5."));
  dropdown = gtk_drop_down_new_from_strings (encodings);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Encoding"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), dropdown);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "read", _("_Read Again"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "read",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "read");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (encoding_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Drag and drop */

/**
 * byline_window_ingest_value:
 * @self: a window
 * @value: a #GdkFileList, or a string (text, or an address)
 *
 * What a drop of files or text does; kept apart from the drop target so
 * that tests can call it.
 *
 * Returns: %TRUE when @value held something to import
 */
gboolean
byline_window_ingest_value (BylineWindow *self,
                            const GValue *value)
{
  g_return_val_if_fail (BYLINE_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *list = gdk_file_list_get_files (g_value_get_boxed (value));
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GPtrArray) addresses = g_ptr_array_new_with_free_func (g_free);

      for (GSList *l = list; l != NULL; l = l->next)
        {
          GFile *file = l->data;

          if (g_file_has_uri_scheme (file, "http") || g_file_has_uri_scheme (file, "https"))
            g_ptr_array_add (addresses, g_file_get_uri (file));
          else
            g_ptr_array_add (files, g_object_ref (file));
        }
      g_slist_free (list);

      if (files->len > 0)
        byline_window_ingest_files (self, files);
      else if (addresses->len > 0)
        byline_window_ingest_uri (self, g_ptr_array_index (addresses, 0));
      return files->len > 0 || addresses->len > 0;
    }

  if (G_VALUE_HOLDS_STRING (value))
    {
      const char *text = g_value_get_string (value);
      g_autofree char *trimmed = NULL;
      g_autoptr(GBytes) bytes = NULL;

      if (text == NULL)
        return FALSE;

      trimmed = g_strstrip (g_strdup (text));
      if (byline_ingest_text_is_uri (trimmed))
        {
          byline_window_ingest_uri (self, trimmed);
          return TRUE;
        }

      bytes = g_bytes_new (text, strlen (text));
      byline_window_ingest_bytes (self, bytes, "text/plain", _("the dropped text"));
      return TRUE;
    }

  return FALSE;
}

typedef struct
{
  BylineWindow *self;
  GdkDrop      *drop;
} DropData;

static void
drop_data_free (DropData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->drop);
  g_free (data);
}

static void
drop_value_read_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  DropData *data = user_data;
  g_autoptr(GError) error = NULL;
  const GValue *value;
  gboolean ok = FALSE;

  value = gdk_drop_read_value_finish (GDK_DROP (object), result, &error);
  if (value != NULL)
    ok = byline_window_ingest_value (data->self, value);
  else
    byline_window_show_message (data->self, error->message);

  gdk_drop_finish (data->drop, ok ? GDK_ACTION_COPY : 0);
  drop_data_free (data);
}

static void
drop_html_spliced_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  DropData *data = user_data;
  g_autoptr(GError) error = NULL;
  gssize size;

  size = g_output_stream_splice_finish (G_OUTPUT_STREAM (object), result, &error);
  if (size < 0)
    {
      byline_window_show_message (data->self, error->message);
      gdk_drop_finish (data->drop, 0);
    }
  else
    {
      g_autoptr(GBytes) bytes =
        g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (object));

      byline_window_ingest_bytes (data->self, bytes, "text/html", _("the dropped page"));
      gdk_drop_finish (data->drop, GDK_ACTION_COPY);
    }
  drop_data_free (data);
}

/* Reads a stream into memory, up to ingest's own limit. */
static void
splice_to_memory (GInputStream        *stream,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();

  g_output_stream_splice_async (memory, stream,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                                G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, NULL, callback, user_data);
}

static void
drop_html_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  DropData *data = user_data;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  stream = gdk_drop_read_finish (GDK_DROP (object), result, NULL, &error);
  if (stream == NULL)
    {
      byline_window_show_message (data->self, error->message);
      gdk_drop_finish (data->drop, 0);
      drop_data_free (data);
      return;
    }
  splice_to_memory (stream, drop_html_spliced_cb, data);
}

static gboolean
drop_cb (GtkDropTargetAsync *target,
         GdkDrop            *drop,
         double              x,
         double              y,
         BylineWindow       *self)
{
  GdkContentFormats *formats = gdk_drop_get_formats (drop);
  DropData *data = g_new0 (DropData, 1);

  data->self = g_object_ref (self);
  data->drop = g_object_ref (drop);

  /* Files first (a file manager also offers their names as text), then a
   * page's markup (a browser also offers it as plain text), then text. */
  if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_FILE_LIST))
    gdk_drop_read_value_async (drop, GDK_TYPE_FILE_LIST, G_PRIORITY_DEFAULT, NULL,
                               drop_value_read_cb, data);
  else if (gdk_content_formats_contain_mime_type (formats, "text/html"))
    {
      static const char *mime_types[] = { "text/html", NULL };

      gdk_drop_read_async (drop, mime_types, G_PRIORITY_DEFAULT, NULL, drop_html_read_cb, data);
    }
  else
    gdk_drop_read_value_async (drop, G_TYPE_STRING, G_PRIORITY_DEFAULT, NULL,
                               drop_value_read_cb, data);

  return TRUE;
}

static GdkDragAction
drag_enter_cb (GtkDropTargetAsync *target,
               GdkDrop            *drop,
               double              x,
               double              y,
               BylineWindow       *self)
{
  return byline_store_is_read_only (self->store) ? 0 : GDK_ACTION_COPY;
}

/* Paste as a new draft */

static void
clipboard_html_spliced_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(BylineWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (g_output_stream_splice_finish (G_OUTPUT_STREAM (object), result, &error) < 0)
    {
      byline_window_show_message (self, error->message);
      return;
    }

  {
    g_autoptr(GBytes) bytes =
      g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (object));

    byline_window_ingest_bytes (self, bytes, "text/html", _("the clipboard"));
  }
}

static void
clipboard_html_read_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(BylineWindow) self = user_data;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  stream = gdk_clipboard_read_finish (GDK_CLIPBOARD (object), result, NULL, &error);
  if (stream == NULL)
    {
      byline_window_show_message (self, error->message);
      return;
    }
  splice_to_memory (stream, clipboard_html_spliced_cb, g_steal_pointer (&self));
}

static void
clipboard_text_read_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(BylineWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GValue value = G_VALUE_INIT;

  text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);
  if (text == NULL)
    {
      byline_window_show_message (self, error != NULL ? error->message
                                                      : _("The clipboard holds no text."));
      return;
    }

  g_value_init (&value, G_TYPE_STRING);
  g_value_take_string (&value, g_steal_pointer (&text));
  byline_window_ingest_value (self, &value);
  g_value_unset (&value);
}

static void
paste_as_draft_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  BylineWindow *self = BYLINE_WINDOW (widget);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);
  GdkContentFormats *formats = gdk_clipboard_get_formats (clipboard);

  if (gdk_content_formats_contain_mime_type (formats, "text/html"))
    {
      static const char *mime_types[] = { "text/html", NULL };

      gdk_clipboard_read_async (clipboard, mime_types, G_PRIORITY_DEFAULT, NULL,
                                clipboard_html_read_cb, g_object_ref (self));
    }
  else
    gdk_clipboard_read_text_async (clipboard, NULL, clipboard_text_read_cb, g_object_ref (self));
}

/* File → Import */

static void
import_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    BylineWindow    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) list = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < g_list_model_get_n_items (list); i++)
        g_ptr_array_add (files, g_list_model_get_item (list, i));
      byline_window_ingest_files (self, files);
    }

  g_object_unref (dialog);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BylineWindow *self = BYLINE_WINDOW (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) sources = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (_("Import Source Files"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (dialog), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);

  gtk_file_filter_set_name (sources, _("Text and web pages"));
  gtk_file_filter_add_mime_type (sources, "text/plain");
  gtk_file_filter_add_mime_type (sources, "text/html");
  gtk_file_filter_add_suffix (sources, "txt");
  gtk_file_filter_add_suffix (sources, "html");
  gtk_file_filter_add_suffix (sources, "htm");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), sources);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), all);

  g_signal_connect_object (dialog, "response", G_CALLBACK (import_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* Import from address */

static void
address_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     BylineWindow     *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *uri = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (g_strcmp0 (response, "import") != 0)
    return;

  if (!byline_ingest_text_is_uri (uri))
    {
      byline_window_show_message (self, _("That is not a web address. It must start with "
                                          "http:// or https://."));
      return;
    }
  byline_window_ingest_uri (self, uri);
}

static void
address_changed_cb (GtkEditable      *entry,
                    AdwMessageDialog *dialog)
{
  g_autofree char *uri = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "import", byline_ingest_text_is_uri (uri));
}

static void
import_address_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  BylineWindow *self = BYLINE_WINDOW (widget);
  GtkWidget *dialog;
  GtkWidget *entry;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Import from Address"),
                                   _("Byline fetches the page and makes a draft of it, with "
                                     "the address as its source URL."));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "https://");
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_URL);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Web address"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "import", _("_Import"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "import",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "import");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "import", FALSE);
  g_signal_connect_object (entry, "changed", G_CALLBACK (address_changed_cb), dialog, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (address_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Set-up */

/**
 * byline_window_class_add_ingest_actions:
 * @widget_class: the window's class
 *
 * win.paste-as-draft (Ctrl+Shift+V), win.import (Ctrl+O),
 * win.import-address (Ctrl+L), win.undo-ingest (the toast's Undo), and
 * win.redecode (re-read the file just imported with another encoding).
 */
void
byline_window_class_add_ingest_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.paste-as-draft", NULL,
                                   paste_as_draft_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.import-address", NULL,
                                   import_address_action);
  gtk_widget_class_install_action (widget_class, "win.undo-ingest", "s", undo_ingest_action);
  gtk_widget_class_install_action (widget_class, "win.redecode", "s", redecode_action);
  gtk_widget_class_install_action (widget_class, "win.choose-encoding", NULL,
                                   choose_encoding_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.paste-as-draft", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "win.import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK,
                                       "win.import-address", NULL);
}

/**
 * byline_window_setup_ingest:
 * @self: a window
 *
 * Installs the drop target, and Ctrl+Z for "remove the draft just made"
 * (in the capture phase, ahead of the text views, and only while that
 * draft is untouched: otherwise Ctrl+Z goes on to the text).
 */
void
byline_window_setup_ingest (BylineWindow *self)
{
  GtkDropTargetAsync *target;
  GtkEventController *shortcuts;
  GdkContentFormatsBuilder *builder = gdk_content_formats_builder_new ();
  GdkContentFormats *formats;

  gdk_content_formats_builder_add_gtype (builder, GDK_TYPE_FILE_LIST);
  gdk_content_formats_builder_add_mime_type (builder, "text/html");
  gdk_content_formats_builder_add_mime_type (builder, "text/uri-list");
  gdk_content_formats_builder_add_gtype (builder, G_TYPE_STRING);
  formats = gdk_content_formats_builder_free_to_formats (builder);

  target = gtk_drop_target_async_new (formats, GDK_ACTION_COPY);
  g_signal_connect_object (target, "drag-enter", G_CALLBACK (drag_enter_cb), self, 0);
  g_signal_connect_object (target, "drag-motion", G_CALLBACK (drag_enter_cb), self, 0);
  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_z,
                                                                                  GDK_CONTROL_MASK),
                                                          gtk_callback_action_new (undo_shortcut_cb,
                                                                                   NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}

/**
 * byline_window_dispose_ingest:
 * @self: a window
 *
 * Cancels an import under way and frees what ingest kept.
 */
void
byline_window_dispose_ingest (BylineWindow *self)
{
  BylineWindowIngest *ingest = self->ingest;

  if (ingest == NULL)
    return;

  g_cancellable_cancel (ingest->cancellable);
  hide_progress (self);
  forget_last_ingest (self);
  g_clear_object (&ingest->cancellable);
  g_clear_object (&ingest->last_file);
  g_clear_pointer (&ingest->files, g_ptr_array_unref);
  g_clear_pointer (&ingest->failures, g_ptr_array_unref);
  g_clear_pointer (&self->ingest, g_free);
}
