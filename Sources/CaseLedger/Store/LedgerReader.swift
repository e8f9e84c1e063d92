import Foundation

/// One committed event as read back: the envelope plus the hashes that prove it.
public struct StoredEvent: Sendable, Hashable {
    public var envelope: EventEnvelope
    public var contentHash: SHA256Digest
    /// The chain value after this event: what an answer cites as the event's hash.
    public var chain: SHA256Digest
    public var segment: String
    public var byteOffset: Int
}

/// Reads a ledger directory without the writer lock. Every byte is checked on the way
/// (frame, content hash, chain, order); lines of an unfinished batch are never delivered, so a
/// reader running beside a writer sees only whole, acknowledged batches.
public struct LedgerReader: Sendable {
    public let directory: String

    public init(directory: String) throws(LedgerError) {
        self.directory = directory
        do { try LedgerDirectory.checkExisting(directory) } catch let error as LedgerError {
            throw error
        } catch let error as IOFailure {
            throw .io(error)
        } catch {
            throw .io(IOFailure(operation: "open", path: directory, errorNumber: 0))
        }
    }

    /// What a read found beyond the events: where the log ends, and an unfinished tail if any.
    public struct Outcome: Sendable, Hashable {
        public var head: LedgerDigest
        public var lastRecordedAt: Instant?
        /// An unfinished append at the end (a writer is mid-write, or one crashed): not read.
        public var pendingTail: ScanFault?
        public var byteCount: Int
    }

    /// Calls `body` for every committed event with sequence ≥ `sequence`, in order.
    @discardableResult
    public func read(from sequence: UInt64 = 1, _ body: (StoredEvent) throws -> Void) throws -> Outcome {
        let scanner = LogScanner(directory: directory)
        let outcome: ScanOutcome
        do {
            // Envelopes are decoded on all cores beside the hashing; a line that does not decode
            // fails the read when its turn comes, as if it were decoded in order.
            outcome = try scanner.scanLines(makeExtractor: {
                let decoder = LedgerJSONDecoder()
                return { content, header -> Result<EventEnvelope, any Error>? in
                    guard header.sequence >= sequence else { return nil }
                    return Result { try EventEnvelope.decodeContent(content, using: decoder) }
                }
            }) { line, decoded in
                guard let decoded else { return }
                try body(StoredEvent(envelope: try decoded.get(), contentHash: line.contentHash, chain: line.chain,
                                     segment: line.segment.name, byteOffset: line.offset))
            }
        } catch let error as IOFailure {
            throw LedgerError.io(error)
        }
        if let fault = outcome.fault, !outcome.faultIsRecoverableTail {
            throw LedgerError.corrupt(fault)
        }
        return Outcome(head: LedgerDigest(sequence: outcome.head.sequence, hash: outcome.head.chain),
                       lastRecordedAt: outcome.head.recordedAt, pendingTail: outcome.fault, byteCount: outcome.byteCount)
    }

    /// Every committed event from `sequence` on.
    public func readAll(from sequence: UInt64 = 1) throws -> [StoredEvent] {
        var events: [StoredEvent] = []
        try read(from: sequence) { events.append($0) }
        return events
    }

    /// True while another process holds the writer lock.
    public var isWriterActive: Bool {
        let path = directory + "/" + LedgerFormat.lockFileName
        guard POSIXFile.exists(path), let file = try? POSIXFile.open(path, .readOnly) else { return false }
        defer { file.close() }
        return (try? file.tryLock(exclusive: false)) == false
    }
}
