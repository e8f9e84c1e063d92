import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// Inline SVG charts for the HTML views: plain shapes and text, no script, no fonts to fetch,
/// scaled by the page (a `viewBox`, width 100%), so they print as sharply as the text.
///
/// Every chart draws inside its own axes: a bar never runs past its track, and a time axis is
/// labelled with months so a reader can date what they see.
public enum SVGChart {
    /// One horizontal bar: a worker's points against their cap.
    public struct Bar: Sendable, Hashable {
        public var label: String
        public var value: Int
        /// The limit drawn as a line across the bar (a cap), if any.
        public var limit: Int?
        /// Drawn in the warning colour (over the limit).
        public var isOver: Bool
        /// Text after the bar, e.g. "23 cases · 49 / 50 points".
        public var caption: String

        public init(label: String, value: Int, limit: Int?, isOver: Bool, caption: String) {
            self.label = label
            self.value = value
            self.limit = limit
            self.isOver = isOver
            self.caption = caption
        }
    }

    /// One line of a line chart.
    public struct Series: Sendable, Hashable {
        public var name: String
        public var colour: String
        public var values: [Int]

        public init(name: String, colour: String, values: [Int]) {
            self.name = name
            self.colour = colour
            self.values = values
        }
    }

    /// One row of a timeline: a label and its spans.
    public struct TimelineRow: Sendable, Hashable {
        public struct Span: Sendable, Hashable {
            public var start: Instant
            /// Nil: still running at the chart's end.
            public var end: Instant?
            public var colour: String

            public init(start: Instant, end: Instant?, colour: String) {
                self.start = start
                self.end = end
                self.colour = colour
            }
        }

        public var label: String
        public var spans: [Span]

        public init(label: String, spans: [Span]) {
            self.label = label
            self.spans = spans
        }
    }

    package static let width = 720.0
    package static let font = "font-family=\"DejaVu Sans,Arial,sans-serif\""

    // MARK: - Bars

    /// Horizontal bars with a scale along the bottom and each limit drawn as a dark tick.
    public static func bars(_ bars: [Bar], title: String) -> String {
        let rowHeight = 22.0
        let labelWidth = 70.0
        let captionWidth = 190.0
        let track = width - labelWidth - captionWidth - 10
        let top = 6.0
        let height = top + Double(bars.count) * rowHeight + 30
        let maximum = max(1, bars.map { max($0.value, $0.limit ?? 0) }.max() ?? 1)
        let step = niceStep(Double(maximum), ticks: 5)
        let scaleMaximum = (Double(maximum) / step).rounded(.up) * step
        func x(_ value: Double) -> Double { labelWidth + value / scaleMaximum * track }
        var svg = open(height: height, title: title)
        var tick = 0.0
        while tick <= scaleMaximum + 0.001 {
            svg += line(x(tick), top, x(tick), height - 24, stroke: "#d0d0d0")
            svg += text(x(tick), height - 10, format(tick), anchor: "middle", size: 10, colour: "#444")
            tick += step
        }
        for (index, bar) in bars.enumerated() {
            let y = top + Double(index) * rowHeight
            svg += text(labelWidth - 6, y + 15, bar.label, anchor: "end", size: 11, colour: "#111", monospace: true)
            svg += rect(x(0), y + 4, max(0, x(Double(bar.value)) - x(0)), rowHeight - 8,
                        fill: bar.isOver ? "#b3261e" : "#2b5d8a")
            if let limit = bar.limit {
                svg += line(x(Double(limit)), y + 1, x(Double(limit)), y + rowHeight - 1, stroke: "#111", width: 2)
            }
            svg += text(labelWidth + track + 8, y + 15, bar.caption, anchor: "start", size: 10,
                        colour: bar.isOver ? "#a40000" : "#222")
        }
        svg += line(x(0), top, x(0), height - 24, stroke: "#555")
        return svg + "</svg>"
    }

    // MARK: - Lines

