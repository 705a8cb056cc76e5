#include "config.h"

#include "kiln-build-step.h"
