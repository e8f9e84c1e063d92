/// An incremental SHA-256 (FIPS 180-4) hasher.
///
/// The ledger must hash on every platform the toolchain supports without
/// depending on CryptoKit, swift-crypto or OpenSSL, so the algorithm lives here.
/// It is built for throughput: blocks are read straight from the caller's
/// memory and hashing never allocates. The compression function runs on the
/// CPU's SHA instructions where it has them (x86 SHA extensions, through the
/// package's own `CSHA256` C target) and in pure Swift everywhere else; see
/// ``implementation``.
///
/// Feed bytes with `update(_:)` any number of times, then call `finalize()`.
/// The type is a plain value: copying a hasher forks the computation, which is
/// how a caller takes a digest of a prefix and keeps going.
public struct SHA256: Sendable {
    /// The size of one SHA-256 message block in bytes.
    package static let blockByteCount = 64

    /// The eight 32-bit chaining words H0...H7 of FIPS 180-4.
    ///
    /// Kept as named fields rather than an array so the state stays inline and
    /// the compression function can load it into registers.
    package struct State: Sendable {
        package var h0: UInt32 = 0x6a09_e667
        package var h1: UInt32 = 0xbb67_ae85
        package var h2: UInt32 = 0x3c6e_f372
        package var h3: UInt32 = 0xa54f_f53a
        package var h4: UInt32 = 0x510e_527f
        package var h5: UInt32 = 0x9b05_688c
        package var h6: UInt32 = 0x1f83_d9ab
        package var h7: UInt32 = 0x5be0_cd19
    }

    /// Eight words (64 bytes) of block storage, a tuple so it lives inline.
    package typealias BlockStorage = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    private var state = State()
    /// Bytes received but not yet compressed, because they do not fill a block.
    private var pending: BlockStorage = (0, 0, 0, 0, 0, 0, 0, 0)
    /// How many leading bytes of `pending` are in use, always below 64.
    private var pendingCount = 0
    /// Total message length in bytes, needed for the final padding block.
    private var messageByteCount: UInt64 = 0
    /// The compression function this hasher runs: the process-wide choice, unless
    /// a test or benchmark asked for a particular one.
    private let implementation: Implementation

    /// Creates a hasher for an empty message.
    ///
    /// The initial state is the FIPS 180-4 constant, so every hasher starts the
    /// same way and no configuration is needed.
    public init() {
        implementation = Self.implementation
    }

    /// Creates a hasher that runs a given compression function, so tests and
    /// benchmarks can compare the implementations in one process.
    ///
    /// The implementation must be available on this CPU: the hardware path would
    /// otherwise fault on its first block, so this traps at once instead.
    package init(implementation: Implementation) {
        precondition(implementation.isAvailable, "SHA-256 implementation '\(implementation)' is not available on this CPU")
        self.implementation = implementation
    }

    /// Appends the bytes in `bytes` to the message.
    ///
    /// This is the fast path: whole blocks are compressed directly from the
    /// caller's memory, and only a trailing partial block is copied aside.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var remaining = bytes.baseAddress, !bytes.isEmpty else { return }
        var remainingCount = bytes.count
        messageByteCount &+= UInt64(remainingCount)

        if pendingCount > 0 {
            // Top up the partial block first; it must be completed before any
            // block from the new input can be compressed.
            let taken = min(Self.blockByteCount - pendingCount, remainingCount)
            let offset = pendingCount
            withUnsafeMutableBytes(of: &pending) { destination in
                destination.baseAddress!.advanced(by: offset).copyMemory(from: remaining, byteCount: taken)
            }
            pendingCount += taken
            remaining += taken
            remainingCount -= taken
            guard pendingCount == Self.blockByteCount else { return }
            compressPending()
        }

        let wholeBlocks = remainingCount / Self.blockByteCount
        if wholeBlocks > 0 {
            Self.compress(&state, blocks: remaining, count: wholeBlocks, using: implementation)
            remaining += wholeBlocks * Self.blockByteCount
            remainingCount -= wholeBlocks * Self.blockByteCount
        }

