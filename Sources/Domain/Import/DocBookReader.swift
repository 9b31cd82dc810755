import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Old Word files (.doc) through `antiword -x db` (DocBook), when installed: LibreOffice 7.4 reads the tables of
/// many .doc files as run-on paragraphs, while antiword keeps them. antiword starts a new table where the row shape
/// changes (a merged header over the rows below it): the column widths it gives line such tables up again into one,
/// a cell spanning several columns keeping its text in the first.
enum DocBookReader {
    static var antiword: String? {
        ExternalTool.find("antiword")
    }

    static func blocks(doc data: Data, maxBytes: Int) throws -> [DocBlock]? {
        guard let tool = antiword else { return nil }
        let run = try? ExternalTool.withPrivateFolder("doc") { folder -> ExternalTool.Result? in
            let input = folder.appendingPathComponent("plan.doc")
            guard (try? data.write(to: input)) != nil else { return nil }
            return try? ExternalTool.run(tool, ["-x", "db", "-m", "UTF-8.txt", input.path], timeout: 60, maxOutput: maxBytes * 20)
        }
        guard let result = run ?? nil, result.status == 0, !result.timedOut, !result.truncated else { return nil }
        return read(result.output)
    }

    struct Table { var widths: [Double]; var rows: [[String]] }

    static func read(_ data: Data) -> [DocBlock]? {
        final class Handler: NSObject, XMLParserDelegate {
            var items: [Any] = [] // String paragraphs and Tables, in order
            var text = ""
            var tableDepth = 0
            var widths: [Double] = []
            var rows: [[String]] = []
            var row: [String] = []
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                switch name {
                case "para" where tableDepth == 0: flushParagraph()
                case "informaltable", "table":
                    flushParagraph()
                    tableDepth += 1
                    if tableDepth == 1 { widths = []; rows = [] }
                case "colspec" where tableDepth == 1:
                    widths.append(Double((attributes["colwidth"] ?? "").replacingOccurrences(of: "pt", with: "")) ?? 0)
                case "row" where tableDepth == 1: row = []
                case "entry" where tableDepth == 1: text = ""
                default: break
                }
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                switch name {
                case "para" where tableDepth == 0: flushParagraph()
                case "entry" where tableDepth == 1:
                    row.append(text.split(separator: "\n").map { VietnameseText.clean(String($0)) }.filter { !$0.isEmpty }.joined(separator: "\n"))
                    text = ""
                case "row" where tableDepth == 1: rows.append(row)
                case "informaltable", "table":
                    if tableDepth == 1 { items.append(Table(widths: widths, rows: rows)) }
                    tableDepth -= 1
                    text = ""
                default: break
                }
            }
            func flushParagraph() {
                for line in text.split(separator: "\n") {
                    let t = VietnameseText.clean(String(line))
                    if !t.isEmpty { items.append(t) }
                }
                text = ""
            }
        }
        let handler = Handler()
        let parser = XMLParser(data: data)
        parser.delegate = handler
        parser.shouldResolveExternalEntities = false
        guard parser.parse() else { return nil }
        handler.flushParagraph()
        var blocks: [DocBlock] = []
        var pending: [Table] = []
        var cellStream: [String] = [] // rows antiword wrote as "cell |cell |…" text
        func flushTables() {
            if !pending.isEmpty {
                var rows = lineUp(pending)
                if let width = rows.first?.count, !cellStream.isEmpty {
                    let more = streamRows(cellStream.joined(separator: "\n"), atLeast: width)
                    if let sub = more.first, sub.count > width, rows.count == 1 { rows = [spread(rows[0], over: sub)] }
                    rows += more
                }
                blocks.append(.table(rows))
            }
            pending = []
            cellStream = []
        }
        for item in handler.items {
            if let t = item as? Table {
                pending.append(t)
            } else if let p = item as? String {
                if !pending.isEmpty, p.contains(" |") || cellStream.last.map({ !$0.hasSuffix("|") }) == true {
                    cellStream.append(p)
                    continue
                }
                flushTables()
                blocks.append(.paragraph(p))
            }
        }
        flushTables()
        return blocks
    }

    /// Rows of a table antiword could not lay out (cells merged down): its cells come as text, each followed by " |",
    /// each row closed by one more "|".
    static func streamRows(_ text: String, atLeast minimum: Int) -> [[String]] {
        let cells = text.components(separatedBy: "|").map { VietnameseText.clean($0.replacingOccurrences(of: "\n", with: "\u{1}")).replacingOccurrences(of: "\u{1}", with: "\n") }
        // The row width is the one whose row ends all fall on empty cells.
        let width = (minimum...(minimum + 8)).first { w in
            let ends = stride(from: w, to: cells.count, by: w + 1)
            return ends.underestimatedCount >= 2 && ends.allSatisfy { cells[$0].isEmpty }
        } ?? minimum
        var rows: [[String]] = []
        var k = 0
        while k + width <= cells.count {
            let row = Array(cells[k..<(k + width)]).map { $0.split(separator: "\n").map { VietnameseText.clean(String($0)) }.joined(separator: "\n") }
            if row.contains(where: { !$0.isEmpty }) { rows.append(row) }
            k += width + 1
        }
        return rows
    }

    /// A header row of merged titles over a row of sub-titles that has more cells: an empty sub-title sits under a title
    /// merged down; a run of sub-titles shares the titles spanning it evenly ("Đơn vị thực hiện" over "Chủ trì",
    /// "Phối hợp"). Each title goes to the first column it spans.
    static func spread(_ header: [String], over sub: [String]) -> [String] {
        var out: [String] = []
        var h = 0, k = 0
        while k < sub.count {
            if sub[k].isEmpty {
                out.append(h < header.count ? header[h] : "")
                h += 1; k += 1
                continue
            }
            var end = k
            while end < sub.count, !sub[end].isEmpty { end += 1 }
            let emptiesAfter = sub[end...].filter(\.isEmpty).count
            let titles = max(1, header.count - h - emptiesAfter)
            let run = end - k
            for j in 0..<run {
                let t = h + j * titles / run
                out.append(j * titles % run == 0 && t < header.count ? header[t] : "")
            }
            h += titles
            k = end
        }
        return out
    }

    /// Consecutive tables with different columns become one on the union of their column edges.
    static func lineUp(_ tables: [Table]) -> [[String]] {
        guard tables.count > 1 else { return tables.first?.rows ?? [] }
        func edges(_ widths: [Double]) -> [Double] { widths.reduce(into: [0.0]) { $0.append(($0.last ?? 0) + $1) } }
        var all: [Double] = []
        for t in tables { all += edges(t.widths) }
        let union = PDFRules.distinct(all, tolerance: 3)
        var out: [[String]] = []
        for t in tables {
            let e = edges(t.widths)
            for r in t.rows {
                var row = Array(repeating: "", count: max(union.count - 1, r.count))
                for (k, cell) in r.enumerated() {
                    let start = k < e.count ? e[k] : 0
                    let column = union.firstIndex { abs($0 - start) < 3 } ?? k
                    if column < row.count { row[column] = cell }
                }
                out.append(row)
            }
        }
        return out
    }
}
