import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerStore
import LedgerSupport

/// One measured figure: the median of several runs with its spread, and optionally its ratio
/// to a baseline measured in the same run over the same bytes.
public struct BenchmarkFigure: Sendable, Hashable {
    public var name: String
    public var unit: String
    public var median: Double
    public var minimum: Double
    public var maximum: Double
    /// The figure this one is compared with, by name, and the ratio (this / baseline).
    public var baselineName: String?
    public var ratio: Double?

    public init(name: String, unit: String, samples: [Double]) {
        let sorted = samples.sorted()
        self.name = name
        self.unit = unit
        median = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
        minimum = sorted.first ?? 0
        maximum = sorted.last ?? 0
    }

    /// Compares this figure with a baseline (higher is better for both).
    public func compared(with baseline: BenchmarkFigure) -> BenchmarkFigure {
        var copy = self
        copy.baselineName = baseline.name
        copy.ratio = baseline.median > 0 ? median / baseline.median : nil
        return copy
    }
}
