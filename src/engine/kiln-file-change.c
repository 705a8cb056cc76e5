#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "kiln-error.h"
#include "kiln-file-change.h"

#define DIFF_CONTEXT 3
/* Above this many cells the middle of a diff is shown as replaced wholesale:
 * still a correct diff, just not a minimal one. */
#define DIFF_MAX_CELLS (4 * 1024 * 1024)

struct _KilnFileChange
{
  GObject   parent_instance;

  char     *path;
  char     *absolute_path;
  char     *backup_path;
  GBytes   *old_contents;
  GBytes   *new_contents;
  char     *diff;
  guint     is_directory : 1;
  guint     executable : 1;
  guint     was_read : 1;
};

G_DEFINE_FINAL_TYPE (KilnFileChange, kiln_file_change, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_IS_NEW,
  PROP_DIFF,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kiln_file_change_finalize (GObject *object)
{
  KilnFileChange *self = (KilnFileChange *) object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->absolute_path, g_free);
  g_clear_pointer (&self->backup_path, g_free);
  g_clear_pointer (&self->old_contents, g_bytes_unref);
  g_clear_pointer (&self->new_contents, g_bytes_unref);
  g_clear_pointer (&self->diff, g_free);

  G_OBJECT_CLASS (kiln_file_change_parent_class)->finalize (object);
}

