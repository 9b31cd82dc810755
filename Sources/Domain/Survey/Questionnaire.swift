import Foundation

/// A survey's questions, in sections: single choice, multiple choice, a 1–5 scale (satisfaction or agreement),
/// a number or a short text. A choice question with a correct option is a knowledge question. Stored as one JSON
/// document with its survey; written and edited as plain text (`QuestionnaireText`).
public struct Questionnaire: Codable, Sendable, Equatable {
    public struct Question: Codable, Sendable, Equatable {
        public enum Kind: String, Codable, Sendable, CaseIterable {
            case single, multiple, likert, number, text

            public var label: String {
                switch self {
                case .single: return "Một lựa chọn"
                case .multiple: return "Nhiều lựa chọn"
                case .likert: return "Thang 1–5"
                case .number: return "Số"
                case .text: return "Trả lời ngắn"
                }
            }
        }

        /// Stable key of the answer ("q1", "q2" …): answers already given keep their meaning when wording changes.
        public var id: String
        /// Index into `Questionnaire.sections`.
        public var section: Int
        public var text: String
        public var kind: Kind
        public var required: Bool
        /// The choices, or the five labels of a scale (1 first).
        public var options: [String]
        /// Knowledge questions: the indexes of the right options.
        public var correct: [Int]
        /// What the question measures, for satisfaction per aspect ("Tiếp cận dịch vụ", "Công chức" …).
        public var aspect: String?

        public init(id: String, section: Int = 0, text: String, kind: Kind, required: Bool = true, options: [String] = [],
                    correct: [Int] = [], aspect: String? = nil) {
            self.id = id
            self.section = section
            self.text = text
            self.kind = kind
            self.required = required
            self.options = kind == .likert && options.count != 5 ? Likert.satisfaction : options
            self.correct = correct
            self.aspect = aspect
        }

        public var isKnowledge: Bool { !correct.isEmpty && (kind == .single || kind == .multiple) }
    }

    /// The labels of the two usual five-point scales.
    public enum Likert {
        public static let satisfaction = ["Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"]
        public static let agreement = ["Hoàn toàn không đồng ý", "Không đồng ý", "Phân vân", "Đồng ý", "Hoàn toàn đồng ý"]
    }

    public var sections: [String]
    public var questions: [Question]

    public init(sections: [String] = [], questions: [Question] = []) {
        self.sections = sections
        self.questions = questions
    }

    public func question(_ id: String) -> Question? { questions.first { $0.id == id } }
    public var knowledgeQuestions: [Question] { questions.filter(\.isKnowledge) }
    public var likertQuestions: [Question] { questions.filter { $0.kind == .likert } }

    /// The aspects named on scale questions, in the order they first appear.
    public var aspects: [String] {
        var seen: [String] = []
        for q in likertQuestions { if let a = q.aspect, !seen.contains(a) { seen.append(a) } }
        return seen
    }

    /// The questions grouped by section, for a form: the section title ("" when the questionnaire has none) and its questions.
    public var bySection: [(title: String, questions: [Question])] {
        var groups: [(title: String, questions: [Question])] = []
        var current: Int?
        for q in questions {
            if q.section != current {
                groups.append((sections.indices.contains(q.section) ? sections[q.section] : "", []))
                current = q.section
            }
            groups[groups.count - 1].questions.append(q)
        }
        return groups
    }
}

/// What one respondent answered: question id → values (option indexes as "0", "1" …; a scale point "1"–"5"; a number;
/// a text). Empty values are dropped.
public typealias SurveyAnswers = [String: [String]]

extension Questionnaire {
    /// Longest text kept for a short answer.
    public static let maxTextLength = 1_000

    /// The answers as they can be stored: unknown questions dropped, values checked against each question, and the
    /// required questions left unanswered. `problems` names the question and what is wrong, in Vietnamese.
    public struct Checked: Sendable, Equatable {
        public var answers: SurveyAnswers = [:]
        public var missing: [String] = []
        public var problems: [String: String] = [:]
        public var isComplete: Bool { missing.isEmpty && problems.isEmpty }
    }

