import LedgerEvents
import LedgerStore
import LedgerSupport

/// The snapshot body (projection format 4, `snapshots/README.md`): a front (spine and a table of
/// directory pages) covered by the header's checksum, the directory pages, each with its hash in
/// the front, then one self-contained block per case stream and per index key, each with its
/// SHA-256 in its directory entry.
///
/// Why blocks: opening for a write or a point query reads the front and the few blocks it
/// touches. Writing a new snapshot copies every block nothing changed since loading byte for
/// byte (its hash was checked when read), so refreshing a large snapshot does not decode it.
extension ProjectionState {
    /// The bytes of the front's fixed fields before the spine: front length, spine length.
    package static let frontPreambleByteCount = 16

    /// The body of a snapshot file of this state.
    package func snapshotBody() -> [UInt8] {
        var spineEncoder = ProjectionBodyEncoder(includeLocations: true)
        spineEncoder.writeSpine(self)
        let spine = spineEncoder.withStringTable()

        var entries: [(kind: SnapshotBlocks.Kind, key: String, offset: Int, length: Int, hash: SHA256Digest)] = []
        entries.reserveCapacity(1 << 12)
        var blocks = BinaryWriter(capacity: 1 << 20)
        func add(_ kind: SnapshotBlocks.Kind, _ key: String, _ block: UnsafeRawBufferPointer, _ hash: SHA256Digest) {
            entries.append((kind, key, blocks.bytes.count, block.count, hash))
            blocks.bytes.append(contentsOf: block)
        }
        func add(_ kind: SnapshotBlocks.Kind, _ key: String, encoded: [UInt8]) {
            encoded.withUnsafeBytes { add(kind, key, $0, SHA256.hash($0)) }
        }
        // Directory order is kind, then key bytes: kinds are visited in raw-value order. Blocks
        // nothing changed are copied from the loaded snapshot in one pass over its directory;
        // those held in memory are encoded, merged in key order.
        func merge(_ kind: SnapshotBlocks.Kind, memory: [String], stored: SnapshotBlocks?, encode: (String) -> [UInt8]) {
            let inMemory = Self.byteOrder(memory)
            var next = 0
            stored?.forEachStored(kind) { key, block, hash in
                while next < inMemory.count, inMemory[next].utf8.lexicographicallyPrecedes(key.utf8) {
                    add(kind, inMemory[next], encoded: encode(inMemory[next]))
                    next += 1
                }
                if next < inMemory.count, inMemory[next] == key {
                    add(kind, key, encoded: encode(key))
                    next += 1
                } else {
                    add(kind, key, block, hash)
                }
            }
            for key in inMemory[next...] { add(kind, key, encoded: encode(key)) }
        }
        merge(.caseFacts, memory: cases.decodedIds, stored: cases.blocks) { caseId in
            var encoder = ProjectionBodyEncoder(includeLocations: true)
            encoder.writeFacts(cases[caseId] ?? [])
            return encoder.withStringTable()
        }
        for index in [casesByWorker, casesByTeam, workersByTeam, casesByFamily] {
            merge(index.indexKind, memory: index.addedKeys, stored: index.blocks) { key in
                let members = Self.byteOrder(Array(index[key] ?? []))
                var block = BinaryWriter()
                block.writeVarint(members.count)
                for member in members { block.writeString(member) }
                return block.bytes
            }
        }

        // Directory pages: entries then the page's keys; the front lists each page's first
        // entry, place and hash.
        var pages = BinaryWriter(capacity: entries.count * (SnapshotBlocks.entryByteCount + 12))
        var pageTable = BinaryWriter()
        let pageCount = (entries.count + SnapshotBlocks.pageEntryCountMax - 1) / SnapshotBlocks.pageEntryCountMax
        pageTable.writeVarint(pageCount)
        for pageStart in stride(from: 0, to: entries.count, by: SnapshotBlocks.pageEntryCountMax) {
            let pageEntries = entries[pageStart..<min(entries.count, pageStart + SnapshotBlocks.pageEntryCountMax)]
            var page = BinaryWriter(capacity: pageEntries.count * (SnapshotBlocks.entryByteCount + 12))
            var keys: [UInt8] = []
            for entry in pageEntries {
                page.writeByte(entry.kind.rawValue)
                page.bytes.append(contentsOf: [0, 0, 0])
                page.writeFixed32(UInt32(entry.key.utf8.count))
                page.writeFixed64(UInt64(keys.count))
                page.writeFixed64(UInt64(entry.offset))
                page.writeFixed64(UInt64(entry.length))
                page.writeDigest(entry.hash)
                keys.append(contentsOf: entry.key.utf8)
            }
            page.bytes.append(contentsOf: keys)
            let first = entries[pageStart]
            pageTable.writeByte(first.kind.rawValue)
            pageTable.writeString(first.key)
            pageTable.writeVarint(pageEntries.count)
            pageTable.writeVarint(pages.bytes.count)
            pageTable.writeVarint(page.bytes.count)
            page.bytes.withUnsafeBytes { pageTable.writeDigest(SHA256.hash($0)) }
            pages.bytes.append(contentsOf: page.bytes)
        }

        let frontByteCount = Self.frontPreambleByteCount + spine.count + 8 + pageTable.bytes.count
        var body = BinaryWriter(capacity: frontByteCount + pages.bytes.count + blocks.bytes.count)
        body.writeFixed64(UInt64(frontByteCount))
        body.writeFixed64(UInt64(spine.count))
        body.bytes.append(contentsOf: spine)
        body.writeFixed64(UInt64(pages.bytes.count))
        body.bytes.append(contentsOf: pageTable.bytes)
        precondition(body.bytes.count == frontByteCount, "snapshot front length miscounted")
        body.bytes.append(contentsOf: pages.bytes)
        body.bytes.append(contentsOf: blocks.bytes)
        return body.bytes
    }

