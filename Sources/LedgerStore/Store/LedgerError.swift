import LedgerSupport

/// Every way opening, appending to or reading the ledger can fail, each with the facts a
/// person needs to act.
public enum LedgerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Another process holds the writer lock (and kept it for ``LedgerOptions/lockWaitSeconds``).
    case locked(directory: String, holder: String)
    case io(IOFailure)
    case notADirectory(path: String)
    /// Segment files exist but the manifest naming their format does not.
    case manifestMissing(directory: String)
    case unsupportedFormat(directory: String, detail: String)
    /// The log is damaged somewhere other than an unfinished tail; nothing is repaired.
    case corrupt(ScanFault)
    case emptyBatch
    case batchTooLarge(eventCount: Int, eventCountMax: Int)
    case batchBytesTooLarge(sizeBytes: Int, sizeBytesMax: Int)
    case eventTooLarge(batchIndex: Int, type: String, sizeBytes: Int, sizeBytesMax: Int)
    /// Each stream an append touches needs a stated expectation.
    case missingExpectation(stream: StreamName)
    case wrongExpectedVersion(stream: StreamName, expected: ExpectedVersion, actual: Int)
    case encodingFailed(batchIndex: Int, type: String, detail: String)
    /// A failed write could not be undone; the writer refuses further appends until reopened.
    case writerPoisoned(reason: String)
    case readOnly(directory: String)
    /// The resume point given to a writer's open does not describe this log; nothing was
    /// changed. Open without a resume point (a full open checks the whole log).
    case resumePointNotInLog(sequence: UInt64, cursor: LogCursor?, reason: ResumePointRejection)
    /// The append names a stream whose version this writer does not know: it was opened from a
    /// resume point whose caller does not track the stream. Only ``ExpectedVersion/any`` can be
    /// checked without it; a version is never guessed.
    case streamVersionUnknown(stream: StreamName, expected: ExpectedVersion)

    /// True for the errors that say a resume point cannot be used, after which a caller falls
    /// back to a full open.
    public var rejectsResumePoint: Bool {
        if case .resumePointNotInLog = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .locked(let directory, let holder):
            return "the ledger at \(directory) is locked by another writer (\(holder)); wait for it to finish and retry"
        case .io(let failure):
            return "I/O failure: \(failure)"
        case .notADirectory(let path):
            return "\(path) is not a directory; pass --store with a ledger directory"
        case .manifestMissing(let directory):
            return "\(directory) holds segment files but no \(LedgerFormat.manifestFileName); refusing to guess the format (restore the manifest from a backup)"
        case .unsupportedFormat(let directory, let detail):
            return "\(directory)/\(LedgerFormat.manifestFileName): \(detail); this build reads \(LedgerFormat.formatName) version \(LedgerFormat.formatVersion) with \(LedgerFormat.hashAlgorithm)"
        case .corrupt(let fault):
            return "the log is damaged: \(fault). Nothing was changed; restore the segment from a backup or run `caseledger verify` for details"
        case .emptyBatch:
            return "an append needs at least one event"
        case .batchTooLarge(let count, let maximum):
            return "a batch of \(count) events exceeds the limit of \(maximum); split it"
        case .batchBytesTooLarge(let size, let maximum):
            return "a batch of \(size) bytes exceeds the limit of \(maximum) bytes; split it"
        case .eventTooLarge(let index, let type, let size, let maximum):
            return "event \(index) of the batch (\(type)) encodes to \(size) bytes, over the limit of \(maximum); shorten its text fields"
        case .missingExpectation(let stream):
            return "the append touches \(stream) but states no expected version for it"
        case .wrongExpectedVersion(let stream, let expected, let actual):
            return "\(stream) is at version \(actual), but the append expected \(expected); someone else changed it: reload and decide again"
        case .encodingFailed(let index, let type, let detail):
            return "event \(index) of the batch (\(type)) could not be encoded: \(detail)"
        case .writerPoisoned(let reason):
            return "this writer stopped accepting appends after a failed write it could not undo (\(reason)); reopen the ledger to recover"
        case .readOnly(let directory):
            return "the ledger at \(directory) was opened read-only"
        case .resumePointNotInLog(let sequence, let cursor, let reason):
            let place = cursor.map { "segment \(LedgerFormat.segmentFileName(firstSequence: $0.segmentFirstSequence)), byte offset \($0.lineOffset)" }
                ?? "no cursor"
            return "cannot resume at sequence \(sequence) (\(place)): \(reason); open the ledger without a resume point (the snapshot is stale or from another log)"
        case .streamVersionUnknown(let stream, let expected):
            return "the append expects \(expected) of \(stream), but this writer was resumed from a snapshot that does not track \(stream), so its version is unknown; reopen the ledger without a resume point, or expect any version"
        }
    }
}

/// What an append expects of a stream before it writes: the optimistic concurrency check.
public enum ExpectedVersion: Sendable, Hashable, CustomStringConvertible {
    /// No check: the caller accepts whatever is there.
    case any
    /// The stream must not exist yet.
    case noStream
    /// The stream must exist (any version).
    case streamExists
    /// The stream must have exactly this many events.
    case exactly(Int)

    public var description: String {
        switch self {
        case .any: return "any version"
        case .noStream: return "no stream"
        case .streamExists: return "an existing stream"
        case .exactly(let version): return "version \(version)"
        }
    }

    package func accepts(_ actual: Int) -> Bool {
        switch self {
        case .any: return true
        case .noStream: return actual == 0
        case .streamExists: return actual > 0
        case .exactly(let version): return actual == version
        }
    }
}