        if remainingCount > 0 {
            let tail = remaining
            let tailCount = remainingCount
            withUnsafeMutableBytes(of: &pending) { destination in
                destination.baseAddress!.copyMemory(from: tail, byteCount: tailCount)
            }
            pendingCount = remainingCount
        }
    }

    /// Appends a sequence of bytes to the message.
    ///
    /// Accepts arrays, `Data`, string UTF-8 views and the like for convenience.
    /// Contiguous collections go through the pointer fast path; any other
    /// sequence is copied through a small stack buffer, which is slower but
    /// still allocation-free.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            update(UnsafeRawBufferPointer(buffer))
        }
        guard handled == nil else { return }

        var iterator = bytes.makeIterator()
        // 256 bytes = four blocks per pointer update keeps per-call overhead low.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { chunk in
            var filled = 0
            while let byte = iterator.next() {
                chunk[filled] = byte
                filled += 1
                if filled == chunk.count {
                    update(UnsafeRawBufferPointer(chunk))
                    filled = 0
                }
            }
            if filled > 0 {
                update(UnsafeRawBufferPointer(start: chunk.baseAddress, count: filled))
            }
        }
    }

    /// Pads the message and returns its digest.
    ///
    /// `consuming` because padding overwrites the internal buffer: the hasher is
    /// finished once its digest exists. A caller that wants a digest of a prefix
    /// and to keep hashing copies the hasher first (`var copy = hasher;
    /// copy.finalize()`); as a copyable value the original is left untouched.
    public consuming func finalize() -> SHA256Digest {
        // FIPS 180-4 section 5.1.1: a single 1 bit, zeros up to 56 bytes into a
        // block, then the message length in bits as a big-endian 64-bit number.
        let bitCount = messageByteCount &<< 3
        let used = pendingCount
        withUnsafeMutableBytes(of: &pending) { block in
            block[used] = 0x80
            for index in (used + 1)..<Self.blockByteCount {
                block[index] = 0
            }
        }
        if used + 1 > Self.blockByteCount - 8 {
            // No room left for the length in this block: it goes in one more.
            compressPending()
            pending = (0, 0, 0, 0, 0, 0, 0, 0)
        }
        pending.7 = bitCount.bigEndian
        compressPending()
        return SHA256Digest(stateWords: state.h0, state.h1, state.h2, state.h3,
                            state.h4, state.h5, state.h6, state.h7)
    }

    /// Returns the SHA-256 digest of the bytes in `bytes`.
    ///
    /// The one-shot form of `init()`, `update(_:)`, `finalize()`; reads the
    /// memory in place.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> SHA256Digest {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Returns the SHA-256 digest of the bytes in `bytes`, computed by a given
    /// implementation, for tests and benchmarks that compare them.
    package static func hash(_ bytes: UnsafeRawBufferPointer, using implementation: Implementation) -> SHA256Digest {
        var hasher = SHA256(implementation: implementation)
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Returns the SHA-256 digest of a sequence of bytes.
    ///
    /// Convenience for arrays, `Data` and UTF-8 views; contiguous storage takes
    /// the pointer fast path.
    public static func hash(_ bytes: some Sequence<UInt8>) -> SHA256Digest {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Returns SHA-256(previous ‖ content), the ledger's chain step.
    ///
    /// Every appended event links to its predecessor through this call, so it
    /// is specialised: the two digests form exactly one 64-byte block, and the
    /// padding block for a 64-byte message is a constant, so both are built on
    /// the stack and compressed with no buffering, copying or allocation.
    public static func chain(previous: SHA256Digest, content: SHA256Digest) -> SHA256Digest {
        chain(previous: previous, content: content, using: implementation)
    }

    /// The chain step computed by a given implementation, for tests that compare
    /// them on the two-block path `chain` takes.
    package static func chain(previous: SHA256Digest, content: SHA256Digest, using implementation: Implementation) -> SHA256Digest {
        precondition(implementation.isAvailable, "SHA-256 implementation '\(implementation)' is not available on this CPU")
        // Block one is the message; block two is 0x80, zeros, and the length
        // 512 bits as a big-endian 64-bit number in the last eight bytes.
        var blocks: (BlockStorage, BlockStorage) = ((0, 0, 0, 0, 0, 0, 0, 0),
                                                    (0, 0, 0, 0, 0, 0, 0, 0))
        withUnsafeMutableBytes(of: &blocks) { destination in
            previous.withUnsafeBytes { destination.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: 32) }
            content.withUnsafeBytes { destination.baseAddress!.advanced(by: 32).copyMemory(from: $0.baseAddress!, byteCount: 32) }
            destination[64] = 0x80
        }
        blocks.1.7 = UInt64(512).bigEndian
        var state = State()
        withUnsafeBytes(of: &blocks) { source in
            compress(&state, blocks: source.baseAddress!, count: 2, using: implementation)
        }
        return SHA256Digest(stateWords: state.h0, state.h1, state.h2, state.h3,
                            state.h4, state.h5, state.h6, state.h7)
    }

    /// Compresses the full `pending` block into the state.
    private mutating func compressPending() {
        // Copy the state out so the block pointer and the state are never two
        // simultaneous accesses to `self`.
        var working = state
        withUnsafeBytes(of: &pending) { block in
            Self.compress(&working, blocks: block.baseAddress!, count: 1, using: implementation)
        }
        state = working
        pendingCount = 0
    }
}

