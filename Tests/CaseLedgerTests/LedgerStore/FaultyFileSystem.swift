import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import LedgerSupport
@testable import LedgerStore
@testable import LedgerEvents
@testable import LedgerDomain
@testable import LedgerAudit
@testable import LedgerImport
@testable import LedgerReturns
@testable import LedgerSimulation

/// A disk that fails on cue, for the store's fault-injection tests: the store's ``FileSystemCalls``
/// with faults between it and the real files of one directory (`root`), and a power-loss model.
///
/// Faults apply only to paths under `root` (and descriptors opened on them); every other call
/// passes straight through, so tests running in parallel never see each other's faults.
///
/// Power loss: the model keeps, for the directory, the names (and which file each named) as of
/// its last directory `fsync`, and for each file its bytes as of its last `fsync`. ``losePower()``
/// puts the directory back to exactly that: a file created or renamed since the last directory
/// `fsync` is gone, a file removed since comes back, and every file holds only what was synced.
/// Whatever was in the directory when the model was made counts as durable.
final class FaultyFileSystem: Sendable {
    enum Operation: String, Sendable {
        case open, close, write, read, synchronize, synchronizeDirectory, truncate, rename, unlink
        case makeDirectory, changePermissions, lock, list
    }

    enum Effect: Sendable {
        /// The call fails with this `errno` and changes nothing.
        case fail(errorNumber: Int32)
        /// A write writes at most this many bytes and reports how many (the caller must loop).
        case shortWrite(byteCount: Int)
        /// The process stops just before the call: it and every later call that would change the
        /// disk fail with `EIO` and change nothing, as if no code ran after this point.
        case crash
        /// A write puts `change(bytes)` on the disk instead of the bytes (a prefix for a torn
        /// write, changed bytes for a garbled one), then the process stops as for ``crash``.
        case writeAndCrash(change: @Sendable ([UInt8]) -> [UInt8])
        /// A read returns the byte at this offset of the file with its lowest bit flipped (the
        /// disk returns wrong data and says nothing).
        case corruptRead(fileOffset: Int)
    }

    struct Fault: Sendable {
        /// The call it applies to; nil for any call that changes the disk (to crash at the n-th change).
        var operation: Operation?
        /// Only calls on a path containing this ("" for every path under the root).
        var pathContaining: String
        /// The first matching call that gets the effect (1 for the first).
        var occurrence: Int
        /// Whether every later matching call gets it too.
        var repeats: Bool
        var effect: Effect

        init(_ operation: Operation?, pathContaining: String = "", occurrence: Int = 1, repeats: Bool = false,
             effect: Effect) {
            self.operation = operation
            self.pathContaining = pathContaining
            self.occurrence = occurrence
            self.repeats = repeats
            self.effect = effect
        }
    }

    /// A call that would change the disk, as it was asked for (whether or not it succeeded).
    struct Change: Sendable, Hashable, CustomStringConvertible {
        var operation: Operation
        var path: String
        var description: String { "\(operation.rawValue) \(path)" }
    }

    private struct OpenFile {
        var path: String
        var isDirectory: Bool
    }

    private struct State {
        var faults: [Fault] = []
        var matchCounts: [Int] = []
        var descriptors: [Int32: OpenFile] = [:]
        var isCrashed = false
        var changes: [Change] = []
        var callCounts: [Operation: Int] = [:]
        /// Name in the root → inode, as of the last directory fsync.
        var durableNames: [String: UInt64] = [:]
        /// Inode → bytes, as of the file's last fsync.
        var durableBytes: [UInt64: [UInt8]] = [:]
    }

    let root: String
    private let state = Mutex(State())
    private static let system = FileSystemCalls.system

    init(root: String, faults: [Fault] = []) {
        self.root = root
        state.withLock { state in
            state.faults = faults
            state.matchCounts = Array(repeating: 0, count: faults.count)
            Self.recordEverythingDurable(root, in: &state)
        }
    }

    /// Adds a fault; its occurrences count from now.
    func add(_ fault: Fault) {
        state.withLock { state in
            state.faults.append(fault)
            state.matchCounts.append(0)
        }
    }

    /// Removes every fault (the disk is healthy again); a crashed process stays crashed.
    func removeFaults() {
        state.withLock { state in
            state.faults = []
            state.matchCounts = []
        }
    }

    /// Calls under the root that would change the disk, in order.
    var changes: [Change] { state.withLock { $0.changes } }

    var isCrashed: Bool { state.withLock { $0.isCrashed } }

    /// How many calls of `operation` were made under the root.
    func callCount(_ operation: Operation) -> Int { state.withLock { $0.callCounts[operation] ?? 0 } }

