import Foundation
import Testing
@testable import Domain

@Suite struct WorkingCalendarTests {
    let calendar = WorkingCalendar.parse(WorkingCalendar.vietnamDefaultText).calendar

    func d(_ text: String) -> CalendarDate {
        let p = text.split(separator: "/").compactMap { Int($0) }
        return CalendarDate(year: p[2], month: p[1], day: p[0])!
    }

    @Test func theShippedCalendarHasNoProblems() {
        #expect(WorkingCalendar.parse(WorkingCalendar.vietnamDefaultText).problems.isEmpty)
        #expect(calendar.holidays.contains(d("17/02/2026")))
        #expect(calendar.holidays.contains(d("02/09/2026")))
    }

    @Test func weekendsAreSkipped() {
        // Friday 04/12/2026 + 1 working day: Monday 07/12.
        #expect(calendar.adding(workingDays: 1, to: d("04/12/2026")) == d("07/12/2026"))
        // 5 working days from a Wednesday: the next Wednesday.
        #expect(calendar.adding(workingDays: 5, to: d("02/12/2026")) == d("09/12/2026"))
        #expect(calendar.adding(workingDays: 0, to: d("05/12/2026")) == d("05/12/2026"))
        // Received on a Saturday: the first working day counted is Monday.
        #expect(calendar.adding(workingDays: 1, to: d("05/12/2026")) == d("07/12/2026"))
    }

    @Test func tetIsSkipped() {
        // Tết Bính Ngọ: 14/02–22/02/2026 off. Received Thursday 12/02: day 1 is Friday 13/02, day 2 is Monday 23/02.
        #expect(calendar.adding(workingDays: 2, to: d("12/02/2026")) == d("23/02/2026"))
        // 20 working days from 02/02/2026: 9 in February before Tết, then from 23/02.
        let due = calendar.adding(workingDays: 20, to: d("02/02/2026"))
        #expect(due == d("09/03/2026"))
        #expect(calendar.workingDays(after: d("02/02/2026"), through: d("09/03/2026")) == 20)
        #expect(calendar.subtracting(workingDays: 2, from: d("23/02/2026")) == d("12/02/2026"))
        // Without the holidays the same count ends a week earlier.
        #expect(WorkingCalendar().adding(workingDays: 20, to: d("02/02/2026")) == d("02/03/2026"))
    }

    @Test func holidaysOnOtherDaysAndFormats() {
        let (c, problems) = WorkingCalendar.parse("""
            # comment
            2026-04-30 Ngày Chiến thắng
            1-5-2026
            02/09/2026 - 31/08/2026 sai
            hôm nay
            01/01/2026 - 01/03/2026 quá dài
            """)
        #expect(c.holidays == [d("30/04/2026"), d("01/05/2026")])
        #expect(problems.count == 3)
        #expect(problems[0].hasPrefix("Dòng 4"))
        #expect(problems[1].hasPrefix("Dòng 5"))
        // Thursday 30/04 and Friday 01/05 off: from Wednesday 29/04, one working day is Monday 04/05.
        #expect(c.adding(workingDays: 1, to: d("29/04/2026")) == d("04/05/2026"))
    }
}

@Suite struct PersonalDataTests {
    @Test func phonesInTheWaysPeopleWriteThem() {
        for phone in ["0912345678", "0912 345 678", "0912.345.678", "091-234-5678", "+84 912 345 678", "+84912345678", "(0299) 3822 123", "02993822123"] {
            let masked = PersonalData.mask("Xin gọi lại số \(phone) giúp tôi.")
            #expect(masked.found.map(\.kind) == [.phone], "\(phone): \(masked.found)")
            #expect(masked.text.allSatisfy { !$0.isNumber }, "\(phone): \(masked.text)")
        }
    }