// MARK: - Compression function

extension SHA256 {
    /// Applies the SHA-256 compression function to `count` consecutive 64-byte
    /// blocks starting at `blocks`, with the process's ``implementation``.
    ///
    /// The hardware path where the CPU has it, else the pure-Swift one; the
    /// choice was made once, so this is a single predictable branch per call.
    package static func compress(_ state: inout State, blocks: UnsafeRawPointer, count: Int) {
        compress(&state, blocks: blocks, count: count, using: implementation)
    }

    /// Applies the SHA-256 compression function in pure Swift, the path for CPUs
    /// without SHA instructions and the reference the hardware path is tested
    /// against.
    ///
    /// This is where all the time goes, so it is written for the optimiser: the
    /// state lives in eight locals, the schedule in sixteen, all 64 rounds are
    /// unrolled with their round constants K0...K63 (FIPS 180-4 section 4.2.2) as
    /// literals, and instead of shuffling a...h after every round the argument
    /// order rotates, as in the reference C implementations.
    package static func compressPortably(_ state: inout State, blocks: UnsafeRawPointer, count: Int) {
        var a = state.h0, b = state.h1, c = state.h2, d = state.h3
        var e = state.h4, f = state.h5, g = state.h6, h = state.h7
        var block = blocks
        for _ in 0..<count {
            let startA = a, startB = b, startC = c, startD = d
            let startE = e, startF = f, startG = g, startH = h
            compressOne(block, &a, &b, &c, &d, &e, &f, &g, &h)
            a = a &+ startA
            b = b &+ startB
            c = c &+ startC
            d = d &+ startD
            e = e &+ startE
            f = f &+ startF
            g = g &+ startG
            h = h &+ startH
            block += blockByteCount
        }
        state = State(h0: a, h1: b, h2: c, h3: d, h4: e, h5: f, h6: g, h7: h)
    }

