import LedgerAudit
import LedgerDomain
import LedgerEvents
import LedgerImport
import LedgerStore
import LedgerSupport

/// The demo's random choices, drawn from a seeded SplitMix64 with arithmetic written out here
/// rather than the standard library's `random(in:using:)`, whose algorithm is not promised to
/// stay the same across toolchains: the same seed must give the same authority everywhere.
package struct DemoRandom {
    private var generator: SeededRandomNumberGenerator

    package init(seed: UInt64) { generator = SeededRandomNumberGenerator(seed: seed) }

    package mutating func next() -> UInt64 { generator.next() }

    /// A whole number in `0..<bound` (multiply-high: no modulo bias worth the name at these sizes).
    package mutating func below(_ bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A whole number in `lower...upper`.
    package mutating func between(_ lower: Int, _ upper: Int) -> Int {
        upper <= lower ? lower : lower + below(upper - lower + 1)
    }

    /// A fraction in `0..<1` with 53 random bits.
    package mutating func fraction() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// True with probability `probability`.
    package mutating func chance(_ probability: Double) -> Bool { fraction() < probability }

    package mutating func element<Element>(of elements: [Element]) -> Element? {
        elements.isEmpty ? nil : elements[below(elements.count)]
    }

    /// One of `options`, each with its whole-number weight.
    package mutating func weighted<Element>(_ options: [(Element, Int)]) -> Element {
        let total = options.reduce(0) { $0 + max(0, $1.1) }
        var roll = below(max(total, 1))
        for (element, weight) in options where weight > 0 {
            if roll < weight { return element }
            roll -= weight
        }
        return options[options.count - 1].0
    }

    /// How many arrivals in a day for a mean of `mean` (at most 8): a binomial draw of eight
    /// trials, close enough to Poisson and free of floating-point library calls.
    package mutating func arrivals(mean: Double) -> Int {
        let probability = min(max(mean, 0), 8) / 8
        var count = 0
        for _ in 0..<8 where chance(probability) { count += 1 }
        return count
    }
}
