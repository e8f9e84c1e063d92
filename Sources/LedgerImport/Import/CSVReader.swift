import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// A streaming RFC 4180 reader that works on bytes, one record at a time.
///
/// Legacy exports run to millions of rows, so the reader holds one chunk of the file and one
/// record, never the file: memory does not grow with the file's size. It reads what real
/// exports contain: quoted fields holding delimiters, doubled quotes and line breaks; CRLF, LF
/// or a lone CR between records; a UTF-8 byte-order mark or none; a last record with or
/// without a line break. Blank lines carry no data and are skipped (``Options/skipBlankLines``).
/// A quote inside an unquoted field is kept as text, as most exporters mean it.
///
/// Every problem names its physical line (``CSVError``); a problem confined to one record
/// leaves the reader at the next one, so a caller can collect every bad row of a file in one
/// pass. It can also hash every byte it reads (``Options/computeSHA256``), so an importer
/// identifies the file without reading it twice.
///
/// Not `Sendable`: one reader belongs to one loop.
public final class CSVReader {
    /// Limits and dialect. Every input has a limit so a file that is not CSV at all fails with
    /// a clear error instead of exhausting memory.
    public struct Options: Sendable, Hashable {
        /// The field separator: a comma unless the export says otherwise.
        public var delimiter: UInt8 = UInt8(ascii: ",")
        /// The largest field, in bytes; a quote that never closes hits this first.
        public var fieldSizeBytesMax = 1 << 20
        public var fieldCountMax = 4096
        /// How much of the file is read at once.
        public var chunkSizeBytes = 1 << 20
        /// Every record must have as many fields as the first; otherwise ``CSVError/raggedRow(lineNumber:fieldCount:expectedFieldCount:)``.
        public var requireUniformFieldCount = true
        /// Lines with no bytes at all between line breaks are skipped rather than read as a record
        /// of one empty field.
        public var skipBlankLines = true
        /// Hash every byte read; the digest is in ``sha256`` once the end is reached.
        public var computeSHA256 = false

        public init() {}
    }

    public let options: Options
    /// The physical line the reader is on (1-based): lines are ended by LF, CRLF or a lone CR,
    /// inside quoted fields too.
    public private(set) var lineNumber = 1
    /// Records returned so far, the header included.
    public private(set) var recordCount = 0
    /// The first record's field count, once read.
    public private(set) var expectedFieldCount: Int?
    /// Bytes read from the source so far.
    public private(set) var byteCount = 0
    /// SHA-256 of every byte of the source, set when the end has been reached and hashing is on.
    public private(set) var sha256: SHA256Digest?
    /// Whether the source started with a UTF-8 byte-order mark.
    public private(set) var hadByteOrderMark = false

    private let file: POSIXFile?
    private let totalSizeBytes: Int?
    private var chunk: [UInt8]
    private var position = 0
    private var sourceExhausted = false
    private var hasStarted = false
    private var previousWasCarriageReturn = false
    private var hasher: SHA256?
    private var fatal: CSVError?

    /// Opens `path` for streaming.
    public init(path: String, options: Options = Options()) throws(CSVError) {
        self.options = options
        do {
            let opened = try POSIXFile.open(path, .readOnly)
            file = opened
            totalSizeBytes = try opened.sizeBytes()
        } catch {
            throw .io(error)
        }
        chunk = []
        hasher = options.computeSHA256 ? SHA256() : nil
    }

    /// Reads from bytes already in memory (tests, small side files).
    public init(bytes: [UInt8], options: Options = Options()) {
        self.options = options
        file = nil
        totalSizeBytes = bytes.count
        chunk = bytes
        byteCount = bytes.count
        sourceExhausted = true
        if options.computeSHA256 {
            var hasher = SHA256()
            hasher.update(bytes)
            self.hasher = hasher
        }
    }

    /// Reads from text already in memory.
    public convenience init(text: String, options: Options = Options()) {
        self.init(bytes: Array(text.utf8), options: options)
    }

    deinit { file?.close() }

    /// The source's size in bytes, for progress reporting.
    public var sourceSizeBytes: Int? { totalSizeBytes }

    /// Reads the next record into `record`, reusing its storage. Returns false at the end.
    ///
    /// After a recoverable error (``CSVError/isRecoverable``) the record has been consumed and
    /// `record` holds what was read of it; after any other error every later call throws it again.
    public func readRecord(into record: inout CSVRecord) throws(CSVError) -> Bool {
        if let fatal { throw fatal }
        do {
            return try parseRecord(into: &record)
        } catch {
            if !error.isRecoverable { fatal = error }
            throw error
        }
    }

    /// The next record, or nil at the end.
    public func nextRecord() throws(CSVError) -> CSVRecord? {
        var record = CSVRecord()
        return try readRecord(into: &record) ? record : nil
    }

    /// Every record of `text` as strings: for tests and small files.
    public static func records(in text: String, options: Options = Options()) throws(CSVError) -> [[String]] {
        let reader = CSVReader(text: text, options: options)
        var result: [[String]] = []
        while let record = try reader.nextRecord() { result.append(record.fields) }
        return result
    }

