import Foundation

/// When a respondent counts towards a survey's indicator.
public struct IndicatorRule: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// At least `minimumCorrect` of the knowledge questions right.
        case knowledge
        /// "Agree"/"strongly agree" or "satisfied"/"very satisfied" (4 or 5) on the chosen scale questions, on average.
        case favourable

        public var label: String {
            switch self {
            case .knowledge: return "Trả lời đúng tối thiểu số câu hỏi kiến thức"
            case .favourable: return "Đánh giá đồng ý/hài lòng (mức 4–5)"
            }
        }
    }

    public var kind: Kind
    public var minimumCorrect: Int
    /// Scale questions counted; empty: all of them.
    public var questions: [String]

    public init(kind: Kind, minimumCorrect: Int = 1, questions: [String] = []) {
        self.kind = kind
        self.minimumCorrect = max(1, minimumCorrect)
        self.questions = questions
    }

    /// Whether one complete response meets the condition; nil when it answered none of the questions counted.
    public func meets(_ answers: SurveyAnswers, in questionnaire: Questionnaire) -> Bool? {
        switch kind {
        case .knowledge:
            guard !questionnaire.knowledgeQuestions.isEmpty else { return nil }
            return questionnaire.correctCount(answers) >= min(minimumCorrect, questionnaire.knowledgeQuestions.count)
        case .favourable:
            let ids = questions.isEmpty ? questionnaire.likertQuestions.map(\.id) : questions
            let points = ids.compactMap { Questionnaire.point(answers, $0) }
            guard !points.isEmpty else { return nil }
            return Double(points.reduce(0, +)) / Double(points.count) >= 4
        }
    }

    public func describe(_ questionnaire: Questionnaire) -> String {
        switch kind {
        case .knowledge:
            let total = questionnaire.knowledgeQuestions.count
            return "Trả lời đúng ít nhất \(min(minimumCorrect, max(total, 1)))/\(total) câu hỏi kiến thức"
        case .favourable:
            let count = questions.isEmpty ? questionnaire.likertQuestions.count : questions.count
            return "Đánh giá bình quân ở mức đồng ý/hài lòng trở lên trên \(count) câu hỏi thang điểm"
        }
    }
}

/// What the complete responses of a survey say, question by question.
public struct QuestionSummary: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var label: String
        public var count: Int
        public var share: Double
    }

    public var question: Questionnaire.Question
    /// Respondents who answered it.
    public var answered: Int
    /// Choices and scale points: one row per option (in order); a number: min, mean, median, max; a text: the answers.
    public var rows: [Row]
    public var numbers: (min: Double, mean: Double, median: Double, max: Double)?
    public var texts: [String]
    /// Scale questions: the share answering 4 or 5.
    public var favourable: Double?

    public static func == (a: QuestionSummary, b: QuestionSummary) -> Bool {
        a.question == b.question && a.answered == b.answered && a.rows == b.rows && a.texts == b.texts && a.favourable == b.favourable
            && a.numbers.map { [$0.min, $0.mean, $0.median, $0.max] } == b.numbers.map { [$0.min, $0.mean, $0.median, $0.max] }
    }

    public static let maxTexts = 200

    public static func summarize(_ questionnaire: Questionnaire, responses: [SurveyAnswers]) -> [QuestionSummary] {
        questionnaire.questions.map { q in
            let given = responses.compactMap { $0[q.id] }.filter { !$0.isEmpty }
            var summary = QuestionSummary(question: q, answered: given.count, rows: [], numbers: nil, texts: [], favourable: nil)
            let share = { (count: Int) in given.isEmpty ? 0 : Double(count) / Double(given.count) }
            switch q.kind {
            case .single, .multiple, .likert:
                let base = q.kind == .likert ? 1 : 0
                var counts = Array(repeating: 0, count: q.options.count)
                for values in given {
                    for v in values { if let i = Int(v), counts.indices.contains(i - base) { counts[i - base] += 1 } }
                }
                summary.rows = q.options.enumerated().map { i, label in
                    Row(label: q.kind == .likert ? "\(i + 1) – \(label)" : label, count: counts[i], share: share(counts[i]))
                }
                if q.kind == .likert, counts.count == 5 { summary.favourable = share(counts[3] + counts[4]) }
            case .number:
                let values = given.compactMap { $0.first.flatMap(Double.init) }.sorted()
                if !values.isEmpty {
                    let mid = values.count / 2
                    let median = values.count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2
                    summary.numbers = (values[0], values.reduce(0, +) / Double(values.count), median, values[values.count - 1])
                }
            case .text:
                summary.texts = Array(given.compactMap(\.first).prefix(maxTexts))
            }
            return summary
        }
    }

    /// Satisfaction per aspect (SIPAS): of all the answers to an aspect's scale questions, the share at 4 or 5.
    public static func aspects(_ questionnaire: Questionnaire, responses: [SurveyAnswers]) -> [(aspect: String, estimate: Estimate)] {
        questionnaire.aspects.map { aspect in
            let ids = questionnaire.likertQuestions.filter { $0.aspect == aspect }.map(\.id)
            var yes = 0, all = 0
            for r in responses {
                for id in ids { if let p = Questionnaire.point(r, id) { all += 1; if p >= 4 { yes += 1 } } }
            }
            return (aspect, Estimate.sample(yes, of: all))
        }
    }
}

