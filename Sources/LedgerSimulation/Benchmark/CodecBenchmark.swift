import Foundation
import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerStore
import LedgerSupport

/// Measures ``LedgerJSONEncoder`` and ``LedgerJSONDecoder`` against Foundation's codec on the
/// same synthetic events, in one process, on one core.
///
/// Ratios are what count: the machine is shared and noisy, so the four measurements take turns
/// in short rounds, each is timed in the thread's own CPU time (time spent waiting for a core
/// does not count), and each figure is the best round, the one least disturbed by other work.
/// Run it from a release build; debug builds measure the optimizer's absence.
public enum CodecBenchmark {
    /// Encodes and decodes `eventCount` synthetic events with both codecs and returns a report:
    /// events per second for each, the ratios, and whether the bytes and values agreed.
    public static func run(eventCount: Int, runs: Int = 15, seed: UInt64 = 1) -> String {
        let events = StoreBenchmark.syntheticEvents(count: eventCount, seed: seed).map(\.event)
        let foundationEncoder = LedgerEvent.makeLedgerEncoder()
        let foundationDecoder = LedgerEvent.makeLedgerDecoder()
        let encoder = LedgerJSONEncoder()
        let decoder = LedgerJSONDecoder()

        var foundationPayloads: [Data] = []
        var payloads: [[UInt8]] = []
        var mismatchedBytes = 0
        var mismatchedValues = 0
        var failures = 0
        for event in events {
            do {
                let expected = try event.encodeData(using: foundationEncoder)
                var bytes: [UInt8] = []
                try event.encodeData(into: &bytes, using: encoder)
                if Data(bytes) != expected { mismatchedBytes += 1 }
                let decoded = try bytes.withUnsafeBytes {
                    try LedgerEvent.decodeData(
                        type: event.typeName, schemaVersion: event.schemaVersion, bytes: $0, using: decoder)
                }
                if decoded != event { mismatchedValues += 1 }
                foundationPayloads.append(expected)
                payloads.append(bytes)
            } catch {
                failures += 1
            }
        }
        let totalBytes = payloads.reduce(0) { $0 + $1.count }
        // Looked up once, so the timed loops measure the codecs rather than the event enum.
        let typeNames = events.map(\.typeName)
        let schemaVersions = events.map(\.schemaVersion)

        var foundationEncode = 0.0
        var fastEncode = 0.0
        var foundationDecode = 0.0
        var fastDecode = 0.0
        var sink = 0
        for _ in 0..<max(1, runs) {
            var started = cpuTime()
            for event in events {
                sink &+= (try? event.encodeData(using: foundationEncoder))?.count ?? 0
            }
            foundationEncode = max(foundationEncode, Double(events.count) / seconds(since: started))

            started = cpuTime()
            var buffer: [UInt8] = []
            buffer.reserveCapacity(4096)
            for event in events {
                buffer.removeAll(keepingCapacity: true)
                try? event.encodeData(into: &buffer, using: encoder)
                sink &+= buffer.count
            }
            fastEncode = max(fastEncode, Double(events.count) / seconds(since: started))

            started = cpuTime()
            for index in events.indices {
                if (try? LedgerEvent.decodeData(
                    type: typeNames[index], schemaVersion: schemaVersions[index], data: foundationPayloads[index],
                    using: foundationDecoder)) != nil
                {
                    sink &+= 1
                }
            }
            foundationDecode = max(foundationDecode, Double(events.count) / seconds(since: started))

            started = cpuTime()
            for index in events.indices {
                let decoded = payloads[index].withUnsafeBytes {
                    try? LedgerEvent.decodeData(
                        type: typeNames[index], schemaVersion: schemaVersions[index], bytes: $0, using: decoder)
                }
                if decoded != nil { sink &+= 1 }
            }
            fastDecode = max(fastDecode, Double(events.count) / seconds(since: started))
        }

        let averageBytes = Double(totalBytes) / Double(max(1, payloads.count))
        func line(_ name: String, _ eventsPerSecond: Double) -> String {
            let megabytes = eventsPerSecond * averageBytes / 1e6
            return "  \(name): \(Int(eventsPerSecond.rounded())) events/s (\(Int(megabytes.rounded())) MB/s)"
        }
        func ratio(_ value: Double, _ baseline: Double) -> String {
            String(format: "%.1fx", value / max(baseline, 1e-9))
        }
        return [
            "codec benchmark: \(events.count) events, \(Int(averageBytes.rounded())) bytes each on average, best of \(max(1, runs)) rounds",
            line("Foundation JSONEncoder", foundationEncode),
            line("LedgerJSONEncoder     ", fastEncode),
            "  encoder ratio: \(ratio(fastEncode, foundationEncode))",
            line("Foundation JSONDecoder", foundationDecode),
            line("LedgerJSONDecoder     ", fastDecode),
            "  decoder ratio: \(ratio(fastDecode, foundationDecode))",
            "  agreement: \(mismatchedBytes) byte mismatches, \(mismatchedValues) value mismatches, \(failures) failures",
            // Printing the tally keeps the optimizer from dropping the measured work.
            "  work tally: \(sink)",
        ].joined(separator: "\n")
    }

    /// CPU time used by the calling thread, in seconds.
    package static func cpuTime() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    private static func seconds(since start: Double) -> Double {
        max(1e-9, cpuTime() - start)
    }
}
