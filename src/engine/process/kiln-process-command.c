#define G_LOG_DOMAIN "kiln-process"

#include "config.h"

#include <string.h>

#include "kiln-process-private.h"

/* A process's command line as people read it and as the host runs it. */

static gboolean
needs_quoting (const char *arg)
{
  if (*arg == '\0')
    return TRUE;

  for (const char *c = arg; *c != '\0'; c++)
    {
      if (!g_ascii_isalnum (*c) && strchr ("_-./=:,+@%", *c) == NULL)
        return TRUE;
    }

  return FALSE;
}

char *
kiln_process_dup_command_line (KilnProcess *self)
{
  GString *str = g_string_new (NULL);

  g_return_val_if_fail (KILN_IS_PROCESS (self), NULL);

  for (guint i = 0; self->argv[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (str, ' ');

      if (needs_quoting (self->argv[i]))
        {
          g_autofree char *quoted = g_shell_quote (self->argv[i]);
          g_string_append (str, quoted);
        }
      else
        g_string_append (str, self->argv[i]);
    }

  return g_string_free (str, FALSE);
}

gboolean
kiln_process_runs_on_host (void)
{
  const char *forced = g_getenv ("KILN_FLATPAK_SPAWN");

  if (forced != NULL)
    return g_str_equal (forced, "1");

  return g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
}

/* Inside Flatpak the toolchain and the project live on the host, so every
 * command goes through flatpak-spawn; its environment and folder have to be
 * passed as arguments because the launcher's do not cross the sandbox. */
GStrv
kiln_process_build_host_argv (KilnProcess *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_strv_builder_add_many (builder, "flatpak-spawn", "--host", "--watch-bus", NULL);

  if (self->cwd != NULL)
    {
      g_autofree char *directory = g_strdup_printf ("--directory=%s", self->cwd);
      g_strv_builder_add (builder, directory);
    }

  g_hash_table_iter_init (&iter, self->environment);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *option = NULL;

      if (value != NULL)
        option = g_strdup_printf ("--env=%s=%s", (char *) key, (char *) value);
      else
        option = g_strdup_printf ("--unset-env=%s", (char *) key);
      g_strv_builder_add (builder, option);
    }

  g_strv_builder_addv (builder, (const char **) self->argv);

  return g_strv_builder_end (builder);
}
