#include "config.h"

#include "kiln-profile-store.h"
