import Dispatch
import Foundation

/// The append-only, hash-chained event log in one directory, opened for writing.
///
/// Opening takes an exclusive lock (a second writer is refused at once), checks every line,
/// and cuts off an unfinished tail into a quarantine file (see the recovery table in
/// `events/README.md`). `append` is all-or-nothing and returns only after `fsync`.
/// The type is not `Sendable`: one writer, used from one place, is the point.
public final class Ledger {
    public let directory: String
    public let options: LedgerOptions
    /// What recovery did while opening; empty when the log was clean.
    public let recovery: [RecoveryAction]

    private let clock: any Clock
    private let identifiers: any IdentifierGenerator
    private let lockFile: POSIXFile
    private var segment: (file: POSIXFile, info: SegmentFile, sizeBytes: Int)?
    private var head: LogPosition
    private var streamVersions: [StreamName: Int]
    private var poisonReason: String?
    private let encoder = LedgerJSONEncoder()
    private let decoder = LedgerJSONDecoder()

    /// The log's head: the digest an inspector would note now.
    public var digest: LedgerDigest { LedgerDigest(sequence: head.sequence, hash: head.chain) }
    public var lastRecordedAt: Instant? { head.recordedAt }

    /// Number of events in `stream` (0 if it does not exist).
    public func version(of stream: StreamName) -> Int { streamVersions[stream] ?? 0 }

    /// Opens (creating if needed) the ledger in `directory` for writing.
    ///
    /// - Parameter onEvent: called for every committed event while the log is checked, so a
    ///   caller can fold projections in the same pass instead of reading the log twice.
    public init(
        directory: String, options: LedgerOptions = LedgerOptions(), clock: any Clock = SystemClock(),
        identifiers: any IdentifierGenerator = RandomIdentifierGenerator(),
        onHeader: ((EnvelopeHeader) -> Void)? = nil
    ) throws(LedgerError) {
        self.directory = directory
        self.options = options
        self.clock = clock
        self.identifiers = identifiers
        do {
            try LedgerDirectory.prepare(directory)
            lockFile = try POSIXFile.open(directory + "/" + LedgerFormat.lockFileName, .readWriteCreate)
            guard try lockFile.tryLock(exclusive: true) else {
                let holder = (try? lockFile.readAll()).map { String(decoding: $0, as: UTF8.self) } ?? ""
                throw LedgerError.locked(directory: directory, holder: holder.isEmpty ? "unknown process" : holder)
            }
            try lockFile.truncate(toSizeBytes: 0)
            try lockFile.writeAll(Array("pid \(ProcessInfo.processInfo.processIdentifier)".utf8))
        } catch let error as LedgerError {
            throw error
        } catch let error as IOFailure {
            throw .io(error)
        } catch {
            throw .io(IOFailure(operation: "open", path: directory, errorNumber: 0))
        }

        var versions: [StreamName: Int] = [:]
        let outcome: ScanOutcome
        do {
            outcome = try LogScanner(directory: directory).scan { line in
                versions[line.header.stream, default: 0] += 1
                onHeader?(line.header)
            }
        } catch let error as IOFailure {
            throw .io(error)
        } catch {
            throw .io(IOFailure(operation: "scan", path: directory, errorNumber: 0))
        }
        var actions: [RecoveryAction] = []
        if let fault = outcome.fault {
            guard outcome.faultIsRecoverableTail, let last = outcome.segments.last else { throw .corrupt(fault) }
            do {
                actions.append(try Ledger.quarantineTail(of: last, keepingBytes: outcome.committedSizeBytes.last ?? 0,
                                                         fault: fault, directory: directory))
            } catch { throw .io(error) }
        }
        recovery = actions
        head = outcome.head
        streamVersions = versions
        if let last = outcome.segments.last {
            do {
                let file = try POSIXFile.open(last.path, .append(create: false, exclusive: false))
                segment = (file, last, try file.sizeBytes())
            } catch { throw .io(error) }
        }
    }

    /// Moves the bytes after the last committed batch of `segment` to a new quarantine file,
    /// then cuts the segment. Both steps are made durable in that order, so a crash between
    /// them at worst quarantines the same bytes twice.
    private static func quarantineTail(of segment: SegmentFile, keepingBytes: Int, fault: ScanFault,
                                       directory: String) throws(IOFailure) -> RecoveryAction {
        let file = try POSIXFile.open(segment.path, .readWriteCreate)
        defer { file.close() }
        let size = try file.sizeBytes()
        let tail = try file.read(offset: keepingBytes, count: size - keepingBytes)
        var attempt = 1
        var quarantinePath: String
        repeat {
            quarantinePath = segment.path + LedgerFormat.quarantineInfix + String(attempt)
            attempt += 1
        } while POSIXFile.exists(quarantinePath)
        let quarantine = try POSIXFile.open(quarantinePath, .append(create: true, exclusive: true))
        try quarantine.writeAll(tail)
        try quarantine.synchronize()
        quarantine.close()
        try POSIXFile.synchronizeDirectory(directory)
        try file.truncate(toSizeBytes: keepingBytes)
        try file.synchronize()
        return RecoveryAction(fault: fault, quarantinePath: quarantinePath, byteCount: tail.count)
    }

