#include "config.h"

#include "kiln-build-history.h"
