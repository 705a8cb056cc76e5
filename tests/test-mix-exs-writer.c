#include "config.h"
#include "kiln-test-util.h"
int main (int argc, char *argv[]) { kiln_test_init (&argc, &argv); return g_test_run (); }
