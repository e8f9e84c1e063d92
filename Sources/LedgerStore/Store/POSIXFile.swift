#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LedgerSupport

/// A thin owner of a POSIX file descriptor: the few calls the store needs, each failing with
/// an ``IOFailure`` that names the operation, the path and the `errno` text.
///
/// Foundation's `FileHandle` hides partial writes and cannot `fsync` a directory or take a
/// non-blocking `flock`, all of which durability depends on, so the store speaks POSIX directly,
/// through ``FileSystemCalls`` so that tests can make those calls fail.
package final class POSIXFile {
    package let descriptor: Int32
    package let path: String
    /// The calls this file was opened with; every later call on it goes through the same ones.
    package let system: FileSystemCalls
    private var isClosed = false

    private init(descriptor: Int32, path: String, system: FileSystemCalls) {
        self.descriptor = descriptor
        self.path = path
        self.system = system
    }

    deinit {
        if !isClosed { _ = system.close(descriptor) }
    }

    package func close() {
        guard !isClosed else { return }
        isClosed = true
        _ = system.close(descriptor)
    }

    package enum Mode {
        case readOnly
        /// Opens for appending, creating the file with mode 0600 when `create` is set.
        case append(create: Bool, exclusive: Bool)
        /// Opens for reading and writing, creating with 0600 if missing.
        case readWriteCreate
        case writeTruncateCreate
    }

    /// Every mode that may write refuses a symbolic link at the final component (`O_NOFOLLOW`):
    /// a `LOCK`, segment or temporary file planted as a link would otherwise have the store
    /// write through it into whatever file it names.
    package static func open(_ path: String, _ mode: Mode, system: FileSystemCalls = .system) throws(IOFailure) -> POSIXFile {
        var flags: Int32 = O_CLOEXEC
        switch mode {
        case .readOnly:
            flags |= O_RDONLY
        case .append(let create, let exclusive):
            flags |= O_WRONLY | O_APPEND | O_NOFOLLOW
            if create { flags |= O_CREAT }
            if exclusive { flags |= O_EXCL }
        case .readWriteCreate:
            flags |= O_RDWR | O_CREAT | O_NOFOLLOW
        case .writeTruncateCreate:
            flags |= O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW
        }
        let descriptor = system.open(path, flags, mode_t(0o600))
        guard descriptor >= 0 else { throw IOFailure(operation: "open", path: path, errorNumber: errno) }
        return POSIXFile(descriptor: descriptor, path: path, system: system)
    }

    /// Writes every byte, retrying on short writes and `EINTR`.
    package func writeAll(_ bytes: UnsafeRawBufferPointer) throws(IOFailure) {
        var offset = 0
        while offset < bytes.count {
            let written = system.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw IOFailure(operation: "write", path: path, errorNumber: errno)
            }
            offset += written
        }
    }

    package func writeAll(_ bytes: [UInt8]) throws(IOFailure) {
        var failure: IOFailure?
        bytes.withUnsafeBytes { buffer in
            do throws(IOFailure) { try writeAll(buffer) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    package func synchronize() throws(IOFailure) {
        while system.synchronize(descriptor) != 0 {
            if errno == EINTR { continue }
            throw IOFailure(operation: "fsync", path: path, errorNumber: errno)
        }
    }

    package func truncate(toSizeBytes size: Int) throws(IOFailure) {
        guard system.truncate(descriptor, off_t(size)) == 0 else {
            throw IOFailure(operation: "ftruncate", path: path, errorNumber: errno)
        }
    }

    package func sizeBytes() throws(IOFailure) -> Int {
        var status = stat()
        guard system.status(descriptor, &status) == 0 else {
            throw IOFailure(operation: "fstat", path: path, errorNumber: errno)
        }
        return Int(status.st_size)
    }

    /// Tries to take an exclusive (or shared) advisory lock without waiting.
    /// Returns false when another open file description holds a conflicting lock.
    package func tryLock(exclusive: Bool) throws(IOFailure) -> Bool {
        let operation = (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB
        while system.lock(descriptor, operation) != 0 {
            if errno == EINTR { continue }
            if errno == EWOULDBLOCK { return false }
            throw IOFailure(operation: "flock", path: path, errorNumber: errno)
        }
        return true
    }

    /// Reads the whole file from offset 0 as it is now.
    package func readAll() throws(IOFailure) -> [UInt8] {
        let size = try sizeBytes()
        return try read(offset: 0, count: size)
    }

    /// Reads up to `count` bytes at `offset`; fewer if the file is shorter.
    package func read(offset: Int, count: Int) throws(IOFailure) -> [UInt8] {
        guard count > 0 else { return [] }
        var total = 0
        var failure: IOFailure?
        let result = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            while total < count {
                let got = system.readAt(descriptor, buffer.baseAddress! + total, count - total, off_t(offset + total))
                if got < 0 {
                    if errno == EINTR { continue }
                    failure = IOFailure(operation: "read", path: path, errorNumber: errno)
                    break
                }
                if got == 0 { break }
                total += got
            }
            initialized = total
        }
        if let failure { throw failure }
        return result
    }

    /// The directory holding `path`, as the path names it: "." for a bare name, "/" for a
    /// top-level entry.
    ///
    /// `NSString.deletingLastPathComponent` traps on a one-character relative path on this
    /// platform's Foundation (`--store s` crashed every write command), so the store splits
    /// paths itself.
    package static func parentDirectory(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }

    /// Makes a directory's entries (a created or renamed file) durable.
    package static func synchronizeDirectory(_ path: String, system: FileSystemCalls = .system) throws(IOFailure) {
        let descriptor = system.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0)
        guard descriptor >= 0 else { throw IOFailure(operation: "open directory", path: path, errorNumber: errno) }
        defer { _ = system.close(descriptor) }
        while system.synchronize(descriptor) != 0 {
            if errno == EINTR { continue }
            throw IOFailure(operation: "fsync directory", path: path, errorNumber: errno)
        }
    }

    /// Creates a directory for the owner only (0700) unless it exists.
    package static func makeDirectory(_ path: String, system: FileSystemCalls = .system) throws(IOFailure) {
        if system.makeDirectory(path, mode_t(0o700)) != 0 && errno != EEXIST {
            throw IOFailure(operation: "mkdir", path: path, errorNumber: errno)
        }
    }

    /// Restricts an existing directory to its owner (0700).
    package static func restrictToOwner(_ path: String, system: FileSystemCalls = .system) throws(IOFailure) {
        if system.changePermissions(path, mode_t(0o700)) != 0 {
            throw IOFailure(operation: "chmod 0700", path: path, errorNumber: errno)
        }
    }

    package static func exists(_ path: String, system: FileSystemCalls = .system) -> Bool {
        var status = stat()
        return system.pathStatus(path, &status) == 0
    }

    package static func isDirectory(_ path: String, system: FileSystemCalls = .system) -> Bool {
        var status = stat()
        return system.pathStatus(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    package static func rename(_ from: String, _ to: String, system: FileSystemCalls = .system) throws(IOFailure) {
        guard system.rename(from, to) == 0 else { throw IOFailure(operation: "rename", path: from, errorNumber: errno) }
    }

    package static func remove(_ path: String, system: FileSystemCalls = .system) throws(IOFailure) {
        guard system.unlink(path) == 0 || errno == ENOENT else {
            throw IOFailure(operation: "unlink", path: path, errorNumber: errno)
        }
    }

    /// Names of the entries in a directory, unsorted.
    package static func listDirectory(_ path: String, system: FileSystemCalls = .system) throws(IOFailure) -> [String] {
        guard let names = system.listDirectory(path) else {
            throw IOFailure(operation: "opendir", path: path, errorNumber: errno)
        }
        return names
    }

    /// Writes a small file atomically: temporary file, fsync, rename, fsync directory.
    package static func writeAtomically(_ bytes: [UInt8], to path: String, directory: String,
                                system: FileSystemCalls = .system) throws(IOFailure) {
        let temporary = path + ".tmp"
        let file = try POSIXFile.open(temporary, .writeTruncateCreate, system: system)
        try file.writeAll(bytes)
        try file.synchronize()
        file.close()
        try rename(temporary, path, system: system)
        try synchronizeDirectory(directory, system: system)
    }
}

/// A failed system call: which, on what, and why.
public struct IOFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var operation: String
    public var path: String
    public var errorNumber: Int32

    package init(operation: String, path: String, errorNumber: Int32) {
        self.operation = operation
        self.path = path
        self.errorNumber = errorNumber
    }

    public var description: String {
        let reason = String(cString: strerror(errorNumber))
        return "\(operation) \(path): \(reason) (errno \(errorNumber))"
    }
}
