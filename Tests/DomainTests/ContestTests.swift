import Foundation
import Testing
@testable import Domain

@Suite struct ContestIdentityTests {
    @Test func oneCitizenIDHoweverItIsTyped() {
        for typed in ["079123456789", "079 123 456 789", "079.123.456.789", " 079-123-456-789 "] {
            #expect(ContestIdentity.citizenID(typed) == "079123456789", "\(typed)")
        }
        for wrong in ["79123456789", "0791234567890", "07912345678a", "", "CCCD 079123456789"] {
            #expect(ContestIdentity.citizenID(wrong) == nil, "\(wrong)")
        }
    }

    @Test func oneMobileNumberHoweverItIsTyped() {
        for typed in ["0912345678", "+84 912 345 678", "84912345678", "0084912345678", "0912.345.678", "(091) 234-5678"] {
            #expect(ContestIdentity.phone(typed) == "0912345678", "\(typed)")
        }
        // A landline with its area code keeps its 11 digits.
        #expect(ContestIdentity.phone("+84 299 3822 111") == "02993822111")
        for wrong in ["912345678", "09123", "0912345678x", "+1 202 555 0100"] {
            #expect(ContestIdentity.phone(wrong) == nil, "\(wrong)")
        }
    }

    @Test func theAttemptKeyPrefersTheCitizenID() {
        #expect(ContestIdentity(name: "Nguyễn Văn A", citizenID: "079 123 456 789", phone: "0912345678").key == "cccd:079123456789")
        #expect(ContestIdentity(name: "Nguyễn Văn A", phone: "+84912345678", email: "A@Gmail.com").key == "tel:0912345678")
        #expect(ContestIdentity(name: "Nguyễn Văn A", email: " An.Nguyen@SoNoiVu.gov.vn ").key == "mail:an.nguyen@sonoivu.gov.vn")
        #expect(ContestIdentity(name: "Nguyễn Văn A", citizenID: "123", phone: "abc", email: "no-at-sign").key == nil)
    }
}

@Suite struct ContestRankingTests {
    let start = Date(timeIntervalSince1970: 1_760_000_000)

    func entry(_ correct: Int, _ prediction: Int?, _ seconds: Int, at offset: TimeInterval = 0) -> ContestRanking.Entry {
        ContestRanking.Entry(id: UUID(), correct: correct, prediction: prediction, seconds: seconds, submittedAt: start.addingTimeInterval(offset))
    }

    @Test func correctAnswersThenPredictionThenTimeThenSubmission() {
        let a = entry(15, 6_000, 300)
        let b = entry(15, 5_950, 500)     // closer to 5 945 than a: ahead of a despite being slower
        let c = entry(14, 5_945, 100)     // exact prediction, one answer fewer: behind both
        let d = entry(15, 5_950, 400)     // same gap as b, faster
        let e = entry(15, 5_940, 400, at: 10)  // gap 5, same time as d, submitted later
        let ranked = ContestRanking.rank([a, b, c, d, e], actual: 5_945).map(\.entry.id)
        #expect(ranked == [d.id, e.id, b.id, a.id, c.id])
    }

    @Test func equalEntriesShareARankAndTheNextRankSkips() {
        let a = entry(10, 100, 60)
        let b = entry(10, 100, 60)
        let c = entry(9, 100, 60)
        let ranked = ContestRanking.rank([c, b, a], actual: 90)
        #expect(ranked.map(\.rank) == [1, 1, 3])
        #expect(ranked[2].entry.id == c.id)
        #expect(ranked[0].predictionGap == 10)
    }

    @Test func withoutAPredictionAnEntryComesAfterThoseWithOne() {
        let none = entry(12, nil, 50)
        let far = entry(12, 1_000_000, 900)
        let ranked = ContestRanking.rank([none, far], actual: 10)
        #expect(ranked.map(\.entry.id) == [far.id, none.id])
        // While the true number is unknown, predictions do not count: time decides.
        #expect(ContestRanking.rank([none, far], actual: nil).map(\.entry.id) == [none.id, far.id])
        // A prediction at the edge of Int does not trap.
        let extreme = entry(12, Int.min, 10)
        #expect(ContestRanking.rank([extreme, far], actual: Int.max).count == 2)
    }
}

