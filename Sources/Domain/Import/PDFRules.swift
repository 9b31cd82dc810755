import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The ruling of a PDF's pages — the borders of its tables — read from `pdftocairo -svg`, and the tables those
/// borders draw.
///
/// A border is a stroked segment or a thin filled rectangle, across or down the page. Borders that touch make one
/// grid; its distinct vertical and horizontal positions give elementary cells, and two neighbouring cells are one
/// merged cell when no border runs between them. Each word goes to the cell holding its centre.
enum PDFRules {
    struct Rule: Equatable {
        var x0, y0, x1, y1: Double
        var isVertical: Bool { x1 - x0 < y1 - y0 }
    }

    // MARK: Reading the SVG

    /// The rules of each page, in the page's top-down coordinates (the same as `pdftotext -bbox-layout`'s).
    static func read(svg data: Data) -> [[Rule]] {
        final class Handler: NSObject, XMLParserDelegate {
            var pages: [[Rule]] = []
            var defsDepth = 0
            var transforms: [[Double]] = []
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                switch name {
                case "page": pages.append([])
                case "defs", "symbol": defsDepth += 1
                case "g": transforms.append(PDFRules.matrix(attributes["transform"]))
                case "path":
                    guard defsDepth == 0, let d = attributes["d"] else { return }
                    var m = PDFRules.matrix(attributes["transform"])
                    for outer in transforms.reversed() { m = PDFRules.multiply(outer, m) }
                    let stroked = (attributes["style"] ?? "").contains("stroke-width")
                    let rules = PDFRules.rules(path: d, matrix: m, stroked: stroked)
                    if pages.isEmpty { pages.append([]) }
                    pages[pages.count - 1] += rules
                default: break
                }
            }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                switch name {
                case "defs", "symbol": defsDepth -= 1
                case "g": _ = transforms.popLast()
                default: break
                }
            }
        }
        let handler = Handler()
        let parser = XMLParser(data: data)
        parser.delegate = handler
        parser.shouldResolveExternalEntities = false
        _ = parser.parse() // what was read before a fault is still good
        return handler.pages
    }

    /// "matrix(a,b,c,d,e,f)" → [a, b, c, d, e, f]; anything else is the identity.
    static func matrix(_ attribute: String?) -> [Double] {
        guard let a = attribute, let open = a.range(of: "matrix("), let close = a.range(of: ")", range: open.upperBound..<a.endIndex) else {
            return [1, 0, 0, 1, 0, 0]
        }
        let numbers = a[open.upperBound..<close.lowerBound].split(whereSeparator: { $0 == "," || $0 == " " }).compactMap { Double($0) }
        return numbers.count == 6 ? numbers : [1, 0, 0, 1, 0, 0]
    }

    static func multiply(_ m: [Double], _ n: [Double]) -> [Double] {
        [m[0] * n[0] + m[2] * n[1], m[1] * n[0] + m[3] * n[1],
         m[0] * n[2] + m[2] * n[3], m[1] * n[2] + m[3] * n[3],
         m[0] * n[4] + m[2] * n[5] + m[4], m[1] * n[4] + m[3] * n[5] + m[5]]
    }

    /// The straight, axis-aligned pieces of a path: each segment of a stroked outline, or a filled path's box when it
    /// is thin. Curves (letters, logos) give nothing.
    static func rules(path d: String, matrix m: [Double], stroked: Bool) -> [Rule] {
        var points: [[(Double, Double)]] = [[]]
        var command: Character = "M"
        var numbers: [Double] = []
        func flush() {
            var k = 0
            while k + 1 < numbers.count {
                let (x, y) = (numbers[k], numbers[k + 1])
                let p = (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
                if command == "M" { points.append([p]) } else { points[points.count - 1].append(p) }
                k += 2
            }
            numbers = []
        }
        var token = ""
        for ch in d + " " {
            if ch.isLetter {
                if let v = Double(token) { numbers.append(v) }
                token = ""
                flush()
                if "CcQqSsTtAa".contains(ch) { return [] }
                if ch == "Z" || ch == "z", let first = points.last?.first { points[points.count - 1].append(first) }
                command = ch
            } else if ch == " " || ch == "," {
                if let v = Double(token) { numbers.append(v) }
                token = ""
            } else {
                token.append(ch)
            }
        }
        flush()
        var out: [Rule] = []
        for run in points where run.count >= 2 {
            if stroked {
                for (a, b) in zip(run, run.dropFirst()) {
                    let r = Rule(x0: min(a.0, b.0), y0: min(a.1, b.1), x1: max(a.0, b.0), y1: max(a.1, b.1))
                    if isRule(r) { out.append(r) }
                }
            } else {
                let xs = run.map(\.0), ys = run.map(\.1)
                if let x0 = xs.min(), let x1 = xs.max(), let y0 = ys.min(), let y1 = ys.max() {
                    let r = Rule(x0: x0, y0: y0, x1: x1, y1: y1)
                    if isRule(r) {
                        // A thin box is drawn as a line through its middle.
                        out.append(r.isVertical ? Rule(x0: (x0 + x1) / 2, y0: y0, x1: (x0 + x1) / 2, y1: y1)
                                                : Rule(x0: x0, y0: (y0 + y1) / 2, x1: x1, y1: (y0 + y1) / 2))
                    }
                }
            }
        }
        return out
    }

    static func isRule(_ r: Rule) -> Bool {
        let w = r.x1 - r.x0, h = r.y1 - r.y0
        return (w <= 3 && h >= 6) || (h <= 3 && w >= 6)
    }

    // MARK: Grids

    struct Grid {
        var xs: [Double]
        var ys: [Double]
        var rules: [Rule]
        var x0: Double { xs.first ?? 0 }
        var x1: Double { xs.last ?? 0 }
        var y0: Double { ys.first ?? 0 }
        var y1: Double { ys.last ?? 0 }

        func contains(x: Double, y: Double) -> Bool { x >= x0 - 1 && x <= x1 + 1 && y >= y0 - 1 && y <= y1 + 1 }

        /// True when a border runs down at `x` past the height `y`.
        func verticalBorder(at x: Double, covering y: Double) -> Bool {
            rules.contains { $0.isVertical && abs($0.x0 - x) < 2 && $0.y0 - 1.5 <= y && $0.y1 + 1.5 >= y }
        }

        func horizontalBorder(at y: Double, covering x: Double) -> Bool {
            rules.contains { !$0.isVertical && abs($0.y0 - y) < 2 && $0.x0 - 1.5 <= x && $0.x1 + 1.5 >= x }
        }
    }

    /// Positions closer than `tolerance` are one.
    static func distinct(_ values: [Double], tolerance: Double = 2) -> [Double] {
        var out: [Double] = []
        for v in values.sorted() {
            if let last = out.last, v - last < tolerance { continue }
            out.append(v)
        }
        return out
    }

    /// The grids on a page: rules that touch each other, with at least three columns and two rows.
    static func grids(_ rules: [Rule]) -> [Grid] {
        var parent = Array(rules.indices)
        func find(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        for i in rules.indices {
            for j in rules.indices where j > i {
                let a = rules[i], b = rules[j]
                if a.x0 <= b.x1 + 2, b.x0 <= a.x1 + 2, a.y0 <= b.y1 + 2, b.y0 <= a.y1 + 2 { parent[find(i)] = find(j) }
            }
        }
        var groups: [Int: [Rule]] = [:]
        for i in rules.indices { groups[find(i), default: []].append(rules[i]) }
        return groups.values.compactMap { group in
            let xs = distinct(group.filter(\.isVertical).map(\.x0))
            let ys = distinct(group.filter { !$0.isVertical }.map(\.y0))
            guard xs.count >= 4, ys.count >= 2 else { return nil }
            return Grid(xs: xs, ys: ys, rules: group)
        }.sorted { $0.y0 < $1.y0 }
    }

    /// The grid's rows of cell texts. Merged cells: a cell spanning columns gives its text to its first column and
    /// leaves the others empty; a cell spanning rows repeats its text in each (as Word and HTML readers do).
    /// `unitColumns` tells from a column's title whether it names units; `continuing`, the unit columns of the table
    /// on the page before, for a page that does not repeat the header.
    static func rows(of grid: Grid, words: [PDFLayout.Word], continuing: [Bool]? = nil,
                     unitColumns: (String) -> Bool) -> (rows: [[String]], units: [Bool]) {
        let rowCount = grid.ys.count - 1, columnCount = grid.xs.count - 1
        guard rowCount > 0, columnCount > 0 else { return ([], []) }
        // Merged cells by union-find over the elementary cells.
        var parent = Array(0..<(rowCount * columnCount))
        func find(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        func id(_ r: Int, _ c: Int) -> Int { r * columnCount + c }
        for r in 0..<rowCount {
            let midY = (grid.ys[r] + grid.ys[r + 1]) / 2
            for c in 0..<columnCount {
                let midX = (grid.xs[c] + grid.xs[c + 1]) / 2
                if c + 1 < columnCount, !grid.verticalBorder(at: grid.xs[c + 1], covering: midY) { parent[find(id(r, c))] = find(id(r, c + 1)) }
                if r + 1 < rowCount, !grid.horizontalBorder(at: grid.ys[r + 1], covering: midX) { parent[find(id(r, c))] = find(id(r + 1, c)) }
            }
        }
        // Each word to the elementary cell holding its centre, then to that cell's merged cell.
        var wordsOf: [Int: [PDFLayout.Word]] = [:]
        for w in words {
            let cx = (w.x0 + w.x1) / 2, cy = (w.y0 + w.y1) / 2
            guard let c = grid.xs.indices.dropLast().first(where: { cx >= grid.xs[$0] && cx < grid.xs[$0 + 1] }),
                  let r = grid.ys.indices.dropLast().first(where: { cy >= grid.ys[$0] && cy < grid.ys[$0 + 1] }) else { continue }
            wordsOf[find(id(r, c)), default: []].append(w)
        }
        // The merged cells' first row and column, for where their text goes.
        var firstCell: [Int: (r: Int, c: Int)] = [:]
        var right: [Int: Double] = [:]
        for r in 0..<rowCount {
            for c in 0..<columnCount {
                let m = find(id(r, c))
                if firstCell[m] == nil { firstCell[m] = (r, c) }
                right[m] = max(right[m] ?? 0, grid.xs[c + 1])
            }
        }
        var lines: [Int: [PDFLayout.Line]] = [:]
        for (m, ws) in wordsOf { lines[m] = PDFLayout.visualLines(ws.map { PDFLayout.Line(words: [$0]) }) }
        func text(_ m: Int, unitHeads: Bool) -> String {
            guard let ls = lines[m] else { return "" }
            // Cells keep a padding of about 5 pt inside their borders.
            let edge = max(ls.map(\.x1).max() ?? 0, (right[m] ?? 0) - 5)
            return PDFLayout.join(ls, rightEdge: edge, separator: "\n", unitHeads: unitHeads)
        }
        func cell(_ r: Int, _ c: Int, unitHeads: Bool) -> String {
            let m = find(id(r, c))
            return firstCell[m]?.c == c ? text(m, unitHeads: unitHeads) : ""
        }
        // The header: the rows above the first numbered one; its titles tell which columns name units.
        var firstNumbered = (0..<rowCount).first { r in
            let t = cell(r, 0, unitHeads: false).trimmed(of: " .")
            return !t.isEmpty && t.allSatisfy(\.isNumber)
        } ?? rowCount
        // Rows whose numbers a scan lost are not header rows: the header ends at the first row that is not one.
        let rowTitles = { (r: Int) in (0..<columnCount).map { c in text(find(id(r, c)), unitHeads: false) } }
        if firstNumbered > 1, PDFLayout.isHeaderRow(rowTitles(0)),
           let end = (1..<firstNumbered).first(where: { !PDFLayout.isHeaderRow(rowTitles($0)) }) {
            firstNumbered = end
        }
        let titles = (0..<columnCount).map { c in
            (0..<firstNumbered).map { r in text(find(id(r, c)), unitHeads: false) }.joined(separator: " ")
        }
        var units = titles.map(unitColumns)
        if !PDFLayout.isHeaderRow(titles), let previous = continuing, previous.count == columnCount { units = previous }
        var out: [[String]] = []
        for r in 0..<rowCount {
            let row = (0..<columnCount).map { c in cell(r, c, unitHeads: units[c]) }
            if row.contains(where: { !$0.isEmpty }) { out.append(row) }
        }
        return (out, units)
    }
}