static void
kiln_file_change_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KilnFileChange *self = KILN_FILE_CHANGE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_IS_NEW:
      g_value_set_boolean (value, kiln_file_change_get_is_new (self));
      break;
    case PROP_DIFF:
      g_value_set_string (value, kiln_file_change_get_diff (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_file_change_class_init (KilnFileChangeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kiln_file_change_finalize;
  object_class->get_property = kiln_file_change_get_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_NEW] =
    g_param_spec_boolean ("is-new", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIFF] =
    g_param_spec_string ("diff", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiln_file_change_init (KilnFileChange *self)
{
}

static KilnFileChange *
file_change_new (const char *root,
                 const char *relative_path)
{
  KilnFileChange *self = g_object_new (KILN_TYPE_FILE_CHANGE, NULL);

  self->path = g_strdup (relative_path);
  self->absolute_path = g_build_filename (root, relative_path, NULL);
  self->backup_path = g_strconcat (self->absolute_path, ".kiln-backup", NULL);

  return self;
}

KilnFileChange *
kiln_file_change_new (const char *root,
                      const char *relative_path,
                      GBytes     *new_contents)
{
  KilnFileChange *self;

  g_return_val_if_fail (root != NULL, NULL);
  g_return_val_if_fail (relative_path != NULL, NULL);
  g_return_val_if_fail (new_contents != NULL, NULL);

  self = file_change_new (root, relative_path);
  self->new_contents = g_bytes_ref (new_contents);

  return self;
}

KilnFileChange *
kiln_file_change_new_directory (const char *root,
                                const char *relative_path)
{
  KilnFileChange *self;

  g_return_val_if_fail (root != NULL, NULL);
  g_return_val_if_fail (relative_path != NULL, NULL);

  self = file_change_new (root, relative_path);
  self->is_directory = TRUE;

  return self;
}

static GBytes *
read_bytes (const char  *path,
            gboolean    *exists,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *contents = NULL;
  gsize length = 0;

  *exists = FALSE;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return NULL;

      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  *exists = TRUE;
  return g_bytes_new_take (contents, length);
}

/* Remembers what is on disk now: the diff is against it and apply refuses
 * to write if it changes in between. */
gboolean
kiln_file_change_read_current (KilnFileChange  *self,
                               GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean exists = FALSE;

  g_return_val_if_fail (KILN_IS_FILE_CHANGE (self), FALSE);

  g_clear_pointer (&self->old_contents, g_bytes_unref);
  g_clear_pointer (&self->diff, g_free);
  self->was_read = TRUE;

  if (self->is_directory)
    return TRUE;

  if (g_file_test (self->absolute_path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_PROJECT_INVALID,
                   "“%s” is a folder, but Kiln needs to write a file there. Move it aside, then try again.",
                   self->path);
      return FALSE;
    }

  self->old_contents = read_bytes (self->absolute_path, &exists, &local_error);
  if (local_error != NULL)
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_PROJECT_INVALID,
                   "Kiln could not read “%s”: %s", self->absolute_path, local_error->message);
      return FALSE;
    }

  return TRUE;
}

const char *
kiln_file_change_get_path (KilnFileChange *self)
{
  g_return_val_if_fail (KILN_IS_FILE_CHANGE (self), NULL);
  return self->path;
}

const char *
kiln_file_change_get_absolute_path (KilnFileChange *self)
{
  g_return_val_if_fail (KILN_IS_FILE_CHANGE (self), NULL);
  return self->absolute_path;
}

const char *
kiln_file_change_get_backup_path (KilnFileChange *self)
{
  g_return_val_if_fail (KILN_IS_FILE_CHANGE (self), NULL);
  return self->backup_path;
}

GBytes *
kiln_file_change_get_old_contents (KilnFileChange *self)
{
  g_return_val_if_fail (KILN_IS_FILE_CHANGE (self), NULL);
  return self->old_contents;
}

GBytes *
kiln_file_change_get_new_contents (KilnFileChange *self)
{
  g_return_val_if_fail (KILN_IS_FILE_CHANGE (self), NULL);
  return self->new_contents;
}

gboolean
kiln_file_change_get_is_new (KilnFileChange *self)
{
  g_return_val_if_fail (KILN_IS_FILE_CHANGE (self), FALSE);

  if (self->is_directory)
    return !g_file_test (self->absolute_path, G_FILE_TEST_IS_DIR);

  return self->old_contents == NULL;
}

gboolean
kiln_file_change_get_is_directory (KilnFileChange *self)
{
  g_return_val_if_fail (KILN_IS_FILE_CHANGE (self), FALSE);
  return self->is_directory;
}

gboolean
kiln_file_change_get_is_unchanged (KilnFileChange *self)
{
  g_return_val_if_fail (KILN_IS_FILE_CHANGE (self), FALSE);

  if (self->is_directory)
    return !kiln_file_change_get_is_new (self);

  return self->old_contents != NULL && g_bytes_equal (self->old_contents, self->new_contents);
}

gboolean
kiln_file_change_get_executable (KilnFileChange *self)
{
  g_return_val_if_fail (KILN_IS_FILE_CHANGE (self), FALSE);
  return self->executable;
}

void
kiln_file_change_set_executable (KilnFileChange *self,
                                 gboolean        executable)
{
  g_return_if_fail (KILN_IS_FILE_CHANGE (self));
  self->executable = !!executable;
}

static gboolean
bytes_are_text (GBytes *bytes)
{
  gsize size = 0;
  const char *data = bytes ? g_bytes_get_data (bytes, &size) : "";

  if (bytes == NULL)
    return TRUE;

  return memchr (data, '\0', size) == NULL && g_utf8_validate (data, size, NULL);
}

static char *
bytes_dup_text (GBytes *bytes)
{
  gsize size = 0;
  const char *data;

  if (bytes == NULL)
    return g_strdup ("");

  data = g_bytes_get_data (bytes, &size);
  return g_strndup (data, size);
}

const char *
kiln_file_change_get_diff (KilnFileChange *self)
{
  g_return_val_if_fail (KILN_IS_FILE_CHANGE (self), NULL);

  if (self->diff != NULL)
    return self->diff;

  if (self->is_directory)
    {
      self->diff = kiln_file_change_get_is_new (self)
        ? g_strdup_printf ("New folder %s/\n", self->path)
        : g_strdup ("");
    }
  else if (!bytes_are_text (self->old_contents) || !bytes_are_text (self->new_contents))
    {
      if (kiln_file_change_get_is_unchanged (self))
        self->diff = g_strdup ("");
      else if (self->old_contents == NULL)
        self->diff = g_strdup_printf ("Binary file b/%s (%zu bytes) will be created\n", self->path,
                                      g_bytes_get_size (self->new_contents));
      else
        self->diff = g_strdup_printf ("Binary files a/%s and b/%s differ\n", self->path, self->path);
    }
  else
    {
      g_autofree char *old_text = bytes_dup_text (self->old_contents);
      g_autofree char *new_text = bytes_dup_text (self->new_contents);
      g_autofree char *old_label = self->old_contents ? g_strconcat ("a/", self->path, NULL)
                                                      : g_strdup ("/dev/null");
      g_autofree char *new_label = g_strconcat ("b/", self->path, NULL);

      self->diff = kiln_unified_diff (old_label, new_label, old_text, new_text);
    }

  return self->diff;
}

static gboolean
write_atomically (const char  *path,
                  GBytes      *contents,
                  int          mode,
                  GError     **error)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (contents, &size);

  return g_file_set_contents_full (path, data, size,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   mode, error);
}

