/// The blocks of a loaded snapshot (format 4): one per case stream and one per index key, each
/// with its own string table and SHA-256, found through a sorted directory and checked and
/// decoded only when first asked for.
///
/// Why: a write command touches a handful of cases and workers, so opening a million-event
/// ledger must not read, hash or decode the other ninety thousand cases. The directory and key
/// area are covered by the header's checksum (checked on open); a block is checked against the
/// directory's hash each time it is read, before a byte of it is decoded. A block that fails its
/// hash is reported to ``SnapshotIntegrity`` and reads as absent; the command line then sets the
/// snapshot aside and answers again from the log, so the damage cannot change an answer.
final class SnapshotBlocks: Sendable {
    /// What a block holds. Stored as one byte; never renumber.
    enum Kind: UInt8, Sendable, CaseIterable {
        /// One case's fact list.
        case caseFacts = 1
        /// Every case a worker was ever allocated or co-allocated.
        case casesByWorker = 2
        /// Every case that named a team.
        case casesByTeam = 3
        /// Every worker registered in or moved to a team.
        case workersByTeam = 4
        /// Every case referred with a family id.
        case casesByFamily = 5
    }

    /// Bytes per directory entry: kind, 3 reserved, key length (4), key offset (8), block offset
    /// (8), block length (8), block SHA-256 (32).
    static let entryByteCount = 64

    let storage: MappedBytes
    /// The snapshot file, for reports.
    let path: String
    private let entriesOffset: Int
    let entryCount: Int
    private let keysOffset: Int
    private let keysByteCount: Int
    private let blocksOffset: Int

    /// Checks the directory's shape (every key and block inside the file, entries strictly
    /// ascending) so that later reads need no bounds beyond the block hash.
    init(storage: MappedBytes, path: String, entriesOffset: Int, entryCount: Int, keysOffset: Int, keysByteCount: Int,
         blocksOffset: Int) throws(SnapshotDecodingError) {
        self.storage = storage
        self.path = path
        self.entriesOffset = entriesOffset
        self.entryCount = entryCount
        self.keysOffset = keysOffset
        self.keysByteCount = keysByteCount
        self.blocksOffset = blocksOffset
        let bytes = storage.bytes
        guard entriesOffset + entryCount * Self.entryByteCount <= bytes.count, keysOffset + keysByteCount <= bytes.count,
              blocksOffset <= bytes.count else {
            throw SnapshotDecodingError(offset: entriesOffset, detail: "the block directory runs past the end of the file")
        }
        let blocksByteCount = bytes.count - blocksOffset
        var previous: (kind: UInt8, key: UnsafeRawBufferPointer)?
        for index in 0..<entryCount {
            let entry = self.entry(index)
            guard Kind(rawValue: entry.kind) != nil else {
                throw SnapshotDecodingError(offset: entry.offset, detail: "unknown block kind \(entry.kind)")
            }
            guard entry.keyOffset <= UInt64(keysByteCount), entry.keyLength <= UInt64(keysByteCount) - entry.keyOffset,
                  entry.blockOffset <= UInt64(blocksByteCount), entry.blockLength <= UInt64(blocksByteCount) - entry.blockOffset
            else {
                throw SnapshotDecodingError(offset: entry.offset, detail: "directory entry \(index) points outside the file")
            }
            let key = self.keyBytes(entry)
            if let previous, !Self.ascending(previous, (entry.kind, key)) {
                throw SnapshotDecodingError(offset: entry.offset, detail: "directory entry \(index) is out of order or repeats")
            }
            previous = (entry.kind, key)
        }
    }

    private struct Entry {
        var offset: Int
        var kind: UInt8
        var keyLength: UInt64
        var keyOffset: UInt64
        var blockOffset: UInt64
        var blockLength: UInt64
    }

