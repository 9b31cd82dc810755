import Foundation
import Testing
import Domain

/// Web copies of plans: the header's cells flattened with "|", number and date on one line, a title broken over
/// lines, the site's own lines above the document.
@Suite struct WebCopyTests {
    let appendix = """
    PHỤ LỤC
    | STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian |
    |---|---|---|---|---|
    | 1 | Đăng tin bài về cải cách hành chính | Văn phòng HĐND và UBND huyện | Phòng Nội vụ | Hằng tháng |
    | 2 | Tổ chức hội thi tìm hiểu cải cách hành chính | Phòng Nội vụ | UBND các xã, thị trấn | Quý III/2025 |
    """

    @Test func pipedHeaderWithSiteLinesAbove() throws {
        let text = """
        Trang chủ > Văn bản chỉ đạo điều hành
        Thứ Hai, ngày 13 tháng 01 năm 2025 08:30 | Lượt xem: 312
        Số lượt truy cập: 1/2025
        ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        HUYỆN MỸ TÚ | Độc lập - Tự do - Hạnh phúc
        Số: 12/KH-UBND | Mỹ Tú, ngày 10 tháng 01 năm 2025
        KẾ HOẠCH
        Tuyên truyền cải cách hành chính
        trên địa bàn huyện Mỹ Tú
        năm 2025
        Căn cứ Kế hoạch số 19/KH-UBND ngày 22 tháng 01 năm 2025 của Ủy ban nhân dân tỉnh Sóc Trăng;
        I. MỤC ĐÍCH, YÊU CẦU
        Phấn đấu 80% cán bộ, công chức nắm được mục tiêu cải cách hành chính.
        \(appendix)
        """
        let plan = try PlanImporter().importText(text)
        #expect(plan.issuer == "Ủy ban nhân dân huyện Mỹ Tú")
        #expect(plan.number == "12/KH-UBND")
        #expect(plan.issuedOn == CalendarDate(year: 2025, month: 1, day: 10))
        #expect(plan.place == "Mỹ Tú")
        #expect(plan.title == "Tuyên truyền cải cách hành chính trên địa bàn huyện Mỹ Tú năm 2025")
        #expect(plan.year == 2025)
        #expect(plan.tasks.map(\.lead) == [["Văn phòng HĐND và UBND huyện"], ["Phòng Nội vụ"]])
        #expect(plan.tasks.last?.coordinating == ["UBND các xã, thị trấn"])
        #expect(plan.tasks.first?.timeframe.recurrence == .monthly)
    }

    @Test func numberAndPlaceDateOnOneLineWithoutPipes() throws {
        let text = """
        Cổng thông tin điện tử tỉnh Bạc Liêu
        Cập nhật, ngày 06 tháng 3 năm 2025
        ỦY BAN NHÂN DÂN
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
        TỈNH BẠC LIÊU
        Độc lập - Tự do - Hạnh phúc
        Số: 45 /KH-UBND Bạc Liêu, ngày 05 tháng 3 năm 2025
        KẾ
        HOẠCH
        THÔNG TIN, TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH
        NHÀ NƯỚC NĂM 2025
        Thực hiện Kế hoạch số 10/KH-UBND ngày 08 tháng 01 năm 2025 của Ủy ban nhân dân tỉnh Bạc Liêu;
        I. MỤC ĐÍCH, YÊU CẦU
        \(appendix)
        """
        let plan = try PlanImporter().importText(text)
        #expect(plan.issuer == "Ủy ban nhân dân tỉnh Bạc Liêu")
        #expect(plan.number == "45/KH-UBND")
        #expect(plan.issuedOn == CalendarDate(year: 2025, month: 3, day: 5))
        #expect(plan.title == "THÔNG TIN, TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH NHÀ NƯỚC NĂM 2025")
        #expect(plan.year == 2025)
        #expect(plan.tasks.count == 2)
    }

    @Test func numberWrittenTheOldWayIsReadTheDecreeWay() throws {
        #expect(PlanParser.normaliseDocumentNumber("132-KH/UBND") == "132/KH-UBND")
        #expect(PlanParser.normaliseDocumentNumber("07-QĐ/UBND") == "07/QĐ-UBND")
        #expect(PlanParser.normaliseDocumentNumber("19/KH-UBND") == "19/KH-UBND")
        #expect(PlanParser.normaliseDocumentNumber("202/2025/QH15") == "202/2025/QH15")
        let text = """
        ỦY BAN NHÂN DÂN
        XÃ HÒA TÚ 1
        Số: 132-KH/UBND
        Hòa Tú 1, ngày 15 tháng 01 năm 2025
        KẾ HOẠCH
        Tuyên truyền cải cách hành chính năm 2025
        Căn cứ Kế hoạch số 12-KH/UBND ngày 10 tháng 01 năm 2025 của Ủy ban nhân dân huyện Mỹ Xuyên;
        \(appendix)
        """
        let plan = try PlanImporter().importText(text)
        #expect(plan.number == "132/KH-UBND")
        #expect(plan.legalBases.first?.number == "12/KH-UBND")
    }
}

