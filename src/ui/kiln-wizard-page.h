#pragma once

#include <adwaita.h>

#include "kiln-session.h"

G_BEGIN_DECLS

#define KILN_TYPE_WIZARD_PAGE (kiln_wizard_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (KilnWizardPage, kiln_wizard_page, KILN, WIZARD_PAGE, AdwBin)

struct _KilnWizardPageClass
{
  AdwBinClass parent_class;

  /* Called when the page becomes the visible one. */
  void     (*shown)        (KilnWizardPage       *self);
  /* Called when the user presses Next; the wizard moves on only on success. */
  void     (*apply_async)  (KilnWizardPage       *self,
                            GCancellable         *cancellable,
                            GAsyncReadyCallback   callback,
                            gpointer              user_data);
  gboolean (*apply_finish) (KilnWizardPage       *self,
                            GAsyncResult         *result,
                            GError              **error);

  gpointer _reserved[8];
};

const char  *kiln_wizard_page_get_title     (KilnWizardPage       *self);
void         kiln_wizard_page_set_title     (KilnWizardPage       *self,
                                             const char           *title);
gboolean     kiln_wizard_page_get_complete  (KilnWizardPage       *self);
void         kiln_wizard_page_set_complete  (KilnWizardPage       *self,
                                             gboolean              complete);
KilnSession *kiln_wizard_page_get_session   (KilnWizardPage       *self);
void         kiln_wizard_page_set_session   (KilnWizardPage       *self,
                                             KilnSession          *session);
void         kiln_wizard_page_shown         (KilnWizardPage       *self);
void         kiln_wizard_page_apply_async   (KilnWizardPage       *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean     kiln_wizard_page_apply_finish  (KilnWizardPage       *self,
                                             GAsyncResult         *result,
                                             GError              **error);

G_END_DECLS