@Suite struct QuestionBankTextTests {
    @Test func theUsualWordLayout() {
        let text = """
            NGÂN HÀNG CÂU HỎI CUỘC THI TÌM HIỂU CẢI CÁCH HÀNH CHÍNH NĂM 2025
            I. CẢI CÁCH THỂ CHẾ
            Câu 1. Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 – 2030
            được ban hành kèm theo văn bản nào?
            A. Nghị quyết số 30c/NQ-CP
            B. Nghị quyết số 76/NQ-CP
            C. Quyết định số 225/QĐ-TTg
            D. Chỉ thị số 23/CT-TTg
            Đáp án: B
            Câu 2: Những nội dung nào thuộc cải cách thủ tục hành chính?
            A. Rà soát, đơn giản hóa thủ tục
            B. Xây dựng trụ sở
            C. Công khai thủ tục hành chính
            Đáp án đúng: A, C
            Giải thích: theo Nghị quyết 76/NQ-CP, mục cải cách thủ tục hành chính.
            II. XÂY DỰNG CHÍNH PHỦ ĐIỆN TỬ
            Câu 3 – Cổng Dịch vụ công quốc gia có địa chỉ nào?
            A. dichvucong.gov.vn
            B. chinhphu.vn
            Đáp án: A
            Mức độ: dễ
            """
        let (questions, problems) = QuestionBankText.parse(text)
        #expect(problems.isEmpty, "\(problems)")
        #expect(questions.map(\.number) == [1, 2, 3])
        #expect(questions[0].text == "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 – 2030 được ban hành kèm theo văn bản nào?")
        #expect(questions[0].options.count == 4 && questions[0].correct == [1] && !questions[0].multiple)
        #expect(questions[0].topic == "CẢI CÁCH THỂ CHẾ")
        #expect(questions[1].correct == [0, 2] && questions[1].multiple)
        #expect(questions[1].explanation == "theo Nghị quyết 76/NQ-CP, mục cải cách thủ tục hành chính.")
        #expect(questions[2].topic == "XÂY DỰNG CHÍNH PHỦ ĐIỆN TỬ" && questions[2].difficulty == .easy)
    }

    @Test func starredOptionsLowerCaseLettersAndTopicsPerQuestion() {
        let text = """
            Câu hỏi 7: Người dân nộp hồ sơ trực tuyến ở đâu?
            Chủ đề: Dịch vụ công trực tuyến
            a) Bộ phận một cửa
            *b) Cổng dịch vụ công
            c) Bưu điện
            Mức độ: thông hiểu
            CÂU 8. Cơ quan nào tham mưu về cải cách hành chính ở tỉnh?
            A/ Sở Tư pháp
            B/ Sở Nội vụ (*)
            ĐA: B
            """
        let (questions, problems) = QuestionBankText.parse(text)
        #expect(problems.isEmpty, "\(problems)")
        #expect(questions.count == 2)
        #expect(questions[0].number == 7 && questions[0].correct == [1] && questions[0].options[1] == "Cổng dịch vụ công")
        #expect(questions[0].topic == "Dịch vụ công trực tuyến" && questions[0].difficulty == .medium)
        #expect(questions[1].topic == nil && questions[1].correct == [1] && questions[1].options[1] == "Sở Nội vụ")
    }

    @Test func problemsAreToldByQuestionNumber() {
        let text = """
            Câu 1. Thiếu đáp án?
            A. Có
            B. Không
            Câu 2. Chỉ một phương án
            A. Duy nhất
            Đáp án: A
            Câu 3. Đáp án ngoài phương án
            A. Một
            B. Hai
            Đáp án: D
            Câu 3. Trùng số
            A. Một
            B. Hai
            Đáp án: A
            Câu 4. Đánh dấu khác đáp án
            *A. Một
            B. Hai
            Đáp án: B
            Câu 5. Đúng
            A. Một
            B. Hai
            Đáp án: B. Hai
            """
        let (questions, problems) = QuestionBankText.parse(text)
        #expect(questions.map(\.number) == [5])
        #expect(questions.first?.correct == [1])
        #expect(problems.map(\.question) == [1, 2, 3, 3, 4])
        #expect(problems[0].description.hasPrefix("Câu 1: chưa có đáp án"))
        #expect(problems[2].message.contains("đáp án D"))
        #expect(problems[3].message.contains("trùng"))
    }

