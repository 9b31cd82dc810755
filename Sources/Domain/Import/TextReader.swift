import Foundation

/// Reads plain-text, Markdown and text extracted from PDF (as in `shared/seeds/`) into blocks.
public enum TextReader {
    /// The lines as written (markdown removed, nothing joined), for tables that lost their structure.
    public static func rawLines(from text: String) -> [String] {
        // Lines are split after the same normalisation as `blocks(from:)`.
        text.lines().map(cleanMarkdown).filter { !$0.isEmpty }
    }

    public static func blocks(from text: String) -> [DocBlock] {
        let normalized = text.replacingOccurrences(of: "\u{00A0}", with: " ").replacingOccurrences(of: "\u{000C}", with: "\n")
        var blocks: [DocBlock] = []
        var rows: [[String]] = []
        var paragraphs: [String] = []

        func flushTable() {
            if !rows.isEmpty { blocks.append(.table(rows)) }
            rows = []
        }
        func flushParagraphs() {
            for p in joinBrokenParagraphs(paragraphs) { blocks.append(.paragraph(p)) }
            paragraphs = []
        }

        for line in normalized.lines() {
            if isSeparatorRow(line) { continue }
            let piped = pipeCells(line)
            if let cells = piped ?? (line.contains("\t") ? line.components(separatedBy: "\t").map(cellText) : nil) {
                // Two cells side by side ("ỦY BAN NHÂN DÂN<tab>CỘNG HÒA …"): a layout table, read column by column.
                if cells.count >= 3 || (cells.count == 2 && !cells[0].isEmpty && !cells[1].isEmpty) {
                    if let width = rows.first?.count, (width == 2) != (cells.count == 2) { flushTable() }
                    flushParagraphs()
                    // A header repeated after a page break is dropped.
                    if let header = rows.first, header == cells { continue }
                    rows.append(cells)
                    continue
                }
            }
            let clean = piped.map { $0.filter { !$0.isEmpty }.joined(separator: " ") } ?? cleanMarkdown(line)
            if clean.isEmpty { continue }
            if !rows.isEmpty { flushTable() }
            paragraphs.append(clean)
        }
        flushParagraphs()
        flushTable()
        return mergeAdjacentTables(blocks)
    }

    /// A web copy's table flattened with "|" between cells ("ỦY BAN NHÂN DÂN | CỘNG HÒA …", "| 1 | Nội dung | … |").
    static func pipeCells(_ line: String) -> [String]? {
        let t = line.trimmed()
        guard t.hasPrefix("|") || t.contains(" | ") else { return nil }
        var cells = t.components(separatedBy: "|")
        if t.hasPrefix("|") { cells.removeFirst() }
        if t.hasSuffix("|"), cells.count > 1 { cells.removeLast() }
        return cells.map(cellText)
    }

    /// A Markdown table's rule under its header: "|---|:---:|".
    static func isSeparatorRow(_ line: String) -> Bool {
        let t = line.trimmed()
        return t.hasPrefix("|") && t.contains("-") && t.allSatisfy { "|-: ".contains($0) }
    }

    /// Tables split by a page break (nothing but the repeated header between them) become one.
    static func mergeAdjacentTables(_ blocks: [DocBlock]) -> [DocBlock] {
        var out: [DocBlock] = []
        for block in blocks {
            if case .table(let rows) = block, case .table(let previous)? = out.last {
                let continued = rows.first == previous.first ? Array(rows.dropFirst()) : rows
                out[out.count - 1] = .table(previous + continued)
            } else {
                out.append(block)
            }
        }
        return out
    }

    /// Markdown decoration removed: heading marks, bold/italic stars, "__", escapes; a "* " bullet becomes "- ".
    static func cleanMarkdown(_ line: String) -> String {
        let bytes = Array(line.utf8)
        var i = 0
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
        while i < bytes.count, bytes[i] == UInt8(ascii: "#") { i += 1 }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count - i + 1)
        if i + 1 < bytes.count, bytes[i] == UInt8(ascii: "*"), bytes[i + 1] == 0x20 {
            out.append(UInt8(ascii: "-"))
            i += 1
        }
        var hasTag = false
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "*") || b == UInt8(ascii: "\\") { i += 1; continue }
            if b == UInt8(ascii: "_"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "_") { i += 2; continue }
            if b == UInt8(ascii: "<") { hasTag = true }
            out.append(b)
            i += 1
        }
        let s = String(decoding: out, as: UTF8.self)
        return VietnameseText.clean(hasTag ? stripHTML(s).joined(separator: " ") : s)
    }

    /// A table cell: HTML list items and paragraphs become lines; other tags vanish; entities decoded.
    static func cellText(_ cell: String) -> String {
        let s = cell.trimmed()
        guard s.contains("<") else { return VietnameseText.clean(s.replacingOccurrences(of: "**", with: "")) }
        return stripHTML(s).map { VietnameseText.clean($0) }.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    /// Splits HTML into text lines at block tags (<p>, <li>, <br>, <div>, <tr>) and drops all other tags.
    static func stripHTML(_ html: String) -> [String] {
        var lines: [String] = []
        var current = ""
        var i = html.startIndex
        var closes = true // once no ">" follows, none follows a later "<" either (a file of "<" stays linear)
        while i < html.endIndex {
            let ch = html[i]
            if ch == "<", closes, let close = html[i...].firstIndex(of: ">") ?? { closes = false; return nil }() {
                let tag = html[html.index(after: i)..<close].lowercased()
                let name = tag.trimmed(of: "/ ").split(separator: " ").first.map(String.init) ?? ""
                if ["p", "li", "br", "div", "tr", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th"].contains(name) {
                    if !current.trimmed().isEmpty { lines.append(current) }
                    current = ""
                }
                i = html.index(after: close)
                continue
            }
            current.append(ch)
            i = html.index(after: i)
        }
        if !current.trimmed().isEmpty { lines.append(current) }
        return lines.map(decodeEntities)
    }

    static func decodeEntities(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = s
        for (entity, value) in [("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&apos;", "'"),
                                ("&ndash;", "–"), ("&mdash;", "—"), ("&ldquo;", "“"), ("&rdquo;", "”"), ("&amp;", "&")] {
            out = out.replacingOccurrences(of: entity, with: value)
        }
        return out
    }

    /// Page and line breaks inside a sentence ("… cải cách hành" / "chính nhà nước …") are joined back.
    static func joinBrokenParagraphs(_ lines: [String]) -> [String] {
        var out: [String] = []
        for line in lines {
            if let last = out.last, continues(last, with: line) {
                out[out.count - 1] = last + " " + line
            } else {
                out.append(line)
            }
        }
        return out
    }

    static func continues(_ previous: String, with next: String) -> Bool {
        guard let end = previous.last, let first = next.first else { return false }
        if ".:;!?".contains(end) { return false }
        if isListMarker(next) { return false }
        if first.isLowercase { return true }
        // "2024" or "(CCHC)" continuing a sentence
        if (first.isNumber && !next.contains(". ") && next.count < 12) { return !isListMarker(next) }
        return false
    }

    static func isListMarker(_ s: String) -> Bool {
        guard let first = s.first else { return false }
        if "-+•–".contains(first) { return true }
        if first.isLetter, first.isLowercase, s.dropFirst().first == ")" { return true }
        let digits = s.prefix(while: { $0.isNumber })
        if !digits.isEmpty, s.dropFirst(digits.count).first.map({ ".)".contains($0) }) == true { return true }
        return false
    }
}