    public func check(_ raw: SurveyAnswers) -> Checked {
        var result = Checked()
        for q in questions {
            let values = (raw[q.id] ?? []).map(Self.trimmed).filter { !$0.isEmpty }
            if values.isEmpty {
                if q.required { result.missing.append(q.id) }
                continue
            }
            switch q.kind {
            case .single, .likert, .multiple:
                let indexes = values.compactMap { Int($0) }
                let limit = q.kind == .likert ? 5 : q.options.count
                let base = q.kind == .likert ? 1 : 0
                guard indexes.count == values.count, indexes.allSatisfy({ $0 >= base && $0 < limit + base }) else {
                    result.problems[q.id] = "Lựa chọn không có trong câu hỏi."
                    continue
                }
                if q.kind != .multiple && indexes.count > 1 {
                    result.problems[q.id] = "Câu này chỉ chọn một phương án."
                    continue
                }
                result.answers[q.id] = Array(Set(indexes)).sorted().map(String.init)
            case .number:
                let text = values[0].replacingOccurrences(of: ",", with: ".")
                guard let number = Double(text), number.isFinite, abs(number) < 1e12 else {
                    result.problems[q.id] = "Nhập một số."
                    continue
                }
                result.answers[q.id] = [number == number.rounded() ? String(Int64(number)) : String(number)]
            case .text:
                result.answers[q.id] = [String(values.joined(separator: " ").prefix(Self.maxTextLength))]
            }
        }
        return result
    }

    /// `text` without surrounding white space (the common case, nothing to trim, costs no copy).
    static func trimmed(_ text: String) -> String {
        guard text.first?.isWhitespace == true || text.last?.isWhitespace == true else { return text }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// How many knowledge questions `answers` got right (a multiple-choice one only when exactly the right options are chosen).
    public func correctCount(_ answers: SurveyAnswers) -> Int {
        knowledgeQuestions.filter { q in
            guard let given = answers[q.id] else { return false }
            return Set(given.compactMap(Int.init)) == Set(q.correct)
        }.count
    }

    /// The scale point (1–5) given to a question, if any.
    public static func point(_ answers: SurveyAnswers, _ id: String) -> Int? {
        answers[id]?.first.flatMap(Int.init).flatMap { (1...5).contains($0) ? $0 : nil }
    }
}

/// The answers as JSON text, written directly (the public answer endpoint does this for every response; Foundation's
/// encoder was a tenth of its time). Keys sorted; strings escaped as RFC 8259 requires. `JSONDecoder` reads it back.
public enum SurveyAnswersJSON {
    public static func encode(_ answers: SurveyAnswers) -> String {
        var out = "{"
        for (i, key) in answers.keys.sorted().enumerated() {
            if i > 0 { out += "," }
            append(key, to: &out)
            out += ":["
            for (j, value) in (answers[key] ?? []).enumerated() {
                if j > 0 { out += "," }
                append(value, to: &out)
            }
            out += "]"
        }
        return out + "}"
    }

    static func append(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

/// Reading an `application/x-www-form-urlencoded` body: each name with all its values, in order (multiple choice sends
/// one name several times). Percent escapes are decoded as UTF-8 and "+" is a space; a malformed escape is kept as
/// typed. Done on the bytes: the public answer endpoint reads one such body per response.
public enum URLEncodedFields {
    public static func parse(_ body: String, maxNameLength: Int = 64) -> [String: [String]] {
        var fields: [String: [String]] = [:]
        var bytes = Array(body.utf8)[...]
        while !bytes.isEmpty {
            let end = bytes.firstIndex(of: UInt8(ascii: "&")) ?? bytes.endIndex
            let pair = bytes[bytes.startIndex..<end]
            bytes = end < bytes.endIndex ? bytes[(end + 1)...] : bytes[bytes.endIndex...]
            guard !pair.isEmpty else { continue }
            let equals = pair.firstIndex(of: UInt8(ascii: "=")) ?? pair.endIndex
            let name = decode(pair[pair.startIndex..<equals])
            guard !name.isEmpty, name.count <= maxNameLength else { continue }
            fields[name, default: []].append(equals < pair.endIndex ? decode(pair[(equals + 1)...]) : "")
        }
        return fields
    }

    static func decode(_ part: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(part.count)
        var i = part.startIndex
        while i < part.endIndex {
            let byte = part[i]
            if byte == UInt8(ascii: "+") {
                out.append(0x20)
            } else if byte == UInt8(ascii: "%"), i + 2 < part.endIndex, let high = hex(part[i + 1]), let low = hex(part[i + 2]) {
                out.append(high << 4 | low)
                i += 2
            } else {
                out.append(byte)
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
