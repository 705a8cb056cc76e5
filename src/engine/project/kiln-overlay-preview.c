#define G_LOG_DOMAIN "kiln-project"

#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "kiln-overlay-entry.h"
#include "kiln-overlay-preview.h"

/* What one listing reads, snapshotted from the profile on the main thread
 * (worker threads never touch the profile). Ref-counted with g_rc_box. */
typedef struct
{
  char  *templates_overlays;
  GStrv  entry_sources;
  GStrv  entry_destinations;
  GStrv  extra_dirs;
} Request;

typedef struct
{
  GPtrArray  *files;
  GHashTable *destinations;
  gboolean    truncated;
} Listing;

struct _KilnOverlayPreview
{
  GObject             parent_instance;

  char               *project_dir;
  KilnReleaseProfile *profile;
  GPtrArray          *files;
  Request            *listed;
  GCancellable       *cancellable;
  guint               truncated : 1;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KilnOverlayPreview, kiln_overlay_preview, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_PROJECT_DIR,
  PROP_PROFILE,
  PROP_LOADING,
  PROP_TRUNCATED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
request_clear (Request *request)
{
  g_free (request->templates_overlays);
  g_strfreev (request->entry_sources);
  g_strfreev (request->entry_destinations);
  g_strfreev (request->extra_dirs);
}

static void
request_unref (Request *request)
{
  g_rc_box_release_full (request, (GDestroyNotify) request_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_unref)

static Request *
request_new (const char         *project_dir,
             KilnReleaseProfile *profile)
{
  Request *request = g_rc_box_new0 (Request);
  g_autofree char *folder = kiln_release_template_dup_folder (project_dir,
                                                              kiln_release_profile_get_rel_templates_path (profile));
  GListModel *entries = kiln_release_profile_get_overlay_entries (profile);
  const char * const *extra_dirs = kiln_release_profile_get_overlays (profile);
  GPtrArray *sources = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  GPtrArray *destinations = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  GPtrArray *extras = g_ptr_array_new_null_terminated (4, g_free, TRUE);

  request->templates_overlays = g_build_filename (folder, "overlays", NULL);

  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(KilnOverlayEntry) entry = g_list_model_get_item (entries, i);
      const char *source = kiln_overlay_entry_get_source (entry);
      const char *destination = kiln_overlay_entry_get_destination (entry);
      g_autofree char *basename = NULL;

      if (source == NULL || source[0] == '\0')
        continue;

      if (destination == NULL || destination[0] == '\0')
        destination = basename = g_path_get_basename (source);

      g_ptr_array_add (sources, g_canonicalize_filename (source, project_dir));
      g_ptr_array_add (destinations, g_strdup (destination));
    }

  for (guint i = 0; extra_dirs[i] != NULL; i++)
    {
      if (extra_dirs[i][0] != '\0')
        g_ptr_array_add (extras, g_canonicalize_filename (extra_dirs[i], project_dir));
    }

  request->entry_sources = (GStrv) g_ptr_array_free (sources, FALSE);
  request->entry_destinations = (GStrv) g_ptr_array_free (destinations, FALSE);
  request->extra_dirs = (GStrv) g_ptr_array_free (extras, FALSE);

  return request;
}

static gboolean
request_equal (const Request *a,
               const Request *b)
{
  return g_str_equal (a->templates_overlays, b->templates_overlays) &&
         g_strv_equal ((const char * const *) a->entry_sources, (const char * const *) b->entry_sources) &&
         g_strv_equal ((const char * const *) a->entry_destinations, (const char * const *) b->entry_destinations) &&
         g_strv_equal ((const char * const *) a->extra_dirs, (const char * const *) b->extra_dirs);
}

static void
listing_free (Listing *listing)
{
  g_ptr_array_unref (listing->files);
  g_hash_table_unref (listing->destinations);
  g_free (listing);
}

/* Later overlays overwrite earlier ones: each destination is listed once. */
static void
listing_add (Listing    *listing,
             const char *source,
             const char *destination)
{
  if (listing->files->len >= KILN_OVERLAY_PREVIEW_MAX_FILES)
    {
      listing->truncated = TRUE;
      return;
    }

  if (g_hash_table_add (listing->destinations, g_strdup (destination)))
    g_ptr_array_add (listing->files, kiln_overlay_entry_new (source, destination));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Links are listed, not followed, so a loop cannot trap the walk. */
static void
list_tree (Listing      *listing,
           const char   *path,
           const char   *destination,
           GCancellable *cancellable)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  GStatBuf buf;

  if (g_lstat (path, &buf) != 0)
    return;

  if (!S_ISDIR (buf.st_mode))
    {
      if (destination[0] != '\0')
        listing_add (listing, path, destination);
      return;
    }

  if ((dir = g_dir_open (path, 0, NULL)) == NULL)
    return;

  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len && !listing->truncated && !g_cancellable_is_cancelled (cancellable); i++)
    {
      g_autofree char *child = g_build_filename (path, names->pdata[i], NULL);
      g_autofree char *child_destination = g_build_filename (destination, names->pdata[i], NULL);

      list_tree (listing, child, child_destination, cancellable);
    }
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Request *request = task_data;
  Listing *listing = g_new0 (Listing, 1);

