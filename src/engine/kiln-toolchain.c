#include "config.h"

#include "kiln-toolchain.h"
