// The SHA-256 compression function on the CPU's own SHA instructions, for CaseLedger.
//
// Pure Swift cannot name these instructions, so this one function lives in C; everything
// else about SHA-256 (padding, buffering, the API) stays in Swift. Callers must check
// csha256_x86_sha_extensions_available() once before calling the compression function:
// on a CPU without the instructions it would fault.

#ifndef CSHA256_H
#define CSHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Whether this CPU can run csha256_compress_x86_sha_extensions.
///
/// True only on x86 with the SHA extensions and SSE4.1 (and the SSSE3 they imply), read
/// from CPUID, so one binary runs on every x86-64 CPU and takes the fast path where it
/// exists. Always false on other architectures.
bool csha256_x86_sha_extensions_available(void);

/// Applies the SHA-256 compression function (FIPS 180-4 section 6.2.2) to `block_count`
/// consecutive 64-byte blocks starting at `blocks`, updating `state`.
///
/// `state` holds the chaining words H0...H7 as host-order integers, the same layout as a
/// Swift tuple of eight UInt32. `blocks` needs no alignment. Only call this when
/// csha256_x86_sha_extensions_available() returned true; on other architectures it traps.
void csha256_compress_x86_sha_extensions(uint32_t state[_Nonnull 8],
                                         const void *_Nonnull blocks,
                                         size_t block_count);

#ifdef __cplusplus
}
#endif

#endif
