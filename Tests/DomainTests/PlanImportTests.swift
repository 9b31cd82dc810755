import Foundation
import Testing
@testable import Domain

private func fixture(_ name: String) throws -> Data {
    try Fixture.data(name)
}

private func importSeed(_ name: String) throws -> Plan {
    try PlanImporter().importData(try fixture(name), filename: name)
}

/// Compares `actual` with `expected` on every key `expected` has (the example file is partial).
private func expectSubset(_ expected: Any, _ actual: Any, path: String = "$") {
    switch expected {
    case let dict as [String: Any]:
        guard let a = actual as? [String: Any] else { Issue.record("\(path): expected object, got \(actual)"); return }
        for (k, v) in dict { expectSubset(v, a[k] ?? NSNull(), path: "\(path).\(k)") }
    case let list as [Any]:
        guard let a = actual as? [Any] else { Issue.record("\(path): expected array, got \(actual)"); return }
        #expect(list.count == a.count, "\(path): \(list.count) items expected, \(a.count) read")
        for (i, v) in list.enumerated() where i < a.count { expectSubset(v, a[i], path: "\(path)[\(i)]") }
    default:
        #expect(String(describing: expected) == String(describing: actual), "\(path)")
    }
}

@Suite struct PlanImportTests {
    @Test func seed000MatchesTheExampleOnEveryField() throws {
        let plan = try importSeed("000_112d4e7ddf674a47.txt")
        let actual = try JSONSerialization.jsonObject(with: try plan.jsonData())
        let expected = try JSONSerialization.jsonObject(with: try fixture("000_chau_thanh_2025.plan.json"))
        expectSubset(expected, actual)
        #expect(plan.tasks.count == 13)
        #expect(plan.signer?.name == "Trương Quốc Diện")
        #expect(plan.recipients.first == "Sở Nội vụ")
        #expect(plan.recipients.count == 11)
        #expect(plan.responsibilities.map(\.unit).contains("Phòng Nội vụ"))
        #expect(plan.budget?.hasPrefix("Kinh phí thực hiện tuyên truyền") == true)
    }

    @Test(arguments: [("002_97d3f2a78031f67b.txt", "002_soc_trang_2025.golden.json"),
                      ("003_d55f1bc8d62f71d1.txt", "003_commune_2024.golden.json")])
    func seedMatchesGolden(seed: String, golden: String) throws {
        let plan = try importSeed(seed)
        let expected = try JSONDecoder().decode(Plan.self, from: try fixture(golden))
        #expect(plan == expected)
    }

    @Test func seed002IsADraftWhoseAppendixNamesAnotherYear() throws {
        let plan = try importSeed("002_97d3f2a78031f67b.txt")
        #expect(plan.draft)
        #expect(plan.number == nil)
        #expect(plan.issuedOn == nil)
        #expect(plan.year == 2025)
        #expect(plan.warnings.contains { $0.contains("2024") && $0.contains("phụ lục") })
        #expect(plan.tasks.count == 14)
        let task4 = try #require(plan.tasks.first { $0.no == 4 })
        #expect(task4.lead == ["Sở ban ngành", "Cơ quan trung ương đặt tại tỉnh", "Đơn vị sự nghiệp công lập tỉnh", "UBND cấp huyện"])
        #expect(task4.timeframe.deadline == CalendarDate(year: 2025, month: 4, day: 30))
        #expect(plan.tasks[0].coordinating.count == 5)
    }

    @Test func seed003TableRebuiltFromPDFText() throws {
        let plan = try importSeed("003_d55f1bc8d62f71d1.txt")
        #expect(plan.tasks.map(\.no) == [1, 2, 3, 4, 5, 6])
        #expect(plan.tasks[0].product == "Kế hoạch")
        #expect(plan.tasks[0].lead == ["Công chức Văn phòng - Thống Kê (Một cửa)"])
        #expect(plan.tasks[0].timeframe.deadline == CalendarDate(year: 2024, month: 1, day: 17))
        #expect(plan.tasks[3].timeframe.recurrence == .monthly)
        #expect(plan.tasks[5].lead == ["HĐND cấp xã"])
        #expect(plan.signer?.name == "Lê Bạch Sơn")
        #expect(plan.legalBases.first?.number == "59/KH-UBND")
    }

