#include <stddef.h>
#include <stdint.h>

/// libFuzzer's entry for programs that have a main of their own (LLVM 13 and later): runs the fuzzing loop with the
/// command line's options and calls `callback` with each input.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
