#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  KILN_APPLICATION_MODE_PERMANENT,
  KILN_APPLICATION_MODE_TRANSIENT,
  KILN_APPLICATION_MODE_TEMPORARY,
  KILN_APPLICATION_MODE_LOAD,
  KILN_APPLICATION_MODE_NONE,
} KilnApplicationMode;

#define KILN_TYPE_APPLICATION_MODE (kiln_application_mode_get_type ())
GType       kiln_application_mode_get_type        (void) G_GNUC_CONST;

const char *kiln_application_mode_to_string       (KilnApplicationMode  mode);
gboolean    kiln_application_mode_from_string     (const char          *name,
                                                   KilnApplicationMode *mode);
const char *kiln_application_mode_get_description (KilnApplicationMode  mode);
char       *kiln_application_mode_dup_choices     (const char          *prefix);

#define KILN_TYPE_RELEASE_APPLICATION (kiln_release_application_get_type ())
G_DECLARE_FINAL_TYPE (KilnReleaseApplication, kiln_release_application, KILN, RELEASE_APPLICATION, GObject)

KilnReleaseApplication *kiln_release_application_new      (const char             *name,
                                                           KilnApplicationMode     mode);
const char             *kiln_release_application_get_name (KilnReleaseApplication *self);
void                    kiln_release_application_set_name (KilnReleaseApplication *self,
                                                           const char             *name);
KilnApplicationMode     kiln_release_application_get_mode (KilnReleaseApplication *self);
void                    kiln_release_application_set_mode (KilnReleaseApplication *self,
                                                           KilnApplicationMode     mode);

G_END_DECLS
