#define G_LOG_DOMAIN "kiln-ui"

#include "config.h"

#include <string.h>

#include "kiln-diff-view.h"

struct _KilnDiffView
{
  GtkTextView  parent_instance;

  char        *diff;
};

G_DEFINE_FINAL_TYPE (KilnDiffView, kiln_diff_view, GTK_TYPE_TEXT_VIEW)

enum {
  PROP_0,
  PROP_DIFF,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
tag_for_line (const char *line,
              gsize       length)
{
  if (length >= 3 && (strncmp (line, "+++", 3) == 0 || strncmp (line, "---", 3) == 0))
    return "file";
  if (length >= 2 && strncmp (line, "@@", 2) == 0)
    return "hunk";
  if (length >= 1 && line[0] == '+')
    return "added";
  if (length >= 1 && line[0] == '-')
    return "removed";
  return NULL;
}

static void
fill_buffer (KilnDiffView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  const char *line = self->diff ? self->diff : "";
  GtkTextIter end;

  gtk_text_buffer_set_text (buffer, "", 0);
  gtk_text_buffer_get_end_iter (buffer, &end);

  while (*line != '\0')
    {
      const char *newline = strchr (line, '\n');
      gsize length = newline ? (gsize) (newline - line) : strlen (line);
      const char *tag = tag_for_line (line, length);

      /* The newline belongs to the line, so a tint spans the whole row. */
      if (newline != NULL)
        length++;

      if (tag != NULL)
        gtk_text_buffer_insert_with_tags_by_name (buffer, &end, line, length, tag, NULL);
      else
        gtk_text_buffer_insert (buffer, &end, line, length);

      line += length;
    }
}

static void
kiln_diff_view_finalize (GObject *object)
{
  KilnDiffView *self = (KilnDiffView *)object;

  g_clear_pointer (&self->diff, g_free);

  G_OBJECT_CLASS (kiln_diff_view_parent_class)->finalize (object);
}

static void
kiln_diff_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KilnDiffView *self = KILN_DIFF_VIEW (object);

  switch (prop_id)
    {
    case PROP_DIFF:
      g_value_set_string (value, self->diff);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_diff_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KilnDiffView *self = KILN_DIFF_VIEW (object);

  switch (prop_id)
    {
    case PROP_DIFF:
      kiln_diff_view_set_diff (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_diff_view_class_init (KilnDiffViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kiln_diff_view_finalize;
  object_class->get_property = kiln_diff_view_get_property;
  object_class->set_property = kiln_diff_view_set_property;

  properties[PROP_DIFF] =
    g_param_spec_string ("diff", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiln_diff_view_init (KilnDiffView *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  /* Translucent tints sit well on both the light and the dark background. */
  GdkRGBA added = { 0.15f, 0.64f, 0.41f, 0.22f };
  GdkRGBA removed = { 0.88f, 0.11f, 0.14f, 0.20f };
  GdkRGBA hunk = { 0.21f, 0.52f, 0.89f, 0.16f };

  gtk_text_view_set_editable (view, FALSE);
  gtk_text_view_set_cursor_visible (view, FALSE);
  gtk_text_view_set_monospace (view, TRUE);
  gtk_text_view_set_accepts_tab (view, FALSE);
  gtk_text_view_set_wrap_mode (view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (view, 8);
  gtk_text_view_set_bottom_margin (view, 8);
  /* A hanging indent sets lines wrapped in a narrow window apart from new ones. */
  gtk_text_view_set_left_margin (view, 8);
  gtk_text_view_set_indent (view, -16);
  gtk_text_view_set_right_margin (view, 8);

  gtk_text_buffer_create_tag (buffer, "added", "paragraph-background-rgba", &added, NULL);
  gtk_text_buffer_create_tag (buffer, "removed", "paragraph-background-rgba", &removed, NULL);
  gtk_text_buffer_create_tag (buffer, "hunk", "paragraph-background-rgba", &hunk, NULL);
  gtk_text_buffer_create_tag (buffer, "file", "weight", PANGO_WEIGHT_BOLD, NULL);
}

GtkWidget *
kiln_diff_view_new (const char *diff)
{
  return g_object_new (KILN_TYPE_DIFF_VIEW,
                       "diff", diff,
                       NULL);
}

const char *
kiln_diff_view_get_diff (KilnDiffView *self)
{
  g_return_val_if_fail (KILN_IS_DIFF_VIEW (self), NULL);
  return self->diff;
}

void
kiln_diff_view_set_diff (KilnDiffView *self,
                         const char   *diff)
{
  g_return_if_fail (KILN_IS_DIFF_VIEW (self));

  if (g_strcmp0 (self->diff, diff) == 0)
    return;

  g_free (self->diff);
  self->diff = g_strdup (diff);
  fill_buffer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIFF]);
}

/* A diff sized for a message dialog: scrolled, framed, and as wide as the
 * window it belongs to allows, since code reads badly in a narrow dialog. */
GtkWidget *
kiln_diff_view_new_for_dialog (const char *diff,
                               const char *accessible_label,
                               GtkWindow  *parent)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = kiln_diff_view_new (diff);
  int parent_width = parent != NULL ? gtk_widget_get_width (GTK_WIDGET (parent)) : 0;

  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label, -1);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_has_frame (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 160);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_widget_set_size_request (scrolled, CLAMP (parent_width - 120, 260, 560), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);

  return scrolled;
}