    /// A line chart over `dates` (one value per date in each series) with a month axis.
    public static func lines(_ series: [Series], dates: [Instant], title: String) -> String {
        let height = 250.0
        let left = 44.0, right = 14.0, top = 12.0, bottom = 40.0
        guard let first = dates.first, let last = dates.last, last > first else { return "" }
        let maximum = max(1, series.flatMap(\.values).max() ?? 1)
        let step = niceStep(Double(maximum), ticks: 5)
        let scaleMaximum = (Double(maximum) / step).rounded(.up) * step
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let span = Double(last.millisecondsSinceEpoch - first.millisecondsSinceEpoch)
        func x(_ instant: Instant) -> Double { left + Double(instant.millisecondsSinceEpoch - first.millisecondsSinceEpoch) / span * plotWidth }
        func y(_ value: Double) -> Double { top + plotHeight - value / scaleMaximum * plotHeight }
        var svg = open(height: height, title: title)
        var tick = 0.0
        while tick <= scaleMaximum + 0.001 {
            svg += line(left, y(tick), width - right, y(tick), stroke: tick == 0 ? "#555" : "#dddddd")
            svg += text(left - 6, y(tick) + 4, format(tick), anchor: "end", size: 10, colour: "#444")
            tick += step
        }
        svg += monthAxis(from: first, to: last, x: x, y: top + plotHeight, labelY: height - bottom + 16)
        for item in series where item.values.count == dates.count {
            let points = zip(dates, item.values).map { "\(format2(x($0.0))),\(format2(y(Double($0.1))))" }.joined(separator: " ")
            svg += "<polyline fill=\"none\" stroke=\"\(item.colour)\" stroke-width=\"2\" points=\"\(points)\"/>"
        }
        return svg + "</svg>"
    }

    // MARK: - Timeline

    /// Rows of spans over `from`…`to`, clipped to the track, with a month (or year) axis.
    public static func timeline(_ rows: [TimelineRow], from: Instant, to: Instant, title: String) -> String {
        let rowHeight = 22.0
        let labelWidth = 110.0
        let right = 14.0
        let top = 4.0
        let height = top + Double(rows.count) * rowHeight + 34
        let track = width - labelWidth - right
        let span = Double(max(1, to.millisecondsSinceEpoch - from.millisecondsSinceEpoch))
        func x(_ instant: Instant) -> Double {
            let clipped = min(max(instant, from), to)
            return labelWidth + Double(clipped.millisecondsSinceEpoch - from.millisecondsSinceEpoch) / span * track
        }
        var svg = open(height: height, title: title)
        let axisY = top + Double(rows.count) * rowHeight
        svg += monthAxis(from: from, to: to, x: x, y: axisY, labelY: axisY + 16, gridTop: top)
        for (index, row) in rows.enumerated() {
            let y = top + Double(index) * rowHeight
            svg += rect(labelWidth, y + 3, track, rowHeight - 6, fill: "#f1f1f1")
            svg += text(labelWidth - 6, y + 15, row.label, anchor: "end", size: 11, colour: "#111", monospace: true)
            for item in row.spans {
                let start = x(item.start)
                // A span shorter than a pixel still shows, but never leaves the track.
                let end = min(labelWidth + track, max(x(item.end ?? to), start + 1.5))
                svg += rect(start, y + 5, end - start, rowHeight - 10, fill: item.colour)
                if item.end == nil {
                    svg += "<polygon fill=\"#111\" points=\"\(format2(end - 5)),\(format2(y + 5)) \(format2(end)),\(format2(y + rowHeight / 2)) \(format2(end - 5)),\(format2(y + rowHeight - 5))\"/>"
                }
            }
        }
        return svg + "</svg>"
    }

    // MARK: - Pieces

