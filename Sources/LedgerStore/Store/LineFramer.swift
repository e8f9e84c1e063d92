import Dispatch
import Foundation
import LedgerSupport

/// Encodes entries into finished log lines on all cores: content, content hash and frame,
/// with each line checked before it can be written. Only the chain values are left to fill,
/// by ``fillChains(_:from:collecting:)``, because each depends on the one before.
///
/// The batch is cut into contiguous parts, one buffer each, so the parts are written to the
/// file in order with no further copy. A line's bytes never depend on which part it fell in
/// (tested against framing the same envelopes one at a time).
package struct LineFramer: Sendable {
    package let decoder: LedgerJSONDecoder
    package let eventSizeBytesMax: Int
    /// Decode every content back and compare it with its envelope (``LedgerOptions/checkEncodingBeforeWrite``).
    package let decodesAndCompares: Bool
    /// Below this many events a batch is framed on the calling thread: handing work to other
    /// threads costs more than a few small events.
    package static let eventCountPerPartMin = 64

    /// Frames `entries` at their drafts' places and returns their lines in order, or the first
    /// failure by batch position.
    package func frame<Entry: LogEntry>(_ entries: [(draft: LineDraft, entry: Entry)]) throws(LedgerError) -> [FramedPart] {
        try frame(count: entries.count) { _, _, index in entries[index] }
    }

    /// Frames `count` envelopes made by `envelope(part, offset, index)` — the part they fall in,
    /// their position in it and in the whole — called from several threads at once, so a caller
    /// can build envelopes in parallel from per-part inputs laid out as ``range(of:partCount:count:)``.
    ///
    /// `reusing` hands back the parts of an earlier call, whose buffers are emptied and filled
    /// again: a streamed batch frames chunk after chunk of the same size, and fresh buffers
    /// would cost a page fault per 4 KiB each time.
    ///
    /// - Parameter partCount: how many parts to cut the batch into; a caller that produced the
    ///   events in parts passes its own count, so part indices agree even if the number of
    ///   active cores changed in between.
    package func frame<Entry: LogEntry>(count: Int, partCount requestedPartCount: Int? = nil, reusing spare: [FramedPart] = [],
                                envelope: @Sendable (Int, Int, Int) -> (draft: LineDraft, entry: Entry)) throws(LedgerError) -> [FramedPart]
    {
        let partCount = requestedPartCount ?? Self.partCount(for: count)
        let parts = (0..<partCount).map { index in
            guard index < spare.count else { return FramedPart(estimatedByteCount: (count / partCount + 1) * 768) }
            spare[index].removeAll()
            return spare[index]
        }
        if partCount == 1 {
            frame(range: 0..<count, part: 0, into: parts[0], envelope: envelope)
        } else {
            DispatchQueue.concurrentPerform(iterations: partCount) { index in
                frame(range: Self.range(of: index, partCount: partCount, count: count), part: index, into: parts[index],
                      envelope: envelope)
            }
        }
        // Parts cover the batch in order, so the first part that failed holds the earliest failure.
        for part in parts {
            if let failure = part.failure { throw failure }
        }
        return parts
    }

    /// Up to two parts per core, never fewer than ``eventCountPerPartMin`` events each.
    package static func partCount(for eventCount: Int) -> Int {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        return max(1, min(eventCount / eventCountPerPartMin, cores * 2))
    }

    /// The events of part `index` when `count` events are cut into `partCount` parts.
    package static func range(of index: Int, partCount: Int, count: Int) -> Range<Int> {
        (count * index / partCount)..<(count * (index + 1) / partCount)
    }

    private func frame<Entry: LogEntry>(range: Range<Int>, part partIndex: Int, into part: FramedPart,
                                        envelope: @Sendable (Int, Int, Int) -> (draft: LineDraft, entry: Entry)) {
        part.lineEnds.reserveCapacity(range.count)
        part.contentHashes.reserveCapacity(range.count)
        for index in range {
            let line = envelope(partIndex, index - range.lowerBound, index)
            if let failure = frameLine(line.entry, at: line.draft, into: part) {
                part.failure = failure
                return
            }
        }
    }

    /// Appends one line with a placeholder chain; returns why it cannot be written, if so.
    private func frameLine<Entry: LogEntry>(_ entry: Entry, at draft: LineDraft, into part: FramedPart) -> LedgerError? {
        let position = draft.batch.index
        // The header grammar's source is `command` or `import:B:R` with B non-empty and free of
        // `:`; a line with any other would be refused by every reader, so it is never written.
        if case .importRow(let batch, _) = entry.source, batch.isEmpty || batch.contains(":") {
            return .encodingFailed(batchIndex: position, type: entry.typeName,
                                   detail: "the import batch name \"\(batch)\" is empty or holds ':'")
        }
        LedgerFormat.linePrefix.withUnsafeBufferPointer { part.bytes.append($0) }
        let contentStart = part.bytes.count
        do {
            try draft.appendContent(of: entry, to: &part.bytes)
        } catch {
            return .encodingFailed(batchIndex: position, type: entry.typeName, detail: "\(error)")
        }
        let contentCount = part.bytes.count - contentStart
        guard contentCount <= eventSizeBytesMax else {
            return .eventTooLarge(batchIndex: position, type: entry.typeName, sizeBytes: contentCount,
                                  sizeBytesMax: eventSizeBytesMax)
        }
        let content = UnsafeRawBufferPointer(start: part.bytes.base + contentStart, count: contentCount)
        if let problem = LineCheck.problem(in: content, entry: entry, draft: draft, decoder: decoder,
                                           decodesAndCompares: decodesAndCompares) {
            return .encodingFailed(batchIndex: position, type: entry.typeName, detail: problem)
        }
        let contentHash = SHA256.hash(content)
        // Expensive (a second parse of the line), so debug builds only: the header the store
        // wrote reads back as the draft it was written from, through the reader every consumer uses.
        assert((try? EnvelopeHeader.decode(content)).map {
            $0.sequence == draft.sequence && $0.recordedAt == draft.recordedAt && $0.batch == draft.batch
        } ?? false, "a framed line's header does not read back as its draft")
        part.bytes.reserve(LedgerFormat.lineSuffixByteCount)
        LedgerFormat.contentHashKey.withUnsafeBufferPointer { part.bytes.append($0) }
        LineFramer.writeHex(contentHash, to: part.bytes.base + part.bytes.count)
        part.bytes.advance(by: 64)
        LedgerFormat.chainKey.withUnsafeBufferPointer { part.bytes.append($0) }
        // The chain's 64 digits go here once the chain reaches this line.
        part.bytes.advance(by: 64)
        LedgerFormat.lineEnd.withUnsafeBufferPointer { part.bytes.append($0) }
        part.lineEnds.append(part.bytes.count)
        part.contentHashes.append(contentHash)
        return nil
    }

    /// Bytes from the end of a line back to the start of its chain digits: 64 digits, `"}`, LF.
    package static let chainOffsetFromLineEnd = 64 + 3

    /// Runs the chain through the parts' lines from `head`, writing each chain value into its
    /// line; returns the last chain. `chains`, when given, receives every chain value in order.
    package static func fillChains(_ parts: [FramedPart], from head: SHA256Digest, collecting chains: inout [SHA256Digest]?) -> SHA256Digest {
        var chain = head
        for part in parts {
            // Cheap, so checked in release too: every framed line has its hash, and a line is at
            // least its fixed frame, so the chain digits land inside it.
            precondition(part.lineEnds.count == part.contentHashes.count, "a framed line without its content hash")
            for (index, lineEnd) in part.lineEnds.enumerated() {
                precondition(lineEnd >= LedgerFormat.linePrefix.count + LedgerFormat.lineSuffixByteCount && lineEnd <= part.bytes.count,
                             "a framed line shorter than its frame, or past its part")
                chain = SHA256.chain(previous: chain, content: part.contentHashes[index])
                writeHex(chain, to: part.bytes.base + lineEnd - chainOffsetFromLineEnd)
                chains?.append(chain)
            }
        }
        return chain
    }

    /// Writes the 64 lowercase hex digits of `digest` at `destination`.
    @inline(__always)
    package static func writeHex(_ digest: SHA256Digest, to destination: UnsafeMutablePointer<UInt8>) {
        digest.withUnsafeBytes { bytes in
            for index in 0..<32 {
                let byte = bytes[index]
                destination[2 * index] = JSONByteClass.lowerHexDigit(byte >> 4)
                destination[2 * index + 1] = JSONByteClass.lowerHexDigit(byte & 0x0F)
            }
        }
    }
}

/// A contiguous run of a batch's framed lines, built by one thread.
///
/// Each part is filled by exactly one `concurrentPerform` iteration and read only after all of
/// them have finished, which the compiler cannot see, hence `@unchecked Sendable`.
package final class FramedPart: @unchecked Sendable {
    @exclusivity(unchecked) package var bytes: GrowableBuffer<UInt8>
    /// Offset just past each line's newline.
    package var lineEnds: [Int] = []
    package var contentHashes: [SHA256Digest] = []
    /// Why framing stopped, for the first line of this part that could not be written.
    package var failure: LedgerError?

    package init(estimatedByteCount: Int) {
        bytes = GrowableBuffer(capacity: estimatedByteCount)
    }

    deinit { bytes.release() }

    /// Empties the part for another run of lines, keeping its memory.
    package func removeAll() {
        bytes.removeAll()
        lineEnds.removeAll(keepingCapacity: true)
        contentHashes.removeAll(keepingCapacity: true)
        failure = nil
    }

    package var lineCount: Int { lineEnds.count }

    package var elements: UnsafeRawBufferPointer { UnsafeRawBufferPointer(bytes.elements) }
}
