import Foundation

/// Personal data in a question or an answer before it is published: phone numbers, e-mail addresses, citizen
/// identity numbers (CCCD, 12 digits; the old CMND, 9 digits) and the asker's name. Found, shown to the approver, and
/// masked in what the public page shows.
public enum PersonalData {
    public enum Kind: String, Sendable, Codable {
        case phone, email, idNumber = "id_number", name

        public var label: String {
            switch self {
            case .phone: return "số điện thoại"
            case .email: return "địa chỉ thư điện tử"
            case .idNumber: return "số CCCD/CMND"
            case .name: return "họ tên người hỏi"
            }
        }
    }

    public struct Finding: Sendable, Equatable {
        public let kind: Kind
        public let text: String
    }

    /// What would be published of `text`, and what was masked. `names`: the asker's name as given (each is looked for
    /// whole, and its last word after a form of address: "ông An", "chị Lan").
    public static func mask(_ text: String, names: [String] = []) -> (text: String, found: [Finding]) {
        var scalars = Array(text.unicodeScalars)
        var found: [Finding] = []
        func replace(_ ranges: [Range<Int>], kind: Kind) {
            for range in ranges.reversed() {
                found.append(Finding(kind: kind, text: String(String.UnicodeScalarView(scalars[range]))))
                scalars.replaceSubrange(range, with: Array(Self.placeholder(kind).unicodeScalars))
            }
        }
        replace(emails(in: scalars), kind: .email)
        replace(numbers(in: scalars).phones, kind: .phone)
        replace(numbers(in: scalars).ids, kind: .idNumber)
        replace(nameRanges(in: scalars, names: names), kind: .name)
        return (String(String.UnicodeScalarView(scalars)), found.reversed())
    }

    public static func placeholder(_ kind: Kind) -> String {
        switch kind {
        case .phone: return "[số điện thoại đã ẩn]"
        case .email: return "[thư điện tử đã ẩn]"
        case .idNumber: return "[số giấy tờ đã ẩn]"
        case .name: return "[người hỏi]"
        }
    }

    // MARK: Finding

