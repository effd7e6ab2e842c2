// The helpers are header-only (static inline); this file makes CKernelSupport a C target.
#include "ckernelsupport.h"
