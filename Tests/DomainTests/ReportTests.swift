import Foundation
import Testing
@testable import Domain

/// Report periods, their figures and the report as a Word document in the official format.
@Suite struct ReportPeriodTests {
    func day(_ y: Int, _ m: Int, _ d: Int) -> CalendarDate { CalendarDate(year: y, month: m, day: d)! }

    @Test func theCustomaryRangesAndDeadlines() throws {
        let q1 = try #require(ReportWindow.standard(.q1, year: 2025, tier: 0))
        #expect(q1.from == day(2024, 12, 15) && q1.to == day(2025, 3, 14) && q1.due == day(2025, 3, 20))
        let half = try #require(ReportWindow.standard(.half, year: 2025, tier: 1))
        #expect(half.from == day(2024, 12, 15) && half.to == day(2025, 6, 14) && half.due == day(2025, 6, 17))
        let q3 = try #require(ReportWindow.standard(.q3, year: 2025, tier: 2))
        #expect(q3.from == day(2025, 6, 15) && q3.to == day(2025, 9, 14) && q3.due == day(2025, 9, 14))
        let year = try #require(ReportWindow.standard(.year, year: 2026, tier: 0))
        #expect(year.from == day(2025, 12, 15) && year.to == day(2026, 12, 14))
        // Units further down are due earlier than the ones above them, never before the range ends.
        #expect(ReportWindow.defaultDueDay(tier: 0) > ReportWindow.defaultDueDay(tier: 1))
        #expect(ReportWindow.defaultDueDay(tier: 1) > ReportWindow.defaultDueDay(tier: 2))
        #expect(ReportWindow.defaultDueDay(tier: 9) >= 5)
    }

    @Test func boundariesAreInclusiveOnBothEnds() throws {
        let q1 = try #require(ReportWindow.standard(.q1, year: 2025, tier: 1))
        let half = try #require(ReportWindow.standard(.half, year: 2025, tier: 1))
        #expect(q1.contains(day(2025, 3, 14)) && !q1.contains(day(2025, 3, 15)))
        #expect(half.contains(day(2025, 3, 15)) && half.contains(day(2024, 12, 15)) && !half.contains(day(2024, 12, 14)))
        #expect(!q1.isLate(submittedOn: q1.due) && q1.isLate(submittedOn: day(2025, 3, 18)))
        #expect(ReportWindow(period: .q1, year: 2025, from: day(2025, 3, 1), to: day(2025, 2, 1), due: day(2025, 3, 20)).problem != nil)
        #expect(ReportWindow(period: .q1, year: 2025, from: day(2025, 1, 1), to: day(2025, 3, 14), due: day(2025, 3, 10)).problem != nil)
        #expect(q1.problem == nil)
    }

    @Test func periodsReadAsVietnameseTitles() {
        #expect(ReportPeriod.q1.phrase(year: 2025) == "quý I năm 2025")
        #expect(ReportPeriod.half.phrase(year: 2025) == "6 tháng đầu năm 2025")
        #expect(ReportPeriod.q3.phrase(year: 2024) == "quý III năm 2024")
        #expect(ReportPeriod.year.phrase(year: 2026) == "năm 2026")
        #expect(ReportPeriod.allCases.sorted() == [.q1, .half, .q3, .year])
    }

    @Test func moneyIsWrittenWithDots() {
        #expect(ReportFigures.money(0) == "0")
        #expect(ReportFigures.money(950) == "950")
        #expect(ReportFigures.money(1_250_000) == "1.250.000")
        #expect(ReportFigures.money(12_000_000_000) == "12.000.000.000")
    }
}

