import LedgerSupport

/// The fixed frame around a line's content: `{"event":` CONTENT `,"sha256":"H","chain":"C"}`.
///
/// Locating the content is arithmetic on the line's length, which is what lets content hashes
/// be computed for many lines at once before the cheap sequential chain step.
package struct LineFrame {
    /// Range of the content within the line (the bytes the content hash covers).
    package var contentRange: Range<Int>
    package var storedContentHash: SHA256Digest
    package var storedChain: SHA256Digest

    package enum Problem: Error, Equatable {
        case tooShort
        case badPrefix
        case badSuffix
        case badHex
    }

    /// Parses a line without its terminating newline.
    package static func parse(_ line: UnsafeRawBufferPointer) throws(Problem) -> LineFrame {
        let prefix = LedgerFormat.linePrefix
        let suffixCount = LedgerFormat.lineSuffixByteCount - 1  // without the newline
        guard line.count > prefix.count + suffixCount + 1 else { throw .tooShort }
        for index in 0..<prefix.count where line[index] != prefix[index] { throw .badPrefix }
        let contentEnd = line.count - suffixCount
        var cursor = contentEnd
        for byte in LedgerFormat.contentHashKey {
            guard line[cursor] == byte else { throw .badSuffix }
            cursor += 1
        }
        guard let contentHash = SHA256Digest(hexBytes: UnsafeRawBufferPointer(rebasing: line[cursor..<cursor + 64])) else {
            throw .badHex
        }
        cursor += 64
        for byte in LedgerFormat.chainKey {
            guard line[cursor] == byte else { throw .badSuffix }
            cursor += 1
        }
        guard let chain = SHA256Digest(hexBytes: UnsafeRawBufferPointer(rebasing: line[cursor..<cursor + 64])) else {
            throw .badHex
        }
        cursor += 64
        guard line[cursor] == 0x22, line[cursor + 1] == 0x7D, cursor + 2 == line.count else { throw .badSuffix }
        return LineFrame(contentRange: prefix.count..<contentEnd, storedContentHash: contentHash, storedChain: chain)
    }

    /// Builds the full line, newline included, around content whose hashes are known.
    package static func appendLine(content: [UInt8], contentHash: SHA256Digest, chain: SHA256Digest, to output: inout [UInt8]) {
        output.append(contentsOf: LedgerFormat.linePrefix)
        output.append(contentsOf: content)
        output.append(contentsOf: LedgerFormat.contentHashKey)
        output.append(contentsOf: contentHash.hex.utf8)
        output.append(contentsOf: LedgerFormat.chainKey)
        output.append(contentsOf: chain.hex.utf8)
        output.append(contentsOf: LedgerFormat.lineEnd)
    }
}
