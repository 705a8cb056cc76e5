#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "kiln-error.h"
#include "kiln-gzip-writer-private.h"
#include "kiln-packager.h"
#include "kiln-test-util.h"

#define EPOCH G_GINT64_CONSTANT (1600000000)
#define OLD_MTIME G_GINT64_CONSTANT (1500000000)
#define LONG_DIR "lib/app-1.0/priv/a_rather_long_folder_name_for_testing_paths/another_long_folder_name_inside_it"

typedef struct
{
  char   *path;
  guint   mode;
  gint64  uid;
  gint64  gid;
  gint64  mtime;
  char   *symlink;
  char   *uname;
} ReadEntry;

static void
read_entry_free (ReadEntry *entry)
{
  g_free (entry->path);
  g_free (entry->symlink);
  g_free (entry->uname);
  g_free (entry);
}

static const KilnPackageFormat all_formats[] = {
  KILN_PACKAGE_FORMAT_TAR_GZ,
  KILN_PACKAGE_FORMAT_TAR_ZST,
  KILN_PACKAGE_FORMAT_ZIP,
};

static void
write_file (const char *root,
            const char *relative,
            const char *contents,
            int         mode)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
}

static void
set_mtime (const char *root,
           const char *relative,
           gint64      mtime)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  struct timespec times[2] = { { mtime, 0 }, { mtime, 0 } };

  g_assert_cmpint (utimensat (AT_FDCWD, path, times, AT_SYMLINK_NOFOLLOW), ==, 0);
}

/* bin/ with an executable, lib/ with a module, a symlink inside the tree,
 * an empty folder and a path longer than tar's 100-character name field. */
static char *
make_tree (void)
{
  g_autofree char *parent = kiln_test_make_temp_dir ("tree");
  char *root = g_build_filename (parent, "myapp", NULL);
  g_autofree char *link = g_build_filename (root, "lib/app-1.0/priv/current.beam", NULL);
  g_autofree char *empty = g_build_filename (root, "tmp-empty", NULL);
  g_autoptr(GString) beam = g_string_new (NULL);

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (beam, "chunk %u of a fake beam file\n", i);

  write_file (root, "bin/myapp", "#!/bin/sh\necho myapp 1.0\n", 0755);
  write_file (root, "lib/app-1.0/ebin/app.beam", beam->str, 0644);
  write_file (root, "releases/1.0/start.boot", "boot", 0644);
  write_file (root, "releases/COOKIE", "secret", 0600);
  write_file (root, LONG_DIR "/data.txt", "deep", 0644);
  g_assert_cmpint (strlen (LONG_DIR "/data.txt"), >, 100);
  g_assert_cmpint (symlink ("../ebin/app.beam", link), ==, 0);
  g_assert_cmpint (g_mkdir (empty, 0755), ==, 0);
  set_mtime (root, "releases/1.0/start.boot", OLD_MTIME);

  return root;
}

static GPtrArray *
read_archive (const char *path)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) read_entry_free);
  struct archive *archive = archive_read_new ();
  struct archive_entry *entry;
  int status;

  archive_read_support_filter_all (archive);
  archive_read_support_format_all (archive);
  g_assert_cmpint (archive_read_open_filename (archive, path, 65536), ==, ARCHIVE_OK);

  while ((status = archive_read_next_header (archive, &entry)) == ARCHIVE_OK)
    {
      ReadEntry *read_entry = g_new0 (ReadEntry, 1);
      const char *name = archive_entry_pathname (entry);
      gsize length = strlen (name);

      while (length > 0 && name[length - 1] == '/')
        length--;
      read_entry->path = g_strndup (name, length);
      read_entry->mode = archive_entry_mode (entry);
      read_entry->uid = archive_entry_uid (entry);
      read_entry->gid = archive_entry_gid (entry);
      read_entry->mtime = archive_entry_mtime (entry);
      read_entry->symlink = g_strdup (archive_entry_symlink (entry));
      read_entry->uname = g_strdup (archive_entry_uname (entry));
      g_ptr_array_add (entries, read_entry);
    }

  g_assert_cmpint (status, ==, ARCHIVE_EOF);
  archive_read_free (archive);

  return entries;
}

