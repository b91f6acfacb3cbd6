// Linked into the libFuzzer builds of the targets only (see fuzz_support.hh).
#include "fuzz_support.hh"

bool fuzz::time_limits = true;
