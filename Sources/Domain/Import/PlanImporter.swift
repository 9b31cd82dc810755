import Foundation

/// Reads a plan document of any supported format into `cchc.plan/v1`.
public struct PlanImporter: Sendable {
    public var maxBytes: Int

    public init(maxBytes: Int = 20 * 1024 * 1024) {
        self.maxBytes = maxBytes
    }

    public static let supportedExtensions = ["docx", "doc", "odt", "rtf", "txt", "md", "markdown", "html", "htm", "pdf"]

    public func importFile(at path: String) throws -> Plan {
        let url = URL(fileURLWithPath: path)
        let attributes: [FileAttributeKey: Any]
        do { attributes = try FileManager.default.attributesOfItem(atPath: path) } catch {
            throw PlanImportError.unreadable("không mở được tệp \(url.lastPathComponent).")
        }
        if let size = attributes[.size] as? NSNumber, size.intValue > maxBytes {
            throw PlanImportError.tooLarge(bytes: size.intValue, limit: maxBytes)
        }
        let ext = url.pathExtension.lowercased()
        if ext == "pdf" {
            let read = try PDFText.read(path: path, maxBytes: maxBytes)
            var plan = try PlanParser().parse(read.blocks)
            plan.warnings = read.warnings + plan.warnings
            return plan
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PlanImportError.unreadable("không đọc được tệp \(url.lastPathComponent).")
        }
        return try importData(data, filename: url.lastPathComponent)
    }

    public func importData(_ data: Data, filename: String) throws -> Plan {
        guard !data.isEmpty else { throw PlanImportError.empty }
        guard data.count <= maxBytes else { throw PlanImportError.tooLarge(bytes: data.count, limit: maxBytes) }
        let ext = (filename as NSString).pathExtension.lowercased()
        if ext == "pdf" {
            // The poppler tools read files: the bytes go to a private temporary file first.
            return try ExternalTool.withPrivateFolder("pdf") { folder in
                let file = folder.appendingPathComponent("plan.pdf")
                do { try data.write(to: file) } catch { throw PlanImportError.unreadable("không ghi được tệp tạm để đọc PDF.") }
                return try importFile(at: file.path)
            }
        }
        let read = try blocks(of: data, extension: ext)
        return try PlanParser().parse(read.blocks, rawLines: read.rawLines)
    }

    /// A non-PDF file's blocks by its format; for text, also its lines as written (tables that lost their structure).
    func blocks(of data: Data, extension ext: String) throws -> (blocks: [DocBlock], rawLines: [String]) {
        switch ext {
        case "docx": return (try DocxReader.blocks(from: data), [])
        case "doc" where DocBookReader.antiword != nil:
            return (try DocBookReader.blocks(doc: data, maxBytes: maxBytes)
                ?? DocxReader.blocks(from: try OfficeConversion.docx(from: data, extension: ext, maxBytes: maxBytes)), [])
        case _ where OfficeConversion.extensions.contains(ext):
            return (try DocxReader.blocks(from: try OfficeConversion.docx(from: data, extension: ext, maxBytes: maxBytes)), [])
        case "txt", "md", "markdown", "":
            let text = try TextDecoding.decode(data)
            return (TextReader.blocks(from: text), TextReader.rawLines(from: text))
        case "html", "htm": return (HTMLReader.blocks(from: try TextDecoding.decode(data)), [])
        default: throw PlanImportError.unsupportedFormat(ext)
        }
    }

    /// The paragraphs and tables a file is read into, before they are understood as a plan (for diagnosis).
    public func blocks(atPath path: String) throws -> [DocBlock] {
        if path.lowercased().hasSuffix(".pdf") { return try PDFText.read(path: path, maxBytes: maxBytes).blocks }
        guard let data = FileManager.default.contents(atPath: path) else { throw PlanImportError.unreadable(path) }
        return try blocks(of: data, extension: (path as NSString).pathExtension.lowercased()).blocks
    }

    public func importText(_ text: String) throws -> Plan {
        try PlanParser().parse(TextReader.blocks(from: text), rawLines: TextReader.rawLines(from: text))
    }
}

