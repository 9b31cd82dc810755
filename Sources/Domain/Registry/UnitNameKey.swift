import Foundation

/// The comparable form of a unit name as plans write it: folded (no case, no diacritics), punctuation as
/// spaces, the long forms of the usual abbreviations shortened ("Ủy ban nhân dân" → "ubnd", "Hội đồng nhân dân"
/// → "hdnd", "Trung tâm Văn hóa – Thể thao – Truyền thanh" → "trung tam van hoa the thao truyen thanh"), and a
/// leading "các" dropped. Two spellings of one name get the same key.
public enum UnitNameKey {
    static let phrases: [(String, String)] = [
        ("uy ban nhan dan", "ubnd"), ("hoi dong nhan dan", "hdnd"), ("mat tran to quoc viet nam", "mttq"),
        ("mat tran to quoc", "mttq"), ("thanh nien cong san", "tncs"), ("doan tncs ho chi minh", "doan tncs hcm"),
        ("ho chi minh", "hcm"), ("bao hiem xa hoi", "bhxh"), ("phat thanh - truyen hinh", "pt-th"),
        ("phat thanh va truyen hinh", "pt-th"), ("phat thanh truyen hinh", "pt-th"),
    ]

    public static func of(_ name: String) -> String {
        var text = VietnameseText.fold(name)
        text = String(text.map { c -> Character in
            c.isLetter || c.isNumber ? c : " "
        })
        text = " " + text.split(separator: " ").joined(separator: " ") + " "
        for (long, short) in phrases {
            let longKey = " " + long.map { $0.isLetter || $0.isNumber ? String($0) : " " }.joined()
                .split(separator: " ").joined(separator: " ") + " "
            let shortKey = " " + short.map { $0.isLetter || $0.isNumber ? String($0) : " " }.joined()
                .split(separator: " ").joined(separator: " ") + " "
            text = text.replacingOccurrences(of: longKey, with: shortKey)
        }
        var words = text.split(separator: " ").map(String.init)
        if words.first == "cac", words.count > 1 { words.removeFirst() }
        return words.joined(separator: " ")
    }

    /// The key of each distinct spelling among `names` (a plan repeats the same names many times).
    public static func keys<S: Sequence>(of names: S) -> [String: String] where S.Element == String {
        var keys: [String: String] = [:]
        for name in Set(names) { keys[name] = of(name) }
        return keys
    }

    /// How alike two keys are, 0…1: the Dice coefficient of their word sets, so word order and one extra
    /// or missing word cost little ("phong van hoa thong tin" ~ "phong van hoa va thong tin huyen").
    public static func similarity(_ a: String, _ b: String) -> Double {
        let stop: Set<String> = ["va", "cua", "tai", "tren"]
        let x = Set(a.split(separator: " ").map(String.init)).subtracting(stop)
        let y = Set(b.split(separator: " ").map(String.init)).subtracting(stop)
        guard !x.isEmpty, !y.isEmpty else { return 0 }
        return 2 * Double(x.intersection(y).count) / Double(x.count + y.count)
    }
}
