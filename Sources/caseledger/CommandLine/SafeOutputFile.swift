#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CaseLedger
import LedgerSimulation

/// Why an output file (`--output`, `--report`) was not written.
public enum OutputPathError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The path, with symbolic links resolved, is the store or snapshot directory or inside it.
    case insideProtectedDirectory(path: String, resolved: String, directory: String)
    /// A file is already there and `--force` was not given.
    case exists(path: String)
    /// The path names a directory, or ends in `/`, `.` or `..`.
    case notAFile(path: String)
    case io(IOFailure)

    public var description: String {
        switch self {
        case .insideProtectedDirectory(let path, let resolved, let directory):
            return "refusing to write \(path): it resolves to \(resolved), inside \(directory), which holds the ledger or its snapshots; choose a path outside it"
        case .exists(let path):
            return "refusing to overwrite \(path), which already exists; choose another path or pass --force"
        case .notAFile(let path):
            return "\(path) is not a file path (a directory, or ends in '/', '.' or '..'); name a file"
        case .io(let failure):
            return "cannot write: \(failure)"
        }
    }
}

/// Writes a file the tool produces for a person (an audit page, an import report) so that it
/// cannot damage the ledger or anything else it was not asked to replace.
///
/// The ledger's own files are one mistyped `--output` away (`events/segment-…`), and a name
/// placed by someone else (a symbolic link) could redirect the write. So: the target, after
/// resolving symbolic links in its directory and at the final component, must not be inside a
/// protected directory; the bytes go to a new temporary file in the same directory (created
/// exclusively with `O_NOFOLLOW`, mode 0600 whatever the umask), which is fsynced and then
/// linked into place (refusing an existing name) or, with `overwrites`, renamed over it (which
/// replaces a symbolic link rather than writing through it).
public struct SafeOutputFile: Sendable {
    /// Directories no output may land in or under: the store and the snapshot directory.
    public var protectedDirectories: [String]
    /// `--force`: replace an existing file.
    public var overwrites: Bool

    public init(protectedDirectories: [String], overwrites: Bool) {
        self.protectedDirectories = protectedDirectories
        self.overwrites = overwrites
    }

    /// Checks everything ``write(_:to:)`` checks before it writes, so a command can refuse a bad
    /// path before doing its work (an import appends before it writes its report).
    public func check(_ path: String) throws(OutputPathError) {
        _ = try resolve(path)
    }

    public func write(_ bytes: [UInt8], to path: String) throws(OutputPathError) {
        let (resolvedDirectory, name, target) = try resolve(path)
        let temporary = resolvedDirectory + "/." + name + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(0o600))
        guard descriptor >= 0 else { throw .io(IOFailure(operation: "create", path: temporary, errorNumber: errno)) }
        var keepTemporary = false
        defer {
            if !keepTemporary { _ = unlink(temporary) }
        }
        do throws(IOFailure) {
            // The mode is set explicitly: `open`'s mode is reduced by the umask, never raised, but
            // a umask of 000 must not matter either way.
            guard fchmod(descriptor, mode_t(0o600)) == 0 else {
                throw IOFailure(operation: "fchmod 0600", path: temporary, errorNumber: errno)
            }
            try Self.writeAll(bytes, descriptor: descriptor, path: temporary)
            guard fsync(descriptor) == 0 else { throw IOFailure(operation: "fsync", path: temporary, errorNumber: errno) }
        } catch {
            _ = close(descriptor)
            throw .io(error)
        }
        _ = close(descriptor)
        if overwrites {
            guard rename(temporary, target) == 0 else {
                throw .io(IOFailure(operation: "rename", path: target, errorNumber: errno))
            }
            keepTemporary = true  // it is the target now
        } else {
            // link() refuses an existing name atomically, so a file created since the check
            // above is not replaced either.
            guard link(temporary, target) == 0 else {
                if errno == EEXIST { throw .exists(path: path) }
                throw .io(IOFailure(operation: "link", path: target, errorNumber: errno))
            }
        }
        let directoryDescriptor = open(resolvedDirectory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            _ = fsync(directoryDescriptor)
            _ = close(directoryDescriptor)
        }
    }

    /// The resolved directory, the final component and the target path, once every check passed.
    private func resolve(_ path: String) throws(OutputPathError) -> (String, String, String) {
        let (directory, name) = try Self.split(path)
        guard let resolvedDirectory = Self.realPath(directory) else {
            let failure = IOFailure(operation: "resolve directory", path: directory, errorNumber: errno)
            // A directory that does not exist yet (snapshots/ before the first snapshot) is
            // still refused for what it is, not reported as a missing directory.
            try checkProtected(path: path, candidates: [Self.absolute(directory) + "/" + name])
            throw .io(failure)
        }
        let target = (resolvedDirectory == "/" ? "" : resolvedDirectory) + "/" + name
        var candidates = [target]
        var status = stat()
        let exists = lstat(target, &status) == 0
        if exists {
            if (status.st_mode & S_IFMT) == S_IFDIR { throw .notAFile(path: path) }
            // A link at the final component is replaced, never followed; still, one pointing
            // into the ledger is refused outright, as the mistake it almost certainly is.
            if (status.st_mode & S_IFMT) == S_IFLNK, let linked = Self.realPath(target) { candidates.append(linked) }
        }
        try checkProtected(path: path, candidates: candidates)
        if exists && !overwrites { throw .exists(path: path) }
        return (resolvedDirectory, name, target)
    }

    private func checkProtected(path: String, candidates: [String]) throws(OutputPathError) {
        for protected in protectedDirectories {
            let resolvedProtected = Self.realPath(protected) ?? Self.absolute(protected)
            for candidate in candidates
            where candidate == resolvedProtected || candidate.hasPrefix(resolvedProtected == "/" ? "/" : resolvedProtected + "/") {
                throw .insideProtectedDirectory(path: path, resolved: candidate, directory: protected)
            }
        }
    }

    /// The directory part (`.` when there is none) and the final component.
    static func split(_ path: String) throws(OutputPathError) -> (String, String) {
        guard !path.isEmpty, !path.hasSuffix("/") else { throw .notAFile(path: path) }
        let name: String
        let directory: String
        if let slash = path.lastIndex(of: "/") {
            name = String(path[path.index(after: slash)...])
            let head = String(path[..<slash])
            directory = head.isEmpty ? "/" : head
        } else {
            name = path
            directory = "."
        }
        guard name != ".", name != ".." else { throw .notAFile(path: path) }
        return (directory, name)
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// `path` made absolute without touching the file system (for a directory that does not
    /// exist yet: nothing can be inside it, but the comparison stays correct).
    static func absolute(_ path: String) -> String {
        var components: [Substring] = []
        let full: String
        if path.hasPrefix("/") {
            full = path
        } else {
            let cwd = realPath(".") ?? "."
            full = cwd + "/" + path
        }
        for component in full.split(separator: "/") {
            if component == "." || component.isEmpty { continue }
            if component == ".." { _ = components.popLast(); continue }
            components.append(component)
        }
        return "/" + components.joined(separator: "/")
    }

    static func writeAll(_ bytes: [UInt8], descriptor: Int32, path: String) throws(IOFailure) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw IOFailure(operation: "write", path: path, errorNumber: errno)
            }
            offset += written
        }
    }
}
