import Foundation
import Testing
import Domain

@Suite struct CalendarDateTests {
    @Test func dayNumbersMatchTheGregorianCalendar() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        // Every day from 1999 to 2031, checked against Foundation's calendar.
        var date = try #require(calendar.date(from: DateComponents(year: 1999, month: 1, day: 1)))
        for _ in 0..<(33 * 366) {
            let c = calendar.dateComponents([.year, .month, .day, .weekday], from: date)
            let day = try #require(CalendarDate(year: c.year!, month: c.month!, day: c.day!))
            #expect(day.daysSince1970 == Int(date.timeIntervalSince1970 / 86_400))
            #expect(CalendarDate(daysSince1970: day.daysSince1970) == day)
            #expect(day.weekday == c.weekday! - 1)
            date = date.addingTimeInterval(86_400)
        }
    }

    @Test func addingDaysCrossesMonthsYearsAndLeapDays() {
        #expect(CalendarDate("2024-02-28")?.adding(days: 1) == CalendarDate("2024-02-29"))
        #expect(CalendarDate("2025-02-28")?.adding(days: 1) == CalendarDate("2025-03-01"))
        #expect(CalendarDate("2025-12-31")?.adding(days: 1) == CalendarDate("2026-01-01"))
        #expect(CalendarDate("2026-01-01")?.adding(days: -1) == CalendarDate("2025-12-31"))
        #expect(CalendarDate("2000-01-01")?.daysSince1970 == 10_957)
        #expect(CalendarDate("2200-12-31")?.adding(days: 1) == nil)
    }
}
