#pragma once

#include "kiln-window.h"

G_BEGIN_DECLS

struct _KilnWindow
{
  AdwApplicationWindow  parent_instance;

  KilnSession          *session;
  GSettings            *settings;
  GCancellable         *apply_cancellable;
  KilnBuild            *watched_build;
  guint                 names_idle;

  AdwToastOverlay      *toast_overlay;
  GtkLabel             *title_label;
  GtkLabel             *subtitle_label;
  GtkStack             *stack;
  GtkSpinner           *busy_spinner;
  GtkWidget            *back_button;
  GtkWidget            *next_button;
  KilnWizardPage       *welcome_page;
  KilnWizardPage       *project_page;
  KilnWizardPage       *release_page;
  KilnWizardPage       *overlays_page;
  KilnWizardPage       *build_page;
  KilnWizardPage       *logs_page;
  KilnWizardPage       *result_page;
  KilnWizardPage       *migrate_page;
};

void _kiln_window_ensure_pages           (KilnWindow     *self);
void _kiln_window_class_add_open_actions (GtkWidgetClass *widget_class);
void _kiln_window_init_open              (KilnWindow     *self);

G_END_DECLS
