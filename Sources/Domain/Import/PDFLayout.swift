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
}
