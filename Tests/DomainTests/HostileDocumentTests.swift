import Foundation
import Testing
import ZIPFoundation
@testable import Domain

/// Files made to hurt the reader (the reproductions of a security probe, built here rather than committed): numbering
/// and spans at the limits of 64 bits, task numbers that overflow, comment floods, and documents that link to a URL.
/// Each is read without a trap, and nothing longer than the forms allow comes out.
@Suite struct HostileDocumentTests {
    typealias D = DocxReaderTests

    static func numbering(format: String, start: String) -> String {
        """
        <w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">\
        <w:start w:val="\(start)"/><w:numFmt w:val="\(format)"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>\
        <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>
        """
    }

    @Test(arguments: ["-9223372036854775808", "9223372036854775807", "2000000000", "99999999999999999999999"])
    func numberingStartsAtAnyValueWithoutATrap(_ start: String) throws {
        for format in ["decimal", "lowerLetter", "upperRoman"] {
            let body = D.preamble + D.p("Mục một", numID: "1") + D.p("Mục hai", numID: "1")
            let blocks = try DocxReader.blocks(from: try D.docx(body: body, numbering: Self.numbering(format: format, start: start)))
            let texts = blocks.compactMap { if case .paragraph(let p) = $0 { return p } else { return nil } }
            let item = try #require(texts.first { $0.hasSuffix("Mục một") })
            // The marker is at most a few characters: a crafted start value does not become a 77-million-letter title.
            #expect(item.count < 40, "\(format) \(start): \(item.prefix(60))")
        }
    }