    /// Sorted by UTF-8 bytes (code point order), the directory's key order.
    package static func byteOrder(_ keys: [String]) -> [String] {
        keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// The front's length, from the first eight bytes of a body at `bodyOffset`.
    package static func snapshotFrontByteCount(_ bytes: UnsafeRawBufferPointer, bodyOffset: Int) -> Int? {
        guard bytes.count - bodyOffset >= frontPreambleByteCount else { return nil }
        let value = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: bodyOffset, as: UInt64.self))
        guard value >= UInt64(frontPreambleByteCount), value <= UInt64(bytes.count - bodyOffset) else { return nil }
        return Int(value)
    }

    /// Reads a body written by ``snapshotBody()`` starting at `bodyOffset` of `storage`: the spine
    /// now, the blocks when asked for. The front's checksum is the caller's to check first.
    package static func decodeSnapshot(_ storage: MappedBytes, bodyOffset: Int, path: String)
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
        let pagesByteCount = try reader.readFixed64()
        guard pagesByteCount <= UInt64(bytes.count - frontEnd) else {
            throw SnapshotDecodingError(offset: reader.offset, detail: "the directory pages run past the end")
        }
        let pageCount = try reader.readElementCount()
        var pages: [SnapshotBlocks.Page] = []
        pages.reserveCapacity(pageCount)
        for _ in 0..<pageCount {
            let kind = try reader.readByte()
            let key = Array(try reader.readString().utf8)
            let entryCount = try reader.readCount(limit: SnapshotBlocks.pageEntryCountMax)
            guard entryCount > 0 else { throw SnapshotDecodingError(offset: reader.offset, detail: "an empty directory page") }
            let offset = try reader.readCount(limit: Int.max)
            let byteCount = try reader.readCount(limit: Int.max)
            let hash = try reader.readDigest()
            guard offset <= Int(pagesByteCount), byteCount <= Int(pagesByteCount) - offset else {
                throw SnapshotDecodingError(offset: reader.offset, detail: "a directory page lies outside the pages")
            }
            if let previous = pages.last {
                let ordered = previous.firstKey.withUnsafeBytes { left in
                    key.withUnsafeBytes { right in SnapshotBlocks.ascending((previous.firstKind, left), (kind, right)) }
                }
                guard ordered else { throw SnapshotDecodingError(offset: reader.offset, detail: "directory pages out of order") }
            }
            pages.append(SnapshotBlocks.Page(firstKind: kind, firstKey: key, entryCount: entryCount, offset: offset,
                                             byteCount: byteCount, hash: hash))
        }
        guard reader.isAtEnd else {
            throw SnapshotDecodingError(offset: reader.offset, detail: "unexpected bytes after the page table")
        }
        let blocks = SnapshotBlocks(storage: storage, path: path, pages: pages, pagesOffset: frontEnd,
                                    blocksOffset: frontEnd + Int(pagesByteCount))
        state.cases = CaseStreams(source: blocks)
        state.casesByWorker = StreamIndex(kind: .casesByWorker, source: blocks)
        state.casesByTeam = StreamIndex(kind: .casesByTeam, source: blocks)
        state.workersByTeam = StreamIndex(kind: .workersByTeam, source: blocks)
        state.casesByFamily = StreamIndex(kind: .casesByFamily, source: blocks)
        return state
    }

    /// Decodes a body held in memory (tests and in-process round trips).
    package static func decodingSnapshotBody(_ body: [UInt8]) throws(SnapshotDecodingError) -> ProjectionState {
        try decodeSnapshot(MappedBytes.copying(body), bodyOffset: 0, path: "(in memory)")
    }
}