/* Refuses when the file on disk is no longer what the diff was made against. */
gboolean
kiln_file_change_verify (KilnFileChange  *self,
                         GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) current = NULL;
  gboolean exists = FALSE;

  g_return_val_if_fail (KILN_IS_FILE_CHANGE (self), FALSE);

  if (self->is_directory)
    return TRUE;

  if (!self->was_read)
    return kiln_file_change_read_current (self, error);

  current = read_bytes (self->absolute_path, &exists, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if ((current == NULL) != (self->old_contents == NULL) ||
      (current != NULL && !g_bytes_equal (current, self->old_contents)))
    {
      g_set_error (error, KILN_ERROR, KILN_ERROR_PROJECT_INVALID,
                   "“%s” changed since Kiln read it, so nothing was written. "
                   "Review the changes again, then apply.", self->path);
      return FALSE;
    }

  return TRUE;
}

gboolean
kiln_file_change_apply (KilnFileChange  *self,
                        GError         **error)
{
  g_autofree char *parent = NULL;
  GStatBuf st;
  int old_mode = 0644;
  int mode;

  g_return_val_if_fail (KILN_IS_FILE_CHANGE (self), FALSE);

  if (self->is_directory)
    {
      if (g_mkdir_with_parents (self->absolute_path, 0755) != 0)
        {
          int saved_errno = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "Could not create the folder “%s”: %s", self->absolute_path, g_strerror (saved_errno));
          return FALSE;
        }
      return TRUE;
    }

  if (!kiln_file_change_verify (self, error))
    return FALSE;

  if (kiln_file_change_get_is_unchanged (self))
    return TRUE;

  mode = self->executable ? 0755 : 0644;
  if (self->old_contents != NULL && g_stat (self->absolute_path, &st) == 0)
    {
      old_mode = st.st_mode & 07777;
      mode = old_mode | (self->executable ? 0111 : 0);
    }

  if (self->old_contents != NULL && !write_atomically (self->backup_path, self->old_contents, old_mode, error))
    return FALSE;

  parent = g_path_get_dirname (self->absolute_path);
  if (g_mkdir_with_parents (parent, 0755) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not create the folder “%s”: %s", parent, g_strerror (saved_errno));
      return FALSE;
    }

  if (!write_atomically (self->absolute_path, self->new_contents, mode, error))
    return FALSE;

  g_clear_pointer (&self->old_contents, g_bytes_unref);
  self->old_contents = g_bytes_ref (self->new_contents);

  return TRUE;
}

/* Unified diff */

typedef struct
{
  const char *start;
  gsize       length;   /* without the newline */
  gboolean    has_newline;
} Line;

typedef enum { OP_SAME, OP_DELETE, OP_INSERT } OpKind;

typedef struct
{
  OpKind kind;
  guint  old_index;
  guint  new_index;
} Op;

static GArray *
split_lines (const char *text)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (Line));
  const char *p = text;

  while (*p != '\0')
    {
      const char *nl = strchr (p, '\n');
      Line line = { p, nl ? (gsize) (nl - p) : strlen (p), nl != NULL };

      g_array_append_val (lines, line);
      p = nl ? nl + 1 : p + line.length;
    }

  return lines;
}

static gboolean
lines_equal (const Line *a,
             const Line *b)
{
  return a->length == b->length && a->has_newline == b->has_newline &&
         memcmp (a->start, b->start, a->length) == 0;
}

static void
push_op (GArray *ops,
         OpKind  kind,
         guint   old_index,
         guint   new_index)
{
  Op op = { kind, old_index, new_index };
  g_array_append_val (ops, op);
}

/* Longest common subsequence of the middle part, after the common prefix and
 * suffix are set aside (edits to mix.exs are local, so the middle is small). */
static void
diff_middle (GArray *old_lines,
             GArray *new_lines,
             guint   old_from,
             guint   old_to,
             guint   new_from,
             guint   new_to,
             GArray *ops)
{
  guint n = old_to - old_from;
  guint m = new_to - new_from;
  g_autofree guint32 *table = NULL;
  guint i = 0, j = 0;

  if ((guint64) (n + 1) * (m + 1) > DIFF_MAX_CELLS)
    {
      for (i = 0; i < n; i++)
        push_op (ops, OP_DELETE, old_from + i, new_from);
      for (j = 0; j < m; j++)
        push_op (ops, OP_INSERT, old_to, new_from + j);
      return;
    }

  table = g_new0 (guint32, (gsize) (n + 1) * (m + 1));
#define CELL(a, b) table[(gsize) (a) * (m + 1) + (b)]
  for (int a = n - 1; a >= 0; a--)
    for (int b = m - 1; b >= 0; b--)
      {
        if (lines_equal (&g_array_index (old_lines, Line, old_from + a),
                         &g_array_index (new_lines, Line, new_from + b)))
          CELL (a, b) = CELL (a + 1, b + 1) + 1;
        else
          CELL (a, b) = MAX (CELL (a + 1, b), CELL (a, b + 1));
      }

  while (i < n || j < m)
    {
      if (i < n && j < m &&
          lines_equal (&g_array_index (old_lines, Line, old_from + i),
                       &g_array_index (new_lines, Line, new_from + j)))
        {
          push_op (ops, OP_SAME, old_from + i, new_from + j);
          i++, j++;
        }
      else if (i < n && (j == m || CELL (i + 1, j) >= CELL (i, j + 1)))
        {
          push_op (ops, OP_DELETE, old_from + i, new_from + j);
          i++;
        }
      else
        {
          push_op (ops, OP_INSERT, old_from + i, new_from + j);
          j++;
        }
    }
#undef CELL
}

