#include "config.h"

#include "kiln-build.h"