    @Test func headerNumbersAndDates() {
        #expect(PlanParser.documentNumber("Số: 23 /KH-UBND") == "23/KH-UBND")
        #expect(PlanParser.documentNumber("Số: 132-KH/UBND") == "132/KH-UBND")
        #expect(PlanParser.documentNumber("Số: /KH-UBND") == nil)
        let (place, date) = PlanParser.placeAndDate("Châu Thành, ngày 14 tháng 02 năm 2025")
        #expect(place == "Châu Thành")
        #expect(date == CalendarDate(year: 2025, month: 2, day: 14))
        #expect(PlanParser.placeAndDate("Sóc Trăng, ngày tháng năm 2025").1 == nil)
    }

    @Test func unitCellsBecomeOneEntryPerUnit() {
        #expect(UnitListSplitter.split("1. Phòng Nội vụ;\n2. Phòng Tư pháp.") == ["Phòng Nội vụ", "Phòng Tư pháp"])
        #expect(UnitListSplitter.split("- Các cơ quan, ban ngành huyện - UBND cấp xã") == ["Các cơ quan, ban ngành huyện", "UBND cấp xã"])
        #expect(UnitListSplitter.split("- Phòng Tài chính - Kế hoạch - Phòng Nội vụ") == ["Phòng Tài chính - Kế hoạch", "Phòng Nội vụ"])
        #expect(UnitListSplitter.split("UBND các xã Phú Tâm, Phú Tân, Thiện Mỹ và An Hiệp")
            == ["UBND xã Phú Tâm", "UBND xã Phú Tân", "UBND xã Thiện Mỹ", "UBND xã An Hiệp"])
        #expect(UnitListSplitter.split("Cơ quan, đơn vị, địa phương có liên quan") == ["Cơ quan, đơn vị, địa phương có liên quan"])
        #expect(UnitListSplitter.split("1. Sở ban ngành 2. Cơ quan trung ương đặt tại tỉnh") == ["Sở ban ngành", "Cơ quan trung ương đặt tại tỉnh"])
        #expect(UnitListSplitter.split("Ban Quản lý Dự án 2") == ["Ban Quản lý Dự án 2"])
    }

    @Test func textThatIsNotAPlanIsRefusedWithAReason() {
        #expect(throws: PlanImportError.self) { try PlanImporter().importData(Data("Biên bản họp chi bộ tháng 3".utf8), filename: "a.txt") }
        #expect(throws: PlanImportError.empty) { try PlanImporter().importData(Data(), filename: "a.txt") }
    }

    @Test func robustnessAgainstBadFiles() throws {
        let importer = PlanImporter(maxBytes: 1024 * 1024)
        var generator = SeededGenerator(state: 2026)
        for _ in 0..<200 {
            let bytes = Data((0..<Int.random(in: 1...4096, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) })
            for name in ["x.docx", "x.txt", "x.html", "x.md"] {
                do { _ = try importer.importData(bytes, filename: name) } catch is PlanImportError {} // a reason, never a crash
            }
        }
        // an image renamed .docx
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 100))
        #expect(throws: PlanImportError.self) { try importer.importData(png, filename: "plan.docx") }
        // too large
        #expect(throws: PlanImportError.tooLarge(bytes: 2 * 1024 * 1024, limit: 1024 * 1024)) {
            try importer.importData(Data(count: 2 * 1024 * 1024), filename: "big.txt")
        }
        // a legacy 8-bit encoding is refused with a reason
        let legacy = Data([0x4B, 0xD5, 0x20, 0xB8, 0xB9, 0xA8, 0x66, 0xFF, 0xFE, 0x80])
        #expect(throws: PlanImportError.self) { try importer.importData(legacy, filename: "kh.txt") }
    }

    @Test func utf16TextIsRead() throws {
        let text = String(decoding: try fixture("000_112d4e7ddf674a47.txt"), as: UTF8.self)
        var data = Data([0xFF, 0xFE])
        data.append(text.data(using: .utf16LittleEndian) ?? Data())
        let plan = try PlanImporter().importData(data, filename: "kh.txt")
        #expect(plan.number == "23/KH-UBND")
        #expect(plan.tasks.count == 13)
    }

    @Test func planIssuedWithADecision() throws {
        let plan = try importSeed("decision_vinh_chau_2025.txt")
        #expect(plan.issuer == "Ủy ban nhân dân thị xã Vĩnh Châu")
        #expect(plan.number == "215/QĐ-UBND")
        #expect(plan.issuedOn == CalendarDate(year: 2025, month: 1, day: 20))
        #expect(plan.title == "Tuyên truyền cải cách hành chính thị xã Vĩnh Châu năm 2025")
        // The decision's cited documents with a number; the law without one is not a document reference.
        #expect(plan.legalBases.map(\.number) == ["19/KH-UBND", "12/QĐ-UBND"])
        #expect(plan.legalBases.map(\.date) == [CalendarDate(year: 2025, month: 1, day: 22), CalendarDate(year: 2025, month: 1, day: 8)])
        #expect(plan.recipients == ["Như Điều 3", "Sở Nội vụ", "TT. Thị ủy, TT. HĐND thị xã", "Lưu: VT"])
        #expect(plan.signer == Signer(authority: "KT. CHỦ TỊCH", title: "PHÓ CHỦ TỊCH", name: "Lâm Hoàng Nghiệp"))
        #expect(plan.targets.map(\.percent) == [85, 75])
        #expect(plan.responsibilities.map(\.unit) == ["Phòng Nội vụ", "Trung tâm Văn hóa - Thể thao - Truyền thanh thị xã"])
        #expect(plan.tasks.map(\.no) == [1, 2, 3])
        #expect(plan.tasks[1].coordinating == ["UBND phường 1", "UBND phường 2", "UBND phường Vĩnh Phước"])
        #expect(plan.tasks[2].timeframe.deadline == CalendarDate(year: 2025, month: 12, day: 15))
        #expect(plan.warnings.isEmpty)
        #expect(!plan.draft)
    }

    @Test func agencyUnderItsCommitteeIsTheIssuer() throws {
        #expect(PlanParser.issuer(fromHeaderLines: ["UBND TỈNH SÓC TRĂNG", "SỞ NỘI VỤ"], body: ["Sở Nội vụ xây dựng Kế hoạch như sau:"])
            == "Sở Nội vụ tỉnh Sóc Trăng")
        // Without a sentence to copy the casing from, the usual rule.
        #expect(PlanParser.issuer(fromHeaderLines: ["UBND HUYỆN CHÂU THÀNH", "PHÒNG VĂN HÓA VÀ THÔNG TIN"], body: [])
            == "Phòng Văn hóa và Thông tin huyện Châu Thành")
        #expect(PlanParser.issuer(fromHeaderLines: ["UBND TỈNH SÓC TRĂNG", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"], body: [])
            == "Sở Văn hóa, Thể thao và Du lịch tỉnh Sóc Trăng")
        #expect(PlanParser.issuer(fromHeaderLines: ["ỦY BAN NHÂN DÂN", "THỊ XÃ VĨNH CHÂU"], body: []) == "Ủy ban nhân dân thị xã Vĩnh Châu")
        #expect(PlanParser.issuer(fromHeaderLines: ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ SÓC TRĂNG"], body: []) == "Ủy ban nhân dân thành phố Sóc Trăng")
    }

    @Test func columnTitlesOfficesUse() {
        let titles = ["TT", "Số TT", "Tên hoạt động", "Nội dung công việc", "Cơ quan thực hiện", "Đơn vị chủ trì", "Đơn vị phối hợp",
                      "Thời gian hoàn thành", "Thời gian triển khai", "Tiến độ", "Sản phẩm", "Ghi chú", "Kinh phí"]
        #expect(titles.map(PlanParser.column) == [.no, .no, .content, .content, .lead, .lead, .coordinating,
                                                   .finish, .start, .time, .product, .notes, .unknown("Kinh phí")])
    }
}

