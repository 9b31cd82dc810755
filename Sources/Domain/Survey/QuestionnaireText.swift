import Foundation

/// A questionnaire written as plain text, the way offices already type them:
///
///     # Phần I. Hiểu biết về cải cách hành chính
///     1. Chương trình tổng thể CCHC giai đoạn 2021–2030 có mấy nội dung? [một lựa chọn]
///     - 4 nội dung
///     + 6 nội dung            ← "+" (or "(đúng)" at the end) marks the right answer: a knowledge question
///     2. Anh/chị hài lòng với thái độ của công chức? [hài lòng] [khía cạnh: Công chức]
///     3. Góp ý thêm [trả lời ngắn] [không bắt buộc]
///
/// A line starting with "#" opens a section; a line starting with "-", "+", "*" or "a)" … is an option of the question
/// above; any other line is a question, its kind and whether it is required in square brackets. Tags are read
/// without regard to accents or case ("[mot lua chon]" works too). Without a tag a question with options is single
/// choice (multiple when more than one option is right) and one without options a short text. Questions are required
/// unless tagged "[không bắt buộc]"/"[tùy chọn]"; short texts are optional unless tagged "[bắt buộc]".
public enum QuestionnaireText {
    public struct Failure: Error, Equatable, Sendable {
        public var line: Int
        public var message: String
        public var description: String { "Dòng \(line): \(message)" }
    }

    public static func parse(_ text: String) -> Result<Questionnaire, Failure> {
        var sections: [String] = []
        var drafts: [(line: Int, q: Questionnaire.Question, kind: Questionnaire.Question.Kind?, required: Bool?, scale: [String]?)] = []
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        for (index, raw) in lines.enumerated() {
            let number = index + 1
            let line = VietnameseText.clean(String(raw))
            guard !line.isEmpty else { continue }
            if line.hasPrefix("#") {
                let title = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
                guard !title.isEmpty else { return .failure(Failure(line: number, message: "Tên phần đang trống.")) }
                sections.append(title)
                continue
            }
            if let option = optionText(line) {
                guard !drafts.isEmpty else {
                    return .failure(Failure(line: number, message: "Phương án trả lời phải nằm dưới một câu hỏi."))
                }
                var text = option.text
                var right = option.marked
                for marker in ["(đúng)", "(Đúng)", "(ĐÚNG)", "(dung)"] where text.hasSuffix(marker) {
                    text = String(text.dropLast(marker.count)).trimmingCharacters(in: .whitespaces)
                    right = true
                }
                guard !text.isEmpty else { return .failure(Failure(line: number, message: "Phương án trả lời đang trống.")) }
                let i = drafts.count - 1
                if right { drafts[i].q.correct.append(drafts[i].q.options.count) }
                drafts[i].q.options.append(text)
                continue
            }
            // A question, with its tags.
            var body = line
            var kind: Questionnaire.Question.Kind?
            var required: Bool?
            var scale: [String]?
            var aspect: String?
            while let open = body.lastIndex(of: "["), body.hasSuffix("]") {
                let tag = String(body[body.index(after: open)..<body.index(before: body.endIndex)]).trimmingCharacters(in: .whitespaces)
                body = String(body[..<open]).trimmingCharacters(in: .whitespaces)
                let folded = VietnameseText.fold(tag).lowercased()
                if folded.hasPrefix("khia canh") || folded.hasPrefix("linh vuc") {
                    let value = tag.split(separator: ":", maxSplits: 1).dropFirst().first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                    guard !value.isEmpty else { return .failure(Failure(line: number, message: "Ghi tên khía cạnh sau dấu hai chấm, ví dụ [khía cạnh: Công chức].")) }
                    aspect = value
                    continue
                }
                switch folded {
                case "mot lua chon", "chon mot": kind = .single
                case "nhieu lua chon", "chon nhieu": kind = .multiple
                case "hai long", "muc do hai long", "thang hai long": kind = .likert; scale = Questionnaire.Likert.satisfaction
                case "dong y", "muc do dong y", "thang dong y": kind = .likert; scale = Questionnaire.Likert.agreement
                case "thang 1-5", "thang 1 - 5", "thang diem", "likert": kind = .likert
                case "so", "nhap so", "con so": kind = .number
                case "tra loi ngan", "van ban", "y kien", "tu luan": kind = .text
                case "bat buoc": required = true
                case "khong bat buoc", "tuy chon", "khong buoc": required = false
                default:
                    return .failure(Failure(line: number, message: "Không hiểu nhãn [\(tag)]. Dùng [một lựa chọn], [nhiều lựa chọn], [hài lòng], [đồng ý], [số], [trả lời ngắn], [bắt buộc], [không bắt buộc] hoặc [khía cạnh: …]."))
                }
            }
            body = questionText(body)
            guard !body.isEmpty else { return .failure(Failure(line: number, message: "Câu hỏi đang trống.")) }
            let q = Questionnaire.Question(id: "q\(drafts.count + 1)", section: max(0, sections.count - 1), text: body, kind: .text,
                                           required: true, options: [], aspect: aspect)
            drafts.append((number, q, kind, required, scale))
        }
        guard !drafts.isEmpty else { return .failure(Failure(line: 1, message: "Phiếu chưa có câu hỏi nào.")) }
        var questions: [Questionnaire.Question] = []
        for draft in drafts {
            var q = draft.q
            let kind = draft.kind ?? (q.options.isEmpty ? .text : q.correct.count > 1 ? .multiple : .single)
            q.kind = kind
            switch kind {
            case .single, .multiple:
                guard q.options.count >= 2 else {
                    return .failure(Failure(line: draft.line, message: "Câu hỏi lựa chọn cần ít nhất hai phương án (mỗi phương án một dòng bắt đầu bằng dấu -)."))
                }
                if kind == .single && q.correct.count > 1 {
                    return .failure(Failure(line: draft.line, message: "Câu một lựa chọn chỉ có một đáp án đúng."))
                }
            case .likert:
                if !q.options.isEmpty && q.options.count != 5 {
                    return .failure(Failure(line: draft.line, message: "Thang đánh giá có đúng 5 mức (hoặc để trống để dùng thang mặc định)."))
                }
                if q.options.isEmpty { q.options = draft.scale ?? Questionnaire.Likert.satisfaction }
                q.correct = []
            case .number, .text:
                guard q.options.isEmpty else {
                    return .failure(Failure(line: draft.line, message: "Câu hỏi \(kind == .number ? "nhập số" : "trả lời ngắn") không có phương án."))
                }
            }
            q.required = draft.required ?? (kind != .text)
            questions.append(q)
        }
        return .success(Questionnaire(sections: sections, questions: questions))
    }

