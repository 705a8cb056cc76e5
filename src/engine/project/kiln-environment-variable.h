#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One variable of a profile's "Environment for checks and Run Release". A
 * secret one's value is never logged, recorded or printed. */
#define KILN_TYPE_ENVIRONMENT_VARIABLE (kiln_environment_variable_get_type ())
G_DECLARE_FINAL_TYPE (KilnEnvironmentVariable, kiln_environment_variable, KILN, ENVIRONMENT_VARIABLE, GObject)

KilnEnvironmentVariable *kiln_environment_variable_new        (const char              *name,
                                                               const char              *value,
                                                               gboolean                 secret);
const char              *kiln_environment_variable_get_name   (KilnEnvironmentVariable *self);
void                     kiln_environment_variable_set_name   (KilnEnvironmentVariable *self,
                                                               const char              *name);
const char              *kiln_environment_variable_get_value  (KilnEnvironmentVariable *self);
void                     kiln_environment_variable_set_value  (KilnEnvironmentVariable *self,
                                                               const char              *value);
gboolean                 kiln_environment_variable_get_secret (KilnEnvironmentVariable *self);
void                     kiln_environment_variable_set_secret (KilnEnvironmentVariable *self,
                                                               gboolean                 secret);
/* Whether NAME is one a shell could set ([A-Za-z_][A-Za-z0-9_]*): others
 * are never passed to a process. */
gboolean                 kiln_environment_variable_name_is_valid (const char *name);
/* The value as it may be shown: a secret's is masked. */
const char              *kiln_environment_variable_get_display_value (KilnEnvironmentVariable *self);

G_END_DECLS