    private func entry(_ index: Int) -> Entry {
        let offset = entriesOffset + index * Self.entryByteCount
        let bytes = storage.bytes
        return Entry(offset: offset, kind: bytes[offset],
                     keyLength: UInt64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self))),
                     keyOffset: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)),
                     blockOffset: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self)),
                     blockLength: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self)))
    }

    private func keyBytes(_ entry: Entry) -> UnsafeRawBufferPointer {
        let start = keysOffset + Int(entry.keyOffset)
        return UnsafeRawBufferPointer(rebasing: storage.bytes[start..<start + Int(entry.keyLength)])
    }

    /// Directory order: by kind, then by the key's UTF-8 bytes (which is code point order).
    static func ascending(_ left: (kind: UInt8, key: UnsafeRawBufferPointer),
                          _ right: (kind: UInt8, key: UnsafeRawBufferPointer)) -> Bool {
        if left.kind != right.kind { return left.kind < right.kind }
        return left.key.lexicographicallyPrecedes(right.key)
    }

    /// The directory index of `key`'s block of `kind`, by binary search.
    private func find(_ kind: Kind, _ key: String) -> Int? {
        var key = key
        return key.withUTF8 { utf8 -> Int? in
            let wanted = (kind: kind.rawValue, key: UnsafeRawBufferPointer(utf8))
            var low = 0
            var high = entryCount
            while low < high {
                let middle = (low + high) / 2
                let entry = self.entry(middle)
                if Self.ascending((entry.kind, keyBytes(entry)), wanted) { low = middle + 1 } else { high = middle }
            }
            guard low < entryCount else { return nil }
            let found = self.entry(low)
            return found.kind == wanted.kind && keyBytes(found).elementsEqual(wanted.key) ? low : nil
        }
    }

    /// The range of directory indexes holding blocks of `kind`.
    private func range(of kind: Kind) -> Range<Int> {
        func firstIndex(notBelow raw: UInt8) -> Int {
            var low = 0
            var high = entryCount
            while low < high {
                let middle = (low + high) / 2
                if entry(middle).kind < raw { low = middle + 1 } else { high = middle }
            }
            return low
        }
        return firstIndex(notBelow: kind.rawValue)..<firstIndex(notBelow: kind.rawValue &+ 1)
    }

    /// Every key with a block of `kind`, in directory order.
    func keys(_ kind: Kind) -> [String] {
        range(of: kind).map { String(decoding: keyBytes(entry($0)), as: UTF8.self) }
    }

    /// The number of blocks of `kind`.
    func count(_ kind: Kind) -> Int { range(of: kind).count }

    func contains(_ kind: Kind, _ key: String) -> Bool { find(kind, key) != nil }

    /// A block's bytes after its hash is checked, or nil if it has none; damage is reported to
    /// ``SnapshotIntegrity`` and reads as nil.
    func block(_ kind: Kind, _ key: String) -> UnsafeRawBufferPointer? {
        guard let index = find(kind, key) else { return nil }
        return checkedBlock(index, kind: kind, key: key)
    }

    private func checkedBlock(_ index: Int, kind: Kind, key: String) -> UnsafeRawBufferPointer? {
        let entry = self.entry(index)
        let start = blocksOffset + Int(entry.blockOffset)
        let block = UnsafeRawBufferPointer(rebasing: storage.bytes[start..<start + Int(entry.blockLength)])
        var reader = BinaryReader(storage.bytes, offset: entry.offset + 32)
        guard let stored = try? reader.readDigest(), SHA256.hash(block) == stored else {
            SnapshotIntegrity.record(SnapshotProblem(path: path, kind: .corrupt(
                detail: "the \(kind) block of \(key) does not match its checksum")))
            return nil
        }
        return block
    }

    /// The members of an index block (cases of a worker, team or family; workers of a team).
    func members(_ kind: Kind, _ key: String) -> Set<String>? {
        guard let block = block(kind, key) else { return nil }
        var reader = BinaryReader(block)
        do {
            let count = try reader.readCount()
            var members = Set<String>(minimumCapacity: count)
            for _ in 0..<count { members.insert(try reader.readString()) }
            guard reader.isAtEnd else { throw SnapshotDecodingError(offset: reader.offset, detail: "bytes after the members") }
            return members
        } catch {
            SnapshotIntegrity.record(SnapshotProblem(path: path, kind: .corrupt(
                detail: "the \(kind) block of \(key) does not decode: \(error)")))
            return nil
        }
    }

    /// One case's facts, decoded from its block.
    func caseFacts(_ caseId: String) -> [Fact]? {
        guard let block = block(.caseFacts, caseId) else { return nil }
        var decoder = ProjectionBodyDecoder(reader: BinaryReader(block))
        do {
            try decoder.readStringTable()
            let facts = try decoder.readFacts()
            guard decoder.reader.isAtEnd else {
                throw SnapshotDecodingError(offset: decoder.reader.offset, detail: "bytes after the facts")
            }
            return facts
        } catch {
            SnapshotIntegrity.record(SnapshotProblem(path: path, kind: .corrupt(
                detail: "the case block of \(caseId) does not decode: \(error)")))
            return nil
        }
    }

    /// A block's bytes and hash exactly as stored, for a new snapshot that copies it unchanged
    /// (checked first, so damage is never copied forward).
    func storedBlock(_ kind: Kind, _ key: String) -> (bytes: UnsafeRawBufferPointer, hash: SHA256Digest)? {
        guard let index = find(kind, key), let block = checkedBlock(index, kind: kind, key: key) else { return nil }
        var reader = BinaryReader(storage.bytes, offset: entry(index).offset + 32)
        guard let hash = try? reader.readDigest() else { return nil }
        return (block, hash)
    }
}

extension SnapshotBlocks.Kind: CustomStringConvertible {
    var description: String {
        switch self {
        case .caseFacts: return "case"
        case .casesByWorker: return "cases-by-worker"
        case .casesByTeam: return "cases-by-team"
        case .workersByTeam: return "workers-by-team"
        case .casesByFamily: return "cases-by-family"
        }
    }
}
