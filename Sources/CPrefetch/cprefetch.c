// The prefetch hint is header-only (static inline); this file makes CPrefetch a C target.
#include "cprefetch.h"
