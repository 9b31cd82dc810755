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

/// A schedule followed by a condition: the schedule is read, the condition is kept for the task's notes.
@Suite struct TrailingConditionTests {
    @Test func scheduleAndConditionAreBothKept() {
        let p = TimeframeParser(planYear: 2025)
        let cases: [(String, Timeframe.Recurrence?, String)] = [
            ("Hằng tháng, khi nhận được văn bản của tỉnh", .monthly, "Khi nhận được văn bản của tỉnh"),
            ("Hằng quý (khi nhận được kế hoạch của UBND tỉnh)", .quarterly, "Khi nhận được kế hoạch của UBND tỉnh"),
            ("Thường xuyên và khi có yêu cầu", .continuous, "Khi có yêu cầu"),
            ("Định kỳ hằng tháng hoặc theo chỉ đạo của cấp trên", .monthly, "Theo chỉ đạo của cấp trên"),
            ("Mỗi năm 1 lần, sau khi có kết quả chỉ số", .yearly, "Sau khi có kết quả chỉ số"),
        ]
        for (text, recurrence, condition) in cases {
            let t = p.parse(text)
            #expect(t.recurrence == recurrence, "\(text)")
            #expect(t.text == text)
            #expect(TimeframeParser.trailingCondition(text) == condition, "\(text)")
        }
        // A deadline before the condition keeps its date.
        let due = p.parse("Trước ngày 30/6/2025 hoặc khi có văn bản hướng dẫn")
        #expect(due.deadline?.display == "30/06/2025")
        #expect(TimeframeParser.trailingCondition("Trước ngày 30/6/2025 hoặc khi có văn bản hướng dẫn") == "Khi có văn bản hướng dẫn")
    }

    @Test func onlyAConditionHasNoScheduleAndNothingToMove() {
        let p = TimeframeParser(planYear: 2025)
        for text in ["Khi có yêu cầu", "Theo kế hoạch của tỉnh", "Sau khi có hướng dẫn của Sở Nội vụ"] {
            let t = p.parse(text)
            #expect(t.recurrence == nil && t.start == nil, "\(text)")
            #expect(t.rule == text)
            #expect(TimeframeParser.trailingCondition(text) == nil, "\(text)")
        }
    }

    @Test func theConditionReachesTheTaskNotes() throws {
        let text = """
        ỦY BAN NHÂN DÂN
        HUYỆN MỸ TÚ
        Số: 12/KH-UBND
        Mỹ Tú, ngày 10 tháng 01 năm 2025
        KẾ HOẠCH
        Tuyên truyền cải cách hành chính năm 2025
        PHỤ LỤC
        STT\tNội dung\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian\tGhi chú
        1\tĐưa tin trên trang thông tin điện tử\tVăn phòng HĐND và UBND huyện\tCác phòng, ban ngành\tHằng tháng, khi nhận được văn bản của tỉnh\t
        2\tTổ chức hội nghị\tPhòng Nội vụ\t\tHằng quý (khi có chỉ đạo của tỉnh)\tKinh phí sự nghiệp
        """
        let plan = try PlanImporter().importText(text)
        #expect(plan.tasks.count == 2)
        #expect(plan.tasks.first?.timeframe.recurrence == .monthly)
        #expect(plan.tasks.first?.notes == "Khi nhận được văn bản của tỉnh")
        #expect(plan.tasks.last?.timeframe.recurrence == .quarterly)
        #expect(plan.tasks.last?.notes == "Kinh phí sự nghiệp\nKhi có chỉ đạo của tỉnh")
    }
}
