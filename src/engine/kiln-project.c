#include "config.h"

#include "kiln-project.h"
