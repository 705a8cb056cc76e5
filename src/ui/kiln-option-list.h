#pragma once

#include <adwaita.h>

#include "kiln-engine.h"

G_BEGIN_DECLS

/* Which of the release options a list shows. */
typedef enum
{
  KILN_OPTION_SECTION_BASIC,
  KILN_OPTION_SECTION_ADVANCED,
} KilnOptionSection;

#define KILN_TYPE_OPTION_SECTION (kiln_option_section_get_type ())
GType kiln_option_section_get_type (void) G_GNUC_CONST;

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

/* For rows built elsewhere that show problems the same way. */
void                kiln_option_row_show_problem    (GtkWidget          *row,
                                                     const char         *message);
void                kiln_option_row_clear_problem   (GtkWidget          *row,
                                                     const char         *explanation);
GBinding           *kiln_option_bind_choice         (gpointer            source,
                                                     const char         *property,
                                                     GtkDropDown        *dropdown);

G_END_DECLS
