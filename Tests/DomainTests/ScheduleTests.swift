import Testing
import Domain

@Suite struct ScheduleTests {
    func schedule(_ text: String, year: Int) -> Schedule? {
        Schedule(timeframe: TimeframeParser(planYear: year).parse(text), planYear: year)
    }

    @Test func lastSaturdayOfEachMonthOver2022GivesTwelveDates() throws {
        for text in ["Định kỳ ngày thứ Bảy của tuần cuối cùng trong tháng", "thứ Bảy tuần cuối cùng của mỗi tháng",
                     "Vào ngày thứ bảy cuối cùng hằng tháng"] {
            let s = try #require(schedule(text, year: 2022), "\(text)")
            #expect(s.occurrences.map(\.due.display) == ["29/01/2022", "26/02/2022", "26/03/2022", "30/04/2022", "28/05/2022",
                                                         "25/06/2022", "30/07/2022", "27/08/2022", "24/09/2022", "29/10/2022",
                                                         "26/11/2022", "31/12/2022"], "\(text)")
            #expect(s.due.display == "31/12/2022")
            #expect(s.occurrences.first?.label == "Tháng 01/2022")
        }
    }

    @Test func monthlyQuarterlyWeeklyAndYearlyPeriods() throws {
        let monthly = try #require(schedule("Hằng tháng", year: 2025))
        #expect(monthly.occurrences.count == 12)
        #expect(monthly.occurrences[1].due.display == "28/02/2025")
        let firstMonday = try #require(Schedule(timeframe: Timeframe(text: "x", recurrence: .monthly, rule: "first monday"), planYear: 2025))
        #expect(firstMonday.occurrences.prefix(2).map(\.due.display) == ["06/01/2025", "03/02/2025"])
        let fifteenth = try #require(Schedule(timeframe: Timeframe(text: "x", recurrence: .monthly, rule: "day 31"), planYear: 2025))
        #expect(fifteenth.occurrences[1].due.display == "28/02/2025")
        let quarterly = try #require(schedule("Hằng quý", year: 2024))
        #expect(quarterly.occurrences.map(\.due.display) == ["31/03/2024", "30/06/2024", "30/09/2024", "31/12/2024"])
        #expect(quarterly.occurrences.map(\.label) == ["Quý I/2024", "Quý II/2024", "Quý III/2024", "Quý IV/2024"])
        let weekly = try #require(schedule("Hằng tuần", year: 2025))
        #expect(weekly.occurrences.count == 53)
        #expect(weekly.occurrences.first?.due.display == "05/01/2025")
        #expect(weekly.occurrences.last?.due.display == "31/12/2025")
        #expect(weekly.occurrences.allSatisfy { $0.due.weekday == 0 || $0.due.display == "31/12/2025" })
        let yearly = try #require(schedule("Hằng năm", year: 2025))
        #expect(yearly.occurrences.map(\.due.display) == ["31/12/2025"])
    }

    @Test func singleWindowsDueAtTheirEndOrDeadline() throws {
        let range = try #require(schedule("Tháng 5-10/2025", year: 2025))
        #expect(range.occurrences.isEmpty)
        #expect((range.start.display, range.due.display) == ("01/05/2025", "31/10/2025"))
        let deadline = try #require(schedule("Chậm nhất ngày 15/4/2025", year: 2025))
        #expect(deadline.due.display == "15/04/2025")
        let month = try #require(schedule("Tháng 3/2025", year: 2025))
        #expect((month.start.display, month.due.display) == ("01/03/2025", "31/03/2025"))
        let continuous = try #require(schedule("Thường xuyên", year: 2025))
        #expect(continuous.occurrences.isEmpty)
        #expect((continuous.start.display, continuous.due.display) == ("01/01/2025", "31/12/2025"))
        let unknown = try #require(schedule("Theo chỉ đạo của cấp trên", year: 2025))
        #expect(unknown.due.display == "31/12/2025")
        #expect(Schedule(timeframe: Timeframe(text: "khi có yêu cầu"), planYear: nil) == nil)
        // A monthly task limited to part of the year.
        let partial = try #require(schedule("Hằng tháng, từ tháng 6 đến tháng 9/2025", year: 2025))
        #expect(partial.occurrences.map(\.due.display) == ["30/06/2025", "31/07/2025", "31/08/2025", "30/09/2025"])
    }
}

