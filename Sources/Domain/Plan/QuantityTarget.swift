import Foundation

/// A count a task's text promises ("ít nhất 05 chương trình", "tối thiểu 10 tin, bài", "02 hội nghị"): progress on
/// such a task is the number of activities recorded against it (3/5).
public struct QuantityTarget: Equatable, Sendable {
    public var count: Int
    /// What is counted, as written ("chương trình", "tin, bài").
    public var noun: String

    /// Words that say "at least" before the number.
    static let atLeast = ["it nhat", "toi thieu", "khong it hon", "tu"]
    /// Things plans count.
    static let nouns = ["chuong trinh", "tin, bai", "tin bai", "bai viet", "bai", "tin", "hoi nghi", "hoi thi", "cuoc thi", "lop", "buoi",
                        "so", "chuyen muc", "phong su", "pano", "ap phich", "to roi", "ban tin", "doan", "dot", "cuoc", "clip", "video",
                        "san pham", "tieu pham", "phong"]

    /// The first promised count in `text`, when a number is preceded by an "at least" word or followed by a counted noun.
    public static func parse(_ text: String) -> QuantityTarget? {
        let folded = VietnameseText.fold(text)
        let words = folded.split(whereSeparator: { $0 == " " || $0 == "(" || $0 == ")" || $0 == ";" }).map(String.init)
        for (i, word) in words.enumerated() {
            guard let number = Int(word.trimmingCharacters(in: CharacterSet(charactersIn: ".,:"))), (1...9999).contains(number) else { continue }
            let before = words[max(0, i - 3)..<i].joined(separator: " ")
            let after = words[(i + 1)...].prefix(3).joined(separator: " ")
            guard let noun = nouns.first(where: { after.hasPrefix($0 + " ") || after == $0 || after.hasPrefix($0 + ",") }) else {
                continue
            }
            // A year or a date is not a count: "năm 2025", "tháng 5".
            if before.hasSuffix("nam") || before.hasSuffix("thang") || before.hasSuffix("ngay") || before.hasSuffix("quy") { continue }
            let original = text.split(separator: " ").map(String.init)
            let nounWords = noun.split(separator: " ").count
            let shown = original.count > i + nounWords ? original[(i + 1)...(i + nounWords)].joined(separator: " ") : noun
            return QuantityTarget(count: number, noun: shown.trimmingCharacters(in: CharacterSet(charactersIn: ".;:")))
        }
        return nil
    }
}
