import Foundation
import Testing
import ZIPFoundation
@testable import Domain

/// Word files as offices make them: merged and multi-line cells, numbered lists, tables split by page breaks;
/// and broken ones: truncated, zip bombs, wrong contents.
@Suite struct DocxReaderTests {
    static func docx(body: String, numbering: String? = nil, styles: String? = nil) throws -> Data {
        let archive = try Archive(accessMode: .create)
        var parts = [("word/document.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>\(body)</w:body></w:document>")]
        if let numbering { parts.append(("word/numbering.xml", numbering)) }
        if let styles { parts.append(("word/styles.xml", styles)) }
        for (path, text) in parts {
            let bytes = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate,
                                 provider: { position, size in bytes.subdata(in: Int(position)..<Int(position) + size) })
        }
        return try #require(archive.data)
    }

    static func p(_ text: String, numID: String? = nil) -> String {
        let num = numID.map { "<w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"\($0)\"/></w:numPr></w:pPr>" } ?? ""
        return "<w:p>\(num)<w:r><w:t>\(text)</w:t></w:r></w:p>"
    }

    static func tc(_ paragraphs: [String], merge: String? = nil, span: Int = 1) -> String {
        var pr = span > 1 ? "<w:gridSpan w:val=\"\(span)\"/>" : ""
        if let merge { pr += merge == "restart" ? "<w:vMerge w:val=\"restart\"/>" : "<w:vMerge/>" }
        return "<w:tc><w:tcPr>\(pr)</w:tcPr>\(paragraphs.isEmpty ? "<w:p/>" : paragraphs.joined())</w:tc>"
    }

    static func row(_ cells: [String]) -> String { "<w:tr>\(cells.joined())</w:tr>" }

    static let header = row(["STT", "NỘI DUNG", "THỜI GIAN THỰC HIỆN", "CƠ QUAN CHỦ TRÌ", "CƠ QUAN PHỐI HỢP"].map { tc([p($0)]) })

    static let preamble = ["ỦY BAN NHÂN DÂN", "HUYỆN CHÂU THÀNH", "Số: 45/KH-UBND", "Châu Thành, ngày 05 tháng 3 năm 2025",
                           "KẾ HOẠCH", "Tuyên truyền cải cách hành chính năm 2025", "PHỤ LỤC"].map { p($0) }.joined()

    static let bulletNumbering = """
    <?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>
    """

    @Test func mergedMultiLineAndListCells() throws {
        let table1 = "<w:tbl>" + Self.header
            + Self.row([Self.tc([Self.p("1")]), Self.tc([Self.p("Kết quả cải cách hành chính năm 2024"), Self.p("Phương hướng năm 2025")]),
                        Self.tc([Self.p("Tháng 4/2025")]), Self.tc([Self.p("Phòng Nội vụ")], merge: "restart"),
                        Self.tc([Self.p("Công an huyện", numID: "1"), Self.p("Thanh tra huyện", numID: "1")])])
            + Self.row([Self.tc([Self.p("2")]), Self.tc([Self.p("Hội thi tìm hiểu cải cách hành chính")]), Self.tc([Self.p("Quý III/2025")]),
                        Self.tc([], merge: "continue"), Self.tc([Self.p("xã Phú Tâm, Phú Tân, Thiện Mỹ và An Hiệp")])])
            + "</w:tbl>"
        // After a page break the table goes on with its header repeated; a heading row spans every column.
        let table2 = "<w:tbl>" + Self.header
            + Self.row([Self.tc([Self.p("II. TUYÊN TRUYỀN TRÊN ĐÀI TRUYỀN THANH")], span: 5)])
            + Self.row([Self.tc([Self.p("3")]), Self.tc([Self.p("Chuyên mục cải cách hành chính")]), Self.tc([Self.p("Hàng tháng")]),
                        Self.tc([Self.p("Trung tâm Văn hóa – Thể thao – Truyền thanh huyện")]),
                        Self.tc([Self.p("Phòng Nội vụ", numID: "2"), Self.p("UBND cấp xã", numID: "2")])])
            + "</w:tbl>"
        let data = try Self.docx(body: Self.preamble + table1 + "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>" + table2, numbering: Self.bulletNumbering)
        let plan = try PlanImporter().importData(data, filename: "kh.docx")
        #expect(plan.issuer == "Ủy ban nhân dân huyện Châu Thành")
        #expect(plan.number == "45/KH-UBND")
        #expect(plan.issuedOn == CalendarDate(year: 2025, month: 3, day: 5))
        try #require(plan.tasks.map(\.no) == [1, 2, 3])
        #expect(plan.tasks[0].content == "Kết quả cải cách hành chính năm 2024\nPhương hướng năm 2025")
        #expect(plan.tasks[0].lead == ["Phòng Nội vụ"])
        #expect(plan.tasks[1].lead == ["Phòng Nội vụ"], "a vertically merged lead cell leads both tasks")
        #expect(plan.tasks[0].coordinating == ["Công an huyện", "Thanh tra huyện"])
        #expect(plan.tasks[1].coordinating == ["xã Phú Tâm", "xã Phú Tân", "xã Thiện Mỹ", "xã An Hiệp"])
        #expect(plan.tasks[1].timeframe.start == YearMonth(year: 2025, month: 7))
        #expect(plan.tasks[2].coordinating == ["Phòng Nội vụ", "UBND cấp xã"])
        #expect(plan.tasks[2].timeframe.recurrence == .monthly)
        #expect(plan.warnings.isEmpty, "\(plan.warnings)")
    }

    @Test func brokenFilesGiveAReason() throws {
        var generator = DocxRoundTripTests.PlanGenerator(rng: .init(state: 3))
        let good = try DocxWriter.data(for: generator.plan())
        let importer = PlanImporter()
        // Truncated at many points: always a reason, never a crash.
        for cut in stride(from: 0, to: good.count, by: max(1, good.count / 40)) {
            #expect(throws: PlanImportError.self) { try importer.importData(good.prefix(cut), filename: "kh.docx") }
        }
        #expect(throws: PlanImportError.empty) { try importer.importData(Data(), filename: "kh.docx") }
        // A ZIP that is not a Word document (a spreadsheet renamed).
        let archive = try Archive(accessMode: .create)
        let workbook = Data("<workbook/>".utf8)
        try archive.addEntry(with: "xl/workbook.xml", type: .file, uncompressedSize: Int64(workbook.count),
                             provider: { p, s in workbook.subdata(in: Int(p)..<Int(p) + s) })
        let withoutDocument = try #require(archive.data)
        #expect(throws: PlanImportError.unreadable("gói .docx không có phần nội dung word/document.xml.")) {
            try importer.importData(withoutDocument, filename: "kh.docx")
        }
        // Broken XML inside a sound ZIP.
        #expect(throws: PlanImportError.unreadable("nội dung XML của tệp .docx bị hỏng.")) {
            try importer.importData(try Self.docx(body: "<w:p><w:r><w:t>KẾ HOẠCH</w:r>"), filename: "kh.docx")
        }
    }

    @Test func zipBombsAreRefused() throws {
        // 3 MB of document that compresses to a few kilobytes, read with a 1 MB limit.
        let filler = String(repeating: "<w:p><w:r><w:t>cải cách hành chính</w:t></w:r></w:p>", count: 3 * 1024 * 1024 / 60)
        let bomb = try Self.docx(body: filler)
        #expect(bomb.count < 200 * 1024)
        #expect(throws: PlanImportError.self) { try DocxReader.blocks(from: bomb, maxUncompressedBytes: 1024 * 1024) }
        // The same bomb lying about its size in the ZIP directory is stopped while inflating.
        var lying = bomb
        let signature: [UInt8] = [0x50, 0x4B, 0x01, 0x02]
        let bytes = [UInt8](lying)
        let central = try #require((0..<bytes.count - 4).first { Array(bytes[$0..<$0 + 4]) == signature })
        for (k, b) in [UInt8(0x00), 0x10, 0x00, 0x00].enumerated() { lying[lying.startIndex + central + 24 + k] = b } // claims 4 KB
        #expect(throws: PlanImportError.self) { try DocxReader.blocks(from: lying, maxUncompressedBytes: 1024 * 1024) }
    }

    static func numbered(_ text: String, level: Int) -> String {
        "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"\(level)\"/><w:numId w:val=\"5\"/></w:numPr></w:pPr><w:r><w:t>\(text)</w:t></w:r></w:p>"
    }

    @Test func automaticNumberingKeepsItsLevelsAndFormats() throws {
        let numbering = """
        <?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl><w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl></w:abstractNum><w:num w:numId="5"><w:abstractNumId w:val="7"/></w:num></w:numbering>
        """
        let body = Self.preamble.replacingOccurrences(of: Self.p("PHỤ LỤC"), with: "")
            + Self.numbered("MỤC ĐÍCH, YÊU CẦU", level: 0) + Self.numbered("Mục tiêu", level: 1)
            + Self.numbered("Phấn đấu 90% cán bộ, công chức được tập huấn", level: 2)
            + Self.numbered("Yêu cầu", level: 1)
            + Self.numbered("TỔ CHỨC THỰC HIỆN", level: 0) + Self.numbered("Phòng Nội vụ", level: 1)
            + Self.p("- Tổng hợp kết quả thực hiện Kế hoạch.") + Self.numbered("Phòng Văn hóa và Thông tin", level: 1)
        let data = try Self.docx(body: body, numbering: numbering)
        let paragraphs = try DocxReader.blocks(from: data).compactMap { block -> String? in
            if case .paragraph(let p) = block { return p } else { return nil }
        }
        #expect(Array(paragraphs.suffix(8)) == ["I. MỤC ĐÍCH, YÊU CẦU", "1. Mục tiêu", "a) Phấn đấu 90% cán bộ, công chức được tập huấn", "2. Yêu cầu",
                                              "II. TỔ CHỨC THỰC HIỆN", "1. Phòng Nội vụ", "- Tổng hợp kết quả thực hiện Kế hoạch.", "2. Phòng Văn hóa và Thông tin"])
        let plan = try PlanImporter().importData(data, filename: "kh.docx")
        #expect(plan.targets.map(\.percent) == [90])
        #expect(plan.responsibilities.map(\.unit) == ["Phòng Nội vụ", "Phòng Văn hóa và Thông tin"])
        #expect(plan.responsibilities.first?.duties == ["Tổng hợp kết quả thực hiện Kế hoạch."])
    }

    @Test func headingStylesThatNumberTheirParagraphs() throws {
        let numbering = """
        <?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num></w:numbering>
        """
        let styles = """
        <?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>
        """
        func heading(_ text: String) -> String { "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>\(text)</w:t></w:r></w:p>" }
        let body = heading("MỤC ĐÍCH, YÊU CẦU") + "<w:p><w:pPr><w:pStyle w:val=\"Normal\"/></w:pPr><w:r><w:t>Nội dung</w:t></w:r></w:p>" + heading("KINH PHÍ")
        let paragraphs = try DocxReader.blocks(from: try Self.docx(body: body, numbering: numbering, styles: styles)).compactMap { block -> String? in
            if case .paragraph(let p) = block { return p } else { return nil }
        }
        #expect(paragraphs == ["I. MỤC ĐÍCH, YÊU CẦU", "Nội dung", "II. KINH PHÍ"])
    }
}
