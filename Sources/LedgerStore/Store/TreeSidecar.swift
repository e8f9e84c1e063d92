import LedgerSupport

/// The Merkle tree's sidecar: the content hash of every log line, in sequence order, kept in
/// the store directory as `tree-hashes` so that roots and proofs need not re-read the log.
///
/// Format 1 (specified in `events/README.md`): a 32-byte header `caseledger-tree-hashes-1-sha256\n`,
/// then record `i` (0-based) at byte `32 + 32·i`: the stored content hash of the line with
/// sequence `i + 1`, as 32 raw bytes. It is derived data: the log always wins. The writer appends
/// a batch's records only after the batch itself is `fsync`ed, so the sidecar never holds a line
/// the log lacks; on open it is checked against the lines the open read, cut back to the log's
/// head, and rebuilt from the log when it is missing, damaged or behind.
package final class TreeSidecar {
    package static let fileName = "tree-hashes"
    package static let header: [UInt8] = Array("caseledger-tree-hashes-1-sha256\n".utf8)
    package static let recordSizeBytes = SHA256Digest.byteCount

    package let path: String
    /// Records in the file: the tree size it can prove.
    package private(set) var count: UInt64
    private var file: POSIXFile?

    private init(path: String, count: UInt64, file: POSIXFile) {
        self.path = path
        self.count = count
        self.file = file
    }

    deinit { close() }

    package static func path(in directory: String) -> String { directory + "/" + fileName }

    /// Brings the sidecar in line with a log whose head is `head`, for a writer holding the lock.
    ///
    /// `checked` are the content hashes of the lines the open read and checked, the first of
    /// them being sequence `firstCheckedSequence`; the records for those lines must equal them.
    /// `readLog` reads every content hash of the log, for a rebuild the checked lines do not cover.
    package static func synchronize(
        directory: String, head: UInt64, checked: [SHA256Digest], firstCheckedSequence: UInt64,
        system: FileSystemCalls = .system, readLog: () throws -> [SHA256Digest]
    ) throws -> (sidecar: TreeSidecar, repair: TreeSidecarRepair?) {
        let path = path(in: directory)
        var repair: TreeSidecarRepair?
        var existing: UInt64?
        if POSIXFile.exists(path, system: system) {
            let file = try POSIXFile.open(path, .readWriteCreate, system: system)
            defer { file.close() }
            let sizeBytes = try file.sizeBytes()
            if try file.read(offset: 0, count: header.count) != header {
                repair = .badHeader
            } else {
                var records = UInt64((sizeBytes - header.count) / recordSizeBytes)
                let wholeSizeBytes = header.count + Int(records) * recordSizeBytes
                if wholeSizeBytes != sizeBytes { repair = .tornRecord(sizeBytes: sizeBytes) }
                if records > head {
                    repair = .aheadOfLog(count: records, head: head)
                    records = head
                }
                if let differing = try firstDifference(file, records: records, checked: checked,
                                                       firstCheckedSequence: firstCheckedSequence) {
                    repair = .differs(sequence: differing)
                } else {
                    if header.count + Int(records) * recordSizeBytes != sizeBytes {
                        try file.truncate(toSizeBytes: header.count + Int(records) * recordSizeBytes)
                        try file.synchronize()
                    }
                    existing = records
                }
            }
        } else {
            repair = .missing
        }

        if let records = existing, records < head {
            if records + 1 >= firstCheckedSequence {
                // The open read the missing lines: append them.
                let missing = Array(checked[Int(records + 1 - firstCheckedSequence)...])
                let sidecar = try TreeSidecar(path: path, count: records,
                                              file: POSIXFile.open(path, .append(create: false, exclusive: false), system: system))
                try sidecar.append(missing)
                return (sidecar, repair ?? .behindLog(count: records, head: head))
            }
            existing = nil
            repair = repair ?? .behindLog(count: records, head: head)
        }
        if existing == nil {
            let hashes = firstCheckedSequence == 1 && UInt64(checked.count) == head ? checked : try readLog()
            var bytes = header
            bytes.reserveCapacity(header.count + hashes.count * recordSizeBytes)
            for hash in hashes { bytes.append(contentsOf: hash.bytes) }
            try POSIXFile.writeAtomically(bytes, to: path, directory: directory, system: system)
            existing = UInt64(hashes.count)
        }
        let file = try POSIXFile.open(path, .append(create: false, exclusive: false), system: system)
        return (TreeSidecar(path: path, count: existing ?? 0, file: file), repair)
    }

    /// The first sequence among the checked lines whose record differs from its content hash.
    private static func firstDifference(_ file: POSIXFile, records: UInt64, checked: [SHA256Digest],
                                        firstCheckedSequence: UInt64) throws -> UInt64? {
        guard records >= firstCheckedSequence, !checked.isEmpty else { return nil }
        let last = min(records, firstCheckedSequence + UInt64(checked.count) - 1)
        let firstIndex = firstCheckedSequence - 1
        let bytes = try file.read(offset: header.count + Int(firstIndex) * recordSizeBytes,
                                  count: Int(last - firstIndex) * recordSizeBytes)
        guard bytes.count == Int(last - firstIndex) * recordSizeBytes else { return firstCheckedSequence }
        for offset in 0..<Int(last - firstIndex) {
            let stored = SHA256Digest(bytes: bytes[offset * recordSizeBytes..<(offset + 1) * recordSizeBytes])
            if stored != checked[offset] { return firstCheckedSequence + UInt64(offset) }
        }
        return nil
    }

    /// Appends the content hashes of a batch the log has already made durable.
    ///
    /// Not `fsync`ed here: an `fsync` per append doubled the latency of a one-event command
    /// (`bench`: durable append of one event, with and without the tree), and the sidecar is
    /// derived data. A crash of the process loses nothing written; a crash of the machine may
    /// leave the sidecar behind or cut mid-record, which the next open completes from the log.
    /// It is `fsync`ed when the writer closes.
    package func append(_ hashes: [SHA256Digest]) throws(IOFailure) {
        guard let file, !hashes.isEmpty else { return }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hashes.count * Self.recordSizeBytes)
        for hash in hashes { bytes.append(contentsOf: hash.bytes) }
        try file.writeAll(bytes)
        count += UInt64(hashes.count)
    }

    /// Makes the appended records durable and closes the file.
    package func close() {
        try? file?.synchronize()
        file?.close()
        file = nil
    }

    /// The stored content hashes, for a reader: whole records only, or nil when the sidecar is
    /// missing or its header is not format 1. Never repairs (only a writer does).
    package static func load(directory: String) throws(IOFailure) -> [SHA256Digest]? {
        let path = path(in: directory)
        guard POSIXFile.exists(path) else { return nil }
        let file = try POSIXFile.open(path, .readOnly)
        defer { file.close() }
        let bytes = try file.readAll()
        guard bytes.count >= header.count, Array(bytes[0..<header.count]) == header else { return nil }
        let count = (bytes.count - header.count) / recordSizeBytes
        return (0..<count).map { index in
            let start = header.count + index * recordSizeBytes
            return SHA256Digest(bytes: bytes[start..<start + recordSizeBytes])
        }
    }
}