/// HTML documents: tables become tables, block elements become paragraphs.
enum HTMLReader {
    /// What a browser does not show: the head, styles, scripts and comments, each replaced by a space. One pass over the
    /// bytes: a pattern search from every "<!--" of a file made of them took seconds per 10 KB (quadratic).
    static func visibleBody(_ html: String) -> String {
        let bytes = Array(html.utf8)
        let hidden: [(open: [UInt8], close: [UInt8], isTag: Bool)] = [
            (Array("<!--".utf8), Array("-->".utf8), false), (Array("<head".utf8), Array("</head>".utf8), true),
            (Array("<style".utf8), Array("</style>".utf8), true), (Array("<script".utf8), Array("</script>".utf8), true),
        ]
        var unclosed = Array(repeating: false, count: hidden.count) // no closing marker after some point: none after any later one
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        scan: while i < bytes.count {
            if bytes[i] == UInt8(ascii: "<") {
                for (k, h) in hidden.enumerated() where !unclosed[k] && matches(h.open, in: bytes, at: i) {
                    let after = i + h.open.count
                    if h.isTag, after < bytes.count, !(bytes[after] == UInt8(ascii: ">") || bytes[after] == UInt8(ascii: " ")
                                                        || (9...13).contains(bytes[after])) { continue }
                    if let end = find(h.close, in: bytes, from: after) {
                        out.append(UInt8(ascii: " "))
                        i = end + h.close.count
                        continue scan
                    }
                    unclosed[k] = true
                }
            }
            out.append(bytes[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `pattern` (lower-case ASCII) starts at `i`, ignoring case.
    private static func matches(_ pattern: [UInt8], in bytes: [UInt8], at i: Int) -> Bool {
        guard bytes.count - i >= pattern.count else { return false }
        for (k, p) in pattern.enumerated() {
            var b = bytes[i + k]
            if (65...90).contains(b) { b += 32 }
            if b != p { return false }
        }
        return true
    }

    private static func find(_ pattern: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        var i = start
        while i + pattern.count <= bytes.count {
            if matches(pattern, in: bytes, at: i) { return i }
            i += 1
        }
        return nil
    }

    static func blocks(from document: String) -> [DocBlock] {
        let html = visibleBody(document)
        var blocks: [DocBlock] = []
        var rest = Substring(html)
        while let open = rest.range(of: "<table", options: .caseInsensitive) {
            for line in TextReader.stripHTML(String(rest[..<open.lowerBound])) {
                let t = VietnameseText.clean(line)
                if !t.isEmpty { blocks.append(.paragraph(t)) }
            }
            guard let close = rest.range(of: "</table>", options: .caseInsensitive, range: open.upperBound..<rest.endIndex) else {
                rest = rest[open.upperBound...]
                break
            }
            blocks.append(.table(tableRows(String(rest[open.upperBound..<close.lowerBound]))))
            rest = rest[close.upperBound...]
        }
        for line in TextReader.stripHTML(String(rest)) {
            let t = VietnameseText.clean(line)
            if !t.isEmpty { blocks.append(.paragraph(t)) }
        }
        return TextReader.mergeAdjacentTables(blocks)
    }

    /// Rows of a table's cells; a cell with rowspan="n" repeats its text in the rows it spans (a lead unit
    /// merged over several tasks).
    static func tableRows(_ html: String) -> [[String]] {
        var rows: [[String]] = []
        var pending: [Int: (text: String, left: Int)] = [:] // column → text still spanning down
        for rowHTML in html.components(separatedBy: "<tr").dropFirst() {
            var row: [String] = []
            func fillSpans() {
                while let span = pending[row.count] {
                    row.append(span.text)
                    pending[row.count - 1] = span.left > 1 ? (span.text, span.left - 1) : nil
                }
            }
            for cellHTML in rowHTML.replacingOccurrences(of: "<th", with: "<td").components(separatedBy: "<td").dropFirst() {
                fillSpans()
                let attributes = String(cellHTML.prefix(while: { $0 != ">" }))
                let body = cellHTML.drop(while: { $0 != ">" }).dropFirst()
                let text = TextReader.cellText(String(body.components(separatedBy: "</td").first ?? ""))
                if let span = number(after: "rowspan", in: attributes), span > 1 { pending[row.count] = (text, span - 1) }
                row.append(text)
                for _ in 1..<max(1, min(number(after: "colspan", in: attributes) ?? 1, 50)) { row.append("") }
            }
            fillSpans()
            if !row.isEmpty { rows.append(row) }
        }
        return rows
    }

    static func number(after attribute: String, in tag: String) -> Int? {
        guard let r = tag.lowercased().range(of: attribute) else { return nil }
        return Int(String(tag.lowercased()[r.upperBound...].drop(while: { $0 == "=" || $0 == "\"" || $0 == "'" || $0 == " " }).prefix(while: \.isNumber)))
    }
}

/// PDF through `pdftotext -bbox-layout` (poppler-utils), when installed: the words with their positions, from which
/// `PDFLayout` rebuilds paragraphs and the task table.
enum PDFText {
    /// How long pdftotext may take on one file.
    static let timeout: TimeInterval = 60

    /// The PDF's paragraphs and tables, and what the reader must be told about them. A PDF whose pages carry almost
    /// no text is a scan: its pages are recognised by OCR (`ScanReader`).
    static func read(path: String, maxBytes: Int) throws -> (blocks: [DocBlock], warnings: [String]) {
        guard let tool = ExternalTool.find("pdftotext") else {
            throw PlanImportError.toolMissing("Cần cài pdftotext (gói poppler-utils) để đọc tệp PDF: apt-get install poppler-utils.")
        }
        let result: ExternalTool.Result
        do {
            result = try ExternalTool.run(tool, ["-bbox-layout", "-enc", "UTF-8", path, "-"], timeout: timeout, maxOutput: maxBytes * 40)
        } catch {
            throw PlanImportError.toolMissing("Không chạy được pdftotext.")
        }
        if result.timedOut { throw PlanImportError.unreadable("pdftotext đọc tệp PDF này quá \(Int(timeout)) giây nên đã bị dừng.") }
        if result.truncated { throw PlanImportError.tooLarge(bytes: result.output.count, limit: maxBytes) }
        guard result.status == 0 else { throw PlanImportError.unreadable("pdftotext không đọc được tệp PDF này.") }
        let pages = try PDFLayout.read(result.output)
        let words = pages.reduce(0) { $0 + $1.blocks.reduce(0) { $0 + $1.lines.reduce(0) { $0 + $1.words.count } } }
        if words < max(20, pages.count * 10) {
            let largest = pages.prefix(ScanReader.maxPages).map { max($0.width, $0.height) }.max() ?? 0
            let scan = try ScanReader.read(path: path, pagesInFile: pages.count, largestSide: largest, maxBytes: maxBytes)
            return (scan.blocks, scan.warnings)
        }
        return (PDFLayout.blocks(pages: pages, rules: rules(path: path, pages: pages.count, maxBytes: maxBytes)), [])
    }

    /// The borders drawn on each page, through `pdftocairo -svg` (also poppler-utils); none when it is missing or fails,
    /// and the tables are then rebuilt from the words alone.
    /// Page by page: an SVG of several pages takes the first page's size and cuts off what a wider page holds.
    static func rules(path: String, pages: Int, maxBytes: Int) -> [[PDFRules.Rule]] {
        guard let tool = ExternalTool.find("pdftocairo") else { return [] }
        let started = Date()
        var out: [[PDFRules.Rule]] = []
        for page in 1...max(1, min(pages, 300)) {
            guard Date().timeIntervalSince(started) < timeout,
                  let result = try? ExternalTool.run(tool, ["-svg", "-f", "\(page)", "-l", "\(page)", path, "-"], timeout: timeout, maxOutput: maxBytes * 10),
                  result.status == 0, !result.timedOut, !result.truncated else { return out }
            out.append(PDFRules.read(svg: result.output).first ?? [])
        }
        return out
    }
}
