import Foundation

/// Which unit answers a question: a province's rules, kept as editable text, one rule a line —
/// `lĩnh vực | từ khóa, từ khóa | đơn vị` — the area (or "*" for any), the words that send a question there (empty:
/// every question of the area), and the unit by code or name. The rule that matches most keywords wins; among equals,
/// a rule of the question's own area before a "*" rule, then the earlier line.
public struct QuestionRouting: Sendable, Equatable {
    public struct Rule: Sendable, Equatable {
        public let line: Int
        /// Nil: any area.
        public let area: ReformArea?
        /// Folded keywords.
        public let keywords: [String]
        /// The unit as written (a code or a name), resolved by the caller.
        public let unit: String

        public init(line: Int, area: ReformArea?, keywords: [String], unit: String) {
            self.line = line
            self.area = area
            self.keywords = keywords.map(VietnameseText.fold).filter { !$0.isEmpty }
            self.unit = unit
        }
    }

    public let rules: [Rule]

    public init(rules: [Rule]) { self.rules = rules }

    public static func parse(_ text: String) -> (routing: QuestionRouting, problems: [String]) {
        var rules: [Rule] = []
        var problems: [String] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            let parts = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 3 else {
                problems.append("Dòng \(index + 1): cần ba phần cách nhau bởi dấu |: lĩnh vực | từ khóa | đơn vị.")
                continue
            }
            let area: ReformArea?
            if parts[0] == "*" || parts[0].isEmpty { area = nil } else if let named = ReformArea(naming: parts[0]) { area = named } else {
                problems.append("Dòng \(index + 1): không nhận ra lĩnh vực \"\(parts[0])\" (dùng một trong sáu lĩnh vực cải cách, \"Khác\" hoặc *).")
                continue
            }
            guard !parts[2].isEmpty else { problems.append("Dòng \(index + 1): thiếu đơn vị trả lời."); continue }
            let keywords = parts[1].split(whereSeparator: { $0 == "," || $0 == ";" }).map { $0.trimmingCharacters(in: .whitespaces) }
            rules.append(Rule(line: index + 1, area: area, keywords: keywords, unit: parts[2]))
        }
        return (QuestionRouting(rules: rules), problems)
    }

    /// The text form of the rules (what the editor shows).
    public static func text(_ rules: [(area: ReformArea?, keywords: [String], unit: String)]) -> String {
        rules.map { ($0.area?.label ?? "*") + " | " + $0.keywords.joined(separator: ", ") + " | " + $0.unit }.joined(separator: "\n")
    }

    /// The rule for a question of `area` whose text is `text`, or nil when none applies.
    public func route(area: ReformArea, text: String) -> Rule? {
        let folded = " " + VietnameseText.fold(text).map { $0.isLetter || $0.isNumber ? $0 : " " }.map(String.init).joined() + " "
        var best: (rule: Rule, hits: Int, ownArea: Bool)?
        for rule in rules where rule.area == nil || rule.area == area {
            let hits = rule.keywords.filter { folded.contains(" " + $0 + " ") }.count
            // A rule with keywords applies only when one is found; one without applies to its whole area.
            guard hits > 0 || rule.keywords.isEmpty else { continue }
            let ownArea = rule.area != nil
            if let b = best, (b.hits, b.ownArea ? 1 : 0) >= (hits, ownArea ? 1 : 0) { continue }
            best = (rule, hits, ownArea)
        }
        return best?.rule
    }
}

/// Near-duplicate questions: the same text sent again with small changes (case, diacritics, punctuation, a word or
/// two). Compared on sets of word pairs (shingles); a similarity of 0.8 or more counts as the same question.
public enum NearDuplicate {
    public static let threshold = 0.8

    public static func shingles(_ text: String) -> Set<String> {
        let words = VietnameseText.fold(text).split { !($0.isLetter || $0.isNumber) }.map(String.init)
        guard words.count > 1 else { return Set(words) }
        return Set(zip(words, words.dropFirst()).map { $0 + " " + $1 })
    }

    /// Jaccard similarity of the two texts' shingles (0…1).
    public static func similarity(_ a: Set<String>, _ b: Set<String>) -> Double {
        guard !a.isEmpty || !b.isEmpty else { return 1 }
        let shared = a.intersection(b).count
        return Double(shared) / Double(a.union(b).count)
    }

    public static func isDuplicate(_ a: String, of b: String) -> Bool {
        similarity(shingles(a), shingles(b)) >= threshold
    }
}
