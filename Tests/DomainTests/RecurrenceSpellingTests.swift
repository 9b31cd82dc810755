import Testing
import Domain

/// Recurring timeframes in their many spellings.
@Suite struct RecurrenceSpellingTests {
    @Test func eachSpellingGivesItsRecurrenceAndRule() {
        let p = TimeframeParser(planYear: 2025)
        let cases: [(String, Timeframe.Recurrence?, String?)] = [
            ("Hằng tháng", .monthly, nil), ("Hàng tháng", .monthly, nil), ("Mỗi tháng", .monthly, nil), ("Định kỳ hằng tháng", .monthly, nil),
            ("Ngày 15 hằng tháng", .monthly, "day 15"), ("thứ Bảy tuần cuối cùng của mỗi tháng", .monthly, "last saturday"),
            ("Vào ngày thứ Bảy của tuần cuối trong tháng", .monthly, "last saturday"), ("Hằng quý", .quarterly, nil),
            ("Định kỳ 1 lần/quý", .quarterly, nil), ("6 tháng/lần", nil, "every 6 months"), ("Hằng tuần", .weekly, nil),
            ("Hằng năm", .yearly, nil), ("Thường xuyên", .continuous, nil), ("Khi có yêu cầu", nil, nil),
            ("Vào ngày 5 mỗi tháng", .monthly, "day 5"), ("Định kỳ 3 tháng một lần", nil, "every 3 months"), ("Mỗi tuần 1 lần", .weekly, nil),
            ("1 lần/năm", .yearly, nil), ("Định kỳ 1 lần/tháng", .monthly, nil),
        ]
        for (text, recurrence, rule) in cases {
            let t = p.parse(text)
            #expect(t.recurrence == recurrence, "\(text): \(String(describing: t.recurrence))")
            if let rule { #expect(t.rule == rule, "\(text): \(String(describing: t.rule))") }
        }
    }

    @Test func everySixMonthsIsCountedAndSaidInVietnamese() throws {
        let timeframe = TimeframeParser(planYear: 2025).parse("6 tháng/lần")
        let schedule = try #require(Schedule(timeframe: timeframe, planYear: 2025))
        #expect(schedule.occurrences.map(\.due.display) == ["30/06/2025", "31/12/2025"])
        #expect(timeframe.summary.hasPrefix("6 tháng một lần"))
        let fifteenth = try #require(Schedule(timeframe: TimeframeParser(planYear: 2025).parse("Ngày 15 hằng tháng"), planYear: 2025))
        #expect(fifteenth.occurrences.prefix(2).map(\.due.display) == ["15/01/2025", "15/02/2025"])
    }
}