    @Test func amountsYearsAndDocumentNumbersStay() {
        for text in ["Lệ phí là 150.000.000 đồng.", "Theo Nghị định 61/2018/NĐ-CP ngày 23/4/2018.", "Năm 2026 có 12 tháng.",
                     "Thửa đất số 123, tờ bản đồ 45, diện tích 1.200 m2.", "Mã hồ sơ 000.00.12.H49-250101-0001"] {
            let masked = PersonalData.mask(text)
            #expect(masked.found.isEmpty, "\(text): \(masked.found)")
            #expect(masked.text == text)
        }
    }

    @Test func identityNumbersAndEmails() {
        let masked = PersonalData.mask("CCCD của tôi: 094123456789, CMND cũ 365123456. Thư: nguyen.van-an+hs@gmail.com.vn. Cảm ơn.")
        #expect(masked.found.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.email, .idNumber, .idNumber])
        #expect(masked.text.contains("[thư điện tử đã ẩn]. Cảm ơn."))
        #expect(!masked.text.contains("094123456789") && !masked.text.contains("365123456") && !masked.text.contains("gmail"))
    }

    @Test func theAskersNameWholeAndAfterAFormOfAddress() {
        let text = "Kính gửi ông Nguyễn Văn An. Trả lời ông An: hồ sơ của NGUYEN VAN AN đã nhận. Tỉnh An Giang khác, và không An toàn."
        let masked = PersonalData.mask(text, names: ["Nguyễn Văn An"])
        #expect(masked.found.filter { $0.kind == .name }.count == 3, "\(masked.found)")
        #expect(!masked.text.contains("Nguyễn Văn An") && !masked.text.contains("ông An:"))
        #expect(masked.text.contains("không An toàn"))
    }

    @Test func aNameTheWriterGivesInTheText() {
        for text in ["Tôi tên là Trần Thị Bích, ngụ ấp 3.", "Xin chào, tôi là Lê Văn Tám ở phường 2.", "Họ tên: Phạm Minh Châu"] {
            let masked = PersonalData.mask(text)
            #expect(masked.found.map(\.kind) == [.name], "\(text): \(masked.found)")
        }
        #expect(PersonalData.mask("Tôi là người dân ở xã Phú Tâm.").found.isEmpty)
    }
}

@Suite struct QuestionRoutingTests {
    let rules = """
        # lĩnh vực | từ khóa | đơn vị
        Cải cách thủ tục hành chính | đất đai, sổ đỏ, giấy chứng nhận quyền sử dụng đất | ST-STNMT
        thu tuc hanh chinh | hộ tịch, khai sinh, kết hôn | Sở Tư pháp
        Chuyển đổi số | | ST-STTTT
        * | lương, phụ cấp | Sở Nội vụ
        * | | ST-SNV
        """

    @Test func keywordsAreaAndTheFallback() {
        let (routing, problems) = QuestionRouting.parse(rules)
        #expect(problems.isEmpty)
        #expect(routing.rules.count == 5)
        #expect(routing.route(area: .procedures, text: "Làm lại SỔ ĐỎ bị mất cần giấy tờ gì?")?.unit == "ST-STNMT")
        #expect(routing.route(area: .procedures, text: "Thủ tục dang ky khai sinh cho con")?.unit == "Sở Tư pháp")
        // An area rule without keywords takes every question of its area.
        #expect(routing.route(area: .digitalGovernment, text: "Cách nộp hồ sơ trực tuyến?")?.unit == "ST-STTTT")
        // Keywords of a "*" rule beat the bare fallback.
        #expect(routing.route(area: .civilService, text: "Phụ cấp công vụ năm nay thế nào?")?.unit == "Sở Nội vụ")
        #expect(routing.route(area: .institutions, text: "Câu hỏi khác")?.unit == "ST-SNV")
        // A keyword must be a whole word: "đất đai" is not in "đất đại đoàn kết".
        #expect(routing.route(area: .procedures, text: "khối đại đoàn kết")?.unit == "ST-SNV")
    }

