#include "config.h"

#include "kiln-log-line.h"
