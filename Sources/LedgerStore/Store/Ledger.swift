import Dispatch
import Foundation
import LedgerSupport

/// The append-only, hash-chained event log in one directory, opened for writing.
///
/// Opening takes an exclusive lock (a second writer is refused, at once or after
/// ``LedgerOptions/lockWaitSeconds``), checks every line (or, from a ``LedgerResumePoint``,
/// every line after it), and cuts off an unfinished tail into a quarantine file (see the
/// recovery table in `events/README.md`). `append` is all-or-nothing and returns only after
/// `fsync`. The type is not `Sendable`: one writer, used from one place, is the point.
public final class Ledger {
    public let directory: String
    public let options: LedgerOptions
    /// What recovery did while opening; empty when the log was clean.
    public let recovery: [RecoveryAction]
    /// What opening read and checked, and how long it waited for the lock.
    public let openStatistics: LedgerOpenStatistics
    /// What opening found wrong with the Merkle tree sidecar and repaired; nil when it matched the log.
    public let treeRepair: TreeSidecarRepair?

    private let clock: any Clock
    private let identifiers: any IdentifierGenerator
    /// Every file operation of this writer goes through these calls (a test's faults, or the system's).
    private let fileSystem: FileSystemCalls
    private let lockFile: POSIXFile
    private var segment: (file: POSIXFile, info: SegmentFile, sizeBytes: Int)?
    private var head: LogPosition
    /// Events per stream: the whole count after a full open; after a resumed open, the count
    /// since the resume point, added to ``resumedVersion`` when the caller knows the stream.
    private var streamVersions: [StreamName: Int]
    /// Each stream's version at the resume point (nil for a stream the caller does not track);
    /// nil after a full open, when `streamVersions` is complete.
    private let resumedVersion: ((StreamName) -> Int?)?
    private var poisonReason: String?
    /// The Merkle tree's stored hashes (nil when ``LedgerOptions/maintainsTree`` is off, or after
    /// an append to it failed: the next open completes it from the log).
    private var treeSidecar: TreeSidecar?
    private let framer: LineFramer
    /// Framing buffers of the last append, reused by the next.
    private var spareParts: [FramedPart] = []
    private static let sparePartsSizeBytesMax = 16 << 20

    /// The log's head: the digest an inspector would note now.
    public var digest: LedgerDigest { LedgerDigest(sequence: head.sequence, hash: head.chain) }
    public var lastRecordedAt: Instant? { head.recordedAt }

    /// The next event id from the ledger's generator, for a caller that must know an event's id
    /// before appending it (a batch whose later command refers to an earlier one's id).
    package func nextEventIdentifier() -> String { identifiers.nextIdentifier() }

    /// Number of events in `stream` (0 if it does not exist), or nil when the ledger was opened
    /// from a resume point whose caller does not track the stream.
    public func version(of stream: StreamName) -> Int? {
        guard let resumedVersion else { return streamVersions[stream] ?? 0 }
        return resumedVersion(stream).map { $0 + (streamVersions[stream] ?? 0) }
    }

    /// Opens (creating if needed) the ledger in `directory` for writing.
    ///
    /// Without a resume point every line of the log is checked. With one, the log must hold
    /// its position where its cursor says (same sequence, same chain value, same recorded
    /// time), and only the lines after it are checked, with the same checks and the same
    /// recovery of an unfinished tail as a full open; a resume point the log does not hold
    /// throws ``LedgerError/resumePointNotInLog(sequence:cursor:reason:)`` and changes nothing.
    ///
    /// - Parameter resumePoint: a trusted position, from a checked snapshot; nil for a full open.
    /// - Parameter onHeader: called for every committed event checked while opening (after the
    ///   resume point, when there is one), so a caller can fold in the same pass instead of
    ///   reading the log twice.
    public convenience init(
        directory: String, options: LedgerOptions = LedgerOptions(), clock: any Clock = SystemClock(),
        identifiers: any IdentifierGenerator = RandomIdentifierGenerator(),
        resumingFrom resumePoint: LedgerResumePoint? = nil,
        onHeader: ((EnvelopeHeader) -> Void)? = nil
    ) throws(LedgerError) {
        try self.init(directory: directory, options: options, clock: clock, identifiers: identifiers,
                      resumingFrom: resumePoint, fileSystem: .system, onHeader: onHeader)
    }

