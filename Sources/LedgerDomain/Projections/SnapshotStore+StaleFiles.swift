#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LedgerEvents
import LedgerStore
import LedgerSupport

extension SnapshotStore {
    /// Removes `projection-….snapshot.tmp-PID` files left by a writer that died mid-write, and
    /// returns their names. A file whose process is still alive is being written and is kept.
    ///
    /// A snapshot is tens of megabytes at a million events; without this each crash during a
    /// snapshot write would leave one behind for good.
    @discardableResult
    public func removeStaleTemporaryFiles() -> [String] {
        guard let names = try? POSIXFile.listDirectory(directory) else { return [] }
        var removed: [String] = []
        for name in names where name.hasPrefix(Self.prefix) {
            guard let marker = name.range(of: Self.suffix + ".tmp-") else { continue }
            let digits = name[marker.upperBound...]
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let pid = Int32(digits) else { continue }
            guard !Self.isProcessAlive(pid) else { continue }
            if (try? POSIXFile.remove(directory + "/" + name)) != nil { removed.append(name) }
        }
        return removed
    }

    /// `kill(pid, 0)`: ESRCH means no such process; EPERM means it exists (another user's).
    package static func isProcessAlive(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }
}
