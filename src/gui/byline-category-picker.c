/* byline-category-picker.c: the portal's categories as a searchable tree
 *
 * The categories come from the store's cache of the default account's
 * terms, so that drafting works offline; the refresh button (or an empty
 * cache) fetches them again from the portal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "byline-accounts.h"
#include "byline-category-picker.h"
#include "byline-publisher.h"

/* One category, as a list item. */
#define BYLINE_TYPE_CATEGORY_ITEM (byline_category_item_get_type ())
G_DECLARE_FINAL_TYPE (BylineCategoryItem, byline_category_item, BYLINE, CATEGORY_ITEM, GObject)

struct _BylineCategoryItem
{
  GObject     parent_instance;

  gint64      id;
  gint64      parent;
  char       *name;
  char       *path;
  GListStore *children;
};

G_DEFINE_FINAL_TYPE (BylineCategoryItem, byline_category_item, G_TYPE_OBJECT)

static void
byline_category_item_finalize (GObject *object)
{
  BylineCategoryItem *self = BYLINE_CATEGORY_ITEM (object);

  g_free (self->name);
  g_free (self->path);
  g_clear_object (&self->children);

  G_OBJECT_CLASS (byline_category_item_parent_class)->finalize (object);
}

static void
byline_category_item_class_init (BylineCategoryItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = byline_category_item_finalize;
}

static void
byline_category_item_init (BylineCategoryItem *self)
{
}

struct _BylineCategoryPicker
{
  GtkWidget       parent_instance;

  GtkSearchEntry *search_entry;
  GtkStack       *refresh_stack;
  GtkSpinner     *spinner;
  GtkStack       *stack;
  GtkListView    *list_view;
  GtkLabel       *message_label;
  GtkWidget      *create_button;
  GtkLabel       *create_label;

  BylineStore    *store;
  GCancellable   *cancellable;
  BylineAccount  *account;
  BylinePublisher *publisher;

  /* All categories by id; the roots of the tree; what the view shows. */
  GHashTable     *items;
  GListStore     *roots;
  GtkTreeListModel *model;
  GtkSingleSelection *selection;
  gboolean        searching;

  char           *wanted_name;
  gint64          wanted_id;
  gboolean        refreshed;

  /* What the create button would make: a name, under a parent or not. */
  char           *create_name;
  gint64          create_parent;
};

G_DEFINE_FINAL_TYPE (BylineCategoryPicker, byline_category_picker, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

enum {
  CHOSEN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
show_message (BylineCategoryPicker *self,
              const char           *message)
{
  gtk_label_set_text (self->message_label, message);
  gtk_stack_set_visible_child_name (self->stack, "message");
}

static int
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return g_utf8_collate (BYLINE_CATEGORY_ITEM ((gpointer) a)->name,
                         BYLINE_CATEGORY_ITEM ((gpointer) b)->name);
}

static GListModel *
create_children_cb (gpointer item,
                    gpointer user_data)
{
  BylineCategoryPicker *self = user_data;
  BylineCategoryItem *category = item;

  if (self->searching || category->children == NULL)
    return NULL;
  return G_LIST_MODEL (g_object_ref (category->children));
}

static void
set_shown (BylineCategoryPicker *self,
           GListStore           *roots)
{
  GtkTreeListModel *model;

  model = gtk_tree_list_model_new (G_LIST_MODEL (g_object_ref (roots)), FALSE,
                                   !self->searching, create_children_cb, self, NULL);
  g_clear_object (&self->model);
  self->model = model;
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (model));

  if (g_list_model_get_n_items (G_LIST_MODEL (model)) > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else if (self->searching)
    show_message (self, _("No category has that name."));
  else
    show_message (self, _("The portal has no categories yet, or they were not fetched. "
                          "Fetch them with the button above."));
}

static void
choose_item (BylineCategoryPicker *self,
             BylineCategoryItem   *item,
             gboolean              by_editor)
{
  self->wanted_id = item->id;
  g_free (self->wanted_name);
  self->wanted_name = g_strdup (item->name);
  g_signal_emit (self, signals[CHOSEN], 0, item->name, item->id, by_editor);
}

/* The ingest hint (a category name from the source page) picks the portal's
 * category of that name when no id is known yet. */
static void
resolve_wanted (BylineCategoryPicker *self)
{
  GHashTableIter iter;
  gpointer value;

  if (self->wanted_id > 0 || self->wanted_name == NULL || self->wanted_name[0] == '\0')
    return;

  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      BylineCategoryItem *item = value;

      if (g_strcmp0 (item->name, self->wanted_name) == 0)
        {
          choose_item (self, item, FALSE);
          return;
        }
    }
}

