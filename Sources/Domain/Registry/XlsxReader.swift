import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Reads the first worksheet of an .xlsx workbook as rows of cell texts (shared strings, inline strings, numbers).
/// Enough for the registry tables offices keep in Excel; formulas give their cached values.
public enum XlsxReader {
    public static func rows(from data: Data, maxUncompressedBytes limit: Int = 32 * 1024 * 1024) throws -> [[String]] {
        try DocxReader.withArchive(data, notZip: "tệp .xlsx phải là một gói ZIP của Excel; tệp này không phải.",
                                   damaged: "gói ZIP của tệp .xlsx bị hỏng hoặc bị cắt cụt.") { archive in
            try rows(in: archive, data: data, limit: limit)
        }
    }

    static func rows(in archive: Archive, data: Data, limit: Int) throws -> [[String]] {
        let bytes = [UInt8](data)
        let sheetPath = archive.map(\.path).filter { $0.hasPrefix("xl/worksheets/") && $0.hasSuffix(".xml") }.sorted().first
        guard let sheetPath, let sheetEntry = archive[sheetPath] else {
            throw PlanImportError.unreadable("tệp .xlsx không có trang tính nào.")
        }
        let shared = try archive["xl/sharedStrings.xml"].map { try DocxReader.contents(of: $0, in: bytes, limit: limit) }.map(sharedStrings) ?? []
        let sheet = try DocxReader.contents(of: sheetEntry, in: bytes, limit: limit)
        return cells(sheet, shared: shared)
    }

    /// The texts of `<si>` items, in order (rich-text runs joined).
    static func sharedStrings(_ xml: Data) -> [String] {
        final class Delegate: NSObject, XMLParserDelegate {
            var items: [String] = []
            var current = ""
            var inText = false
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                if name == "si" { current = "" }
                if name == "t" { inText = true }
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                if name == "t" { inText = false }
                if name == "si" { items.append(current) }
            }
        }
        let delegate = Delegate()
        let parser = XMLParser(data: xml)
        parser.delegate = delegate
        parser.parse()
        return delegate.items
    }

    /// Rows of the sheet, each cell placed by its reference ("C7" is row 7, column 3); gaps are empty strings.
    static func cells(_ xml: Data, shared: [String]) -> [[String]] {
        final class Delegate: NSObject, XMLParserDelegate {
            let shared: [String]
            var rows: [Int: [Int: String]] = [:]
            var ref = ""
            var type = ""
            var value = ""
            var inValue = false
            var nextRow = 1
            var nextColumn = 1
            init(shared: [String]) { self.shared = shared }
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                switch name {
                case "row":
                    nextRow = attributes["r"].flatMap(Int.init) ?? nextRow
                    nextColumn = 1
                case "c":
                    ref = attributes["r"] ?? ""
                    type = attributes["t"] ?? ""
                    value = ""
                case "v", "t": inValue = true
                default: break
                }
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) { if inValue { value += string } }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                switch name {
                case "v", "t": inValue = false
                case "c":
                    let (row, column) = XlsxReader.position(ref) ?? (nextRow, nextColumn)
                    var text = value
                    if type == "s", let i = Int(value), i >= 0, i < shared.count { text = shared[i] }
                    if !text.isEmpty { rows[row, default: [:]][column] = text }
                    nextColumn = column + 1
                case "row": nextRow += 1
                default: break
                }
            }
        }
        let delegate = Delegate(shared: shared)
        let parser = XMLParser(data: xml)
        parser.delegate = delegate
        parser.parse()
        guard let last = delegate.rows.keys.max() else { return [] }
        return (1...last).map { r in
            let cells = delegate.rows[r] ?? [:]
            guard let width = cells.keys.max() else { return [] }
            return (1...width).map { cells[$0] ?? "" }
        }
    }

    /// "AB12" → (12, 28).
    static func position(_ ref: String) -> (row: Int, column: Int)? {
        var column = 0
        var digits = ""
        for ch in ref.uppercased() {
            if let a = ch.asciiValue, a >= 65, a <= 90, digits.isEmpty { column = column * 26 + Int(a - 64) }
            else if ch.isNumber { digits.append(ch) } else { return nil }
        }
        guard column > 0, let row = Int(digits) else { return nil }
        return (row, column)
    }

    /// An Excel serial day number (1900 date system) as a date: 45839 → 2025-07-01.
    public static func date(serial text: String) -> CalendarDate? {
        guard let serial = Double(text), serial > 59, serial < 2_958_466 else { return nil }
        // Day 25569 is 1970-01-01 (Excel counts a 29/02/1900 that never was).
        return CalendarDate(daysSince1970: Int(serial.rounded(.down)) - 25569)
    }
}
