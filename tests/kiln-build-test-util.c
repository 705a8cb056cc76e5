#define G_LOG_DOMAIN "kiln-test"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "kiln-build-test-util.h"

static void
build_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

KilnBuildRecord *
kiln_test_run_build (KilnBuild     *build,
                     GCancellable  *cancellable,
                     GError       **error)
{
  GAsyncResult *result = NULL;
  KilnBuildRecord *record;

  kiln_build_run_async (build, cancellable, build_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  record = kiln_build_run_finish (build, result, error);
  g_object_unref (result);

  return record;
}

typedef struct
{
  GCancellable *cancellable;
  const char   *step_id;
  gboolean      cancelled;
} CancelAt;

static void
cancel_at_step_cb (KilnBuild  *build,
                   GParamSpec *pspec,
                   CancelAt   *at)
{
  KilnBuildStep *step = kiln_build_get_current_step (build);

  if (!at->cancelled && step != NULL && g_strcmp0 (kiln_build_step_get_id (step), at->step_id) == 0)
    {
      at->cancelled = TRUE;
      g_cancellable_cancel (at->cancellable);
    }
}

/* Runs BUILD and cancels it as the step STEP_ID begins; asserts it did. */
KilnBuildRecord *
kiln_test_run_build_cancelled_at (KilnBuild     *build,
                                  const char    *step_id,
                                  GError       **error)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  CancelAt at = { cancellable, step_id, FALSE };
  KilnBuildRecord *record;
  gulong handler;

  handler = g_signal_connect (build, "notify::current-step", G_CALLBACK (cancel_at_step_cb), &at);
  record = kiln_test_run_build (build, cancellable, error);
  g_signal_handler_disconnect (build, handler);
  g_assert_true (at.cancelled);

  return record;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
append_manifest (GString    *manifest,
                 const char *root,
                 const char *relative)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  const char *name;
  GStatBuf buf;

  g_assert_cmpint (g_lstat (path, &buf), ==, 0);

  g_string_append_printf (manifest, "%s %o ", relative, (guint) (buf.st_mode & 07777));

  if (S_ISLNK (buf.st_mode))
    {
      g_autofree char *target = g_file_read_link (path, NULL);
      g_string_append_printf (manifest, "link %s\n", target);
      return;
    }

  if (S_ISREG (buf.st_mode))
    {
      g_autofree char *contents = NULL;
      g_autofree char *checksum = NULL;
      gsize length = 0;

      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      checksum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
      g_string_append_printf (manifest, "file %s\n", checksum);
      return;
    }

  g_assert_true (S_ISDIR (buf.st_mode));
  g_string_append (manifest, "dir\n");

  dir = g_dir_open (path, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *child = *relative != '\0'
                               ? g_build_filename (relative, g_ptr_array_index (names, i), NULL)
                               : g_strdup (g_ptr_array_index (names, i));
      append_manifest (manifest, root, child);
    }
}

/* One line per path: mode, and bytes (as a checksum) or link target, so
 * two trees are identical exactly when their manifests are equal. */
char *
kiln_test_dup_tree_manifest (const char *root)
{
  GString *manifest = g_string_new (NULL);

  append_manifest (manifest, root, "");
  return g_string_free (manifest, FALSE);
}

/* Reports the first line that differs rather than two whole manifests. */
void
kiln_test_assert_manifests_equal (const char *actual,
                                  const char *expected,
                                  const char *ignored_path)
{
  g_auto(GStrv) actual_lines = g_strsplit (actual, "\n", -1);
  g_auto(GStrv) expected_lines = g_strsplit (expected, "\n", -1);
  g_autofree char *ignored_prefix = ignored_path != NULL ? g_strconcat (ignored_path, " ", NULL) : NULL;
  guint a = 0, e = 0;

  for (;;)
    {
      while (ignored_prefix != NULL && actual_lines[a] != NULL && g_str_has_prefix (actual_lines[a], ignored_prefix))
        a++;
      while (ignored_prefix != NULL && expected_lines[e] != NULL && g_str_has_prefix (expected_lines[e], ignored_prefix))
        e++;

      if (actual_lines[a] == NULL || expected_lines[e] == NULL)
        break;

      g_assert_cmpstr (actual_lines[a], ==, expected_lines[e]);
      a++;
      e++;
    }

  g_assert_cmpstr (actual_lines[a], ==, expected_lines[e]);
}