@Suite struct ReportDocumentTests {
    static func figures() throws -> ReportFigures {
        var f = ReportFigures(window: try #require(ReportWindow.standard(.q1, year: 2025, tier: 0)), unit: "Ủy ban nhân dân huyện Châu Thành")
        f.plans = [.init(number: "12/KH-UBND", issuedOn: CalendarDate(year: 2025, month: 1, day: 14), title: "Tuyên truyền cải cách hành chính năm 2025",
                         issuer: "Ủy ban nhân dân huyện Châu Thành")]
        f.work.doneOnTime = 3; f.work.doneLate = 1; f.work.overdue = 1; f.work.open = 1
        f.byKind = [.init(key: "news_article", label: "Tin, bài trên trang thông tin", count: 4, reach: 1200),
                    .init(key: "conference", label: "Hội nghị, hội thảo, tọa đàm", count: 1, reach: 150)]
        f.byChannel = [.init(key: "portal", label: "Cổng/Trang thông tin điện tử", count: 4, reach: 1200),
                       .init(key: "on_site", label: "Trực tiếp tại chỗ", count: 1, reach: 150)]
        f.cost = 3_500_000
        var child = WorkProgress()
        child.doneOnTime = 2; child.overdue = 2
        f.children = [.init(name: "Phòng Nội vụ", work: child, activities: 7, reach: 900, cost: 500_000, report: "Đã nộp 12/03/2025")]
        f.sections = [.init(key: "surveys", title: "Khảo sát sự hài lòng", header: ["STT", "Khảo sát", "Số phiếu"], rows: [], note: "Chưa có khảo sát trong kỳ.")]
        return f
    }

    static func document() throws -> ReportDocument {
        ReportDocument(issuerLines: ReportDocument.issuerLines(unit: "Ủy ban nhân dân huyện Châu Thành", above: "Ủy ban nhân dân tỉnh Sóc Trăng"),
                       unitName: "Ủy ban nhân dân huyện Châu Thành", number: "15/BC-UBND", place: "Châu Thành",
                       date: CalendarDate(year: 2025, month: 3, day: 18), figures: try figures(),
                       results: "Công tác tuyên truyền được triển khai kịp thời.", limitations: "Một số xã còn chậm.",
                       proposals: "Bổ sung kinh phí.", recipients: ["Sở Nội vụ", "Lưu: VT"], signerAuthority: "TM. Ủy ban nhân dân",
                       signerTitle: "Chủ tịch", signerName: "Nguyễn Văn A")
    }

    static func text(_ data: Data) throws -> String {
        try DocxReader.blocks(from: data).map { block -> String in
            switch block {
            case .paragraph(let text): return text
            case .table(let rows): return rows.map { $0.joined(separator: " | ") }.joined(separator: "\n")
            }
        }.joined(separator: "\n")
    }

    @Test func headerLinesFollowTheIssuer() {
        #expect(ReportDocument.issuerLines(unit: "Ủy ban nhân dân xã Phú Tâm", above: "Ủy ban nhân dân thành phố Cần Thơ")
                == ["ỦY BAN NHÂN DÂN", "XÃ PHÚ TÂM"])
        #expect(ReportDocument.issuerLines(unit: "Phòng Nội vụ", above: "Ủy ban nhân dân huyện Châu Thành")
                == ["UBND HUYỆN CHÂU THÀNH", "PHÒNG NỘI VỤ"])
        #expect(ReportDocument.issuerLines(unit: "Sở Nội vụ", above: nil) == ["SỞ NỘI VỤ"])
    }

    @Test func theDocumentHasTheOfficialParts() throws {
        let text = try Self.text(try ReportDocxWriter.data(for: try Self.document()))
        for part in ["ỦY BAN NHÂN DÂN", "HUYỆN CHÂU THÀNH", "Số: 15/BC-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Châu Thành, ngày 18 tháng 03 năm 2025", "BÁO CÁO",
                     "Kết quả thực hiện công tác tuyên truyền cải cách hành chính quý I năm 2025",
                     "Kế hoạch số 12/KH-UBND ngày 14/01/2025", "số liệu từ ngày 15/12/2024 đến ngày 14/03/2025",
                     "Trong kỳ có 6 nhiệm vụ đến hạn; đã hoàn thành 4 (đúng hạn 3, trễ hạn 1)", "Tỷ lệ hoàn thành 67%",
                     "Tin, bài trên trang thông tin | 4 | 1200", "3.500.000 đồng", "Chưa có khảo sát trong kỳ.",
                     "Phòng Nội vụ | 4 | 2 | 2 | 7 | 900 | Đã nộp 12/03/2025", "Tổng cộng (cả Ủy ban nhân dân huyện Châu Thành) | 10 | 6 | 3 | 12 | 2250",
                     "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", "Một số xã còn chậm.", "III. ĐỀ XUẤT, KIẾN NGHỊ", "Nơi nhận:", "- Lưu: VT.",
                     "CHỦ TỊCH", "Nguyễn Văn A"] {
            #expect(text.contains(part), "missing: \(part)")
        }
        // A number not yet given leaves room to write it in.
        var blank = try Self.document()
        blank.number = nil
        blank.date = nil
        let draft = try Self.text(try ReportDocxWriter.data(for: blank))
        #expect(draft.contains("/BC-UBND") && draft.range(of: #"Châu Thành, ngày\s+tháng\s+năm 2025"#, options: .regularExpression) != nil)
    }

    @Test func theWorkbookHoldsNumbersThatAddUp() throws {
        let data = try ReportDocxWriter.workbook(for: try Self.document())
        let rows = try XlsxReader.rows(from: data)
        #expect(rows.first?.first == "Đơn vị")
        #expect(rows.contains { $0.first == "Phòng Nội vụ" && $0.dropFirst().first == "4" })
        #expect(rows.contains { $0.first == "Tổng cộng" && $0.dropFirst().first == "10" })
    }

    @Test func changesAfterSubmissionAreListed() throws {
        let before = try Self.figures()
        var after = before
        after.byKind[0].count += 1
        after.byKind[0].reach += 10
        let changes = before.changes(to: after)
        #expect(changes.contains { $0.label == "Số hoạt động tuyên truyền" && $0.was == "5" && $0.now == "6" })
        #expect(changes.contains { $0.label == "Hoạt động: Tin, bài trên trang thông tin" && $0.was == "4" && $0.now == "5" })
        #expect(before.changes(to: before).isEmpty)
    }

    /// LibreOffice opens the report, prints it to PDF, page 1 renders to an image, and the PDF's text is the report's.
    @Test(.enabled(if: LibreOfficePrint.available))
    func libreOfficePrintsTheReport() throws {
        let printed = try LibreOfficePrint.text(of: try ReportDocxWriter.data(for: try Self.document()), name: "bao-cao")
        for part in ["BÁO CÁO", "Số: 15/BC-UBND", "quý I năm 2025", "Nơi nhận:", "TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", "Phòng Nội vụ"] {
            #expect(printed.contains(part), "PDF lacks: \(part)")
        }
    }
}