/* Marks the row of the wanted category, if it is shown. */
static void
select_wanted (BylineCategoryPicker *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->model), i);
      BylineCategoryItem *item = gtk_tree_list_row_get_item (row);
      gboolean match = self->wanted_id > 0 ? item->id == self->wanted_id
                                           : g_strcmp0 (item->name, self->wanted_name) == 0;

      g_object_unref (item);
      if (match)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return;
        }
    }
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

static BylineCategoryItem *
find_named (BylineCategoryPicker *self,
            const char           *name,
            gint64                parent,
            gboolean              any_parent)
{
  g_autofree char *wanted = g_utf8_casefold (name, -1);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      BylineCategoryItem *item = value;
      g_autofree char *folded = g_utf8_casefold (item->name, -1);
      g_autofree char *path = g_utf8_casefold (item->path, -1);

      if ((any_parent || item->parent == parent)
          && (g_strcmp0 (folded, wanted) == 0 || (any_parent && g_strcmp0 (path, wanted) == 0)))
        return item;
    }
  return NULL;
}

/* A search that names no category offers to create it, for the editors and
 * administrators that WordPress lets. "新闻/体育" (or "新闻 › 体育", as
 * found categories are shown) makes 体育 under 新闻. */
static void
update_create (BylineCategoryPicker *self,
               const char           *search)
{
  g_autofree char *text = g_strstrip (g_strdup (search));
  g_autofree char *label = NULL;
  const char *slash = NULL;
  BylineCategoryItem *parent = NULL;
  const char *name = text;

  g_clear_pointer (&self->create_name, g_free);
  self->create_parent = 0;

  if (text[0] != '\0' && self->account != NULL
      && byline_account_can_manage_categories (self->account))
    {
      slash = g_utf8_strrchr (text, -1, '/');
      if (slash == NULL)
        slash = g_strrstr (text, "›");
      if (slash != NULL)
        {
          g_autofree char *parent_text = g_strstrip (g_strndup (text, slash - text));

          name = g_utf8_next_char (slash);
          while (*name == ' ')
            name++;
          parent = parent_text[0] != '\0' ? find_named (self, parent_text, 0, TRUE) : NULL;
        }
      /* Without a parent, any category of that name, wherever it is, is
       * the one the editor means. */
      if (name[0] != '\0' && (slash == NULL || parent != NULL)
          && find_named (self, name, parent != NULL ? parent->id : 0, parent == NULL) == NULL)
        {
          self->create_name = g_strdup (name);
          self->create_parent = parent != NULL ? parent->id : 0;
        }
    }

  gtk_widget_set_visible (self->create_button, self->create_name != NULL);
  if (self->create_name == NULL)
    return;
  if (parent != NULL)
    /* Translators: a new category's name, then its parent's */
    label = g_strdup_printf (_("Create Category “%s” under “%s”"), self->create_name,
                             parent->path);
  else
    label = g_strdup_printf (_("Create Category “%s”"), self->create_name);
  gtk_label_set_text (self->create_label, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->create_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
update_shown (BylineCategoryPicker *self)
{
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  self->searching = search[0] != '\0';
  if (!self->searching)
    {
      set_shown (self, self->roots);
    }
  else
    {
      g_autoptr(GListStore) matches = g_list_store_new (BYLINE_TYPE_CATEGORY_ITEM);
      g_autofree char *needle = g_utf8_casefold (search, -1);
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, self->items);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          BylineCategoryItem *item = value;
          g_autofree char *folded = g_utf8_casefold (item->name, -1);

          if (strstr (folded, needle) != NULL)
            g_list_store_insert_sorted (matches, item, compare_items, NULL);
        }
      set_shown (self, matches);
    }
  select_wanted (self);
  update_create (self, search);
}

static void
build_path (BylineCategoryPicker *self,
            BylineCategoryItem   *item)
{
  g_autoptr(GString) path = g_string_new (item->name);
  BylineCategoryItem *up = item;

  /* Bounded: a portal's data could hold a loop. */
  for (int depth = 0; depth < 32 && up->parent > 0; depth++)
    {
      up = g_hash_table_lookup (self->items, &up->parent);
      if (up == NULL)
        break;
      g_string_prepend (path, " › ");
      g_string_prepend (path, up->name);
    }
  item->path = g_string_free (g_steal_pointer (&path), FALSE);
}

