import Foundation
import Testing
@testable import LedgerSupport
@testable import LedgerStore
@testable import LedgerEvents
@testable import LedgerDomain
@testable import LedgerAudit
@testable import LedgerImport
@testable import LedgerReturns
@testable import LedgerSimulation

/// Checks the pure-Swift SHA-256 against published answers, so a bug in the
/// ledger's hash chain cannot hide behind a self-consistent implementation.
@Suite("SHA-256")
struct SHA256Tests {
    // MARK: FIPS 180-4 / NIST worked examples

    /// One published example: the message and its expected digest.
    struct Example: Sendable, CustomTestStringConvertible {
        let name: String
        let message: [UInt8]
        let digest: String
        var testDescription: String { name }
    }

    static let examples: [Example] = [
        Example(name: "empty",
                message: [],
                digest: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        Example(name: "abc (one block)",
                message: Array("abc".utf8),
                digest: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        Example(name: "448-bit message (two blocks)",
                message: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
                digest: "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        Example(name: "896-bit message",
                message: Array(("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                    + "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu").utf8),
                digest: "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
        Example(name: "one million 'a'",
                message: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000),
                digest: "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
    ]

    @Test("FIPS 180-4 examples", arguments: examples)
    func fipsExample(_ example: Example) {
        #expect(SHA256.hash(example.message).hex == example.digest)
        let pointerDigest = example.message.withUnsafeBytes { SHA256.hash($0) }
        #expect(pointerDigest.hex == example.digest)
    }

    // MARK: NIST CAVP byte-oriented vectors

    @Test("NIST CAVP SHAVS vectors", arguments: [("SHA256ShortMsg", 65), ("SHA256LongMsg", 64)])
    func cavpVectors(file: String, expectedCount: Int) throws {
        let url = try #require(
            Bundle.module.url(forResource: file, withExtension: "rsp", subdirectory: "Resources"),
            "\(file).rsp is missing from the test bundle"
        )
        let vectors = try ShaResponseFile.parse(String(decoding: Data(contentsOf: url), as: UTF8.self))
        // The count guards against an empty or truncated file passing vacuously.
        #expect(vectors.count == expectedCount)
        for vector in vectors {
            #expect(SHA256.hash(vector.message).hex == vector.digest, "Len = \(vector.bitLength)")
        }
    }

    @Test("the .rsp parser reads Len = 0 as the empty message")
    func parserHandlesEmptyMessage() throws {
        let text = "#  comment\r\n[L = 32]\r\n\r\nLen = 0\r\nMsg = 00\r\nMD = E3B0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\r\n"
        let vectors = try ShaResponseFile.parse(text)
        #expect(vectors.count == 1)
        #expect(vectors.first?.message == [])
        #expect(vectors.first?.digest == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    // MARK: Incremental hashing

    /// 131 bytes: two full blocks plus a partial third, so splits land before,
    /// inside and after each block boundary.
    static let splitMessage: [UInt8] = (0..<131).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }

    @Test("update split at any offset equals the one-shot hash", arguments: 0...130)
    func splitUpdate(offset: Int) {
        let message = Self.splitMessage
        let expected = SHA256.hash(message)
        var hasher = SHA256()
        message.withUnsafeBytes { bytes in
            hasher.update(UnsafeRawBufferPointer(rebasing: bytes[..<offset]))
            hasher.update(UnsafeRawBufferPointer(rebasing: bytes[offset...]))
        }
        #expect(hasher.finalize() == expected)

        var sequenceHasher = SHA256()
        sequenceHasher.update(message[..<offset])
        sequenceHasher.update(message[offset...])
        #expect(sequenceHasher.finalize() == expected)
    }

    @Test("byte-at-a-time and non-contiguous sequences match the pointer path")
    func nonContiguousSequences() {
        // Lengths around the 55/56/64-byte padding edges and past the 256-byte
        // staging buffer used for non-contiguous sequences.
        for length in [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 255, 256, 257, 1000] {
            let message = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
            let expected = message.withUnsafeBytes { SHA256.hash($0) }
            #expect(SHA256.hash(message.lazy.map { $0 }) == expected, "length \(length)")
            var hasher = SHA256()
            for byte in message { hasher.update(CollectionOfOne(byte)) }
            #expect(hasher.finalize() == expected, "length \(length)")
        }
    }

    @Test("copying a hasher forks the computation")
    func copyForks() {
        var hasher = SHA256()
        hasher.update(Array("ab".utf8))
        let prefix = hasher
        hasher.update(Array("c".utf8))
        #expect(prefix.finalize() == SHA256.hash(Array("ab".utf8)))
        #expect(hasher.finalize().hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    // MARK: Chain step

    @Test("chain equals the hash of the 64 concatenated bytes")
    func chainMatchesConcatenation() {
        let previous = SHA256.hash(Array("previous event".utf8))
        let content = SHA256.hash(Array("content".utf8))
        let expected = SHA256.hash(previous.bytes + content.bytes)
        #expect(SHA256.chain(previous: previous, content: content) == expected)
        #expect(SHA256.chain(previous: .zero, content: content) == SHA256.hash(SHA256Digest.zero.bytes + content.bytes))
        // Order matters: the chain must not be symmetric in its inputs.
        #expect(SHA256.chain(previous: content, content: previous) != expected)
        // Independent reference: SHA-256 of 64 zero bytes.
        #expect(SHA256.chain(previous: .zero, content: .zero).hex
            == "f5a5fd42d16a20302798ef6ed309979b43003d2320d9f0e8ea9831a92759fb4b")
    }

    // MARK: Digest value

    @Test("hex round-trips, and upper case is accepted")
    func hexRoundTrip() throws {
        let digest = SHA256.hash(Array("abc".utf8))
        #expect(SHA256Digest(hex: digest.hex) == digest)
        #expect(SHA256Digest(hex: digest.hex.uppercased()) == digest)
        #expect(SHA256Digest(hex: Substring("x" + digest.hex).dropFirst()) == digest)
        #expect(digest.description == digest.hex)
        #expect("\(digest)" == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256Digest(bytes: digest.bytes) == digest)
        #expect(SHA256Digest(bytes: digest.bytes.lazy.map { $0 }) == digest)
        #expect(digest.bytes.count == SHA256Digest.byteCount)
        #expect(digest.withUnsafeBytes { Array($0) } == digest.bytes)
        #expect(digest.bytes.prefix(4) == [0xba, 0x78, 0x16, 0xbf])
        #expect(SHA256Digest.zero.hex == String(repeating: "0", count: 64))
        #expect(Set([digest, digest, .zero]).count == 2)
    }

    @Test("the scanner's byte parser agrees with init(hex:) and rejects a non-digit at every position")
    func hexBytesParser() {
        var generator = SeededRandomNumberGenerator(seed: 17)
        for round in 0..<64 {
            let digest = SHA256.hash((0..<round).map { _ in UInt8.random(in: 0...255, using: &generator) })
            for text in [digest.hex, digest.hex.uppercased()] {
                let parsed = Array(text.utf8).withUnsafeBytes { SHA256Digest(hexBytes: $0) }
                #expect(parsed == digest)
            }
        }
        let valid = Array(SHA256.hash(Array("abc".utf8)).hex.utf8)
        for position in valid.indices {
            for bad: UInt8 in [0x2F, 0x3A, 0x40, 0x47, 0x60, 0x67, 0x20, 0x00, 0xC3, 0xFF] {
                var bytes = valid
                bytes[position] = bad
                #expect(bytes.withUnsafeBytes { SHA256Digest(hexBytes: $0) } == nil, "byte \(bad) at \(position)")
            }
        }
        #expect(valid.dropLast().withUnsafeBytes { SHA256Digest(hexBytes: $0) } == nil)
    }

    @Test("init(hex:) rejects wrong lengths and non-hex characters", arguments: [
        "",
        String(repeating: "0", count: 63),
        String(repeating: "0", count: 65),
        String(repeating: "0", count: 63) + "g",
        "0x" + String(repeating: "0", count: 62),
        String(repeating: "0", count: 62) + " 0",
        String(repeating: "é", count: 32),
    ])
    func hexRejects(_ text: String) {
        #expect(SHA256Digest(hex: text) == nil)
    }
}

// MARK: - CAVP .rsp parsing

/// One SHAVS test case: `Len` in bits, the message, and the expected digest.
struct ShaVector: Sendable {
    let bitLength: Int
    let message: [UInt8]
    let digest: String
}

/// Reads NIST CAVP SHAVS response files (`SHA256ShortMsg.rsp`, `SHA256LongMsg.rsp`).
///
/// The format is `#` comments, a `[L = 32]` section header, then blank-line
/// separated records of `Len = `, `Msg = ` and `MD = ` lines. The files ship
/// with CRLF line endings, which the line splitting below tolerates.
enum ShaResponseFile {
    struct FormatError: Error, CustomStringConvertible {
        let description: String
    }

    static func parse(_ text: String) throws -> [ShaVector] {
        var vectors: [ShaVector] = []
        var bitLength: Int?
        var message: [UInt8]?
        // `isNewline` also matches "\r\n", which Swift treats as one Character.
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("[") { continue }
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { throw FormatError(description: "unexpected line: \(line)") }
            switch parts[0] {
            case "Len":
                guard let value = Int(parts[1]), value % 8 == 0 else {
                    throw FormatError(description: "bad Len: \(parts[1])")
                }
                bitLength = value
            case "Msg":
                guard let bytes = decodeHex(parts[1]) else { throw FormatError(description: "bad Msg hex") }
                message = bytes
            case "MD":
                guard let length = bitLength, let bytes = message else {
                    throw FormatError(description: "MD before Len and Msg")
                }
                // Len = 0 is written as Msg = 00; Len is authoritative.
                let byteLength = length / 8
                guard bytes.count == byteLength || (byteLength == 0 && bytes == [0]) else {
                    throw FormatError(description: "Msg has \(bytes.count) bytes, Len says \(byteLength)")
                }
                let digest = parts[1].lowercased()
                guard digest.count == 64, decodeHex(digest) != nil else {
                    throw FormatError(description: "bad MD: \(parts[1])")
                }
                vectors.append(ShaVector(bitLength: length, message: Array(bytes.prefix(byteLength)), digest: digest))
                bitLength = nil
                message = nil
            default:
                throw FormatError(description: "unknown key: \(parts[0])")
            }
        }
        return vectors
    }

    static func decodeHex(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
