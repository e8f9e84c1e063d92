#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every system call the store makes on its files (log segments, quarantine files, the tree
/// sidecar, the manifest, `LOCK` and the directory), as one value of plain functions.
///
/// Why a seam: durability depends on how the store reacts when the disk says no (a short write,
/// `ENOSPC`, `EIO`, a failed `fsync`, a crash before one), and none of that can be provoked on a
/// healthy disk. In the manner of swift-system's `Internals/Syscalls.swift` mocking layer, a test
/// passes another value whose functions fail, cut or corrupt what they are asked to do, and the
/// store's own retry and error handling runs unchanged. ``system`` is the only implementation
/// shipped, and the default everywhere; the fault-injecting one lives with the tests
/// (`Tests/CaseLedgerTests/LedgerStore/FaultyFileSystem.swift`).
///
/// Each member has its C call's contract: on failure it returns -1 (or nil) and sets `errno`, so
/// ``POSIXFile`` reads `errno` the same way whichever implementation is in place. The members of
/// ``system`` are references to global functions that capture nothing, so a call allocates
/// nothing; the cost over a direct call is one indirect jump, which the append and scan paths
/// (a handful of calls per batch or per segment) do not notice.
///
/// How to inject a fault: build a `FaultyFileSystem` in a test, give its `calls` to
/// `Ledger(…, fileSystem:)` (or `LogScanner.fileSystem`, `LedgerVerifier.verify(…, fileSystem:)`),
/// and add a fault, such as `.init(.write, pathContaining: "segment-", effect: .fail(errorNumber: ENOSPC))`.
/// `docs/fault-injection.md` lists the faults and the power-loss model.
package struct FileSystemCalls: Sendable {
    /// `open(2)`; paths are Swift strings so a fault can match them without a C-string copy.
    package var open: @Sendable (_ path: String, _ flags: Int32, _ permissions: mode_t) -> Int32
    package var close: @Sendable (_ descriptor: Int32) -> Int32
    /// `write(2)`: may write fewer bytes than asked (the caller loops).
    package var write: @Sendable (_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ byteCount: Int) -> Int
    /// `pread(2)`: 0 at end of file.
    package var readAt: @Sendable (_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ byteCount: Int, _ offset: off_t) -> Int
    /// Makes a file's data (or a directory's entries) durable: `fsync(2)`, or on Darwin
    /// `fcntl(F_FULLFSYNC)`, because Darwin's `fsync` leaves the data in the drive's cache.
    package var synchronize: @Sendable (_ descriptor: Int32) -> Int32
    /// `ftruncate(2)`.
    package var truncate: @Sendable (_ descriptor: Int32, _ sizeBytes: off_t) -> Int32
    /// `fstat(2)`.
    package var status: @Sendable (_ descriptor: Int32, _ result: UnsafeMutablePointer<stat>) -> Int32
    /// `stat(2)` by path.
    package var pathStatus: @Sendable (_ path: String, _ result: UnsafeMutablePointer<stat>) -> Int32
    /// `flock(2)`.
    package var lock: @Sendable (_ descriptor: Int32, _ operation: Int32) -> Int32
    /// `mkdir(2)`.
    package var makeDirectory: @Sendable (_ path: String, _ permissions: mode_t) -> Int32
    /// `chmod(2)`.
    package var changePermissions: @Sendable (_ path: String, _ permissions: mode_t) -> Int32
    /// `rename(2)`.
    package var rename: @Sendable (_ source: String, _ destination: String) -> Int32
    /// `unlink(2)`.
    package var unlink: @Sendable (_ path: String) -> Int32
    /// The names in a directory except `.` and `..`, unsorted (`opendir`/`readdir`); nil with
    /// `errno` set when the directory cannot be opened.
    package var listDirectory: @Sendable (_ path: String) -> [String]?
    /// `mmap(2)` of a whole file, read-only and private; nil with `errno` set on failure.
    package var mapReadOnly: @Sendable (_ descriptor: Int32, _ sizeBytes: Int) -> UnsafeMutableRawPointer?
    /// `munmap(2)`.
    package var unmap: @Sendable (_ address: UnsafeMutableRawPointer, _ sizeBytes: Int) -> Int32

    /// The operating system's calls, unchanged (but for `F_FULLFSYNC` on Darwin).
    package static let system = FileSystemCalls(
        open: systemOpen, close: systemClose, write: systemWrite, readAt: systemReadAt,
        synchronize: systemSynchronize, truncate: systemTruncate, status: systemStatus,
        pathStatus: systemPathStatus, lock: systemLock, makeDirectory: systemMakeDirectory,
        changePermissions: systemChangePermissions, rename: systemRename, unlink: systemUnlink,
        listDirectory: systemListDirectory, mapReadOnly: systemMapReadOnly, unmap: systemUnmap)
}

// Free functions, so that the names below are the C library's and not the members above.

private func systemOpen(_ path: String, _ flags: Int32, _ permissions: mode_t) -> Int32 {
    open(path, flags, permissions)
}

private func systemClose(_ descriptor: Int32) -> Int32 {
    close(descriptor)
}

private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ byteCount: Int) -> Int {
    write(descriptor, bytes, byteCount)
}

private func systemReadAt(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ byteCount: Int, _ offset: off_t) -> Int {
    pread(descriptor, buffer, byteCount, offset)
}

private func systemSynchronize(_ descriptor: Int32) -> Int32 {
    #if canImport(Darwin)
    // Darwin's fsync hands the data to the drive, which may keep it in a volatile cache;
    // F_FULLFSYNC asks the drive to flush. Some file systems (network, FUSE) do not support it,
    // and fsync is then the most that can be had.
    if fcntl(descriptor, F_FULLFSYNC) == 0 { return 0 }
    guard errno == ENOTSUP || errno == EINVAL || errno == ENOTTY else { return -1 }
    return fsync(descriptor)
    #else
    return fsync(descriptor)
    #endif
}

private func systemTruncate(_ descriptor: Int32, _ sizeBytes: off_t) -> Int32 {
    ftruncate(descriptor, sizeBytes)
}

private func systemStatus(_ descriptor: Int32, _ result: UnsafeMutablePointer<stat>) -> Int32 {
    fstat(descriptor, result)
}

private func systemPathStatus(_ path: String, _ result: UnsafeMutablePointer<stat>) -> Int32 {
    stat(path, result)
}

private func systemLock(_ descriptor: Int32, _ operation: Int32) -> Int32 {
    flock(descriptor, operation)
}

private func systemMakeDirectory(_ path: String, _ permissions: mode_t) -> Int32 {
    mkdir(path, permissions)
}

private func systemChangePermissions(_ path: String, _ permissions: mode_t) -> Int32 {
    chmod(path, permissions)
}

private func systemRename(_ source: String, _ destination: String) -> Int32 {
    rename(source, destination)
}

private func systemUnlink(_ path: String) -> Int32 {
    unlink(path)
}

private func systemListDirectory(_ path: String) -> [String]? {
    guard let directory = opendir(path) else { return nil }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        if name != "." && name != ".." { names.append(name) }
    }
    return names
}

private func systemMapReadOnly(_ descriptor: Int32, _ sizeBytes: Int) -> UnsafeMutableRawPointer? {
    guard let address = mmap(nil, sizeBytes, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
        return nil
    }
    return address
}

private func systemUnmap(_ address: UnsafeMutableRawPointer, _ sizeBytes: Int) -> Int32 {
    munmap(address, sizeBytes)
}