    // MARK: - Parsing

    private enum State {
        case fieldStart
        case unquoted
        case quoted
        /// A quote seen inside a quoted field: either the first of a doubled quote or the closing one.
        case quoteInQuoted
    }

    private static let quote = UInt8(ascii: "\"")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    /// Loads the next chunk; false when the source has nothing more.
    private func refill() throws(CSVError) -> Bool {
        position = 0
        guard !sourceExhausted, let file else {
            chunk = []
            return false
        }
        let bytes: [UInt8]
        do {
            // The first read takes at least 4 bytes so a byte-order mark is seen whole.
            bytes = try file.read(offset: byteCount, count: max(hasStarted ? 1 : 4, options.chunkSizeBytes))
        } catch {
            throw .io(error)
        }
        if bytes.isEmpty {
            sourceExhausted = true
            chunk = []
            return false
        }
        byteCount += bytes.count
        hasher?.update(bytes)
        chunk = bytes
        return true
    }

    /// Skips a UTF-8 byte-order mark and refuses UTF-16 and UTF-32 ones.
    private func checkByteOrderMark() throws(CSVError) {
        if chunk.isEmpty { _ = try refill() }
        hasStarted = true
        let head = chunk.prefix(4)
        if head.starts(with: [0xEF, 0xBB, 0xBF]) {
            position = 3
            hadByteOrderMark = true
        } else if head.starts(with: [0xFF, 0xFE, 0x00, 0x00]) || head.starts(with: [0x00, 0x00, 0xFE, 0xFF]) {
            throw .unsupportedEncoding(encoding: "UTF-32")
        } else if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) {
            throw .unsupportedEncoding(encoding: "UTF-16")
        }
    }

    private func finishSource() {
        if let hasher, sha256 == nil {
            sha256 = hasher.finalize()
            self.hasher = nil
        }
    }

    private func parseRecord(into record: inout CSVRecord) throws(CSVError) -> Bool {
        if !hasStarted { try checkByteOrderMark() }
        record.reset()
        record.lineNumber = lineNumber
        var state = State.fieldStart
        var recordStarted = false
        var fieldStart = 0
        var quoteLine = 0
        var problem: CSVError?
        let delimiter = options.delimiter
        let fieldSizeMax = options.fieldSizeBytesMax

        func endField() throws(CSVError) {
            record.fieldEnds.append(record.bytes.count)
            fieldStart = record.bytes.count
            if record.fieldEnds.count > options.fieldCountMax {
                throw .tooManyFields(lineNumber: record.lineNumber, fieldCountMax: options.fieldCountMax)
            }
        }

        while true {
            if position >= chunk.count {
                if try !refill() {
                    finishSource()
                    guard recordStarted else { return false }
                    if state == .quoted {
                        throw .unterminatedQuote(lineNumber: quoteLine)
                    }
                    try endField()
                    return try finishRecord(&record, problem: problem)
                }
            }
            // Work through the chunk with a raw pointer; `chunk` is not touched until it is exhausted.
            var index = position
            var recordEnded = false
            let count = chunk.count
            try chunk.withUnsafeBufferPointer { (buffer) throws(CSVError) in
                let bytes = buffer.baseAddress!
                while index < count && !recordEnded {
                    let byte = bytes[index]
                    switch state {
                    case .fieldStart, .unquoted:
                        if byte == Self.lineFeed || byte == Self.carriageReturn {
                            let isSecondHalfOfCRLF = byte == Self.lineFeed && previousWasCarriageReturn
                            previousWasCarriageReturn = byte == Self.carriageReturn
                            index += 1
                            if isSecondHalfOfCRLF {
                                // The LF of a CRLF whose CR already ended a record or a line.
                                if !recordStarted { continue }
                            } else {
                                lineNumber += 1
                            }
                            if !recordStarted {
                                if options.skipBlankLines {
                                    record.lineNumber = lineNumber
                                    continue
                                }
                                recordStarted = true
                            }
                            try endField()
                            recordEnded = true
                            continue
                        }
                        previousWasCarriageReturn = false
                        if !recordStarted {
                            recordStarted = true
                            record.lineNumber = lineNumber
                        }
                        if byte == delimiter {
                            index += 1
                            try endField()
                            state = .fieldStart
                            continue
                        }
                        if byte == Self.quote && state == .fieldStart {
                            index += 1
                            state = .quoted
                            quoteLine = lineNumber
                            continue
                        }
                        // A run of plain bytes (a quote inside an unquoted field is plain text).
                        state = .unquoted
                        let runStart = index
                        index += 1
                        while index < count {
                            let next = bytes[index]
                            if next == delimiter || next == Self.lineFeed || next == Self.carriageReturn { break }
                            index += 1
                        }
                        record.bytes.append(contentsOf: UnsafeBufferPointer(start: bytes + runStart, count: index - runStart))
                        if record.bytes.count - fieldStart > fieldSizeMax {
                            throw .fieldTooLarge(lineNumber: lineNumber, fieldNumber: record.fieldEnds.count + 1,
                                                 sizeBytesMax: fieldSizeMax)
                        }
                    case .quoted:
                        if byte == Self.quote {
                            previousWasCarriageReturn = false
                            index += 1
                            state = .quoteInQuoted
                            continue
                        }
                        if byte == Self.lineFeed || byte == Self.carriageReturn {
                            if !(byte == Self.lineFeed && previousWasCarriageReturn) { lineNumber += 1 }
                            previousWasCarriageReturn = byte == Self.carriageReturn
                            record.bytes.append(byte)
                            index += 1
                            continue
                        }
                        previousWasCarriageReturn = false
                        let runStart = index
                        index += 1
                        while index < count {
                            let next = bytes[index]
                            if next == Self.quote || next == Self.lineFeed || next == Self.carriageReturn { break }
                            index += 1
                        }
                        record.bytes.append(contentsOf: UnsafeBufferPointer(start: bytes + runStart, count: index - runStart))
                        if record.bytes.count - fieldStart > fieldSizeMax {
                            throw .fieldTooLarge(lineNumber: quoteLine, fieldNumber: record.fieldEnds.count + 1,
                                                 sizeBytesMax: fieldSizeMax)
                        }
                    case .quoteInQuoted:
                        if byte == Self.quote {
                            // A doubled quote: one literal quote.
                            record.bytes.append(byte)
                            index += 1
                            state = .quoted
                        } else if byte == delimiter || byte == Self.lineFeed || byte == Self.carriageReturn {
                            // The quote closed the field; the delimiter or line break is handled as after any field.
                            state = .unquoted
                        } else {
                            if problem == nil {
                                problem = .textAfterClosingQuote(lineNumber: lineNumber, fieldNumber: record.fieldEnds.count + 1)
                            }
                            state = .unquoted
                        }
                    }
                }
            }
            position = index
            if recordEnded { return try finishRecord(&record, problem: problem) }
        }
    }

    private func finishRecord(_ record: inout CSVRecord, problem: CSVError?) throws(CSVError) -> Bool {
        recordCount += 1
        if let problem { throw problem }
        if options.requireUniformFieldCount {
            if let expected = expectedFieldCount {
                if record.count != expected {
                    throw .raggedRow(lineNumber: record.lineNumber, fieldCount: record.count, expectedFieldCount: expected)
                }
            } else {
                expectedFieldCount = record.count
            }
        } else if expectedFieldCount == nil {
            expectedFieldCount = record.count
        }
        if let field = record.firstInvalidUTF8Field() {
            throw .invalidUTF8(lineNumber: record.lineNumber, fieldNumber: field + 1)
        }
        return true
    }
}

