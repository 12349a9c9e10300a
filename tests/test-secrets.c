/* test-secrets.c: byline-cli never prints the Application Password, not even
 * with every debug message on, and never writes it into its data folder
 *
 * Runs under run-with-keyring.sh: the password is added through the real
 * Secret Service and read back from it, as on an editor's desktop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <sys/wait.h>

#include "byline.h"
#include "byline-accounts.h"
#include "byline-test-util.h"
#include "byline-portal-test-util.h"

static BylineTestPortal portal;
static char *data_dir;
static guint n_runs;
static gsize n_bytes;

/* The password, and the forms it takes on the wire. */
static GPtrArray *
secret_forms (void)
{
  GPtrArray *forms = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *pair = g_strdup_printf ("%s:%s", portal.user, portal.password);
  g_autofree char *no_spaces = g_strdup (portal.password);
  char *w = no_spaces;

  for (const char *p = portal.password; *p != '\0'; p++)
    if (*p != ' ')
      *w++ = *p;
  *w = '\0';

  g_ptr_array_add (forms, g_strdup (portal.password));
  if (!g_str_equal (no_spaces, portal.password))
    g_ptr_array_add (forms, g_strdup (no_spaces));
  g_ptr_array_add (forms, g_base64_encode ((const guchar *) pair, strlen (pair)));
  g_ptr_array_add (forms, g_base64_encode ((const guchar *) portal.password,
                                           strlen (portal.password)));
  return forms;
}

static void
assert_no_secret (const char *what,
                  const char *text,
                  gsize       length)
{
  g_autoptr(GPtrArray) forms = secret_forms ();

  for (guint i = 0; i < forms->len; i++)
    if (g_strstr_len (text, length, g_ptr_array_index (forms, i)) != NULL)
      g_error ("%s holds the Application Password (form %u)", what, i);
}

/* Runs byline-cli with every debug message on and returns its output. */
static char *
run_cli (const char  *stdin_text,
         gboolean     password_in_env,
         int         *exit_status,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *what = NULL;
  g_autofree char *all = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (char *) g_getenv ("BYLINE_CLI"));
  va_start (ap, exit_status);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                        | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "BYLINE_DATA_DIR", data_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  /* libsoup's own logger, had anyone wired it to the debug log. */
  g_subprocess_launcher_setenv (launcher, "SOUP_DEBUG", "all", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  if (password_in_env)
    g_subprocess_launcher_setenv (launcher, BYLINE_PORTAL_PASSWORD_ENV, portal.password, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, BYLINE_PORTAL_PASSWORD_ENV);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, stdin_text, NULL, &out, &err, &error);
  g_assert_no_error (error);
  *exit_status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process)
                                                      : -1;

  all = g_strconcat (out != NULL ? out : "", err != NULL ? err : "", NULL);
  what = g_strjoinv (" ", (char **) args->pdata + 1);
  assert_no_secret (what, all, strlen (all));
  n_runs++;
  n_bytes += strlen (all);
  return g_steal_pointer (&all);
}

static void
scan_tree (const char *path,
           guint      *files)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_get_contents (path, &contents, &length, NULL))
        {
          assert_no_secret (path, contents, length);
          (*files)++;
        }
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      /* The keyring's own files hold it, encrypted, by design. */
      if (g_str_equal (name, "keyrings"))
        continue;
      if (!g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        scan_tree (child, files);
    }
}

static void
test_cli_output (void)
{
  g_autofree char *added = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *tested = NULL;
  g_autofree char *categories = NULL;
  g_autofree char *published = NULL;
  g_autofree char *from_env = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *drafts = NULL;
  g_autofree char *input = g_strdup_printf ("%s\n", portal.password);
  g_autofree char *source = g_build_filename (g_getenv ("BYLINE_TEST_SRCDIR"), "data",
                                              "seed-source.txt", NULL);
  int status;

  /* Into the keyring from standard input, then read back from it. */
  added = run_cli (input, FALSE, &status, "accounts", "add", "门户", "--url", portal.url,
                   "--user", portal.user, "--password-stdin", NULL);
  g_assert_cmpint (status, ==, 0);
  listed = run_cli (NULL, FALSE, &status, "accounts", "list", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (listed, "门户"));
  tested = run_cli (NULL, FALSE, &status, "accounts", "test", "门户", NULL);
  g_assert_cmpint (status, ==, 0);
  categories = run_cli (NULL, FALSE, &status, "categories", "--refresh", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (categories, "创业"));
  published = run_cli (NULL, FALSE, &status, "publish", source, "--allow-duplicate",
                       "--status", "draft", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (published, portal.url)
                 || strstr (published, portal.url) != NULL);
  /* From the environment too, and the wrong one. */
  from_env = run_cli (NULL, TRUE, &status, "publish", source, "--allow-duplicate", "--status",
                      "draft", NULL);
  g_assert_cmpint (status, ==, 0);
  refused = run_cli ("wrong wrong wrong\n", FALSE, &status, "accounts", "add", "错的",
                     "--url", portal.url, "--user", portal.user, "--password-stdin", NULL);
  g_assert_cmpint (status, !=, 0);
  drafts = run_cli (NULL, FALSE, &status, "drafts", "list", NULL);
  g_assert_cmpint (status, ==, 0);

  g_test_message ("%u byline-cli runs with G_MESSAGES_DEBUG=all, %" G_GSIZE_FORMAT
                  " bytes of output, no password", n_runs, n_bytes);
}

static void
test_data_folder (void)
{
  guint files = 0;
  const char *home = g_get_home_dir ();

  /* The database, its WAL and anything else the runs above left, and the
   * throw-away home (cache, config) of run-with-keyring.sh. */
  scan_tree (data_dir, &files);
  if (g_str_has_prefix (home, g_get_tmp_dir ()))
    scan_tree (home, &files);
  g_assert_cmpuint (files, >, 0);
  g_test_message ("%u files in the data folder and home scanned, no password", files);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  dir = byline_test_make_dir ("secrets");
  data_dir = g_build_filename (dir, "data", NULL);
  g_mkdir_with_parents (data_dir, 0700);
  byline_test_portal_start (&portal, dir);
  g_assert_nonnull (g_getenv ("BYLINE_CLI"));

  g_test_add_func ("/byline/secrets/cli-output", test_cli_output);
  g_test_add_func ("/byline/secrets/data-folder", test_data_folder);
  status = g_test_run ();

  byline_test_portal_stop (&portal);
  byline_test_remove_tree (dir);
  g_clear_pointer (&data_dir, g_free);
  return status;
}
