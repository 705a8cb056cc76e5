#include "config.h"

#include "kiln-log-model.h"
