import Foundation

/// The six reform areas of Resolution 76/NQ-CP (2021–2030), the topics citizens' questions are filed under, and "other".
public enum ReformArea: String, CaseIterable, Codable, Sendable {
    case institutions, procedures, organisation, civilService = "civil_service", publicFinance = "public_finance"
    case digitalGovernment = "digital_government", other

    public var label: String {
        switch self {
        case .institutions: return "Cải cách thể chế"
        case .procedures: return "Cải cách thủ tục hành chính"
        case .organisation: return "Cải cách tổ chức bộ máy"
        case .civilService: return "Cải cách chế độ công vụ"
        case .publicFinance: return "Cải cách tài chính công"
        case .digitalGovernment: return "Chính phủ điện tử, chính phủ số"
        case .other: return "Khác"
        }
    }

    /// The area a routing rule's first column names: its code or its label, with or without diacritics, or a short form
    /// ("thủ tục hành chính", "tài chính công", "chuyển đổi số").
    public init?(naming text: String) {
        let key = VietnameseText.fold(text).trimmingCharacters(in: .whitespaces)
        if let exact = ReformArea(rawValue: key) { self = exact; return }
        let words: [(ReformArea, [String])] = [
            (.procedures, ["thu tuc"]), (.institutions, ["the che"]), (.organisation, ["to chuc bo may", "bo may"]),
            (.civilService, ["cong vu", "cong chuc"]), (.publicFinance, ["tai chinh"]),
            (.digitalGovernment, ["chinh phu dien tu", "chinh phu so", "chuyen doi so", "dich vu cong truc tuyen"]), (.other, ["khac"]),
        ]
        guard let found = words.first(where: { _, keys in keys.contains { key.contains($0) } }) else { return nil }
        self = found.0
    }
}

/// Where a question came in.
public enum QuestionChannel: String, CaseIterable, Codable, Sendable {
    case web, desk, hotline, zalo, letter, dialogue

    public var label: String {
        switch self {
        case .web: return "Trang hỏi đáp trực tuyến"
        case .desk: return "Bộ phận một cửa"
        case .hotline: return "Đường dây nóng"
        case .zalo: return "Zalo"
        case .letter: return "Thư, đơn"
        case .dialogue: return "Hội nghị đối thoại"
        }
    }
}

/// What is asked: a question to answer, feedback on a rule or procedure (phản ánh, kiến nghị), or an answer promised at a
/// dialogue. Each has its own deadline.
public enum QuestionKind: String, CaseIterable, Codable, Sendable {
    case question, feedback, promise

    public var label: String {
        switch self {
        case .question: return "Hỏi đáp"
        case .feedback: return "Phản ánh, kiến nghị"
        case .promise: return "Hứa trả lời tại đối thoại"
        }
    }
}

/// The deadlines of a province's Q&A, in working days: to answer (by channel and kind), to forward a question the
/// receiving unit cannot answer (Decree 20/2008: 05 working days), the reminders before the deadline and the interval
/// of reminders past it (the Ministry's portal updates the asker every 07 working days).
public struct QuestionDeadlines: Codable, Sendable, Equatable {
    /// "web|question" → days; what is not listed takes `answerDays`.
    public var answer: [String: Int]
    public var answerDays: Int
    public var forwardDays: Int
    public var remindBefore: Int
    public var overdueEvery: Int
    /// The reading speed of the radio column's scripts.
    public var wordsPerMinute: Int

    public init(answer: [String: Int] = [:], answerDays: Int = 20, forwardDays: Int = 5, remindBefore: Int = 3, overdueEvery: Int = 7,
                wordsPerMinute: Int = 130) {
        self.answer = answer
        self.answerDays = answerDays
        self.forwardDays = forwardDays
        self.remindBefore = remindBefore
        self.overdueEvery = overdueEvery
        self.wordsPerMinute = wordsPerMinute
    }

    public static let standard = QuestionDeadlines(answer: ["hotline|feedback": 10, "desk|feedback": 10, "dialogue|promise": 30])

    public static func key(_ channel: QuestionChannel, _ kind: QuestionKind) -> String { channel.rawValue + "|" + kind.rawValue }

    public func days(_ channel: QuestionChannel, _ kind: QuestionKind) -> Int { answer[Self.key(channel, kind)] ?? answerDays }

    /// The accepted range of every figure: a deadline of 1 to 120 working days, reminders 0 to 30 days, 60 to 300 words a minute.
    public static let dayRange = 1...120
    public static let remindRange = 0...30
    public static let speedRange = 60...300
}