    static func isEmailChar(_ s: Unicode.Scalar) -> Bool {
        s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || "._%+-".unicodeScalars.contains(s))
    }

    static func emails(in s: [Unicode.Scalar]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        for (i, c) in s.enumerated() where c == "@" {
            var start = i
            while start > 0, isEmailChar(s[start - 1]) { start -= 1 }
            var end = i + 1
            while end < s.count, isEmailChar(s[end]) && s[end] != "%" && s[end] != "+" { end += 1 }
            // A sentence's full stop after the address is not part of it.
            while end > i + 1, s[end - 1] == "." || s[end - 1] == "-" { end -= 1 }
            let domain = String(String.UnicodeScalarView(s[(i + 1)..<end]))
            guard start < i, domain.contains("."), let last = domain.split(separator: ".").last, last.count >= 2,
                  ranges.last.map({ $0.upperBound <= start }) ?? true else { continue }
            ranges.append(start..<end)
        }
        return ranges
    }

    /// Runs of digits, with the single spaces, dots and dashes offices write inside numbers ("0912 345 678",
    /// "0912.345.678", "+84 912-345-678", "(0299) 3822 123"), read as phones (a leading 0 or +84 and 10 or 11 digits)
    /// or identity numbers (12 or 9 digits). Amounts ("150.000.000 đồng") are groups of three after the first and are not
    /// taken for either unless they are written as one run.
    static func numbers(in s: [Unicode.Scalar]) -> (phones: [Range<Int>], ids: [Range<Int>]) {
        var phones: [Range<Int>] = [], ids: [Range<Int>] = []
        var i = 0
        func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
        while i < s.count {
            let plus = s[i] == "+" && i + 1 < s.count && isDigit(s[i + 1])
            let paren = s[i] == "(" && i + 1 < s.count && isDigit(s[i + 1])
            guard isDigit(s[i]) || plus || paren, i == 0 || !(s[i - 1].properties.isAlphabetic || isDigit(s[i - 1])) else { i += 1; continue }
            var j = plus || paren ? i + 1 : i
            var digits = ""
            var groups: [Int] = []
            var run = 0
            while j < s.count {
                if isDigit(s[j]) {
                    digits.unicodeScalars.append(s[j]); run += 1; j += 1
                } else if [" ", ".", "-", ")"].contains(s[j]), j + 1 < s.count,
                          isDigit(s[j + 1]) || (s[j] == ")" && s[j + 1] == " " && j + 2 < s.count && isDigit(s[j + 2])) {
                    groups.append(run); run = 0
                    j += s[j] == ")" && s[j + 1] == " " ? 2 : 1
                } else { break }
            }
            groups.append(run)
            // Letters straight after the digits ("12ha") make it something else.
            let glued = j < s.count && s[j].properties.isAlphabetic
            let amount = groups.count > 1 && (groups.first ?? 0) <= 3 && groups.dropFirst().allSatisfy { $0 == 3 } && s[i..<j].contains(".")
            let national = plus ? digits.hasPrefix("84") : false
            if !glued {
                if (plus && national && (11...12).contains(digits.count)) || (!plus && digits.hasPrefix("0") && (10...11).contains(digits.count) && !amount) {
                    phones.append(i..<j)
                } else if !plus && (digits.count == 12 || digits.count == 9) && !amount {
                    ids.append(i..<j)
                }
            }
            i = max(j, i + 1)
        }
        return (phones, ids)
    }

    static let addressForms = ["ông", "bà", "anh", "chị", "em", "cô", "chú", "bác", "cháu", "tôi là", "tôi tên là", "tên tôi là", "tên là"]

    /// Folded words, punctuation dropped.
    static func words(_ text: String) -> [String] {
        VietnameseText.fold(text).split { !$0.isLetter }.map(String.init)
    }

    /// A name the writer gives in the text: "tôi tên là Trần Thị Bích", "Tôi là Lê Văn Tám, ngụ ấp 3": the two to four
    /// capitalised words after the phrase.
    static func introductions(in s: [Unicode.Scalar]) -> [Range<Int>] {
        let folded = s.map { VietnameseText.fold(String($0)).unicodeScalars.first ?? $0 }
        let text = String(String.UnicodeScalarView(folded))
        var ranges: [Range<Int>] = []
        for phrase in ["toi ten la ", "ten toi la ", "toi la ", "ho ten: ", "ho va ten: "] {
            var from = text.startIndex
            while let hit = text.range(of: phrase, range: from..<text.endIndex) {
                from = hit.upperBound
                var i = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: hit.upperBound)
                let start = i
                var count = 0
                var end = i
                while i < s.count, count < 4, s[i].properties.isUppercase {
                    while i < s.count, s[i].properties.isAlphabetic { i += 1 }
                    count += 1
                    end = i
                    guard i < s.count, s[i] == " ", i + 1 < s.count else { break }
                    i += 1
                }
                if count >= 2 { ranges.append(start..<end) }
            }
        }
        return ranges
    }

    /// The asker's full name wherever it appears, and its given name (last word) after a form of address; case and
    /// diacritics ignored.
    static func nameRanges(in s: [Unicode.Scalar], names: [String]) -> [Range<Int>] {
        let folded = s.map { VietnameseText.fold(String($0)).unicodeScalars.first ?? $0 }
        let foldedText = String(String.UnicodeScalarView(folded))
        var ranges: [Range<Int>] = []
        func find(_ needle: String, after prefixes: [String]?) {
            let n = Array(VietnameseText.fold(needle).unicodeScalars)
            guard n.count >= 2, n.count <= folded.count else { return }
            var i = 0
            while i + n.count <= folded.count {
                if Array(folded[i..<(i + n.count)]) == n,
                   i == 0 || !folded[i - 1].properties.isAlphabetic,
                   i + n.count == folded.count || !folded[i + n.count].properties.isAlphabetic {
                    let before = words(String(foldedText.unicodeScalars.prefix(i)))
                    if prefixes.map({ $0.contains { before.suffix(words($0).count) == words($0)[...] } }) ?? true {
                        ranges.append(i..<(i + n.count))
                    }
                    i += n.count
                } else { i += 1 }
            }
        }
        for name in names.map(VietnameseText.clean).filter({ !$0.isEmpty }) {
            find(name, after: nil)
            let words = name.split(separator: " ")
            if words.count > 1, let given = words.last { find(String(given), after: addressForms) }
        }
        ranges += introductions(in: s)
        // Longest first where two overlap; then in order.
        var kept: [Range<Int>] = []
        for r in ranges.sorted(by: { $0.count > $1.count }) where !kept.contains(where: { $0.overlaps(r) }) { kept.append(r) }
        return kept.sorted { $0.lowerBound < $1.lowerBound }
    }
}