    /// Month ticks between `from` and `to` (every month, or every quarter or year on long spans),
    /// labelled `Mar 25`, with January labelled by its year.
    package static func monthAxis(from: Instant, to: Instant, x: (Instant) -> Double, y: Double, labelY: Double, gridTop: Double? = nil) -> String {
        let start = LondonTime.localDate(of: from)
        let end = LondonTime.localDate(of: to)
        let days = start.distance(to: end)
        if days <= 62 {
            // A short span: a tick a day, labelled every day, week or fortnight (`4 Mar`).
            let every = days <= 10 ? 1 : days <= 31 ? 7 : 14
            var svg = ""
            var date = start.adding(days: 1)
            var mondays = 0
            while date <= end {
                let isMonday = date.isoWeekday == 1
                let labelled = every == 1 || (isMonday && mondays % (every / 7) == 0)
                if isMonday { mondays += 1 }
                if labelled {
                    let position = x(LondonTime.startOfDay(date))
                    if let gridTop { svg += line(position, gridTop, position, y, stroke: "#cfcfcf") }
                    svg += line(position, y, position, y + 4, stroke: "#555")
                    svg += text(position, labelY, "\(date.day) \(AuditFormatter.monthNames[date.month - 1])", anchor: "middle", size: 10, colour: "#333")
                }
                date = date.adding(days: 1)
            }
            return svg + line(x(from), y, x(to), y, stroke: "#555")
        }
        let months = (end.year - start.year) * 12 + end.month - start.month
        let every = months <= 14 ? 1 : months <= 40 ? 3 : months <= 120 ? 12 : 24
        var svg = ""
        var year = start.year
        var month = start.month + 1
        if month > 12 { month = 1; year += 1 }
        while let date = LocalDate(year: year, month: month, day: 1), date <= end {
            if (month - 1) % every == 0 || (every >= 12 && month == 1) {
                let position = x(LondonTime.startOfDay(date))
                if let gridTop { svg += line(position, gridTop, position, y, stroke: "#cfcfcf") }
                svg += line(position, y, position, y + 4, stroke: "#555")
                let label = month == 1 ? String(year) : AuditFormatter.monthNames[month - 1] + (every == 1 ? "" : " " + String(year % 100))
                svg += text(position, labelY, label, anchor: "middle", size: 10, colour: "#333")
            }
            month += 1
            if month > 12 { month = 1; year += 1 }
        }
        return svg + line(x(from), y, x(to), y, stroke: "#555")
    }

    package static func open(height: Double, title: String) -> String {
        "<svg class=\"chart\" viewBox=\"0 0 \(format2(width)) \(format2(height))\" role=\"img\" \(font)>"
            + "<title>\(HTMLDocument.escape(title))</title>"
    }

    package static func rect(_ x: Double, _ y: Double, _ width: Double, _ height: Double, fill: String) -> String {
        "<rect x=\"\(format2(x))\" y=\"\(format2(y))\" width=\"\(format2(width))\" height=\"\(format2(height))\" fill=\"\(fill)\"/>"
    }

    package static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1) -> String {
        "<line x1=\"\(format2(x1))\" y1=\"\(format2(y1))\" x2=\"\(format2(x2))\" y2=\"\(format2(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(format2(width))\"/>"
    }

    package static func text(_ x: Double, _ y: Double, _ content: String, anchor: String, size: Int, colour: String,
                     monospace: Bool = false) -> String {
        let face = monospace ? " font-family=\"DejaVu Sans Mono,monospace\"" : ""
        return "<text x=\"\(format2(x))\" y=\"\(format2(y))\" text-anchor=\"\(anchor)\" font-size=\"\(size)\" fill=\"\(colour)\"\(face)>\(HTMLDocument.escape(content))</text>"
    }

    /// 1, 2 or 5 times a power of ten, giving about `ticks` steps up to `maximum`.
    package static func niceStep(_ maximum: Double, ticks: Int) -> Double {
        let raw = max(maximum, 1) / Double(ticks)
        var power = 1.0
        while power * 10 <= raw { power *= 10 }
        for factor in [1.0, 2.0, 5.0, 10.0] where factor * power >= raw { return max(1, factor * power) }
        return max(1, 10 * power)
    }

    package static func format(_ value: Double) -> String { String(Int(value.rounded())) }

    /// Two decimals at most, no locale: SVG wants `12.5`, never `12,5`.
    package static func format2(_ value: Double) -> String {
        let scaled = (value * 100).rounded() / 100
        return scaled == scaled.rounded() ? String(Int(scaled)) : String(scaled)
    }
}