@Suite struct BodyTaskTests {
    @Test func tasksWrittenInTheBodyWhenThereIsNoAppendix() throws {
        let plan = try PlanImporter().importData(try fixture("body_tasks_thanh_tri_2025.md"), filename: "kh.md")
        #expect(plan.issuer == "Ủy ban nhân dân huyện Thạnh Trị")
        #expect(plan.number == "31/KH-UBND")
        // Item 3 names no lead, time or product: it is a sentence, not a task.
        try #require(plan.tasks.count == 2)
        #expect(plan.tasks[0].no == 1)
        #expect(plan.tasks[0].content == "Xây dựng chuyên mục cải cách hành chính trên Đài Truyền thanh huyện")
        #expect(plan.tasks[0].lead == ["Trung tâm Văn hóa - Thể thao - Truyền thanh huyện"])
        #expect(plan.tasks[0].coordinating == ["Phòng Nội vụ", "Văn phòng HĐND và UBND huyện"])
        #expect(plan.tasks[0].timeframe.recurrence == .monthly)
        #expect(plan.tasks[1].content == "Tổ chức Hội thi tìm hiểu cải cách hành chính\nĐối tượng dự thi: cán bộ, công chức cấp xã.")
        #expect(plan.tasks[1].lead == ["Phòng Nội vụ"])
        #expect(plan.tasks[1].coordinating == ["UBND xã Châu Hưng", "UBND xã Thạnh Trị", "UBND xã Tuân Tức"])
        #expect(plan.tasks[1].timeframe.start == YearMonth(year: 2025, month: 7))
        #expect(plan.tasks[1].product == "Hội thi cấp huyện")
        #expect(plan.responsibilities.map(\.unit) == ["Phòng Nội vụ"])
        #expect(plan.warnings.isEmpty, "\(plan.warnings)")
    }
}

