import Foundation

/// Vietnamese text helpers: NFC storage form and a folded search key that ignores case and diacritics.
public enum VietnameseText {
    /// Canonical stored form: NFC, inner whitespace collapsed, trimmed.
    public static func clean(_ text: String) -> String {
        collapseWhitespace(isSurelyNFC(text) ? text : text.precomposedStringWithCanonicalMapping)
    }

    /// `clean` line by line: keeps the line breaks a text was written with (a task's content in two paragraphs).
    public static func cleanLines(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { clean(String($0)) }.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    /// "23/KH-UBND" → "23-kh-ubnd": a piece of a file name, without diacritics or separators.
    public static func slug(_ text: String) -> String {
        fold(text).map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
    }

    /// Search key: lowercase, no diacritics, "đ" → "d", whitespace collapsed. "Phòng Nội vụ" → "phong noi vu".
    public static func fold(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if isSpace(scalar) {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            if v < 0x80 {
                out.append(v >= 0x41 && v <= 0x5A ? UInt8(v + 0x20) : UInt8(v))
            } else if v >= 0x0300 && v <= 0x036F {
                continue // combining marks (text that was not NFC)
            } else if let folded = foldedScalar(v) {
                UTF8.encode(folded) { out.append($0) }
            } else {
                for folded in String(scalar).decomposedStringWithCanonicalMapping.lowercased().unicodeScalars
                where !(0x0300...0x036F).contains(folded.value) {
                    UTF8.encode(folded) { out.append($0) }
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The folded form of a Latin or punctuation scalar when it is a single scalar, from tables built once.
    static func foldedScalar(_ v: UInt32) -> Unicode.Scalar? {
        let folded: UInt32
        switch v {
        case 0..<0x0250: folded = latinFold[Int(v)]
        case 0x1E00..<0x1F00: folded = extendedFold[Int(v - 0x1E00)]
        case 0x2010..<0x2070: folded = v // dashes, quotes, ellipsis: unchanged
        default: return nil
        }
        return folded == 0 ? nil : Unicode.Scalar(folded)
    }

    static let latinFold = foldTable(0..<0x0250)
    static let extendedFold = foldTable(0x1E00..<0x1F00)

    /// For each scalar: lowercase, decomposed, marks dropped, "đ" → "d"; 0 when that is not one scalar.
    static func foldTable(_ range: Range<UInt32>) -> [UInt32] {
        range.map { v in
            if v == 0x0110 || v == 0x0111 { return 0x64 }
            guard let scalar = Unicode.Scalar(v) else { return 0 }
            let kept = String(scalar).decomposedStringWithCanonicalMapping.lowercased().unicodeScalars
                .filter { !(0x0300...0x036F).contains($0.value) }
            return kept.count == 1 ? kept[kept.startIndex].value : 0
        }
    }

    /// True when the text cannot change under NFC: no combining marks and no singleton decompositions,
    /// only ASCII, Latin letters (precomposed) and common punctuation — the usual Vietnamese document text.
    static func isSurelyNFC(_ text: String) -> Bool {
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x0300 || (v >= 0x1E00 && v <= 0x1EFF) || (v >= 0x2010 && v <= 0x206F) { continue }
            return false
        }
        return true
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09...0x0D: return true
        // The rest of Unicode's White_Space property, spelled out: the property lookup is slow.
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    public static func collapseWhitespace(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isSpace(scalar) {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(0x20) }
                pendingSpace = false
                UTF8.encode(scalar) { out.append($0) }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
