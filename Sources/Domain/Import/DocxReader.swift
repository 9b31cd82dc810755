import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Reads `word/document.xml` of a .docx into paragraphs and tables (a vertically merged cell repeats its text in
/// each row it spans, a horizontally merged one keeps it in its first column;
/// a cell's paragraphs become lines; automatic numbering is written out as "1." / "-").
public enum DocxReader {
    /// Refuse archives whose document part would inflate beyond this (zip bombs).
    public static let maxUncompressedBytes = 64 * 1024 * 1024
    /// Word's own limits: 63 columns in a table; list numbering values of real documents are small.
    static let maxColumns = 63
    static let maxStart = 9_999

    public static func blocks(from data: Data, maxUncompressedBytes limit: Int = maxUncompressedBytes) throws -> [DocBlock] {
        try withArchive(data, notZip: "tệp .docx phải là một gói ZIP của Word; tệp này không phải (có thể là ảnh hoặc .doc cũ đổi tên).",
                        damaged: "gói ZIP của tệp .docx bị hỏng hoặc bị cắt cụt.") { archive in
            try blocks(in: archive, data: data, limit: limit)
        }
    }

    /// Opens an Office package (a ZIP) from bytes. ZIPFoundation's in-memory archives trap on corrupt offsets (found by
    /// fuzzing); its file-backed reader reports them as errors, so the bytes are read from a private temporary file,
    /// removed afterwards.
    static func withArchive<T>(_ data: Data, notZip: String, damaged: String, _ body: (Archive) throws -> T) throws -> T {
        guard data.count >= 4, data.prefix(2) == Data([0x50, 0x4B]) else { throw PlanImportError.unreadable(notZip) }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cchc-\(UUID().uuidString).zip")
        defer { try? FileManager.default.removeItem(at: file) }
        let archive: Archive
        do {
            try data.write(to: file, options: .withoutOverwriting)
            archive = try Archive(url: file, accessMode: .read)
        } catch {
            throw PlanImportError.unreadable(damaged)
        }
        return try body(archive)
    }

    static func blocks(in archive: Archive, data: Data, limit: Int) throws -> [DocBlock] {
        guard let entry = archive["word/document.xml"] else {
            throw PlanImportError.unreadable("gói .docx không có phần nội dung word/document.xml.")
        }
        guard entry.uncompressedSize <= UInt64(limit) else {
            throw PlanImportError.unreadable("nội dung giải nén quá lớn (\(entry.uncompressedSize / 1024 / 1024) MB).")
        }
        let bytes = [UInt8](data)
        let xml = try contents(of: entry, in: bytes, limit: limit)
        let numbering = archive["word/numbering.xml"].flatMap { try? contents(of: $0, in: bytes, limit: 8 * 1024 * 1024) }
        let styles = archive["word/styles.xml"].flatMap { try? contents(of: $0, in: bytes, limit: 8 * 1024 * 1024) }
        return try parse(documentXML: xml, numberingXML: numbering, stylesXML: styles)
    }

    /// An entry's bytes, inflated with a provider that stops at the end of its compressed data. (ZIPFoundation's own
    /// `extract` loops forever on a deflate stream that ends early — found by fuzzing.)
    static func contents(of entry: Entry, in bytes: [UInt8], limit: Int) throws -> Data {
        let damaged = PlanImportError.unreadable("không giải nén được nội dung tệp .docx.")
        let name = Array(entry.path.utf8)
        // The entry's local header: "PK\u{3}\u{4}", 26 bytes of fields, then its name and extra field.
        var start: Int?
        var i = 0
        while i + 30 <= bytes.count {
            if bytes[i] == 0x50, bytes[i + 1] == 0x4B, bytes[i + 2] == 0x03, bytes[i + 3] == 0x04 {
                let nameLength = Int(bytes[i + 26]) | Int(bytes[i + 27]) << 8
                let extraLength = Int(bytes[i + 28]) | Int(bytes[i + 29]) << 8
                if i + 30 + nameLength <= bytes.count, Array(bytes[(i + 30)..<(i + 30 + nameLength)]) == name {
                    start = i + 30 + nameLength + extraLength
                    break
                }
            }
            i += 1
        }
        guard let start, entry.compressedSize <= UInt64(bytes.count - min(start, bytes.count)) else { throw damaged }
        let compressed = Data(bytes[start..<(start + Int(entry.compressedSize))])
        guard entry.uncompressedSize <= UInt64(limit) else {
            throw PlanImportError.unreadable("nội dung giải nén quá lớn (\(entry.uncompressedSize / 1024 / 1024) MB).")
        }
        var out = Data()
        if !entry.isCompressed {
            out = compressed
        } else {
            do {
                _ = try Data.decompress(size: Int64(compressed.count), bufferSize: 64 * 1024, skipCRC32: true, provider: { position, size in
                    let from = Int(position)
                    guard from < compressed.count else { throw damaged } // the stream should have ended by now
                    return compressed.subdata(in: from..<min(compressed.count, from + size))
                }, consumer: { chunk in
                    out.append(chunk)
                    if out.count > limit { throw PlanImportError.unreadable("nội dung giải nén vượt giới hạn.") }
                })
            } catch let error as PlanImportError {
                throw error
            } catch {
                throw damaged
            }
        }
        guard out.count <= limit else { throw PlanImportError.unreadable("nội dung giải nén vượt giới hạn.") }
        guard out.crc32(checksum: 0) == entry.checksum else { throw damaged }
        return out
    }

    static func parse(documentXML: Data, numberingXML: Data?, stylesXML: Data? = nil) throws -> [DocBlock] {
        // FoundationXML's parser traps on names that are not valid UTF-8 (found by fuzzing): check first.
        guard isWellFormedUTF8(documentXML) else {
            throw PlanImportError.unreadable("nội dung XML của tệp .docx bị hỏng.")
        }
        var formats = numberingXML.flatMap { isWellFormedUTF8($0) ? NumberingFormats.read($0) : nil } ?? NumberingFormats()
        if let styles = stylesXML, isWellFormedUTF8(styles) { formats.styleNumbering = NumberingFormats.readStyles(styles) }
        let handler = DocumentHandler(formats: formats)
        let parser = XMLParser(data: documentXML)
        parser.delegate = handler
        parser.shouldResolveExternalEntities = false
        guard parser.parse(), parser.parserError == nil else {
            throw PlanImportError.unreadable("nội dung XML của tệp .docx bị hỏng.")
        }
        return handler.blocks
    }

    /// Valid UTF-8 without NUL bytes (Word writes its XML parts in UTF-8).
    static func isWellFormedUTF8(_ data: Data) -> Bool {
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            return !bytes.contains(0) && String(validating: bytes, as: UTF8.self) != nil
        }
    }

    /// Automatic numbering: for each list (w:numId) and level, its format ("upperRoman", "decimal", "lowerLetter",
    /// "bullet" …), its text pattern ("%1.", "%2)") and its start value.
    struct NumberingFormats {
        struct Level { var format = "decimal"; var text = "%1."; var start = 1 }
        var levels: [String: [Int: Level]] = [:] // numId → ilvl → level
        /// Paragraph styles that number their paragraphs ("Heading 1" → I., II. …): styleId → (numId, ilvl).
        var styleNumbering: [String: (numID: String, level: Int)] = [:]

        static func readStyles(_ data: Data) -> [String: (numID: String, level: Int)] {
            final class H: NSObject, XMLParserDelegate {
                var style: String?
                var numID: String?
                var level = 0
                var found: [String: (numID: String, level: Int)] = [:]
                func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                    switch name {
                    case "w:style": style = attributes["w:styleId"]; numID = nil; level = 0
                    case "w:numId": numID = attributes["w:val"]
                    case "w:ilvl": level = min(8, max(0, Int(attributes["w:val"] ?? "0") ?? 0))
                    default: break
                    }
                }
                func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                    if name == "w:style", let s = style, let n = numID { found[s] = (n, level) }
                }
            }
            let h = H()
            let p = XMLParser(data: data)
            p.delegate = h
            p.shouldResolveExternalEntities = false
            _ = p.parse()
            return h.found
        }

        static func read(_ data: Data) -> NumberingFormats {
            final class H: NSObject, XMLParserDelegate {
                var abstractLevels: [String: [Int: Level]] = [:]
                var numToAbstract: [String: String] = [:]
                var currentAbstract: String?
                var currentNum: String?
                var level: Int?
                func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                    switch name {
                    case "w:abstractNum": currentAbstract = attributes["w:abstractNumId"]
                    case "w:lvl":
                        level = attributes["w:ilvl"].flatMap { Int($0) }.map { min(8, max(0, $0)) }
                        if let a = currentAbstract, let l = level { abstractLevels[a, default: [:]][l] = Level() }
                    case "w:numFmt", "w:lvlText", "w:start":
                        guard let a = currentAbstract, let l = level, let v = attributes["w:val"] else { return }
                        switch name {
                        case "w:numFmt": abstractLevels[a]?[l]?.format = v
                        case "w:lvlText": abstractLevels[a]?[l]?.text = v
                        default: abstractLevels[a]?[l]?.start = Int(v).map { min(max($0, 0), maxStart) } ?? 1
                        }
                    case "w:num": currentNum = attributes["w:numId"]; currentAbstract = nil
                    case "w:abstractNumId": if let n = currentNum, let v = attributes["w:val"] { numToAbstract[n] = v }
                    default: break
                    }
                }
                func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                    if name == "w:abstractNum" { currentAbstract = nil }
                    if name == "w:num" { currentNum = nil }
                }
            }
            let h = H()
            let p = XMLParser(data: data)
            p.delegate = h
            p.shouldResolveExternalEntities = false
            _ = p.parse()
            var f = NumberingFormats()
            for (num, abstract) in h.numToAbstract { f.levels[num] = h.abstractLevels[abstract] ?? [:] }
            return f
        }

        /// The marker Word shows before a paragraph: "I.", "1.", "a)", "-".
        static func marker(_ level: Level, counters: [Int], levels: [Int: Level]) -> String {
            if level.format == "bullet" { return "-" }
            var text = level.text
            for (k, n) in counters.enumerated() {
                text = text.replacingOccurrences(of: "%\(k + 1)", with: format(n, as: levels[k]?.format ?? "decimal"))
            }
            return text.trimmed()
        }

        static func format(_ n: Int, as format: String) -> String {
            switch format {
            case "upperRoman": return roman(n)
            case "lowerRoman": return roman(n).lowercased()
            case "upperLetter": return letter(n).uppercased()
            case "lowerLetter": return letter(n)
            case "none": return ""
            default: return "\(n)"
            }
        }

        static func roman(_ n: Int) -> String {
            guard n > 0, n < 4000 else { return "\(n)" }
            let table: [(Int, String)] = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                                          (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
            var rest = n, out = ""
            for (value, numeral) in table { while rest >= value { out += numeral; rest -= value } }
            return out
        }

        static func letter(_ n: Int) -> String {
            // Word writes "aa", "aaa" … past z; a list never runs that long in a plan, a crafted start value would.
            guard n > 0, n <= 26 * 10 else { return "\(n)" }
            let letters = Array("abcdefghijklmnopqrstuvwxyz")
            return String(repeating: letters[(n - 1) % 26], count: (n - 1) / 26 + 1)
        }
    }

    final class DocumentHandler: NSObject, XMLParserDelegate {
        let formats: NumberingFormats
        var blocks: [DocBlock] = []
        // Nested tables are flattened into their cell's text.
        var tableDepth = 0
        var rows: [[String]] = []
        var row: [String] = []
        var cellLines: [String] = []
        var paragraph = ""
        var inText = false
        var numID: String?
        var numLevel = 0
        var counters: [String: [Int]] = [:] // numId → the count at each level
        var vMergeContinue = false
        var gridSpan = 1

        init(formats: NumberingFormats) { self.formats = formats }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            switch name {
            case "w:tbl": tableDepth += 1; if tableDepth == 1 { rows = [] }
            case "w:tr": if tableDepth == 1 { row = [] }
            case "w:tc": if tableDepth == 1 { cellLines = []; vMergeContinue = false; gridSpan = 1 }
            case "w:vMerge": if tableDepth == 1 { vMergeContinue = attributes["w:val"] == nil || attributes["w:val"] == "continue" }
            case "w:gridSpan": if tableDepth == 1 { gridSpan = min(max(Int(attributes["w:val"] ?? "1") ?? 1, 1), maxColumns) }
            case "w:p": paragraph = ""; numID = nil; numLevel = 0
            case "w:pStyle":
                if numID == nil, let style = attributes["w:val"].flatMap({ formats.styleNumbering[$0] }) {
                    numID = style.numID
                    numLevel = style.level
                }
            case "w:numId": numID = attributes["w:val"]
            case "w:ilvl": numLevel = min(8, max(0, Int(attributes["w:val"] ?? "0") ?? 0))
            case "w:t": inText = true
            case "w:tab": paragraph += tableDepth > 0 ? " " : "\t"
            case "w:br", "w:cr": paragraph += "\n"
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inText { paragraph += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "w:t": inText = false
            case "w:p":
                var text = paragraph
                if let n = numID, n != "0", !text.trimmed().isEmpty {
                    let levels = formats.levels[n] ?? [:]
                    let level = levels[numLevel] ?? NumberingFormats.Level(format: levels.isEmpty ? "decimal" : "bullet")
                    var count = counters[n] ?? []
                    while count.count <= numLevel { count.append((levels[count.count]?.start ?? 1) - 1) }
                    count[numLevel] = min(count[numLevel], Int(Int32.max)) + 1
                    count.removeSubrange((numLevel + 1)...) // a new item restarts the levels below it
                    counters[n] = count
                    let marker = NumberingFormats.marker(level, counters: count, levels: levels)
                    if !marker.isEmpty { text = marker + " " + text }
                }
                let lines = text.split(separator: "\n").map { VietnameseText.clean(String($0)) }.filter { !$0.isEmpty }
                if tableDepth > 0 { cellLines += lines } else { blocks += lines.map { .paragraph($0) } }
            case "w:tc":
                if tableDepth == 1 {
                    // A vertically merged cell ("Phòng Nội vụ" leading three tasks) gives its text to every row it spans.
                    let column = row.count
                    let text = vMergeContinue ? (rows.last.flatMap { column < $0.count ? $0[column] : nil } ?? "") : cellLines.joined(separator: "\n")
                    // Word's tables have at most 63 columns: cells past that (a crafted file) are dropped.
                    if row.count < maxColumns { row.append(text) }
                    for _ in 1..<max(gridSpan, 1) where row.count < maxColumns { row.append("") }
                }
            case "w:tr": if tableDepth == 1 { rows.append(row) }
            case "w:tbl":
                if tableDepth == 1 {
                    if case .table(let previous)? = blocks.last, previous.first == rows.first {
                        blocks[blocks.count - 1] = .table(previous + rows.dropFirst())
                    } else {
                        blocks.append(.table(rows))
                    }
                }
                tableDepth -= 1
            default: break
            }
        }
    }
}