@Suite struct SideBySideTextTests {
    /// Text copied out of Word keeps the header and closing tables as two tab-separated columns.
    @Test func twoColumnLinesAreReadColumnByColumn() throws {
        let text = [
            "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "HUYỆN CHÂU THÀNH\tĐộc lập - Tự do - Hạnh phúc",
            "Số: 40/KH-UBND\tChâu Thành, ngày 03 tháng 3 năm 2025",
            "KẾ HOẠCH",
            "Tuyên truyền cải cách hành chính huyện Châu Thành năm 2025",
            "I. MỤC ĐÍCH",
            "- Phấn đấu 85% người dân được khảo sát hài lòng với cải cách hành chính.",
            "Nơi nhận:\tTM. ỦY BAN NHÂN DÂN",
            "- Sở Nội vụ;\tCHỦ TỊCH",
            "- Lưu: VT.\tTrương Quốc Diện",
        ].joined(separator: "\n")
        let plan = try PlanImporter().importText(text)
        #expect(plan.issuer == "Ủy ban nhân dân huyện Châu Thành")
        #expect(plan.number == "40/KH-UBND")
        #expect(plan.place == "Châu Thành")
        #expect(plan.issuedOn == CalendarDate(year: 2025, month: 3, day: 3))
        #expect(plan.recipients == ["Sở Nội vụ", "Lưu: VT"])
        #expect(plan.signer == Signer(authority: "TM. ỦY BAN NHÂN DÂN", title: "CHỦ TỊCH", name: "Trương Quốc Diện"))
        #expect(plan.targets.map(\.percent) == [85])
    }
}
