#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KILN_TYPE_PREFERENCES_WINDOW (kiln_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (KilnPreferencesWindow, kiln_preferences_window, KILN, PREFERENCES_WINDOW, AdwPreferencesWindow)

KilnPreferencesWindow *kiln_preferences_window_new (void);

G_END_DECLS
