import LedgerEvents
import LedgerStore
import LedgerSupport

/// The fast fold of a whole log: facts are prepared on all cores while the lines are hashed and
/// checked, and only appending them to their streams is sequential.
extension ProjectionState {
    /// What the fold takes from one line, prepared on a worker thread.
    package enum FoldInput {
        /// A fact for a stream the projections keep.
        case fact(kind: StreamKind, identifier: String, stream: StreamName, detail: FactDetail)
        /// An event of a stream the projections do not keep (an import batch): counted, not kept.
        case unkept
        /// The event does not decode: folding stops here with the generic decoder's error, as
        /// a fold that decodes in order would.
        case undecodable(any Error)
    }

    /// Prepares one line: the hand extractor when it applies, else the generic decoder and
    /// ``FactDetail/init(capturing:)``. Both give the same fact (tested per event type).
    package static func foldInput(content: UnsafeRawBufferPointer, header: LineHeader, extractor: FactExtractor,
                          decoder: LedgerJSONDecoder) -> FoldInput {
        // The fast path reads type, stream and payload only, so it is taken only for a role this
        // build knows; any other line goes through the full decoder, which refuses it.
        if let typeRange = header.typeRange, let streamRange = header.streamRange, let roleRange = header.roleRange,
           Role.isSpelling(UnsafeRawBufferPointer(rebasing: content[roleRange])),
           let stream = KeptStream(UnsafeRawBufferPointer(rebasing: content[streamRange])),
           let detail = extractor.detail(type: UnsafeRawBufferPointer(rebasing: content[typeRange]),
                                         schemaVersion: header.schemaVersion,
                                         data: UnsafeRawBufferPointer(rebasing: content[header.dataRange]))
        {
            return .fact(kind: stream.kind, identifier: stream.identifier, stream: stream.name, detail: detail)
        }
        let envelope: EventEnvelope
        do { envelope = try EventEnvelope.decodeContent(content, using: decoder) } catch { return .undecodable(error) }
        guard let kind = StreamKind(envelope.stream) else { return .unkept }
        return .fact(kind: kind, identifier: String(envelope.stream.identifier), stream: envelope.stream,
                     detail: FactDetail(capturing: envelope.event))
    }

    /// Folds one prepared line exactly as ``apply(_:chain:lineOffset:)`` folds its envelope.
    package mutating func apply(_ input: FoldInput, line: CheckedLine) throws {
        let header = line.header
        guard header.sequence > position.sequence else { return }
        if case .undecodable(let error) = input {
            throw FoldDecodingError(sequence: header.sequence, segment: line.segment.name, byteOffset: line.offset,
                                    detail: "\(error)")
        }
        if header.sequence != position.sequence + 1 {
            anomalies.append(ProjectionAnomaly(
                sequence: header.sequence,
                message: "events \(position.sequence + 1)…\(header.sequence - 1) were not folded before this one"))
        }
        position = LogPosition(sequence: header.sequence, chain: line.chain, recordedAt: header.recordedAt)
        eventCount += 1
        guard case .fact(let kind, let identifier, let stream, let detail) = input else { return }
        let fact = Fact(sequence: header.sequence, occurredAt: header.occurredAt, recordedAt: header.recordedAt,
                        chain: line.chain, lineOffset: Int64(line.offset), detail: detail)
        append(fact, kind: kind, identifier: identifier, stream: stream)
    }

    /// The state of the whole log in `directory`, folded with the fast path, with the place of
    /// the last line folded and the number of events.
    package static func foldingWholeLog(in directory: String, blockLineCount: Int = 8_192) throws
        -> (state: ProjectionState, cursor: LogCursor?, count: Int)
    {
        var state = ProjectionState()
        var cursor: LogCursor?
        var count = 0
        let outcome: ScanOutcome
        do {
            var scanner = LogScanner(directory: directory)
            scanner.blockLineCount = blockLineCount
            outcome = try scanner.scanLines(makeExtractor: {
                let extractor = FactExtractor()
                let decoder = LedgerJSONDecoder()
                return { content, header in
                    foldInput(content: content, header: header, extractor: extractor, decoder: decoder)
                }
            }) { line, input in
                try state.apply(input, line: line)
                cursor = LogCursor(segmentFirstSequence: line.segment.firstSequence, lineOffset: Int64(line.offset))
                count += 1
            }
        } catch let error as IOFailure {
            throw LedgerError.io(error)
        }
        if let fault = outcome.fault, !outcome.faultIsRecoverableTail {
            throw LedgerError.corrupt(fault)
        }
        return (state, cursor, count)
    }
}

/// A stream name of one of the kinds the projections keep, read from its raw bytes.
private struct KeptStream {
    var kind: ProjectionState.StreamKind
    var identifier: String
    var name: StreamName

    private static let prefixes: [([UInt8], ProjectionState.StreamKind)] = [
        (Array("case/".utf8), .case), (Array("worker/".utf8), .worker), (Array("team/".utf8), .team),
        (Array("policy/".utf8), .policy),
    ]

    /// Nil unless the name starts with `case/`, `worker/`, `team/` or `policy/` (others take the
    /// generic path, which settles the odd ones by ``StreamName``'s own rules).
    init?(_ bytes: UnsafeRawBufferPointer) {
        for (prefix, kind) in Self.prefixes
        where bytes.count >= prefix.count && bytes.prefix(prefix.count).elementsEqual(prefix) {
            self.kind = kind
            identifier = String(decoding: bytes[prefix.count...], as: UTF8.self)
            name = StreamName(String(decoding: bytes, as: UTF8.self))
            return
        }
        return nil
    }
}