static void
set_terms (BylineCategoryPicker *self,
           GPtrArray            *terms)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_remove_all (self->items);
  g_list_store_remove_all (self->roots);

  for (guint i = 0; terms != NULL && i < terms->len; i++)
    {
      BylinePortalTerm *term = g_ptr_array_index (terms, i);
      BylineCategoryItem *item = g_object_new (BYLINE_TYPE_CATEGORY_ITEM, NULL);

      item->id = term->id;
      item->parent = term->parent;
      item->name = g_strdup (term->name);
      g_hash_table_insert (self->items, &item->id, item);
    }

  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      BylineCategoryItem *item = value;
      BylineCategoryItem *parent = item->parent > 0 && item->parent != item->id
                                   ? g_hash_table_lookup (self->items, &item->parent) : NULL;

      build_path (self, item);
      if (parent == NULL)
        {
          g_list_store_insert_sorted (self->roots, item, compare_items, NULL);
          continue;
        }
      if (parent->children == NULL)
        parent->children = g_list_store_new (BYLINE_TYPE_CATEGORY_ITEM);
      g_list_store_insert_sorted (parent->children, item, compare_items, NULL);
    }

  resolve_wanted (self);
  update_shown (self);
}

/* Refreshing from the portal */

static void
set_refreshing (BylineCategoryPicker *self,
                gboolean              refreshing)
{
  gtk_spinner_set_spinning (self->spinner, refreshing);
  gtk_stack_set_visible_child_name (self->refresh_stack, refreshing ? "spinner" : "button");
}

