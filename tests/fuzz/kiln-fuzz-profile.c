#include "config.h"

#include "kiln-fuzz.h"
#include "kiln-release-profile.h"

/* A saved profile of any shape is loaded or refused with an error, and
 * whatever was loaded can be saved and loaded again. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(KilnReleaseProfile) profile = NULL;
  g_autoptr(KilnReleaseProfile) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = NULL;

  kiln_fuzz_init_once ();
  profile = kiln_release_profile_new_from_json (text, &error);
  if (profile == NULL)
    {
      g_assert_nonnull (error);
      return 0;
    }

  saved = kiln_release_profile_to_json (profile);
  again = kiln_release_profile_new_from_json (saved, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);

  return 0;
}
