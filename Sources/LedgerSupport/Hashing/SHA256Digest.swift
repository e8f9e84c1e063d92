/// A 32-byte SHA-256 digest held inline as four machine words.
///
/// The ledger creates one digest per event and per chain link, so the value is
/// kept free of heap storage: four `UInt64` words whose in-memory bytes are the
/// digest bytes in order. That makes copies, equality and hashing a handful of
/// word operations and lets `withUnsafeBytes` expose the bytes without copying.
public struct SHA256Digest: Sendable, Hashable {
    /// The number of bytes in a SHA-256 digest.
    ///
    /// Exposed so callers sizing buffers or validating input do not repeat the
    /// magic number 32.
    public static let byteCount = 32

    /// The digest whose 32 bytes are all zero.
    ///
    /// Used as the "previous" link of the first event in a chain, where no real
    /// predecessor exists.
    public static let zero = SHA256Digest(word0: 0, word1: 0, word2: 0, word3: 0)

    // Each word holds eight digest bytes exactly as they sit in memory (not as a
    // numeric big-endian value), so the four words laid out back to back are the
    // digest itself.
    private var word0: UInt64
    private var word1: UInt64
    private var word2: UInt64
    private var word3: UInt64

    package init(word0: UInt64, word1: UInt64, word2: UInt64, word3: UInt64) {
        self.word0 = word0
        self.word1 = word1
        self.word2 = word2
        self.word3 = word3
    }

    /// Creates a digest from the eight 32-bit words of a finished hash state.
    ///
    /// SHA-256 defines its output as the state words written big-endian, so each
    /// pair of words is packed and converted to memory order here once.
    package init(stateWords h0: UInt32, _ h1: UInt32, _ h2: UInt32, _ h3: UInt32,
         _ h4: UInt32, _ h5: UInt32, _ h6: UInt32, _ h7: UInt32) {
        word0 = (UInt64(h0) << 32 | UInt64(h1)).bigEndian
        word1 = (UInt64(h2) << 32 | UInt64(h3)).bigEndian
        word2 = (UInt64(h4) << 32 | UInt64(h5)).bigEndian
        word3 = (UInt64(h6) << 32 | UInt64(h7)).bigEndian
    }

    /// Parses a digest from 64 hexadecimal characters, upper or lower case.
    ///
    /// Digests travel through logs and files as hex; anything that is not exactly
    /// 64 hex digits is rejected with `nil` rather than guessed at, so a truncated
    /// or corrupted value never silently becomes a different digest.
    public init?(hex: some StringProtocol) {
        let utf8 = hex.utf8
        guard utf8.count == Self.byteCount * 2 else { return nil }
        var result = SHA256Digest.zero
        let parsed = result.withUnsafeMutableBytes { destination -> Bool in
            var index = 0
            var high: UInt8 = 0
            for character in utf8 {
                guard let nibble = Self.nibble(character) else { return false }
                if index & 1 == 0 {
                    high = nibble
                } else {
                    destination[index >> 1] = high << 4 | nibble
                }
                index += 1
            }
            return true
        }
        guard parsed else { return nil }
        self = result
    }

    /// Creates a digest from exactly 32 bytes.
    ///
    /// Any other count is a programming error (the bytes cannot be a SHA-256
    /// digest), so it traps instead of returning an optional every caller would
    /// have to unwrap.
    public init(bytes: some Collection<UInt8>) {
        precondition(bytes.count == Self.byteCount, "a SHA-256 digest is exactly 32 bytes, got \(bytes.count)")
        var result = SHA256Digest.zero
        result.withUnsafeMutableBytes { destination in
            let copied: Void? = bytes.withContiguousStorageIfAvailable { source in
                destination.copyMemory(from: UnsafeRawBufferPointer(source))
            }
            if copied == nil {
                for (offset, byte) in bytes.enumerated() {
                    destination[offset] = byte
                }
            }
        }
        self = result
    }

    /// The digest as 64 lowercase hexadecimal characters.
    ///
    /// Lowercase is the conventional spelling (it is what `sha256sum` and the
    /// NIST vectors print), so stored and displayed digests compare textually.
    public var hex: String {
        let digits: StaticString = "0123456789abcdef"
        return withUnsafeBytes { source in
            String(unsafeUninitializedCapacity: Self.byteCount * 2) { destination in
                digits.withUTF8Buffer { alphabet in
                    for (offset, byte) in source.enumerated() {
                        destination[offset * 2] = alphabet[Int(byte >> 4)]
                        destination[offset * 2 + 1] = alphabet[Int(byte & 0x0F)]
                    }
                }
                return Self.byteCount * 2
            }
        }
    }

    /// The digest's 32 bytes as a new array.
    ///
    /// Convenient for APIs that want `[UInt8]`; it allocates, so hot paths should
    /// prefer `withUnsafeBytes`.
    public var bytes: [UInt8] {
        withUnsafeBytes { Array($0) }
    }

    /// Calls `body` with a view of the digest's 32 bytes.
    ///
    /// Lets callers feed a digest into a hasher or an output buffer without the
    /// allocation that `bytes` costs. The pointer is valid only inside `body`.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        // A homogeneous tuple is laid out contiguously, so its bytes are the four
        // words back to back.
        let words = (word0, word1, word2, word3)
        return try Swift.withUnsafeBytes(of: words, body)
    }

    /// Calls `body` with the digest's 32 bytes open for writing.
    ///
    /// Used by the initialisers to fill the words byte by byte.
    private mutating func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        var words = (word0, word1, word2, word3)
        defer { (word0, word1, word2, word3) = words }
        return try Swift.withUnsafeMutableBytes(of: &words, body)
    }

    /// Decodes one ASCII hex digit, or returns `nil` for any other byte.
    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character &- UInt8(ascii: "A") &+ 10
        default: nil
        }
    }
}

extension SHA256Digest: CustomStringConvertible {
    /// The lowercase hex spelling, so interpolating a digest into a log line
    /// shows the value people compare by eye.
    public var description: String { hex }
}