/// One record as read: its fields' bytes, unquoted and unescaped, and the line it started on.
///
/// Fields are kept as bytes in one buffer so reading a record allocates nothing once the
/// buffer has grown; strings are made only for the fields a caller asks for.
public struct CSVRecord: Sendable, Hashable {
    /// The physical line (1-based) on which the record starts.
    public internal(set) var lineNumber = 0
    package var bytes: [UInt8] = []
    package var fieldEnds: [Int] = []

    public init() {}

    /// Builds a record from strings (tests, generated data).
    public init(fields: [String], lineNumber: Int = 0) {
        self.lineNumber = lineNumber
        for field in fields {
            bytes.append(contentsOf: field.utf8)
            fieldEnds.append(bytes.count)
        }
    }

    public var count: Int { fieldEnds.count }

    package func range(of index: Int) -> Range<Int> {
        (index == 0 ? 0 : fieldEnds[index - 1])..<fieldEnds[index]
    }

    /// The field at `index` (checked to be valid UTF-8 by the reader).
    public subscript(index: Int) -> String {
        bytes.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[range(of: index)]), as: UTF8.self)
        }
    }

    /// The field at `index`, or "" when the record is shorter.
    public func field(_ index: Int) -> String { index < count ? self[index] : "" }

    /// The field's bytes, without copying.
    public func withFieldBytes<Result>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try bytes.withUnsafeBufferPointer { buffer in
            try body(index < count ? UnsafeBufferPointer(rebasing: buffer[range(of: index)]) : UnsafeBufferPointer(start: nil, count: 0))
        }
    }

    public var fields: [String] { (0..<count).map { self[$0] } }

    package mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
    }

    /// The index of the first field that is not valid UTF-8; ASCII-only records are checked in one pass.
    package func firstInvalidUTF8Field() -> Int? {
        let hasHighBit = bytes.withUnsafeBufferPointer { buffer in buffer.contains { $0 >= 0x80 } }
        guard hasHighBit else { return nil }
        for index in 0..<count {
            let valid = bytes.withUnsafeBufferPointer { buffer in
                String(validating: UnsafeBufferPointer(rebasing: buffer[range(of: index)]), as: UTF8.self) != nil
            }
            if !valid { return index }
        }
        return nil
    }
}
