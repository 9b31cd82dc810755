import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Rebuilds paragraphs and tables from the word boxes `pdftotext -bbox-layout` reports for a PDF.
///
/// - Table: a header line with "STT"/"TT" and "NỘI DUNG"/"NHIỆM VỤ" starts it; the header cells' words give the
///   columns; each boundary sits where the fewest data words cross between two header cells; a row starts at a
///   line with a number in the first column. Rows cut by a page break and headers repeated on the next page are
///   joined back.
/// - Paragraphs: the lines of each text block, split where the next line's first word would have fitted on the
///   line before (so the break was the writer's, not the page's), and before list markers.
enum PDFLayout {
    struct Word { var text: String; var x0, y0, x1, y1: Double }
    struct Line {
        var words: [Word]
        var x0: Double { words.first?.x0 ?? 0 }
        var x1: Double { words.last?.x1 ?? 0 }
        var y0: Double { words.map(\.y0).min() ?? 0 }
        var y1: Double { words.map(\.y1).max() ?? 0 }
        var text: String { words.map(\.text).joined(separator: " ") }
    }
    struct Block { var lines: [Line] }
    struct Page {
        var blocks: [Block]
        /// The page's size in points, as pdftotext gives it (0 when unknown: pages recognised by OCR).
        var width = 0.0
        var height = 0.0
    }

    /// `rules`: the borders drawn on each page (`PDFRules`); a table they draw is read cell by cell, and without them
    /// tables are rebuilt from the words' positions alone.
    static func blocks(fromBBoxXHTML data: Data, rules: [[PDFRules.Rule]] = []) throws -> [DocBlock] {
        blocks(pages: try read(data), rules: rules)
    }

    /// The pages' words (from pdftotext or from OCR) as paragraphs and tables.
    static func blocks(pages: [Page], rules: [[PDFRules.Rule]] = []) -> [DocBlock] {
        var out: [DocBlock] = []
        var previousPage: Page?
        var unitColumns: [Bool]?
        for (n, page) in pages.enumerated() {
            let grids = n < rules.count ? PDFRules.grids(rules[n]) : []
            var next = grids.isEmpty ? blocks(of: page) : blocks(of: page, grids: grids, unitColumns: &unitColumns)
            // A sentence cut by the page break goes on at the top of the next page.
            let cut = previousPage.map(endsMidSentence) ?? false
            previousPage = page
            if case .paragraph(let last)? = out.last, case .paragraph(let first)? = next.first,
               TextReader.continues(last, with: first) || cut && !TextReader.isListMarker(first) && PlanParser.romanHeading(first) == nil
                && first != first.uppercased() {
                out[out.count - 1] = .paragraph(last + " " + first)
                next.removeFirst()
            }
            out += next
        }
        return mergeContinuedTables(out)
    }

    // MARK: Reading the XHTML