    @Test func badLinesAreNamed() {
        let (routing, problems) = QuestionRouting.parse("Thể chế | luật\nlĩnh vực lạ | a | B\n* | x |\n* | | ST")
        #expect(routing.rules.count == 1)
        #expect(problems.count == 3)
        #expect(problems[0].hasPrefix("Dòng 1"))
        #expect(problems[1].contains("lĩnh vực lạ"))
        #expect(problems[2].contains("thiếu đơn vị"))
    }

    @Test func areasByNameCodeAndShortForm() {
        #expect(ReformArea(naming: "Cải cách tài chính công") == .publicFinance)
        #expect(ReformArea(naming: "CHINH PHU SO") == .digitalGovernment)
        #expect(ReformArea(naming: "civil_service") == .civilService)
        #expect(ReformArea(naming: "bộ máy") == .organisation)
        #expect(ReformArea(naming: "thời tiết") == nil)
    }
}

@Suite struct NearDuplicateTests {
    @Test func smallChangesAreTheSameQuestion() {
        let a = "Xin hỏi thủ tục cấp lại giấy chứng nhận quyền sử dụng đất bị mất cần những giấy tờ gì và nộp ở đâu?"
        #expect(NearDuplicate.isDuplicate(a, of: a.uppercased()))
        #expect(NearDuplicate.isDuplicate(a, of: "xin hoi thu tuc cap lai giay chung nhan quyen su dung dat bi mat can nhung giay to gi va nop o dau"))
        #expect(NearDuplicate.isDuplicate(a, of: a + " Cảm ơn."))
        #expect(!NearDuplicate.isDuplicate(a, of: "Xin hỏi thủ tục đăng ký khai sinh cho con cần những giấy tờ gì và nộp ở đâu?"))
    }
}

@Suite struct RadioScriptTests {
    @Test func readingTimeAtTheStationsSpeed() throws {
        #expect(RadioScript.words("Xin chào quý thính giả, ngày 30/4!") == 8)
        // 130 words a minute: 65 words take 30 s; 66 take 31 (rounded up).
        let sixtyFive = Array(repeating: "từ", count: 65).joined(separator: " ")
        #expect(RadioScript.seconds(sixtyFive, wordsPerMinute: 130) == 30)
        #expect(RadioScript.seconds(sixtyFive + " nữa", wordsPerMinute: 130) == 31)
        #expect(RadioScript.duration(185) == "3 phút 05 giây")
        let month = try #require(YearMonth(year: 2026, month: 11))
        let script = RadioScript(station: "Đài Truyền thanh huyện Châu Thành", month: month, intro: sixtyFive,
                                 items: [.init(code: "HD-1", unit: "Phòng Tư pháp", question: sixtyFive, answer: sixtyFive + " " + sixtyFive)],
                                 outro: sixtyFive, wordsPerMinute: 130)
        #expect(script.totalSeconds == 150)
    }

    @Test func theScriptIsAWordDocumentWithEveryChosenAnswer() throws {
        let month = try #require(YearMonth(year: 2026, month: 11))
        let script = RadioScript(station: "Đài Truyền thanh huyện Châu Thành", month: month, intro: "Kính thưa quý thính giả",
                                 items: [.init(code: "HD-AB12", unit: "Phòng Tư pháp", question: "Đăng ký khai sinh ở đâu?", answer: "Tại UBND xã."),
                                         .init(code: "HD-CD34", unit: "Sở Nội vụ", question: "Hỏi về công vụ & <lương>", answer: "Theo Nghị định.")],
                                 outro: "Xin chào", wordsPerMinute: 130)
        let data = try RadioScriptWriter.data(for: script)
        #expect(data.starts(with: [0x50, 0x4B]))
        let xml = RadioScriptWriter.xml(script)
        for text in ["KỊCH BẢN CHUYÊN MỤC", "Câu hỏi 1 (HD-AB12)", "Đăng ký khai sinh ở đâu?", "Trả lời — Sở Nội vụ", "&lt;lương&gt;", "tháng 11/2026"] {
            #expect(xml.contains(text), "\(text)")
        }
    }
}
