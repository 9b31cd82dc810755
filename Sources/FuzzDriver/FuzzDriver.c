// Declarations only (FuzzDriver.h): libFuzzer provides the definition when built with -sanitize=fuzzer.
#include "FuzzDriver.h"
