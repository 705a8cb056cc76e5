#include "config.h"

#include "kiln-packager.h"