    /// Releases the lock. Also happens when the ledger is deinitialised.
    public func close() {
        segment?.file.close()
        segment = nil
        lockFile.close()
        poisonReason = "closed"
    }

    /// Appends `events` as one all-or-nothing batch, after checking each touched stream's
    /// expected version. Returns after the bytes (and a new segment's directory entry) are
    /// fsynced.
    @discardableResult
    public func append(
        _ events: [ProposedEvent], expecting expectations: [StreamName: ExpectedVersion],
        correlationId: String? = nil
    ) throws(LedgerError) -> AppendReceipt {
        if let poisonReason { throw .writerPoisoned(reason: poisonReason) }
        guard !events.isEmpty else { throw .emptyBatch }
        guard events.count <= options.batchEventCountMax else {
            throw .batchTooLarge(eventCount: events.count, eventCountMax: options.batchEventCountMax)
        }
        for event in events where expectations[event.stream] == nil {
            throw .missingExpectation(stream: event.stream)
        }
        for (stream, expected) in expectations.sorted(by: { $0.key < $1.key }) {
            let actual = streamVersions[stream] ?? 0
            guard expected.accepts(actual) else {
                throw .wrongExpectedVersion(stream: stream, expected: expected, actual: actual)
            }
        }

        var recordedAt = clock.now()
        if let last = head.recordedAt, recordedAt < last { recordedAt = last }
        let correlation = correlationId ?? identifiers.nextIdentifier()
        var envelopes: [EventEnvelope] = []
        envelopes.reserveCapacity(events.count)
        for (index, proposed) in events.enumerated() {
            envelopes.append(EventEnvelope(
                sequence: head.sequence + UInt64(index) + 1, eventId: proposed.eventId ?? identifiers.nextIdentifier(),
                stream: proposed.stream, occurredAt: proposed.occurredAt, recordedAt: recordedAt,
                actor: proposed.actor, source: proposed.source, correlationId: correlation,
                batch: BatchPosition(index: index + 1, size: events.count), event: proposed.event))
        }
        let contents = try encode(envelopes)
        let contentHashes = Ledger.hashContents(contents)
        var chains: [SHA256Digest] = []
        chains.reserveCapacity(contents.count)
        var chain = head.chain
        var buffer: [UInt8] = []
        buffer.reserveCapacity(contents.reduce(0) { $0 + $1.count + LedgerFormat.lineOverheadByteCount })
        for (index, content) in contents.enumerated() {
            chain = SHA256.chain(previous: chain, content: contentHashes[index])
            chains.append(chain)
            LineFrame.appendLine(content: content, contentHash: contentHashes[index], chain: chain, to: &buffer)
        }
        guard buffer.count <= options.batchSizeBytesMax else {
            throw .batchBytesTooLarge(sizeBytes: buffer.count, sizeBytesMax: options.batchSizeBytesMax)
        }

        do {
            try write(buffer, firstSequence: envelopes[0].sequence)
        } catch { throw .io(error) }

        head = LogPosition(sequence: envelopes[envelopes.count - 1].sequence, chain: chain, recordedAt: recordedAt)
        for envelope in envelopes { streamVersions[envelope.stream, default: 0] += 1 }
        return AppendReceipt(envelopes: envelopes, chains: chains, recordedAt: recordedAt)
    }

    private func encode(_ envelopes: [EventEnvelope]) throws(LedgerError) -> [[UInt8]] {
        var contents: [[UInt8]] = []
        contents.reserveCapacity(envelopes.count)
        for (index, envelope) in envelopes.enumerated() {
            let content: [UInt8]
            do { content = try envelope.encodeContent(using: encoder) } catch {
                throw .encodingFailed(batchIndex: index + 1, type: envelope.type, detail: "\(error)")
            }
            guard content.count <= options.eventSizeBytesMax else {
                throw .eventTooLarge(batchIndex: index + 1, type: envelope.type, sizeBytes: content.count,
                                     sizeBytesMax: options.eventSizeBytesMax)
            }
            // A raw newline would split the line; the encoders never emit one, so this guards the format.
            guard !content.contains(0x0A) else {
                throw .encodingFailed(batchIndex: index + 1, type: envelope.type, detail: "content contains a raw newline")
            }
            if options.checkEncodingBeforeWrite {
                let decoded: EventEnvelope
                do { decoded = try EventEnvelope.decodeContent(content, using: decoder) } catch {
                    throw .encodingFailed(batchIndex: index + 1, type: envelope.type, detail: "does not decode: \(error)")
                }
                guard decoded == envelope else {
                    throw .encodingFailed(batchIndex: index + 1, type: envelope.type, detail: "decodes to a different value")
                }
            }
            contents.append(content)
        }
        return contents
    }

