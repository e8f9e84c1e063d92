import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

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
final class ChunkWriter: Sendable {
    private struct State {
        var chain: SHA256Digest
        var failure: IOFailure?
    }

    private let descriptor: Int32
    private let path: String
    private let queue = DispatchQueue(label: "caseledger.chunk-writer")
    private let group = DispatchGroup()
    private let slots = DispatchSemaphore(value: 2)
    private let state: Mutex<State>

    /// The descriptor must stay open until ``finish()`` returns; `chain` is the head before the batch.
    init(descriptor: Int32, path: String, chain: SHA256Digest) {
        self.descriptor = descriptor
        self.path = path
        state = Mutex(State(chain: chain))
    }

    /// Waits until at most one chunk is in hand, so the buffers of the one before are free.
    func acquireSlot() {
        slots.wait()
    }

    /// Gives back a slot that will not be used (the batch failed before its chunk was queued):
    /// a semaphore must be back at its initial value when it goes.
    func releaseSlot() {
        slots.signal()
    }

    /// The first failure so far, if any.
    func check() throws(IOFailure) {
        if let failure = state.withLock({ $0.failure }) { throw failure }
    }

    /// Queues `parts` (after an ``acquireSlot()``): chained from the previous chunk, written,
    /// then flushed unless `isLast` (the writer's own `fsync` covers the last).
    func enqueue(_ parts: [FramedPart], isLast: Bool) {
        group.enter()
        queue.async { [self] in
            defer {
                slots.signal()
                group.leave()
            }
            guard var chain = state.withLock({ $0.failure == nil ? $0.chain : nil }) else { return }
            var noChains: [SHA256Digest]? = nil
            chain = LineFramer.fillChains(parts, from: chain, collecting: &noChains)
            var failure: IOFailure?
            do throws(IOFailure) {
                for part in parts where part.bytes.count > 0 { try write(part.elements) }
                if !isLast { try flush() }
            } catch {
                failure = error
            }
            state.withLock { state in
                state.chain = chain
                if state.failure == nil { state.failure = failure }
            }
        }
    }

    /// Waits for every queued chunk; returns the chain after the last, or the first failure.
    func finish() throws(IOFailure) -> SHA256Digest {
        group.wait()
        let (chain, failure) = state.withLock { ($0.chain, $0.failure) }
        if let failure { throw failure }
        return chain
    }

    private func write(_ bytes: UnsafeRawBufferPointer) throws(IOFailure) {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw IOFailure(operation: "write", path: path, errorNumber: errno)
            }
            offset += written
        }
    }

    private func flush() throws(IOFailure) {
        while Glibc.fsync(descriptor) != 0 {
            if errno == EINTR { continue }
            throw IOFailure(operation: "fsync", path: path, errorNumber: errno)
        }
    }
}
