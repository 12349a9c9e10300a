/* byline-word-counter.c: the 字数 of a text buffer, kept up to date per edit
 *
 * Counting a 200,000-character body again on every keystroke costs
 * milliseconds the frame does not have. What a character adds to the count
 * depends only on the character before it (byline_count_words_after()), so
 * an edit changes what the edited characters add and what the one after
 * them adds, nothing else: the counter takes that away before the edit and
 * adds it back after it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "byline.h"
#include "byline-word-counter.h"

struct _BylineWordCounter
{
  GObject        parent_instance;

  GtkTextBuffer *buffer;
  gsize          count;
};

G_DEFINE_FINAL_TYPE (BylineWordCounter, byline_word_counter, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BUFFER,
  PROP_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What the characters from @start up to offset @end_offset (clamped to
 * the end) add to the count of the whole buffer. */
static gsize
count_range (GtkTextBuffer     *buffer,
             const GtkTextIter *start,
             int                end_offset)
{
  GtkTextIter end = *start, before = *start;
  g_autofree char *text = NULL;
  gunichar previous = 0;

  gtk_text_iter_set_offset (&end, end_offset);
  if (gtk_text_iter_compare (&end, start) <= 0)
    return 0;
  if (gtk_text_iter_backward_char (&before))
    previous = gtk_text_iter_get_char (&before);

  text = gtk_text_buffer_get_text (buffer, start, &end, TRUE);
  return byline_count_words_after (previous, text, -1);
}

static void
set_count (BylineWordCounter *self,
           gsize              count)
{
  if (self->count == count)
    return;

  self->count = count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
}

/* Before the insertion: the character after @location gets a new
 * neighbour. */
static void
insert_text_cb (GtkTextBuffer     *buffer,
                const GtkTextIter *location,
                const char        *text,
                int                length,
                BylineWordCounter *self)
{
  self->count -= count_range (buffer, location, gtk_text_iter_get_offset (location) + 1);
}

/* After it, @location is at the end of the new text. */
static void
text_inserted_cb (GtkTextBuffer     *buffer,
                  const GtkTextIter *location,
                  const char        *text,
                  int                length,
                  BylineWordCounter *self)
{
  int end = gtk_text_iter_get_offset (location);
  GtkTextIter start = *location;

  gtk_text_iter_set_offset (&start, end - (int) g_utf8_strlen (text, length));
  set_count (self, self->count + count_range (buffer, &start, end + 1));
}

static void
delete_range_cb (GtkTextBuffer     *buffer,
                 const GtkTextIter *start,
                 const GtkTextIter *end,
                 BylineWordCounter *self)
{
  GtkTextIter first = *start, last = *end;

  gtk_text_iter_order (&first, &last);
  self->count -= count_range (buffer, &first, gtk_text_iter_get_offset (&last) + 1);
}

/* After the deletion both iterators point where the text was. */
static void
range_deleted_cb (GtkTextBuffer     *buffer,
                  const GtkTextIter *start,
                  const GtkTextIter *end,
                  BylineWordCounter *self)
{
  set_count (self, self->count + count_range (buffer, start, gtk_text_iter_get_offset (start) + 1));
}

static void
byline_word_counter_constructed (GObject *object)
{
  BylineWordCounter *self = BYLINE_WORD_COUNTER (object);
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  G_OBJECT_CLASS (byline_word_counter_parent_class)->constructed (object);

  g_assert (self->buffer != NULL);

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  text = gtk_text_buffer_get_text (self->buffer, &start, &end, TRUE);
  self->count = byline_count_words (text, -1);

  g_signal_connect_object (self->buffer, "insert-text", G_CALLBACK (insert_text_cb), self, 0);
  g_signal_connect_object (self->buffer, "insert-text", G_CALLBACK (text_inserted_cb), self,
                           G_CONNECT_AFTER);
  g_signal_connect_object (self->buffer, "delete-range", G_CALLBACK (delete_range_cb), self, 0);
  g_signal_connect_object (self->buffer, "delete-range", G_CALLBACK (range_deleted_cb), self,
                           G_CONNECT_AFTER);
}

static void
byline_word_counter_dispose (GObject *object)
{
  BylineWordCounter *self = BYLINE_WORD_COUNTER (object);

  g_clear_object (&self->buffer);

  G_OBJECT_CLASS (byline_word_counter_parent_class)->dispose (object);
}

static void
byline_word_counter_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BylineWordCounter *self = BYLINE_WORD_COUNTER (object);

  switch (prop_id)
    {
    case PROP_BUFFER:
      g_value_set_object (value, self->buffer);
      break;

    case PROP_COUNT:
      g_value_set_uint64 (value, self->count);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_word_counter_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  BylineWordCounter *self = BYLINE_WORD_COUNTER (object);

  switch (prop_id)
    {
    case PROP_BUFFER:
      self->buffer = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_word_counter_class_init (BylineWordCounterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = byline_word_counter_constructed;
  object_class->dispose = byline_word_counter_dispose;
  object_class->get_property = byline_word_counter_get_property;
  object_class->set_property = byline_word_counter_set_property;

  properties[PROP_BUFFER] =
    g_param_spec_object ("buffer", NULL, NULL,
                         GTK_TYPE_TEXT_BUFFER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_COUNT] =
    g_param_spec_uint64 ("count", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
byline_word_counter_init (BylineWordCounter *self)
{
}

/**
 * byline_word_counter_new:
 * @buffer: the buffer to count
 *
 * Returns: (transfer full): a counter whose #BylineWordCounter:count is
 *   byline_count_words() of @buffer's text after every edit
 */
BylineWordCounter *
byline_word_counter_new (GtkTextBuffer *buffer)
{
  g_return_val_if_fail (GTK_IS_TEXT_BUFFER (buffer), NULL);

  return g_object_new (BYLINE_TYPE_WORD_COUNTER, "buffer", buffer, NULL);
}

GtkTextBuffer *
byline_word_counter_get_buffer (BylineWordCounter *self)
{
  g_return_val_if_fail (BYLINE_IS_WORD_COUNTER (self), NULL);

  return self->buffer;
}

gsize
byline_word_counter_get_count (BylineWordCounter *self)
{
  g_return_val_if_fail (BYLINE_IS_WORD_COUNTER (self), 0);

  return self->count;
}
