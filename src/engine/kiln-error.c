#define G_LOG_DOMAIN "kiln-engine"

#include "config.h"

#include "kiln-error.h"

G_DEFINE_QUARK (kiln-error-quark, kiln_error)