static void
tags_refreshed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(BylineCategoryPicker) self = user_data;
  g_autoptr(GPtrArray) tags = NULL;
  g_autoptr(GError) error = NULL;

  /* Nothing to show for them here: a failure leaves the old cache. */
  tags = byline_publisher_refresh_terms_finish (BYLINE_PUBLISHER (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (self->publisher == BYLINE_PUBLISHER (object))
    g_clear_object (&self->publisher);
}

static void
terms_refreshed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(BylineCategoryPicker) self = user_data;
  g_autoptr(GPtrArray) terms = NULL;
  g_autoptr(GError) error = NULL;

  terms = byline_publisher_refresh_terms_finish (BYLINE_PUBLISHER (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_refreshing (self, FALSE);
  if (terms == NULL)
    {
      g_clear_object (&self->publisher);
      show_message (self, error->message);
      return;
    }
  set_terms (self, terms);
  /* The tags come along, for the tags field to offer while drafting. */
  byline_publisher_refresh_terms_async (self->publisher, "tags", self->cancellable,
                                        tags_refreshed_cb, g_object_ref (self));
}

static void
password_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(BylineCategoryPicker) self = user_data;
  g_autoptr(BylinePortal) portal = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;

  password = byline_account_lookup_password_finish (BYLINE_ACCOUNT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (password == NULL)
    {
      set_refreshing (self, FALSE);
      show_message (self, error->message);
      return;
    }

  portal = byline_account_create_portal (BYLINE_ACCOUNT (object), password);
  g_clear_object (&self->publisher);
  self->publisher = byline_publisher_new (self->store, BYLINE_ACCOUNT (object), portal);
  byline_publisher_refresh_terms_async (self->publisher, "categories", self->cancellable,
                                        terms_refreshed_cb, g_object_ref (self));
}

/* Creating a category */

static void
category_created_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(BylineCategoryPicker) self = user_data;
  g_autoptr(BylinePortalTerm) term = NULL;
  g_autoptr(GPtrArray) terms = NULL;
  g_autoptr(GError) error = NULL;
  BylineCategoryItem *item;

  term = byline_publisher_create_category_finish (BYLINE_PUBLISHER (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_refreshing (self, FALSE);
  gtk_widget_set_sensitive (self->create_button, TRUE);
  g_clear_object (&self->publisher);
  if (term == NULL)
    {
      show_message (self, error->message);
      return;
    }

  /* The cache holds the portal's categories, the new one among them. */
  terms = byline_accounts_load_terms (self->store, byline_account_get_id (self->account),
                                      "categories", NULL);
  set_terms (self, terms);
  item = g_hash_table_lookup (self->items, &term->id);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  if (item != NULL)
    {
      choose_item (self, item, TRUE);
      select_wanted (self);
    }
}

static void
create_password_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(BylineCategoryPicker) self = user_data;
  g_autoptr(BylinePortal) portal = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;

  password = byline_account_lookup_password_finish (BYLINE_ACCOUNT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (password == NULL || self->create_name == NULL)
    {
      set_refreshing (self, FALSE);
      gtk_widget_set_sensitive (self->create_button, TRUE);
      if (password == NULL)
        show_message (self, error->message);
      return;
    }

  portal = byline_account_create_portal (BYLINE_ACCOUNT (object), password);
  g_clear_object (&self->publisher);
  self->publisher = byline_publisher_new (self->store, BYLINE_ACCOUNT (object), portal);
  byline_publisher_create_category_async (self->publisher, self->create_name,
                                          self->create_parent, self->cancellable,
                                          category_created_cb, g_object_ref (self));
}

static void
create_clicked_cb (BylineCategoryPicker *self)
{
  if (self->account == NULL || self->create_name == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  set_refreshing (self, TRUE);
  gtk_widget_set_sensitive (self->create_button, FALSE);
  byline_account_lookup_password_async (self->account, self->cancellable, create_password_cb,
                                        g_object_ref (self));
}

/**
 * byline_category_picker_refresh:
 * @self: a #BylineCategoryPicker
 *
 * Fetches the default account's categories from the portal again.
 */
void
byline_category_picker_refresh (BylineCategoryPicker *self)
{
  g_return_if_fail (BYLINE_IS_CATEGORY_PICKER (self));

  if (self->account == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->refreshed = TRUE;

  set_refreshing (self, TRUE);
  byline_account_lookup_password_async (self->account, self->cancellable, password_cb,
                                        g_object_ref (self));
}

/**
 * byline_category_picker_reload:
 * @self: a #BylineCategoryPicker
 * @name: (nullable): the article's category name (the ingest hint)
 * @id: the article's category id, or 0 when not known
 *
 * Shows the cached categories of the default account and marks the
 * article's; when only @name is known, the category of that name is chosen
 * (#BylineCategoryPicker::chosen). An empty cache is filled from the portal.
 */
void
byline_category_picker_reload (BylineCategoryPicker *self,
                               const char           *name,
                               gint64                id)
{
  g_autoptr(GPtrArray) terms = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (BYLINE_IS_CATEGORY_PICKER (self));

  g_free (self->wanted_name);
  self->wanted_name = g_strdup (name);
  self->wanted_id = id;

  g_clear_object (&self->account);
  if (self->store == NULL)
    return;

  self->account = byline_accounts_lookup (self->store, NULL, &error);
  gtk_widget_set_sensitive (GTK_WIDGET (self->refresh_stack), self->account != NULL);
  if (self->account == NULL)
    {
      set_terms (self, NULL);
      show_message (self, _("Add a portal account in Preferences to choose from its "
                            "categories."));
      return;
    }

  terms = byline_accounts_load_terms (self->store, byline_account_get_id (self->account),
                                      "categories", &error);
  set_terms (self, terms);
  if (terms == NULL)
    show_message (self, error->message);
  else if (terms->len == 0 && !self->refreshed)
    byline_category_picker_refresh (self);
}

/* Choosing */


static void
list_activate_cb (BylineCategoryPicker *self,
                  guint                 position)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  g_autoptr(BylineCategoryItem) item = NULL;

  if (row == NULL)
    return;
  item = gtk_tree_list_row_get_item (row);
  choose_item (self, item, TRUE);
}

/**
 * byline_category_picker_choose_first:
 * @self: a #BylineCategoryPicker
 *
 * Chooses the first category shown (Enter in the search entry).
 *
 * Returns: whether one was shown
 */
gboolean
byline_category_picker_choose_first (BylineCategoryPicker *self)
{
  g_return_val_if_fail (BYLINE_IS_CATEGORY_PICKER (self), FALSE);

  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0)
    return FALSE;
  list_activate_cb (self, 0);
  return TRUE;
}

guint
byline_category_picker_get_n_shown (BylineCategoryPicker *self)
{
  g_return_val_if_fail (BYLINE_IS_CATEGORY_PICKER (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->model));
}

static void
search_changed_cb (BylineCategoryPicker *self)
{
  update_shown (self);
}

static void
search_activate_cb (BylineCategoryPicker *self)
{
  byline_category_picker_choose_first (self);
}

static void
refresh_clicked_cb (BylineCategoryPicker *self)
{
  byline_category_picker_refresh (self);
}

/* Rows */

static void
row_setup_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), label);
  gtk_list_item_set_child (list_item, expander);
}

