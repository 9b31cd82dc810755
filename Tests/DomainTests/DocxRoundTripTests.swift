import Foundation
import Testing
import ZIPFoundation
@testable import Domain

/// Export to .docx then import gives back the same plan.
@Suite struct DocxRoundTripTests {
    /// Random plans in the space the importer produces: names, units, timeframes and targets as offices write them.
    /// Structured fields the importer derives from text (a timeframe's months, a target's subject, a legal basis's
    /// number and date) are built alongside the text they come from.
    struct PlanGenerator {
        var rng: SeededGenerator

        mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &rng)] }
        mutating func some<T>(_ items: [T], max: Int) -> [T] {
            Array(items.shuffled(using: &rng).prefix(Int.random(in: 0...min(max, items.count), using: &rng)))
        }
        mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
        mutating func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &rng) }

        static let issuers = [("Ủy ban nhân dân huyện Châu Thành", "Châu Thành", "huyện Châu Thành"),
                              ("Ủy ban nhân dân tỉnh Sóc Trăng", "Sóc Trăng", "tỉnh Sóc Trăng"),
                              ("Ủy ban nhân dân thị xã Vĩnh Châu", "Vĩnh Châu", "thị xã Vĩnh Châu"),
                              ("Ủy ban nhân dân thành phố Sóc Trăng", "Sóc Trăng", "thành phố Sóc Trăng"),
                              ("Ủy ban nhân dân xã Phú Tâm", "Phú Tâm", "xã Phú Tâm"),
                              ("Ủy ban nhân dân phường Vĩnh Phước", "Vĩnh Châu", "phường Vĩnh Phước"),
                              ("Sở Nội vụ tỉnh Sóc Trăng", "Sóc Trăng", "tỉnh Sóc Trăng"),
                              ("Phòng Văn hóa và Thông tin huyện Châu Thành", "Châu Thành", "huyện Châu Thành")]
        static let units = ["Phòng Nội vụ", "Phòng Văn hoá và Thông tin", "Trung tâm Văn hóa – Thể thao – Truyền thanh huyện",
                            "Các cơ quan, ban ngành huyện", "UBND cấp xã", "Công an huyện", "Thanh tra huyện",
                            "Đoàn TNCS Hồ Chí Minh huyện Châu Thành", "Các cơ quan khác có liên quan", "Sở Nội vụ",
                            "Báo Sóc Trăng", "Đài Phát thanh và Truyền hình Sóc Trăng", "Ủy ban nhân dân xã Phú Tâm"]
        static let signers = ["Trương Quốc Diện", "Lâm Hoàng Nghiệp", "Trần Văn Lâu", "Huỳnh Thị Diễm Ngọc"]

        mutating func timeframeText(year: Int) -> String {
            pick(["Tháng 3/\(year)", "Tháng 5-10/\(year)", "Tháng 1- 12/\(year)", "Quý II/\(year)", "Hàng tháng", "Thường xuyên",
                  "Hàng quý", "Từ tháng 6 đến tháng 10 năm \(year)", "Chậm nhất tháng 11/\(year)", "6 tháng cuối năm",
                  "Định kỳ ngày thứ Bảy của tuần cuối cùng trong tháng", "Tháng 12/\(year)"])
        }

        mutating func plan() -> Plan {
            var plan = Plan()
            let year = int(2024...2027)
            let (issuer, place, locality) = pick(Self.issuers)
            plan.issuer = issuer
            plan.place = place
            plan.year = year
            plan.number = chance(0.8) ? "\(int(1...320))/KH-UBND" : nil
            plan.issuedOn = chance(0.85) ? CalendarDate(year: year, month: 1, day: int(2...9)) : nil
            plan.draft = plan.number == nil || plan.issuedOn == nil || chance(0.1)
            plan.title = "Tuyên truyền cải cách hành chính \(locality) năm \(year)"
            for _ in 0..<int(0...3) {
                let kind = pick(["Kế hoạch", "Quyết định", "Chỉ thị", "Nghị quyết"])
                let number = "\(int(1...999))/\(pick(["KH-UBND", "QĐ-UBND", "CT-UBND", "NQ-CP"]))"
                let date = chance(0.8) ? CalendarDate(year: year - 1, month: int(1...12), day: int(1...28)) : nil
                let by = chance(0.7) ? pick(["Ủy ban nhân dân tỉnh Sóc Trăng", "Chính phủ", "Thủ tướng Chính phủ"]) : nil
                var text = "\(kind) số \(number)"
                if let date { text += " ngày \(DocxWriter.DocumentBuilder.twoDigits(date.day)) tháng \(DocxWriter.DocumentBuilder.twoDigits(date.month)) năm \(date.year)" }
                if let by { text += " của \(by)" }
                text += " về công tác cải cách hành chính năm \(year)"
                plan.legalBases.append(LegalBasis(text: text, number: number, date: date, issuer: by))
            }
            let targetPhrases: [(String, Target.Subject)] = [
                ("cán bộ, công chức, viên chức được khảo sát nắm vững mục tiêu, nhiệm vụ cải cách hành chính", .civilServants),
                ("cán bộ, công chức phụ trách công tác cải cách hành chính được tập huấn kỹ năng tuyên truyền", .reformStaff),
                ("người dân, tổ chức được khảo sát hiểu rõ mục đích, ý nghĩa của cải cách hành chính", .citizens),
                ("nhiệm vụ tuyên truyền được hoàn thành đúng thời hạn", .tasks),
            ]
            for (phrase, subject) in some(targetPhrases, max: 3) {
                let percent = pick([50.0, 70, 80, 85, 90, 92.5, 100])
                let written = percent == percent.rounded() ? "\(Int(percent))" : "\(percent)".replacingOccurrences(of: ".", with: ",")
                plan.targets.append(Target(text: "\(written)% \(phrase)", percent: percent, subject: subject))
            }
            plan.audiences = some(["Cán bộ, công chức, viên chức trong các cơ quan hành chính nhà nước", "Người dân, doanh nghiệp trên địa bàn",
                                   "Học sinh, sinh viên", "Đoàn viên, hội viên các đoàn thể"], max: 3)
            plan.topics = some(["Kết quả thực hiện cải cách hành chính năm \(year - 1)", "Cải cách thủ tục hành chính, thực hiện cơ chế một cửa, một cửa liên thông",
                                "Chuyển đổi số, xây dựng chính quyền điện tử", "Sắp xếp tổ chức bộ máy tinh gọn, hoạt động hiệu lực, hiệu quả"], max: 4)
            plan.forms = some(["Đăng tải tin, bài trên Cổng thông tin điện tử", "Phát sóng chuyên mục trên Đài Truyền thanh",
                               "Tổ chức hội nghị, tọa đàm", "Treo băng rôn, khẩu hiệu, pa-nô, áp phích"], max: 4)
            if chance(0.7) {
                plan.budget = "Kinh phí thực hiện từ nguồn ngân sách nhà nước được giao năm \(year)."
                if chance(0.5) { plan.budget! += "\nCác cơ quan, đơn vị bố trí kinh phí trong dự toán được giao." }
            }
            for unit in some(["Phòng Nội vụ", "Phòng Văn hóa và Thông tin", "Trung tâm Văn hóa - Thể thao - Truyền thanh huyện", "Ủy ban nhân dân các xã, thị trấn"], max: 3) {
                plan.responsibilities.append(Responsibility(unit: unit, duties: some([
                    "Chủ trì, phối hợp triển khai thực hiện Kế hoạch này.", "Tổng hợp, báo cáo kết quả theo quy định.",
                    "Đăng tải tin, bài về cải cách hành chính trên trang thông tin điện tử."], max: 2)))
            }
            plan.recipients = some(["Sở Nội vụ", "TT. Huyện ủy, TT. HĐND huyện", "Chủ tịch và PCT UBND huyện", "Các cơ quan, ngành huyện"], max: 4) + ["Lưu: VT"]
            plan.signer = chance(0.5)
                ? Signer(authority: "TM. ỦY BAN NHÂN DÂN", title: "CHỦ TỊCH", name: pick(Self.signers))
                : Signer(authority: "KT. CHỦ TỊCH", title: "PHÓ CHỦ TỊCH", name: pick(Self.signers))
            let parser = TimeframeParser(planYear: year)
            let withProducts = chance(0.4), withNotes = chance(0.3)
            for no in 1...max(1, int(0...25)) where chance(0.9) || no == 1 {
                var content = pick(["Tuyên truyền kết quả cải cách hành chính năm \(year - 1)", "Xây dựng chuyên mục cải cách hành chính",
                                    "Tổ chức Hội thi tìm hiểu cải cách hành chính", "Cung cấp thông tin về thủ tục hành chính mới"])
                if chance(0.2) { content += "\nPhương hướng, kế hoạch cải cách hành chính năm \(year)" }
                let time = timeframeText(year: year)
                plan.tasks.append(PlanTask(no: plan.tasks.count + 1, content: content,
                                           product: withProducts && chance(0.8) ? pick(["Tin, bài", "Phóng sự", "Hội nghị"]) : nil,
                                           lead: [pick(Self.units)] + (chance(0.3) ? [pick(Self.units)] : []),
                                           coordinating: some(Self.units, max: 4), timeframe: parser.parse(time),
                                           notes: withNotes && chance(0.5) ? "Phối hợp thực hiện" : nil))
            }
            if chance(0.15) { plan.tasks = [] }
            return plan
        }
    }

    @Test func generatedPlansSurviveExportThenImport() throws {
        var generator = PlanGenerator(rng: .init(state: 2025))
        for _ in 0..<60 {
            let plan = generator.plan()
            let data = try DocxWriter.data(for: plan)
            var back = try PlanImporter().importData(data, filename: "ke-hoach.docx")
            if plan.tasks.isEmpty {
                // A document without an appendix is read with a warning that says so.
                #expect(back.warnings.count == 1 && back.warnings[0].hasPrefix("Không thấy phụ lục nhiệm vụ"))
                back.warnings = plan.warnings
            }
            #expect(back == plan, "\(Fixture.difference(plan, back))")
            if back != plan { break }
        }
    }

    @Test(arguments: ["000_112d4e7ddf674a47.txt", "002_97d3f2a78031f67b.txt", "003_d55f1bc8d62f71d1.txt"])
    func seedPlansSurviveExportThenImport(seed: String) throws {
        let plan = try Fixture.plan(seed)
        var back = try PlanImporter().importData(try DocxWriter.data(for: plan), filename: "ke-hoach.docx")
        // Warnings about the source's own layout (seed 002's appendix heading names another year) are not part of
        // the plan, so the exported document cannot repeat them; every warning it does give must be the source's.
        #expect(Set(back.warnings).isSubset(of: Set(plan.warnings)))
        back.warnings = plan.warnings
        #expect(back == plan, "\(Fixture.difference(plan, back))")
    }

    @Test func documentFollowsDecree30Layout() throws {
        var generator = PlanGenerator(rng: .init(state: 9))
        var plan = generator.plan()
        if plan.tasks.isEmpty { plan = generator.plan() }
        let archive = try Archive(data: try DocxWriter.data(for: plan), accessMode: .read)
        func part(_ path: String) throws -> String {
            let entry = try #require(archive[path])
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            return String(decoding: data, as: UTF8.self)
        }
        let styles = try part("word/styles.xml")
        #expect(styles.contains("w:ascii=\"Times New Roman\""))
        #expect(styles.contains("<w:sz w:val=\"28\"/>")) // 14 pt body
        let document = try part("word/document.xml")
        // A4 portrait then the landscape appendix; margins 20/20/30/15 mm.
        #expect(document.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"))
        #expect(document.contains("<w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/>"))
        #expect(document.contains("w:top=\"1134\" w:right=\"850\" w:bottom=\"1134\" w:left=\"1701\""))
        #expect(document.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
        #expect(document.contains("Độc lập - Tự do - Hạnh phúc"))
        // "Nơi nhận:" 12 pt bold italic; its list 11 pt.
        #expect(document.contains("<w:b/><w:bCs/><w:i/><w:iCs/><w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/></w:rPr><w:t xml:space=\"preserve\">Nơi nhận:"))
        if let first = plan.recipients.first {
            #expect(document.contains("<w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/></w:rPr><w:t xml:space=\"preserve\">- \(XML.escape(first))"))
        }
        #expect(document.contains("(Kèm theo Kế hoạch số"))
        #expect(document.contains("<w:tblHeader/>"))
        // The place-date line is italic.
        let placeDate = XML.escape(DocxWriter.DocumentBuilder.placeDate(plan))
        #expect(document.contains("<w:i/><w:iCs/></w:rPr><w:t xml:space=\"preserve\">\(placeDate)"))
    }
}
