import Dispatch
import Synchronization
import LedgerSupport

/// Chains, writes and flushes a streamed batch's framed chunks on a thread of its own, in
/// order, while the writer produces and frames the next chunk: the chain step and the copy
/// into the file are sequential, and done in line they left a core idle for a third of an import.
///
/// Two chunks are in hand at most (``acquireSlot()``), so the writer can reuse the buffers
/// of the chunk before last. Early flushes change no guarantee: the batch is acknowledged only
/// by the writer's own `fsync` after ``finish()``, and until then it is an unfinished tail
/// that readers ignore and recovery quarantines. The first failure stops all further work and
/// fails the batch; a failed early flush counts, because on Linux a write-back error is
/// reported once per file description, so the final `fsync` could not be trusted to see it.
package final class ChunkWriter: Sendable {
    private struct State {
        var chain: SHA256Digest
        var failure: IOFailure?
        /// Every line's chain value, in order, when the caller asked for them.
        var chains: [SHA256Digest]?
    }

    /// Used only from the writer's queue while a batch streams; the ledger keeps it open until
    /// ``finish()`` returns, hence unchecked.
    private nonisolated(unsafe) let file: POSIXFile
    private let queue = DispatchQueue(label: "caseledger.chunk-writer")
    private let group = DispatchGroup()
    private let slots = DispatchSemaphore(value: 2)
    private let state: Mutex<State>

    /// The file must stay open until ``finish()`` returns; `chain` is the head before the batch.
    /// `collectsChains` keeps every line's chain value (32 bytes a line) for ``collectedChains()``.
    package init(file: POSIXFile, chain: SHA256Digest, collectsChains: Bool = false) {
        self.file = file
        state = Mutex(State(chain: chain, chains: collectsChains ? [] : nil))
    }

    /// Waits until at most one chunk is in hand, so the buffers of the one before are free.
    package func acquireSlot() {
        slots.wait()
    }

    /// Gives back a slot that will not be used (the batch failed before its chunk was queued):
    /// a semaphore must be back at its initial value when it goes.
    package func releaseSlot() {
        slots.signal()
    }

    /// The first failure so far, if any.
    package func check() throws(IOFailure) {
        if let failure = state.withLock({ $0.failure }) { throw failure }
    }

    /// Queues `parts` (after an ``acquireSlot()``): chained from the previous chunk, written,
    /// then flushed unless `isLast` (the writer's own `fsync` covers the last).
    package func enqueue(_ parts: [FramedPart], isLast: Bool) {
        group.enter()
        queue.async { [self] in
            defer {
                slots.signal()
                group.leave()
            }
            guard var chain = state.withLock({ $0.failure == nil ? $0.chain : nil }) else { return }
            var chains: [SHA256Digest]? = state.withLock { $0.chains == nil } ? nil : []
            chain = LineFramer.fillChains(parts, from: chain, collecting: &chains)
            var failure: IOFailure?
            do throws(IOFailure) {
                for part in parts where part.bytes.count > 0 { try file.writeAll(part.elements) }
                if !isLast { try file.synchronize() }
            } catch {
                failure = error
            }
            state.withLock { state in
                state.chain = chain
                if let chains { state.chains?.append(contentsOf: chains) }
                if state.failure == nil { state.failure = failure }
            }
        }
    }

    /// The chain value of every line written so far, in order (empty unless collected).
    package func collectedChains() -> [SHA256Digest] {
        state.withLock { $0.chains ?? [] }
    }

    /// Waits for every queued chunk; returns the chain after the last, or the first failure.
    package func finish() throws(IOFailure) -> SHA256Digest {
        group.wait()
        let (chain, failure) = state.withLock { ($0.chain, $0.failure) }
        if let failure { throw failure }
        return chain
    }
}