/// Ready-made questionnaires.
public enum SurveyTemplate: String, CaseIterable, Sendable {
    /// Satisfaction of citizens and organisations with public administrative services (SIPAS), on its five aspects.
    case sipas
    /// Civil servants' knowledge of and agreement with the administrative reform.
    case civilServantKnowledge = "knowledge"
    case blank

    public var title: String {
        switch self {
        case .sipas: return "Khảo sát sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính (SIPAS)"
        case .civilServantKnowledge: return "Khảo sát mức độ hiểu biết của cán bộ, công chức về cải cách hành chính"
        case .blank: return "Phiếu trống"
        }
    }

    public var text: String {
        switch self {
        case .sipas: return Self.sipasText
        case .civilServantKnowledge: return Self.knowledgeText
        case .blank: return "1. Câu hỏi đầu tiên [một lựa chọn]\n- Phương án 1\n- Phương án 2\n"
        }
    }

    public var questionnaire: Questionnaire {
        (try? QuestionnaireText.parse(text).get()) ?? Questionnaire()
    }

    public var rule: IndicatorRule {
        switch self {
        case .civilServantKnowledge: return IndicatorRule(kind: .knowledge, minimumCorrect: 3)
        case .sipas, .blank: return IndicatorRule(kind: .favourable)
        }
    }

    static let sipasText = """
        # Phần I. Thông tin về người trả lời
        1. Ông/bà là [một lựa chọn]
        - Cá nhân
        - Đại diện tổ chức, doanh nghiệp
        2. Lĩnh vực thủ tục hành chính ông/bà vừa giải quyết [trả lời ngắn]
        # Phần II. Tiếp cận dịch vụ
        3. Nơi ngồi chờ tại Bộ phận Một cửa có đủ chỗ ngồi [hài lòng] [khía cạnh: Tiếp cận dịch vụ]
        4. Trang thiết bị phục vụ người dân, tổ chức đầy đủ, dễ sử dụng [hài lòng] [khía cạnh: Tiếp cận dịch vụ]
        # Phần III. Thủ tục hành chính
        5. Thủ tục hành chính được niêm yết công khai, đầy đủ, chính xác [hài lòng] [khía cạnh: Thủ tục hành chính]
        6. Thành phần hồ sơ, mức phí, lệ phí và thời hạn giải quyết đúng quy định [hài lòng] [khía cạnh: Thủ tục hành chính]
        # Phần IV. Công chức trực tiếp giải quyết công việc
        7. Công chức có thái độ giao tiếp lịch sự, tôn trọng [hài lòng] [khía cạnh: Công chức]
        8. Công chức hướng dẫn hồ sơ đầy đủ, dễ hiểu, một lần [hài lòng] [khía cạnh: Công chức]
        # Phần V. Kết quả giải quyết thủ tục hành chính
        9. Kết quả đúng quy định, thông tin chính xác [hài lòng] [khía cạnh: Kết quả]
        10. Nhận kết quả đúng hẹn [hài lòng] [khía cạnh: Kết quả]
        # Phần VI. Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị
        11. Cơ quan có bố trí hình thức tiếp nhận góp ý, phản ánh, kiến nghị [hài lòng] [khía cạnh: Tiếp nhận, xử lý góp ý]
        12. Góp ý, phản ánh, kiến nghị được tiếp nhận, xử lý và phản hồi kịp thời [hài lòng] [khía cạnh: Tiếp nhận, xử lý góp ý]
        13. Ý kiến khác để cơ quan phục vụ tốt hơn [trả lời ngắn]
        """

    static let knowledgeText = """
        # Phần I. Thông tin chung
        1. Anh/chị đang công tác tại [một lựa chọn]
        - Cơ quan cấp tỉnh
        - Cơ quan cấp huyện
        - Ủy ban nhân dân cấp xã
        # Phần II. Hiểu biết về cải cách hành chính
        2. Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021–2030 được ban hành bằng văn bản nào? [một lựa chọn]
        + Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ
        - Nghị quyết số 30c/NQ-CP ngày 08/11/2011 của Chính phủ
        - Quyết định số 225/QĐ-TTg ngày 04/02/2016 của Thủ tướng Chính phủ
        3. Chương trình tổng thể giai đoạn 2021–2030 gồm mấy nội dung cải cách? [một lựa chọn]
        - 4 nội dung
        + 6 nội dung
        - 8 nội dung
        4. Những nội dung nào thuộc Chương trình tổng thể? [nhiều lựa chọn]
        + Cải cách thể chế
        + Cải cách thủ tục hành chính
        + Xây dựng và phát triển Chính phủ điện tử, Chính phủ số
        - Cải cách giáo dục phổ thông
        5. Chỉ số đo lường sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước là [một lựa chọn]
        - PAR INDEX
        + SIPAS
        - PCI
        # Phần III. Đánh giá
        6. Công tác tuyên truyền cải cách hành chính tại cơ quan, đơn vị giúp anh/chị hiểu rõ mục tiêu cải cách [đồng ý]
        7. Đề xuất hình thức tuyên truyền hiệu quả [trả lời ngắn]
        """
}