    /// Runs the 64 rounds of one block over the working variables a...h.
    @inline(__always)
    private static func compressOne(_ block: UnsafeRawPointer,
                                    _ a: inout UInt32, _ b: inout UInt32, _ c: inout UInt32, _ d: inout UInt32,
                                    _ e: inout UInt32, _ f: inout UInt32, _ g: inout UInt32, _ h: inout UInt32) {
        // Message words W0...W15 are the block read as big-endian 32-bit words;
        // later words overwrite the window slot of W(t-16).
        var w0 = word(block, 0)
        var w1 = word(block, 1)
        var w2 = word(block, 2)
        var w3 = word(block, 3)
        var w4 = word(block, 4)
        var w5 = word(block, 5)
        var w6 = word(block, 6)
        var w7 = word(block, 7)
        var w8 = word(block, 8)
        var w9 = word(block, 9)
        var w10 = word(block, 10)
        var w11 = word(block, 11)
        var w12 = word(block, 12)
        var w13 = word(block, 13)
        var w14 = word(block, 14)
        var w15 = word(block, 15)

        round(a, b, c, &d, e, f, g, &h, 0x428a2f98, w0)
        round(h, a, b, &c, d, e, f, &g, 0x71374491, w1)
        round(g, h, a, &b, c, d, e, &f, 0xb5c0fbcf, w2)
        round(f, g, h, &a, b, c, d, &e, 0xe9b5dba5, w3)
        round(e, f, g, &h, a, b, c, &d, 0x3956c25b, w4)
        round(d, e, f, &g, h, a, b, &c, 0x59f111f1, w5)
        round(c, d, e, &f, g, h, a, &b, 0x923f82a4, w6)
        round(b, c, d, &e, f, g, h, &a, 0xab1c5ed5, w7)
        round(a, b, c, &d, e, f, g, &h, 0xd807aa98, w8)
        round(h, a, b, &c, d, e, f, &g, 0x12835b01, w9)
        round(g, h, a, &b, c, d, e, &f, 0x243185be, w10)
        round(f, g, h, &a, b, c, d, &e, 0x550c7dc3, w11)
        round(e, f, g, &h, a, b, c, &d, 0x72be5d74, w12)
        round(d, e, f, &g, h, a, b, &c, 0x80deb1fe, w13)
        round(c, d, e, &f, g, h, a, &b, 0x9bdc06a7, w14)
        round(b, c, d, &e, f, g, h, &a, 0xc19bf174, w15)
        w0 = expand(w0, w1, w9, w14)
        round(a, b, c, &d, e, f, g, &h, 0xe49b69c1, w0)
        w1 = expand(w1, w2, w10, w15)
        round(h, a, b, &c, d, e, f, &g, 0xefbe4786, w1)
        w2 = expand(w2, w3, w11, w0)
        round(g, h, a, &b, c, d, e, &f, 0x0fc19dc6, w2)
        w3 = expand(w3, w4, w12, w1)
        round(f, g, h, &a, b, c, d, &e, 0x240ca1cc, w3)
        w4 = expand(w4, w5, w13, w2)
        round(e, f, g, &h, a, b, c, &d, 0x2de92c6f, w4)
        w5 = expand(w5, w6, w14, w3)
        round(d, e, f, &g, h, a, b, &c, 0x4a7484aa, w5)
        w6 = expand(w6, w7, w15, w4)
        round(c, d, e, &f, g, h, a, &b, 0x5cb0a9dc, w6)
        w7 = expand(w7, w8, w0, w5)
        round(b, c, d, &e, f, g, h, &a, 0x76f988da, w7)
        w8 = expand(w8, w9, w1, w6)
        round(a, b, c, &d, e, f, g, &h, 0x983e5152, w8)
        w9 = expand(w9, w10, w2, w7)
        round(h, a, b, &c, d, e, f, &g, 0xa831c66d, w9)
        w10 = expand(w10, w11, w3, w8)
        round(g, h, a, &b, c, d, e, &f, 0xb00327c8, w10)
        w11 = expand(w11, w12, w4, w9)
        round(f, g, h, &a, b, c, d, &e, 0xbf597fc7, w11)
        w12 = expand(w12, w13, w5, w10)
        round(e, f, g, &h, a, b, c, &d, 0xc6e00bf3, w12)
        w13 = expand(w13, w14, w6, w11)
        round(d, e, f, &g, h, a, b, &c, 0xd5a79147, w13)
        w14 = expand(w14, w15, w7, w12)
        round(c, d, e, &f, g, h, a, &b, 0x06ca6351, w14)
        w15 = expand(w15, w0, w8, w13)
        round(b, c, d, &e, f, g, h, &a, 0x14292967, w15)
        w0 = expand(w0, w1, w9, w14)
        round(a, b, c, &d, e, f, g, &h, 0x27b70a85, w0)
        w1 = expand(w1, w2, w10, w15)
        round(h, a, b, &c, d, e, f, &g, 0x2e1b2138, w1)
        w2 = expand(w2, w3, w11, w0)
        round(g, h, a, &b, c, d, e, &f, 0x4d2c6dfc, w2)
        w3 = expand(w3, w4, w12, w1)
        round(f, g, h, &a, b, c, d, &e, 0x53380d13, w3)
        w4 = expand(w4, w5, w13, w2)
        round(e, f, g, &h, a, b, c, &d, 0x650a7354, w4)
        w5 = expand(w5, w6, w14, w3)
        round(d, e, f, &g, h, a, b, &c, 0x766a0abb, w5)
        w6 = expand(w6, w7, w15, w4)
        round(c, d, e, &f, g, h, a, &b, 0x81c2c92e, w6)
        w7 = expand(w7, w8, w0, w5)
        round(b, c, d, &e, f, g, h, &a, 0x92722c85, w7)
        w8 = expand(w8, w9, w1, w6)
        round(a, b, c, &d, e, f, g, &h, 0xa2bfe8a1, w8)
        w9 = expand(w9, w10, w2, w7)
        round(h, a, b, &c, d, e, f, &g, 0xa81a664b, w9)
        w10 = expand(w10, w11, w3, w8)
        round(g, h, a, &b, c, d, e, &f, 0xc24b8b70, w10)
        w11 = expand(w11, w12, w4, w9)
        round(f, g, h, &a, b, c, d, &e, 0xc76c51a3, w11)
        w12 = expand(w12, w13, w5, w10)
        round(e, f, g, &h, a, b, c, &d, 0xd192e819, w12)
        w13 = expand(w13, w14, w6, w11)
        round(d, e, f, &g, h, a, b, &c, 0xd6990624, w13)
        w14 = expand(w14, w15, w7, w12)
        round(c, d, e, &f, g, h, a, &b, 0xf40e3585, w14)
        w15 = expand(w15, w0, w8, w13)
        round(b, c, d, &e, f, g, h, &a, 0x106aa070, w15)
        w0 = expand(w0, w1, w9, w14)
        round(a, b, c, &d, e, f, g, &h, 0x19a4c116, w0)
        w1 = expand(w1, w2, w10, w15)
        round(h, a, b, &c, d, e, f, &g, 0x1e376c08, w1)
        w2 = expand(w2, w3, w11, w0)
        round(g, h, a, &b, c, d, e, &f, 0x2748774c, w2)
        w3 = expand(w3, w4, w12, w1)
        round(f, g, h, &a, b, c, d, &e, 0x34b0bcb5, w3)
        w4 = expand(w4, w5, w13, w2)
        round(e, f, g, &h, a, b, c, &d, 0x391c0cb3, w4)
        w5 = expand(w5, w6, w14, w3)
        round(d, e, f, &g, h, a, b, &c, 0x4ed8aa4a, w5)
        w6 = expand(w6, w7, w15, w4)
        round(c, d, e, &f, g, h, a, &b, 0x5b9cca4f, w6)
        w7 = expand(w7, w8, w0, w5)
        round(b, c, d, &e, f, g, h, &a, 0x682e6ff3, w7)
        w8 = expand(w8, w9, w1, w6)
        round(a, b, c, &d, e, f, g, &h, 0x748f82ee, w8)
        w9 = expand(w9, w10, w2, w7)
        round(h, a, b, &c, d, e, f, &g, 0x78a5636f, w9)
        w10 = expand(w10, w11, w3, w8)
        round(g, h, a, &b, c, d, e, &f, 0x84c87814, w10)
        w11 = expand(w11, w12, w4, w9)
        round(f, g, h, &a, b, c, d, &e, 0x8cc70208, w11)
        w12 = expand(w12, w13, w5, w10)
        round(e, f, g, &h, a, b, c, &d, 0x90befffa, w12)
        w13 = expand(w13, w14, w6, w11)
        round(d, e, f, &g, h, a, b, &c, 0xa4506ceb, w13)
        w14 = expand(w14, w15, w7, w12)
        round(c, d, e, &f, g, h, a, &b, 0xbef9a3f7, w14)
        w15 = expand(w15, w0, w8, w13)
        round(b, c, d, &e, f, g, h, &a, 0xc67178f2, w15)
    }

