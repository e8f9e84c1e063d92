extension SHA256Digest {
    /// Parses 64 hex digits straight from raw bytes (no `String`): the scanner reads two
    /// digests per line and this was a measurable share of `verify`.
    init?(hexBytes bytes: UnsafeRawBufferPointer) {
        guard bytes.count == Self.byteCount * 2 else { return nil }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var valid = true
        withUnsafeMutableBytes(of: &words) { destination in
            for index in 0..<Self.byteCount {
                let high = Self.hexValue(bytes[2 * index])
                let low = Self.hexValue(bytes[2 * index + 1])
                valid = valid && high < 16 && low < 16
                destination[index] = high << 4 | (low & 0x0F)
            }
        }
        guard valid else { return nil }
        self.init(word0: words.0, word1: words.1, word2: words.2, word3: words.3)
    }

    /// 0–15 for a hex digit, 255 otherwise; branch-light for the hot loop.
    @inline(__always)
    private static func hexValue(_ byte: UInt8) -> UInt8 {
        switch byte {
        case 0x30...0x39: return byte &- 0x30
        case 0x61...0x66: return byte &- 0x61 &+ 10
        case 0x41...0x46: return byte &- 0x41 &+ 10
        default: return 255
        }
    }
}