static ReadEntry *
find_entry (GPtrArray  *entries,
            const char *path)
{
  for (guint i = 0; i < entries->len; i++)
    {
      ReadEntry *entry = g_ptr_array_index (entries, i);
      if (g_str_equal (entry->path, path))
        return entry;
    }

  return NULL;
}

static KilnArtifact *
package_or_fail (const char        *tree,
                 const char        *archive_path,
                 KilnPackageFormat  format)
{
  g_autoptr(GError) error = NULL;
  KilnArtifact *artifact;

  artifact = kiln_packager_package (tree, archive_path, format, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (artifact);

  return artifact;
}

static char *
output_path (const char        *dir,
             const char        *name,
             KilnPackageFormat  format)
{
  g_autofree char *file = g_strconcat (name, kiln_package_format_get_extension (format), NULL);
  return g_build_filename (dir, file, NULL);
}

static void
test_formats (void)
{
  KilnPackageFormat format;

  for (guint i = 0; i < G_N_ELEMENTS (all_formats); i++)
    {
      const char *name = kiln_package_format_to_string (all_formats[i]);

      g_assert_true (kiln_package_format_from_string (name, &format));
      g_assert_cmpint (format, ==, all_formats[i]);
      g_assert_true (g_str_has_suffix (kiln_package_format_get_extension (format), name));
    }

  g_assert_true (kiln_package_format_from_string ("tar.zst", &format));
  g_assert_cmpint (format, ==, KILN_PACKAGE_FORMAT_TAR_ZST);
  g_assert_false (kiln_package_format_from_string ("rar", &format));
  g_assert_false (kiln_package_format_from_string (NULL, &format));
  g_assert_cmpstr (kiln_package_format_get_extension (KILN_PACKAGE_FORMAT_ZIP), ==, ".zip");
}

static void
test_package_contents (void)
{
  g_autofree char *tree = make_tree ();
  g_autofree char *out_dir = kiln_test_make_temp_dir ("out");

  g_setenv ("SOURCE_DATE_EPOCH", "1600000000", TRUE);

  for (guint f = 0; f < G_N_ELEMENTS (all_formats); f++)
    {
      g_autofree char *archive_path = output_path (out_dir, "myapp-1.0", all_formats[f]);
      g_autoptr(KilnArtifact) artifact = package_or_fail (tree, archive_path, all_formats[f]);
      g_autoptr(GPtrArray) entries = read_archive (archive_path);
      g_autofree char *contents = NULL;
      g_autofree char *sha256 = NULL;
      g_autofree char *sha256_file = NULL;
      g_autofree char *expected_line = NULL;
      g_autofree char *base = g_path_get_basename (archive_path);
      g_autoptr(GError) error = NULL;
      gsize length;
      ReadEntry *entry;

      g_test_message ("format %s", kiln_package_format_to_string (all_formats[f]));

      g_assert_cmpstr (kiln_artifact_get_path (artifact), ==, archive_path);
      g_assert_cmpint (kiln_artifact_get_format (artifact), ==, all_formats[f]);
      g_assert_cmpuint (kiln_artifact_get_n_entries (artifact), ==, entries->len);

      /* bin, bin/myapp, lib, lib/app-1.0, ebin, app.beam, priv, current.beam,
       * two long folders, data.txt, releases, releases/1.0, start.boot,
       * COOKIE, tmp-empty */
      g_assert_cmpuint (entries->len, ==, 16);

      for (guint i = 1; i < entries->len; i++)
        {
          ReadEntry *previous = g_ptr_array_index (entries, i - 1);
          entry = g_ptr_array_index (entries, i);
          g_assert_cmpint (strcmp (previous->path, entry->path), <, 0);
        }

      for (guint i = 0; i < entries->len; i++)
        {
          entry = g_ptr_array_index (entries, i);
          g_assert_false (g_path_is_absolute (entry->path));
          g_assert_false (g_str_has_prefix (entry->path, "myapp"));
          g_assert_cmpint (entry->uid, ==, 0);
          g_assert_cmpint (entry->gid, ==, 0);
          g_assert_true (entry->uname == NULL || *entry->uname == '\0');
          g_assert_cmpint (entry->mtime, <=, EPOCH);
        }

      entry = find_entry (entries, "bin/myapp");
      g_assert_nonnull (entry);
      g_assert_cmpuint (entry->mode, ==, S_IFREG | 0755);
      g_assert_cmpint (entry->mtime, ==, EPOCH);

      entry = find_entry (entries, "lib/app-1.0/ebin/app.beam");
      g_assert_nonnull (entry);
      g_assert_cmpuint (entry->mode, ==, S_IFREG | 0644);

      entry = find_entry (entries, "releases/COOKIE");
      g_assert_nonnull (entry);
      g_assert_cmpuint (entry->mode & 07777, ==, 0600);

      entry = find_entry (entries, "releases/1.0/start.boot");
      g_assert_nonnull (entry);
      g_assert_cmpint (entry->mtime, ==, OLD_MTIME);

      entry = find_entry (entries, "lib/app-1.0/priv/current.beam");
      g_assert_nonnull (entry);
      g_assert_cmpuint (entry->mode & S_IFMT, ==, S_IFLNK);
      g_assert_cmpstr (entry->symlink, ==, "../ebin/app.beam");

      entry = find_entry (entries, "tmp-empty");
      g_assert_nonnull (entry);
      g_assert_cmpuint (entry->mode & S_IFMT, ==, S_IFDIR);

      g_assert_nonnull (find_entry (entries, LONG_DIR "/data.txt"));

      g_file_get_contents (archive_path, &contents, &length, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (kiln_artifact_get_size (artifact), ==, length);
      sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
      g_assert_cmpstr (kiln_artifact_get_sha256 (artifact), ==, sha256);

      g_file_get_contents (kiln_artifact_get_sha256_path (artifact), &sha256_file, NULL, &error);
      g_assert_no_error (error);
      expected_line = g_strdup_printf ("%s  %s\n", sha256, base);
      g_assert_cmpstr (sha256_file, ==, expected_line);

      kiln_packager_check_archive (archive_path, tree, NULL, &error);
      g_assert_no_error (error);
    }

  g_unsetenv ("SOURCE_DATE_EPOCH");
  kiln_test_remove_tree (out_dir);
}

static void
test_reproducible (void)
{
  g_autofree char *tree = make_tree ();
  g_autofree char *out_dir = kiln_test_make_temp_dir ("out");

  g_setenv ("SOURCE_DATE_EPOCH", "1600000000", TRUE);

  for (guint f = 0; f < G_N_ELEMENTS (all_formats); f++)
    {
      g_autofree char *first_path = output_path (out_dir, "first", all_formats[f]);
      g_autofree char *second_path = output_path (out_dir, "second", all_formats[f]);
      g_autoptr(KilnArtifact) first = package_or_fail (tree, first_path, all_formats[f]);
      g_autoptr(KilnArtifact) second = NULL;

      /* Newer than the epoch either way, so the clamped time stays the same. */
      set_mtime (tree, "bin/myapp", EPOCH + 3600 * (f + 1));

      second = package_or_fail (tree, second_path, all_formats[f]);
      g_assert_cmpstr (kiln_artifact_get_sha256 (first), ==, kiln_artifact_get_sha256 (second));
      g_assert_cmpuint (kiln_artifact_get_size (first), ==, kiln_artifact_get_size (second));
    }

  g_unsetenv ("SOURCE_DATE_EPOCH");
  kiln_test_remove_tree (out_dir);
}

static void
test_check_detects_changes (void)
{
  g_autofree char *tree = make_tree ();
  g_autofree char *out_dir = kiln_test_make_temp_dir ("out");
  g_autofree char *archive_path = g_build_filename (out_dir, "myapp.tar.gz", NULL);
  g_autoptr(KilnArtifact) artifact = package_or_fail (tree, archive_path, KILN_PACKAGE_FORMAT_TAR_GZ);
  g_autofree char *boot = g_build_filename (tree, "releases/1.0/start.boot", NULL);
  g_autofree char *extra = g_build_filename (tree, "bin/extra", NULL);
  g_autofree char *link = g_build_filename (tree, "lib/app-1.0/priv/current.beam", NULL);
  g_autoptr(GError) error = NULL;

  kiln_packager_check_archive (archive_path, tree, NULL, &error);
  g_assert_no_error (error);

  /* Same size, different bytes. */
  write_file (tree, "releases/1.0/start.boot", "BOOT", 0644);
  g_assert_false (kiln_packager_check_archive (archive_path, tree, NULL, &error));
  g_assert_error (error, KILN_ERROR, KILN_ERROR_VERIFY_FAILED);
  g_assert_nonnull (strstr (error->message, "releases/1.0/start.boot"));
  g_clear_error (&error);

  write_file (tree, "releases/1.0/start.boot", "boot, longer", 0644);
  g_assert_false (kiln_packager_check_archive (archive_path, tree, NULL, &error));
  g_assert_error (error, KILN_ERROR, KILN_ERROR_VERIFY_FAILED);
  g_assert_nonnull (strstr (error->message, "releases/1.0/start.boot"));
  g_clear_error (&error);

  write_file (tree, "releases/1.0/start.boot", "boot", 0755);
  g_assert_false (kiln_packager_check_archive (archive_path, tree, NULL, &error));
  g_assert_error (error, KILN_ERROR, KILN_ERROR_VERIFY_FAILED);
  g_assert_nonnull (strstr (error->message, "permissions"));
  g_clear_error (&error);
  g_assert_cmpint (g_chmod (boot, 0644), ==, 0);

  kiln_packager_check_archive (archive_path, tree, NULL, &error);
  g_assert_no_error (error);

  write_file (tree, "bin/extra", "new", 0755);
  g_assert_false (kiln_packager_check_archive (archive_path, tree, NULL, &error));
  g_assert_error (error, KILN_ERROR, KILN_ERROR_VERIFY_FAILED);
  g_assert_nonnull (strstr (error->message, "bin/extra"));
  g_clear_error (&error);
  g_assert_cmpint (g_unlink (extra), ==, 0);

  g_assert_cmpint (g_unlink (link), ==, 0);
  g_assert_cmpint (symlink ("../ebin/other.beam", link), ==, 0);
  g_assert_false (kiln_packager_check_archive (archive_path, tree, NULL, &error));
  g_assert_error (error, KILN_ERROR, KILN_ERROR_VERIFY_FAILED);
  g_assert_nonnull (strstr (error->message, "current.beam"));
  g_clear_error (&error);

  kiln_test_remove_tree (out_dir);
}

static void
test_archive_inside_tree (void)
{
  g_autofree char *tree = make_tree ();
  g_autofree char *archive_path = g_build_filename (tree, "myapp.tar.zst", NULL);
  g_autoptr(KilnArtifact) first = package_or_fail (tree, archive_path, KILN_PACKAGE_FORMAT_TAR_ZST);
  g_autoptr(KilnArtifact) second = package_or_fail (tree, archive_path, KILN_PACKAGE_FORMAT_TAR_ZST);
  g_autoptr(GPtrArray) entries = read_archive (archive_path);
  g_autoptr(GError) error = NULL;

  g_assert_null (find_entry (entries, "myapp.tar.zst"));
  g_assert_null (find_entry (entries, "myapp.tar.zst.sha256"));
  g_assert_cmpuint (kiln_artifact_get_n_entries (second), ==, kiln_artifact_get_n_entries (first));
  kiln_packager_check_archive (archive_path, tree, NULL, &error);
  g_assert_no_error (error);
}

/* A name with a backslash is an ordinary name on Linux: every format keeps
 * it and reads it back, and zip does not turn it into a folder. */
static void
test_backslash_names (void)
{
  g_autofree char *tree = make_tree ();
  g_autofree char *out_dir = kiln_test_make_temp_dir ("out");

  write_file (tree, "etc/a\\b.txt", "odd name\n", 0644);

  for (guint f = 0; f < G_N_ELEMENTS (all_formats); f++)
    {
      g_autofree char *archive_path = output_path (out_dir, "myapp-1.0", all_formats[f]);
      g_autoptr(KilnArtifact) artifact = package_or_fail (tree, archive_path, all_formats[f]);
      g_autoptr(GPtrArray) entries = read_archive (archive_path);
      g_autoptr(GError) error = NULL;

      g_test_message ("format %s", kiln_package_format_to_string (all_formats[f]));
      kiln_packager_check_archive (archive_path, tree, NULL, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < entries->len; i++)
        {
          ReadEntry *entry = g_ptr_array_index (entries, i);
          g_assert_null (strstr (entry->path, ".."));
        }
    }
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  guint count = 0;

  g_assert_nonnull (handle);
  while (g_dir_read_name (handle) != NULL)
    count++;

  return count;
}

static void
package_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_cancel_leaves_nothing (void)
{
  g_autofree char *tree = make_tree ();
  g_autofree char *out_dir = kiln_test_make_temp_dir ("out");
  g_autofree char *archive_path = g_build_filename (out_dir, "myapp.tar.gz", NULL);
  g_autofree char *big = g_build_filename (tree, "lib/app-1.0/priv/big.bin", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(KilnArtifact) artifact = NULL;
  g_autoptr(GError) error = NULL;
  int fd;

  /* Large enough that packaging is still running when the cancel lands. */
  fd = open (big, O_WRONLY | O_CREAT, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 256 * 1024 * 1024), ==, 0);
  close (fd);

  kiln_packager_package_async (tree, archive_path, KILN_PACKAGE_FORMAT_TAR_GZ,
                               cancellable, package_cb, &result);
  g_cancellable_cancel (cancellable);

  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  artifact = kiln_packager_package_finish (result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (artifact);
  g_assert_cmpuint (count_files (out_dir), ==, 0);

  kiln_test_remove_tree (out_dir);
  kiln_test_remove_tree (tree);
}

static void
test_async_and_errors (void)
{
  g_autofree char *tree = make_tree ();
  g_autofree char *out_dir = kiln_test_make_temp_dir ("out");
  g_autofree char *archive_path = g_build_filename (out_dir, "myapp.zip", NULL);
  g_autofree char *missing = g_build_filename (out_dir, "no-such-release", NULL);
  g_autofree char *fifo = g_build_filename (tree, "bin/pipe", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(KilnArtifact) artifact = NULL;
  g_autoptr(GError) error = NULL;

  kiln_packager_package_async (tree, archive_path, KILN_PACKAGE_FORMAT_ZIP, NULL, package_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  artifact = kiln_packager_package_finish (result, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (kiln_artifact_get_path (artifact), G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (kiln_artifact_get_sha256_path (artifact), G_FILE_TEST_IS_REGULAR));
  g_clear_object (&artifact);

  artifact = kiln_packager_package (missing, archive_path, KILN_PACKAGE_FORMAT_ZIP, NULL, &error);
  g_assert_null (artifact);
  g_assert_error (error, KILN_ERROR, KILN_ERROR_PACKAGE_FAILED);
  g_assert_nonnull (strstr (error->message, "no-such-release"));
  g_clear_error (&error);

  {
    g_autofree char *nowhere = g_build_filename (missing, "myapp.zip", NULL);

    artifact = kiln_packager_package (tree, nowhere, KILN_PACKAGE_FORMAT_ZIP, NULL, &error);
    g_assert_null (artifact);
    g_assert_error (error, KILN_ERROR, KILN_ERROR_PACKAGE_FAILED);
    g_assert_nonnull (strstr (error->message, "no-such-release"));
    g_clear_error (&error);
  }

  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  artifact = kiln_packager_package (tree, archive_path, KILN_PACKAGE_FORMAT_TAR_GZ, NULL, &error);
  g_assert_null (artifact);
  g_assert_error (error, KILN_ERROR, KILN_ERROR_PACKAGE_FAILED);
  g_assert_nonnull (strstr (error->message, "bin/pipe"));
  g_clear_error (&error);

  /* The earlier zip and its checksum are still there, nothing else. */
  g_assert_cmpuint (count_files (out_dir), ==, 2);

  kiln_test_remove_tree (out_dir);
}

static void
run_or_fail (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
}

/* One gzip member: inflating stops at the end of the file, not before. */
static void
assert_one_gzip_member (const char *path)
{
  g_autofree char *data = NULL;
  gsize length;
  z_stream stream = { 0 };
  g_autofree guint8 *out = g_malloc (1 << 20);
  int ret;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  g_assert_cmpint (inflateInit2 (&stream, 15 + 16), ==, Z_OK);
  stream.next_in = (guint8 *) data;
  stream.avail_in = length;
  do
    {
      stream.next_out = out;
      stream.avail_out = 1 << 20;
      ret = inflate (&stream, Z_NO_FLUSH);
    }
  while (ret == Z_OK);
  g_assert_cmpint (ret, ==, Z_STREAM_END);
  g_assert_cmpuint (stream.avail_in, ==, 0);
  inflateEnd (&stream);
}

/* Random and repetitive data, and a file ending on a chunk boundary. */
static char *
make_readers_tree (void)
{
  char *tree = make_tree ();
  g_autofree char *link = g_build_filename (tree, "lib/app-1.0/priv/current.beam", NULL);
  g_autoptr(GString) noise = g_string_new (NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (13);

  for (guint i = 0; i < 3 * 1024 * 1024 / 4; i++)
    {
      guint32 word = g_rand_int (rand) | 0x01010101;
      g_string_append_len (noise, (const char *) &word, 4);
    }
  write_file (tree, "lib/app-1.0/priv/noise.bin", noise->str, 0644);
  g_string_truncate (noise, 512 * 1024 - 512);
  write_file (tree, "lib/app-1.0/priv/boundary.bin", noise->str, 0644);
  /* :erl_tar refuses "../" link targets as unsafe whoever wrote the archive. */
  g_assert_cmpint (g_unlink (link), ==, 0);

  return tree;
}

/* gzip, bsdtar and Erlang's :erl_tar (what release_handler uses) all read
 * the archive back to the same tree. */
static void
assert_gzip_readers_agree (const char *archive_path,
                           const char *tree,
                           const char *out_dir)
{
  g_autofree char *bsdtar_dir = g_build_filename (out_dir, "bsdtar", NULL);
  g_autofree char *erl_dir = g_build_filename (out_dir, "erl", NULL);
  g_autofree char *erl = g_find_program_in_path ("erl");

  assert_one_gzip_member (archive_path);
  run_or_fail ((const char *[]) { "gzip", "-t", archive_path, NULL });

  g_assert_cmpint (g_mkdir (bsdtar_dir, 0755), ==, 0);
  run_or_fail ((const char *[]) { "bsdtar", "-xf", archive_path, "-C", bsdtar_dir, NULL });
  run_or_fail ((const char *[]) { "diff", "-r", "--no-dereference", tree, bsdtar_dir, NULL });

  if (erl != NULL)
    {
      g_autofree char *eval = g_strdup_printf ("ok = erl_tar:extract(\"%s\", [compressed, {cwd, \"%s\"}]), halt().",
                                               archive_path, erl_dir);

      g_assert_cmpint (g_mkdir (erl_dir, 0755), ==, 0);
      run_or_fail ((const char *[]) { "erl", "-noshell", "-eval", eval, NULL });
      run_or_fail ((const char *[]) { "diff", "-r", "--no-dereference", tree, erl_dir, NULL });
    }
  else
    g_test_message ("no erl: :erl_tar not checked");
}

/* The archive of a release: the input fits in memory, one libdeflate call. */
static void
test_gzip_readers (void)
{
  g_autofree char *tree = make_readers_tree ();
  g_autofree char *out_dir = kiln_test_make_temp_dir ("out");
  g_autofree char *archive_path = g_build_filename (out_dir, "release.tar.gz", NULL);
  g_autoptr(KilnArtifact) artifact = NULL;

  artifact = package_or_fail (tree, archive_path, KILN_PACKAGE_FORMAT_TAR_GZ);
  assert_gzip_readers_agree (archive_path, tree, out_dir);

  kiln_test_remove_tree (out_dir);
}

static gboolean
write_to_fd (gconstpointer   data,
             gsize           length,
             gpointer        user_data,
             GError        **error)
{
  g_assert_cmpint (write (GPOINTER_TO_INT (user_data), data, length), ==, (gssize) length);
  return TRUE;
}

static void
gzip_file (const char *input_path,
           const char *output_path,
           gsize       whole_input_limit)
{
  g_autoptr(KilnGzipWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length;
  int fd = open (output_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

  g_assert_cmpint (fd, >=, 0);
  g_assert_true (g_file_get_contents (input_path, &data, &length, NULL));
  writer = kiln_gzip_writer_new (2, write_to_fd, GINT_TO_POINTER (fd));
  kiln_gzip_writer_set_whole_input_limit (writer, whole_input_limit);

  /* In pieces, as libarchive hands them over. */
  for (gsize offset = 0; offset < length; offset += 10240)
    {
      g_assert_true (kiln_gzip_writer_write (writer, data + offset, MIN (10240, length - offset), &error));
      g_assert_no_error (error);
    }
  g_assert_true (kiln_gzip_writer_close (writer, &error));
  g_assert_no_error (error);
  g_assert_cmpint (close (fd), ==, 0);
}

/* Past the in-memory limit the collected input becomes the first of many
 * zlib chunks; the result is still one member every reader takes. */
static void
test_gzip_chunks (void)
{
  g_autofree char *tree = make_readers_tree ();
  g_autofree char *out_dir = kiln_test_make_temp_dir ("out");
  g_autofree char *tar_path = g_build_filename (out_dir, "release.tar", NULL);
  g_autofree char *chunked_path = g_build_filename (out_dir, "chunked.tar.gz", NULL);
  g_autofree char *again_path = g_build_filename (out_dir, "again.tar.gz", NULL);
  g_autofree char *chunked = NULL;
  g_autofree char *again = NULL;
  gsize chunked_length, again_length;

  run_or_fail ((const char *[]) { "bsdtar", "-cf", tar_path, "-C", tree, ".", NULL });
  gzip_file (tar_path, chunked_path, 1024 * 1024);
  assert_gzip_readers_agree (chunked_path, tree, out_dir);

  /* The same input, the same bytes. */
  gzip_file (tar_path, again_path, 1024 * 1024);
  g_assert_true (g_file_get_contents (chunked_path, &chunked, &chunked_length, NULL));
  g_assert_true (g_file_get_contents (again_path, &again, &again_length, NULL));
  g_assert_cmpmem (chunked, chunked_length, again, again_length);

  kiln_test_remove_tree (out_dir);
}

int
main (int   argc,
      char *argv[])
{
  kiln_test_init (&argc, &argv);

  g_test_add_func ("/packager/formats", test_formats);
  g_test_add_func ("/packager/contents", test_package_contents);
  g_test_add_func ("/packager/reproducible", test_reproducible);
  g_test_add_func ("/packager/check-detects-changes", test_check_detects_changes);
  g_test_add_func ("/packager/archive-inside-tree", test_archive_inside_tree);
  g_test_add_func ("/packager/backslash-names", test_backslash_names);
  g_test_add_func ("/packager/cancel", test_cancel_leaves_nothing);
  g_test_add_func ("/packager/async-and-errors", test_async_and_errors);
  g_test_add_func ("/packager/gzip-readers", test_gzip_readers);
  g_test_add_func ("/packager/gzip-chunks", test_gzip_chunks);

  return g_test_run ();
}