  listing->files = g_ptr_array_new_with_free_func (g_object_unref);
  listing->destinations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  list_tree (listing, request->templates_overlays, "", cancellable);
  for (guint i = 0; request->entry_sources[i] != NULL; i++)
    list_tree (listing, request->entry_sources[i], request->entry_destinations[i], cancellable);
  for (guint i = 0; request->extra_dirs[i] != NULL; i++)
    list_tree (listing, request->extra_dirs[i], "", cancellable);

  g_task_return_pointer (task, listing, (GDestroyNotify) listing_free);
}

static void
replace_files (KilnOverlayPreview *self,
               GPtrArray          *files,
               gboolean            truncated)
{
  guint removed = self->files->len;

  g_ptr_array_unref (self->files);
  self->files = g_ptr_array_ref (files);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, files->len);

  if (self->truncated != truncated)
    {
      self->truncated = truncated;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRUNCATED]);
    }
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  KilnOverlayPreview *self = KILN_OVERLAY_PREVIEW (object);
  Listing *listing;

  /* Only a listing superseded by a newer one (or by disposal) fails. */
  if ((listing = g_task_propagate_pointer (G_TASK (result), NULL)) == NULL)
    return;

  g_clear_object (&self->cancellable);
  replace_files (self, listing->files, listing->truncated);
  listing_free (listing);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
cancel_listing (KilnOverlayPreview *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->listed, request_unref);
}

