import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Reads `word/document.xml` of a .docx into paragraphs and tables (merged cells keep their text once;
/// a cell's paragraphs become lines; automatic numbering is written out as "1." / "-").
public enum DocxReader {
    /// Refuse archives whose document part would inflate beyond this (zip bombs).
    public static let maxUncompressedBytes = 64 * 1024 * 1024

    public static func blocks(from data: Data) throws -> [DocBlock] {
        guard data.count >= 4, data.prefix(2) == Data([0x50, 0x4B]) else {
            throw PlanImportError.unreadable("tệp .docx phải là một gói ZIP của Word; tệp này không phải (có thể là ảnh hoặc .doc cũ đổi tên).")
        }
        let archive: Archive
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw PlanImportError.unreadable("gói ZIP của tệp .docx bị hỏng hoặc bị cắt cụt.")
        }
        guard let entry = archive["word/document.xml"] else {
            throw PlanImportError.unreadable("gói .docx không có phần nội dung word/document.xml.")
        }
        guard entry.uncompressedSize <= UInt64(maxUncompressedBytes) else {
            throw PlanImportError.unreadable("nội dung giải nén quá lớn (\(entry.uncompressedSize / 1024 / 1024) MB).")
        }
        var xml = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                xml.append(chunk)
                if xml.count > maxUncompressedBytes { throw PlanImportError.unreadable("nội dung giải nén vượt giới hạn.") }
            }
        } catch let e as PlanImportError {
            throw e
        } catch {
            throw PlanImportError.unreadable("không giải nén được nội dung tệp .docx.")
        }
        let numbering = archive["word/numbering.xml"].flatMap { e -> Data? in
            guard e.uncompressedSize < 8 * 1024 * 1024 else { return nil }
            var d = Data()
            _ = try? archive.extract(e) { d.append($0) }
            return d
        }
        return try parse(documentXML: xml, numberingXML: numbering)
    }

    static func parse(documentXML: Data, numberingXML: Data?) throws -> [DocBlock] {
        let formats = numberingXML.map(NumberingFormats.read) ?? NumberingFormats()
        let handler = DocumentHandler(formats: formats)
        let parser = XMLParser(data: documentXML)
        parser.delegate = handler
        parser.shouldResolveExternalEntities = false
        guard parser.parse() else {
            throw PlanImportError.unreadable("nội dung XML của tệp .docx bị hỏng.")
        }
        return handler.blocks
    }

    /// Which numbering ids are bullets and which count (decimal, letters…).
    struct NumberingFormats {
        var bulletNumIDs: Set<String> = []

        static func read(_ data: Data) -> NumberingFormats {
            final class H: NSObject, XMLParserDelegate {
                var abstractFormats: [String: String] = [:] // abstractNumId → first level's format
                var numToAbstract: [String: String] = [:]
                var currentAbstract: String?
                var currentNum: String?
                var level: String?
                func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                    switch name {
                    case "w:abstractNum": currentAbstract = attributes["w:abstractNumId"]
                    case "w:lvl": level = attributes["w:ilvl"]
                    case "w:numFmt":
                        if let a = currentAbstract, level == "0", abstractFormats[a] == nil { abstractFormats[a] = attributes["w:val"] }
                    case "w:num": currentNum = attributes["w:numId"]
                    case "w:abstractNumId": if let n = currentNum, let v = attributes["w:val"] { numToAbstract[n] = v }
                    default: break
                    }
                }
            }
            let h = H()
            let p = XMLParser(data: data)
            p.delegate = h
            p.shouldResolveExternalEntities = false
            _ = p.parse()
            var f = NumberingFormats()
            for (num, abstract) in h.numToAbstract where h.abstractFormats[abstract] == "bullet" { f.bulletNumIDs.insert(num) }
            return f
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
        var counters: [String: Int] = [:]
        var vMergeContinue = false
        var gridSpan = 1

        init(formats: NumberingFormats) { self.formats = formats }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            switch name {
            case "w:tbl": tableDepth += 1; if tableDepth == 1 { rows = [] }
            case "w:tr": if tableDepth == 1 { row = [] }
            case "w:tc": if tableDepth == 1 { cellLines = []; vMergeContinue = false; gridSpan = 1 }
            case "w:vMerge": if tableDepth == 1 { vMergeContinue = attributes["w:val"] == nil || attributes["w:val"] == "continue" }
            case "w:gridSpan": if tableDepth == 1 { gridSpan = Int(attributes["w:val"] ?? "1") ?? 1 }
            case "w:p": paragraph = ""; numID = nil
            case "w:numId": numID = attributes["w:val"]
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
                    if formats.bulletNumIDs.contains(n) { text = "- " + text } else {
                        counters[n, default: 0] += 1
                        text = "\(counters[n] ?? 1). " + text
                    }
                }
                let lines = text.split(separator: "\n").map { VietnameseText.clean(String($0)) }.filter { !$0.isEmpty }
                if tableDepth > 0 { cellLines += lines } else { blocks += lines.map { .paragraph($0) } }
            case "w:tc":
                if tableDepth == 1 {
                    let text = vMergeContinue ? "" : cellLines.joined(separator: "\n")
                    row.append(text)
                    for _ in 1..<max(gridSpan, 1) { row.append("") }
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