@Suite struct TimeframeSummaryTests {
    @Test func summariesSayHowTheTextWasUnderstood() {
        let p = TimeframeParser(planYear: 2025)
        #expect(p.parse("Tháng 5-10/2025").summary == "05/2025–10/2025")
        #expect(p.parse("Tháng 3/2025").summary == "03/2025")
        #expect(p.parse("Chậm nhất ngày 15/4/2025").summary.hasSuffix("Chậm nhất 15/04/2025"))
        #expect(p.parse("Định kỳ ngày thứ Bảy của tuần cuối cùng trong tháng").summary.hasPrefix("Hằng tháng (thứ Bảy cuối tháng)"))
        #expect(p.parse("Thường xuyên").summary.hasPrefix("Thường xuyên"))
        #expect(Timeframe(text: "???").summary == "Chưa đọc được")
    }
}

@Suite struct TimelineLayoutTests {
    @Test func barsMarksAndTodaySitOnTheirDays() throws {
        let may = try #require(CalendarDate(year: 2025, month: 5, day: 1)), october = try #require(CalendarDate(year: 2025, month: 10, day: 31))
        let saturdays = try #require(Schedule(timeframe: TimeframeParser(planYear: 2025).parse("thứ Bảy cuối cùng của mỗi tháng"), planYear: 2025))
        let layout = TimelineLayout(year: 2025, items: [
            .init(label: "Pano, áp phích", start: may, due: october, occurrences: [], status: "open"),
            .init(label: String(repeating: "Chuyên mục ", count: 10), start: saturdays.start, due: saturdays.due,
                  occurrences: saturdays.occurrences.map(\.due), status: "overdue"),
        ], today: try #require(CalendarDate(year: 2025, month: 7, day: 2)))
        #expect(layout.months.count == 12)
        #expect(abs(layout.months[0].x - TimelineLayout.labelWidth) < 0.001)
        let monthEnd = layout.months[11].x + layout.months[11].width
        #expect(abs(monthEnd - layout.width) < 0.001)
        // May–October covers months 5 to 10 exactly.
        let bar = layout.rows[0]
        #expect(abs(bar.barX - layout.months[4].x) < 0.001)
        #expect(abs(bar.barX + bar.barWidth - (layout.months[9].x + layout.months[9].width)) < 0.001)
        #expect(layout.rows[1].marks.count == 12)
        #expect(layout.rows[1].label.count == 42)
        let today = try #require(layout.today)
        #expect(today > layout.months[6].x && today < layout.months[6].x + layout.months[6].width)
        #expect(TimelineLayout(year: 2025, items: [], today: try #require(CalendarDate(year: 2026, month: 1, day: 1))).today == nil)
    }
}

@Suite struct WorkProgressTests {
    @Test func doneOnTimeLateOpenOverdueAndCancelled() throws {
        let today = try #require(CalendarDate("2025-06-15"))
        var p = WorkProgress()
        p.add(status: "done", due: try #require(CalendarDate("2025-06-30")), done: CalendarDate("2025-06-10"), today: today)
        p.add(status: "done", due: try #require(CalendarDate("2025-05-31")), done: CalendarDate("2025-06-02"), today: today)
        p.add(status: "open", due: try #require(CalendarDate("2025-06-15")), done: nil, today: today)
        p.add(status: "open", due: try #require(CalendarDate("2025-06-14")), done: nil, today: today)
        p.add(status: "cancelled", due: try #require(CalendarDate("2025-06-14")), done: nil, today: today)
        #expect((p.doneOnTime, p.doneLate, p.open, p.overdue, p.cancelled) == (1, 1, 1, 1, 1))
        #expect(p.total == 4)
        #expect(p.percentDone == 50)
        #expect(WorkProgress().percentDone == 0)
    }
}

@Suite struct BarChartTests {
    @Test func barsScaleToTheLargestOrToTheGivenMaximum() {
        let chart = BarChart([("Phòng Nội vụ", 50, "50%"), ("Trung tâm Văn hóa – Thể thao – Truyền thanh huyện Châu Thành", 100, "100%"), ("Xã Phú Tâm", 0, "0%")],
                             maximum: 100)
        #expect(chart.bars.map(\.width) == [BarChart.barArea / 2, BarChart.barArea, 0])
        #expect(chart.bars[1].label.count == 34)
        #expect(chart.bars[2].figureX == BarChart.labelWidth + 6)
        let counts = BarChart([("Zalo", 3, "3"), ("Đài", 6, "6")])
        #expect(counts.bars.map(\.width) == [BarChart.barArea / 2, BarChart.barArea])
        #expect(BarChart([]).bars.isEmpty)
    }
}