/// A Word file as an office sees it: LibreOffice opens it and prints it to PDF, its first page renders to an image,
/// and the printed text is returned.
enum LibreOfficePrint {
    static var available: Bool { OfficeConversion.soffice != nil && ExternalTool.find("pdftoppm") != nil && ExternalTool.find("pdftotext") != nil }

    static func text(of data: Data, name: String) throws -> String {
        try ExternalTool.withPrivateFolder("print") { folder in
            let docx = folder.appendingPathComponent(name + ".docx")
            try data.write(to: docx)
            let soffice = try #require(OfficeConversion.soffice)
            let convert = try ExternalTool.run(soffice, ["-env:UserInstallation=file://\(folder.path)/profile", "--headless", "--norestore",
                                                         "--convert-to", "pdf", "--outdir", folder.path, docx.path], timeout: 180, maxOutput: 1 << 20)
            #expect(convert.status == 0)
            let pdf = folder.appendingPathComponent(name + ".pdf")
            let render = try ExternalTool.run(try #require(ExternalTool.find("pdftoppm")), ["-png", "-r", "60", "-f", "1", "-l", "1", pdf.path,
                                                                                             folder.appendingPathComponent("trang").path],
                                              timeout: 60, maxOutput: 1 << 20)
            #expect(render.status == 0)
            let images = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("trang") && $0.hasSuffix(".png") }
            #expect(images.count == 1)
            let png = try Data(contentsOf: folder.appendingPathComponent(try #require(images.first)))
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 5_000)
            let text = try ExternalTool.run(try #require(ExternalTool.find("pdftotext")), ["-layout", pdf.path, "-"], timeout: 60, maxOutput: 1 << 22)
            return String(decoding: text.output, as: UTF8.self)
        }
    }
}
