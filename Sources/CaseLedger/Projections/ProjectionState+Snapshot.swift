/// The snapshot body (projection format 4, `snapshots/README.md`): a front of spine and block
/// directory, covered by the header's checksum, then one self-contained block per case stream
/// and per index key, each with its own SHA-256 in the directory.
///
/// Why blocks: opening for a write or a point query reads the front and the few blocks it
/// touches. Writing a new snapshot copies every block nothing changed since loading byte for
/// byte (its hash was checked when read), so refreshing a large snapshot does not decode it.
extension ProjectionState {
    /// The bytes of the front's fixed fields before the spine: front length, spine length.
    static let frontPreambleByteCount = 16

    /// The body of a snapshot file of this state.
    func snapshotBody() -> [UInt8] {
        var spineEncoder = ProjectionBodyEncoder(includeLocations: true)
        spineEncoder.writeSpine(self)
        let spine = spineEncoder.withStringTable()

        var directory = BinaryWriter(capacity: (cases.count + 1024) * SnapshotBlocks.entryByteCount)
        var keys = BinaryWriter()
        var blocks = BinaryWriter(capacity: 1 << 20)
        var entryCount = 0
        func add(_ kind: SnapshotBlocks.Kind, _ key: String, _ block: UnsafeRawBufferPointer, _ hash: SHA256Digest) {
            directory.writeByte(kind.rawValue)
            directory.bytes.append(contentsOf: [0, 0, 0])
            directory.writeFixed32(UInt32(key.utf8.count))
            directory.writeFixed64(UInt64(keys.bytes.count))
            directory.writeFixed64(UInt64(blocks.bytes.count))
            directory.writeFixed64(UInt64(block.count))
            directory.writeDigest(hash)
            keys.bytes.append(contentsOf: key.utf8)
            blocks.bytes.append(contentsOf: block)
            entryCount += 1
        }
        func add(_ kind: SnapshotBlocks.Kind, _ key: String, encoded: [UInt8]) {
            encoded.withUnsafeBytes { add(kind, key, $0, SHA256.hash($0)) }
        }
        // Directory order is kind, then key bytes: kinds are visited in raw-value order.
        for caseId in Self.byteOrder(cases.ids) {
            if let stored = cases.unchangedBlock(caseId) {
                add(.caseFacts, caseId, stored.bytes, stored.hash)
            } else {
                var encoder = ProjectionBodyEncoder(includeLocations: true)
                encoder.writeFacts(cases[caseId] ?? [])
                add(.caseFacts, caseId, encoded: encoder.withStringTable())
            }
        }
        let indexes: [(SnapshotBlocks.Kind, StreamIndex)] = [
            (.casesByWorker, casesByWorker), (.casesByTeam, casesByTeam), (.workersByTeam, workersByTeam),
            (.casesByFamily, casesByFamily),
        ]
        for (kind, index) in indexes {
            for key in Self.byteOrder(index.keys) {
                if let stored = index.unchangedBlock(key) {
                    add(kind, key, stored.bytes, stored.hash)
                    continue
                }
                let members = Self.byteOrder(Array(index[key] ?? []))
                var block = BinaryWriter()
                block.writeVarint(members.count)
                for member in members { block.writeString(member) }
                add(kind, key, encoded: block.bytes)
            }
        }

        let frontByteCount = Self.frontPreambleByteCount + spine.count + 8 + directory.bytes.count + 8 + keys.bytes.count
        var body = BinaryWriter(capacity: frontByteCount + blocks.bytes.count)
        body.writeFixed64(UInt64(frontByteCount))
        body.writeFixed64(UInt64(spine.count))
        body.bytes.append(contentsOf: spine)
        body.writeFixed64(UInt64(entryCount))
        body.bytes.append(contentsOf: directory.bytes)
        body.writeFixed64(UInt64(keys.bytes.count))
        body.bytes.append(contentsOf: keys.bytes)
        precondition(body.bytes.count == frontByteCount, "snapshot front length miscounted")
        body.bytes.append(contentsOf: blocks.bytes)
        return body.bytes
    }

