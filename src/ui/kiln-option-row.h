#pragma once

#include <adwaita.h>

#include "kiln-engine.h"

G_BEGIN_DECLS

/* Which part of the Release page an option is shown in. */
typedef enum
{
  KILN_OPTION_SECTION_BASIC,
  KILN_OPTION_SECTION_ADVANCED,
} KilnOptionSection;

#define KILN_TYPE_OPTION_SECTION (kiln_option_section_get_type ())
GType kiln_option_section_get_type (void) G_GNUC_CONST;

/* One release option: the KilnReleaseProfile property it edits, how it is
 * titled and explained, and the control that edits it. */
typedef struct _KilnOptionSpec KilnOptionSpec;

const KilnOptionSpec *kiln_option_spec_get             (guint                 index);
KilnOptionSection     kiln_option_spec_get_section     (const KilnOptionSpec *spec);
const char           *kiln_option_spec_get_property    (const KilnOptionSpec *spec);
const char           *kiln_option_spec_get_explanation (const KilnOptionSpec *spec);
GtkWidget            *kiln_option_spec_new_row         (const KilnOptionSpec *spec,
                                                        GtkWidget           **control);
GBinding             *kiln_option_spec_bind            (const KilnOptionSpec *spec,
                                                        KilnReleaseProfile   *profile,
                                                        GtkWidget            *control);
GBinding             *kiln_option_spec_bind_shown      (const KilnOptionSpec *spec,
                                                        KilnReleaseProfile   *profile,
                                                        GtkWidget            *row);

/* Rows built elsewhere (kept options, applications) look, bind and show
 * problems the same way. */
GtkWidget            *kiln_option_row_new              (const char           *title,
                                                        GtkWidget            *control);
void                  kiln_option_row_show_problem     (GtkWidget            *row,
                                                        const char           *message);
void                  kiln_option_row_clear_problem    (GtkWidget            *row,
                                                        const char           *explanation);
GBinding             *kiln_option_bind_choice          (gpointer              source,
                                                        const char           *property,
                                                        GtkDropDown          *dropdown);

G_END_DECLS
