#pragma once

#include <gio/gio.h>

#include "kiln-release-profile.h"

G_BEGIN_DECLS

/* The files the overlays of a profile add to its release, as KilnOverlayEntry
 * items (source: the file on disk, destination: its path in the release):
 * <rel_templates_path>/overlays, the profile's overlay entries, then its extra
 * overlays: folders. It follows the profile and lists on a worker thread. */
#define KILN_OVERLAY_PREVIEW_MAX_FILES 200

#define KILN_TYPE_OVERLAY_PREVIEW (kiln_overlay_preview_get_type ())
G_DECLARE_FINAL_TYPE (KilnOverlayPreview, kiln_overlay_preview, KILN, OVERLAY_PREVIEW, GObject)

KilnOverlayPreview *kiln_overlay_preview_new             (void);
const char         *kiln_overlay_preview_get_project_dir (KilnOverlayPreview *self);
void                kiln_overlay_preview_set_project_dir (KilnOverlayPreview *self,
                                                          const char         *project_dir);
KilnReleaseProfile *kiln_overlay_preview_get_profile     (KilnOverlayPreview *self);
void                kiln_overlay_preview_set_profile     (KilnOverlayPreview *self,
                                                          KilnReleaseProfile *profile);
gboolean            kiln_overlay_preview_get_loading     (KilnOverlayPreview *self);
gboolean            kiln_overlay_preview_get_truncated   (KilnOverlayPreview *self);
void                kiln_overlay_preview_refresh         (KilnOverlayPreview *self);

G_END_DECLS