    @Test func linesThatOnlyLookLikeLabelsStayText() {
        let text = """
            Câu 9. Hình thức nào sau đây đúng?
            Đa dạng hóa hình thức tuyên truyền là yêu cầu của kế hoạch
            A. Đa dạng các kênh thông tin
            B. Bộ phận một cửa
            C. Căn cứ vào tình hình thực tế
            Đáp án: A
            """
        let (questions, problems) = QuestionBankText.parse(text)
        #expect(problems.isEmpty, "\(problems)")
        #expect(questions.first?.text == "Hình thức nào sau đây đúng? Đa dạng hóa hình thức tuyên truyền là yêu cầu của kế hoạch")
        #expect(questions.first?.options == ["Đa dạng các kênh thông tin", "Bộ phận một cửa", "Căn cứ vào tình hình thực tế"])
        #expect(questions.first?.correct == [0])
    }

    @Test func aFileWithoutQuestionsSaysWhatItExpects() {
        let (questions, problems) = QuestionBankText.parse("Kế hoạch tuyên truyền cải cách hành chính năm 2025\n1. Đăng tin bài")
        #expect(questions.isEmpty)
        #expect(problems.count == 1 && problems[0].message.contains("Câu 1."))
    }
}

@Suite struct ContestDrawTests {
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state
        }
    }

    func bank() -> [ContestQuestion] {
        (1...30).map { n in
            ContestQuestion(number: n, text: "Câu \(n)", options: ["Có", "Không", "Chưa rõ"], correct: n % 5 == 0 ? [0, 2] : [n % 2],
                            topic: n <= 10 ? "Thể chế" : n <= 25 ? "Thủ tục hành chính" : "Chính phủ số")
        }
    }

    @Test func eachTopicGivesItsShareAndNothingTwice() {
        var g = Seeded(state: 42)
        let drawn = ContestDraw.draw(from: bank(), count: 15, perTopic: ["Thể chế": 2, "Thủ tục hành chính": 4, "Chính phủ số": 9], using: &g)
        #expect(drawn.count == 15 && Set(drawn).count == 15)
        let topics = Dictionary(grouping: drawn) { n in bank().first { $0.number == n }?.topic ?? "" }.mapValues(\.count)
        // Only 5 questions in "Chính phủ số": the other 4 come from any group.
        #expect(topics["Chính phủ số"] == 5)
        #expect((topics["Thể chế"] ?? 0) >= 2 && (topics["Thủ tục hành chính"] ?? 0) >= 4)
        var again = Seeded(state: 42)
        #expect(ContestDraw.draw(from: bank(), count: 15, perTopic: ["Thể chế": 2, "Thủ tục hành chính": 4, "Chính phủ số": 9], using: &again) == drawn)
        var small = Seeded(state: 7)
        #expect(ContestDraw.draw(from: Array(bank().prefix(3)), count: 15, using: &small).count == 3)
    }

    @Test func aMultipleAnswerQuestionCountsOnlyWhenExactlyRight() {
        let questions = Array(bank().prefix(5))
        // 1: [1], 2: [0], 3: [1], 4: [0], 5: [0, 2]
        #expect(ContestDraw.correct([1: [1], 2: [0], 3: [0], 5: [2, 0]], of: questions) == 3)
        #expect(ContestDraw.correct([5: [0]], of: questions) == 0)
        #expect(ContestDraw.correct([5: [0, 1, 2]], of: questions) == 0)
        #expect(ContestDraw.correct([:], of: questions) == 0)
    }
}

