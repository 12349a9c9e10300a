/* test-word-counter.c: the running 字数 of the body, against a full count
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gtksourceview/gtksource.h>

#include "byline.h"
#include "byline-word-counter.h"

#define N_EDITS 4000

/* Pieces that make, split and join words when put side by side. */
static const char * const pieces[] = {
  "商", "会", "党建", "。", "“", "”", "，", "a", "b", "Z", "7", "2021", "'", " ", "\n", "\n\n",
  "\r", "\r\n", "\xe2\x80\xa9", "#", "-", "é", "ア", "한", "GTK", "don't", "Hello world",
  "## 小标题\n", "网格+商会", "4月23日",
};

static char *
make_random_text (GRand *rand,
                  guint  n_pieces)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n_pieces; i++)
    g_string_append (text, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
  return g_string_free (text, FALSE);
}

static gsize
count_all (GtkTextBuffer *buffer)
{
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  return byline_count_words (text, -1);
}

static void
get_random_iter (GtkTextBuffer *buffer,
                 GRand         *rand,
                 GtkTextIter   *iter)
{
  int n_chars = gtk_text_buffer_get_char_count (buffer);

  gtk_text_buffer_get_iter_at_offset (buffer, iter, g_rand_int_range (rand, 0, n_chars + 1));
}

static void
notify_count_cb (BylineWordCounter *counter,
                 GParamSpec        *pspec,
                 guint             *n_notifies)
{
  (*n_notifies)++;
}

/* Random edits the way an editor makes them (keystrokes, pastes, deleted
 * selections across lines, undo, a whole new text), each followed by a
 * full count of the buffer that the running count must equal. */
static void
test_random_edits (void)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  g_autoptr(GtkSourceBuffer) source = gtk_source_buffer_new_with_language (
    gtk_source_language_manager_get_language (languages, "markdown"));
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (source);
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autoptr(BylineWordCounter) counter = NULL;
  g_autofree char *initial = make_random_text (rand, 200);
  guint n_notifies = 0;
  guint64 shown;

  gtk_text_buffer_set_text (buffer, initial, -1);
  counter = byline_word_counter_new (buffer);
  g_assert_true (byline_word_counter_get_buffer (counter) == buffer);
  g_assert_cmpuint (byline_word_counter_get_count (counter), ==, count_all (buffer));
  g_signal_connect (counter, "notify::count", G_CALLBACK (notify_count_cb), &n_notifies);

  for (guint i = 0; i < N_EDITS; i++)
    {
      GtkTextIter start, end;
      int kind = g_rand_int_range (rand, 0, 100);

      if (kind < 45)
        {
          /* One keystroke. */
          get_random_iter (buffer, rand, &start);
          gtk_text_buffer_begin_user_action (buffer);
          gtk_text_buffer_insert (buffer, &start,
                                  pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))], -1);
          gtk_text_buffer_end_user_action (buffer);
        }
      else if (kind < 55)
        {
          /* A paste of several lines. */
          g_autofree char *text = make_random_text (rand, g_rand_int_range (rand, 1, 30));

          get_random_iter (buffer, rand, &start);
          gtk_text_buffer_insert (buffer, &start, text, -1);
        }
      else if (kind < 75)
        {
          /* Backspace or Delete: one character. */
          get_random_iter (buffer, rand, &start);
          end = start;
          if (g_rand_boolean (rand))
            gtk_text_iter_forward_char (&end);
          else
            gtk_text_iter_backward_char (&start);
          gtk_text_buffer_delete (buffer, &start, &end);
        }
      else if (kind < 93)
        {
          /* A selection, often across lines; its ends in either order. */
          get_random_iter (buffer, rand, &start);
          end = start;
          gtk_text_iter_forward_chars (&end, g_rand_int_range (rand, 0, 60));
          if (g_rand_boolean (rand))
            gtk_text_buffer_delete (buffer, &start, &end);
          else
            gtk_text_buffer_delete (buffer, &end, &start);
        }
      else if (kind < 98)
        {
          if (gtk_text_buffer_get_can_undo (buffer))
            gtk_text_buffer_undo (buffer);
        }
      else if (kind < 99)
        {
          g_autofree char *text = make_random_text (rand, g_rand_int_range (rand, 0, 300));

          gtk_text_buffer_set_text (buffer, text, -1);
        }
      else
        {
          /* Typing over a selection. */
          get_random_iter (buffer, rand, &start);
          get_random_iter (buffer, rand, &end);
          gtk_text_buffer_select_range (buffer, &start, &end);
          gtk_text_buffer_delete_selection (buffer, TRUE, TRUE);
          gtk_text_buffer_insert_at_cursor (buffer, "a", -1);
        }

      if (byline_word_counter_get_count (counter) != count_all (buffer))
        {
          g_autofree char *escaped = NULL;
          g_autofree char *text = NULL;

          gtk_text_buffer_get_bounds (buffer, &start, &end);
          text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
          escaped = g_strescape (text, NULL);
          g_test_message ("edit %u (kind %d) leaves \"%s\"", i, kind, escaped);
        }
      g_assert_cmpuint (byline_word_counter_get_count (counter), ==, count_all (buffer));
    }

  g_object_get (counter, "count", &shown, NULL);
  g_assert_cmpuint (shown, ==, count_all (buffer));
  g_assert_cmpuint (n_notifies, >, 0);
}

/* Words that an edit splits or joins, and a delete that joins two lines. */
static void
test_split_and_join (void)
{
  g_autoptr(GtkTextBuffer) buffer = gtk_text_buffer_new (NULL);
  g_autoptr(BylineWordCounter) counter = byline_word_counter_new (buffer);
  GtkTextIter start, end;

  g_assert_cmpuint (byline_word_counter_get_count (counter), ==, 0);

  gtk_text_buffer_set_text (buffer, "Hello world\nGTK 4\n商会", -1);
  g_assert_cmpuint (byline_word_counter_get_count (counter), ==, 6);

  /* "Hello world" becomes "Helloworld": two words joined into one. */
  gtk_text_buffer_get_iter_at_offset (buffer, &start, 5);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, 6);
  gtk_text_buffer_delete (buffer, &start, &end);
  g_assert_cmpuint (byline_word_counter_get_count (counter), ==, 5);

  /* …and split again by a Chinese character, which counts one itself. */
  gtk_text_buffer_get_iter_at_offset (buffer, &start, 5);
  gtk_text_buffer_insert (buffer, &start, "和", -1);
  g_assert_cmpuint (byline_word_counter_get_count (counter), ==, 7);

  /* Deleting "d\nGTK " joins "Hello和worl" to "4": one word less. */
  gtk_text_buffer_get_iter_at_offset (buffer, &start, 10);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, 16);
  gtk_text_buffer_delete (buffer, &start, &end);
  g_assert_cmpuint (byline_word_counter_get_count (counter), ==, count_all (buffer));
  g_assert_cmpuint (byline_word_counter_get_count (counter), ==, 5);

  gtk_text_buffer_set_text (buffer, "", -1);
  g_assert_cmpuint (byline_word_counter_get_count (counter), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/byline/word-counter/split-and-join", test_split_and_join);
  g_test_add_func ("/byline/word-counter/random-edits", test_random_edits);
  return g_test_run ();
}