    /// Content hashes on all cores for large batches; the chain step that follows is cheap.
    static func hashContents(_ contents: [[UInt8]]) -> [SHA256Digest] {
        var hashes = [SHA256Digest](repeating: .zero, count: contents.count)
        let chunkCount = contents.count >= 256 ? 4 : 1
        hashes.withUnsafeMutableBufferPointer { output in
            nonisolated(unsafe) let shared = output.baseAddress!
            DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                let lower = contents.count * chunk / chunkCount
                let upper = contents.count * (chunk + 1) / chunkCount
                for index in lower..<upper {
                    shared[index] = contents[index].withUnsafeBytes { SHA256.hash($0) }
                }
            }
        }
        return hashes
    }

    /// Writes one batch durably, rolling to a new segment first when the current one is full.
    /// On failure the segment is cut back to its previous size so the batch leaves no trace.
    private func write(_ buffer: [UInt8], firstSequence: UInt64) throws(IOFailure) {
        if segment == nil || (segment!.sizeBytes > 0 && segment!.sizeBytes + buffer.count > options.segmentSizeBytesMax) {
            let name = LedgerFormat.segmentFileName(firstSequence: firstSequence)
            let info = SegmentFile(name: name, path: directory + "/" + name, firstSequence: firstSequence)
            let file = try POSIXFile.open(info.path, .append(create: true, exclusive: true))
            try POSIXFile.synchronizeDirectory(directory)
            segment?.file.close()
            segment = (file, info, 0)
        }
        guard let current = segment else { return }
        do {
            try current.file.writeAll(buffer)
            try current.file.synchronize()
        } catch {
            do {
                try current.file.truncate(toSizeBytes: current.sizeBytes)
                try current.file.synchronize()
            } catch {
                poisonReason = "\(error)"
            }
            throw error
        }
        segment!.sizeBytes += buffer.count
    }
}

/// Creating and checking a ledger directory and its manifest.
enum LedgerDirectory {
    static func prepare(_ directory: String) throws -> Void {
        if !POSIXFile.exists(directory) {
            try POSIXFile.makeDirectory(directory)
            let parent = (directory as NSString).deletingLastPathComponent
            try POSIXFile.synchronizeDirectory(parent.isEmpty ? "." : parent)
        }
        guard POSIXFile.isDirectory(directory) else { throw LedgerError.notADirectory(path: directory) }
        let manifestPath = directory + "/" + LedgerFormat.manifestFileName
        if POSIXFile.exists(manifestPath) {
            try checkManifest(at: manifestPath, directory: directory)
        } else {
            guard try LogScanner.listSegments(in: directory).isEmpty else {
                throw LedgerError.manifestMissing(directory: directory)
            }
            // A new ledger in a directory that already existed (./events comes with a clone, with
            // the checkout's mode) is made owner-only too, as one the ledger creates is.
            try POSIXFile.restrictToOwner(directory)
            try POSIXFile.writeAtomically(LedgerFormat.manifestBytes(), to: manifestPath, directory: directory)
        }
    }

    /// A reader's check: the directory must already be a ledger (or empty of segments).
    static func checkExisting(_ directory: String) throws -> Void {
        guard POSIXFile.isDirectory(directory) else { throw LedgerError.notADirectory(path: directory) }
        let manifestPath = directory + "/" + LedgerFormat.manifestFileName
        if POSIXFile.exists(manifestPath) {
            try checkManifest(at: manifestPath, directory: directory)
        } else if try !LogScanner.listSegments(in: directory).isEmpty {
            throw LedgerError.manifestMissing(directory: directory)
        }
    }

    static func checkManifest(at path: String, directory: String) throws {
        let file = try POSIXFile.open(path, .readOnly)
        let bytes = try file.readAll()
        file.close()
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            throw LedgerError.unsupportedFormat(directory: directory, detail: "the manifest is not a JSON object")
        }
        guard object["format"] as? String == LedgerFormat.formatName else {
            throw LedgerError.unsupportedFormat(directory: directory, detail: "format is \(object["format"] ?? "missing")")
        }
        guard object["formatVersion"] as? Int == LedgerFormat.formatVersion else {
            throw LedgerError.unsupportedFormat(directory: directory, detail: "format version is \(object["formatVersion"] ?? "missing")")
        }
        guard object["hashAlgorithm"] as? String == LedgerFormat.hashAlgorithm else {
            throw LedgerError.unsupportedFormat(directory: directory, detail: "hash algorithm is \(object["hashAlgorithm"] ?? "missing")")
        }
        guard object["genesis"] as? String == LedgerFormat.genesis.hex else {
            throw LedgerError.unsupportedFormat(directory: directory, detail: "genesis is \(object["genesis"] ?? "missing")")
        }
    }
}