    /// Drops everything not made durable, as a power cut would, and restarts: the crash is over
    /// and what remains counts as durable. Close every file of the store first.
    func losePower() {
        state.withLock { state in
            let manager = FileManager.default
            let present = (try? manager.contentsOfDirectory(atPath: root)) ?? []
            for name in present where state.durableNames[name] == nil {
                try? manager.removeItem(atPath: root + "/" + name)
            }
            for (name, inode) in state.durableNames {
                let bytes = state.durableBytes[inode] ?? []
                _ = manager.createFile(atPath: root + "/" + name, contents: Data(bytes),
                                       attributes: [.posixPermissions: 0o600])
            }
            state.isCrashed = false
            state.descriptors = [:]
            Self.recordEverythingDurable(root, in: &state)
        }
    }

    /// The store's calls with this disk's faults in between.
    var calls: FileSystemCalls {
        let system = Self.system
        return FileSystemCalls(
            open: { path, flags, permissions in self.open(path, flags, permissions) },
            close: { descriptor in
                _ = self.state.withLock { $0.descriptors.removeValue(forKey: descriptor) }
                return system.close(descriptor)
            },
            write: { descriptor, bytes, byteCount in self.write(descriptor, bytes, byteCount) },
            readAt: { descriptor, buffer, byteCount, offset in self.readAt(descriptor, buffer, byteCount, offset) },
            synchronize: { descriptor in self.synchronize(descriptor) },
            truncate: { descriptor, sizeBytes in
                self.change(.truncate, descriptor: descriptor) { system.truncate(descriptor, sizeBytes) }
            },
            status: system.status,
            pathStatus: system.pathStatus,
            lock: { descriptor, operation in
                guard let file = self.state.withLock({ $0.descriptors[descriptor] }) else {
                    return system.lock(descriptor, operation)
                }
                if case .fail(let errorNumber)? = self.state.withLock({ self.effect(.lock, file.path, isChange: false, &$0) }) {
                    errno = errorNumber
                    return -1
                }
                return system.lock(descriptor, operation)
            },
            makeDirectory: { path, permissions in
                self.change(.makeDirectory, path: path) { system.makeDirectory(path, permissions) }
            },
            changePermissions: { path, permissions in
                self.change(.changePermissions, path: path) { system.changePermissions(path, permissions) }
            },
            rename: { source, destination in
                self.change(.rename, path: source) { system.rename(source, destination) }
            },
            unlink: { path in self.change(.unlink, path: path) { system.unlink(path) } },
            listDirectory: { path in
                guard self.isUnderRoot(path) else { return system.listDirectory(path) }
                if case .fail(let errorNumber)? = self.state.withLock({ self.effect(.list, path, isChange: false, &$0) }) {
                    errno = errorNumber
                    return nil
                }
                return system.listDirectory(path)
            },
            mapReadOnly: system.mapReadOnly,
            unmap: system.unmap)
    }

    // MARK: - The calls

    private func isUnderRoot(_ path: String) -> Bool {
        path == root || path.hasPrefix(root + "/")
    }

    private func open(_ path: String, _ flags: Int32, _ permissions: mode_t) -> Int32 {
        guard isUnderRoot(path) else { return Self.system.open(path, flags, permissions) }
        var existing = stat()
        let creates = flags & O_CREAT != 0 && Self.system.pathStatus(path, &existing) != 0
        let isChange = creates || flags & O_TRUNC != 0
        return state.withLock { state in
            if isChange {
                state.changes.append(Change(operation: .open, path: path))
                if state.isCrashed {
                    errno = EIO
                    return -1
                }
            }
            switch effect(.open, path, isChange: isChange, &state) {
            case .fail(let errorNumber)?:
                errno = errorNumber
                return -1
            case .crash?, .writeAndCrash?:
                state.isCrashed = true
                errno = EIO
                return -1
            case .shortWrite?, .corruptRead?, nil:
                break
            }
            let descriptor = Self.system.open(path, flags, permissions)
            guard descriptor >= 0 else { return descriptor }
            state.descriptors[descriptor] = OpenFile(path: path, isDirectory: flags & O_DIRECTORY != 0)
            if creates, let inode = Self.inode(of: descriptor), !state.durableNames.values.contains(inode) {
                // A new file: nothing of it is durable yet (its inode may be an old file's, reused).
                state.durableBytes[inode] = nil
            }
            return descriptor
        }
    }

    private func write(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ byteCount: Int) -> Int {
        guard let file = state.withLock({ $0.descriptors[descriptor] }) else {
            return Self.system.write(descriptor, bytes, byteCount)
        }
        return state.withLock { state in
            state.changes.append(Change(operation: .write, path: file.path))
            if state.isCrashed {
                errno = EIO
                return -1
            }
            switch effect(.write, file.path, isChange: true, &state) {
            case .fail(let errorNumber)?:
                errno = errorNumber
                return -1
            case .shortWrite(let limit)?:
                return Self.system.write(descriptor, bytes, min(byteCount, max(0, limit)))
            case .crash?:
                state.isCrashed = true
                errno = EIO
                return -1
            case .writeAndCrash(let change)?:
                let changed = change(Array(UnsafeRawBufferPointer(start: bytes, count: byteCount)))
                changed.withUnsafeBytes { buffer in
                    if let base = buffer.baseAddress { _ = Self.system.write(descriptor, base, buffer.count) }
                }
                state.isCrashed = true
                errno = EIO
                return -1
            case .corruptRead?, nil:
                return Self.system.write(descriptor, bytes, byteCount)
            }
        }
    }

