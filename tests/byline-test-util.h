/* byline-test-util.h: what several tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <glib/gstdio.h>

G_BEGIN_DECLS

/* A fresh, empty folder of the test's own under the build folder (or the
 * system's temporary folder), removed by byline_test_remove_tree(). */
static inline char *
byline_test_make_dir (const char *name)
{
  g_autofree char *tmpl = g_strdup_printf ("byline-%s-XXXXXX", name);
  const char *base = g_getenv ("BYLINE_TEST_BUILDDIR");
  g_autofree char *path = NULL;

  if (base != NULL)
    {
      g_autofree char *parent = g_build_filename (base, "tmp", NULL);

      /* Readable by others: some tests drop to nobody to meet a folder
       * they cannot write, as root (CI) cannot. */
      g_mkdir_with_parents (parent, 0755);
      path = g_build_filename (parent, tmpl, NULL);
      return g_mkdtemp_full (g_steal_pointer (&path), 0755);
    }
  return g_dir_make_tmp (tmpl, NULL);
}

static inline void
byline_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (path == NULL)
    return;
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_chmod (path, 0700);
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          byline_test_remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

G_END_DECLS