@Suite struct QuestionBankTableTests {
    @Test func anExcelSheetWithATitleAboveTheHeader() {
        let rows: [[String]] = [
            ["NGÂN HÀNG CÂU HỎI CUỘC THI TÌM HIỂU CẢI CÁCH HÀNH CHÍNH NĂM 2026"],
            [],
            ["STT", "Nội dung câu hỏi", "Phương án A", "Phương án B", "Phương án C", "Phương án D", "Đáp án", "Chủ đề", "Mức độ", "Đối tượng"],
            ["1", "Chỉ số SIPAS đo điều gì?", "Sự hài lòng của người dân", "Năng lực cạnh tranh", "Chỉ số CCHC", "", "A", "Cải cách hành chính", "Dễ", "Người dân"],
            ["2", "Những thủ tục nào được thực hiện trực tuyến toàn trình?", "Cấp lại giấy khai sinh", "Đăng ký kết hôn có yếu tố nước ngoài",
             "Cấp phiếu lý lịch tư pháp", "Không có", "A, C", "Thủ tục hành chính", "Khó", "CBCCVC"],
            ["", "", "", "", "", "", "", "", "", ""],
            ["3", "Bộ phận Một cửa đặt ở đâu?", "Trụ sở UBND", "Nhà văn hóa", "", "", "Trụ sở UBND", "", "Trung bình", "Tất cả"],
        ]
        let (questions, problems) = QuestionBankTable.parse(rows)
        #expect(problems.isEmpty, "\(problems)")
        #expect(questions.map(\.number) == [1, 2, 3])
        #expect(questions[0].options.count == 3 && questions[0].correct == [0] && questions[0].audience == .citizens)
        #expect(questions[1].correct == [0, 2] && questions[1].multiple && questions[1].difficulty == .hard && questions[1].audience == .staff)
        // The answer written as the option's text; "Tất cả" is for both.
        #expect(questions[2].correct == [0] && questions[2].audience == nil && questions[2].topic == nil && questions[2].difficulty == .medium)
    }

    @Test func aWordTableWithShortHeadersAndUnnumberedRows() {
        let rows: [[String]] = [
            ["Câu", "Câu hỏi", "A", "B", "C", "ĐA", "Lĩnh vực", "Giải thích"],
            ["", "Thời hạn giải quyết thủ tục\ntính theo ngày nào?", "Ngày làm việc", "Ngày lịch", "Tùy cơ quan", "a", "Thủ tục hành chính", "Nghị định 61/2018/NĐ-CP"],
            ["", "Cổng dịch vụ công quốc gia ra đời năm nào?", "2019", "2020", "2021", "A", "Chính phủ số", ""],
            ["7", "Ai ký kế hoạch của tỉnh?", "Chủ tịch UBND tỉnh", "Giám đốc Sở Nội vụ", "", "B", "", ""],
            ["", "Câu tiếp theo không có đáp án", "Có", "Không", "", "", "", ""],
        ]
        let (questions, problems) = QuestionBankTable.parse(rows)
        #expect(questions.map(\.number) == [1, 2, 7])
        #expect(questions[0].text == "Thời hạn giải quyết thủ tục tính theo ngày nào?")
        #expect(questions[0].explanation == "Nghị định 61/2018/NĐ-CP" && questions[0].topic == "Thủ tục hành chính")
        #expect(questions[1].explanation == nil)
        #expect(problems.map(\.question) == [8] && problems[0].message.contains("chưa có đáp án"))
    }

    @Test func problemsAreToldByQuestionNumber() {
        let rows: [[String]] = [
            ["Số câu", "Nội dung", "PA A", "PA B", "PA C", "PA D", "Đáp án đúng", "Độ khó", "Dành cho"],
            ["1", "Một phương án", "Có", "", "", "", "A", "", ""],
            ["2", "Phương án bỏ trống giữa", "Có", "", "Không", "", "C", "", ""],
            ["3", "Đáp án ngoài", "Có", "Không", "", "", "D", "", ""],
            ["3", "Trùng số", "Có", "Không", "", "", "A", "", ""],
            ["4", "Mức độ lạ", "Có", "Không", "", "", "A", "rất khó hiểu", ""],
            ["5", "Đối tượng lạ", "Có", "Không", "", "", "B", "", "học sinh"],
            ["6", "", "Có", "Không", "", "", "A", "", ""],
            ["7", "Đáp án là chữ khác", "Có", "Không", "", "", "Bộ Nội vụ", "", ""],
            ["8", "Đúng", "Có", "Không", "", "", "B", "nhận biết", "cán bộ, công chức"],
        ]
        let (questions, problems) = QuestionBankTable.parse(rows)
        #expect(questions.map(\.number) == [8])
        #expect(questions[0].difficulty == .easy && questions[0].audience == .staff)
        #expect(problems.map(\.question) == [1, 2, 3, 3, 4, 5, 6, 7])
        #expect(problems[0].description.hasPrefix("Câu 1: cần ít nhất hai phương án"))
        #expect(problems[1].message.contains("trống giữa"))
        #expect(problems[5].message.contains("học sinh"))
        #expect(problems[7].message.contains("không phải chữ cái"))
    }

