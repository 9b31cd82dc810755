import Foundation

/// Who a question or a round is for: civil servants (CBCCVC) or citizens. A round or question for both has none.
public enum ContestAudience: String, Codable, Sendable, CaseIterable {
    case staff, citizens

    public var label: String {
        switch self {
        case .staff: return "Cán bộ, công chức, viên chức"
        case .citizens: return "Người dân"
        }
    }

    /// "CBCCVC", "cán bộ, công chức", "công chức" → staff; "người dân", "nhân dân", "công dân" → citizens; "tất cả",
    /// "chung", "cả hai" → `.some(nil)` (both); anything else → nil (not understood).
    public static func read(_ text: String) -> ContestAudience?? {
        let t = VietnameseText.fold(text).lowercased().trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
        let compact = t.filter(\.isLetter)
        if compact.hasPrefix("cbcc") || compact.hasPrefix("cbccvc") || t.contains("cong chuc") || t.contains("vien chuc")
            || t.hasPrefix("can bo") || t.hasPrefix("staff") { return .some(.staff) }
        if t.contains("nguoi dan") || t.contains("nhan dan") || t.contains("cong dan") || t.hasPrefix("dan") || t.hasPrefix("citizen") {
            return .some(.citizens)
        }
        if ["tat ca", "chung", "ca hai", "moi doi tuong", "all", "both"].contains(where: { t.hasPrefix($0) }) { return .some(nil) }
        return nil
    }
}

/// One multiple-choice question of a contest's bank.
public struct ContestQuestion: Codable, Sendable, Equatable {
    public typealias Audience = ContestAudience
    public enum Difficulty: String, Codable, Sendable, CaseIterable {
        case easy, medium, hard

        public var label: String {
            switch self {
            case .easy: return "Dễ"
            case .medium: return "Trung bình"
            case .hard: return "Khó"
            }
        }
    }

    /// The number the file gave it ("Câu 12").
    public var number: Int
    public var text: String
    public var options: [String]
    /// Indices into `options`; more than one for a multiple-answer question.
    public var correct: [Int]
    /// The topic group the draw counts by ("Thủ tục hành chính").
    public var topic: String?
    public var difficulty: Difficulty?
    public var explanation: String?
    /// For staff only or citizens only; nil for both (a bank stored before audiences has none).
    public var audience: Audience?
    /// The question's picture (a chart, a photo of a one-stop desk), where the file storage keeps it, and its type
    /// ("png", "jpg"); added in the app after the bank is read.
    public var image: String?
    public var imageType: String?

    public var multiple: Bool { correct.count > 1 }

    public init(number: Int, text: String, options: [String], correct: [Int], topic: String? = nil,
                difficulty: Difficulty? = nil, explanation: String? = nil, audience: Audience? = nil) {
        self.audience = audience
        self.number = number
        self.text = text
        self.options = options
        self.correct = correct
        self.topic = topic
        self.difficulty = difficulty
        self.explanation = explanation
    }
}

/// Reads a question bank as offices type it in Word: "Câu 1. …" (or "Câu hỏi 1:", "CÂU 1 –"), options "A. … B. …" (or
/// "a)", "A/"), the answer as "Đáp án: B" (several: "Đáp án: A, C"; or a "*" before the right options), and optionally
/// "Chủ đề: …" (or a heading "I. CẢI CÁCH THỂ CHẾ", "Chủ đề 2: …" before the questions), "Mức độ: dễ / trung bình / khó"
/// (or nhận biết / thông hiểu / vận dụng) and "Giải thích: …". Every problem is told with the question's number.
public enum QuestionBankText {
    public struct Problem: Codable, Sendable, Equatable, CustomStringConvertible {
        /// The question's number as the file gives it; nil for a problem outside any question.
        public let question: Int?
        public let message: String

        public var description: String { question.map { "Câu \($0): \(message)" } ?? message }
    }

    public static let maxQuestions = 5_000
    public static let maxTextLength = 2_000
    public static let maxOptionLength = 600
    public static let maxOptions = 8

    private static let letters = Array("ABCDEFGH")

