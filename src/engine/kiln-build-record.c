#include "config.h"

#include "kiln-build-record.h"
