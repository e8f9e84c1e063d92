#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LedgerSupport

/// Immutable bytes with a stable address: a file mapped read-only, or a private copy of an array.
///
/// A mapped file's pages are read from disk only when touched, so a reader that looks at a few
/// blocks of a large snapshot pays for those blocks, not for the file. Only files that are never
/// changed in place are mapped (snapshots are written under a temporary name and renamed;
/// removing or renaming a mapped file leaves the mapping intact).
package final class MappedBytes: @unchecked Sendable {
    /// The bytes. Never written through: the mapping is private and read-only, the copy private.
    package let bytes: UnsafeRawBufferPointer
    private let release: Release

    private enum Release {
        /// Unmapped through the calls that mapped it.
        case unmap(FileSystemCalls)
        case deallocate, nothing
    }

    private init(bytes: UnsafeRawBufferPointer, release: Release) {
        self.bytes = bytes
        self.release = release
    }

    deinit {
        guard let base = bytes.baseAddress else { return }
        switch release {
        case .unmap(let system): _ = system.unmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
        case .deallocate: base.deallocate()
        case .nothing: break
        }
    }

    /// Maps the whole of `path`. An empty file maps to no bytes.
    package static func map(_ path: String, system: FileSystemCalls = .system) throws(IOFailure) -> MappedBytes {
        let file = try POSIXFile.open(path, .readOnly, system: system)
        defer { file.close() }
        let size = try file.sizeBytes()
        guard size > 0 else { return MappedBytes(bytes: UnsafeRawBufferPointer(start: nil, count: 0), release: .nothing) }
        guard let address = system.mapReadOnly(file.descriptor, size) else {
            throw IOFailure(operation: "mmap", path: path, errorNumber: errno)
        }
        return MappedBytes(bytes: UnsafeRawBufferPointer(start: address, count: size), release: .unmap(system))
    }

    /// A private copy of `array` (tests, and states encoded in memory).
    package static func copying(_ array: [UInt8]) -> MappedBytes {
        guard !array.isEmpty else { return MappedBytes(bytes: UnsafeRawBufferPointer(start: nil, count: 0), release: .nothing) }
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: array.count, alignment: 16)
        array.withUnsafeBytes { copy.copyMemory(from: $0) }
        return MappedBytes(bytes: UnsafeRawBufferPointer(copy), release: .deallocate)
    }
}
