#include "config.h"

#include "kiln-overlay-entry.h"
