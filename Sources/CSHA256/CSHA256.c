// SHA-256 compression on the x86 SHA extensions (SHA-NI).
//
// Written from the instruction definitions in Intel's "Intel SHA Extensions" paper and the
// Intel intrinsics guide, following the well-known register layout of Intel's sample code
// and Jeffrey Walton's public-domain SHA-Intrinsics: the state lives in two vectors, ABEF
// and CDGH, because that is what SHA256RNDS2 reads and writes.
//
// Every function that uses the instructions carries the `target("sha,sse4.1")` attribute
// instead of the package passing -msha: the rest of the binary stays baseline x86-64, and
// the instructions run only after CPUID has said they exist.

#include "CSHA256.h"

#if defined(__x86_64__) || defined(__i386__)

#include <cpuid.h>
#include <immintrin.h>

#define CSHA256_TARGET __attribute__((target("sha,sse4.1")))

bool csha256_x86_sha_extensions_available(void) {
    unsigned int eax = 0, ebx = 0, ecx = 0, edx = 0;
    // Leaf 1: SSSE3 (ECX bit 9) for PSHUFB and PALIGNR, SSE4.1 (ECX bit 19) for PBLENDW.
    if (!__get_cpuid_count(1, 0, &eax, &ebx, &ecx, &edx)) {
        return false;
    }
    const bool has_ssse3 = (ecx & (1u << 9)) != 0;
    const bool has_sse41 = (ecx & (1u << 19)) != 0;
    // Leaf 7, subleaf 0: SHA (EBX bit 29). __get_cpuid_count returns 0 when the CPU's highest
    // leaf is below 7, which old CPUs report instead of zeros.
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) {
        return false;
    }
    const bool has_sha = (ebx & (1u << 29)) != 0;
    return has_ssse3 && has_sse41 && has_sha;
}

// K0...K63 of FIPS 180-4 section 4.2.2, read four at a time alongside four message words.
static const uint32_t round_constants[64] __attribute__((aligned(16))) = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

// Loads message words W(4i)...W(4i+3) from 16 bytes of the block. SHA-256 reads its input as
// big-endian words, so each 32-bit lane is byte-swapped; lane 0 holds the earliest word.
static inline __attribute__((always_inline)) CSHA256_TARGET
__m128i load_message_words(const uint8_t *bytes) {
    const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    return _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)bytes), byte_swap);
}

// Runs rounds 4i...4i+3 given that group's four message words.
//
// SHA256RNDS2 does two rounds: it reads the CDGH and ABEF halves of the working state and the
// low two lanes of W+K, and returns the new ABEF. After two rounds the old ABEF has become
// the new CDGH (C, D take A, B; G, H take E, F), so the two vectors swap roles between the
// two instructions and are back in place after four rounds.
static inline __attribute__((always_inline)) CSHA256_TARGET
void four_rounds(__m128i *abef, __m128i *cdgh, __m128i message, int first_round) {
    __m128i sum = _mm_add_epi32(message, _mm_load_si128((const __m128i *)&round_constants[first_round]));
    *cdgh = _mm_sha256rnds2_epu32(*cdgh, *abef, sum);
    // Lanes 2 and 3 (rounds 4i+2, 4i+3) down into lanes 0 and 1 for the second instruction.
    sum = _mm_shuffle_epi32(sum, 0x0E);
    *abef = _mm_sha256rnds2_epu32(*abef, *cdgh, sum);
}

// Computes the next four schedule words W(t) = σ1(W(t-2)) + W(t-7) + σ0(W(t-15)) + W(t-16),
// from the four previous groups of four words (back4 the oldest, back1 the newest).
static inline __attribute__((always_inline)) CSHA256_TARGET
__m128i next_message_words(__m128i back4, __m128i back3, __m128i back2, __m128i back1) {
    // W(t-16) + σ0(W(t-15)) for the four new words: back4 and the first word of back3.
    const __m128i partial = _mm_sha256msg1_epu32(back4, back3);
    // W(t-7) is the last three words of back2 and the first of back1.
    const __m128i back7 = _mm_alignr_epi8(back1, back2, 4);
    // σ1(W(t-2)): MSG2 takes it from back1 for the first two words and from the words it has
    // just produced for the last two.
    return _mm_sha256msg2_epu32(_mm_add_epi32(partial, back7), back1);
}

CSHA256_TARGET
void csha256_compress_x86_sha_extensions(uint32_t state[_Nonnull 8],
                                         const void *_Nonnull blocks,
                                         size_t block_count) {
    // Rearrange H0...H7 into the instruction's ABEF and CDGH vectors, which hold A and C in
    // their highest lanes. Lane lists below are written lane 0 first: ABEF is (f, e, b, a)
    // and CDGH is (h, g, d, c).
    const __m128i badc = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&state[0]), 0xB1);
    const __m128i hgfe = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&state[4]), 0x1B);
    __m128i abef = _mm_alignr_epi8(badc, hgfe, 8);    // (f, e, b, a)
    __m128i cdgh = _mm_blend_epi16(hgfe, badc, 0xF0); // (h, g, d, c)

    const uint8_t *block = (const uint8_t *)blocks;
    for (size_t remaining = block_count; remaining > 0; remaining--, block += 64) {
        const __m128i abef_start = abef;
        const __m128i cdgh_start = cdgh;

        // Rounds 0-15 take the block's own words; later groups overwrite the oldest of the
        // four vectors, a 16-word rolling window like the Swift implementation's.
        __m128i words0 = load_message_words(block);
        __m128i words1 = load_message_words(block + 16);
        __m128i words2 = load_message_words(block + 32);
        __m128i words3 = load_message_words(block + 48);
        four_rounds(&abef, &cdgh, words0, 0);
        four_rounds(&abef, &cdgh, words1, 4);
        four_rounds(&abef, &cdgh, words2, 8);
        four_rounds(&abef, &cdgh, words3, 12);

        for (int first_round = 16; first_round < 64; first_round += 16) {
            words0 = next_message_words(words0, words1, words2, words3);
            four_rounds(&abef, &cdgh, words0, first_round);
            words1 = next_message_words(words1, words2, words3, words0);
            four_rounds(&abef, &cdgh, words1, first_round + 4);
            words2 = next_message_words(words2, words3, words0, words1);
            four_rounds(&abef, &cdgh, words2, first_round + 8);
            words3 = next_message_words(words3, words0, words1, words2);
            four_rounds(&abef, &cdgh, words3, first_round + 12);
        }

        abef = _mm_add_epi32(abef, abef_start);
        cdgh = _mm_add_epi32(cdgh, cdgh_start);
    }

    // Back to H0...H7 order: undo the rearrangement above.
    const __m128i abef_lanes = _mm_shuffle_epi32(abef, 0x1B); // (a, b, e, f)
    const __m128i ghcd_lanes = _mm_shuffle_epi32(cdgh, 0xB1); // (g, h, c, d)
    _mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(abef_lanes, ghcd_lanes, 0xF0)); // (a, b, c, d)
    _mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(ghcd_lanes, abef_lanes, 8));    // (e, f, g, h)
}

#else

bool csha256_x86_sha_extensions_available(void) {
    return false;
}

void csha256_compress_x86_sha_extensions(uint32_t state[_Nonnull 8],
                                         const void *_Nonnull blocks,
                                         size_t block_count) {
    // Unreachable: the Swift side asks csha256_x86_sha_extensions_available() first. Trap
    // rather than return a state that is silently wrong.
    (void)state;
    (void)blocks;
    (void)block_count;
    __builtin_trap();
}

#endif
