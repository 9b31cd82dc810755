import Foundation

/// How many individual prizes a round gives, per audience, as an organiser types it: "6" (six for each audience of the
/// round), "CBCCVC: 6; Người dân: 6", "cán bộ 3, nhân dân 5". Kept as audience → count; `nil` key = any audience.
public struct ContestPrizes: Codable, Sendable, Equatable {
    public var perAudience: [ContestAudience: Int]
    public var each: Int?

    public init(perAudience: [ContestAudience: Int] = [:], each: Int? = nil) {
        self.perAudience = perAudience
        self.each = each
    }

    public static let maxPrizes = 1_000

    public func count(for audience: ContestAudience?) -> Int {
        audience.flatMap { perAudience[$0] } ?? each ?? 0
    }

    public var isEmpty: Bool { perAudience.isEmpty && (each ?? 0) == 0 }

    /// The prizes in `text`; a Vietnamese reason when a part is not understood.
    public static func parse(_ text: String) -> Result<ContestPrizes, ParseError> {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return .success(ContestPrizes()) }
        if let n = Int(trimmed) {
            guard (0...maxPrizes).contains(n) else { return .failure(.init(message: "Số giải từ 0 đến \(maxPrizes).")) }
            return .success(ContestPrizes(each: n))
        }
        var prizes = ContestPrizes()
        for part in trimmed.split(whereSeparator: { ";\n".contains($0) }) {
            let piece = part.trimmingCharacters(in: .whitespaces)
            guard !piece.isEmpty else { continue }
            // The number is the last run of digits; what comes before it names the audience.
            guard let range = piece.range(of: #"\d{1,6}\s*(giải)?\s*$"#, options: [.regularExpression, .caseInsensitive]),
                  let n = Int(piece[range].filter(\.isNumber)) else {
                return .failure(.init(message: "Không hiểu “\(piece.prefix(60))”: ghi như “CBCCVC: 6; Người dân: 6”."))
            }
            guard (0...maxPrizes).contains(n) else { return .failure(.init(message: "Số giải từ 0 đến \(maxPrizes).")) }
            let who = String(piece[..<range.lowerBound]).trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: ":-–=")))
            switch ContestAudience.read(who) {
            case .some(.some(let audience)): prizes.perAudience[audience] = n
            case .some(.none): prizes.each = n
            case .none: return .failure(.init(message: "Không rõ đối tượng “\(who.prefix(60))” (CBCCVC hoặc người dân)."))
            }
        }
        return .success(prizes)
    }

    public struct ParseError: Error, Sendable, Equatable { public let message: String }

    /// "CBCCVC: 6 giải; Người dân: 6 giải", for the round's page.
    public var description: String {
        var parts = ContestAudience.allCases.compactMap { a in perAudience[a].map { "\(a == .staff ? "CBCCVC" : "Người dân"): \($0) giải" } }
        if let each, each > 0 { parts.append(parts.isEmpty ? "\(each) giải mỗi đối tượng" : "khác: \(each) giải") }
        return parts.isEmpty ? "chưa đặt giải" : parts.joined(separator: "; ")
    }
}
