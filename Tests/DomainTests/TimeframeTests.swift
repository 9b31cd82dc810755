import Testing
@testable import Domain

@Suite struct TimeframeTests {
    let parser = TimeframeParser(planYear: 2025)

    private func ym(_ y: Int, _ m: Int) -> YearMonth? { YearMonth(year: y, month: m) }

    @Test(arguments: [
        ("Tháng 01/2025", 2025, 1, 2025, 1),
        ("Tháng 5-10/2025", 2025, 5, 2025, 10),
        ("Tháng 1- 12/2025", 2025, 1, 2025, 12),
        ("Từ tháng 6 đến tháng 10 năm 2025", 2025, 6, 2025, 10),
        ("Từ tháng 1 – 12/2025", 2025, 1, 2025, 12),
        ("Quý II/2025", 2025, 4, 2025, 6),
        ("6 tháng đầu năm", 2025, 1, 2025, 6),
        ("Tháng 3", 2025, 3, 2025, 3),
        ("Tháng 11/2024 - tháng 2/2025", 2024, 11, 2025, 2),
    ])
    func monthRanges(text: String, y1: Int, m1: Int, y2: Int, m2: Int) {
        let t = parser.parse(text)
        #expect(t.text == text)
        #expect(t.start == ym(y1, m1))
        #expect(t.end == ym(y2, m2))
        #expect(t.recurrence == nil)
    }

    @Test func deadlines() {
        let byMonth = parser.parse("Chậm nhất tháng 4/2025")
        #expect(byMonth.deadline == CalendarDate(year: 2025, month: 4, day: 30))
        #expect(byMonth.end == ym(2025, 4))
        let before = TimeframeParser(planYear: 2024).parse("Trước 17/01")
        #expect(before.deadline == CalendarDate(year: 2024, month: 1, day: 17))
        let long = parser.parse("trước ngày 30 tháng 01 năm 2024")
        #expect(long.deadline == CalendarDate(year: 2024, month: 1, day: 30))
    }

    @Test func recurrences() {
        #expect(parser.parse("Mỗi tháng").recurrence == .monthly)
        #expect(parser.parse("Hàng tháng").recurrence == .monthly)
        #expect(parser.parse("Thường xuyên").recurrence == .continuous)
        #expect(parser.parse("Hàng quý").recurrence == .quarterly)
        #expect(parser.parse("Hàng quý").start == ym(2025, 1))
        let saturday = parser.parse("Định kỳ ngày thứ Bảy của tuần cuối cùng trong tháng")
        #expect(saturday.recurrence == .monthly)
        #expect(saturday.rule == "last saturday")
    }

    @Test func conditionsAndUnknowns() {
        let conditional = parser.parse("Trong vòng 05 ngày khi nhận được văn bản")
        #expect(conditional.rule == "Trong vòng 05 ngày khi nhận được văn bản")
        #expect(conditional.start == nil && conditional.deadline == nil)
        let unknown = parser.parse("Theo tiến độ chung")
        #expect(!unknown.isUnderstood)
        #expect(unknown.text == "Theo tiến độ chung")
    }

    @Test func startAndFinishColumnsMerge() {
        let t = TimeframeParser(planYear: 2024).parse(start: "Tháng 01/2024", finish: "Trước 17/01")
        #expect(t.start == ym(2024, 1))
        #expect(t.deadline == CalendarDate(year: 2024, month: 1, day: 17))
        #expect(TimeframeParser(planYear: 2024).parse(start: "Mỗi tháng", finish: "Mỗi tháng").text == "Mỗi tháng")
    }

    @Test func morePhrasingsOfficesUse() {
        let p = TimeframeParser(planYear: 2025)
        func range(_ text: String) -> (YearMonth?, YearMonth?) { let t = p.parse(text); return (t.start, t.end) }
        #expect(range("Quý I, II/2025") == (ym(2025, 1), ym(2025, 6)))
        #expect(range("Quý I và Quý III") == (ym(2025, 1), ym(2025, 9)))
        #expect(range("Từ tháng 3/2025") == (ym(2025, 3), ym(2025, 12)))
        #expect(range("Từ tháng 6 đến tháng 10 năm 2025") == (ym(2025, 6), ym(2025, 10)))
        #expect(range("T5/2025") == (ym(2025, 5), ym(2025, 5)))
        #expect(range("Đầu năm") == (ym(2025, 1), ym(2025, 3)))
        #expect(range("Cuối năm 2025") == (ym(2025, 10), ym(2025, 12)))
        #expect(p.parse("Đến 30/6/2025").deadline == CalendarDate(year: 2025, month: 6, day: 30))
        let day = p.parse("Ngày 09/11/2025")
        #expect(day.deadline == CalendarDate(year: 2025, month: 11, day: 9) && day.start == ym(2025, 11))
        let span = p.parse("01/01/2025 - 31/12/2025")
        #expect((span.start, span.end, span.deadline) == (ym(2025, 1), ym(2025, 12), CalendarDate(year: 2025, month: 12, day: 31)))
        #expect(p.parse("Theo kế hoạch của tỉnh").rule == "Theo kế hoạch của tỉnh")
        // A run of digits too long for any number is not understood, and does not crash.
        #expect(p.parse("Trước 99999999999999999999999/2025").deadline == nil)
        #expect(TimeframeParser.numbers(in: "99999999999999999999999").count == 1)
    }
}