    /// The bank written back in the form `parse` reads, so that it can be edited in the app and stored again.
    public static func write(_ questions: [ContestQuestion]) -> String {
        let letters = Array("ABCDEFGH")
        return questions.map { q in
            var lines = ["Câu \(q.number). \(q.text)"]
            for (i, option) in q.options.enumerated() where i < letters.count { lines.append("\(letters[i]). \(option)") }
            if let topic = q.topic { lines.append("Chủ đề: \(topic)") }
            lines.append("Đáp án: " + q.correct.filter { $0 < letters.count }.map { String(letters[$0]) }.joined(separator: ", "))
            if let level = q.difficulty { lines.append("Mức độ: \(level.label.lowercased())") }
            if let audience = q.audience { lines.append("Đối tượng: \(audience.label)") }
            if let explanation = q.explanation { lines.append("Giải thích: \(explanation)") }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n\n")
    }

    public static func parse(_ text: String) -> (questions: [ContestQuestion], problems: [Problem]) {
        var builder = Builder()
        for raw in text.precomposedStringWithCanonicalMapping.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            builder.read(String(raw).trimmingCharacters(in: .whitespaces))
            if builder.questions.count > maxQuestions { break }
        }
        builder.close()
        var problems = builder.problems
        if builder.questions.count > maxQuestions {
            problems.append(Problem(question: nil, message: "Ngân hàng có hơn \(maxQuestions) câu; hãy chia thành nhiều tệp."))
        }
        if builder.questions.isEmpty && problems.isEmpty {
            problems.append(Problem(question: nil, message: "Không tìm thấy câu hỏi nào. Mỗi câu bắt đầu bằng \"Câu 1.\", các phương án \"A. … B. …\" và dòng \"Đáp án: B\"."))
        }
        return (Array(builder.questions.prefix(maxQuestions)), problems)
    }

    // MARK: Lines

    static func match(_ pattern: String, _ line: String) -> [String]? {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { return nil }
        let range = NSRange(line.startIndex..., in: line)
        guard let m = regex.firstMatch(in: line, range: range) else { return nil }
        return (0..<m.numberOfRanges).map { i in Range(m.range(at: i), in: line).map { String(line[$0]) } ?? "" }
    }