    @Test func aTableWithoutAHeaderIsNotABank() {
        #expect(!QuestionBankTable.isBank([["TT", "Nội dung", "Đơn vị chủ trì"], ["1", "Tuyên truyền", "Sở Nội vụ"]]))
        let (questions, problems) = QuestionBankTable.parse([["Kế hoạch"], ["1", "Tuyên truyền"]])
        #expect(questions.isEmpty && problems.count == 1 && problems[0].question == nil)
    }

    @Test func aWordFileMixingTypedQuestionsAndABankTable() {
        let blocks: [DocBlock] = [
            .paragraph("BỘ CÂU HỎI"),
            .paragraph("Câu 1. Kế hoạch do ai ban hành?"),
            .paragraph("A. UBND tỉnh"),
            .paragraph("B. Sở Nội vụ"),
            .paragraph("Đáp án: A"),
            .paragraph("Đối tượng: người dân"),
            .table([["TT", "Câu hỏi", "A", "B", "Đáp án"], ["2", "Một cửa là gì?", "Nơi tiếp nhận hồ sơ", "Một phòng họp", "A"],
                    ["1", "Trùng với câu ở trên", "Có", "Không", "B"]]),
            // A layout table (no bank header) whose cell holds typed questions.
            .table([["Câu 3. Năm nào?\nA. 2025\nB. 2026\nĐáp án: B"]]),
        ]
        let (questions, problems) = QuestionBankFile.read(blocks)
        #expect(Set(questions.map(\.number)) == [1, 2, 3], "\(questions.map(\.number))")
        #expect(questions.contains { $0.number == 1 && $0.text == "Kế hoạch do ai ban hành?" && $0.audience == .citizens })
        #expect(problems.count == 1 && problems[0].question == 1 && problems[0].message.contains("trùng"))
    }

    @Test func audiencesAsOfficesWriteThem() {
        for staff in ["CBCCVC", "CB, CC, VC", "Cán bộ, công chức, viên chức", "công chức", "Viên chức"] {
            #expect(ContestAudience.read(staff) == .some(.staff), "\(staff)")
        }
        for citizens in ["Người dân", "nhân dân", "Công dân", "Dân"] {
            #expect(ContestAudience.read(citizens) == .some(.citizens), "\(citizens)")
        }
        for both in ["Tất cả", "chung", "Cả hai", "Mọi đối tượng"] {
            #expect(ContestAudience.read(both) == .some(nil), "\(both)")
        }
        #expect(ContestAudience.read("học sinh") == nil)
    }
}

@Suite struct ContestPrizeTests {
    let start = Date(timeIntervalSince1970: 1_760_000_000)

