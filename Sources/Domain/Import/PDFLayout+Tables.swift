import Foundation

/// The task table of a PDF page: its header, its columns, its rows, and tables continued on the next page.
extension PDFLayout {
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
