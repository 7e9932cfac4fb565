#ifndef LIB_FUZZER_DRIVER_H
#define LIB_FUZZER_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's entry for programs that have their own main (LLVM 11 and
/// later). SwiftPM renames an executable's main and points `main` at it, so
/// the fuzz target calls this rather than linking libFuzzer's own main.
/// Only referenced in -DFUZZING builds, where -sanitize=fuzzer links it.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*test_one_input)(const uint8_t *data, size_t size));

#endif
