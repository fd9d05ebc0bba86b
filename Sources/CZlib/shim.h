// zlib for Swift: deflateInit2 and inflateInit2 are macros (they pass the library version and
// the stream size), which Swift cannot call; these wrappers can be.
#ifndef CAPELLA_MOCK_CZLIB_SHIM_H
#define CAPELLA_MOCK_CZLIB_SHIM_H

#include <zlib.h>

/// A gzip (not raw deflate) encoder: window bits 15 + 16 selects the gzip wrapper.
static inline int capella_deflate_init_gzip(z_streamp stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}

/// A decoder for gzip streams only (window bits 15 + 16).
static inline int capella_inflate_init_gzip(z_streamp stream) {
    return inflateInit2(stream, 15 + 16);
}

#endif