    /// The questionnaire written back as text that `parse` reads to the same questionnaire.
    public static func format(_ questionnaire: Questionnaire) -> String {
        var lines: [String] = []
        var section: Int?
        for (i, q) in questionnaire.questions.enumerated() {
            if q.section != section, questionnaire.sections.indices.contains(q.section) {
                if !lines.isEmpty { lines.append("") }
                lines.append("# " + questionnaire.sections[q.section])
            }
            section = q.section
            var tags: [String] = []
            switch q.kind {
            case .single: tags.append("[một lựa chọn]")
            case .multiple: tags.append("[nhiều lựa chọn]")
            case .likert: tags.append(q.options == Questionnaire.Likert.agreement ? "[đồng ý]" : "[hài lòng]")
            case .number: tags.append("[số]")
            case .text: tags.append("[trả lời ngắn]")
            }
            if q.required != (q.kind != .text) { tags.append(q.required ? "[bắt buộc]" : "[không bắt buộc]") }
            if let aspect = q.aspect { tags.append("[khía cạnh: \(aspect)]") }
            lines.append("\(i + 1). \(q.text) " + tags.joined(separator: " "))
            let custom = q.kind == .likert && q.options != Questionnaire.Likert.agreement && q.options != Questionnaire.Likert.satisfaction
            if q.kind == .single || q.kind == .multiple || custom {
                for (j, option) in q.options.enumerated() { lines.append((q.correct.contains(j) ? "+ " : "- ") + option) }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// "- text", "+ text" (right answer), "* text", "a) text", "A. text" → the option's text.
    static func optionText(_ line: String) -> (text: String, marked: Bool)? {
        if let first = line.first, "-+*•–".contains(first) {
            return (line.dropFirst().trimmingCharacters(in: .whitespaces), first == "+")
        }
        // "a) …", "b. …" (a single letter): an option; "1. …" stays a question.
        let chars = Array(line)
        if chars.count > 2, chars[0].isLetter, chars[0].isASCII, chars[1] == ")" || (chars[1] == "." && chars[0].isLowercase), chars[2] == " " {
            return (String(chars[3...]).trimmingCharacters(in: .whitespaces), false)
        }
        return nil
    }

    /// The question without its leading number: "1. …", "Câu 2: …", "3) …".
    static func questionText(_ text: String) -> String {
        var rest = Substring(text)
        if VietnameseText.fold(String(rest.prefix(3))).lowercased() == "cau", rest.dropFirst(3).first == " " { rest = rest.dropFirst(4) }
        let digits = rest.prefix { $0.isNumber }
        if !digits.isEmpty {
            let after = rest.dropFirst(digits.count)
            if let mark = after.first, ".):".contains(mark) { rest = after.dropFirst() }
        }
        return rest.trimmingCharacters(in: .whitespaces)
    }
}
