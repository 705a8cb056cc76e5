#pragma once

#include <adwaita.h>

#include "kiln-engine.h"
#include "kiln-option-row.h"

G_BEGIN_DECLS

/* The rows of one section of the release options, each bound to the
 * KilnReleaseProfile property it edits; rows are looked up by that name. */
#define KILN_TYPE_OPTION_LIST (kiln_option_list_get_type ())
G_DECLARE_FINAL_TYPE (KilnOptionList, kiln_option_list, KILN, OPTION_LIST, AdwPreferencesGroup)

KilnReleaseProfile *kiln_option_list_get_profile    (KilnOptionList     *self);
void                kiln_option_list_set_profile    (KilnOptionList     *self,
                                                     KilnReleaseProfile *profile);
GtkWidget          *kiln_option_list_get_row        (KilnOptionList     *self,
                                                     const char         *property);
GtkWidget          *kiln_option_list_get_control    (KilnOptionList     *self,
                                                     const char         *property);
void                kiln_option_list_clear_problems (KilnOptionList     *self);
gboolean            kiln_option_list_mark_problem   (KilnOptionList     *self,
                                                     const char         *property,
                                                     const char         *message);

G_END_DECLS
