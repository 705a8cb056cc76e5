#include "config.h"

#include "kiln-release-verifier.h"