    static func read(_ data: Data) throws -> [Page] {
        final class Handler: NSObject, XMLParserDelegate {
            var pages: [Page] = []
            var word: Word?
            var line: [Word] = []
            var block: [Line] = []
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                switch name {
                case "page": pages.append(Page(blocks: [], width: Double(attributes["width"] ?? "") ?? 0, height: Double(attributes["height"] ?? "") ?? 0))
                case "block": block = []
                case "line": line = []
                case "word":
                    func v(_ k: String) -> Double { Double(attributes[k] ?? "") ?? 0 }
                    word = Word(text: "", x0: v("xMin"), y0: v("yMin"), x1: v("xMax"), y1: v("yMax"))
                default: break
                }
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) {
                word?.text += string
            }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                switch name {
                case "word":
                    if var w = word {
                        w.text = VietnameseText.clean(w.text)
                        if !w.text.isEmpty { line.append(w) }
                    }
                    word = nil
                case "line": if !line.isEmpty { block.append(Line(words: line)) }
                case "block": if !block.isEmpty, !pages.isEmpty { pages[pages.count - 1].blocks.append(Block(lines: block)) }
                default: break
                }
            }
        }
        guard DocxReader.isWellFormedUTF8(data) else { throw PlanImportError.unreadable("pdftotext trả về nội dung hỏng.") }
        let handler = Handler()
        let parser = XMLParser(data: data)
        parser.delegate = handler
        parser.shouldResolveExternalEntities = false
        guard parser.parse() else { throw PlanImportError.unreadable("pdftotext trả về nội dung hỏng.") }
        return handler.pages
    }

    // MARK: A page

    /// True when the page's last text line runs to the right margin without ending its sentence.
    static func endsMidSentence(_ page: Page) -> Bool {
        let lines = page.blocks.flatMap(\.lines)
        guard lines.count >= 5, let last = page.blocks.last?.lines.last, let right = lines.map(\.x1).max(),
              let left = lines.map(\.x0).min() else { return false }
        // A full line of running text, not a signature or a heading set to one side.
        return last.x1 >= right - 20 && last.x0 <= left + 40 && !".:;!?".contains(last.text.last ?? ".")
    }

    /// pdftotext makes separate blocks of words that a wide gap parts on one line ("Số:" … "/KH-UBND"; the blanks of
    /// "ngày      tháng      năm"): consecutive blocks on the same baseline, left to right, are one line again.
    static func mergeSameLineBlocks(_ blocks: [Block]) -> [Block] {
        var out: [Block] = []
        for block in blocks {
            if var last = out.last, let tail = last.lines.last, let head = block.lines.first,
               abs(tail.y0 - head.y0) < 2, head.x0 > tail.x1, head.x0 - tail.x1 < 120 {
                last.lines[last.lines.count - 1] = Line(words: tail.words + head.words)
                last.lines += block.lines.dropFirst()
                out[out.count - 1] = last
            } else {
                out.append(block)
            }
        }
        return out
    }

    static func blocks(of original: Page) -> [DocBlock] {
        let page = Page(blocks: mergeSameLineBlocks(original.blocks))
        let allLines = page.blocks.flatMap(\.lines).sorted { $0.y0 < $1.y0 }
        guard let table = tableRegion(allLines) else { return page.blocks.flatMap(paragraphs) }
        var out: [DocBlock] = []
        var tableEmitted = false
        for block in page.blocks {
            let outside = block.lines.filter { !table.contains($0) }
            if outside.count < block.lines.count, !tableEmitted {
                out.append(.table(table.rows()))
                tableEmitted = true
            }
            out += paragraphs(Block(lines: outside))
        }
        if !tableEmitted { out.append(.table(table.rows())) }
        return out
    }

    /// A page whose tables are drawn with borders: each grid is read cell by cell and set where it stands among the
    /// page's paragraphs, which are made of the words outside every grid.
    static func blocks(of original: Page, grids: [PDFRules.Grid], unitColumns: inout [Bool]?) -> [DocBlock] {
        func inside(_ w: Word) -> PDFRules.Grid? {
            grids.first { $0.contains(x: (w.x0 + w.x1) / 2, y: (w.y0 + w.y1) / 2) }
        }
        var tableWords = Array(repeating: [Word](), count: grids.count)
        var outside: [Block] = []
        for block in original.blocks {
            var lines: [Line] = []
            for line in block.lines {
                var kept: [Word] = []
                for w in line.words {
                    if let g = inside(w), let k = grids.firstIndex(where: { $0.x0 == g.x0 && $0.y0 == g.y0 }) { tableWords[k].append(w) } else { kept.append(w) }
                }
                if !kept.isEmpty { lines.append(Line(words: kept)) }
            }
            if !lines.isEmpty { outside.append(Block(lines: lines)) }
        }
        let page = Page(blocks: mergeSameLineBlocks(outside))
        var out: [DocBlock] = []
        var pending = Array(grids.indices)
        func emitTables(above y: Double) {
            while let k = pending.first, grids[k].y0 <= y {
                pending.removeFirst()
                let (rows, units) = PDFRules.rows(of: grids[k], words: tableWords[k], continuing: unitColumns) { title in
                    let f = fold(title)
                    return f.contains("chu tri") || f.contains("phoi hop") || f.contains("thuc hien") || f.contains("don vi") || f.contains("co quan")
                }
                unitColumns = units
                if !rows.isEmpty { out.append(.table(rows)) }
            }
        }
        for block in page.blocks {
            emitTables(above: block.lines.map(\.y0).min() ?? 0)
            out += paragraphs(block)
        }
        emitTables(above: .infinity)
        return out
    }

    static func fold(_ s: String) -> String { VietnameseText.fold(s) }

    static func isNumber(_ s: String) -> Bool {
        let t = s.trimmed(of: ".")
        return !t.isEmpty && t.allSatisfy(\.isNumber)
    }

    // MARK: Tables

    struct TableRegion {
        var top: Double
        var bottom: Double
        var headerLines: [Line]
        var dataLines: [Line]
        var boundaries: [Double] // between columns, left to right

        func contains(_ line: Line) -> Bool { line.y0 >= top - 0.5 && line.y1 <= bottom + 0.5 }

        func column(of word: Word) -> Int {
            let center = (word.x0 + word.x1) / 2
            return boundaries.firstIndex(where: { center < $0 }) ?? boundaries.count
        }

        func cells(of lines: [Line]) -> [[Line]] {
            var cells = Array(repeating: [Line](), count: boundaries.count + 1)
            for line in lines {
                var parts = Array(repeating: [Word](), count: boundaries.count + 1)
                for w in line.words { parts[column(of: w)].append(w) }
                for (c, words) in parts.enumerated() where !words.isEmpty { cells[c].append(Line(words: words)) }
            }
            return cells
        }

        func rows() -> [[String]] {
            let headerCells = cells(of: headerLines).map { $0.map(\.text).joined(separator: " ") }
            var rows: [[[Line]]] = []
            var current: [Line] = [] // lines before the first number: a row cut by the page break goes on here
            func flush() {
                if !current.isEmpty { rows.append(cells(of: current)) }
                current = []
            }
            for line in dataLines {
                let first = line.words.filter { column(of: $0) == 0 }.map(\.text).joined(separator: " ")
                if !first.isEmpty, PDFLayout.isNumber(first) || PlanParser.romans.contains(first.trimmed(of: ".")) { flush() }
                current.append(line)
            }
            flush()
            // Each column's right edge is where its widest line ends.
            var rightEdge = Array(repeating: 0.0, count: boundaries.count + 1)
            for row in rows { for (c, lines) in row.enumerated() { for l in lines { rightEdge[c] = max(rightEdge[c], l.x1) } } }
            return [headerCells] + rows.map { row in
                row.enumerated().map { c, lines in
                    let header = c < headerCells.count ? PDFLayout.fold(headerCells[c]) : ""
                    let unitColumn = header.contains("chu tri") || header.contains("phoi hop")
                    return PDFLayout.join(lines, rightEdge: rightEdge[c], separator: "\n", unitHeads: unitColumn)
                }
            }
        }
    }

    /// Lines whose tops are within half a line of each other are one visual line (a cell's number and its text
    /// may come out as separate lines).
    static func visualLines(_ lines: [Line]) -> [Line] {
        var out: [Line] = []
        for line in lines.sorted(by: { $0.y0 < $1.y0 }) {
            if let last = out.last, abs(line.y0 - last.y0) < (last.y1 - last.y0) * 0.5 {
                out[out.count - 1] = Line(words: (last.words + line.words).sorted { $0.x0 < $1.x0 })
            } else {
                out.append(line)
            }
        }
        return out
    }

    static func tableRegion(_ pageLines: [Line]) -> TableRegion? {
        let lines = visualLines(pageLines)
        // The header: a line beginning "STT"/"TT"/"Số TT" with a content column's title in the same band.
        guard let headerAt = lines.firstIndex(where: { line in
            let f = fold(line.words.first?.text ?? "")
            guard f == "stt" || f == "tt" || (f == "so" && line.words.count > 1 && fold(line.words[1].text) == "tt") else { return false }
            let band = lines.filter { abs($0.y0 - line.y0) < 30 }.map { fold($0.text) }.joined(separator: " ")
            return band.contains("noi dung") || band.contains("nhiem vu") || band.contains("ten hoat dong")
        }) else { return nil }
        let stt = lines[headerAt].words[0]
        let lineHeight = max(8, stt.y1 - stt.y0)
        // Data rows start at the first line below the header with a number under "STT".
        let firstRow = lines.indices.first { i in
            lines[i].y0 > stt.y1 - 1 && lines[i].words.contains { w in isNumber(w.text) && w.x0 < stt.x1 + lineHeight && w.x1 > stt.x0 - lineHeight }
        }
        let headerTop = stt.y0 - 2 * lineHeight
        let headerBottom = firstRow.map { lines[$0].y0 } ?? stt.y1 + 2 * lineHeight
        let headerLines = lines.filter { $0.y0 >= headerTop && $0.y0 < headerBottom && $0.y1 <= headerBottom + lineHeight }
        guard !headerLines.isEmpty else { return nil }
        // Header cells: the header's words grouped where they overlap or nearly touch across its lines.
        var groups: [(x0: Double, x1: Double)] = []
        for w in headerLines.flatMap(\.words).sorted(by: { $0.x0 < $1.x0 }) {
            if let last = groups.last, w.x0 <= last.x1 + lineHeight * 0.45 {
                groups[groups.count - 1].x1 = max(last.x1, w.x1)
            } else {
                groups.append((w.x0, w.x1))
            }
        }
        guard groups.count >= 3 else { return nil }
        // Data lines go down until a gap taller than two lines, or the end of the page.
        var dataLines: [Line] = []
        if let start = firstRow {
            var previousBottom = lines[start].y0
            for line in lines[start...] {
                if line.y0 - previousBottom > 2.2 * lineHeight { break }
                dataLines.append(line)
                previousBottom = max(previousBottom, line.y1)
            }
        }
        // Column boundaries: between two header cells, the middle of the widest stretch crossed by the fewest data
        // words (cell padding leaves a gap of 10 pt or more; spaces between words are about 3 pt).
        var boundaries: [Double] = []
        for k in 0..<(groups.count - 1) {
            let (from, to) = (groups[k].x1, groups[k + 1].x0)
            var xs: [(x: Double, count: Int)] = []
            var x = from
            while x <= to {
                xs.append((x, dataLines.reduce(0) { n, line in n + line.words.filter { $0.x0 < x && $0.x1 > x }.count }))
                x += 0.5
            }
            let fewest = xs.map(\.count).min() ?? 0
            var best = (start: (from + to) / 2, width: -1.0)
            var runStart: Double?
            for (i, point) in xs.enumerated() {
                if point.count == fewest {
                    if runStart == nil { runStart = point.x }
                    let end = point.x
                    if let s = runStart, end - s > best.width, i == xs.count - 1 || xs[i + 1].count != fewest { best = (s, end - s) }
                } else {
                    runStart = nil
                }
            }
            boundaries.append(best.start + max(0, best.width) / 2)
        }
        let bottom = dataLines.map(\.y1).max() ?? headerLines.map(\.y1).max() ?? stt.y1
        let top = headerLines.map(\.y0).min() ?? stt.y0
        return TableRegion(top: top, bottom: bottom, headerLines: headerLines, dataLines: dataLines, boundaries: boundaries)
    }

    /// Joins the lines of one cell or text block: a wrapped line continues with a space; a line whose first word
    /// would have fitted on the line before, or that starts a list item, begins a new paragraph.
    static func join(_ lines: [Line], rightEdge: Double, separator: String, unitHeads: Bool = false) -> String {
        var out = ""
        var previous: Line?
        for line in lines {
            defer { previous = line }
            guard let p = previous, !out.isEmpty else { out = line.text; continue }
            // A dash a scan set on a line of its own ("Văn hóa" / "–" / "Thể thao") stays inside the name.
            if isDashes(line.text) { out += " " + line.text; continue }
            // The first word with a letter or digit, with any dash or bullet before it: "- Kế" must fit, not "-".
            let firstWord = line.words.firstIndex { $0.text.contains { $0.isLetter || $0.isNumber } } ?? 0
            let firstWidth = line.words.isEmpty ? 0 : line.words[min(firstWord, line.words.count - 1)].x1 - line.words[0].x0
            let space = max(2.5, (p.y1 - p.y0) * 0.25)
            let wouldFit = p.x1 + space + firstWidth < rightEdge - 1
            let text = line.text
            // In a cell, "- Xã hội" after "Công chức Văn hóa" is the name wrapping, unless the cell is a list.
            let listCell = !unitHeads || lines.first.map { TextReader.isListMarker($0.text) } == true
                || p.text.hasSuffix(";") || p.text.hasSuffix(".")
            let startsItem = TextReader.isListMarker(text) && listCell
            let rule = !text.contains(where: { $0.isLetter || $0.isNumber }) || !p.text.contains(where: { $0.isLetter || $0.isNumber }) && !isDashes(p.text)
            // In a table cell a new line naming a unit ("Đoàn TNCS …", "UBND cấp xã") is a new entry.
            let joined = p.text.hasSuffix("-") || p.text.hasSuffix("–") || p.text.hasSuffix(",") || p.text.hasSuffix(" và")
            // "Văn phòng" / "HĐND và UBND huyện": a line that is only a head has not named its unit yet.
            let headOnly = bareHeads.contains(fold(p.text).trimmed(of: " -–"))
            let lowerGroup = UnitListSplitter.startsGroupName(fold(text) + " ") && !fold(out).hasPrefix("cac ")
            let newUnit = unitHeads && !joined && !headOnly && (text.first?.isUppercase == true || lowerGroup)
                && unitStarts.contains(where: { (fold(text) + " ").hasPrefix($0) })
            // In a unit cell a line that starts in lower case (not "các …") goes on with the name above: "Đoàn Thanh" / "niên xã".
            let continuesName = unitHeads && text.first?.isLowercase == true && !lowerGroup && !startsItem && !rule
            // "KẾ HOẠCH" under the place-date line: a heading in capitals after a line that is not is a new paragraph.
            let heading = text == text.uppercased() && text.filter(\.isLetter).count >= 4 && text.split(separator: " ").count <= 6
                && !".,;:)".contains(text.last ?? ".") && p.text != p.text.uppercased() && !unitHeads
            // A unit's name never ends with a joiner: "Trung tâm Văn hóa –" / "Thể thao – Truyền thanh huyện" is one name.
            let mustJoin = unitHeads && joined
            if (wouldFit && !continuesName && !mustJoin) || startsItem || rule || newUnit || heading || p.text.hasSuffix(":") {
                out += separator + text
            } else if p.text.hasSuffix("-") && text.first?.isNumber == true {
                out += text // "Tháng 5-" / "10/2025"
            } else {
                out += " " + text
            }
        }
        return out
    }

    static func isDashes(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0 == "-" || $0 == "–" || $0 == " " }
    }

    /// Words that begin a unit's name without naming it ("Văn phòng", "Trung tâm", "Công chức").
    static let bareHeads: Set<String> = ["van phong", "phong", "trung tam", "uy ban", "uy ban nhan dan", "ubnd", "cong chuc", "ban",
                                         "so", "hoi", "doan", "dai", "chi cuc", "can bo", "cac", "co quan", "don vi", "lanh dao"]

    /// How unit entries begin, for telling a new entry from a wrapped one in a unit column.
    static let unitStarts = UnitListSplitter.heads + ["cac ", "co quan ", "don vi ", "hdnd ", "ubmttq ", "lanh dao "]

    /// Text set side by side ("Số: …" beside "Sóc Trăng, ngày …") comes as one line with a wide gap: split it.
    static func splitAtWideGaps(_ line: Line) -> [Line] {
        let gap = max(36, (line.y1 - line.y0) * 2.5)
        var parts: [[Word]] = []
        for w in line.words {
            // "ngày      tháng      năm 2025": the blanks of an undated draft are not a column gap.
            let dateBlank = ["tháng", "năm"].contains(w.text.lowercased()) || parts.last?.last.map { ["ngày", "tháng"].contains($0.text.lowercased()) } == true
            if let last = parts.last?.last, w.x0 - last.x1 <= gap || dateBlank { parts[parts.count - 1].append(w) } else { parts.append([w]) }
        }
        return parts.map { Line(words: $0) }
    }

    static func paragraphs(_ block: Block) -> [DocBlock] {
        guard !block.lines.isEmpty else { return [] }
        let pieces = block.lines.map(splitAtWideGaps)
        // A block set side by side gives one paragraph per piece; otherwise its lines are joined into paragraphs.
        guard pieces.allSatisfy({ $0.count == 1 }) else {
            return pieces.joined().map { .paragraph(VietnameseText.clean($0.text)) }.filter { $0 != .paragraph("") }
        }
        let right = block.lines.map(\.x1).max() ?? 0
        return join(block.lines, rightEdge: right, separator: "\n").split(separator: "\n")
            .map { VietnameseText.clean(String($0)) }
            .filter { !$0.isEmpty && !$0.allSatisfy(\.isNumber) } // page numbers
            .map { .paragraph($0) }
    }

    /// A row of column titles: one of its cells names the content or the row number column.
    static func isHeaderRow(_ row: [String]) -> Bool {
        let known = row.filter { cell in
            if case .unknown = PlanParser.column(cell) { return false }
            return cell.count <= 80
        }
        return known.count >= 2
    }

    /// A table cut by page breaks continues in the next one (its header repeated); a first row without a number
    /// is the rest of the previous page's last row.
    static func mergeContinuedTables(_ blocks: [DocBlock]) -> [DocBlock] {
        var out: [DocBlock] = []
        for block in blocks {
            // The header repeated, or no header at all on a table as wide as the one before it.
            if case .table(let rows) = block, case .table(let previous)? = out.last,
               let h = rows.first, let ph = previous.first,
               h.map(fold) == ph.map(fold) || h.count == ph.count && !isHeaderRow(h) {
                var merged = previous
                // Only the page's first row can be the rest of the row cut by the break; a later row without a number
                // is the parser's to judge (a scan may have lost the number of a whole task).
                for (k, row) in (h.map(fold) == ph.map(fold) ? Array(rows.dropFirst()) : rows).enumerated() {
                    if k == 0, row.first?.isEmpty == true, var last = merged.popLast(), merged.count >= 1 {
                        for c in 0..<min(last.count, row.count) where !row[c].isEmpty {
                            let lower = row[c].first?.isLowercase == true && !UnitListSplitter.startsGroupName(fold(row[c]) + " ")
                            let separator = lower || last[c].hasSuffix(",") || last[c].hasSuffix("-") ? " " : "\n"
                            last[c] += last[c].isEmpty ? row[c] : separator + row[c]
                        }
                        merged.append(last)
                    } else {
                        merged.append(row)
                    }
                }
                out[out.count - 1] = .table(merged)
            } else {
                out.append(block)
            }
        }
        return out
    }
}