    /// Reads message word `index` of `block` as a big-endian 32-bit value.
    @inline(__always)
    private static func word(_ block: UnsafeRawPointer, _ index: Int) -> UInt32 {
        // Input blocks come from arbitrary caller memory, so alignment is not
        // guaranteed.
        UInt32(bigEndian: block.loadUnaligned(fromByteOffset: index &* 4, as: UInt32.self))
    }

    /// One SHA-256 round (FIPS 180-4 section 6.2.2 step 3), updating only the
    /// two working variables that change; the caller rotates the names.
    @inline(__always)
    private static func round(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
                              _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32,
                              _ constant: UInt32, _ word: UInt32) {
        let temporary1 = h &+ bigSigma1(e) &+ choose(e, f, g) &+ constant &+ word
        let temporary2 = bigSigma0(a) &+ majority(a, b, c)
        d = d &+ temporary1
        h = temporary1 &+ temporary2
    }

    /// The message schedule recurrence W(t) = σ1(W(t-2)) + W(t-7) + σ0(W(t-15)) + W(t-16),
    /// with arguments named by their distance back in the 16-word window.
    @inline(__always)
    private static func expand(_ back16: UInt32, _ back15: UInt32, _ back7: UInt32, _ back2: UInt32) -> UInt32 {
        smallSigma1(back2) &+ back7 &+ smallSigma0(back15) &+ back16
    }