    /// Opens the ledger with every file operation going through `fileSystem`: the seam tests use
    /// to make the disk fail (``FileSystemCalls``).
    package init(
        directory: String, options: LedgerOptions = LedgerOptions(), clock: any Clock = SystemClock(),
        identifiers: any IdentifierGenerator = RandomIdentifierGenerator(),
        resumingFrom resumePoint: LedgerResumePoint? = nil, fileSystem: FileSystemCalls,
        onHeader: ((EnvelopeHeader) -> Void)? = nil
    ) throws(LedgerError) {
        self.directory = directory
        self.options = options
        self.clock = clock
        self.identifiers = identifiers
        self.fileSystem = fileSystem
        framer = LineFramer(decoder: LedgerJSONDecoder(),
                            eventSizeBytesMax: options.eventSizeBytesMax,
                            decodesAndCompares: options.checkEncodingBeforeWrite)
        let lockWaitSeconds: Double
        do {
            try LedgerDirectory.prepare(directory, system: fileSystem)
            lockFile = try POSIXFile.open(directory + "/" + LedgerFormat.lockFileName, .readWriteCreate, system: fileSystem)
            lockWaitSeconds = try Self.lock(lockFile, directory: directory, waitSeconds: options.lockWaitSeconds)
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
        var checkedContentHashes: [SHA256Digest] = []
        var firstCheckedSequence: UInt64 = 1
        let outcome: ScanOutcome
        var readByteCount = 0
        do {
            let segments = try LogScanner.listSegments(in: directory, system: fileSystem)
            var start: ScanStart?
            if let resumePoint {
                let located = try Self.locate(resumePoint, in: segments, system: fileSystem)
                readByteCount += located?.readByteCount ?? 0
                start = located.map {
                    ScanStart(segmentIndex: $0.segmentIndex, byteOffset: $0.endOffset, position: LogPosition(
                        sequence: $0.header.sequence, chain: resumePoint.position.chain, recordedAt: $0.header.recordedAt))
                }
            }
            firstCheckedSequence = (start?.position.sequence ?? 0) + 1
            outcome = try LogScanner(directory: directory, fileSystem: fileSystem).scan(segments: segments, from: start) { line in
                versions[line.header.stream, default: 0] += 1
                checkedContentHashes.append(line.contentHash)
                onHeader?(line.header)
            }
        } catch let error as LedgerError {
            throw error
        } catch let error as IOFailure {
            throw .io(error)
        } catch {
            throw .io(IOFailure(operation: "scan", path: directory, errorNumber: 0))
        }
        readByteCount += outcome.readByteCount
        var actions: [RecoveryAction] = []
        if let fault = outcome.fault {
            guard outcome.faultIsRecoverableTail, let last = outcome.segments.last else { throw .corrupt(fault) }
            do {
                let action = try Ledger.quarantineTail(of: last, keepingBytes: outcome.committedSizeBytes.last ?? 0,
                                                       fault: fault, directory: directory, system: fileSystem)
                actions.append(action)
                readByteCount += action.byteCount
            } catch { throw .io(error) }
        }
        recovery = actions
        head = outcome.head
        streamVersions = versions
        // Resuming from the empty log's position trusts nothing, so every version is known.
        resumedVersion = resumePoint.flatMap { $0.position.sequence > 0 ? $0.streamVersion : nil }
        if options.maintainsTree {
            // Only lines the log still holds after recovery count.
            let committed = Int(min(UInt64(checkedContentHashes.count), outcome.head.sequence + 1 - firstCheckedSequence))
            do {
                let synchronized = try TreeSidecar.synchronize(
                    directory: directory, head: outcome.head.sequence, checked: Array(checkedContentHashes.prefix(committed)),
                    firstCheckedSequence: firstCheckedSequence, system: fileSystem,
                    readLog: {
                        var hashes: [SHA256Digest] = []
                        let full = try LogScanner(directory: directory, fileSystem: fileSystem).scan { hashes.append($0.contentHash) }
                        if let fault = full.fault, !full.faultIsRecoverableTail { throw LedgerError.corrupt(fault) }
                        return hashes
                    })
                treeSidecar = synchronized.sidecar
                treeRepair = synchronized.repair
            } catch let error as LedgerError {
                throw error
            } catch let error as IOFailure {
                throw .io(error)
            } catch {
                throw .io(IOFailure(operation: "tree sidecar", path: TreeSidecar.path(in: directory), errorNumber: 0))
            }
        } else {
            treeRepair = nil
        }
        openStatistics = LedgerOpenStatistics(readByteCount: readByteCount, checkedEventCount: outcome.committedLineCount,
                                              isResumed: resumePoint != nil, lockWaitSeconds: lockWaitSeconds)
        if let last = outcome.segments.last {
            do {
                let file = try POSIXFile.open(last.path, .append(create: false, exclusive: false), system: fileSystem)
                segment = (file, last, try file.sizeBytes())
            } catch { throw .io(error) }
        }
    }

    /// Takes the writer lock, trying again every ``LedgerOptions/lockRetryIntervalSeconds``
    /// for up to `waitSeconds`, and returns how long it waited.
    ///
    /// Non-blocking tries rather than a blocking `flock` keep the wait bounded and let the
    /// refusal name the holder, as a refusal without waiting does.
    private static func lock(_ file: POSIXFile, directory: String, waitSeconds: Double) throws -> Double {
        let started = DispatchTime.now().uptimeNanoseconds
        // A negative or not-a-number wait is no wait; a huge one is capped rather than overflowing.
        let waitNanoseconds = waitSeconds > 0 ? UInt64(min(waitSeconds, 365 * 86_400) * 1e9) : 0
        let retryNanoseconds = UInt64(LedgerOptions.lockRetryIntervalSeconds * 1e9)
        while true {
            let waited = DispatchTime.now().uptimeNanoseconds - started
            if try file.tryLock(exclusive: true) { return Double(waited) / 1e9 }
            guard waited < waitNanoseconds else {
                let holder = (try? file.readAll()).map { String(decoding: $0, as: UTF8.self) } ?? ""
                throw LedgerError.locked(directory: directory, holder: holder.isEmpty ? "unknown process" : holder)
            }
            usleep(UInt32(min(retryNanoseconds, waitNanoseconds - waited) / 1_000))
        }
    }

    /// Finds the resume point's line and checks it is the position the caller recorded; nil for
    /// the empty log's position, which has no line (the whole log is then the tail).
    private static func locate(_ resumePoint: LedgerResumePoint, in segments: [SegmentFile],
                               system: FileSystemCalls) throws -> LocatedPosition? {
        let position = resumePoint.position
        func rejected(_ reason: ResumePointRejection) -> LedgerError {
            .resumePointNotInLog(sequence: position.sequence, cursor: resumePoint.cursor, reason: reason)
        }
        guard position.sequence > 0 else {
            guard position.chain == LedgerFormat.genesis else { throw rejected(.notFound) }
            return nil
        }
        let located: LocatedPosition
        do {
            located = try LogScanner.locate(position, cursor: resumePoint.cursor, in: segments, system: system)
        } catch let failure as PositionLookupFailure {
            switch failure {
            case .notInLog: throw rejected(.notFound)
            case .otherEvent(_, let expected, let found): throw rejected(.chainDiffers(expected: expected, found: found))
            }
        }
        // The head's recorded time bounds the next batch's, so it must be the line's own.
        if let recordedAt = position.recordedAt, recordedAt != located.header.recordedAt {
            throw rejected(.recordedAtDiffers(expected: recordedAt, found: located.header.recordedAt))
        }
        return located
    }

    /// Moves the bytes after the last committed batch of `segment` to a new quarantine file,
    /// then cuts the segment. Both steps are made durable in that order, so a crash between
    /// them at worst quarantines the same bytes twice.
    private static func quarantineTail(of segment: SegmentFile, keepingBytes: Int, fault: ScanFault,
                                       directory: String, system: FileSystemCalls) throws(IOFailure) -> RecoveryAction {
        let file = try POSIXFile.open(segment.path, .readWriteCreate, system: system)
        defer { file.close() }
        let size = try file.sizeBytes()
        let tail = try file.read(offset: keepingBytes, count: size - keepingBytes)
        var attempt = 1
        var quarantinePath: String
        repeat {
            quarantinePath = segment.path + LedgerFormat.quarantineInfix + String(attempt)
            attempt += 1
        } while POSIXFile.exists(quarantinePath, system: system)
        let quarantine = try POSIXFile.open(quarantinePath, .append(create: true, exclusive: true), system: system)
        try quarantine.writeAll(tail)
        try quarantine.synchronize()
        quarantine.close()
        try POSIXFile.synchronizeDirectory(directory, system: system)
        try file.truncate(toSizeBytes: keepingBytes)
        try file.synchronize()
        return RecoveryAction(fault: fault, quarantinePath: quarantinePath, byteCount: tail.count)
    }

    /// Releases the lock. Also happens when the ledger is deinitialised.
    public func close() {
        segment?.file.close()
        segment = nil
        treeSidecar?.close()
        treeSidecar = nil
        lockFile.close()
        poisonReason = "closed"
    }

    /// Appends `events` as one all-or-nothing batch, after checking each touched stream's
    /// expected version. Returns after the bytes (and a new segment's directory entry) are
    /// fsynced.
    ///
    /// The lines are encoded, checked (``LineCheck``) and hashed on all cores
    /// (``LineFramer``); only the chain step, one 64-byte hash per event, runs in sequence.
    @discardableResult
    public func appendBatch<Entry: LogEntry>(
        _ events: [Entry], expecting expectations: [StreamName: ExpectedVersion],
        correlationId: String? = nil
    ) throws(LedgerError) -> BatchReceipt {
        try checkAppendable(eventCount: events.count)
        for event in events where expectations[event.stream] == nil {
            throw .missingExpectation(stream: event.stream)
        }
        try checkExpectations(expectations)

        let recordedAt = nextRecordedAt()
        let correlation = correlationId ?? identifiers.nextIdentifier()
        let drafts = makeDrafts(events, recordedAt: recordedAt, correlationId: correlation)
        // The batch boundary: positions 1...size, numbered on from the head.
        precondition(drafts.count == events.count && drafts.first?.batch.index == 1 && drafts.last?.batch.isLast == true
                     && drafts.first?.sequence == head.sequence + 1, "a batch that does not start after the head at position 1")
        let parts = try framer.frame(count: drafts.count, reusing: spareParts) { _, _, index in
            (draft: drafts[index], entry: events[index])
        }
        // Kept for the next append unless unusually large: fresh buffers cost a page fault per 4 KiB.
        spareParts = parts.reduce(0) { $0 + $1.bytes.capacity } <= Self.sparePartsSizeBytesMax ? parts : []
        var chains: [SHA256Digest]? = []
        chains?.reserveCapacity(events.count)
        let chain = LineFramer.fillChains(parts, from: head.chain, collecting: &chains)
        let byteCount = parts.reduce(0) { $0 + $1.bytes.count }
        guard byteCount <= options.batchSizeBytesMax else {
            throw .batchBytesTooLarge(sizeBytes: byteCount, sizeBytesMax: options.batchSizeBytesMax)
        }

        do throws(IOFailure) {
            let pending = try beginBatch(estimatedByteCount: byteCount, firstSequence: drafts[0].sequence)
            do throws(IOFailure) {
                try writeParts(parts)
                try segment!.file.synchronize()
            } catch {
                rollBack(pending)
                throw error
            }
            commit(pending, byteCount: byteCount)
        } catch { throw .io(error) }

        precondition(chains == nil || chains?.count == events.count, "a chain value missing for an appended line")
        head = LogPosition(sequence: drafts[drafts.count - 1].sequence, chain: chain, recordedAt: recordedAt)
        for event in events { streamVersions[event.stream, default: 0] += 1 }
        appendToTree(parts.flatMap(\.contentHashes))
        return BatchReceipt(firstSequence: drafts[0].sequence, eventIds: drafts.map(\.eventId), correlationId: correlation,
                            chains: chains ?? [], recordedAt: recordedAt)
    }

    /// Appends one all-or-nothing batch too large to hold in memory (a legacy import): events
    /// are produced, framed and written a chunk at a time, and the method returns after the
    /// last line is fsynced. (Earlier chunks are flushed in the background while later ones are
    /// framed, so the disk and the cores work at once; see ``ChunkWriter``.)
    ///
    /// `event(i)` gives the batch's event `i` (0-based); it is called from several threads at
    /// once, each index once. `collectingChains` returns every line's chain value in the receipt
    /// (32 bytes a line), for a caller that cites the lines it appended. The batch's guarantees are those of ``append(_:expecting:correlationId:)``:
    /// - a failure part-way (an event that fails its check, a missing expectation, an I/O error)
    ///   cuts the segment back to its size before the batch (or removes the segment the batch
    ///   created), so the log is byte-for-byte as before;
    /// - until the last line is written the batch is incomplete, and its lines carry their batch
    ///   position, so a reader ignores them (in flight) and recovery after a crash quarantines
    ///   them (never acknowledged).
    ///
    /// The batch size is known only as it is written, so whether it starts a new segment is
    /// decided from its first chunk's size, extrapolated to `eventCount` events.
    @discardableResult
    public func appendStreamed<Entry: LogEntry>(
        eventCount: Int, expecting expectations: [StreamName: ExpectedVersion], correlationId: String? = nil,
        chunkEventCount: Int = 16_384, collectingChains: Bool = false, event: @Sendable (Int) -> Entry
    ) throws(LedgerError) -> StreamedAppendReceipt {
        try checkAppendable(eventCount: eventCount)
        try checkExpectations(expectations)
        let recordedAt = nextRecordedAt()
        let correlation = correlationId ?? identifiers.nextIdentifier()
        let chunkSize = max(1, chunkEventCount)

        var byteCount = 0
        var versions: [StreamName: Int] = [:]
        var pending: PendingBatch?
        var writer: ChunkWriter?
        // Two sets of framing buffers, alternating: the writer thread may still hold the other.
        var partSets: [[FramedPart]] = [[], []]
        var chunkNumber = 0
        // Whether this thread holds a writer slot not yet handed over with a chunk.
        var holdsSlot = false
        var lower = 0
        var chain = head.chain
        var treeHashes: [SHA256Digest] = []
        do throws(LedgerError) {
            while lower < eventCount {
                let upper = min(eventCount, lower + chunkSize)
                // Produced on all cores, checked and given missing ids in order, then turned into
                // envelopes and framed on all cores from the same parts, so no event is copied
                // between the steps.
                let proposed = Self.produce(lower..<upper, event)
                for part in proposed {
                    for offset in part.events.indices {
                        let stream = part.events[offset].stream
                        guard expectations[stream] != nil else { throw .missingExpectation(stream: stream) }
                        versions[stream, default: 0] += 1
                        if part.events[offset].eventId == nil { part.events[offset].eventId = identifiers.nextIdentifier() }
                    }
                }
                let firstSequence = head.sequence + UInt64(lower) + 1
                let firstPosition = lower + 1
                if let writer {
                    writer.acquireSlot()
                    holdsSlot = true
                }
                let parts = try framer.frame(count: upper - lower, partCount: proposed.count,
                                             reusing: partSets[chunkNumber % 2]) { partIndex, offset, index in
                    let item = proposed[partIndex].events[offset]
                    return (draft: LineDraft(
                        sequence: firstSequence + UInt64(index), eventId: item.eventId ?? "", recordedAt: recordedAt,
                        correlationId: correlation, batch: BatchPosition(index: firstPosition + index, size: eventCount)),
                            entry: item)
                }
                partSets[chunkNumber % 2] = parts
                if treeSidecar != nil { for part in parts { treeHashes.append(contentsOf: part.contentHashes) } }
                let chunkByteCount = parts.reduce(0) { $0 + $1.bytes.count }
                byteCount += chunkByteCount
                guard byteCount <= options.batchSizeBytesMax else {
                    throw .batchBytesTooLarge(sizeBytes: byteCount, sizeBytesMax: options.batchSizeBytesMax)
                }
                do throws(IOFailure) {
                    if pending == nil {
                        let estimate = Int(Double(chunkByteCount) / Double(upper - lower) * Double(eventCount))
                        pending = try beginBatch(estimatedByteCount: estimate, firstSequence: head.sequence + 1)
                        writer = ChunkWriter(file: segment!.file, chain: head.chain, collectsChains: collectingChains)
                        // The slot for this first chunk.
                        writer?.acquireSlot()
                        holdsSlot = true
                    }
                    try writer?.check()
                } catch { throw .io(error) }
                writer?.enqueue(parts, isLast: upper == eventCount)
                holdsSlot = false
                chunkNumber += 1
                lower = upper
            }
            do throws(IOFailure) {
                chain = try writer?.finish() ?? chain
                try segment!.file.synchronize()
            } catch { throw .io(error) }
        } catch {
            // The writer thread must be done with the file before it is cut back.
            if holdsSlot { writer?.releaseSlot() }
            _ = try? writer?.finish()
            if let pending { rollBack(pending) }
            throw error
        }
        if let pending { commit(pending, byteCount: byteCount) }
        precondition(lower == eventCount && versions.values.reduce(0, +) == eventCount,
                     "a streamed batch acknowledged before all its lines were framed")
        let first = head.sequence + 1
        head = LogPosition(sequence: head.sequence + UInt64(eventCount), chain: chain, recordedAt: recordedAt)
        for (stream, count) in versions { streamVersions[stream, default: 0] += count }
        appendToTree(treeHashes)
        return StreamedAppendReceipt(firstSequence: first, lastSequence: head.sequence, head: digest,
                                     recordedAt: recordedAt, byteCount: byteCount, chains: writer?.collectedChains() ?? [])
    }

    /// Events `range` of a streamed batch, produced on all cores, in the parts ``LineFramer``
    /// will frame them in.
    private static func produce<Entry: LogEntry>(_ range: Range<Int>, _ event: @Sendable (Int) -> Entry) -> [ProducedEvents<Entry>] {
        let partCount = LineFramer.partCount(for: range.count)
        let parts = (0..<partCount).map { _ in ProducedEvents<Entry>() }
        guard partCount > 1 else {
            parts[0].events = range.map(event)
            return parts
        }
        DispatchQueue.concurrentPerform(iterations: partCount) { index in
            let part = LineFramer.range(of: index, partCount: partCount, count: range.count)
            parts[index].events = (range.lowerBound + part.lowerBound..<range.lowerBound + part.upperBound).map(event)
        }
        return parts
    }

    /// Adds a committed batch's content hashes to the tree sidecar. The batch is already durable
    /// and acknowledged, so a failure here only leaves the sidecar behind, for the next open to
    /// complete from the log; it never fails the append.
    private func appendToTree(_ contentHashes: [SHA256Digest]) {
        guard let sidecar = treeSidecar else { return }
        do throws(IOFailure) {
            try sidecar.append(contentHashes)
        } catch {
            sidecar.close()
            treeSidecar = nil
        }
    }

    private func checkAppendable(eventCount: Int) throws(LedgerError) {
        if let poisonReason { throw .writerPoisoned(reason: poisonReason) }
        guard eventCount > 0 else { throw .emptyBatch }
        guard eventCount <= options.batchEventCountMax else {
            throw .batchTooLarge(eventCount: eventCount, eventCountMax: options.batchEventCountMax)
        }
    }

    private func checkExpectations(_ expectations: [StreamName: ExpectedVersion]) throws(LedgerError) {
        for (stream, expected) in expectations.sorted(by: { $0.key < $1.key }) {
            if case .any = expected { continue }
            guard let actual = version(of: stream) else { throw .streamVersionUnknown(stream: stream, expected: expected) }
            guard expected.accepts(actual) else {
                throw .wrongExpectedVersion(stream: stream, expected: expected, actual: actual)
            }
        }
    }

    /// The batch's transaction time: the clock, but never before the log's last.
    private func nextRecordedAt() -> Instant {
        let now = clock.now()
        if let last = head.recordedAt, now < last { return last }
        return now
    }

    /// The store's header fields for a batch of `events`, numbered from the head.
    private func makeDrafts<Entry: LogEntry>(_ events: [Entry], recordedAt: Instant, correlationId: String) -> [LineDraft] {
        var drafts: [LineDraft] = []
        drafts.reserveCapacity(events.count)
        let firstSequence = head.sequence + 1
        for (offset, proposed) in events.enumerated() {
            drafts.append(LineDraft(
                sequence: firstSequence + UInt64(offset), eventId: proposed.eventId ?? identifiers.nextIdentifier(),
                recordedAt: recordedAt, correlationId: correlationId,
                batch: BatchPosition(index: offset + 1, size: events.count)))
        }
        return drafts
    }

    /// What undoing a batch needs: the segment it started in, or the one it created.
    private struct PendingBatch {
        /// The segment before the batch created a new one, kept open until the batch commits.
        var previousSegment: (file: POSIXFile, info: SegmentFile, sizeBytes: Int)?
        var createdSegment: Bool
    }

    /// Picks the segment for a batch of about `estimatedByteCount` bytes, rolling to a new one
    /// (made durable in the directory first) when the current one is full.
    private func beginBatch(estimatedByteCount: Int, firstSequence: UInt64) throws(IOFailure) -> PendingBatch {
        if let current = segment, current.sizeBytes == 0 || current.sizeBytes + estimatedByteCount <= options.segmentSizeBytesMax {
            return PendingBatch(previousSegment: nil, createdSegment: false)
        }
        let name = LedgerFormat.segmentFileName(firstSequence: firstSequence)
        let info = SegmentFile(name: name, path: directory + "/" + name, firstSequence: firstSequence)
        let file = try POSIXFile.open(info.path, .append(create: true, exclusive: true), system: fileSystem)
        do {
            try POSIXFile.synchronizeDirectory(directory, system: fileSystem)
        } catch {
            file.close()
            do throws(IOFailure) {
                try POSIXFile.remove(info.path, system: fileSystem)
            } catch let removal {
                // The empty segment stays, named for the next sequence. A later batch small enough
                // not to roll would go into the segment before it, and the stray name would then
                // lie about where the log continues: the store would no longer open. Only a
                // reopen sees the directory as it is.
                poisonReason = "\(removal)"
            }
            throw error
        }
        let previous = segment
        segment = (file, info, 0)
        return PendingBatch(previousSegment: previous, createdSegment: true)
    }

    private func writeParts(_ parts: [FramedPart]) throws(IOFailure) {
        guard let current = segment else { return }
        for part in parts where part.bytes.count > 0 {
            try current.file.writeAll(part.elements)
        }
    }

    private func commit(_ pending: PendingBatch, byteCount: Int) {
        pending.previousSegment?.file.close()
        segment!.sizeBytes += byteCount
    }

    /// Undoes a batch that did not complete: the segment is cut back to its committed size and
    /// made durable, or the segment the batch created is removed. If that fails too, the writer
    /// stops accepting appends (the next open recovers the unfinished batch).
    private func rollBack(_ pending: PendingBatch) {
        guard let current = segment else { return }
        do throws(IOFailure) {
            if pending.createdSegment {
                current.file.close()
                try POSIXFile.remove(current.info.path, system: fileSystem)
                try POSIXFile.synchronizeDirectory(directory, system: fileSystem)
                segment = pending.previousSegment
            } else {
                try current.file.truncate(toSizeBytes: current.sizeBytes)
                try current.file.synchronize()
            }
        } catch {
            poisonReason = "\(error)"
        }
    }
}

/// One part's worth of a streamed batch's events, produced by one thread.
private final class ProducedEvents<Entry: LogEntry>: @unchecked Sendable {
    var events: [Entry] = []
}

/// Creating and checking a ledger directory and its manifest.
package enum LedgerDirectory {
    package static func prepare(_ directory: String, system: FileSystemCalls = .system) throws -> Void {
        if !POSIXFile.exists(directory, system: system) {
            try POSIXFile.makeDirectory(directory, system: system)
            try POSIXFile.synchronizeDirectory(POSIXFile.parentDirectory(of: directory), system: system)
        }
        guard POSIXFile.isDirectory(directory, system: system) else { throw LedgerError.notADirectory(path: directory) }
        let manifestPath = directory + "/" + LedgerFormat.manifestFileName
        if POSIXFile.exists(manifestPath, system: system) {
            try checkManifest(at: manifestPath, directory: directory, system: system)
        } else {
            guard try LogScanner.listSegments(in: directory, system: system).isEmpty else {
                throw LedgerError.manifestMissing(directory: directory)
            }
            // A new ledger in a directory that already existed (./events comes with a clone, with
            // the checkout's mode) is made owner-only too, as one the ledger creates is.
            try POSIXFile.restrictToOwner(directory, system: system)
            try POSIXFile.writeAtomically(LedgerFormat.manifestBytes(ledgerId: UUID().uuidString.lowercased()), to: manifestPath,
                                          directory: directory, system: system)
        }
    }

    /// A reader's check: the directory must already be a ledger (or empty of segments).
    package static func checkExisting(_ directory: String) throws -> Void {
        guard POSIXFile.isDirectory(directory) else { throw LedgerError.notADirectory(path: directory) }
        let manifestPath = directory + "/" + LedgerFormat.manifestFileName
        if POSIXFile.exists(manifestPath) {
            try checkManifest(at: manifestPath, directory: directory)
        } else if try !LogScanner.listSegments(in: directory).isEmpty {
            throw LedgerError.manifestMissing(directory: directory)
        }
    }

    /// The manifest must be one strict JSON object (``StrictJSON``: no duplicate keys, valid
    /// UTF-8) with `format`, `formatVersion` (the integer 1), `hashAlgorithm` and `genesis` of
    /// exactly this build's values and types; other keys (`line`) are descriptive and ignored.
    package static func checkManifest(at path: String, directory: String, system: FileSystemCalls = .system) throws {
        let file = try POSIXFile.open(path, .readOnly, system: system)
        let bytes = try file.readAll()
        file.close()
        let value: StrictJSONValue
        do throws(StrictJSONError) { value = try StrictJSON.parse(bytes) } catch {
            throw LedgerError.unsupportedFormat(directory: directory, detail: "the manifest is not strict JSON (\(error))")
        }
        guard case .object(let members) = value else {
            throw LedgerError.unsupportedFormat(directory: directory, detail: "the manifest is not a JSON object")
        }
        let expected: [(String, StrictJSONValue)] = [
            ("format", .string(LedgerFormat.formatName)), ("formatVersion", .number(String(LedgerFormat.formatVersion))),
            ("hashAlgorithm", .string(LedgerFormat.hashAlgorithm)), ("genesis", .string(LedgerFormat.genesis.hex)),
        ]
        for (key, value) in expected {
            guard let found = members.first(where: { $0.key == key })?.value else {
                throw LedgerError.unsupportedFormat(directory: directory, detail: "\(key) is missing")
            }
            guard found == value else {
                throw LedgerError.unsupportedFormat(directory: directory, detail: "\(key) is \(Self.show(found))")
            }
        }
    }

    package static func show(_ value: StrictJSONValue) -> String {
        switch value {
        case .string(let text): return "\"\(TerminalText.inline(text))\""
        case .number(let text): return text
        default: return value.typeName
        }
    }
}