    @Test func prizesAsOrganisersTypeThem() throws {
        #expect(try ContestPrizes.parse("6").get() == ContestPrizes(each: 6))
        #expect(try ContestPrizes.parse("CBCCVC: 6; Người dân: 4").get() == ContestPrizes(perAudience: [.staff: 6, .citizens: 4]))
        #expect(try ContestPrizes.parse("cán bộ, công chức 3 giải\nnhân dân - 5").get() == ContestPrizes(perAudience: [.staff: 3, .citizens: 5]))
        #expect(try ContestPrizes.parse("").get().isEmpty)
        #expect(try ContestPrizes.parse("Người dân: 2; tất cả: 1").get().count(for: .staff) == 1)
        if case .failure(let e) = ContestPrizes.parse("học sinh: 3") { #expect(e.message.contains("học sinh")) } else { Issue.record("accepted") }
        if case .failure(let e) = ContestPrizes.parse("nhiều giải") { #expect(e.message.contains("CBCCVC: 6")) } else { Issue.record("accepted") }
        #expect((try? ContestPrizes.parse("5000").get()) == nil)
    }

    func entry(_ correct: Int, _ seconds: Int, person: String? = nil) -> ContestRanking.Entry {
        ContestRanking.Entry(id: UUID(), correct: correct, prediction: nil, seconds: seconds, submittedAt: start, person: person)
    }

    @Test func onlyEachPersonsBestAttemptIsRanked() {
        let first = entry(7, 300, person: "cccd:1"), second = entry(9, 400, person: "cccd:1"), other = entry(8, 100, person: "tel:2")
        let ranked = ContestRanking.rank([first, second, other], actual: nil)
        #expect(ranked.map(\.entry.id) == [second.id, other.id])
        #expect(ranked.map(\.rank) == [1, 2])
    }

    @Test func prizesGoToEligibleEntriesAndATieOnTheLastPrizeSharesIt() {
        let a = entry(10, 100), b = entry(10, 120), c = entry(9, 100), d = entry(9, 100), e = entry(8, 50)
        let ranked = ContestRanking.rank([e, d, c, b, a], actual: nil)
        // a is not eligible (incomplete identity): b takes first prize, c and d tie for the second and last one.
        let winners = ContestRanking.winners(ranked, eligible: { $0.id != a.id }, prizes: 2)
        #expect(winners == [b.id, c.id, d.id])
        #expect(ContestRanking.winners(ranked, eligible: { _ in true }, prizes: 1) == [a.id])
        #expect(ContestRanking.winners(ranked, eligible: { _ in true }, prizes: 0).isEmpty)
    }

    @Test func anIdentityTellsWhatItLeavesOut() {
        let full = ContestIdentity(name: "Trần Thị B", citizenID: "079123456789", phone: "0912345678", email: "b@x.vn",
                                   address: "Phường 1", birthYear: "1990", thisYear: 2026)
        #expect(full.missing(ContestIdentity.Field.allCases, hasUnit: true).isEmpty)
        let partial = ContestIdentity(name: "Trần Thị B", phone: "0912345678", birthYear: "2020", thisYear: 2026)
        #expect(partial.missing([.citizenID, .phone, .unit, .birthYear], hasUnit: false) == [.citizenID, .unit, .birthYear])
        #expect(ContestIdentity.birthYear("1899", thisYear: 2026) == nil && ContestIdentity.birthYear("85", thisYear: 2026) == nil)
    }
}

@Suite struct ContestNoticeTests {
    static func notice() -> ContestNotice {
        ContestNotice(issuerLines: ["UBND TỈNH SÓC TRĂNG", "SỞ NỘI VỤ"], organiser: "Sở Nội vụ tỉnh Sóc Trăng",
                      contestTitle: "Cuộc thi trực tuyến tìm hiểu cải cách hành chính năm 2026", round: 2,
                      window: "06/10/2026 07:00 đến 12/10/2026 17:00", published: "công bố lần 1 lúc 13/10/2026 09:00", allCorrect: 41,
                      groups: [.init(audience: "Cán bộ, công chức, viên chức", entries: 310,
                                     winners: [.init(rank: 1, name: "Lê Văn An", unit: "UBND xã Phú Tâm", score: "15/15", duration: "3 phút 12 giây"),
                                               .init(rank: 2, name: "Trần Thị Bình", unit: "Sở Tư pháp", score: "15/15", duration: "4 phút 0 giây")]),
                               .init(audience: "Người dân", entries: 1_204, winners: [])],
                      place: "Sóc Trăng", date: CalendarDate(year: 2026, month: 10, day: 14)!)
    }

    @Test func theNoticeSaysWhoWonInEachAudience() throws {
        let blocks = try DocxReader.blocks(from: try ContestNoticeWriter.data(for: Self.notice()))
        let text = blocks.map { block -> String in
            switch block {
            case .paragraph(let p): return p
            case .table(let rows): return rows.map { $0.joined(separator: " | ") }.joined(separator: "\n")
            }
        }.joined(separator: "\n")
        for part in ["THÔNG BÁO", "Kết quả vòng 2 Cuộc thi trực tuyến", "Số bài dự thi: 1514; số bài trả lời đúng tất cả các câu: 41",
                     "1 | Lê Văn An | UBND xã Phú Tâm | 15/15 | 3 phút 12 giây", "Đối tượng người dân (1204 bài dự thi)",
                     "Không có bài dự thi đủ điều kiện đạt giải", "Sóc Trăng, ngày 14 tháng 10 năm 2026", "/TB-BTC"] {
            #expect(text.contains(part), "notice lacks: \(part)")
        }
    }

    @Test(.enabled(if: LibreOfficePrint.available))
    func libreOfficePrintsTheNotice() throws {
        let printed = try LibreOfficePrint.text(of: try ContestNoticeWriter.data(for: Self.notice()), name: "thong-bao")
        for part in ["THÔNG BÁO", "Lê Văn An", "Nơi nhận:", "TRƯỞNG BAN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"] {
            #expect(printed.contains(part), "PDF lacks: \(part)")
        }
    }
}

@Suite struct StaffCountTests {
    @Test func staffCountsFromACSVFile() {
        let text = "\u{FEFF}Mã đơn vị,Số biên chế,Tính đến ngày\nST-CTH-XPT,25,01/01/2026\nST-CTH-PNV,\"1.200\",2026-01-01\n,3,01/01/2026\n"
            + "ST-X,hai mươi,01/01/2026\nST-Y,10,31/02/2026\nST-CTH-XPT,26,1/1/2026\n\n"
        let (rows, errors) = StaffCountCSV.read(text)
        #expect(rows.map(\.code) == ["ST-CTH-XPT", "ST-CTH-PNV"])
        #expect(rows.map(\.staff) == [25, 1_200] && rows[0].asOf == CalendarDate(year: 2026, month: 1, day: 1))
        #expect(errors.map(\.line) == [4, 5, 6, 7], "\(errors)")
        #expect(errors[1].description.contains("hai mươi") && errors[3].message.contains("dòng 2"))
        let (_, missing) = StaffCountCSV.read("ma,ten\nA,B\n")
        #expect(missing.count == 2 && missing[0].message.contains("bien_che"))
    }

    @Test func theCountInForceIsTheLatestOnOrBeforeTheDay() {
        let counts: [(asOf: CalendarDate, value: Int)] = [(CalendarDate(year: 2025, month: 1, day: 1)!, 20), (CalendarDate(year: 2026, month: 1, day: 1)!, 25)]
        #expect(StaffCountCSV.inForce(counts, on: CalendarDate(year: 2025, month: 9, day: 29)!) == 20)
        #expect(StaffCountCSV.inForce(counts, on: CalendarDate(year: 2026, month: 1, day: 1)!) == 25)
        #expect(StaffCountCSV.inForce(counts, on: CalendarDate(year: 2024, month: 12, day: 31)!) == nil)
    }

    @Test func unitsRankByParticipationThenMeanScoreWithinTheirBlock() {
        let (a, b, c, d, e) = (UUID(), UUID(), UUID(), UUID(), UUID())
        let ranked = ContestCollective.rank([
            .init(unit: a, block: .communes, entrants: 10, staff: 20, scores: [1, 0.5]),
            .init(unit: b, block: .communes, entrants: 20, staff: 20, scores: [0.2]),
            .init(unit: c, block: .communes, entrants: 5, staff: 10, scores: [1]),
            .init(unit: d, block: .communes, entrants: 3, staff: nil, scores: [1]),
            .init(unit: e, block: .agencies, entrants: 30, staff: 12, scores: [0.9]),
        ])
        #expect(ranked[.communes]?.map(\.figures.unit) == [b, c, a, d])
        #expect(ranked[.communes]?.map(\.rank) == [1, 2, 3, 4])
        #expect(ranked[.agencies]?.first?.figures.rate == 1, "more entrants than the count says is 100%, not more")
        #expect(ContestCollective.Block.of(kind: .committee, level: .commune) == .communes)
        #expect(ContestCollective.Block.of(kind: .department, level: .province) == .agencies)
    }
}

@Suite struct ContestTaskTests {
    @Test func tasksThatLaunchAContestAreToldFromOtherUsesOfThi() {
        for launching in ["Phát động cuộc thi tìm hiểu cải cách hành chính cấp huyện năm 2025",
                          "Tổ chức Hội thi cải cách hành chính huyện", "HỘI THI TÌM HIỂU CCHC",
                          "Tổ chức thi trực tuyến tìm hiểu về cải cách hành chính", "Vận động cán bộ, công chức dự thi"] {
            #expect(ContestTask.launches(launching), "\(launching)")
        }
        for other in ["Triển khai phong trào thi đua “Doanh nghiệp hội nhập và phát triển”", "Kiểm tra việc thi hành pháp luật",
                      "Thực thi công vụ đúng quy định", "Giám sát thi công trụ sở một cửa", "Tuyên truyền trên Cổng thông tin điện tử",
                      "Đăng tin bài về thị trấn"] {
            #expect(!ContestTask.launches(other), "\(other)")
        }
    }
}