static void
reload (KilnOverlayPreview *self)
{
  g_autoptr(Request) request = NULL;
  g_autoptr(GTask) task = NULL;

  if (self->project_dir == NULL || self->profile == NULL)
    {
      g_autoptr(GPtrArray) none = g_ptr_array_new ();
      gboolean was_loading = self->cancellable != NULL;

      cancel_listing (self);
      replace_files (self, none, FALSE);
      if (was_loading)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
      return;
    }

  /* The profile changes on every keystroke; most edits leave the overlays be. */
  request = request_new (self->project_dir, self->profile);
  if (self->listed != NULL && request_equal (self->listed, request))
    return;

  cancel_listing (self);
  self->listed = g_rc_box_acquire (request);
  self->cancellable = g_cancellable_new ();

  task = g_task_new (self, self->cancellable, list_cb, NULL);
  g_task_set_source_tag (task, reload);
  g_task_set_task_data (task, g_steal_pointer (&request), (GDestroyNotify) request_unref);
  g_task_run_in_thread (task, list_thread);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static GType
kiln_overlay_preview_get_item_type (GListModel *model)
{
  return KILN_TYPE_OVERLAY_ENTRY;
}

static guint
kiln_overlay_preview_get_n_items (GListModel *model)
{
  return KILN_OVERLAY_PREVIEW (model)->files->len;
}

static gpointer
kiln_overlay_preview_get_item (GListModel *model,
                               guint       position)
{
  KilnOverlayPreview *self = KILN_OVERLAY_PREVIEW (model);

  if (position >= self->files->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->files, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = kiln_overlay_preview_get_item_type;
  iface->get_n_items = kiln_overlay_preview_get_n_items;
  iface->get_item = kiln_overlay_preview_get_item;
}

static void
kiln_overlay_preview_dispose (GObject *object)
{
  KilnOverlayPreview *self = (KilnOverlayPreview *)object;

  if (self->profile != NULL)
    g_signal_handlers_disconnect_by_data (self->profile, self);
  cancel_listing (self);
  g_clear_object (&self->profile);

  G_OBJECT_CLASS (kiln_overlay_preview_parent_class)->dispose (object);
}

static void
kiln_overlay_preview_finalize (GObject *object)
{
  KilnOverlayPreview *self = (KilnOverlayPreview *)object;

  g_clear_pointer (&self->project_dir, g_free);
  g_clear_pointer (&self->files, g_ptr_array_unref);

  G_OBJECT_CLASS (kiln_overlay_preview_parent_class)->finalize (object);
}

static void
kiln_overlay_preview_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  KilnOverlayPreview *self = KILN_OVERLAY_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_PROJECT_DIR:
      g_value_set_string (value, self->project_dir);
      break;
    case PROP_PROFILE:
      g_value_set_object (value, self->profile);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, kiln_overlay_preview_get_loading (self));
      break;
    case PROP_TRUNCATED:
      g_value_set_boolean (value, self->truncated);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_overlay_preview_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  KilnOverlayPreview *self = KILN_OVERLAY_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_PROJECT_DIR:
      kiln_overlay_preview_set_project_dir (self, g_value_get_string (value));
      break;
    case PROP_PROFILE:
      kiln_overlay_preview_set_profile (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_overlay_preview_class_init (KilnOverlayPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kiln_overlay_preview_dispose;
  object_class->finalize = kiln_overlay_preview_finalize;
  object_class->get_property = kiln_overlay_preview_get_property;
  object_class->set_property = kiln_overlay_preview_set_property;

  properties[PROP_PROJECT_DIR] =
    g_param_spec_string ("project-dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL, KILN_TYPE_RELEASE_PROFILE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A listing is under way; the items are those of the previous one. */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* More than KILN_OVERLAY_PREVIEW_MAX_FILES files: only the first are listed. */
  properties[PROP_TRUNCATED] =
    g_param_spec_boolean ("truncated", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiln_overlay_preview_init (KilnOverlayPreview *self)
{
  self->files = g_ptr_array_new_with_free_func (g_object_unref);
}

KilnOverlayPreview *
kiln_overlay_preview_new (void)
{
  return g_object_new (KILN_TYPE_OVERLAY_PREVIEW, NULL);
}

const char *
kiln_overlay_preview_get_project_dir (KilnOverlayPreview *self)
{
  g_return_val_if_fail (KILN_IS_OVERLAY_PREVIEW (self), NULL);

  return self->project_dir;
}

void
kiln_overlay_preview_set_project_dir (KilnOverlayPreview *self,
                                      const char         *project_dir)
{
  g_return_if_fail (KILN_IS_OVERLAY_PREVIEW (self));

  if (g_strcmp0 (self->project_dir, project_dir) == 0)
    return;

  g_free (self->project_dir);
  self->project_dir = g_strdup (project_dir);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT_DIR]);
}

KilnReleaseProfile *
kiln_overlay_preview_get_profile (KilnOverlayPreview *self)
{
  g_return_val_if_fail (KILN_IS_OVERLAY_PREVIEW (self), NULL);

  return self->profile;
}

void
kiln_overlay_preview_set_profile (KilnOverlayPreview *self,
                                  KilnReleaseProfile *profile)
{
  g_return_if_fail (KILN_IS_OVERLAY_PREVIEW (self));
  g_return_if_fail (profile == NULL || KILN_IS_RELEASE_PROFILE (profile));

  if (self->profile == profile)
    return;

  if (self->profile != NULL)
    g_signal_handlers_disconnect_by_data (self->profile, self);
  g_set_object (&self->profile, profile);
  if (profile != NULL)
    g_signal_connect_object (profile, "changed", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);

  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
}

gboolean
kiln_overlay_preview_get_loading (KilnOverlayPreview *self)
{
  g_return_val_if_fail (KILN_IS_OVERLAY_PREVIEW (self), FALSE);

  return self->cancellable != NULL;
}

gboolean
kiln_overlay_preview_get_truncated (KilnOverlayPreview *self)
{
  g_return_val_if_fail (KILN_IS_OVERLAY_PREVIEW (self), FALSE);

  return self->truncated;
}

/* Lists again, for files added to or removed from the folders meanwhile. */
void
kiln_overlay_preview_refresh (KilnOverlayPreview *self)
{
  g_return_if_fail (KILN_IS_OVERLAY_PREVIEW (self));

  g_clear_pointer (&self->listed, request_unref);
  reload (self);
}
