import Foundation

/// The scoring sheet of a creative round (a slogan, a poster, a video): criteria with their maximum points, typed one
/// per line as organisers write them — "Nội dung, ý nghĩa: 40", "Tính sáng tạo – 30 điểm", "3. Ngắn gọn, dễ nhớ (30đ)".
public struct ContestRubric: Codable, Sendable, Equatable {
    public struct Criterion: Codable, Sendable, Equatable {
        public var name: String
        public var max: Int
        public init(name: String, max: Int) { self.name = name; self.max = max }
    }

    public var criteria: [Criterion]
    public init(criteria: [Criterion]) { self.criteria = criteria }

    public var total: Int { criteria.reduce(0) { $0 + $1.max } }

    public static let maxCriteria = 20
    public static let maxPoints = 1_000

    public struct Problem: Sendable, Equatable {
        public let line: Int
        public let message: String
    }

    public struct Problems: Error, Sendable, Equatable {
        public let list: [Problem]
    }

    /// A judge's points that do not fit the rubric, with the reason.
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// The rubric in `text`, or every problem by line.
    public static func parse(_ text: String) -> Result<ContestRubric, Problems> {
        var criteria: [Criterion] = []
        var problems: [Problem] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            // The points are the last number of the line, with "điểm"/"đ" and brackets around it or not.
            guard let range = line.range(of: #"[:\-–—(]?\s*\d{1,4}\s*(điểm|đ)?\s*\)?\s*$"#, options: [.regularExpression, .caseInsensitive]),
                  let points = Int(line[range].filter(\.isNumber)) else {
                problems.append(Problem(line: index + 1, message: "Không thấy số điểm tối đa: ghi như “Tính sáng tạo: 30”."))
                continue
            }
            var name = String(line[..<range.lowerBound]).trimmingCharacters(in: .whitespaces)
            // A list number in front ("1.", "a)", "-") is not part of the name.
            if let lead = name.range(of: #"^(\d{1,2}|[a-zđ])[.)]\s+|^[-–•+*]\s*"#, options: [.regularExpression, .caseInsensitive]) {
                name = String(name[lead.upperBound...])
            }
            name = VietnameseText.clean(name).trimmingCharacters(in: CharacterSet(charactersIn: ":-–— "))
            guard !name.isEmpty else { problems.append(Problem(line: index + 1, message: "Thiếu tên tiêu chí.")); continue }
            guard (1...maxPoints).contains(points) else {
                problems.append(Problem(line: index + 1, message: "Điểm tối đa của một tiêu chí từ 1 đến \(maxPoints)."))
                continue
            }
            criteria.append(Criterion(name: String(name.prefix(200)), max: points))
        }
        if criteria.isEmpty && problems.isEmpty { problems.append(Problem(line: 1, message: "Chưa có tiêu chí chấm nào.")) }
        if criteria.count > maxCriteria { problems.append(Problem(line: 1, message: "Tối đa \(maxCriteria) tiêu chí.")) }
        if criteria.reduce(0, { $0 + $1.max }) > maxPoints { problems.append(Problem(line: 1, message: "Tổng điểm tối đa không quá \(maxPoints).")) }
        return problems.isEmpty ? .success(ContestRubric(criteria: criteria)) : .failure(Problems(list: problems))
    }

    /// One judge's points for an entry, as typed ("7,5", "8"), checked against each criterion's maximum.
    public func points(_ typed: [String]) -> Result<[Double], Refusal> {
        guard typed.count == criteria.count else { return .failure(Refusal(message: "Hãy chấm đủ \(criteria.count) tiêu chí.")) }
        var points: [Double] = []
        for (criterion, text) in zip(criteria, typed) {
            let t = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
            guard t.count <= 8, let value = Double(t), value.isFinite else {
                return .failure(Refusal(message: "Điểm “\(criterion.name)” phải là một số (ví dụ 7,5)."))
            }
            guard value >= 0, value <= Double(criterion.max) else {
                return .failure(Refusal(message: "Điểm “\(criterion.name)” từ 0 đến \(criterion.max)."))
            }
            points.append((value * 100).rounded() / 100)
        }
        return .success(points)
    }
}

/// The text of a creative entry: a slogan is counted in words (Vietnamese syllables, as organisers count them: "Cải cách
/// hành chính – vì nhân dân phục vụ" is 9 words).
public enum CreativeText {
    public static func words(_ text: String) -> Int {
        text.split(whereSeparator: { $0.isWhitespace }).filter { word in word.contains { $0.isLetter || $0.isNumber } }.count
    }

    /// Nil when `text` fits the limits (nil bounds: none); else the reason.
    public static func check(_ text: String, min: Int?, max: Int?) -> String? {
        let n = words(text)
        if n == 0 { return "Bài dự thi chưa có nội dung." }
        if let min, n < min { return "Bài có \(n) chữ; thể lệ yêu cầu từ \(min) chữ." }
        if let max, n > max { return "Bài có \(n) chữ; thể lệ cho tối đa \(max) chữ." }
        return nil
    }
}

/// The ranking of a creative round: each entry's final score is the mean of its judges' totals; entries rank by it,
/// equal means sharing a rank. Entries some judge has not scored yet are not ranked (`complete` tells).
public enum CreativeRanking {
    public struct Entry: Sendable, Equatable {
        public let id: UUID
        /// The total each judge gave, by judge.
        public let totals: [String: Double]
        public init(id: UUID, totals: [String: Double]) { self.id = id; self.totals = totals }
    }

    public struct Ranked: Sendable, Equatable {
        public let entry: Entry
        public let rank: Int
        public let mean: Double
    }

    /// Whether every judge has scored every entry.
    public static func complete(_ entries: [Entry], judges: [String]) -> Bool {
        !judges.isEmpty && entries.allSatisfy { e in judges.allSatisfy { e.totals[$0] != nil } }
    }

    /// The entries every judge scored, best mean first; equal means (to the hundredth) share a rank.
    public static func rank(_ entries: [Entry], judges: [String]) -> [Ranked] {
        guard !judges.isEmpty else { return [] }
        var scored: [(entry: Entry, mean: Double)] = []
        for e in entries where judges.allSatisfy({ e.totals[$0] != nil }) {
            let sum = judges.reduce(0.0) { $0 + (e.totals[$1] ?? 0) }
            scored.append((e, (sum / Double(judges.count) * 100).rounded() / 100))
        }
        scored.sort { a, b in a.mean != b.mean ? a.mean > b.mean : a.entry.id.uuidString < b.entry.id.uuidString }
        var ranked: [Ranked] = []
        for (i, item) in scored.enumerated() {
            let rank = i > 0 && ranked[i - 1].mean == item.mean ? ranked[i - 1].rank : i + 1
            ranked.append(Ranked(entry: item.entry, rank: rank, mean: item.mean))
        }
        return ranked
    }
}
