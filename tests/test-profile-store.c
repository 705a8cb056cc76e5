#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "kiln-engine.h"
#include "kiln-test-util.h"

typedef struct
{
  char *project_dir;
  char *profiles_dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *data_dir = NULL;

  fixture->project_dir = kiln_test_make_temp_dir ("project");
  data_dir = kiln_paths_dup_project_data_dir (fixture->project_dir);
  fixture->profiles_dir = g_build_filename (data_dir, "profiles", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  kiln_test_remove_tree (fixture->project_dir);
  g_free (fixture->project_dir);
  g_free (fixture->profiles_dir);
}

static KilnReleaseProfile *
make_profile (const char *name,
              const char *cookie)
{
  g_autoptr(KilnReleaseApplication) application = kiln_release_application_new (name, KILN_APPLICATION_MODE_PERMANENT);
  KilnReleaseProfile *profile = kiln_release_profile_new (name);

  kiln_release_profile_set_cookie (profile, cookie);
  g_list_store_append (kiln_release_profile_get_application_store (profile), application);

  return profile;
}

static char *
profile_name_at (GListModel *model,
                 guint       position)
{
  g_autoptr(KilnReleaseProfile) profile = g_list_model_get_item (model, position);

  return g_strdup (kiln_release_profile_get_name (profile));
}

static void
assert_names (GListModel *model,
              const char *expected)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autofree char *name = profile_name_at (model, i);

      g_string_append_printf (names, "%s%s", i ? "," : "", name);
    }

  g_assert_cmpstr (names->str, ==, expected);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

static GPtrArray *
list_dir (const char *path)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)))
    g_ptr_array_add (names, g_strdup (name));

  g_ptr_array_sort (names, compare_names);
  return names;
}

static char *
find_aside (const char *dir,
            const char *prefix)
{
  g_autoptr(GPtrArray) names = list_dir (dir);

  for (guint i = 0; i < names->len; i++)
    {
      if (g_str_has_prefix (g_ptr_array_index (names, i), prefix))
        return g_build_filename (dir, g_ptr_array_index (names, i), NULL);
    }

  return NULL;
}

static void
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(KilnProfileStore) store = kiln_profile_store_new (fixture->project_dir);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (kiln_profile_store_get_directory (store), ==, fixture->profiles_dir);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (store)) == KILN_TYPE_RELEASE_PROFILE);
  g_assert_true (kiln_profile_store_load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_assert_null (kiln_profile_store_get_problems (store)[0]);
  g_assert_null (kiln_profile_store_lookup (store, "anything"));
}

static void
count_items_changed (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     guint      *count)
{
  (*count)++;
}