    @Test func aHugeGridSpanIsCutToWordsOwnColumnLimit() throws {
        let row = D.row([D.tc([D.p("1")], span: 200_000_000), D.tc([D.p("Nội dung")])])
        let blocks = try DocxReader.blocks(from: try D.docx(body: D.preamble + "<w:tbl>\(D.header)\(row)</w:tbl>"))
        let rows = blocks.compactMap { if case .table(let r) = $0 { return r } else { return nil } }.flatMap { $0 }
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { $0.count <= 63 })
    }

    static let planHead = """
    ỦY BAN NHÂN DÂN
    HUYỆN CHÂU THÀNH
    Số: 12/KH-UBND
    KẾ HOẠCH
    Tuyên truyền cải cách hành chính năm 2025
    PHỤ LỤC

    """

    @Test(arguments: ["9223372036854775807", "99999", "18446744073709551616"])
    func aTaskNumberBeyondAnyPlanIsLeftOutWithAWarning(_ number: String) throws {
        let text = Self.planHead + """
        | STT | Nội dung | Thời gian | Cơ quan chủ trì |
        |---|---|---|---|
        | 1 | Tuyên truyền trên Cổng thông tin điện tử | Tháng 3/2025 | Phòng Nội vụ |
        | \(number) | Tổ chức hội nghị tập huấn cải cách hành chính | Quý II/2025 | Phòng Nội vụ |
        |  | Lồng ghép trong các cuộc họp, sinh hoạt | Cả năm | Văn phòng HĐND và UBND |
        """
        let plan = try PlanImporter().importData(Data(text.utf8), filename: "kh.md")
        #expect(plan.tasks.allSatisfy { PlanLimits.taskNumbers.contains($0.no) })
        #expect(plan.tasks.first?.no == 1)
        #expect(!plan.tasks.contains { $0.content.contains("hội nghị tập huấn") })
        #expect(plan.warnings.contains { $0.contains("ngoài khoảng 1–9999") })
    }

    @Test func anUnreadableNumberAfterTheLastPossibleOneDoesNotOverflow() throws {
        var plan = Plan()
        plan.tasks = [PlanTask(no: 9_999, content: "x", lead: ["Phòng Nội vụ"], coordinating: [], timeframe: Timeframe(text: "Quý I"))]
        #expect(PlanLimits.apply(plan).tasks.map(\.no) == [9_999])
        let text = Self.planHead + """
        | STT | Nội dung | Thời gian | Cơ quan chủ trì |
        |---|---|---|---|
        | 9999 | Tuyên truyền trên Cổng thông tin điện tử | Tháng 3/2025 | Phòng Nội vụ |
        | Ỷ | Tổ chức hội nghị tập huấn cải cách hành chính | Quý II/2025 | Phòng Nội vụ |
        """
        let read = try PlanImporter().importData(Data(text.utf8), filename: "kh.md")
        #expect(read.tasks.allSatisfy { PlanLimits.taskNumbers.contains($0.no) })
    }

    @Test func textsLongerThanTheFormsAreCutAndSaid() {
        var plan = Plan()
        plan.title = String(repeating: "Kế hoạch ", count: 10_000)
        plan.issuer = String(repeating: "Ủy ban ", count: 1_000)
        plan.topics = Array(repeating: String(repeating: "a", count: 5_000), count: 1_000)
        plan.year = 9_999
        plan.tasks = (1...3).map { PlanTask(no: $0, content: String(repeating: "nội dung ", count: 2_000), lead: Array(repeating: "Phòng Nội vụ", count: 500),
                                            coordinating: [String(repeating: "Sở ", count: 500)], timeframe: Timeframe(text: String(repeating: "Quý ", count: 200))) }
        let cut = PlanLimits.apply(plan)
        #expect(cut.title?.count == PlanLimits.title)
        #expect((cut.issuer ?? "").count <= PlanLimits.issuer)
        #expect(cut.topics.count == PlanLimits.sectionLines && cut.topics.allSatisfy { $0.count <= PlanLimits.sectionLine })
        #expect(cut.year == nil)
        for task in cut.tasks {
            #expect(task.content.count <= PlanLimits.taskContent)
            #expect(task.lead.count <= PlanLimits.unitsPerTask)
            #expect(task.coordinating.allSatisfy { $0.count <= TextLimits.unitName })
            #expect(task.timeframe.text.count <= PlanLimits.timeframeText)
        }
        #expect(cut.warnings.first?.hasPrefix("Văn bản dài quá giới hạn, đã cắt bớt") == true)
        #expect(cut.warnings.count <= PlanLimits.warnings)
    }

    /// A file of nothing but "<!--" (and of "<"): read in one pass, and what is visible is kept.
    @Test func commentAndTagFloodsAreReadInOnePass() throws {
        let flood = String(repeating: "<!--", count: 50_000)
        #expect(HTMLReader.visibleBody(flood) == flood)
        let html = "<html><head><title>x</title></head><body><!-- ẩn --><p>KẾ HOẠCH</p><script>alert(1)</script><p>Hiện</p>" + flood + "</body></html>"
        let body = HTMLReader.visibleBody(html)
        #expect(body.contains("KẾ HOẠCH") && body.contains("Hiện"))
        #expect(!body.contains("ẩn") && !body.contains("alert") && !body.contains("<title>"))
        let lines = TextReader.stripHTML("<p>Một</p>" + String(repeating: "<", count: 100_000))
        #expect(lines.first == "Một")
        // <header> is not <head>: its text stays.
        #expect(HTMLReader.visibleBody("<header>Tiêu đề</header>").contains("Tiêu đề"))
    }

    @Test func hugePagesAreRenderedAtALowerResolution() {
        #expect(ScanReader.resolution(forLargestSide: 842) == 300)
        #expect(ScanReader.resolution(forLargestSide: 1191) == 300)
        let huge = ScanReader.resolution(forLargestSide: 6000)
        #expect(huge < 300 && 6000 / 72 * huge <= 1191 / 72 * 300 + 1)
        #expect(ScanReader.resolution(forLargestSide: .infinity) == 36)
        #expect(ScanReader.resolution(forLargestSide: 10_000_000) == 36)
    }
}
