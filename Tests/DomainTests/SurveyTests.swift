import Foundation
import Testing
@testable import Domain

@Suite struct SurveyStatisticsTests {
    func close(_ a: Double, _ b: Double, _ tolerance: Double = 0.00006) -> Bool { abs(a - b) <= tolerance }

    /// Newcombe (1998), "Two-sided confidence intervals for the single proportion", table I, method 3 (Wilson score).
    @Test func wilsonIntervalsMatchPublishedValues() {
        let cases: [(Int, Int, Double, Double)] = [(81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0, 0.1611), (1, 29, 0.0061, 0.1718)]
        for (x, n, low, high) in cases {
            let w = Wilson.interval(successes: x, n: n)
            #expect(close(w.low, low), "\(x)/\(n) low \(w.low)")
            #expect(close(w.high, high), "\(x)/\(n) high \(w.high)")
        }
        // All right stays inside [0, 1] and is not a zero-width interval.
        let all = Wilson.interval(successes: 20, n: 20)
        #expect(all.high == 1 && close(all.low, 0.8389))
    }

    @Test func sampleSizeBySlovinsFormula() {
        #expect(SamplePlan.size(population: 1_000) == 286)      // 1000 / 3.5 = 285.7
        #expect(SamplePlan.size(population: 400) == 200)        // exactly 400 / 2
        #expect(SamplePlan.size(population: 10_000) == 385)     // 384.6
        #expect(SamplePlan.size(population: 5_000, margin: 0.03) == 910)
        #expect(SamplePlan.size(population: 12) == 12)          // never more than everyone
        #expect(SamplePlan.size(population: 0) == 0)
    }

    @Test func allocationFollowsPopulationAndAddsUp() {
        #expect(SamplePlan.allocate(286, populations: [500, 300, 200]) == [143, 86, 57])
        let parts = SamplePlan.allocate(100, populations: [1, 1, 1])
        #expect(parts.reduce(0, +) == 3 && parts == [1, 1, 1]) // capped at each population
        let spread = SamplePlan.allocate(385, populations: [3_200, 2_900, 2_100, 1_800])
        #expect(spread.reduce(0, +) == 385)
        #expect(spread == spread.sorted(by: >))
        #expect(SamplePlan.allocate(50, populations: [0, 0]) == [0, 0])
    }

    @Test func verdictAgainstTheTarget() {
        let met = Estimate.sample(344, of: 400) // 86%, interval about 82–89%
        #expect(met.verdict(target: 80) == .met)
        let close = Estimate.sample(312, of: 400) // 78% ± 4%
        #expect(close.low < 0.80 && close.high > 0.80)
        #expect(close.verdict(target: 80) == .undetermined)
        #expect(Estimate.sample(280, of: 400).verdict(target: 80) == .notMet)
        #expect(Estimate.sample(0, of: 0).verdict(target: 80) == .noData)
        // Counted records are exact: 79 of 100 tasks done is below 80%.
        #expect(Estimate.census(79, of: 100).verdict(target: 80) == .notMet)
        #expect(Estimate.census(80, of: 100).verdict(target: 80) == .met)
        #expect(Estimate.percent(0.78) == "78,0%")
    }

