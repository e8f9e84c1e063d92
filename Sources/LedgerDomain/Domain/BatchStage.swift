#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import LedgerEvents
import LedgerStore
import LedgerSupport

/// The planned events of a streamed batch, kept as compact records in an unlinked temporary
/// file rather than as values in memory, until the whole batch is decided and can be appended.
///
/// `apply` is all or nothing: nothing may reach the log before every line is decided, and each
/// line's `batch.size` is the whole batch's. Held as values, a million planned events took
/// hundreds of megabytes; as records on disk they take a page cache the kernel may reclaim, and
/// an offset each. The payload is stored as the exact bytes the log will hold (the ledger's JSON
/// encoder), so appending copies them rather than encoding again.
package final class BatchStage: @unchecked Sendable {
    private let descriptor: Int32
    private let path: String
    /// Where each record starts in the file; `recordEnds[i]` where it ends.
    private var recordStarts: [Int64] = []
    private var recordEnds: [Int64] = []
    /// Each event's type and stream, kept beside the file (a few bytes each) so what a batch
    /// reports does not read the records back.
    private var typeNames: [String] = []
    private var streams: [StreamName] = []
    /// Records not yet written to the file; flushed every megabyte.
    private var pending: [UInt8] = []
    private var writtenByteCount: Int64 = 0
    private var mapping: UnsafeRawBufferPointer?
    private var isClosed = false
    private let encoder = LedgerJSONEncoder()

    /// Creates the file in the temporary directory and unlinks it at once: nothing is left
    /// behind if the process dies, and nobody else can open it.
    package init() throws(IOFailure) {
        var template = Array((NSTemporaryDirectory() + "caseledger-batch-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        let path = String(cString: template.withUnsafeBufferPointer { $0.baseAddress! })
        guard descriptor >= 0 else { throw IOFailure(operation: "create the batch staging file", path: path, errorNumber: errno) }
        unlink(path)
        self.descriptor = descriptor
        self.path = path
        pending.reserveCapacity(Self.flushByteCount + 4_096)
    }

    deinit { close() }

    private static let flushByteCount = 1 << 20

    package var count: Int { recordStarts.count }

    /// Stages `event`; it must carry its event id.
    package func append(_ event: ProposedEvent) throws(IOFailure) {
        let start = writtenByteCount + Int64(pending.count)
        appendInteger(event.occurredAt.millisecondsSinceEpoch)
        appendInteger(Int64(event.event.schemaVersion))
        appendString(event.event.typeName)
        appendString(event.stream.rawValue)
        appendString(event.actor.id)
        appendString(event.actor.role.rawValue)
        appendString(event.account ?? "")
        pending.append(event.account == nil ? 0 : 1)
        appendString(event.source.description)
        appendString(event.eventId ?? "")
        let lengthAt = pending.count
        appendInteger(Int64(0))
        let dataStart = pending.count
        do {
            try event.event.encodeData(into: &pending, using: encoder)
        } catch {
            // The same encoder writes every line; it fails only on a value no line can hold.
            pending.removeSubrange((Int(start - writtenByteCount))...)
            throw IOFailure(operation: "encode a planned \(event.event.typeName)", path: path, errorNumber: EINVAL)
        }
        withUnsafeBytes(of: Int64(pending.count - dataStart).littleEndian) { bytes in
            for offset in 0..<8 { pending[lengthAt + offset] = bytes[offset] }
        }
        recordStarts.append(start)
        recordEnds.append(writtenByteCount + Int64(pending.count))
        typeNames.append(event.event.kind.typeName)
        streams.append(event.stream)
        if pending.count >= Self.flushByteCount { try flush() }
    }

    private func appendInteger(_ value: Int64) {
        withUnsafeBytes(of: value.littleEndian) { pending.append(contentsOf: $0) }
    }

    private func appendString(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            appendInteger(Int64(bytes.count))
            pending.append(contentsOf: bytes)
        }
    }

    private func flush() throws(IOFailure) {
        var offset = 0
        while offset < pending.count {
            let written = pending.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw IOFailure(operation: "write the batch staging file", path: path, errorNumber: errno)
            }
            offset += written
        }
        writtenByteCount += Int64(pending.count)
        pending.removeAll(keepingCapacity: true)
    }

    /// Ends staging: flushes and maps the file for reading by index from any thread.
    package func finishWriting() throws(IOFailure) {
        try flush()
        pending = []
        guard writtenByteCount > 0 else { return }
        guard let address = mmap(nil, Int(writtenByteCount), PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
            throw IOFailure(operation: "map the batch staging file", path: path, errorNumber: errno)
        }
        mapping = UnsafeRawBufferPointer(start: address, count: Int(writtenByteCount))
    }

    /// Unmaps and closes the file (it was never linked); entries read from it must be gone.
    package func close() {
        guard !isClosed else { return }
        isClosed = true
        if let mapping, let base = mapping.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), mapping.count) }
        mapping = nil
        #if canImport(Glibc)
        _ = Glibc.close(descriptor)
        #else
        _ = Darwin.close(descriptor)
        #endif
    }

    /// The bytes of record `index`: from the mapping once writing finished, else read back.
    private func withRecord<Result>(_ index: Int, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        let start = recordStarts[index]
        let end = recordEnds[index]
        if let mapping {
            return body(UnsafeRawBufferPointer(rebasing: mapping[Int(start)..<Int(end)]))
        }
        if start >= writtenByteCount {
            let from = Int(start - writtenByteCount)
            return pending.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[from..<(from + Int(end - start))])) }
        }
        var bytes = [UInt8](repeating: 0, count: Int(end - start))
        let read = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, $0.count, off_t(start)) }
        guard read == bytes.count else { return body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return bytes.withUnsafeBytes(body)
    }

    /// Event `index` as the entry the store writes, with its own copy of the payload bytes.
    ///
    /// The streamed append asks for a chunk's events (from several threads) only after every
    /// event of the chunks before it was framed, so when a chunk starts, the pages of the records
    /// two chunks back are given back to the kernel: the mapping's pages would otherwise all stay
    /// resident and count in the process's memory (the whole batch's size) by the end.
    package func entry(at index: Int, chunkEventCount: Int) -> StagedEntry {
        precondition(mapping != nil, "a staged entry read before staging finished")
        if index > 0, index % chunkEventCount == 0, index >= 2 * chunkEventCount, let mapping, let base = mapping.baseAddress {
            let page = Int(sysconf(Int32(_SC_PAGESIZE)))
            let end = Int(recordStarts[index - chunkEventCount]) / page * page
            if end > 0 { madvise(UnsafeMutableRawPointer(mutating: base), end, MADV_DONTNEED) }
        }
        return withRecord(index) { StagedEntry(record: $0) }
    }

    /// The type and stream of event `index`, for what a batch reports it appended.
    package func typeAndStream(at index: Int) -> (type: String, stream: StreamName) {
        (typeNames[index], streams[index])
    }

    /// Event `index` as an envelope at `sequence` (what a later command of the batch reads of
    /// an earlier one: a retraction's target, a registration's login), or nil if unreadable.
    package func envelope(at index: Int, sequence: UInt64, recordedAt: Instant) -> EventEnvelope? {
        withRecord(index) { record -> EventEnvelope? in
            guard record.count > 0 else { return nil }
            let entry = StagedEntry(record: record)
            guard let role = Role(rawValue: entry.actorRole),
                  let event = entry.data.withUnsafeBytes({
                      try? LedgerEvent.decodeData(type: entry.typeName, schemaVersion: entry.schemaVersion, bytes: $0,
                                                  using: LedgerJSONDecoder())
                  })
            else { return nil }
            return EventEnvelope(
                sequence: sequence, eventId: entry.eventId ?? "", stream: entry.stream, occurredAt: entry.occurredAt,
                recordedAt: recordedAt, actor: Actor(id: entry.actorId, role: role), account: entry.actorAccount,
                source: entry.source, correlationId: "planned", batch: BatchPosition(index: 1, size: 1), event: event)
        }
    }
}

/// Reads a staged record's fields in the order ``BatchStage/append(_:)`` wrote them.
package struct StagedRecordReader {
    private let bytes: UnsafeRawBufferPointer
    private var position = 0

    package init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    package mutating func integer() -> Int64 {
        var value: Int64 = 0
        withUnsafeMutableBytes(of: &value) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[position..<(position + 8)])) }
        position += 8
        return Int64(littleEndian: value)
    }

    package mutating func byte() -> UInt8 {
        defer { position += 1 }
        return bytes[position]
    }

    package mutating func string() -> String {
        let count = Int(integer())
        defer { position += count }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[position..<(position + count)]), as: UTF8.self)
    }

    /// The bytes of a length-prefixed field, without copying.
    package mutating func field() -> UnsafeRawBufferPointer {
        let count = Int(integer())
        defer { position += count }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<(position + count)])
    }
}
