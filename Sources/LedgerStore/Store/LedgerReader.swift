import Foundation
import LedgerSupport

/// Where a committed line is and the hashes that prove it.
public struct LineProof: Sendable, Hashable {
    public var contentHash: SHA256Digest
    /// The chain value after this line: what an answer cites as the event's hash.
    public var chain: SHA256Digest
    public var segment: String
    public var byteOffset: Int

    public init(contentHash: SHA256Digest, chain: SHA256Digest, segment: String, byteOffset: Int) {
        self.contentHash = contentHash
        self.chain = chain
        self.segment = segment
        self.byteOffset = byteOffset
    }
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

    /// Calls `body` for every committed line with sequence ≥ `sequence`, in order, with what
    /// `makeDecoder`'s function made of its content.
    ///
    /// The contents are decoded on all cores beside the hashing (`makeDecoder` is called once per
    /// worker, so a decoder may keep scratch state); a line that does not decode fails the read
    /// when its turn comes, as if it were decoded in order. The store does not know what a
    /// content means: the events layer passes its envelope decoder.
    @discardableResult
    public func readLines<Value>(
        from sequence: UInt64 = 1,
        makeDecoder: @escaping @Sendable () -> (UnsafeRawBufferPointer) throws -> Value,
        _ body: (LineProof, Value) throws -> Void
    ) throws -> Outcome {
        let scanner = LogScanner(directory: directory)
        let outcome: ScanOutcome
        do {
            outcome = try scanner.scanLines(makeExtractor: {
                let decode = makeDecoder()
                return { content, header -> Result<Value, any Error>? in
                    guard header.sequence >= sequence else { return nil }
                    return Result { try decode(content) }
                }
            }) { line, decoded in
                guard let decoded else { return }
                try body(LineProof(contentHash: line.contentHash, chain: line.chain, segment: line.segment.name,
                                   byteOffset: line.offset), try decoded.get())
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

    /// True while another process holds the writer lock.
    public var isWriterActive: Bool {
        let path = directory + "/" + LedgerFormat.lockFileName
        guard POSIXFile.exists(path), let file = try? POSIXFile.open(path, .readOnly) else { return false }
        defer { file.close() }
        return (try? file.tryLock(exclusive: false)) == false
    }
}