/// A decision that issues a plan, alone or with its title's words broken over lines; a plan cut off before its appendix.
@Suite struct DecisionAndPartialTextTests {
    static let header = """
    ỦY BAN NHÂN DÂN
    HUYỆN CÙ LAO DUNG
    Số: 87/QĐ-UBND
    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    Độc lập - Tự do - Hạnh phúc
    Cù Lao Dung, ngày 17 tháng 02 năm 2025
    """
    static let bases = """
    CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN CÙ LAO DUNG
    Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
    Căn cứ Kế hoạch số 19/KH-UBND ngày 22 tháng 01 năm 2025 của Ủy ban nhân dân tỉnh Sóc Trăng;
    Theo đề nghị của Trưởng phòng Nội vụ huyện.
    QUYẾT ĐỊNH:
    Điều 1. Ban hành kèm theo Quyết định này Kế hoạch tuyên truyền cải cách hành chính năm 2025.
    Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
    Điều 3. Chánh Văn phòng HĐND và UBND huyện, Trưởng phòng Nội vụ chịu trách nhiệm thi hành Quyết định này./.
    Nơi nhận:
    - Như Điều 3;
    - Lưu: VT.
    KT. CHỦ TỊCH
    PHÓ CHỦ TỊCH
    Nguyễn Văn Bình
    """

    @Test(arguments: [
        ("QUYẾT ĐỊNH\nVề việc ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2025", "Tuyên truyền cải cách hành chính năm 2025"),
        ("QUYẾT ĐỊNH\nBAN\nHÀNH KẾ HOẠCH TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH HUYỆN CÙ LAO DUNG NĂM 2025",
         "Tuyên truyền cải cách hành chính huyện Cù Lao Dung năm 2025"),
        ("QUYẾT ĐỊNH\nVỀ\nVIỆC BAN HÀNH KẾ HOẠCH TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH NĂM 2025", "Tuyên truyền cải cách hành chính năm 2025"),
        ("QUYẾT\nĐỊNH\nVề việc ban hành\nKế hoạch tuyên truyền cải cách hành chính năm 2025", "Tuyên truyền cải cách hành chính năm 2025"),
        ("QUYẾT ĐỊNH\nPhê duyệt Kế hoạch thông tin, tuyên truyền cải cách hành chính năm 2025",
         "Thông tin, tuyên truyền cải cách hành chính năm 2025"),
    ])
    func decisionAloneGivesItsFieldsAndSaysTheTasksAreMissing(heading: String, title: String) throws {
        let plan = try PlanImporter().importText(Self.header + "\n" + heading + "\n" + Self.bases)
        #expect(plan.issuer == "Ủy ban nhân dân huyện Cù Lao Dung")
        #expect(plan.number == "87/QĐ-UBND")
        #expect(plan.issuedOn == CalendarDate(year: 2025, month: 2, day: 17))
        #expect(plan.year == 2025)
        #expect(plan.title == title)
        #expect(plan.legalBases.map(\.number) == ["19/KH-UBND"])
        #expect(plan.signer == Signer(authority: "KT. CHỦ TỊCH", title: "PHÓ CHỦ TỊCH", name: "Nguyễn Văn Bình"))
        #expect(plan.tasks.isEmpty)
        #expect(plan.warnings.contains { $0.hasPrefix("Không thấy phụ lục nhiệm vụ") }, "\(plan.warnings)")
    }

    @Test func planCutOffBeforeItsAppendixWarns() throws {
        let plan = try PlanImporter().importText("""
        ỦY BAN NHÂN DÂN
        XÃ AN NINH
        Số: 05/KH-UBND
        An Ninh, ngày 09 tháng 01 năm 2025
        KẾ HOẠCH
        Tuyên truyền cải cách hành chính năm 2025
        I. MỤC ĐÍCH, YÊU CẦU
        Nâng cao nhận thức của cán bộ, công chức về cải cách hành chính.
        """)
        #expect(plan.number == "05/KH-UBND")
        #expect(plan.warnings.contains { $0.hasPrefix("Không thấy phụ lục nhiệm vụ") })
    }

    @Test func aDecisionThatIssuesNoPlanIsRefused() {
        let text = Self.header + "\nQUYẾT ĐỊNH\nVề việc thành lập Tổ công tác cải cách hành chính\n" + Self.bases
            .replacingOccurrences(of: "Kế hoạch tuyên truyền", with: "Quy chế")
        #expect(throws: PlanImportError.self) { try PlanImporter().importText(text) }
        #expect(throws: PlanImportError.self) { try PlanImporter().importText("Thông báo\nLịch tiếp công dân tháng 3 năm 2025") }
    }

    @Test(arguments: [
        ("Tuyên truyền cải cách hành chính giai đoạn 2022-2025", PlanPeriod(from: 2022, to: 2025), nil as Int?),
        ("Tuyên truyền cải cách hành chính giai đoạn 2021 – 2030", PlanPeriod(from: 2021, to: 2030), nil),
        ("Truyền thông cải cách hành chính từ năm 2023 đến năm 2025", PlanPeriod(from: 2023, to: 2025), nil),
        ("Tuyên truyền cải cách hành chính giai đoạn 2021-2025, năm 2023", PlanPeriod(from: 2021, to: 2025), 2023),
    ])
    func multiYearPlanHasAPeriodAndNoSingleYear(title: String, period: PlanPeriod, year: Int?) throws {
        let plan = try PlanImporter().importText("""
        ỦY BAN NHÂN DÂN
        TỈNH SÓC TRĂNG
        Số: 201/KH-UBND
        Sóc Trăng, ngày 30 tháng 12 năm 2021
        KẾ HOẠCH
        \(title)
        I. MỤC ĐÍCH, YÊU CẦU
        """)
        #expect(plan.period == period)
        #expect(plan.year == year)
        // The period travels in cchc.plan/v1.
        let data = try plan.jsonData()
        #expect(String(decoding: data, as: UTF8.self).contains("\"period\" : {"))
        #expect(try JSONDecoder().decode(Plan.self, from: data).period == period)
    }
}
