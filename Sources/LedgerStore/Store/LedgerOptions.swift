import LedgerSupport

/// Limits and tuning of a ledger. Every input has a limit so a runaway caller gets a clear
/// error instead of an unbounded file or an exhausted machine.
public struct LedgerOptions: Sendable, Hashable {
    /// A segment rolls to a new file once it is this large; a batch never spans segments, so a
    /// segment can exceed this by at most one batch.
    public var segmentSizeBytesMax: Int = 64 << 20
    /// One event's content, encoded.
    public var eventSizeBytesMax: Int = 128 << 10
    public var batchEventCountMax: Int = 5_000_000
    public var batchSizeBytesMax: Int = 4 << 30
    /// Also decode every encoded event in full and compare it with the envelope before writing.
    ///
    /// Every line is always checked before it is written (``LineCheck``): no raw newline, the
    /// envelope header reads back as the envelope, and the payload is one well-formed JSON
    /// object. The full decode-and-compare additionally catches a payload that is valid JSON but
    /// decodes to a different value; it costs about as much as encoding, so it is off by default
    /// and on in the store's tests (the codec tests check that property on every event type).
    public var checkEncodingBeforeWrite = false
    /// How long opening waits for another writer to release the lock before failing with
    /// ``LedgerError/locked(directory:holder:)``; 0 fails at once.
    ///
    /// A write command is short, so a second one is better served by waiting a few seconds than
    /// by a refusal; the library defaults to 0 so that a program which must not block chooses to.
    /// The lock is retried every ``lockRetryIntervalSeconds`` without blocking (`flock` with
    /// `LOCK_NB`), so the wait is bounded even if the holder never lets go.
    public var lockWaitSeconds: Double = 0
    /// Keep the Merkle tree sidecar (`tree-hashes`) in step with the log: checked and completed
    /// on open, one record per line on append. Off only to measure what it costs (`bench`).
    public var maintainsTree = true

    /// How often a waiting opener tries the lock again: short beside a write command (a
    /// fraction of a second), long beside a `flock` call.
    public static let lockRetryIntervalSeconds = 0.025

    public init() {}
}

/// What opening a ledger cost: how much of the log it read and checked, and how long it waited
/// for the lock. Lets a caller (and the tests) see that a resumed open read only the tail.
public struct LedgerOpenStatistics: Sendable, Hashable {
    /// Bytes read from segment files: the whole log on a full open; on a resumed open, the
    /// resume point's line (and any lines before it the cursor made the search skip) and the
    /// tail after it. A torn tail copied to quarantine is counted again.
    public var readByteCount: Int
    /// Events of committed batches checked (hash, chain, order) while opening.
    public var checkedEventCount: Int
    /// True when the open started from a resume point instead of the log's beginning.
    public var isResumed: Bool
    /// Time spent waiting for another writer to release the lock (0 when it was free).
    public var lockWaitSeconds: Double
}

/// One decision recovery took on open; the report is shown to the person who opened the ledger.
public struct RecoveryAction: Sendable, Hashable, CustomStringConvertible {
    public var fault: ScanFault
    /// Where the cut-off bytes were kept.
    public var quarantinePath: String
    public var byteCount: Int

    public var description: String {
        "recovered: \(fault); \(byteCount) bytes moved to \(quarantinePath)"
    }
}

/// What a successful append wrote: the positions, ids and chain values the store assigned.
public struct BatchReceipt: Sendable, Hashable {
    public var firstSequence: UInt64
    /// Each event's id, in batch order (drawn by the ledger where the caller gave none).
    public var eventIds: [String]
    public var correlationId: String
    /// The chain value after each appended event, in order.
    public var chains: [SHA256Digest]
    public var recordedAt: Instant

    public init(firstSequence: UInt64, eventIds: [String], correlationId: String, chains: [SHA256Digest], recordedAt: Instant) {
        self.firstSequence = firstSequence
        self.eventIds = eventIds
        self.correlationId = correlationId
        self.chains = chains
        self.recordedAt = recordedAt
    }

    public var lastSequence: UInt64 { eventIds.isEmpty ? 0 : firstSequence + UInt64(eventIds.count - 1) }
    public var head: LedgerDigest { LedgerDigest(sequence: lastSequence, hash: chains.last ?? LedgerFormat.genesis) }
}

/// `SEQ:HASH`: the head of the log at some moment. Noted by an inspector, it later proves the
/// log up to SEQ is unchanged.
public struct LedgerDigest: Sendable, Hashable, CustomStringConvertible {
    public var sequence: UInt64
    public var hash: SHA256Digest

    public init(sequence: UInt64, hash: SHA256Digest) {
        self.sequence = sequence
        self.hash = hash
    }

    /// Parses `SEQ:HASH`; nil when malformed (see ``problem(parsing:)`` for why).
    public init?(text: String) {
        guard Self.problem(parsing: text) == nil else { return nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard let sequence = UInt64(parts[0]), let hash = SHA256Digest(hex: parts[1]) else { return nil }
        self.init(sequence: sequence, hash: hash)
    }

    /// Why `text` is not a digest, or nil: SEQ is decimal digits without a sign or leading
    /// zeros that fits 64 bits; HASH is 64 hex digits (either case); a digest at sequence 0 names
    /// the empty log, so its hash is the genesis value (64 zeros) and nothing else.
    public static func problem(parsing text: String) -> String? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return "a digest is SEQ:HASH with one ':'" }
        let digits = parts[0].utf8
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), !(digits.first == 0x30 && digits.count > 1),
              let sequence = UInt64(parts[0])
        else { return "SEQ must be a sequence number (decimal digits, no sign or leading zeros)" }
        guard let hash = SHA256Digest(hex: parts[1]) else { return "HASH must be 64 hex digits" }
        if sequence == 0 && hash != LedgerFormat.genesis {
            return "a digest at sequence 0 names the empty log, whose hash is 64 zeros"
        }
        return nil
    }

    public var description: String { "\(sequence):\(hash.hex)" }
}

/// What a streamed append (``Ledger/appendStreamed(eventCount:expecting:correlationId:chunkEventCount:event:)``)
/// wrote: positions and the new head, without the envelopes, which were never all in memory.
public struct StreamedAppendReceipt: Sendable, Hashable {
    public var firstSequence: UInt64
    public var lastSequence: UInt64
    public var head: LedgerDigest
    public var recordedAt: Instant
    public var byteCount: Int
    /// Every line's chain value, in order, when the append was asked to collect them; else empty.
    public var chains: [SHA256Digest] = []
}
