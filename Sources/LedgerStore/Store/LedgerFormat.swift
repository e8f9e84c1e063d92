import LedgerSupport

/// The fixed facts of the on-disk log, version 1. `events/README.md` is their specification;
/// changing any of them is a new format version, never a silent change.
public enum LedgerFormat {
    public static let formatName = "caseledger-log"
    public static let formatVersion = 1
    public static let hashAlgorithm = "sha256"
    /// The chain value before the first line: 32 zero bytes.
    public static let genesis = SHA256Digest.zero
    public static let manifestFileName = "ledger.json"
    public static let lockFileName = "LOCK"
    public static let segmentPrefix = "segment-"
    public static let segmentSuffix = ".jsonl"
    public static let segmentDigitCount = 16
    public static let quarantineInfix = ".quarantine-"

    /// Every line is `{"event":` CONTENT `,"sha256":"` 64 hex `","chain":"` 64 hex `"}` LF.
    package static let linePrefix: [UInt8] = Array(#"{"event":"#.utf8)
    package static let contentHashKey: [UInt8] = Array(#","sha256":""#.utf8)
    package static let chainKey: [UInt8] = Array(#"","chain":""#.utf8)
    package static let lineEnd: [UInt8] = Array(#""}"#.utf8) + [0x0A]
    /// Bytes after the content: both keys, both hashes, the closing brace and the newline.
    package static let lineSuffixByteCount = contentHashKey.count + 64 + chainKey.count + 64 + lineEnd.count
    package static let lineOverheadByteCount = linePrefix.count + lineSuffixByteCount

    public static func segmentFileName(firstSequence: UInt64) -> String {
        let digits = String(firstSequence)
        return segmentPrefix + String(repeating: "0", count: max(0, segmentDigitCount - digits.count)) + digits
            + segmentSuffix
    }

    /// The first sequence number a segment file name promises, or nil for other files.
    public static func firstSequence(ofSegmentFileName name: String) -> UInt64? {
        guard name.hasPrefix(segmentPrefix), name.hasSuffix(segmentSuffix) else { return nil }
        let digits = name.dropFirst(segmentPrefix.count).dropLast(segmentSuffix.count)
        guard digits.count == segmentDigitCount, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else {
            return nil
        }
        return UInt64(digits)
    }

    /// The manifest records the format so a reader never guesses it.
    /// `ledgerId` names the ledger in its checkpoints (``CheckpointOrigin``); readers of format 1
    /// ignore keys they do not know, so adding it changed nothing they check.
    package static func manifestBytes(ledgerId: String) -> [UInt8] {
        let text = """
            {"format":"\(formatName)","formatVersion":\(formatVersion),"hashAlgorithm":"\(hashAlgorithm)",\
            "genesis":"\(genesis.hex)","line":"{\\"event\\":CONTENT,\\"sha256\\":\\"HEX\\",\\"chain\\":\\"HEX\\"}",\
            "ledgerId":"\(ledgerId)"}

            """
        return Array(text.utf8)
    }
}