    // The logical functions of FIPS 180-4 section 4.1.2. Masking shifts (&<<,
    // &>>) avoid overshift checks so the rotations compile to single rotates.

    @inline(__always)
    private static func rotateRight(_ value: UInt32, _ count: UInt32) -> UInt32 {
        (value &>> count) | (value &<< (32 &- count))
    }

    @inline(__always)
    private static func choose(_ x: UInt32, _ y: UInt32, _ z: UInt32) -> UInt32 {
        z ^ (x & (y ^ z))
    }

    @inline(__always)
    private static func majority(_ x: UInt32, _ y: UInt32, _ z: UInt32) -> UInt32 {
        (x & y) | (z & (x | y))
    }

    @inline(__always)
    private static func bigSigma0(_ x: UInt32) -> UInt32 {
        rotateRight(x, 2) ^ rotateRight(x, 13) ^ rotateRight(x, 22)
    }

    @inline(__always)
    private static func bigSigma1(_ x: UInt32) -> UInt32 {
        rotateRight(x, 6) ^ rotateRight(x, 11) ^ rotateRight(x, 25)
    }

    @inline(__always)
    private static func smallSigma0(_ x: UInt32) -> UInt32 {
        rotateRight(x, 7) ^ rotateRight(x, 18) ^ (x &>> 3)
    }

    @inline(__always)
    private static func smallSigma1(_ x: UInt32) -> UInt32 {
        rotateRight(x, 17) ^ rotateRight(x, 19) ^ (x &>> 10)
    }
}