static void
append_line (GString    *out,
             char        marker,
             const Line *line)
{
  g_string_append_c (out, marker);
  g_string_append_len (out, line->start, line->length);
  g_string_append_c (out, '\n');
  if (!line->has_newline)
    g_string_append (out, "\\ No newline at end of file\n");
}

static void
append_range (GString *out,
              char     marker,
              guint    start,
              guint    count)
{
  /* Unified diff numbers an empty range by the line before it. */
  guint first = count == 0 ? start : start + 1;

  g_string_append_printf (out, " %c%u", marker, first);
  if (count != 1)
    g_string_append_printf (out, ",%u", count);
}

char *
kiln_unified_diff (const char *old_label,
                   const char *new_label,
                   const char *old_text,
                   const char *new_text)
{
  g_autoptr(GArray) old_lines = split_lines (old_text ? old_text : "");
  g_autoptr(GArray) new_lines = split_lines (new_text ? new_text : "");
  g_autoptr(GArray) ops = g_array_new (FALSE, FALSE, sizeof (Op));
  GString *out = g_string_new (NULL);
  guint prefix = 0, suffix = 0;
  guint k = 0;

  while (prefix < old_lines->len && prefix < new_lines->len &&
         lines_equal (&g_array_index (old_lines, Line, prefix), &g_array_index (new_lines, Line, prefix)))
    push_op (ops, OP_SAME, prefix, prefix), prefix++;

  while (suffix < old_lines->len - prefix && suffix < new_lines->len - prefix &&
         lines_equal (&g_array_index (old_lines, Line, old_lines->len - 1 - suffix),
                      &g_array_index (new_lines, Line, new_lines->len - 1 - suffix)))
    suffix++;

  diff_middle (old_lines, new_lines, prefix, old_lines->len - suffix,
               prefix, new_lines->len - suffix, ops);

  for (guint s = suffix; s > 0; s--)
    push_op (ops, OP_SAME, old_lines->len - s, new_lines->len - s);

  for (k = 0; k < ops->len && g_array_index (ops, Op, k).kind == OP_SAME; k++)
    ;
  if (k == ops->len)
    return g_string_free (out, FALSE);
  k = 0;

  g_string_append_printf (out, "--- %s\n+++ %s\n", old_label, new_label);

  while (k < ops->len)
    {
      guint change, hunk_start, hunk_end, last_change;
      guint old_count = 0, new_count = 0;
      Op *first;

      while (k < ops->len && g_array_index (ops, Op, k).kind == OP_SAME)
        k++;
      if (k == ops->len)
        break;

      change = k;
      hunk_start = change > DIFF_CONTEXT ? change - DIFF_CONTEXT : 0;
      /* Extend while the next change is within twice the context. */
      last_change = change;
      for (guint q = change; q < ops->len; q++)
        {
          if (g_array_index (ops, Op, q).kind != OP_SAME)
            last_change = q;
          else if (q - last_change > 2 * DIFF_CONTEXT)
            break;
        }
      hunk_end = MIN (ops->len, last_change + 1 + DIFF_CONTEXT);

      for (guint q = hunk_start; q < hunk_end; q++)
        {
          OpKind kind = g_array_index (ops, Op, q).kind;
          old_count += kind != OP_INSERT;
          new_count += kind != OP_DELETE;
        }

      first = &g_array_index (ops, Op, hunk_start);
      g_string_append (out, "@@");
      append_range (out, '-', first->old_index, old_count);
      append_range (out, '+', first->new_index, new_count);
      g_string_append (out, " @@\n");

      for (guint q = hunk_start; q < hunk_end; q++)
        {
          Op *op = &g_array_index (ops, Op, q);

          if (op->kind == OP_SAME)
            append_line (out, ' ', &g_array_index (old_lines, Line, op->old_index));
          else if (op->kind == OP_DELETE)
            append_line (out, '-', &g_array_index (old_lines, Line, op->old_index));
          else
            append_line (out, '+', &g_array_index (new_lines, Line, op->new_index));
        }

      k = hunk_end;
    }

  return g_string_free (out, FALSE);
}