    @Test func rollUpWeightsByPopulation() throws {
        // A large district at 90% and a small one at 50%, 100 answers each: the province stands at 86%, not 70%.
        let nodes = [
            PopulationRollup.Node(id: "P", parent: nil, population: 10_000, successes: 0, n: 0),
            .init(id: "A", parent: "P", population: 9_000, successes: 90, n: 100),
            .init(id: "B", parent: "P", population: 1_000, successes: 50, n: 100),
        ]
        let e = PopulationRollup.estimates(nodes)
        let p = try #require(e["P"])
        #expect(close(p.value, 0.86, 1e-9))
        #expect(p.low < 0.86 && p.high > 0.86 && p.high - p.low < 0.12)
        #expect(close(try #require(e["B"]).value, 0.5, 1e-9))

        // Three levels: communes roll into their district, districts into the province.
        let tree = [
            PopulationRollup.Node(id: "T", parent: nil, population: 3_000, successes: 0, n: 0),
            .init(id: "D1", parent: "T", population: 2_000, successes: 0, n: 0),
            .init(id: "C1", parent: "D1", population: 1_500, successes: 30, n: 40),
            .init(id: "C2", parent: "D1", population: 500, successes: 40, n: 40),
            .init(id: "D2", parent: "T", population: 1_000, successes: 20, n: 40),
            .init(id: "D3", parent: "T", population: 4_000, successes: 0, n: 0), // no answers yet: left out
        ]
        let r = PopulationRollup.estimates(tree)
        let d1 = 0.75 * 0.75 + 0.25 * 1.0
        #expect(close(try #require(r["D1"]).value, d1, 1e-9))
        #expect(close(try #require(r["T"]).value, (2_000 * d1 + 1_000 * 0.5) / 3_000, 1e-9))
        #expect(try #require(r["D3"]).verdict(target: 80) == .noData)
    }
}

@Suite struct QuestionnaireTextTests {
    @Test func readsSectionsKindsAndRightAnswers() throws {
        let text = """
            # Phần I. Hiểu biết
            1. Chương trình tổng thể có mấy nội dung? [một lựa chọn]
            - 4 nội dung
            + 6 nội dung
            Câu 2: Những nội dung nào thuộc chương trình?
            - Cải cách thể chế (đúng)
            - Cải cách giáo dục
            + Cải cách thủ tục hành chính
            # Phần II. Đánh giá
            3) Anh/chị hài lòng với việc tuyên truyền? [Hài lòng] [khía cạnh: Tuyên truyền]
            4. Số buổi tuyên truyền anh/chị đã dự [so] [khong bat buoc]
            5. Ý kiến khác
            6. Mức độ đồng ý [dong y]
            """
        let q = try QuestionnaireText.parse(text).get()
        #expect(q.sections == ["Phần I. Hiểu biết", "Phần II. Đánh giá"])
        #expect(q.questions.map(\.kind) == [.single, .multiple, .likert, .number, .text, .likert])
        #expect(q.questions[0].text == "Chương trình tổng thể có mấy nội dung?")
        #expect(q.questions[0].correct == [1] && q.questions[1].correct == [0, 2])
        #expect(q.questions[1].text == "Những nội dung nào thuộc chương trình?")
        #expect(q.questions[2].aspect == "Tuyên truyền" && q.questions[2].section == 1)
        #expect(q.questions[3].required == false && q.questions[4].required == false && q.questions[0].required)
        #expect(q.questions[5].options == Questionnaire.Likert.agreement, "\(q.questions[5])")
        #expect(q.knowledgeQuestions.count == 2)
        // Written back, it reads the same.
        #expect(try QuestionnaireText.parse(QuestionnaireText.format(q)).get() == q)
    }

    @Test func explainsMistakesByLine() {
        func failure(_ text: String) -> QuestionnaireText.Failure? {
            if case .failure(let f) = QuestionnaireText.parse(text) { return f }
            return nil
        }
        #expect(failure("- phương án lạc")?.line == 1)
        #expect(failure("1. Chọn một [một lựa chọn]\n- chỉ một")?.message.contains("hai phương án") == true)
        #expect(failure("1. Câu hỏi [kiểu lạ]")?.message.contains("[kiểu lạ]") == true)
        #expect(failure("\n\n")?.message == "Phiếu chưa có câu hỏi nào.")
        #expect(failure("1. A [một lựa chọn]\n+ x\n+ y")?.line == 1)
        #expect(failure("1. Số [số]\n- 1\n- 2") != nil)
    }

    @Test func templatesParse() {
        for template in SurveyTemplate.allCases {
            #expect(!template.questionnaire.questions.isEmpty, "\(template)")
        }
        #expect(SurveyTemplate.sipas.questionnaire.aspects.count == 5)
        #expect(SurveyTemplate.civilServantKnowledge.questionnaire.knowledgeQuestions.count == 4)
    }
}

@Suite struct SurveyAnswerTests {
    let q = SurveyTemplate.civilServantKnowledge.questionnaire

