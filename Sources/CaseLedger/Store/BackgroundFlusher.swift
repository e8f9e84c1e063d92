import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Makes a streamed batch's written bytes durable on another thread while the writer frames
/// the next chunk, so the disk works while the cores do.
///
/// Without it a million-row import would frame everything and then wait for one `fsync` of
/// the whole batch at the end. Early flushes change no guarantee: the batch is acknowledged
/// only by the final `fsync` after its last line, and until then it is an unfinished tail that
/// readers ignore and recovery quarantines. A failed early flush fails the batch: on Linux a
/// write-back error is reported once per file description, so the final `fsync` could not be
/// trusted to see it again.
final class BackgroundFlusher: Sendable {
    private struct State {
        var isRunning = false
        var failure: IOFailure?
    }

    private let descriptor: Int32
    private let path: String
    private let queue = DispatchQueue(label: "caseledger.background-flush")
    private let group = DispatchGroup()
    private let state = Mutex(State())

    /// The descriptor must stay open until ``finish()`` returns.
    init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    /// Starts an `fsync` unless one is already running (the next one will cover these bytes).
    func requestFlush() {
        let starts = state.withLock { state in
            guard !state.isRunning, state.failure == nil else { return false }
            state.isRunning = true
            return true
        }
        guard starts else { return }
        group.enter()
        queue.async { [self] in
            var failure: IOFailure?
            while Glibc.fsync(descriptor) != 0 {
                if errno == EINTR { continue }
                failure = IOFailure(operation: "fsync", path: path, errorNumber: errno)
                break
            }
            state.withLock { state in
                state.isRunning = false
                if state.failure == nil { state.failure = failure }
            }
            group.leave()
        }
    }

    /// Waits for a running flush; throws the first failure of any.
    func finish() throws(IOFailure) {
        group.wait()
        if let failure = state.withLock({ $0.failure }) { throw failure }
    }
}