    /// Sorted by UTF-8 bytes (code point order), the directory's key order.
    static func byteOrder(_ keys: [String]) -> [String] {
        keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// The front's length, from the first eight bytes of a body at `bodyOffset`.
    static func snapshotFrontByteCount(_ bytes: UnsafeRawBufferPointer, bodyOffset: Int) -> Int? {
        guard bytes.count - bodyOffset >= frontPreambleByteCount else { return nil }
        let value = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: bodyOffset, as: UInt64.self))
        guard value >= UInt64(frontPreambleByteCount), value <= UInt64(bytes.count - bodyOffset) else { return nil }
        return Int(value)
    }

    /// Reads a body written by ``snapshotBody()`` starting at `bodyOffset` of `storage`: the spine
    /// now, the blocks when asked for. The front's checksum is the caller's to check first.
    static func decodeSnapshot(_ storage: MappedBytes, bodyOffset: Int, path: String)
        throws(SnapshotDecodingError) -> ProjectionState
    {
        let bytes = storage.bytes
        guard let frontByteCount = snapshotFrontByteCount(bytes, bodyOffset: bodyOffset) else {
            throw SnapshotDecodingError(offset: bodyOffset, detail: "the front length is missing or runs past the end")
        }
        let frontEnd = bodyOffset + frontByteCount
        var reader = BinaryReader(UnsafeRawBufferPointer(rebasing: bytes[..<frontEnd]), offset: bodyOffset + 8)
        let spineByteCount = try reader.readFixed64()
        guard spineByteCount <= UInt64(frontEnd - reader.offset) else {
            throw SnapshotDecodingError(offset: reader.offset, detail: "the spine runs past the front")
        }
        let spineEnd = reader.offset + Int(spineByteCount)
        var decoder = ProjectionBodyDecoder(reader: BinaryReader(UnsafeRawBufferPointer(rebasing: bytes[..<spineEnd]),
                                                                 offset: reader.offset))
        try decoder.readStringTable()
        var state = try decoder.readSpine()
        guard decoder.reader.isAtEnd else {
            throw SnapshotDecodingError(offset: decoder.reader.offset, detail: "unexpected bytes after the spine")
        }
        reader = BinaryReader(UnsafeRawBufferPointer(rebasing: bytes[..<frontEnd]), offset: spineEnd)
        let entryCount = try reader.readFixed64()
        guard entryCount <= UInt64(frontEnd - reader.offset) / UInt64(SnapshotBlocks.entryByteCount) else {
            throw SnapshotDecodingError(offset: reader.offset, detail: "the block directory runs past the front")
        }
        let entriesOffset = reader.offset
        reader = BinaryReader(UnsafeRawBufferPointer(rebasing: bytes[..<frontEnd]),
                              offset: entriesOffset + Int(entryCount) * SnapshotBlocks.entryByteCount)
        let keysByteCount = try reader.readFixed64()
        guard UInt64(frontEnd - reader.offset) == keysByteCount else {
            throw SnapshotDecodingError(offset: reader.offset, detail: "the key area does not end where the front does")
        }
        let blocks = try SnapshotBlocks(storage: storage, path: path, entriesOffset: entriesOffset,
                                        entryCount: Int(entryCount), keysOffset: reader.offset,
                                        keysByteCount: Int(keysByteCount), blocksOffset: frontEnd)
        state.cases = CaseStreams(source: blocks)
        state.casesByWorker = StreamIndex(kind: .casesByWorker, source: blocks)
        state.casesByTeam = StreamIndex(kind: .casesByTeam, source: blocks)
        state.workersByTeam = StreamIndex(kind: .workersByTeam, source: blocks)
        state.casesByFamily = StreamIndex(kind: .casesByFamily, source: blocks)
        return state
    }

    /// Decodes a body held in memory (tests and in-process round trips).
    static func decodingSnapshotBody(_ body: [UInt8]) throws(SnapshotDecodingError) -> ProjectionState {
        try decodeSnapshot(MappedBytes.copying(body), bodyOffset: 0, path: "(in memory)")
    }
}