static void
row_bind_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             BylineCategoryPicker     *self)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  GtkWidget *expander = gtk_list_item_get_child (list_item);
  GtkWidget *label = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  g_autoptr(BylineCategoryItem) item = gtk_tree_list_row_get_item (row);

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);
  /* Found by a search, a category shows its parents, since names repeat
   * under different parents. */
  gtk_label_set_text (GTK_LABEL (label), self->searching ? item->path : item->name);
  gtk_widget_set_tooltip_text (label, item->path);
}

static void
row_unbind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item)
{
  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (gtk_list_item_get_child (list_item)), NULL);
}

/* GObject */

static void
byline_category_picker_dispose (GObject *object)
{
  BylineCategoryPicker *self = BYLINE_CATEGORY_PICKER (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), BYLINE_TYPE_CATEGORY_PICKER);
  /* The template's top box has no id, so dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->roots);
  g_clear_pointer (&self->items, g_hash_table_unref);
  g_clear_object (&self->publisher);
  g_clear_object (&self->account);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (byline_category_picker_parent_class)->dispose (object);
}

static void
byline_category_picker_finalize (GObject *object)
{
  BylineCategoryPicker *self = BYLINE_CATEGORY_PICKER (object);

  g_free (self->wanted_name);
  g_free (self->create_name);

  G_OBJECT_CLASS (byline_category_picker_parent_class)->finalize (object);
}

static void
byline_category_picker_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  BylineCategoryPicker *self = BYLINE_CATEGORY_PICKER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_category_picker_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  BylineCategoryPicker *self = BYLINE_CATEGORY_PICKER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      byline_category_picker_set_store (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
byline_category_picker_class_init (BylineCategoryPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = byline_category_picker_dispose;
  object_class->finalize = byline_category_picker_finalize;
  object_class->get_property = byline_category_picker_get_property;
  object_class->set_property = byline_category_picker_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         BYLINE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BylineCategoryPicker::chosen:
   * @name: the category's name
   * @id: its id on the portal
   * @by_editor: %FALSE when the article's category name was matched
   *
   * Emitted when the editor picks a category, or when the article's
   * category name matched one whose id was not known.
   */
  signals[CHOSEN] =
    g_signal_new ("chosen",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_INT64, G_TYPE_BOOLEAN);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/byline/Byline/ui/byline-category-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, BylineCategoryPicker, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BylineCategoryPicker, refresh_stack);
  gtk_widget_class_bind_template_child (widget_class, BylineCategoryPicker, spinner);
  gtk_widget_class_bind_template_child (widget_class, BylineCategoryPicker, stack);
  gtk_widget_class_bind_template_child (widget_class, BylineCategoryPicker, list_view);
  gtk_widget_class_bind_template_child (widget_class, BylineCategoryPicker, message_label);
  gtk_widget_class_bind_template_child (widget_class, BylineCategoryPicker, create_button);
  gtk_widget_class_bind_template_child (widget_class, BylineCategoryPicker, create_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, refresh_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, create_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);
}

static void
byline_category_picker_init (BylineCategoryPicker *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  /* The picker sits inside the form's category row, whose text would
   * otherwise lend the search text its name. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_editable_get_delegate (GTK_EDITABLE (self->search_entry))),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search categories"), -1);

  self->items = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_object_unref);
  self->roots = g_list_store_new (BYLINE_TYPE_CATEGORY_ITEM);
  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);

  g_signal_connect (factory, "setup", G_CALLBACK (row_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (row_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (row_unbind_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  set_shown (self, self->roots);
}

GtkWidget *
byline_category_picker_new (void)
{
  return g_object_new (BYLINE_TYPE_CATEGORY_PICKER, NULL);
}

BylineStore *
byline_category_picker_get_store (BylineCategoryPicker *self)
{
  g_return_val_if_fail (BYLINE_IS_CATEGORY_PICKER (self), NULL);

  return self->store;
}

void
byline_category_picker_set_store (BylineCategoryPicker *self,
                                  BylineStore          *store)
{
  g_return_if_fail (BYLINE_IS_CATEGORY_PICKER (self));
  g_return_if_fail (store == NULL || BYLINE_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  self->refreshed = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}
