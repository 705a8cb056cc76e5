#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KILN_TYPE_OVERLAY_ENTRY (kiln_overlay_entry_get_type ())
G_DECLARE_FINAL_TYPE (KilnOverlayEntry, kiln_overlay_entry, KILN, OVERLAY_ENTRY, GObject)

KilnOverlayEntry *kiln_overlay_entry_new             (const char       *source,
                                                      const char       *destination);
KilnOverlayEntry *kiln_overlay_entry_new_for_source  (const char       *source);
const char       *kiln_overlay_entry_get_source      (KilnOverlayEntry *self);
void              kiln_overlay_entry_set_source      (KilnOverlayEntry *self,
                                                      const char       *source);
const char       *kiln_overlay_entry_get_destination (KilnOverlayEntry *self);
void              kiln_overlay_entry_set_destination (KilnOverlayEntry *self,
                                                      const char       *destination);

G_END_DECLS
