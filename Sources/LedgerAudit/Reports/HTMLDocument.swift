import LedgerDomain
import LedgerEvents
import LedgerStore
import LedgerSupport

/// The frame every HTML view shares: one self-contained page (inline CSS and SVG, no script, no
/// network) that reads on screen and prints on A4, with times in London as people write them.
///
/// Why one frame: an inspector prints these pages and files them; every view must repeat table
/// headers on each page, never split a row, keep identifiers and hashes whole, and say which
/// ledger head and times it answers for, in the same place and the same words.
public struct HTMLDocument: Sendable {
    public var title: String
    /// The page's sections, in order; each is already HTML.
    public var body: String

    public init(title: String, body: String) {
        self.title = title
        self.body = body
    }

    /// The whole page.
    public var html: String {
        """
        <!DOCTYPE html>
        <html lang="en-GB"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Self.escape(title))</title>
        <style>\(Self.styles)</style></head><body>
        \(body)</body></html>

        """
    }

    /// Screen and print styles. Print: A4 with margins, table headers repeated on every page, rows
    /// and charts never split, colours kept, each `section.page` starting a new page.
    public static let styles = """
        @page{size:A4;margin:14mm 12mm 16mm 12mm}
        *{box-sizing:border-box}
        body{font-family:"DejaVu Sans","Liberation Sans",Arial,sans-serif;font-size:10.5pt;line-height:1.35;margin:1.5em auto;padding:0 1em;color:#111;max-width:60em}
        h1{font-size:1.45em;margin:.2em 0 .3em}h2{font-size:1.15em;margin:1.4em 0 .4em;padding-bottom:.15em;border-bottom:1.5px solid #555;break-after:avoid;page-break-after:avoid}
        h3{font-size:1em;margin:1em 0 .3em;break-after:avoid;page-break-after:avoid}
        p{margin:.35em 0}
        .meta{color:#333;font-size:.92em}.meta td,.meta th{border:none;padding:.05em .6em .05em 0}.meta th{background:none;font-weight:normal;color:#555;white-space:nowrap;width:9em}
        table{border-collapse:collapse;width:100%;margin:.4em 0 .8em}
        th,td{border:1px solid #b8b8b8;padding:.25em .45em;text-align:left;vertical-align:top}
        thead th{background:#e8e8e8}
        thead{display:table-header-group}tr,img,svg,.keep{break-inside:avoid;page-break-inside:avoid}
        td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}th.num{text-align:right}
        .id{font-family:"DejaVu Sans Mono","Liberation Mono",monospace;font-size:.92em;white-space:nowrap}
        .hash{font-family:"DejaVu Sans Mono","Liberation Mono",monospace;font-size:.8em;word-break:normal;overflow-wrap:normal;white-space:normal}
        .hash span{white-space:nowrap}
        .nowrap{white-space:nowrap}
        .summary{display:grid;grid-template-columns:max-content 1fr;gap:.15em 1em;border:1px solid #b8b8b8;padding:.5em .8em;margin:.5em 0;background:#fafafa;break-inside:avoid}
        .summary dt{color:#555}.summary dd{margin:0;font-weight:600}
        .over,.missed,.overdue,.urgent{color:#a40000;font-weight:bold}.met{color:#05600a}.due{color:#6b4e00}
        .retracted{text-decoration:line-through;color:#777}.correction{background:#fff4d6}
        .note{color:#444;font-size:.9em}
        .chart{display:block;width:100%;height:auto;margin:.4em 0 1em}
        .legend span{display:inline-block;margin-right:1.2em}.swatch{display:inline-block;width:.9em;height:.9em;vertical-align:-.1em;margin-right:.3em;border:1px solid #555}
        @media print{body{margin:0;padding:0;max-width:none;font-size:9.5pt}section.page{break-before:page;page-break-before:always}
        *{-webkit-print-color-adjust:exact;print-color-adjust:exact}a{color:inherit;text-decoration:none}}
        """

    // MARK: - Text

    /// HTML text and attribute escaping: `&`, `<`, `>`, `"`, `'`.
    public static func escape(_ text: String) -> String { CaseAuditReport.escape(text) }

    /// An identifier in the monospace face, never broken across lines.
    public static func id(_ text: String) -> String { "<span class=\"id\">\(escape(text))</span>" }

    /// A hash in groups of eight hex digits that a line may break between, never inside:
    /// printed, a 64-digit hash wraps into whole groups instead of arbitrary fragments.
    public static func hash(_ hex: String) -> String {
        var groups: [String] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let end = hex.index(index, offsetBy: 8, limitedBy: hex.endIndex) ?? hex.endIndex
            groups.append("<span>\(escape(String(hex[index..<end])))</span>")
            index = end
        }
        return "<span class=\"hash\">" + groups.joined(separator: "<wbr>") + "</span>"
    }

    /// The first 16 hex digits of a hash, kept on one line: enough to find the line in the log
    /// (with its sequence number), short enough for a table column.
    public static func shortHash(_ hex: String) -> String {
        "<span class=\"id\">\(escape(String(hex.prefix(16))))…</span>"
    }

    /// A citation: the sequence number and the whole hash.
    public static func citation(_ citation: Citation) -> String {
        "<span class=\"id\">#\(citation.sequence)</span> " + hash(citation.hash.hex)
    }

    /// A London date as people write it: `14 Mar 2025`.
    public static func date(_ instant: Instant) -> String { AuditFormatter.londonDate(instant) }

    public static func date(_ date: LocalDate) -> String { AuditFormatter.londonDate(date) }

    /// A London date and time as people write it: `14 Mar 2025 09:30`; the end of a London day
    /// (a date-only fact, 23:59:59.999) reads as the date alone.
    public static func dateTime(_ instant: Instant) -> String {
        let local = LondonTime.localDateTime(of: instant)
        if local.hour == 23 && local.minute == 59 && local.second == 59 { return date(local.date) }
        return AuditFormatter.londonDateTime(instant)
    }

    /// The "as of / as known / ledger" block every page starts with.
    public static func meta(asOf: Instant, asKnown: Instant, head: Citation, extra: [(String, String)] = []) -> String {
        var rows = [("As of", "<b>\(dateTime(asOf))</b>"),
                    ("As known", "\(dateTime(asKnown)) (what the ledger had recorded by then)"),
                    ("Ledger head", citation(head))]
        rows += extra
        return "<table class=\"meta\">" + rows.map { "<tr><th>\($0.0)</th><td>\($0.1)</td></tr>" }.joined() + "</table>\n"
    }

    /// A table with a header row in `<thead>` (repeated on every printed page).
    public static func table(_ header: [String], _ rows: [[String]], numeric: Set<Int> = [], rowClasses: [String?] = []) -> String {
        var html = "<table><thead><tr>"
        for (index, cell) in header.enumerated() {
            html += numeric.contains(index) ? "<th class=\"num\">\(cell)</th>" : "<th>\(cell)</th>"
        }
        html += "</tr></thead><tbody>\n"
        for (rowIndex, row) in rows.enumerated() {
            let rowClass = rowIndex < rowClasses.count ? rowClasses[rowIndex] : nil
            html += rowClass.map { "<tr class=\"\($0)\">" } ?? "<tr>"
            for (index, cell) in row.enumerated() {
                html += numeric.contains(index) ? "<td class=\"num\">\(cell)</td>" : "<td>\(cell)</td>"
            }
            html += "</tr>\n"
        }
        return html + "</tbody></table>\n"
    }
}
