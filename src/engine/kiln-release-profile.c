#include "config.h"

#include "kiln-release-profile.h"
