import LedgerEvents
import LedgerStore
import LedgerSupport

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
package final class SnapshotBlocks: Sendable {
    /// What a block holds. Stored as one byte; never renumber.
    package enum Kind: UInt8, Sendable, CaseIterable {
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

    /// Bytes per directory entry: kind, 3 reserved, key length (4), key offset in the page's key
    /// area (8), block offset (8), block length (8), block SHA-256 (32).
    package static let entryByteCount = 64
    /// Entries per directory page (the last page may hold fewer).
    package static let pageEntryCountMax = 256

    /// One page of the directory, as the front describes it: where it is, its hash, and the
    /// first entry's kind and key (pages are in directory order, so a lookup searches these).
    package struct Page: Sendable {
        package var firstKind: UInt8
        package var firstKey: [UInt8]
        package var entryCount: Int
        package var offset: Int
        package var byteCount: Int
        package var hash: SHA256Digest
    }

    package let storage: MappedBytes
    /// The snapshot file, for reports.
    package let path: String
    private let pages: [Page]
    private let pagesOffset: Int
    private let blocksOffset: Int

    package init(storage: MappedBytes, path: String, pages: [Page], pagesOffset: Int, blocksOffset: Int) {
        self.storage = storage
        self.path = path
        self.pages = pages
        self.pagesOffset = pagesOffset
        self.blocksOffset = blocksOffset
    }

    /// A page's bytes after its hash and shape are checked: its entries, then its key area.
    private struct CheckedPage {
        var entries: UnsafeRawBufferPointer
        var keys: UnsafeRawBufferPointer
        var entryCount: Int

        func kind(_ index: Int) -> UInt8 { entries[index * SnapshotBlocks.entryByteCount] }

        func field(_ index: Int, _ offset: Int) -> UInt64 {
            UInt64(littleEndian: entries.loadUnaligned(fromByteOffset: index * SnapshotBlocks.entryByteCount + offset, as: UInt64.self))
        }

        func key(_ index: Int) -> UnsafeRawBufferPointer {
            let length = Int(UInt32(littleEndian: entries.loadUnaligned(
                fromByteOffset: index * SnapshotBlocks.entryByteCount + 4, as: UInt32.self)))
            let start = Int(field(index, 8))
            return UnsafeRawBufferPointer(rebasing: keys[start..<start + length])
        }

        func hash(_ index: Int) -> SHA256Digest? {
            var reader = BinaryReader(entries, offset: index * SnapshotBlocks.entryByteCount + 32)
            return try? reader.readDigest()
        }
    }

    /// Checks a page against the front's hash for it, and that every entry's key lies inside
    /// the page and every block inside the file, so later reads need no other bounds.
    private func page(_ number: Int) -> CheckedPage? {
        let page = pages[number]
        let start = pagesOffset + page.offset
        let bytes = UnsafeRawBufferPointer(rebasing: storage.bytes[start..<start + page.byteCount])
        let entriesByteCount = page.entryCount * Self.entryByteCount
        guard SHA256.hash(bytes) == page.hash, entriesByteCount <= bytes.count else {
            SnapshotIntegrity.record(SnapshotProblem(path: path, kind: .corrupt(
                detail: "directory page \(number) does not match its checksum")))
            return nil
        }
        let checked = CheckedPage(entries: UnsafeRawBufferPointer(rebasing: bytes[..<entriesByteCount]),
                                  keys: UnsafeRawBufferPointer(rebasing: bytes[entriesByteCount...]),
                                  entryCount: page.entryCount)
        let blocksByteCount = UInt64(storage.bytes.count - blocksOffset)
        for index in 0..<page.entryCount {
            let keyLength = UInt64(UInt32(littleEndian: checked.entries.loadUnaligned(
                fromByteOffset: index * Self.entryByteCount + 4, as: UInt32.self)))
            let keyOffset = checked.field(index, 8)
            let blockOffset = checked.field(index, 16)
            let blockLength = checked.field(index, 24)
            guard Kind(rawValue: checked.kind(index)) != nil, keyOffset <= UInt64(checked.keys.count),
                  keyLength <= UInt64(checked.keys.count) - keyOffset,
                  blockOffset <= blocksByteCount, blockLength <= blocksByteCount - blockOffset else {
                SnapshotIntegrity.record(SnapshotProblem(path: path, kind: .corrupt(
                    detail: "directory page \(number) entry \(index) points outside the file")))
                return nil
            }
        }
        return checked
    }

    /// Directory order: by kind, then by the key's UTF-8 bytes (which is code point order).
    package static func ascending(_ left: (kind: UInt8, key: UnsafeRawBufferPointer),
                          _ right: (kind: UInt8, key: UnsafeRawBufferPointer)) -> Bool {
        if left.kind != right.kind { return left.kind < right.kind }
        return left.key.lexicographicallyPrecedes(right.key)
    }

    /// The page and entry of `key`'s block of `kind`: binary search over the pages' first
    /// entries, then within the one page that can hold it.
    private func find(_ kind: Kind, _ key: String) -> (page: CheckedPage, index: Int)? {
        var key = key
        return key.withUTF8 { utf8 -> (page: CheckedPage, index: Int)? in
            let wanted = (kind: kind.rawValue, key: UnsafeRawBufferPointer(utf8))
            // The first page whose first entry is after `wanted`; the one before it may hold it.
            var low = 0
            var high = pages.count
            while low < high {
                let middle = (low + high) / 2
                let after = pages[middle].firstKey.withUnsafeBytes { first in
                    Self.ascending(wanted, (pages[middle].firstKind, first))
                }
                if after { high = middle } else { low = middle + 1 }
            }
            guard low > 0, let page = page(low - 1) else { return nil }
            var first = 0
            var last = page.entryCount
            while first < last {
                let middle = (first + last) / 2
                if Self.ascending((page.kind(middle), page.key(middle)), wanted) { first = middle + 1 } else { last = middle }
            }
            guard first < page.entryCount, page.kind(first) == wanted.kind, page.key(first).elementsEqual(wanted.key) else {
                return nil
            }
            return (page, first)
        }
    }

    /// Every entry of `kind`, page by page (each page checked once).
    private func forEach(_ kind: Kind, _ body: (CheckedPage, Int) -> Void) {
        for number in pages.indices {
            let page = pages[number]
            // Pages whose whole range lies before or after `kind` are skipped unread.
            if page.firstKind > kind.rawValue { break }
            if number + 1 < pages.count, pages[number + 1].firstKind < kind.rawValue { continue }
            guard let checked = self.page(number) else { continue }
            for index in 0..<checked.entryCount where checked.kind(index) == kind.rawValue { body(checked, index) }
        }
    }

    /// Every key with a block of `kind`, in directory order.
    package func keys(_ kind: Kind) -> [String] {
        var keys: [String] = []
        forEach(kind) { page, index in keys.append(String(decoding: page.key(index), as: UTF8.self)) }
        return keys
    }

    /// The number of blocks of `kind`.
    package func count(_ kind: Kind) -> Int {
        var count = 0
        forEach(kind) { _, _ in count += 1 }
        return count
    }

    package func contains(_ kind: Kind, _ key: String) -> Bool { find(kind, key) != nil }

    /// A block's bytes after its hash is checked, or nil if it has none; damage is reported to
    /// ``SnapshotIntegrity`` and reads as nil.
    package func block(_ kind: Kind, _ key: String) -> UnsafeRawBufferPointer? {
        storedBlock(kind, key)?.bytes
    }

    /// A block's bytes and hash exactly as stored, checked, e.g. for a new snapshot that copies
    /// it unchanged (so damage is never copied forward).
    package func storedBlock(_ kind: Kind, _ key: String) -> (bytes: UnsafeRawBufferPointer, hash: SHA256Digest)? {
        guard let (page, index) = find(kind, key), let stored = page.hash(index) else { return nil }
        let start = blocksOffset + Int(page.field(index, 16))
        let block = UnsafeRawBufferPointer(rebasing: storage.bytes[start..<start + Int(page.field(index, 24))])
        guard SHA256.hash(block) == stored else {
            SnapshotIntegrity.record(SnapshotProblem(path: path, kind: .corrupt(
                detail: "the \(kind) block of \(key) does not match its checksum")))
            return nil
        }
        return (block, stored)
    }

    /// Every stored block of `kind` in directory order, each checked against its hash (one that
    /// fails is recorded and skipped): a new snapshot copies them in one pass over the pages.
    package func forEachStored(_ kind: Kind, _ body: (String, UnsafeRawBufferPointer, SHA256Digest) -> Void) {
        forEach(kind) { page, index in
            let start = blocksOffset + Int(page.field(index, 16))
            let block = UnsafeRawBufferPointer(rebasing: storage.bytes[start..<start + Int(page.field(index, 24))])
            let key = String(decoding: page.key(index), as: UTF8.self)
            guard let stored = page.hash(index), SHA256.hash(block) == stored else {
                SnapshotIntegrity.record(SnapshotProblem(path: path, kind: .corrupt(
                    detail: "the \(kind) block of \(key) does not match its checksum")))
                return
            }
            body(key, block, stored)
        }
    }

    /// Where a block lies in the file (byte offsets), for inspection and tamper tests.
    package func fileRange(_ kind: Kind, _ key: String) -> Range<Int>? {
        guard let (page, index) = find(kind, key) else { return nil }
        let start = blocksOffset + Int(page.field(index, 16))
        return start..<start + Int(page.field(index, 24))
    }

    /// The members of an index block (cases of a worker, team or family; workers of a team).
    package func members(_ kind: Kind, _ key: String) -> Set<String>? {
        guard let block = block(kind, key) else { return nil }
        var reader = BinaryReader(block)
        do {
            let count = try reader.readElementCount()
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
    package func caseFacts(_ caseId: String) -> [Fact]? {
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
}

extension SnapshotBlocks.Kind: CustomStringConvertible {
    package var description: String {
        switch self {
        case .caseFacts: return "case"
        case .casesByWorker: return "cases-by-worker"
        case .casesByTeam: return "cases-by-team"
        case .workersByTeam: return "workers-by-team"
        case .casesByFamily: return "cases-by-family"
        }
    }
}
