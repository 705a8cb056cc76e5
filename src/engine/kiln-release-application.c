#include "config.h"

#include "kiln-release-application.h"