    @Test func checksAnswersAgainstTheQuestions() {
        let checked = q.check(["q1": ["1"], "q2": ["0"], "q3": ["9"], "q4": ["0", "1", "2"], "nope": ["x"], "q6": ["4"], "q7": ["  "]])
        #expect(checked.problems["q3"] != nil)
        #expect(checked.missing == ["q5"])
        #expect(checked.answers["nope"] == nil && checked.answers["q7"] == nil)
        #expect(!checked.isComplete)
        let single = q.check(["q1": ["0", "1"]])
        #expect(single.problems["q1"] == "Câu này chỉ chọn một phương án.")
    }

    @Test func rulesDecideWhoCounts() {
        let rule = IndicatorRule(kind: .knowledge, minimumCorrect: 3)
        let good: SurveyAnswers = ["q2": ["0"], "q3": ["1"], "q4": ["0", "1", "2"], "q5": ["0"]]
        let weak: SurveyAnswers = ["q2": ["0"], "q3": ["0"], "q4": ["0", "1"], "q5": ["0"]]
        #expect(q.correctCount(good) == 3 && rule.meets(good, in: q) == true)
        #expect(q.correctCount(weak) == 1 && rule.meets(weak, in: q) == false)
        let favourable = IndicatorRule(kind: .favourable)
        #expect(favourable.meets(["q6": ["4"]], in: q) == true)
        #expect(favourable.meets(["q6": ["3"]], in: q) == false)
        #expect(favourable.meets([:], in: q) == nil)
    }

    @Test func summariesAndAspects() {
        let sipas = SurveyTemplate.sipas.questionnaire
        let responses: [SurveyAnswers] = [
            ["q1": ["0"], "q3": ["5"], "q4": ["4"], "q7": ["2"], "q13": ["Tốt"]],
            ["q1": ["1"], "q3": ["3"], "q4": ["5"], "q7": ["5"]],
        ]
        let summary = QuestionSummary.summarize(sipas, responses: responses)
        #expect(summary[0].rows.map(\.count) == [1, 1])
        #expect(summary[2].favourable == 0.5 && summary[2].answered == 2)
        #expect(summary[12].texts == ["Tốt"])
        let aspects = QuestionSummary.aspects(sipas, responses: responses)
        #expect(aspects.map(\.aspect) == ["Tiếp cận dịch vụ", "Thủ tục hành chính", "Công chức", "Kết quả", "Tiếp nhận, xử lý góp ý"])
        #expect(aspects[0].estimate.successes == 3 && aspects[0].estimate.n == 4)
        #expect(aspects[2].estimate.successes == 1 && aspects[2].estimate.n == 2)
    }
}

@Suite struct SurveyWireFormatTests {
    @Test func formBodiesDecodeLikeBrowsersSendThem() {
        let fields = URLEncodedFields.parse("rid=abc123&q4=0&q4=2&q13=T%E1%BB%91t+l%E1%BA%AFm&empty=&&bad=%ZZ%4&=x&plus=a%2Bb")
        #expect(fields["q4"] == ["0", "2"])
        #expect(fields["q13"] == ["Tốt lắm"])
        #expect(fields["empty"] == [""])
        #expect(fields["bad"] == ["%ZZ%4"])
        #expect(fields["plus"] == ["a+b"])
        #expect(fields[""] == nil && fields.count == 6)
        #expect(URLEncodedFields.parse(String(repeating: "n", count: 65) + "=1").isEmpty)
    }

    @Test func answersJSONReadsBackExactly() throws {
        let answers: SurveyAnswers = ["q2": ["1"], "q10": ["0", "3"], "q13": ["Trả lời \"có\"\\ dòng\nhai\t\u{01}"], "q1": []]
        let text = SurveyAnswersJSON.encode(answers)
        #expect(text.hasPrefix(#"{"q1":[],"q10":["0","3"],"q13":"#))
        #expect(try JSONDecoder().decode(SurveyAnswers.self, from: Data(text.utf8)) == answers)
        #expect(SurveyAnswersJSON.encode([:]) == "{}")
    }
}