    /// "Câu 12. text", "Câu hỏi 12: text", "12. text" (the last only when it looks like a question, not a list item).
    static func questionStart(_ line: String) -> (Int, String)? {
        if let m = match(#"^c(?:â|a)u(?:\s+h(?:ỏ|o)i)?\s*(\d{1,4})\s*[.:)\-–]?\s*(.*)$"#, line), let n = Int(m[1]) { return (n, m[2]) }
        return nil
    }

    /// "A. text", "a) text", "*B. text", "B/ text": the letter, whether marked right, the text.
    static func option(_ line: String) -> (Int, Bool, String)? {
        guard let m = match(#"^(\*?)\s*([A-H])\s*[.)/:]\s*(.+)$"#, line),
              let letter = m[2].uppercased().first, let index = letters.firstIndex(of: letter) else { return nil }
        var text = m[3].trimmingCharacters(in: .whitespaces)
        var marked = !m[1].isEmpty
        for suffix in ["(*)", "*", "(đúng)", "(Đúng)"] where text.hasSuffix(suffix) {
            text = String(text.dropLast(suffix.count)).trimmingCharacters(in: .whitespaces)
            marked = true
        }
        return (index, marked, text)
    }

    /// "Đáp án: B", "Đáp án đúng: A, C", "ĐA: B và D", "Đáp án: B. Nội dung…": the letters.
    static func answer(_ line: String) -> [Int]? {
        guard let m = match(#"^(?:đáp\s*án(?:\s*đúng)?\s*[:.\-–]?|đa\s*[:.\-–])\s*(.*)$"#, line) else { return nil }
        var found: [Int] = []
        var rest = Substring(m[1])
        while let c = rest.first {
            if " ,;&/".contains(c) { rest = rest.dropFirst(); continue }
            if rest.lowercased().hasPrefix("và ") { rest = rest.dropFirst(3); continue }
            guard let index = letters.firstIndex(of: Character(c.uppercased())) else { break }
            let next = rest.dropFirst().first
            // A letter stands alone: "B", "B.", "B," — not the first letter of a word ("Bộ").
            guard next == nil || " ,;&/.)".contains(next ?? " ") else { break }
            if !found.contains(index) { found.append(index) }
            rest = rest.dropFirst()
            if rest.first == "." || rest.first == ")" { break }
        }
        return found
    }

    static func topicLine(_ line: String) -> String? {
        if let m = match(#"^(?:chủ\s*đề|nhóm\s*câu\s*hỏi|nhóm|lĩnh\s*vực)\s*\d{0,3}\s*[:.\-–]\s*(.+)$"#, line) { return m[1] }
        if let m = match(#"^(?:phần\s+)?(I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)\s*[.:\-–]\s*(.+)$"#, line), m[1] == m[1].uppercased() { return m[2] }
        return nil
    }

    static func difficulty(_ line: String) -> ContestQuestion.Difficulty?? {
        guard let m = match(#"^(?:mức\s*độ|độ\s*khó)\s*[:.\-–]\s*(.+)$"#, line) else { return nil }
        let value = VietnameseText.fold(m[1]).lowercased()
        if value.hasPrefix("de") || value.hasPrefix("nhan biet") { return .some(.easy) }
        if value.hasPrefix("trung binh") || value.hasPrefix("thong hieu") { return .some(.medium) }
        if value.hasPrefix("kho") || value.hasPrefix("van dung") { return .some(.hard) }
        return .some(nil)
    }

    static func explanation(_ line: String) -> String? {
        match(#"^(?:giải\s*thích|căn\s*cứ|hướng\s*dẫn)\s*[:.\-–]\s*(.*)$"#, line)?[1]
    }

    // MARK: Building

    struct Builder {
        enum Part { case text, option, explanation }

        var questions: [ContestQuestion] = []
        var problems: [Problem] = []
        var topic: String?
        var seen = Set<Int>()
        var current: ContestQuestion?
        var marked: [Int] = []
        var answered: [Int]?
        var part = Part.text

        mutating func read(_ line: String) {
            guard !line.isEmpty else { return }
            if let (number, text) = questionStart(line) {
                close()
                current = ContestQuestion(number: number, text: text, options: [], correct: [], topic: topic)
                part = .text
                return
            }
            if current == nil {
                if let t = topicLine(line) { topic = VietnameseText.clean(t) }
                return
            }
            if let letters = answer(line) {
                answered = letters
                part = .text
                return
            }
            if let level = difficulty(line) {
                if let level { current?.difficulty = level }
                else { problems.append(Problem(question: current?.number, message: "mức độ \"\(line)\" không rõ (dễ, trung bình hoặc khó)")) }
                return
            }
            if let m = match(#"^(?:đối\s*tượng|dành\s*cho)\s*[:.\-–]\s*(.+)$"#, line) {
                switch ContestAudience.read(m[1]) {
                case .some(let value): current?.audience = value
                case .none: problems.append(Problem(question: current?.number, message: "đối tượng \"\(m[1].prefix(40))\" không rõ (CBCCVC, người dân hoặc tất cả)"))
                }
                return
            }
            if let text = explanation(line) {
                current?.explanation = text
                part = .explanation
                return
            }
            if let t = topicLine(line) {
                // A labelled topic before the question's answer is that question's; a roman heading, or a topic after
                // the answer, starts a new group for the questions below.
                let heading = line.range(of: #"^(?:phần\s+)?[IVX]+\s*[.:\-–]"#, options: .regularExpression) != nil
                if heading || answered != nil || !marked.isEmpty {
                    close()
                    topic = VietnameseText.clean(t)
                } else {
                    current?.topic = VietnameseText.clean(t)
                }
                return
            }
            if let (index, isMarked, text) = option(line), let count = current?.options.count, index == count {
                current?.options.append(text)
                if isMarked { marked.append(index) }
                part = .option
                return
            }
            guard var q = current else { return }
            switch part {
            case .text: q.text += (q.text.isEmpty ? "" : " ") + line
            case .option:
                if let last = q.options.indices.last { q.options[last] += " " + line }
            case .explanation: q.explanation = [q.explanation, line].compactMap { $0 }.joined(separator: " ")
            }
            current = q
        }

        mutating func close() {
            defer { current = nil; marked = []; answered = nil; part = .text }
            guard var q = current else { return }
            func problem(_ message: String) { problems.append(Problem(question: q.number, message: message)) }
            q.text = VietnameseText.clean(q.text)
            q.options = q.options.map(VietnameseText.clean)
            var ok = true
            if !seen.insert(q.number).inserted { problem("số câu bị trùng (đã có một Câu \(q.number) ở trên)"); ok = false }
            if q.text.isEmpty { problem("chưa có nội dung câu hỏi"); ok = false }
            if q.text.count > maxTextLength { problem("nội dung dài quá \(maxTextLength) ký tự"); ok = false }
            if q.options.count < 2 { problem("cần ít nhất hai phương án A, B"); ok = false }
            if q.options.count > maxOptions { problem("nhiều hơn \(maxOptions) phương án"); ok = false }
            if q.options.contains(where: { $0.isEmpty || $0.count > maxOptionLength }) { problem("có phương án trống hoặc dài quá \(maxOptionLength) ký tự"); ok = false }
            let chosen = answered ?? []
            if !chosen.isEmpty, !marked.isEmpty, Set(chosen) != Set(marked) {
                problem("đáp án ghi ở dòng \"Đáp án\" khác với phương án được đánh dấu *"); ok = false
            }
            let correct = (chosen.isEmpty ? marked : chosen).sorted()
            if correct.isEmpty { problem("chưa có đáp án (thêm dòng \"Đáp án: B\" hoặc dấu * trước phương án đúng)"); ok = false }
            if let bad = correct.first(where: { $0 >= q.options.count }) {
                problem("đáp án \(String(QuestionBankText.letters[bad])) không có trong các phương án"); ok = false
            }
            q.correct = correct
            if ok { questions.append(q) }
        }
    }
}