    private func readAt(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ byteCount: Int, _ offset: off_t) -> Int {
        guard let file = state.withLock({ $0.descriptors[descriptor] }) else {
            return Self.system.readAt(descriptor, buffer, byteCount, offset)
        }
        let chosen = state.withLock { effect(.read, file.path, isChange: false, &$0) }
        switch chosen {
        case .fail(let errorNumber)?:
            errno = errorNumber
            return -1
        case .corruptRead(let fileOffset)?:
            let count = Self.system.readAt(descriptor, buffer, byteCount, offset)
            if count > 0, Int(offset) <= fileOffset, fileOffset < Int(offset) + count {
                let byte = buffer.advanced(by: fileOffset - Int(offset)).assumingMemoryBound(to: UInt8.self)
                byte.pointee ^= 0x01
            }
            return count
        default:
            return Self.system.readAt(descriptor, buffer, byteCount, offset)
        }
    }

    private func synchronize(_ descriptor: Int32) -> Int32 {
        guard let file = state.withLock({ $0.descriptors[descriptor] }) else {
            return Self.system.synchronize(descriptor)
        }
        let operation: Operation = file.isDirectory ? .synchronizeDirectory : .synchronize
        return state.withLock { state in
            state.changes.append(Change(operation: operation, path: file.path))
            if state.isCrashed {
                errno = EIO
                return -1
            }
            switch effect(operation, file.path, isChange: true, &state) {
            case .fail(let errorNumber)?:
                errno = errorNumber
                return -1
            case .crash?, .writeAndCrash?:
                state.isCrashed = true
                errno = EIO
                return -1
            case .shortWrite?, .corruptRead?, nil:
                break
            }
            let result = Self.system.synchronize(descriptor)
            guard result == 0 else { return result }
            if file.isDirectory {
                if file.path == root { Self.recordNamesDurable(root, in: &state) }
            } else if let inode = Self.inode(of: descriptor) {
                state.durableBytes[inode] = Self.contents(file.path)
            }
            return 0
        }
    }

    /// A change made through a descriptor: refused after a crash, subject to faults, traced.
    private func change(_ operation: Operation, descriptor: Int32, _ call: () -> Int32) -> Int32 {
        guard let file = state.withLock({ $0.descriptors[descriptor] }) else { return call() }
        return change(operation, path: file.path, call)
    }

    /// A change made by path: refused after a crash, subject to faults, traced.
    private func change(_ operation: Operation, path: String, _ call: () -> Int32) -> Int32 {
        guard isUnderRoot(path) else { return call() }
        return state.withLock { state in
            state.changes.append(Change(operation: operation, path: path))
            if state.isCrashed {
                errno = EIO
                return -1
            }
            switch effect(operation, path, isChange: true, &state) {
            case .fail(let errorNumber)?:
                errno = errorNumber
                return -1
            case .crash?, .writeAndCrash?:
                state.isCrashed = true
                errno = EIO
                return -1
            case .shortWrite?, .corruptRead?, nil:
                return call()
            }
        }
    }

    /// The effect of the first fault this call triggers, counting the call against every fault
    /// it matches. Called with the lock held.
    private func effect(_ operation: Operation, _ path: String, isChange: Bool, _ state: inout State) -> Effect? {
        state.callCounts[operation, default: 0] += 1
        var chosen: Effect?
        for index in state.faults.indices {
            let fault = state.faults[index]
            guard fault.pathContaining.isEmpty || path.contains(fault.pathContaining) else { continue }
            if let wanted = fault.operation {
                guard wanted == operation else { continue }
            } else {
                guard isChange else { continue }
            }
            state.matchCounts[index] += 1
            let count = state.matchCounts[index]
            if chosen == nil, count == fault.occurrence || (fault.repeats && count > fault.occurrence) {
                chosen = fault.effect
            }
        }
        return chosen
    }

    // MARK: - The durability model

    private static func recordEverythingDurable(_ root: String, in state: inout State) {
        recordNamesDurable(root, in: &state)
        state.durableBytes = [:]
        for (name, inode) in state.durableNames {
            state.durableBytes[inode] = contents(root + "/" + name)
        }
    }

    private static func recordNamesDurable(_ root: String, in state: inout State) {
        state.durableNames = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [] {
            var status = stat()
            if stat(root + "/" + name, &status) == 0 { state.durableNames[name] = UInt64(status.st_ino) }
        }
    }

    private static func inode(of descriptor: Int32) -> UInt64? {
        var status = stat()
        return fstat(descriptor, &status) == 0 ? UInt64(status.st_ino) : nil
    }

    private static func contents(_ path: String) -> [UInt8] {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
    }
}