static void
test_save_and_load_several (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(KilnProfileStore) store = kiln_profile_store_new (fixture->project_dir);
  g_autoptr(KilnProfileStore) reopened = kiln_profile_store_new (fixture->project_dir);
  g_autoptr(KilnReleaseProfile) beta = make_profile ("beta", "b-cookie");
  g_autoptr(KilnReleaseProfile) alpha = make_profile ("alpha", "a-cookie");
  g_autoptr(KilnReleaseProfile) gamma = make_profile ("gamma", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = NULL;
  KilnReleaseProfile *stored;
  guint changes = 0;

  g_signal_connect (store, "items-changed", G_CALLBACK (count_items_changed), &changes);

  kiln_release_profile_set_steps_include_tar (gamma, TRUE);
  g_assert_true (kiln_profile_store_save (store, beta, &error));
  g_assert_true (kiln_profile_store_save (store, gamma, &error));
  g_assert_true (kiln_profile_store_save (store, alpha, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes, ==, 3);
  assert_names (G_LIST_MODEL (store), "alpha,beta,gamma");

  files = list_dir (fixture->profiles_dir);
  g_assert_cmpuint (files->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (files, 0), ==, "alpha.json");
  g_assert_cmpstr (g_ptr_array_index (files, 2), ==, "gamma.json");

  /* the store keeps its own copy of what was written */
  stored = kiln_profile_store_lookup (store, "beta");
  g_assert_nonnull (stored);
  g_assert_true (stored != beta);
  kiln_release_profile_set_cookie (beta, "changed after saving");
  g_assert_cmpstr (kiln_release_profile_get_cookie (stored), ==, "b-cookie");

  g_assert_true (kiln_profile_store_load (reopened, &error));
  g_assert_no_error (error);
  assert_names (G_LIST_MODEL (reopened), "alpha,beta,gamma");
  g_assert_null (kiln_profile_store_get_problems (reopened)[0]);

  for (guint i = 0; i < 3; i++)
    {
      KilnReleaseProfile *originals[] = { alpha, NULL, gamma };
      g_autoptr(KilnReleaseProfile) loaded = g_list_model_get_item (G_LIST_MODEL (reopened), i);
      g_autofree char *expected = NULL;
      g_autofree char *actual = NULL;

      if (originals[i] == NULL)
        continue;
      expected = kiln_release_profile_to_json (originals[i]);
      actual = kiln_release_profile_to_json (loaded);
      g_assert_cmpstr (actual, ==, expected);
    }

  g_assert_cmpstr (kiln_release_profile_get_cookie (kiln_profile_store_lookup (reopened, "beta")), ==, "b-cookie");
  g_assert_true (kiln_release_profile_get_steps_include_tar (kiln_profile_store_lookup (reopened, "gamma")));
  g_assert_null (kiln_profile_store_lookup (reopened, "delta"));
}

static void
test_atomic_replace (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(KilnProfileStore) store = kiln_profile_store_new (fixture->project_dir);
  g_autoptr(KilnReleaseProfile) profile = make_profile ("my_app", "first");
  g_autofree char *path = g_build_filename (fixture->profiles_dir, "my_app.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf before, after;
  guint changes = 0;

  g_assert_true (kiln_profile_store_save (store, profile, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &before), ==, 0);
  g_assert_cmpint (before.st_mode & 0777, ==, 0600);

  g_signal_connect (store, "items-changed", G_CALLBACK (count_items_changed), &changes);
  kiln_release_profile_set_cookie (profile, "second");
  g_assert_true (kiln_profile_store_save (store, profile, &error));
  g_assert_no_error (error);

  /* a new file renamed over the old one, never the old one rewritten */
  g_assert_cmpint (g_stat (path, &after), ==, 0);
  g_assert_cmpuint (before.st_ino, !=, after.st_ino);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, "\"second\""));
  g_assert_null (strstr (contents, "\"first\""));

  files = list_dir (fixture->profiles_dir);
  g_assert_cmpuint (files->len, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpstr (kiln_release_profile_get_cookie (kiln_profile_store_lookup (store, "my_app")), ==, "second");
}

static void
test_invalid_name (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *names[] = { "../escape", "Bad Name", "", "a/b" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(KilnProfileStore) store = kiln_profile_store_new (fixture->project_dir);
      g_autoptr(KilnReleaseProfile) profile = make_profile (names[i], NULL);
      g_autoptr(GError) error = NULL;

      g_assert_false (kiln_profile_store_save (store, profile, &error));
      g_assert_error (error, KILN_ERROR, KILN_ERROR_PROFILE_INVALID);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
    }

  g_assert_false (g_file_test (fixture->profiles_dir, G_FILE_TEST_EXISTS));
}

static void
test_refuses_what_cannot_be_read_back (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autoptr(KilnProfileStore) store = kiln_profile_store_new (fixture->project_dir);
  g_autoptr(KilnReleaseProfile) profile = make_profile ("raw_bytes", NULL);
  g_autoptr(KilnOverlayEntry) entry = kiln_overlay_entry_new ("/srv/caf\xe9.txt", "etc/cafe.txt");
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;

  g_list_store_append (kiln_release_profile_get_overlay_entry_store (profile), entry);
  g_assert_false (kiln_profile_store_save (store, profile, &error));
  g_assert_error (error, KILN_ERROR, KILN_ERROR_PROFILE_INVALID);
  g_assert_nonnull (strstr (error->message, "UTF-8"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  files = list_dir (fixture->profiles_dir);
  g_assert_cmpuint (files->len, ==, 0);
}

static void
test_corrupt_moved_aside (Fixture       *fixture,
                          gconstpointer  data)
{
  static const char damaged[] = "{\"format\": \"kiln-release-profile\", \"version\": 1, \"mix\": {\"quiet\": tr";
  static const char damaged_again[] = "not json at all";
  g_autoptr(KilnProfileStore) store = kiln_profile_store_new (fixture->project_dir);
  g_autoptr(KilnReleaseProfile) good = make_profile ("good", NULL);
  g_autofree char *broken_path = g_build_filename (fixture->profiles_dir, "broken.json", NULL);
  g_autofree char *aside = NULL;
  g_autofree char *aside_contents = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *problems;
  gsize length = 0;

  g_assert_true (kiln_profile_store_save (store, good, &error));
  write_file (fixture->profiles_dir, "broken.json", damaged);
  write_file (fixture->profiles_dir, "notes.txt", "not a profile");

  g_assert_true (kiln_profile_store_load (store, &error));
  g_assert_no_error (error);
  assert_names (G_LIST_MODEL (store), "good");

  problems = kiln_profile_store_get_problems (store);
  g_assert_cmpuint (g_strv_length ((char **)problems), ==, 1);
  g_assert_nonnull (strstr (problems[0], "“broken.json”"));
  g_assert_nonnull (strstr (problems[0], "broken.json.corrupt-"));

  g_assert_false (g_file_test (broken_path, G_FILE_TEST_EXISTS));
  aside = find_aside (fixture->profiles_dir, "broken.json.corrupt-");
  g_assert_nonnull (aside);
  g_file_get_contents (aside, &aside_contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (aside_contents, length, damaged, strlen (damaged));

  /* loading again leaves the set-aside copy alone and reports nothing */
  g_assert_true (kiln_profile_store_load (store, &error));
  g_assert_null (kiln_profile_store_get_problems (store)[0]);
  g_assert_true (g_file_test (aside, G_FILE_TEST_EXISTS));

  /* a second damaged file of the same name never overwrites the first */
  write_file (fixture->profiles_dir, "broken.json", damaged_again);
  g_assert_true (kiln_profile_store_load (store, &error));
  g_assert_cmpuint (g_strv_length ((char **)kiln_profile_store_get_problems (store)), ==, 1);
  g_clear_pointer (&aside_contents, g_free);
  g_file_get_contents (aside, &aside_contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (aside_contents, length, damaged, strlen (damaged));

  files = list_dir (fixture->profiles_dir);
  g_assert_cmpuint (files->len, ==, 4);  /* good.json, notes.txt and two damaged copies */
  {
    guint asides = 0;
    gboolean found_second = FALSE;

    for (guint i = 0; i < files->len; i++)
      {
        const char *name = g_ptr_array_index (files, i);
        g_autofree char *path = g_build_filename (fixture->profiles_dir, name, NULL);
        g_autofree char *contents = NULL;

        if (!g_str_has_prefix (name, "broken.json.corrupt-"))
          continue;
        asides++;
        g_file_get_contents (path, &contents, NULL, &error);
        g_assert_no_error (error);
        found_second |= g_str_equal (contents, damaged_again);
      }

    g_assert_cmpuint (asides, ==, 2);
    g_assert_true (found_second);
  }
}

static void
test_future_version_kept_aside (Fixture       *fixture,
                                gconstpointer  data)
{
  static const char future[] =
    "{\"format\": \"kiln-release-profile\", \"version\": 7, \"name\": \"future\", \"mix\": {\"new_thing\": 1}}";
  g_autoptr(KilnProfileStore) store = kiln_profile_store_new (fixture->project_dir);
  g_autofree char *aside = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *problems;
  gsize length = 0;

  write_file (fixture->profiles_dir, "future.json", future);

  g_assert_true (kiln_profile_store_load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);

  problems = kiln_profile_store_get_problems (store);
  g_assert_cmpuint (g_strv_length ((char **)problems), ==, 1);
  g_assert_nonnull (strstr (problems[0], "newer Kiln"));
  g_assert_nonnull (strstr (problems[0], "version 1"));

  /* Left in place for the newer Kiln that wrote it. */
  g_assert_null (find_aside (fixture->profiles_dir, "future.json.corrupt-"));
  aside = g_build_filename (fixture->profiles_dir, "future.json", NULL);
  g_assert_nonnull (strstr (kiln_profile_store_get_unreadable (store, "future"), "written by a newer Kiln"));
  g_file_get_contents (aside, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (contents, length, future, strlen (future));
}

static void
test_remove (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(KilnProfileStore) store = kiln_profile_store_new (fixture->project_dir);
  g_autoptr(KilnProfileStore) reopened = kiln_profile_store_new (fixture->project_dir);
  g_autoptr(KilnReleaseProfile) one = make_profile ("one", NULL);
  g_autoptr(KilnReleaseProfile) two = make_profile ("two", NULL);
  g_autofree char *one_path = g_build_filename (fixture->profiles_dir, "one.json", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (kiln_profile_store_save (store, one, &error));
  g_assert_true (kiln_profile_store_save (store, two, &error));
  g_assert_true (g_file_test (one_path, G_FILE_TEST_IS_REGULAR));

  g_assert_true (kiln_profile_store_remove (store, "one", &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (one_path, G_FILE_TEST_EXISTS));
  assert_names (G_LIST_MODEL (store), "two");
  g_assert_null (kiln_profile_store_lookup (store, "one"));

  /* removing what is not there is not an error */
  g_assert_true (kiln_profile_store_remove (store, "one", &error));
  g_assert_no_error (error);
  g_assert_false (kiln_profile_store_remove (store, "../two", &error));
  g_assert_error (error, KILN_ERROR, KILN_ERROR_PROFILE_INVALID);

  g_assert_true (kiln_profile_store_load (reopened, NULL));
  assert_names (G_LIST_MODEL (reopened), "two");
}

/* ~80,000 nested brackets overflow json-glib's stack: refused before it. */
static void
test_deeply_nested_set_aside (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(KilnProfileStore) store = kiln_profile_store_new (fixture->project_dir);
  g_autoptr(GString) deep = g_string_new ("{\"format\": \"kiln-release-profile\", \"version\": 1, \"mix\": ");
  g_autoptr(GError) error = NULL;
  g_autoptr(KilnReleaseProfile) chosen = NULL;
  g_autofree char *aside = NULL;
  const char *why;

  for (guint i = 0; i < 80000; i++)
    g_string_append_c (deep, '[');
  write_file (fixture->profiles_dir, "staging.json", deep->str);

  g_assert_true (kiln_profile_store_load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_assert_nonnull (strstr (kiln_profile_store_get_problems (store)[0], "nests more than 512 levels"));
  aside = find_aside (fixture->profiles_dir, "staging.json.corrupt-");
  g_assert_nonnull (aside);

  why = kiln_profile_store_get_unreadable (store, "staging");
  g_assert_nonnull (why);
  g_assert_true (g_str_has_prefix (why, "The saved profile “staging” was unreadable and was set aside as “staging.json.corrupt-"));
}

/* A FIFO would block a plain open() forever. */
static void
test_fifo_skipped (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(KilnProfileStore) store = kiln_profile_store_new (fixture->project_dir);
  g_autoptr(KilnReleaseProfile) good = make_profile ("good", NULL);
  g_autofree char *fifo = g_build_filename (fixture->profiles_dir, "pipe.json", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (kiln_profile_store_save (store, good, &error));
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);

  g_assert_true (kiln_profile_store_load (store, &error));
  g_assert_no_error (error);
  assert_names (G_LIST_MODEL (store), "good");
  g_assert_nonnull (strstr (kiln_profile_store_get_problems (store)[0], "not a regular file"));
  g_assert_nonnull (kiln_profile_store_get_unreadable (store, "pipe"));
  g_assert_true (g_file_test (fifo, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  kiln_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/profile-store/empty", test_empty);
  ADD ("/profile-store/save-and-load-several", test_save_and_load_several);
  ADD ("/profile-store/atomic-replace", test_atomic_replace);
  ADD ("/profile-store/invalid-name", test_invalid_name);
  ADD ("/profile-store/refuses-what-cannot-be-read-back", test_refuses_what_cannot_be_read_back);
  ADD ("/profile-store/corrupt-moved-aside", test_corrupt_moved_aside);
  ADD ("/profile-store/future-version-kept-aside", test_future_version_kept_aside);
  ADD ("/profile-store/remove", test_remove);
  ADD ("/profile-store/deeply-nested-set-aside", test_deeply_nested_set_aside);
  ADD ("/profile-store/fifo-skipped", test_fifo_skipped);

#undef ADD

  return g_test_run ();
}
