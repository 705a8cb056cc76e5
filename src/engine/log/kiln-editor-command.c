#define G_LOG_DOMAIN "kiln-log"

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "kiln-editor-command.h"

/* $VISUAL when set (it takes "+LINE FILE" like vi and most terminal
 * editors), else GNOME Text Editor. */
char *
kiln_editor_command_default (void)
{
  const char *visual = g_getenv ("VISUAL");

  if (visual != NULL && visual[0] != '\0')
    {
      g_autofree char *quoted = g_shell_quote (visual);
      return g_strdup_printf ("%s +{line} {file}", quoted);
    }

  return g_strdup (KILN_EDITOR_GNOME_TEXT_EDITOR);
}

static char *
replace (const char *arg,
         const char *file,
         const char *line)
{
  GString *out = g_string_new (NULL);

  for (const char *p = arg; *p != '\0'; )
    {
      if (g_str_has_prefix (p, "{file}"))
        {
          g_string_append (out, file);
          p += 6;
        }
      else if (g_str_has_prefix (p, "{line}"))
        {
          g_string_append (out, line);
          p += 6;
        }
      else
        g_string_append_c (out, *p++);
    }

  return g_string_free (out, FALSE);
}

/* The argv to run, split like a shell would but never run by one: a file
 * name from a log cannot inject a command. A template without {file} gets
 * the file appended. */
char **
kiln_editor_command_build (const char  *template,
                           const char  *file,
                           guint        line,
                           GError     **error)
{
  g_auto(GStrv) words = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *line_text = g_strdup_printf ("%u", MAX (line, 1));
  gboolean has_file = FALSE;

  g_return_val_if_fail (file != NULL, NULL);

  if (template == NULL || !g_shell_parse_argv (template, NULL, &words, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The editor command “%s” cannot be read: fix it in Preferences."),
                   template ? template : "");
      return NULL;
    }

  for (guint i = 0; words[i] != NULL; i++)
    {
      has_file |= strstr (words[i], "{file}") != NULL;
      g_ptr_array_add (argv, replace (words[i], file, line_text));
    }
  if (!has_file)
    g_ptr_array_add (argv, g_strdup (file));
  g_ptr_array_add (argv, NULL);

  return (char **) g_ptr_array_free (g_steal_pointer (&argv), FALSE);
}
