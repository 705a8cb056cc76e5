#pragma once

#include <glib.h>
#include <stdint.h>

/* Each harness is one libFuzzer entry point. Built plainly, it is linked
 * with kiln-fuzz-replay.c and replays its committed corpus as a test;
 * `bench/fuzz` builds it with clang's -fsanitize=fuzzer instead. */
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

void kiln_fuzz_init_once (void);
